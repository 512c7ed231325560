"""Turning Python values into the JSON text the C API reads (tool arguments, constraint sets).

Only type checking happens here; what the values mean is decided by the library. Ints stay
ints and floats stay floats (``50`` and ``50.0`` are different PoP inputs), bools stay bools,
ints beyond 64 bits are written as JSON integers (the library turns them into floats, as the
reference does), NaN and ±Infinity are written as the JSON tokens the library accepts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, Optional

from . import exceptions as _exc

#: Deeper nesting than this is refused before reaching the library (which has its own limit).
MAX_NESTING = 128


def _check_text(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _exc.ValidationError(
            f"{where} contains text that is not valid Unicode (a lone surrogate)"
        ) from None


def check_value(value: Any, where: str, depth: int = 0) -> None:
    """Raise TypeError (ArgumentTypeError) / ValueError for values the C API cannot take."""
    if depth > MAX_NESTING:
        raise _exc.ValidationError(f"{where} is nested more than {MAX_NESTING} levels deep")
    if value is None or isinstance(value, (bool, int)):
        return
    if isinstance(value, float):
        return
    if isinstance(value, str):
        _check_text(value, where)
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_value(item, f"{where}[{index}]", depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise _exc.ArgumentTypeError(
                    f"{where} has a key of type {type(key).__name__}; keys must be str"
                )
            _check_text(key, f"{where} key")
            check_value(item, f"{where}[{key!r}]", depth + 1)
        return
    raise _exc.ArgumentTypeError(
        f"{where} has unsupported type {type(value).__name__}: use str, int, float, bool, "
        "None, list or dict"
    )


def _plain(value: Any) -> Any:
    """Copy into plain JSON types (so subclasses with odd __repr__/__str__ serialise as values)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    raise _exc.ArgumentTypeError(f"unsupported type {type(value).__name__}")  # pragma: no cover


def dumps(value: Any) -> str:
    """Compact JSON with NaN/Infinity tokens allowed and non-ASCII kept as UTF-8."""
    return json.dumps(_plain(value), ensure_ascii=False, allow_nan=True, separators=(",", ":"))


#: Value types a flat argument dict may hold for the fast path of :func:`args_bytes`.
_FLAT = frozenset({str, int, float, bool, type(None)})
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=True, separators=(",", ":")).encode
# The C encoder behind JSONEncoder, made once (JSONEncoder.encode builds one per call): the same
# compact text for a flat dict, without circular-reference markers (flat values cannot cycle).
from json.encoder import encode_basestring as _basestring  # the encoder's own; non-ASCII kept

try:
    from json.encoder import c_make_encoder as _c_make_encoder

    _flat_encode: Any = _c_make_encoder(None, None, _basestring, None, ":", ",", False, False,
                                        True) if _c_make_encoder is not None else None
except (ImportError, TypeError):  # pragma: no cover - an interpreter without the C encoder
    _flat_encode = None


def encode_json(value: Any) -> str:
    """Compact JSON of plain JSON data already checked (raises TypeError/ValueError else);
    the text must still encode as UTF-8 (a lone surrogate raises UnicodeError)."""
    text: str = _encode(value)
    text.encode("utf-8")
    return text


def args_bytes(args: Any) -> bytes:
    """UTF-8 JSON object of a tool-argument mapping, for the C API (``b""`` means none).

    A plain dict of ``str`` keys to ``str``/``int``/``float``/``bool``/``None`` is encoded
    directly (no copy, no recursive checks); anything else goes through :func:`args_json`.
    """
    if args is None:
        return b""
    if type(args) is dict:
        if len(args) == 1:
            # The common call, one str argument: its text made here (the flat encoder's
            # chunk iterator costs more than the object itself).
            for key in args:  # the one key (cheaper than unpacking args.items())
                value = args[key]
            if type(key) is str and type(value) is str:
                try:
                    return f"{{{_basestring(key)}:{_basestring(value)}}}".encode()  # UTF-8
                except UnicodeEncodeError:
                    return args_json(args).encode("utf-8")  # names the lone surrogate
        for key, value in args.items():
            if type(key) is not str or type(value) not in _FLAT:
                break
        else:
            try:
                if _flat_encode is not None:
                    return "".join(_flat_encode(args, 0)).encode("utf-8")
                return _encode(args).encode("utf-8")
            except UnicodeEncodeError:
                pass  # a lone surrogate: args_json names the argument
    return args_json(args).encode("utf-8")


def args_json(args: Optional[Mapping[str, Any]], what: str = "args") -> str:
    """JSON object text for a tool-argument mapping (``None`` means no arguments)."""
    if args is None:
        return "{}"
    if not isinstance(args, Mapping):
        raise _exc.ArgumentTypeError(
            f"{what} must be a dict of argument name to value, not {type(args).__name__}"
        )
    check_value(args, what)
    return dumps(args)


def is_finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and (
        not isinstance(value, float) or math.isfinite(value)
    )
