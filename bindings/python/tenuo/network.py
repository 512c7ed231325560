"""Network and text constraints: ``Regex``, ``Cidr``, ``UrlPattern`` and ``UrlSafe``, with the
reference SDK's constructor arguments. Regular expressions run on RE2, in linear time.

As for the other constraints, a class is a description (its JSON form); libtenuo decides what
matches and what narrows.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional

from . import exceptions as _exc
from .constraints import Constraint

__all__ = ["Regex", "Cidr", "UrlPattern", "UrlSafe"]


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _exc.ArgumentTypeError(f"{what} must be a str, not {type(value).__name__}")
    return value


def _str_list(values: Optional[Iterable[str]], what: str) -> Optional[List[str]]:
    if values is None:
        return None
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _exc.ArgumentTypeError(f"{what} must be a list of str")
    out = list(values)
    for index, v in enumerate(out):
        _text(v, f"{what} [{index}]")
    return out


class Regex(Constraint):
    """A regular expression searched in the string argument (unanchored, as the reference does:
    use ``^...$`` to match the whole value). Look-around and backreferences are refused."""

    type_name = "Regex"

    def __init__(self, pattern: str) -> None:
        self.pattern = _text(pattern, "Regex pattern")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Regex", "pattern": self.pattern}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Regex({self.pattern!r})"


class Cidr(Constraint):
    """An IP address (IPv4 or IPv6) inside a network, e.g. ``Cidr("10.0.0.0/8")``."""

    type_name = "Cidr"

    def __init__(self, cidr: str) -> None:
        self.network = _text(cidr, "Cidr network")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Cidr", "network": self.network}

    def contains(self, ip: Any) -> bool:
        return self.satisfies(ip)

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Cidr({self.network!r})"


class UrlPattern(Constraint):
    """A URL whose scheme, host (``*.example.com`` wildcards), port and path match a pattern,
    e.g. ``UrlPattern("https://api.example.com/v1/*")``."""

    type_name = "UrlPattern"

    def __init__(self, pattern: str) -> None:
        self.pattern = _text(pattern, "UrlPattern pattern")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "UrlPattern", "pattern": self.pattern}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"UrlPattern({self.pattern!r})"


class UrlSafe(Constraint):
    """SSRF protection for URL arguments: allowed schemes, domain allow/deny lists (deny wins),
    allowed ports, and blocks for private, loopback, cloud-metadata, reserved addresses and
    internal TLDs, with the SDK's defaults."""

    type_name = "UrlSafe"

    def __init__(
        self,
        allow_schemes: Optional[Iterable[str]] = None,
        allow_domains: Optional[Iterable[str]] = None,
        deny_domains: Optional[Iterable[str]] = None,
        allow_ports: Optional[Iterable[int]] = None,
        block_private: bool = True,
        block_loopback: bool = True,
        block_metadata: bool = True,
        block_reserved: bool = True,
        block_internal_tlds: bool = False,
    ) -> None:
        self.schemes = _str_list(allow_schemes, "allow_schemes")
        self.allow_domains = _str_list(allow_domains, "allow_domains")
        self.deny_domains = _str_list(deny_domains, "deny_domains")
        ports = None if allow_ports is None else list(allow_ports)
        for p in ports or []:
            if isinstance(p, bool) or not isinstance(p, int):
                raise _exc.ArgumentTypeError("allow_ports must be a list of int")
        self.allow_ports = ports
        flags = dict(block_private=block_private, block_loopback=block_loopback,
                     block_metadata=block_metadata, block_reserved=block_reserved,
                     block_internal_tlds=block_internal_tlds)
        for name, flag in flags.items():
            if not isinstance(flag, bool):
                raise _exc.ArgumentTypeError(f"UrlSafe {name} must be a bool")
        self.block_private = block_private
        self.block_loopback = block_loopback
        self.block_metadata = block_metadata
        self.block_reserved = block_reserved
        self.block_internal_tlds = block_internal_tlds
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        data: Dict[str, Any] = {"type": "UrlSafe"}
        if self.schemes is not None:
            data["schemes"] = list(self.schemes)
        if self.allow_domains is not None:
            data["allow_domains"] = list(self.allow_domains)
        if self.deny_domains is not None:
            data["deny_domains"] = list(self.deny_domains)
        if self.allow_ports is not None:
            data["allow_ports"] = list(self.allow_ports)
        data.update(block_private=self.block_private, block_loopback=self.block_loopback,
                    block_metadata=self.block_metadata, block_reserved=self.block_reserved,
                    block_internal_tlds=self.block_internal_tlds)
        return data

    def is_safe(self, url: Any) -> bool:
        return self.satisfies(url)

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        fields = {k: v for k, v in self.to_json().items() if k != "type"}
        return "UrlSafe(" + ", ".join(f"{k}={v!r}" for k, v in fields.items()) + ")"


def from_json(kind: str, data: Dict[str, Any]) -> "Constraint | None":
    """Rebuilds a constraint of this module from the JSON form the library printed (no
    re-check: the library already accepted it). ``None`` for another type."""
    if kind == "regex":
        r = Regex.__new__(Regex)
        r.pattern = str(data["pattern"])
        return r
    if kind == "cidr":
        c = Cidr.__new__(Cidr)
        c.network = str(data["network"])
        return c
    if kind == "urlpattern":
        u = UrlPattern.__new__(UrlPattern)
        u.pattern = str(data["pattern"])
        return u
    if kind == "urlsafe":
        s = UrlSafe.__new__(UrlSafe)
        s.schemes = data.get("schemes")
        s.allow_domains = data.get("allow_domains")
        s.deny_domains = data.get("deny_domains")
        s.allow_ports = data.get("allow_ports")
        s.block_private = bool(data.get("block_private", True))
        s.block_loopback = bool(data.get("block_loopback", True))
        s.block_metadata = bool(data.get("block_metadata", True))
        s.block_reserved = bool(data.get("block_reserved", True))
        s.block_internal_tlds = bool(data.get("block_internal_tlds", False))
        return s
    return None
