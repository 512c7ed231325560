"""`KeyRegistry`: signing keys held in process memory, looked up by string id.

Framework state (LangGraph checkpoints, task queues) then carries only the id, never the key.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Dict, List, Optional, Tuple

from .keys import PublicKey, SigningKey

__all__ = ["KeyRegistry", "load_tenuo_keys"]

_log = logging.getLogger("tenuo.keys")

DEFAULT_NAMESPACE = "default"


def _check_name(value: str, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{what} must be a non-empty string")
    return value


class KeyRegistry:
    """A process-wide, thread-safe map ``(namespace, id) -> SigningKey``.

    ``KeyRegistry.get_instance()`` returns the one instance. ``repr`` and :meth:`list_keys`
    show ids only, never key material.
    """

    _instance: Optional["KeyRegistry"] = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._keys: Dict[Tuple[str, str], SigningKey] = {}

    @classmethod
    def get_instance(cls) -> "KeyRegistry":
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @classmethod
    def reset_instance(cls) -> None:
        """Forget the instance and its keys (tests)."""
        with cls._instance_lock:
            if cls._instance is not None:
                cls._instance.clear()
            cls._instance = None

    def register(self, key_id: str, key: SigningKey, *, namespace: str = DEFAULT_NAMESPACE) -> None:
        """Store ``key`` under ``key_id`` in ``namespace`` (replacing any key there)."""
        if not isinstance(key, SigningKey):
            raise TypeError(f"KeyRegistry.register takes a SigningKey, not {type(key).__name__}")
        entry = (_check_name(namespace, "namespace"), _check_name(key_id, "key id"))
        with self._lock:
            self._keys[entry] = key

    def get(self, key_id: str, *, namespace: str = DEFAULT_NAMESPACE) -> SigningKey:
        """The key; KeyError (naming the id and namespace) when none is registered."""
        with self._lock:
            key = self._keys.get((namespace, key_id))
        if key is None:
            raise KeyError(f"no key '{key_id}' in namespace '{namespace}': register it first "
                           f"(registry.register('{key_id}', key, namespace='{namespace}'))")
        return key

    def get_public(self, key_id: str, *, namespace: str = DEFAULT_NAMESPACE) -> PublicKey:
        return self.get(key_id, namespace=namespace).public_key

    def has(self, key_id: str, *, namespace: str = DEFAULT_NAMESPACE) -> bool:
        with self._lock:
            return (namespace, key_id) in self._keys

    def unregister(self, key_id: str, *, namespace: str = DEFAULT_NAMESPACE) -> bool:
        """Remove a key; returns whether there was one."""
        with self._lock:
            return self._keys.pop((namespace, key_id), None) is not None

    remove = unregister

    def clear(self, *, namespace: Optional[str] = None) -> None:
        """Remove every key, or those of one namespace."""
        with self._lock:
            if namespace is None:
                self._keys.clear()
            else:
                for entry in [e for e in self._keys if e[0] == namespace]:
                    del self._keys[entry]

    def list_keys(self, *, namespace: str = DEFAULT_NAMESPACE) -> List[str]:
        """The ids registered in ``namespace``, sorted (no keys)."""
        with self._lock:
            return sorted(k for ns, k in self._keys if ns == namespace)

    def namespaces(self) -> List[str]:
        with self._lock:
            return sorted({ns for ns, _ in self._keys})

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)

    def __repr__(self) -> str:
        return f"<KeyRegistry keys={len(self)}>"

    def __reduce__(self):  # keys never leave the process through pickle
        raise TypeError("KeyRegistry holds secret keys and cannot be serialized")


def load_tenuo_keys(prefix: str = "TENUO_KEY_", *, namespace: str = DEFAULT_NAMESPACE) -> int:
    """Register every ``<prefix><NAME>`` environment variable's key in the registry.

    The id is the rest of the variable's name, lower-cased, with ``_`` turned into ``-``
    (``TENUO_KEY_WORKER_1`` -> ``worker-1``; ``TENUO_KEY_`` alone -> ``default``), as the SDK
    does. Values may be hex, base64 or PEM. A variable that does not hold a key is skipped
    with a warning naming the variable (never its value). Returns how many were loaded.
    """
    registry = KeyRegistry.get_instance()
    loaded = 0
    for name in sorted(os.environ):
        if not name.startswith(prefix) or not os.environ.get(name):
            continue
        key_id = name[len(prefix):].lower().replace("_", "-") or "default"
        try:
            key = SigningKey.from_env(name)
        except Exception as err:  # noqa: BLE001 - reported, then skipped
            _log.warning("load_tenuo_keys: %s does not hold a signing key (%s)", name,
                         type(err).__name__)
            continue
        registry.register(key_id, key, namespace=namespace)
        loaded += 1
    return loaded
