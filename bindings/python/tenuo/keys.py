"""Ed25519 keys: :class:`SigningKey` (secret, signs warrants and proofs) and :class:`PublicKey`."""

from __future__ import annotations

import os
from typing import Any, Optional, Union

from . import _native as _n
from . import exceptions as _exc

__all__ = ["SigningKey", "PublicKey"]

_FORMATS = {"hex": _n.FORMAT_HEX, "base64": _n.FORMAT_BASE64, "pem": _n.FORMAT_PEM}

PathLike = Union[str, "os.PathLike[str]"]


def _format_code(fmt: Any) -> int:
    if not isinstance(fmt, str) or fmt.lower() not in _FORMATS:
        raise _exc.ValidationError(f"format must be one of 'hex', 'base64', 'pem', got {fmt!r}")
    return _FORMATS[fmt.lower()]


def _read_env(name: Any, kind: str) -> str:
    key = _n.text_arg(name, "environment variable name").decode("utf-8")
    value = os.environ.get(key)
    if value is None:
        raise _exc.ConfigurationError(
            f"Environment variable '{key}' is not set. Set it to a hex, base64 or PEM {kind}."
        )
    return value


def _read_file(path: Any) -> str:
    if not isinstance(path, (str, os.PathLike)):
        raise _exc.ArgumentTypeError(f"path must be a str or os.PathLike, not {type(path).__name__}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(1 << 20)
    except FileNotFoundError:
        raise _exc.ConfigurationError(f"Key file not found: {os.fspath(path)}") from None
    except OSError as err:
        raise _exc.ConfigurationError(f"Cannot read key file {os.fspath(path)}: {err}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _exc.ConfigurationError(
            f"Key file {os.fspath(path)} is not text (expected hex, base64 or PEM)"
        ) from None


class PublicKey(_n.Handle):
    """An Ed25519 public key (32 bytes). Immutable, hashable, comparable by value."""

    _free_name = "tenuo_public_key_free"
    _kind = "public key"
    _raw: bytes

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "use PublicKey.from_bytes(), from_hex(), from_pem(), from_env() or from_file()"
        )

    @classmethod
    def _wrap(cls, ptr: Any) -> "PublicKey":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        obj._raw = _n.call_fixed(_n.lib.tenuo_public_key_to_bytes, _n.PUBLIC_KEY_BYTES, ptr)
        return obj

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "PublicKey":
        """From the raw 32 key bytes."""
        raw = _n.bytes_arg(data, "public key bytes")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_public_key_from_bytes, _n.PublicKeyP,
                                        raw, len(raw)))

    @classmethod
    def parse(cls, text: str) -> "PublicKey":
        """From hex, base64 or an SPKI PEM block (auto-detected)."""
        data = _n.text_arg(text, "public key text")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_public_key_parse, _n.PublicKeyP,
                                        data, len(data)))

    @classmethod
    def from_hex(cls, text: str) -> "PublicKey":
        """From 64 hex digits."""
        return cls.parse(text)

    @classmethod
    def from_base64(cls, text: str) -> "PublicKey":
        """From base64 (standard or URL-safe) of the 32 bytes."""
        return cls.parse(text)

    @classmethod
    def from_pem(cls, pem: str) -> "PublicKey":
        """From a ``-----BEGIN PUBLIC KEY-----`` block."""
        return cls.parse(pem)

    @classmethod
    def from_env(cls, name: str) -> "PublicKey":
        """From an environment variable holding hex, base64 or PEM."""
        text = _read_env(name, "public key")
        try:
            return cls.parse(text)
        except _exc.TenuoError as err:
            raise _exc.ConfigurationError(
                f"Invalid public key in environment variable '{name}': {err.message}"
            ) from None

    @classmethod
    def from_file(cls, path: PathLike) -> "PublicKey":
        """From a file holding hex, base64 or PEM."""
        text = _read_file(path)
        try:
            return cls.parse(text)
        except _exc.TenuoError as err:
            raise _exc.ConfigurationError(
                f"Invalid public key in {os.fspath(path)}: {err.message}"
            ) from None

    # -- export -------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The raw 32 key bytes."""
        self._handle  # raises when closed
        return self._raw

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def to_hex(self) -> str:
        return self.to_bytes().hex()

    def hex(self) -> str:
        return self.to_hex()

    def export(self, fmt: str = "hex") -> str:
        """Text form: ``"hex"``, ``"base64"`` or ``"pem"``."""
        return _n.call_string(_n.lib.tenuo_public_key_export, self._handle, _format_code(fmt))

    def to_base64(self) -> str:
        return self.export("base64")

    def to_pem(self) -> str:
        return self.export("pem")

    def verify_raw(self, message: Union[bytes, bytearray, memoryview],
                   signature: Union[bytes, bytearray, memoryview]) -> bool:
        """True when ``signature`` is a plain Ed25519 signature of ``message`` by this key."""
        msg = _n.bytes_arg(message, "message")
        sig = _n.bytes_arg(signature, "signature")
        status = _n.lib.tenuo_public_key_verify_raw(self._handle, msg, len(msg), sig, len(sig))
        if status == 0:
            return True
        if status >= 1000:
            return False
        _n.raise_status(status)
        return False  # pragma: no cover

    # -- value semantics ----------------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKey):
            return NotImplemented
        return bool(self._raw == other._raw)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((PublicKey, self._raw))

    def __repr__(self) -> str:
        return f"PublicKey({self._raw.hex()[:8]}...)"

    __str__ = __repr__

    def __reduce__(self) -> Any:
        return (PublicKey.from_bytes, (self._raw,))

    def __copy__(self) -> "PublicKey":
        return self

    def __deepcopy__(self, memo: Any) -> "PublicKey":
        return self


class SigningKey(_n.Handle):
    """An Ed25519 signing key. The secret never leaves the library except through
    :meth:`secret_key_bytes` / :meth:`export`; it is wiped when the key is closed or collected.
    """

    _free_name = "tenuo_signing_key_free"
    _kind = "signing key"
    _public: Optional[PublicKey]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError(
            "use SigningKey.generate(), from_bytes(), from_env(), from_file() or from_pem()"
        )

    @classmethod
    def _wrap(cls, ptr: Any) -> "SigningKey":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        obj._public = None
        return obj

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def generate(cls) -> "SigningKey":
        """A fresh random key."""
        return cls._wrap(_n.call_handle(_n.lib.tenuo_signing_key_generate, _n.SigningKeyP))

    @classmethod
    def from_bytes(cls, seed: Union[bytes, bytearray, memoryview]) -> "SigningKey":
        """From a 32-byte Ed25519 seed (the value :meth:`secret_key_bytes` returns)."""
        raw = _n.bytes_arg(seed, "seed")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_signing_key_from_seed, _n.SigningKeyP,
                                        raw, len(raw)))

    @classmethod
    def from_seed(cls, seed: Union[bytes, bytearray, memoryview]) -> "SigningKey":
        """Same as :meth:`from_bytes`."""
        return cls.from_bytes(seed)

    @classmethod
    def parse(cls, text: str) -> "SigningKey":
        """From hex or base64 of the seed, or a PKCS#8 PEM block (auto-detected)."""
        data = _n.text_arg(text, "signing key text")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_signing_key_parse, _n.SigningKeyP,
                                        data, len(data)))

    @classmethod
    def from_pem(cls, pem: str) -> "SigningKey":
        """From a ``-----BEGIN PRIVATE KEY-----`` block."""
        return cls.parse(pem)

    @classmethod
    def from_hex(cls, text: str) -> "SigningKey":
        return cls.parse(text)

    @classmethod
    def from_base64(cls, text: str) -> "SigningKey":
        return cls.parse(text)

    @classmethod
    def from_env(cls, name: str) -> "SigningKey":
        """From an environment variable holding hex, base64 or PEM."""
        text = _read_env(name, "signing key")
        try:
            return cls.parse(text)
        except _exc.TenuoError as err:
            raise _exc.ConfigurationError(
                f"Invalid signing key in environment variable '{name}': {err.message}"
            ) from None

    @classmethod
    def from_file(cls, path: PathLike) -> "SigningKey":
        """From a file holding hex, base64 or PEM."""
        text = _read_file(path)
        try:
            return cls.parse(text)
        except _exc.TenuoError as err:
            raise _exc.ConfigurationError(
                f"Invalid signing key in {os.fspath(path)}: {err.message}"
            ) from None

    # -- accessors ----------------------------------------------------------------------------

    @property
    def public_key(self) -> PublicKey:
        """The matching public key."""
        if self._public is None:
            self._public = PublicKey._wrap(
                _n.call_handle(_n.lib.tenuo_signing_key_public_key, _n.PublicKeyP, self._handle)
            )
        return self._public

    def public_key_bytes(self) -> bytes:
        return self.public_key.to_bytes()

    def secret_key_bytes(self) -> bytes:
        """The 32-byte seed. Handle with care."""
        return _n.call_fixed(_n.lib.tenuo_signing_key_seed, _n.SEED_BYTES, self._handle)

    def export(self, fmt: str = "hex") -> str:
        """The secret as text: ``"hex"``, ``"base64"`` or ``"pem"`` (PKCS#8)."""
        return _n.call_string(_n.lib.tenuo_signing_key_export, self._handle, _format_code(fmt))

    def to_pem(self) -> str:
        return self.export("pem")

    def to_hex(self) -> str:
        return self.export("hex")

    def to_base64(self) -> str:
        return self.export("base64")

    def sign_raw(self, message: Union[bytes, bytearray, memoryview]) -> bytes:
        """A plain Ed25519 signature (64 bytes) of ``message``, with no protocol context."""
        msg = _n.bytes_arg(message, "message")
        return _n.call_fixed(_n.lib.tenuo_signing_key_sign_raw, _n.SIGNATURE_BYTES,
                             self._handle, msg, len(msg))

    # -- object protocol ----------------------------------------------------------------------

    def __repr__(self) -> str:
        if self.closed:
            return "SigningKey(<closed>)"
        return f"SigningKey(public_key={self.public_key.to_hex()[:8]}..., secret=[REDACTED])"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SigningKey):
            return NotImplemented
        return self is other or self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash((SigningKey, self.public_key.to_bytes()))

    def __reduce__(self) -> Any:
        raise TypeError("SigningKey cannot be pickled (it holds a secret); store "
                        "key.to_pem() somewhere safe instead")

    def __copy__(self) -> "SigningKey":
        return self

    def __deepcopy__(self, memo: Any) -> "SigningKey":
        return self


def require_signing_key(key: Any, what: str = "key") -> SigningKey:
    if not isinstance(key, SigningKey):
        raise _exc.ArgumentTypeError(f"{what} must be a SigningKey, not {type(key).__name__}")
    return key


def require_public_key(key: Any, what: str = "public key") -> PublicKey:
    if isinstance(key, SigningKey):
        raise _exc.ArgumentTypeError(f"{what} must be a PublicKey; pass key.public_key, "
                                     "not the SigningKey itself")
    if not isinstance(key, PublicKey):
        raise _exc.ArgumentTypeError(f"{what} must be a PublicKey, not {type(key).__name__}")
    return key
