"""Audit logging: one JSON line per authorization decision.

The events come from libtenuo itself: every decision any :class:`~tenuo.Authorizer` makes
(``authorize``, ``check_chain``, and so every ``@guard`` call) is delivered to a sink that this
module registers with the library, so a Python service and a C service log the same fields
for the same decision. The guard adds one event of its own, for a call made outside any
scope (no warrant, so nothing reaches the library).

::

    from tenuo.audit import audit_logger
    audit_logger.configure(enabled=False)                                  # off
    audit_logger.configure(use_python_logging=True, logger_name="tenuo")   # through logging

The sink is registered by ``audit_logger.configure(enabled=True)`` and by
``tenuo.configure(audit_log=True)`` (the default), not at import: the low-level API alone logs
nothing and pays nothing. By default each event is written to stderr; argument values are
replaced by ``"[REDACTED]"`` unless ``include_arguments=True``.
"""

from __future__ import annotations

import atexit
import json
import logging
import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict, Optional

from . import _native

__all__ = ["AuditEvent", "AuditEventType", "AuditSeverity", "AuditLogger", "audit_logger",
           "REDACTED"]

REDACTED = "[REDACTED]"


class AuditEventType(str, Enum):
    AUTHORIZATION_SUCCESS = "authorization_success"
    AUTHORIZATION_FAILURE = "authorization_failure"


class AuditSeverity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"


def _utc(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@dataclass
class AuditEvent:
    """An event raised in Python (the library's own events arrive as dicts of the same keys)."""

    event_type: AuditEventType
    tool: Optional[str] = None
    action: Optional[str] = None
    error_code: Optional[str] = None
    details: Optional[str] = None
    warrant_id: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None
    time_unix: int = field(default_factory=lambda: int(time.time()))
    id: str = field(default_factory=lambda: "evt_" + secrets.token_hex(8))

    @property
    def ref(self) -> str:
        return self.id[4:12]

    def to_dict(self) -> Dict[str, Any]:
        failure = self.event_type == AuditEventType.AUTHORIZATION_FAILURE
        out: Dict[str, Any] = {
            "id": self.id,
            "ref": self.ref,
            "event_type": self.event_type.value,
            "severity": "error" if failure else "info",
            "service": "libtenuo",
            "@timestamp": _utc(self.time_unix),
            "time_unix": self.time_unix,
            "tool": self.tool,
            "action": self.action or ("denied" if failure else "authorized"),
            "error_code": self.error_code,
            "details": self.details,
            "warrant_id": self.warrant_id,
        }
        if self.metadata:
            out["metadata"] = self.metadata
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), default=str)


_LEVELS = {"info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR,
           "critical": logging.CRITICAL}


class AuditLogger:
    """Receives the library's audit events and writes them out (stderr, ``logging`` or a
    handler of yours). One instance per process: :data:`audit_logger`."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._enabled = True
        self._handler: Optional[Callable[[Dict[str, Any]], None]] = None
        self._python_logger: Optional[logging.Logger] = None
        self._stream: Any = None
        self._sink_id = 0
        # The ctypes callback object must outlive its registration.
        self._callback = _native.AUDIT_FN(self._on_native)
        self._local = threading.local()

    # -- configuration --------------------------------------------------------------------

    def configure(self, enabled: bool = True, *, handler: Optional[Callable[[Dict[str, Any]], None]] = None,
                  use_python_logging: bool = False, logger_name: str = "tenuo.audit",
                  stream: Any = None, include_arguments: Optional[bool] = None,
                  service_name: Optional[str] = None) -> None:
        """Turn logging on or off and choose where events go.

        ``handler(event_dict)`` receives each event; else ``use_python_logging`` logs the JSON
        line to ``logging.getLogger(logger_name)`` (INFO for allowed, ERROR for denied); else
        lines go to ``stream`` (stderr when None). ``include_arguments`` puts argument values
        (and denial reasons, which may quote them) in every event, process-wide; by default
        they are redacted. ``service_name`` is accepted for the SDK's signature (the library's
        events say ``"service": "libtenuo"``).
        """
        with self._lock:
            self._enabled = bool(enabled)
            self._handler = handler
            self._python_logger = logging.getLogger(logger_name) if use_python_logging else None
            self._stream = stream
        self.set_enabled(enabled, include_arguments)

    def set_enabled(self, enabled: bool, include_arguments: Optional[bool] = None) -> None:
        """Register or remove the library sink, keeping the output settings."""
        with self._lock:
            self._enabled = bool(enabled)
            if include_arguments is not None:
                _native.audit_set_include_arguments(bool(include_arguments))
            if self._enabled and not self._sink_id:
                self._sink_id = _native.audit_register(self._callback)
            elif not self._enabled and self._sink_id:
                _native.audit_unregister(self._sink_id)
                self._sink_id = 0

    @property
    def enabled(self) -> bool:
        return self._enabled

    @property
    def installed(self) -> bool:
        """Whether the library sink is registered (events are being produced)."""
        return bool(self._sink_id)

    @property
    def include_arguments(self) -> bool:
        return _native.audit_include_arguments()

    # -- events ---------------------------------------------------------------------------

    def _on_native(self, _context: Any, line: Any, length: int) -> None:
        try:
            text = _native.audit_line(line, length)
            event = json.loads(text)
            self._local.last = event
            self._emit(event, text)
        except Exception:  # an audit failure must never break the decision being made
            pass

    def log(self, event: Any) -> None:
        """Write an event raised in Python (an :class:`AuditEvent` or a dict)."""
        if not self._enabled:
            return
        try:
            if isinstance(event, AuditEvent):
                data, text = event.to_dict(), event.to_json()
            else:
                data = dict(event)
                text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
            self._local.last = data
            self._emit(data, text)
        except Exception:
            pass

    def _emit(self, event: Dict[str, Any], text: str) -> None:
        if not self._enabled:
            return
        if self._handler is not None:
            self._handler(event)
        elif self._python_logger is not None:
            self._python_logger.log(_LEVELS.get(event.get("severity", "info"), logging.INFO), text)
        else:
            stream = self._stream if self._stream is not None else sys.stderr
            stream.write(text + "\n")
            stream.flush()

    # -- correlation (used by @guard) -----------------------------------------------------

    def _begin(self) -> None:
        self._local.last = None

    def _last(self) -> Optional[Dict[str, Any]]:
        """The last event delivered on this thread since ``_begin``."""
        return getattr(self._local, "last", None)


#: The process-wide audit logger.
audit_logger = AuditLogger()

# The library outlives the interpreter (it is never unloaded): remove the Python callback
# before the interpreter tears it down, so a late decision cannot call into freed code.
atexit.register(audit_logger.set_enabled, False)
