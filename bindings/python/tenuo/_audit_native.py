"""ctypes declarations of libtenuo's audit-sink functions (``tenuo_audit_*``).

Declared here, on the library handle ``_native`` already loaded, until the binding's prototype
table is generated from the header; ``tests/test_loader.py`` counts these with the table.
"""

from __future__ import annotations

import ctypes
from ctypes import CFUNCTYPE, POINTER, c_bool, c_int32, c_size_t, c_uint64, c_void_p

from . import _native

#: ``typedef void (*tenuo_audit_fn)(void *context, const char *line, size_t len)``. The line
#: is read as a raw pointer and copied with ``string_at`` (it is borrowed for the call only).
AUDIT_FN = CFUNCTYPE(None, c_void_p, c_void_p, c_size_t)

#: (name, argtypes, restype)
PROTOTYPES = [
    ("tenuo_audit_sink_register", [AUDIT_FN, c_void_p, POINTER(c_uint64)], c_int32),
    ("tenuo_audit_sink_unregister", [c_uint64], c_int32),
    ("tenuo_audit_set_include_arguments", [c_bool], None),
    ("tenuo_audit_include_arguments", [], c_bool),
    ("tenuo_audit_sink_count", [], c_size_t),
]

_fns = {}
for _name, _argtypes, _restype in PROTOTYPES:
    try:
        _f = getattr(_native.lib, _name)
    except AttributeError:  # a library built before audit sinks existed
        _f = _native._MissingFunction(_name)
    else:
        _f.argtypes = _argtypes
        _f.restype = _restype
    _fns[_name] = _f


def register(callback: "ctypes._CFuncPtr") -> int:
    """Register a sink (an ``AUDIT_FN`` the caller keeps alive); returns its id."""
    out = c_uint64(0)
    status = _fns["tenuo_audit_sink_register"](callback, None, ctypes.byref(out))
    if status != 0:
        raise RuntimeError(f"tenuo_audit_sink_register failed with status {status}")
    return out.value


def unregister(sink_id: int) -> bool:
    """Remove a sink; False when no sink had that id."""
    return _fns["tenuo_audit_sink_unregister"](sink_id) == 0


def set_include_arguments(include: bool) -> None:
    _fns["tenuo_audit_set_include_arguments"](bool(include))


def include_arguments() -> bool:
    return bool(_fns["tenuo_audit_include_arguments"]())


def sink_count() -> int:
    return int(_fns["tenuo_audit_sink_count"]())
