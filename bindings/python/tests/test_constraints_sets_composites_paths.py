"""Structural constraint classes (Contains, Subset, All, AnyOf, Not, Subpath, Shlex): JSON forms,
evaluation and attenuation through libtenuo, round trip through a warrant."""

import pytest

from tenuo import (All, AnyOf, Contains, Exact, Not, Pattern, Range, Shlex, SigningKey, Subpath,
                   Subset, Warrant)
from tenuo import exceptions as exc

KEY = SigningKey.from_bytes(b"\x05" * 32)
T0 = 1_767_225_600


def test_json_forms():
    assert Contains(["a", 1]).to_json() == {"type": "Contains", "required": ["a", 1]}
    assert Subset([1, 2]).to_json() == {"type": "Subset", "allowed": [1, 2]}
    assert AnyOf([Exact("a")]).to_json() == {"type": "Any", "constraints": [{"type": "Exact", "value": "a"}]}
    assert Not(Pattern("x*")).to_json() == {"type": "Not", "constraint": {"type": "Pattern", "pattern": "x*"}}
    assert Subpath("/data/").to_json() == {"type": "Subpath", "root": "/data", "case_sensitive": True,
                                           "allow_equal": True}
    assert Shlex(allow=["ls"]).to_json() == {"type": "Shlex", "allow": ["ls"]}


def test_evaluation():
    assert Contains(["a"]).matches(["a", "b"]) and not Contains(["a"]).matches(["b"])
    assert not Contains(["a"]).matches("a"), "a scalar never matches"
    assert Subset([1, 2]).matches([1]) and not Subset([1, 2]).matches([1.0])
    assert All([Range.min_value(0), Not(Exact(13))]).matches(5)
    assert not All([Range.min_value(0), Not(Exact(13))]).matches(13)
    assert AnyOf([Exact("r"), Exact("w")]).matches("w") and not AnyOf([Exact("r")]).matches("x")
    assert Subpath("/data").contains("/data/a/../b") and not Subpath("/data").contains("/data/../etc/passwd")
    assert not Subpath("/data", allow_equal=False).contains("/data")
    assert Subpath("/Data", case_sensitive=False).contains("/data/x")
    assert Shlex(allow=["ls"]).matches("ls -la") and not Shlex(allow=["ls"]).matches("ls; rm -rf /")
    assert not Shlex(allow=["ls"]).matches("cat /etc/passwd")


def test_attenuation():
    Subpath("/data").validate_attenuation(Subpath("/data/reports"))
    Subpath("/data").validate_attenuation(Exact("/data/x"))
    with pytest.raises(exc.TenuoError):
        Subpath("/data/reports").validate_attenuation(Subpath("/data"))
    Contains(["a"]).validate_attenuation(Contains(["a", "b"]))
    with pytest.raises(exc.TenuoError):
        Contains(["a", "b"]).validate_attenuation(Contains(["a"]))
    Subset([1, 2]).validate_attenuation(Subset([1]))
    with pytest.raises(exc.TenuoError):
        Subset([1]).validate_attenuation(Subset([1, 2]))
    All([Pattern("/data/*")]).validate_attenuation(All([Pattern("/data/r/*"), Pattern("*.pdf")]))
    with pytest.raises(exc.TenuoError):
        Not(Exact("a")).validate_attenuation(Not(Exact("b")))
    Shlex(allow=["ls", "cat"]).validate_attenuation(Shlex(allow=["ls"]))
    with pytest.raises(exc.TenuoError):
        Shlex(allow=["ls"]).validate_attenuation(Shlex(allow=["ls", "rm"]))


def test_bad_arguments():
    with pytest.raises(TypeError):
        Contains("abc")
    with pytest.raises(TypeError):
        All([1, 2])
    with pytest.raises(TypeError):
        Not("x")
    with pytest.raises(TypeError):
        Subpath(3)
    with pytest.raises(exc.TenuoError):
        Shlex(allow=[])
    with pytest.raises(exc.TenuoError):
        All([])


def test_round_trip_through_a_warrant():
    w = (Warrant.mint_builder()
         .capability("run", cmd=Shlex(allow=["ls"]), path=Subpath("/srv"), tags=Contains(["x"]),
                     mode=AnyOf([Exact("r"), Exact("w")]), n=All([Range.min_value(0), Not(Exact(13))]))
         .holder(KEY.public_key).mint(KEY, now=T0))
    again = Warrant(str(w))
    assert again.capabilities == w.capabilities
    ok = {"cmd": "ls /srv", "path": "/srv/a", "tags": ["x"], "mode": "r", "n": 1}
    assert again.why_denied("run", ok, now=T0).denied is False
    bad = dict(ok, path="/srv/../etc")
    why = again.why_denied("run", bad, now=T0)
    assert why.denied and why.field == "path"
