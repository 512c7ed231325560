"""SigningKey / PublicKey: construction, formats, value semantics, memory rules."""

from __future__ import annotations

import base64
import copy
import pickle

import pytest

from tenuo import PublicKey, SigningKey
from tenuo.exceptions import (ClosedHandleError, ConfigurationError,
                              TenuoError, ValidationError)

SEED = bytes(range(32))
# Ed25519 public key of seed 00 01 .. 1f (checked against the reference SDK).
SEED_PUBLIC_HEX = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
# What the reference SDK's SigningKey.to_pem() prints for that seed (PKCS#8 v2, with the key).
REFERENCE_PRIVATE_PEM = (
    "-----BEGIN PRIVATE KEY-----\n"
    "MFECAQEwBQYDK2VwBCIEIAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4f\n"
    "gSEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\n"
    "-----END PRIVATE KEY-----\n"
)
REFERENCE_PUBLIC_PEM = (
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEAA6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=\n"
    "-----END PUBLIC KEY-----\n"
)
# RFC 8032 section 7.1, test 1 (empty message).
RFC_SECRET = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC_SIG = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
    "d25bf5f0595bbe24655141438e7a100b"
)


def test_seed_round_trip_and_public_key():
    key = SigningKey.from_bytes(SEED)
    assert key.secret_key_bytes() == SEED
    assert key.public_key.to_bytes().hex() == SEED_PUBLIC_HEX
    assert key.public_key_bytes().hex() == SEED_PUBLIC_HEX
    assert SigningKey.from_seed(bytearray(SEED)).public_key == key.public_key
    assert SigningKey.from_bytes(memoryview(SEED)).public_key == key.public_key


def test_generate_gives_distinct_keys():
    a, b = SigningKey.generate(), SigningKey.generate()
    assert a.public_key != b.public_key
    assert len(a.secret_key_bytes()) == 32 and len(a.public_key.to_bytes()) == 32


@pytest.mark.parametrize("bad", [b"", b"x" * 31, b"x" * 33, b"x" * 64])
def test_wrong_seed_length_is_a_value_error(bad):
    with pytest.raises(ValidationError) as info:
        SigningKey.from_bytes(bad)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("bad", ["00" * 32, None, 5, 3.5, [0] * 32, object()])
def test_wrong_seed_type_is_a_type_error(bad):
    with pytest.raises(TypeError):
        SigningKey.from_bytes(bad)


def test_constructors_refuse_direct_instantiation():
    with pytest.raises(TypeError):
        SigningKey()
    with pytest.raises(TypeError):
        PublicKey(b"x" * 32)


@pytest.mark.parametrize("fmt", ["hex", "base64", "pem"])
def test_signing_key_export_parse_round_trip(fmt):
    key = SigningKey.from_bytes(SEED)
    text = key.export(fmt)
    assert SigningKey.parse(text).secret_key_bytes() == SEED


def test_signing_key_text_forms():
    key = SigningKey.from_bytes(SEED)
    assert key.to_hex() == SEED.hex()
    assert base64.b64decode(key.to_base64()) == SEED
    assert key.to_pem().startswith("-----BEGIN PRIVATE KEY-----")
    # The reference SDK's PEM (PKCS#8 v2 carrying the public key) is accepted.
    assert SigningKey.from_pem(REFERENCE_PRIVATE_PEM).secret_key_bytes() == SEED
    with pytest.raises(ValidationError):
        key.export("der")


def test_public_key_text_forms():
    pub = SigningKey.from_bytes(SEED).public_key
    assert pub.to_hex() == SEED_PUBLIC_HEX == pub.hex()
    assert PublicKey.from_hex(SEED_PUBLIC_HEX) == pub
    assert PublicKey.from_base64(base64.b64encode(pub.to_bytes()).decode()) == pub
    assert PublicKey.from_pem(REFERENCE_PUBLIC_PEM) == pub
    assert pub.to_pem().strip() == REFERENCE_PUBLIC_PEM.strip()
    assert PublicKey.from_pem(pub.to_pem()) == pub
    assert bytes(pub) == pub.to_bytes()


def test_public_key_value_semantics():
    a = SigningKey.from_bytes(SEED).public_key
    b = PublicKey.from_bytes(bytes.fromhex(SEED_PUBLIC_HEX))
    c = SigningKey.from_bytes(bytes(32)).public_key
    assert a == b and not (a != b) and a != c
    assert hash(a) == hash(b)
    assert len({a, b, c}) == 2
    assert (a == "not a key") is False
    assert str(a) == repr(a) == "PublicKey(03a107bf...)"
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.copy(a) is a and copy.deepcopy(a) is a


@pytest.mark.parametrize("bad", [b"", b"\x01" * 31, b"\x01" * 33])
def test_public_key_wrong_length(bad):
    with pytest.raises(TenuoError) as info:
        PublicKey.from_bytes(bad)
    assert isinstance(info.value, ValueError)


def test_public_key_parse_garbage():
    for text in ["", "zz" * 32, "not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"]:
        with pytest.raises(TenuoError):
            PublicKey.parse(text)


def test_signing_key_repr_redacts_secret():
    key = SigningKey.from_bytes(SEED)
    text = repr(key)
    assert SEED.hex() not in text and "REDACTED" in text and SEED_PUBLIC_HEX[:8] in text
    assert str(key) == text


def test_signing_key_refuses_pickle_but_copies_as_itself():
    key = SigningKey.from_bytes(SEED)
    with pytest.raises(TypeError):
        pickle.dumps(key)
    assert copy.copy(key) is key and copy.deepcopy(key) is key
    assert key == SigningKey.from_bytes(SEED) and hash(key) == hash(SigningKey.from_bytes(SEED))


def test_from_env_autodetects(monkeypatch):
    key = SigningKey.from_bytes(SEED)
    forms = {
        "hex": SEED.hex(),
        "base64": base64.b64encode(SEED).decode(),
        "base64url": base64.urlsafe_b64encode(SEED).decode().rstrip("="),
        "pem": key.to_pem(),
        "reference_pem": REFERENCE_PRIVATE_PEM,
        "padded": "  " + SEED.hex() + "\n",
    }
    for name, value in forms.items():
        monkeypatch.setenv("TENUO_TEST_KEY", value)
        assert SigningKey.from_env("TENUO_TEST_KEY").secret_key_bytes() == SEED, name
    monkeypatch.setenv("TENUO_TEST_PUB", SEED_PUBLIC_HEX)
    assert PublicKey.from_env("TENUO_TEST_PUB") == key.public_key
    monkeypatch.setenv("TENUO_TEST_PUB", REFERENCE_PUBLIC_PEM)
    assert PublicKey.from_env("TENUO_TEST_PUB") == key.public_key


def test_from_env_errors(monkeypatch):
    monkeypatch.delenv("TENUO_TEST_MISSING", raising=False)
    with pytest.raises(ConfigurationError, match="TENUO_TEST_MISSING"):
        SigningKey.from_env("TENUO_TEST_MISSING")
    with pytest.raises(ConfigurationError):
        PublicKey.from_env("TENUO_TEST_MISSING")
    monkeypatch.setenv("TENUO_TEST_BAD", "not a key at all")
    with pytest.raises(ConfigurationError):
        SigningKey.from_env("TENUO_TEST_BAD")
    with pytest.raises(TypeError):
        SigningKey.from_env(42)


def test_from_file(tmp_path):
    key = SigningKey.from_bytes(SEED)
    for name, text in [("k.hex", SEED.hex() + "\n"), ("k.pem", key.to_pem()),
                       ("k.b64", base64.b64encode(SEED).decode())]:
        path = tmp_path / name
        path.write_text(text)
        assert SigningKey.from_file(path).secret_key_bytes() == SEED
        assert SigningKey.from_file(str(path)).secret_key_bytes() == SEED
    pub_path = tmp_path / "pub.pem"
    pub_path.write_text(key.public_key.to_pem())
    assert PublicKey.from_file(pub_path) == key.public_key
    with pytest.raises(ConfigurationError, match="not found"):
        SigningKey.from_file(tmp_path / "missing")
    (tmp_path / "bin").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigurationError):
        SigningKey.from_file(tmp_path / "bin")
    with pytest.raises(TypeError):
        SigningKey.from_file(123)


def test_raw_sign_and_verify_rfc8032():
    key = SigningKey.from_bytes(RFC_SECRET)
    assert key.public_key.to_bytes() == RFC_PUBLIC
    assert key.sign_raw(b"") == RFC_SIG
    assert key.public_key.verify_raw(b"", RFC_SIG) is True
    assert key.public_key.verify_raw(b"x", RFC_SIG) is False
    assert key.public_key.verify_raw(b"", RFC_SIG[:-1] + b"\x00") is False
    assert key.public_key.verify_raw(b"", b"short") is False
    with pytest.raises(TypeError):
        key.sign_raw("text")


def test_close_is_idempotent_and_guards_use():
    key = SigningKey.generate()
    pub = key.public_key
    key.close()
    key.close()
    assert key.closed
    with pytest.raises(ClosedHandleError):
        key.secret_key_bytes()
    with pytest.raises(ValueError):
        key.sign_raw(b"x")
    assert repr(key) == "SigningKey(<closed>)"
    with SigningKey.generate() as scoped:
        scoped.sign_raw(b"x")
    assert scoped.closed
    # A public key taken earlier stays usable: it is its own handle.
    assert len(pub.to_bytes()) == 32
