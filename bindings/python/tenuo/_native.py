"""The one ctypes module of the package: loads ``libtenuo.so``, declares every C function once,
turns status codes into exceptions and owns the memory rules of the C API.

Nothing above this module touches ctypes. The classes in ``keys``, ``warrant`` and friends call the
small helpers defined here (``call_handle``, ``call_string``, ``call_bytes``, ``Handle`` ...).

Loading order (first that exists wins; ``TENUO_LIBRARY``, when set, is the only one tried):

1. the ``TENUO_LIBRARY`` environment variable (a path to the shared library),
2. ``tenuo/_lib/libtenuo.so`` inside the installed package (what a wheel ships),
3. the repository's release build: ``<repo>/build/lib/libtenuo.so``, then
   ``<repo>/.build/release/libtenuo.so`` (only when the package runs from a source checkout),
4. the system loader: ``libtenuo.so.0``.
"""

from __future__ import annotations

import ctypes
import math
import os
import weakref
from time import time as _clock
from ctypes import (
    POINTER,
    byref,
    c_bool,
    c_char_p,
    c_double,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from . import _abi
from . import exceptions as _exc

# --------------------------------------------------------------------------------------------
# ABI expectations
# --------------------------------------------------------------------------------------------

#: ABI generation this binding was generated against (``tenuo_abi_version()``).
EXPECTED_ABI_VERSION = _abi.TENUO_ABI_VERSION
#: Library major version this binding accepts (``tenuo_version_number() // 10000``).
EXPECTED_MAJOR = _abi.TENUO_VERSION_MAJOR

BUILD_HINT = (
    "Build the release library from the repository root with `make lib` (or "
    "`swift build -c release --product tenuo -Xswiftc -static-stdlib`), then either "
    "`pip install ./bindings/python` or point TENUO_LIBRARY at the built libtenuo.so."
)

# --------------------------------------------------------------------------------------------
# The ABI: prototypes, handle types and constants come from the generated module ``_abi``
# (scripts/gen_header.py writes it from the same parse as include/tenuo.h).
# --------------------------------------------------------------------------------------------

SigningKeyP = _abi.SigningKeyP
PublicKeyP = _abi.PublicKeyP
WarrantP = _abi.WarrantP
ChainP = _abi.ChainP
ArgsP = _abi.ArgsP
MintBuilderP = _abi.MintBuilderP
GrantBuilderP = _abi.GrantBuilderP
AuthorizerP = _abi.AuthorizerP
DenialP = _abi.DenialP
ConstraintP = _abi.ConstraintP
ApprovalP = _abi.ApprovalP
SrlP = _abi.SrlP
SrlBuilderP = _abi.SrlBuilderP
RevocationRequestP = _abi.RevocationRequestP

FORMAT_HEX = _abi.TENUO_FORMAT_HEX
FORMAT_BASE64 = _abi.TENUO_FORMAT_BASE64
FORMAT_PEM = _abi.TENUO_FORMAT_PEM
WARRANT_EXECUTION = _abi.TENUO_WARRANT_EXECUTION
WARRANT_ISSUER = _abi.TENUO_WARRANT_ISSUER
POP_ID_HEX = _abi.TENUO_POP_ID_HEX
POP_ID_PREFIXED = _abi.TENUO_POP_ID_PREFIXED
DEFAULT_CLOCK_TOLERANCE = _abi.TENUO_DEFAULT_CLOCK_TOLERANCE
POP_WINDOW_SECONDS = _abi.TENUO_POP_WINDOW_SECONDS
POP_DEFAULT_MAX_WINDOWS = _abi.TENUO_POP_DEFAULT_MAX_WINDOWS

#: Functions whose nonzero status is a decision or an answer, or whose failure the binding maps
#: with more context: the binding reads the status itself (every other function returning a
#: status raises on nonzero).
_DECIDING = frozenset({
    "tenuo_warrant_sign_call",
    "tenuo_warrant_sign_call_z",
    "tenuo_public_key_verify_raw",
    "tenuo_warrant_verify_pop",
    "tenuo_warrant_check",
    "tenuo_authorizer_check",
    "tenuo_authorizer_check_chain",
    "tenuo_authorizer_check_with_approvals",
    "tenuo_authorizer_check_chain_with_approvals",
    "tenuo_authorizer_check_warrants",
    "tenuo_constraint_matches",
    "tenuo_denial_code",
    # the binding maps "issuer is not a trusted root" to ConfigurationError itself
    "tenuo_authorizer_set_revocation_list",
    # unregistering an unknown id is an answer (False), not an error
    "tenuo_audit_sink_unregister",
})


#: Every C function name the binding declares (the header's function list).
FUNCTION_NAMES: Tuple[str, ...] = tuple(_abi.PROTOTYPES)

# --------------------------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------------------------

_PACKAGE_DIR = Path(__file__).resolve().parent
_LIB_NAME = "libtenuo.so"
_SONAME = "libtenuo.so.0"


def _repo_root() -> Optional[Path]:
    """The repository root when the package runs from a source checkout, else None."""
    # <repo>/bindings/python/tenuo/_native.py
    try:
        candidate = _PACKAGE_DIR.parents[2]
    except IndexError:
        return None
    if (candidate / "Package.swift").is_file() and (candidate / "bindings").is_dir():
        return candidate
    return None


def candidate_paths() -> List[str]:
    """The library locations tried, in order (see the module docstring)."""
    env = os.environ.get("TENUO_LIBRARY")
    if env:
        return [env]
    paths = [str(_PACKAGE_DIR / "_lib" / _LIB_NAME)]
    root = _repo_root()
    if root is not None:
        paths.append(str(root / "build" / "lib" / _LIB_NAME))
        paths.append(str(root / ".build" / "release" / _LIB_NAME))
    paths.append(_SONAME)
    return paths


def _load() -> Tuple[ctypes.CDLL, str]:
    tried: List[str] = []
    env = os.environ.get("TENUO_LIBRARY")
    for path in candidate_paths():
        is_system = path == _SONAME and not env
        if not is_system:
            absolute = os.path.abspath(path)
            if not os.path.isfile(absolute):
                tried.append(f"{absolute} (not found)")
                continue
            target = absolute
        else:
            target = path
        try:
            return ctypes.CDLL(target), target
        except OSError as err:
            label = f"system loader: {path}" if is_system else target
            tried.append(f"{label} ({err})")
    origin = " (from TENUO_LIBRARY; unset it to use the default search)" if env else ""
    raise ImportError(
        "tenuo: could not load libtenuo.so" + origin + ". Tried:\n  - "
        + "\n  - ".join(tried)
        + "\n"
        + BUILD_HINT
    )


class _MissingFunction:
    """Stands in for a symbol the loaded library lacks (only with TENUO_ALLOW_PARTIAL_ABI=1)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any) -> Any:
        raise _exc.FeatureNotEnabled(
            f"the loaded libtenuo.so has no {self.name}(); rebuild the library from a newer "
            "checkout (`make lib`)"
        )


def _declare(lib: ctypes.CDLL, path: str) -> None:
    missing: List[str] = []
    allow_partial = os.environ.get("TENUO_ALLOW_PARTIAL_ABI") == "1"
    for name, (argtypes, restype) in _abi.PROTOTYPES.items():
        checked = name in _abi.RETURNS_STATUS and name not in _DECIDING
        try:
            fn = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            if allow_partial:
                setattr(lib, name, _MissingFunction(name))
            continue
        fn.argtypes = argtypes
        fn.restype = restype
        if checked:
            fn.errcheck = _errcheck
    if missing and not allow_partial:
        if "tenuo_abi_version" in missing or "tenuo_version_number" in missing:
            raise ImportError(
                f"tenuo: {path} is not libtenuo (it has no tenuo_abi_version/"
                f"tenuo_version_number). {BUILD_HINT}"
            )
        _check_version(lib, path)  # a different ABI explains missing functions best
        raw = lib.tenuo_version_string()
        shown = raw.decode("utf-8", "replace") if raw else "?"
        raise ImportError(
            f"tenuo: {path} (libtenuo {shown}, ABI {lib.tenuo_abi_version()}) lacks "
            f"{len(missing)} function(s) this binding needs "
            f"({', '.join(missing[:8])}{', ...' if len(missing) > 8 else ''}). The library is "
            "older or newer than the Python package: rebuild it from the same checkout "
            "(`make lib`) or install matching versions."
        )


def unchecked_function(name: str) -> Callable[..., Any]:
    """A second ctypes object for ``name`` with the same prototype but without the errcheck
    hook, for hot paths that test the returned status inline (one Python call less per call;
    the caller must pass a nonzero status to ``raise_status``)."""
    try:
        fn = lib[name]
    except AttributeError:  # a partial ABI (TENUO_ALLOW_PARTIAL_ABI=1): the stub raises
        return getattr(lib, name)
    fn.argtypes, fn.restype = _abi.PROTOTYPES[name]
    return fn


def _check_version(lib: ctypes.CDLL, path: str) -> None:
    abi = lib.tenuo_abi_version()
    number = lib.tenuo_version_number()
    major = number // 10000
    if abi != EXPECTED_ABI_VERSION or major != EXPECTED_MAJOR:
        raw = lib.tenuo_version_string()
        shown = raw.decode("utf-8", "replace") if raw else str(number)
        raise ImportError(
            f"tenuo: {path} is libtenuo {shown} (ABI {abi}); this package needs ABI "
            f"{EXPECTED_ABI_VERSION}, major version {EXPECTED_MAJOR}. Rebuild the library "
            "from the same checkout as the Python package (`make lib`)."
        )


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def last_error_message() -> str:
    """The thread-local message of the last failing call on this thread ('' if none)."""
    raw = lib.tenuo_last_error_message()
    return raw.decode("utf-8", "replace") if raw else ""


def status_name(status: int) -> str:
    """The upper-snake name of a status code (the generated table; "UNKNOWN" otherwise)."""
    return _abi.STATUS_NAMES.get(status, "UNKNOWN")


def last_error_kind() -> Optional[str]:
    """The finer kind of this thread's last error (e.g. ``"PatternExpanded"``), or None."""
    raw = lib.tenuo_last_error_kind()
    return raw.decode("ascii", "replace") if raw else None


def raise_status(status: int, context: str = "") -> None:
    """Raise the SDK exception for a nonzero status: the class from the status code and the
    library's kind name for it; the text is the library's message."""
    message = last_error_message() or status_name(status)
    if context:
        message = f"{context}: {message}"
    raise _exc.from_status(int(status), message, status_name=status_name(status),
                           kind=last_error_kind() if status >= 1000 else None)


def _errcheck(result: int, func: Any, arguments: Tuple[Any, ...]) -> int:
    if result != 0:
        raise_status(result)
    return result


# --------------------------------------------------------------------------------------------
# Conversions (validate in Python before anything reaches C)
# --------------------------------------------------------------------------------------------


def text_arg(value: Any, what: str) -> bytes:
    """UTF-8 bytes of a ``str`` argument; TypeError/ValueError for anything else."""
    if not isinstance(value, str):
        raise _exc.ArgumentTypeError(f"{what} must be a str, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise _exc.ValidationError(f"{what} is not valid Unicode text ({err.reason})") from None


def bytes_arg(value: Any, what: str) -> bytes:
    """``bytes`` of a bytes-like argument (bytes, bytearray, memoryview)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise _exc.ArgumentTypeError(
        f"{what} must be bytes-like (bytes, bytearray, memoryview), not {type(value).__name__}"
    )


_U64_MAX = (1 << 64) - 1
_I64_MAX = (1 << 63) - 1


def time_arg(value: Any, what: str = "now") -> int:
    """Unix seconds: ``None`` means the clock; ints and finite floats are accepted."""
    if value is None:
        return int(_clock())
    if type(value) is int and 0 <= value <= _I64_MAX:
        return value
    if isinstance(value, bool):
        raise _exc.ArgumentTypeError(f"{what} must be Unix seconds, not a bool")
    if not isinstance(value, (int, float)):
        value = _as_index(value, f"{what} must be Unix seconds as int (or float)")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _exc.ValidationError(f"{what} must be a finite number of seconds")
        value = math.floor(value)
    if value < 0 or value > _I64_MAX:
        raise _exc.ValidationError(f"{what} must be between 0 and 2**63-1, got {value}")
    return int(value)


def _as_index(value: Any, message: str) -> int:
    """Integers of other libraries (numpy.int64, ...) through ``__index__``; else TypeError."""
    import operator

    try:
        return operator.index(value)
    except TypeError:
        raise _exc.ArgumentTypeError(f"{message}, not {type(value).__name__}") from None


def uint_arg(value: Any, what: str, maximum: int) -> int:
    if isinstance(value, bool):
        raise _exc.ArgumentTypeError(f"{what} must be an int, not a bool")
    if not isinstance(value, int):
        value = _as_index(value, f"{what} must be an int")
    if value < 0 or value > maximum:
        raise _exc.ValidationError(f"{what} must be between 0 and {maximum}, got {value}")
    return int(value)


U32_MAX = (1 << 32) - 1
U64_MAX = _U64_MAX

# --------------------------------------------------------------------------------------------
# Calling helpers
# --------------------------------------------------------------------------------------------


def take_string(ptr: c_void_p) -> str:
    """Copy a library-allocated string and free it."""
    if not ptr.value:
        return ""
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib.tenuo_string_free(ptr)


def take_bytes(ptr: c_void_p, length: c_size_t) -> bytes:
    """Copy a library-allocated buffer and free it."""
    if not ptr.value:
        return b""
    try:
        return ctypes.string_at(ptr.value, length.value)
    finally:
        lib.tenuo_bytes_free(ptr, length)


def call_string(fn: Callable[..., int], *args: Any) -> str:
    out = c_void_p()
    fn(*args, byref(out))
    return take_string(out)


def call_bytes(fn: Callable[..., int], *args: Any) -> bytes:
    out = c_void_p()
    length = c_size_t()
    fn(*args, byref(out), byref(length))
    return take_bytes(out, length)


def call_handle(fn: Callable[..., int], ptr_type: Any, *args: Any) -> Any:
    out = ptr_type()
    fn(*args, byref(out))
    if not out:
        raise _exc.RuntimeError(f"{fn.__name__} succeeded without returning a handle")
    return out


H = TypeVar("H")


def call_fixed(fn: Callable[..., int], size: int, *args: Any) -> bytes:
    """Call a function that fills a caller buffer of ``size`` bytes (after ``args``)."""
    buf = ctypes.create_string_buffer(size)
    fn(*args, buf, size)
    return buf.raw


def borrowed_text(raw: Optional[bytes]) -> Optional[str]:
    return raw.decode("utf-8", "replace") if raw is not None else None


# --------------------------------------------------------------------------------------------
# Owned handles
# --------------------------------------------------------------------------------------------


def _free_quietly(free_fn: Callable[[Any], None], ptr: Any) -> None:
    # Runs from close(), a finalizer or interpreter exit; never raise from here.
    try:
        free_fn(ptr)
    except Exception:  # pragma: no cover - defensive
        pass


class Handle:
    """Owns one library handle: freed exactly once by ``close()``, ``with`` or the finalizer."""

    _free_name: str = ""
    _kind: str = "object"

    def _adopt(self, ptr: Any) -> None:
        if not ptr:
            raise _exc.RuntimeError(f"tenuo: NULL {self._kind} handle")
        self._ptr = ptr
        # ``_handle`` is a plain instance attribute while the handle is open (a dict read on the
        # hot paths, no property call); once closed, or never opened, reading it reaches
        # __getattr__, which raises ClosedHandleError.
        self._handle = ptr
        self._finalizer = weakref.finalize(self, _free_quietly, getattr(lib, self._free_name), ptr)

    def __getattr__(self, name: str) -> Any:
        if name == "_handle":
            raise _exc.ClosedHandleError(f"this {self._kind} is closed (or was never opened)")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def closed(self) -> bool:
        return getattr(self, "_ptr", None) is None

    def close(self) -> None:
        """Free the native handle now. Idempotent; the object is unusable afterwards."""
        finalizer = getattr(self, "_finalizer", None)
        self._ptr = None
        self.__dict__.pop("_handle", None)
        if finalizer is not None:
            finalizer()

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Owned:
    """A short-lived handle freed at the end of a ``with`` block (args, builders, denials)."""

    def __init__(self, ptr: Any, free_name: str) -> None:
        self.ptr = ptr
        self._free = getattr(lib, free_name)

    def __enter__(self) -> Any:
        return self.ptr

    def __exit__(self, *exc: Any) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr:
            self._free(ptr)


def args_handle(json_text: str) -> _Owned:
    """A ``tenuo_args`` built from a JSON object text, freed when the ``with`` block ends."""
    data = json_text.encode("utf-8")
    ptr = call_handle(lib.tenuo_args_from_json, ArgsP, data, len(data))
    return _Owned(ptr, "tenuo_args_free")


def owned(ptr: Any, free_name: str) -> _Owned:
    return _Owned(ptr, free_name)


def handle_array(ptr_type: Any, handles: List[Any]) -> Tuple[Any, int, Any]:
    """``(pointer, count, keep-alive)`` for a C array of borrowed handles of ``ptr_type``
    (NULL and 0 when empty); hold the keep-alive until the call returns."""
    if not handles:
        return None, 0, None
    arr = (ptr_type * len(handles))(*handles)
    return ctypes.cast(arr, ctypes.POINTER(ptr_type)), len(handles), arr


def warrant_array(handles: List[Any]) -> Any:
    """A C array of warrant handles (``tenuo_warrant **``) for the deciding calls; the caller
    keeps it (and the warrants) alive while it is used."""
    return (WarrantP * len(handles))(*handles)


def denial_to_dict(denial: Any) -> Dict[str, Any]:
    import json

    data: Dict[str, Any] = json.loads(call_string(lib.tenuo_denial_to_json, denial))
    return data


def constraint_handle(json_text: str) -> _Owned:
    """A ``tenuo_constraint`` from its JSON form, freed when the ``with`` block ends."""
    data = json_text.encode("utf-8")
    ptr = call_handle(lib.tenuo_constraint_from_json, ConstraintP, data, len(data))
    return _Owned(ptr, "tenuo_constraint_free")


def constraint_check(json_text: str) -> None:
    """Raise unless the library can build a constraint from this JSON form."""
    data = json_text.encode("utf-8")
    out = ConstraintP()
    lib.tenuo_constraint_from_json(data, len(data), byref(out))
    lib.tenuo_constraint_free(out)


def constraint_json(handle: Any) -> Dict[str, Any]:
    """The JSON form the library holds for a constraint handle (normalised as constructed)."""
    import json

    data = json.loads(call_string(lib.tenuo_constraint_to_json, handle))
    if not isinstance(data, dict):
        raise _exc.RuntimeError("tenuo_constraint_to_json did not return an object")
    return data


def constraint_matches(constraint_json: str, value_json: str) -> bool:
    """Whether a value satisfies a constraint (both given as JSON text)."""
    value = value_json.encode("utf-8")
    with constraint_handle(constraint_json) as c:
        status = int(lib.tenuo_constraint_matches(c, value, len(value)))
    if status == 0:
        return True
    if status == _exc.ErrorCode.CONSTRAINT_VIOLATION:
        return False
    raise_status(status)
    return False  # pragma: no cover


def constraint_check_attenuation(parent_json: str, child_json: str) -> None:
    """Raise the SDK's MonotonicityError subclass unless child narrows parent."""
    with constraint_handle(parent_json) as parent, constraint_handle(child_json) as child:
        lib.tenuo_constraint_check_attenuation(parent, child)


def decision(fn: Callable[..., int], *args: Any) -> Tuple[int, Optional[Dict[str, Any]], str]:
    """Call a deciding function (last parameter ``tenuo_denial **``).

    Returns ``(status, denial as dict or None, error message)``; the denial is freed here.
    """
    denial = DenialP()
    status = int(fn(*args, byref(denial)))
    message = last_error_message() if status else ""
    info: Optional[Dict[str, Any]] = None
    try:
        if status and denial:
            info = denial_to_dict(denial)
    finally:
        if denial:
            lib.tenuo_denial_free(denial)
    return status, info, message


# The hot calls (authorize, PoP sign) go through copies of their function pointers without
# argtypes: ctypes then converts each argument in C (ConvParam) instead of calling one Python
# ``from_param`` per parameter, which cost more than the library's own work on a denial. Every
# argument is therefore passed already in its exact C type: handles and byref() as pointers,
# bytes or None as pointers, and every integer as a c_size_t/c_uint64/c_int64/c_int32 instance
# (never a bare int, which ctypes would pass as a 32-bit C int). The checked prototypes in
# ``lib`` stay as they are for every other use.
_SIZES = tuple(c_size_t(i) for i in range(1024))  # shared read-only: passed by value


def _fast(name: str, restype: Any) -> Any:
    fn = lib._FuncPtr((name, lib))
    fn.restype = restype
    return fn


def raw_function(name: str, restype: Any = c_int32) -> Any:
    """A ctypes object for ``name`` without argtypes or errcheck, for the hot paths (see the
    note above ``_SIZES``): the caller passes every argument in its exact C type (``size_arg``
    for lengths, ``c_uint64(...)``, handles, bytes or None) and checks the status itself."""
    if name not in _abi.PROTOTYPES:
        raise KeyError(name)
    try:
        return _fast(name, restype)
    except AttributeError:  # a partial ABI (TENUO_ALLOW_PARTIAL_ABI=1): the stub raises
        return getattr(lib, name)


# GIL-keeping functions. A function object of a ``ctypes.CDLL`` releases the GIL before the
# foreign call and takes it back after (PyEval_SaveThread/RestoreThread: ~30-60 ns, about 400
# instructions per call measured with callgrind), which is what lets two threads authorize in
# parallel. For the few
# calls below that is pure overhead: they take well under a microsecond (a builder setter, a
# builder reset, a handle free), so a second thread gains nothing from the GIL being free during
# them. Their function objects come from ``_keep_lib``, a ``ctypes.PyDLL`` over the same loaded
# library (the same dlopen handle, no second load), whose calls keep the GIL. The calls that do
# real work (mint, sign, parse, authorize/check_chain/decide, chain/SRL/approval building) stay
# on ``lib``/``raw_function`` and keep releasing it.
#
# Why holding the GIL through these calls cannot deadlock. A thread that holds the GIL and waits
# in native code for a lock deadlocks only if that lock's holder needs the GIL to let go of it.
# Native code needs the GIL in exactly one place: an audit sink registered from Python (a
# CFUNCTYPE callback, which takes the GIL), called by the authorizer after a decision. These
# calls take only: a shard mutex of the handle registry (borrow/release in Sources/Tenuo/
# Support.swift: a hash lookup, at most a table growth, never a call out), malloc's own locks,
# and, for a free that drops the last reference of a warrant, nothing more than deallocation.
# None of these is held while an audit sink runs: AuditSinks.emit copies the sink list under its
# lock and calls the sinks after releasing it, the registry lock is released before `borrow`
# returns, and a borrowed handle is kept alive by a reference count, not a lock. So every lock
# these calls can wait for is held only for a bounded, short stretch of native code that never
# calls Python. (tenuo_audit_sink_unregister does wait, for deliveries in flight, and therefore
# must keep releasing the GIL: it is not, and must not be, in this set.) These calls never block
# on I/O, never sleep and never call back, so keeping the GIL only costs other Python threads
# the call's own (sub-microsecond) duration.
#: The only functions ``gil_keeping_function`` makes (tests check the set).
GIL_KEEPING = frozenset({
    "tenuo_mint_builder_set_tool_constraint",
    "tenuo_mint_builder_set_holder",
    "tenuo_mint_builder_set_ttl",
    "tenuo_mint_builder_reset",
    "tenuo_mint_builder_free",
    "tenuo_warrant_free",
    "tenuo_constraint_free",
})


def gil_keeping_function(name: str, restype: Any = c_int32) -> Any:
    """``raw_function(name, restype)``, but a call keeps the GIL (see the note above
    ``GIL_KEEPING``); only for the names in ``GIL_KEEPING`` (KeyError otherwise). The caller
    passes every argument in its exact C type and checks the status itself."""
    if name not in GIL_KEEPING or name not in _abi.PROTOTYPES:
        raise KeyError(name)
    try:
        fn = _keep_lib._FuncPtr((name, _keep_lib))
    except AttributeError:  # a partial ABI (TENUO_ALLOW_PARTIAL_ABI=1): the stub raises
        return getattr(lib, name)
    fn.restype = restype
    return fn


def size_arg(n: int) -> Any:
    """``n`` as a ``size_t`` argument for a ``raw_function`` (shared instances below 1024)."""
    return _SIZES[n] if 0 <= n < 1024 else c_size_t(n)


C_TRUE, C_FALSE = c_bool(True), c_bool(False)


def check_warrants(core: Any, warrants: List[Any], tool_b: bytes, args_b: bytes,
                   sig: Optional[bytes], apps: Any, n_apps: int, when: int
                   ) -> Optional[bytes]:
    """One ``tenuo_authorizer_check_warrants`` call: None when allowed, else the refusal in
    ``decide``'s record form (see ``_decision_record``), copied out of the library's per-thread
    slot right here, on the calling thread.

    ``tool_b``/``args_b`` are bytes, ``sig`` bytes or None, ``when`` an int in 0..2**63-1."""
    out = c_char_p()
    n = len(warrants)
    sizes = _SIZES
    lt, la = len(tool_b), len(args_b)
    status = _check_warrants_fast(
        core, warrants[0]._ref if n == 1 else
        (WarrantP * n)(*[w._handle for w in warrants]), sizes[n] if n < 1024 else c_size_t(n),
        tool_b, sizes[lt] if lt < 1024 else c_size_t(lt),
        args_b, sizes[la] if la < 1024 else c_size_t(la),
        sig, sizes[len(sig)] if sig is not None and len(sig) < 1024 else
        (c_size_t(len(sig)) if sig is not None else sizes[0]),
        apps, sizes[n_apps] if n_apps < 1024 else c_size_t(n_apps), c_uint64(when), byref(out))
    return _decision_record(status, out.value)


def _decision_record(status: int, denial: Optional[bytes]) -> Optional[bytes]:
    """The outcome of ``tenuo_authorizer_check_warrants`` in ``tenuo_authorizer_decide``'s form:
    None when allowed, else the status as four digits, then (for a denial) 0xFF and its record."""
    if status == 0:
        return None
    head = b"%04d" % min(max(status, 0), 9999)
    return head if denial is None or status < 1000 else head + b"\xff" + denial


#: The first byte of a packed call (tenuo_authorizer_decide): the signature's length. The call
#: is that byte, the signature, the tool (UTF-8, so never 0xFF), 0xFF, the arguments' JSON.
_SIG_LEN = tuple(bytes((i,)) for i in range(256))


def decide(core: Any, handles: Any, count: int, tool_b: bytes, args_b: bytes,
           sig: Optional[bytes], when: int) -> Optional[bytes]:
    """One ``tenuo_authorizer_decide`` call: None when allowed, else the record (status as four
    digits; for a denial then 0xFF and the denial record), copied out of the library's
    per-thread slot here, on the calling thread. ``handles`` points at ``count`` warrant handles,
    root first: ``warrant._ref`` (its handle by reference) with 1 for one warrant, or a
    ``warrant_array`` with its length (kept alive by the caller during the call). ``when`` is an int in
    0..2**63-1; ``tool_b``/``args_b`` bytes, ``sig`` bytes or None."""
    c_count = _SIZES[count] if count < 1024 else c_size_t(count)
    if sig is None:
        call = b"".join((b"\x00", tool_b, b"\xff", args_b))
    elif len(sig) < 256:
        call = b"".join((_SIG_LEN[len(sig)], sig, tool_b, b"\xff", args_b))
    else:
        return _decide_unpacked(core, handles, c_count, tool_b, args_b, sig, when)
    n = len(call)
    last = _LAST_U64[0]  # uint64_arg's cached pair, read inline (one Python call less)
    return _decide_fast(core, handles, c_count, call, _SIZES[n] if n < 1024 else c_size_t(n),
                        last[1] if last[0] == when else uint64_arg(when))


def _decide_unpacked(core: Any, handles: Any, count: Any, tool_b: bytes, args_b: bytes,
                     sig: bytes, when: int) -> Optional[bytes]:
    """A signature too long for the packed call's length byte (never a valid one): the same
    decision through tenuo_authorizer_check_warrants, its outcome in decide's record form."""
    out = c_char_p()
    status = int(lib.tenuo_authorizer_check_warrants(core, handles, count, tool_b, len(tool_b),
                                                      args_b, len(args_b), sig, len(sig),
                                                      None, 0, when, byref(out)))
    return _decision_record(status, out.value)


_SignatureBuffer = ctypes.c_char * _abi.TENUO_SIGNATURE_BYTES


_FORMS = {_abi.TENUO_POP_ID_HEX: c_int32(_abi.TENUO_POP_ID_HEX),
          _abi.TENUO_POP_ID_PREFIXED: c_int32(_abi.TENUO_POP_ID_PREFIXED)}


def sign_call(warrant: Any, key: Any, tool_b: bytes, args_b: bytes, when: int, form: int,
              wrap: Callable[[Any], Any]) -> Any:
    """One ``tenuo_warrant_sign_call`` (``tenuo_warrant_sign_call_z`` for the bare-hex id):
    ``wrap(buffer)``, the buffer (a ctypes array, bytes-like) holding the 64 signature bytes;
    a refusal raises its SDK exception (a key not the holder's: SignatureMismatch). ``when``
    must already be an int in the int64 range (``time_arg``); ``args_b`` is JSON text
    (``args_bytes``: never a raw NUL byte, so ctypes' NUL-terminated copy of a bytes object is
    exactly the text)."""
    buf = _SignatureBuffer()
    lt = len(tool_b)
    last = _LAST_I64[0]  # int64_arg's cached pair, read inline (one Python call less)
    if form == POP_ID_HEX:  # three foreign-call arguments fewer (each costs a conversion)
        status = _sign_call_z(warrant, key, tool_b, _SIZES[lt] if lt < 1024 else c_size_t(lt), args_b,
                              last[1] if last[0] == when else int64_arg(when), buf)
    else:
        la = len(args_b)
        sizes = _SIZES
        status = _sign_call_fast(warrant, key, tool_b, sizes[lt] if lt < 1024 else c_size_t(lt),
                                 args_b, sizes[la] if la < 1024 else c_size_t(la),
                                 last[1] if last[0] == when else int64_arg(when),
                                 _FORMS[form] if form in _FORMS else c_int32(form), buf, _SIG_SIZE)
    if not status:
        return wrap(buf)
    raise_status(status)
    raise AssertionError("unreachable")  # pragma: no cover


# The last time passed to a raw call, with its C form: a PoP, mint or authorization time is the
# same second for many calls in a row, and a ctypes integer costs more to make than this lookup.
# The pair is replaced as a whole (one store), and the ctypes objects are never mutated.
def _last_value_arg(ctype: Any, doc: str) -> Callable[[int], Any]:
    last = [(0, ctype(0))]

    def arg(value: int) -> Any:
        pair = last[0]
        if pair[0] == value:
            return pair[1]
        made = ctype(value)
        last[0] = (value, made)
        return made

    arg.__doc__ = doc
    arg.last = last  # type: ignore[attr-defined]  # for hot paths that read the pair inline
    return arg


int64_arg = _last_value_arg(c_int64, "``value`` (an int in the int64 range) as a ``c_int64`` argument.")
uint64_arg = _last_value_arg(c_uint64, "``value`` (an int in 0..2**64-1) as a ``c_uint64`` argument.")
#: The one-element lists holding (value, C argument) of the two functions above: a hot path
#: reads ``pair = _LAST_U64[0]`` and uses ``pair[1]`` when ``pair[0] == value`` (else it calls
#: the function, which makes and stores the new pair).
_LAST_I64: List[Any] = int64_arg.last  # type: ignore[attr-defined]
_LAST_U64: List[Any] = uint64_arg.last  # type: ignore[attr-defined]


_SIG_SIZE = _SIZES[_abi.TENUO_SIGNATURE_BYTES]


def verify_cache_counters() -> Tuple[int, int, int]:
    """The verified-signature cache's (hits, misses, entries), process-wide."""
    hits, misses, entries = ctypes.c_uint64(), ctypes.c_uint64(), c_size_t()
    lib.tenuo_verify_cache_stats(byref(hits), byref(misses), byref(entries))
    return int(hits.value), int(misses.value), int(entries.value)


# --------------------------------------------------------------------------------------------
# Load once at import
# --------------------------------------------------------------------------------------------

lib, library_path = _load()
_declare(lib, library_path)
_check_version(lib, library_path)
#: The same loaded library (its dlopen handle) seen through ctypes.PyDLL: functions made from it
#: keep the GIL during the call (only through gil_keeping_function).
_keep_lib = ctypes.PyDLL(library_path, handle=lib._handle)

_check_warrants_fast = _fast("tenuo_authorizer_check_warrants", c_int32)
_decide_fast = _fast("tenuo_authorizer_decide", c_char_p)
_sign_call_fast = _fast("tenuo_warrant_sign_call", c_int32)
_sign_call_z = _fast("tenuo_warrant_sign_call_z", c_int32)

version_number: int = lib.tenuo_version_number()
version_string: str = (lib.tenuo_version_string() or b"").decode("utf-8", "replace")
abi_version: int = lib.tenuo_abi_version()
wire_version: int = lib.tenuo_wire_version()

# Sizes fixed by the header's TENUO_*_BYTES macros (Ed25519; they never change).
PUBLIC_KEY_BYTES = _abi.TENUO_PUBLIC_KEY_BYTES
SIGNATURE_BYTES = _abi.TENUO_SIGNATURE_BYTES
SEED_BYTES = _abi.TENUO_SEED_BYTES

# --------------------------------------------------------------------------------------------
# Audit sinks (tenuo.audit sits on these)
# --------------------------------------------------------------------------------------------

#: ``void (*)(void *context, const char *line, size_t len)``; the line is borrowed for the call
#: only and arrives as a raw pointer (copy it with ``ctypes.string_at(line, len)``).
AUDIT_FN = _abi.tenuo_audit_fn


def audit_line(line: Any, length: int) -> str:
    """Copies the line a sink is lent (valid only during the callback)."""
    return ctypes.string_at(line, length).decode("utf-8")


def audit_register(callback: Any) -> int:
    """Registers a sink (an ``AUDIT_FN`` the caller keeps alive); returns its id."""
    out = ctypes.c_uint64(0)
    lib.tenuo_audit_sink_register(callback, None, byref(out))
    return int(out.value)


def audit_unregister(sink_id: int) -> bool:
    """Removes a sink; False when no sink had that id."""
    return int(lib.tenuo_audit_sink_unregister(sink_id)) == 0


def audit_set_include_arguments(include: bool) -> None:
    lib.tenuo_audit_set_include_arguments(bool(include))


def audit_include_arguments() -> bool:
    return bool(lib.tenuo_audit_include_arguments())


def audit_sink_count() -> int:
    return int(lib.tenuo_audit_sink_count())


__all__ = [
    "lib",
    "library_path",
    "candidate_paths",
    "Handle",
    "FUNCTION_NAMES",
]
