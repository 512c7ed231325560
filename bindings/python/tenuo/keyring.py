"""`Keyring`: the current signing key plus the previous ones, for key rotation."""

from __future__ import annotations

from typing import Iterable, List, Optional

from .keys import PublicKey, SigningKey

__all__ = ["Keyring"]


class Keyring:
    """``Keyring(root=current_key, previous=[old_key, ...])``.

    New warrants are signed with :attr:`root`; verifiers trust :attr:`all_public_keys`, so
    warrants signed before the rotation keep verifying until they expire. A Keyring can be
    passed as ``trusted_roots`` (``configure(trusted_roots=keyring)`` or inside a list).
    """

    def __init__(self, root: SigningKey, previous: Optional[Iterable[SigningKey]] = None) -> None:
        if not isinstance(root, SigningKey):
            raise TypeError(f"Keyring root must be a SigningKey, not {type(root).__name__}")
        prev = list(previous or [])
        for k in prev:
            if not isinstance(k, SigningKey):
                raise TypeError(f"Keyring previous keys must be SigningKey, not {type(k).__name__}")
        self._root = root
        self._previous = prev

    @property
    def root(self) -> SigningKey:
        return self._root

    @property
    def previous(self) -> List[SigningKey]:
        return list(self._previous)

    @property
    def all_keys(self) -> List[SigningKey]:
        return [self._root, *self._previous]

    @property
    def root_public_key(self) -> PublicKey:
        return self._root.public_key

    @property
    def all_public_keys(self) -> List[PublicKey]:
        """Current first, then the previous keys, without duplicates."""
        out: List[PublicKey] = []
        for k in self.all_keys:
            pk = k.public_key
            if pk not in out:
                out.append(pk)
        return out

    def __iter__(self):
        return iter(self.all_public_keys)

    def __len__(self) -> int:
        return len(self.all_public_keys)

    def __repr__(self) -> str:
        return f"<Keyring root={self._root.public_key.to_hex()[:16]}... previous={len(self._previous)}>"

    def __reduce__(self):
        raise TypeError("Keyring holds secret keys and cannot be serialized")
