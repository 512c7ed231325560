"""The process-wide verified-signature cache of libtenuo (``tenuo.verify_cache``).

Decoding a warrant verifies its issuer's Ed25519 signature, the main cost of ``Warrant(text)``.
libtenuo remembers the envelopes whose exact bytes decoded and verified (filed under a seeded hash
of the signature; a hit needs the same envelope bytes), so decoding the same warrant again, as a
server does on every request carrying the same header, is a hash, a lookup and a byte comparison:
no second verification (and from the third sight on no decoding either). Only successful
verifications are remembered, so a tampered warrant is always verified (and refused). Expiry,
revocation, approvals and proof-of-possession are checked on every call: the cache changes what
decoding costs, never what it decides.

The cache is shared by every thread and every binding in the process (it lives in the library),
is on by default with :data:`DEFAULT_ENTRIES` entries (about 7 MiB when full of typical warrants,
decoded warrants included) and is bounded::

    from tenuo import verify_cache
    verify_cache.disable()              # every decoding verifies
    verify_cache.set_capacity(16384)    # on again, larger
    verify_cache.stats()                # CacheStats(hits=..., misses=..., entries=..., capacity=...)
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import _native as _n
from . import exceptions as _exc

#: Capacity when the library loads (the header's ``TENUO_VERIFY_CACHE_DEFAULT_ENTRIES``).
DEFAULT_ENTRIES = 4096
#: Largest capacity accepted (``TENUO_VERIFY_CACHE_MAX_ENTRIES``).
MAX_ENTRIES = 1_048_576


class CacheStats(NamedTuple):
    """Counters since the cache was last cleared, and its current size."""

    hits: int
    misses: int
    entries: int
    capacity: int

    @property
    def enabled(self) -> bool:
        return self.capacity > 0


def set_capacity(entries: Any) -> None:
    """Resize the cache to ``entries`` (0 switches it off); drops every entry, keeps counters.

    Raises ``ValidationError`` (a ``ValueError``) outside ``0..MAX_ENTRIES``.
    """
    _n.lib.tenuo_verify_cache_set_capacity(_n.uint_arg(entries, "entries", MAX_ENTRIES))


def capacity() -> int:
    """The current capacity in entries (0 when off)."""
    return int(_n.lib.tenuo_verify_cache_capacity())


def is_enabled() -> bool:
    return capacity() > 0


def enable(entries: int = DEFAULT_ENTRIES) -> None:
    """Switch the cache on (or resize it) with ``entries`` entries."""
    if _n.uint_arg(entries, "entries", MAX_ENTRIES) == 0:
        raise _exc.ValidationError("enable() needs a capacity above 0; use disable() to switch off")
    set_capacity(entries)


def disable() -> None:
    """Switch the cache off: every decoding verifies its signature."""
    set_capacity(0)


_clear = _n.lib.tenuo_verify_cache_clear  # bound once: clear() is called in hot loops (benchmarks, tests)


def clear() -> None:
    """Drop every entry and zero the counters (the capacity is kept)."""
    _clear()


def stats() -> CacheStats:
    """Hits, misses, entries and capacity (the counters are process-wide)."""
    hits, misses, entries = _n.verify_cache_counters()
    return CacheStats(hits, misses, entries, capacity())


__all__ = [
    "DEFAULT_ENTRIES",
    "MAX_ENTRIES",
    "CacheStats",
    "set_capacity",
    "capacity",
    "is_enabled",
    "enable",
    "disable",
    "clear",
    "stats",
]
