"""Constraint classes: their JSON forms for the C API, validation, value semantics."""

from __future__ import annotations

import json
import math

import pytest

from tenuo import AnyValue, Exact, NotOneOf, OneOf, Pattern, Range, Wildcard
from tenuo.constraints import UnknownConstraint, constraint_from_json, constraints_json
from tenuo import exceptions as exc
from tenuo.exceptions import InvalidRange, ValidationError


def test_json_forms():
    assert Exact("a").to_json() == {"type": "Exact", "value": "a"}
    assert Pattern("/data/*").to_json() == {"type": "Pattern", "pattern": "/data/*"}
    assert OneOf(["a", "b"]).to_json() == {"type": "OneOf", "values": ["a", "b"]}
    assert NotOneOf(("x",)).to_json() == {"type": "NotOneOf", "excluded": ["x"]}
    assert Wildcard().to_json() == {"type": "Wildcard"}
    assert Range(1, 10).to_json() == {"type": "Range", "min": 1.0, "max": 10.0,
                                      "min_inclusive": True, "max_inclusive": True}


def test_range_forms():
    r = Range.max_value(15)
    assert (r.min, r.max) == (None, 15.0) and isinstance(r.max, float)
    r = Range.min_value(2)
    assert (r.min, r.max) == (2.0, None)
    r = Range(min=0.5)
    assert (r.min, r.max) == (0.5, None)
    r = Range(0, 10, min_inclusive=False, max_inclusive=False)
    assert r.to_json()["min_inclusive"] is False and r.to_json()["max_inclusive"] is False
    assert Range.max_value(5, inclusive=False).max_inclusive is False
    assert Range(10, 5).to_json()["min"] == 10.0  # accepted (matches nothing), as the reference
    inf = Range(-math.inf, math.inf)
    assert inf.min == -math.inf and inf.max == math.inf
    assert repr(Range(1, 2)) == "Range(min=1.0, max=2.0)"
    assert "max_inclusive=False" in repr(Range(1, 2, max_inclusive=False))


@pytest.mark.parametrize("bad", ["1", [1], {"a": 1}, True, object()])
def test_range_bound_types(bad):
    with pytest.raises(TypeError):
        Range(bad)
    with pytest.raises(TypeError):
        Range(None, bad)


def test_range_nan_bound_refused():
    with pytest.raises(InvalidRange) as info:
        Range(float("nan"))
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("text", [
    "", "*", "?", "a*b?c", "/data/*", "*/x/*", "]", "a]b", "\\", "{a,b}", "!", "a/**",
    "**/a", "a/**/b", "***", "x**", "**x", "[", "[a", "[]", "[!]", "[!a]", "[ab]", "a[b]c",
    "\u00e9*", "\U0001f600?", "x" * 300,
])
def test_pattern_validity_matches_the_library(text):
    # Pattern() must refuse exactly the globs the library's own check refuses.
    from tenuo import _native

    try:
        _native.constraint_check(json.dumps({"type": "Pattern", "pattern": text}))
        library_ok = True
    except exc.TenuoError:
        library_ok = False
    try:
        Pattern(text)
        ours_ok = True
    except exc.InvalidPattern:
        ours_ok = False
    assert ours_ok == library_ok, text
    with pytest.raises(TypeError):
        Range(1, 2, min_inclusive="yes")


def test_value_types():
    assert Exact(5).to_json()["value"] == 5          # the wire allows non-strings
    assert Exact(None).to_json()["value"] is None
    assert OneOf([1, 2.5, "x", None, [1], {"k": True}]).values[3] is None
    for bad in [object(), b"bytes", {1, 2}]:
        with pytest.raises(TypeError):
            Exact(bad)
    with pytest.raises(TypeError):
        OneOf("abc")          # a string is not a list of values
    with pytest.raises(TypeError):
        NotOneOf(5)
    with pytest.raises(TypeError):
        OneOf([object()])
    with pytest.raises(TypeError):
        Pattern(5)
    with pytest.raises(ValidationError):
        Pattern("\ud800")


def test_equality_and_hash():
    assert Pattern("a*") == Pattern("a*") and Pattern("a*") != Pattern("b*")
    assert Exact("5") != Exact(5)
    assert len({Range(1, 2), Range(1.0, 2.0), Range(1, 3)}) == 2
    assert Wildcard() == AnyValue()
    assert AnyValue is Wildcard
    assert (Exact("a") == "a") is False


def test_reprs():
    assert repr(Exact("a")) == "Exact('a')"
    assert repr(Pattern("/d/*")) == "Pattern('/d/*')"
    assert repr(OneOf(["a"])) == "OneOf(['a'])"
    assert repr(NotOneOf(["a"])) == "NotOneOf(['a'])"
    assert repr(Wildcard()) == "Wildcard()"
    assert str(Exact("a")) == repr(Exact("a"))


def test_from_json_round_trip():
    for c in [Exact("a"), Exact(3), Pattern("x*"), Range(1, None), Range(None, 2, max_inclusive=False),
              OneOf(["a", 1]), NotOneOf(["b"]), Wildcard()]:
        assert constraint_from_json(c.to_json()) == c
    unknown = constraint_from_json({"type": "Unknown", "type_id": 200, "payload": "a1"})
    assert isinstance(unknown, UnknownConstraint)
    assert unknown.to_json() == {"type": "Unknown", "type_id": 200, "payload": "a1"}
    assert "Unknown(" in repr(unknown)


def test_constraint_set_json():
    text = constraints_json({"path": Pattern("/d/*"), "n": Range(0, 5), "_allow_unknown": True})
    data = json.loads(text)
    assert data == {"path": {"type": "Pattern", "pattern": "/d/*"},
                    "n": {"type": "Range", "min": 0.0, "max": 5.0, "min_inclusive": True,
                          "max_inclusive": True},
                    "_allow_unknown": True}
    assert constraints_json(None) is None
    assert json.loads(constraints_json({"p": "/x"}, strings_are_exact=True)) == {
        "p": {"type": "Exact", "value": "/x"}}
    with pytest.raises(TypeError):
        constraints_json({"p": "/x"})          # minting takes constraint objects only
    with pytest.raises(TypeError, match="call it"):
        constraints_json({"p": Wildcard})      # the class, not an instance
    with pytest.raises(TypeError):
        constraints_json({1: Wildcard()})
    with pytest.raises(TypeError):
        constraints_json({"_allow_unknown": "yes"})
    with pytest.raises(TypeError):
        constraints_json(["path"])


def test_evaluation_methods():
    assert Pattern("/data/*").matches("/data/a/b") and not Pattern("/data/*").matches("/data")
    assert not Pattern("/data/*").matches(5)
    assert Exact("a").matches("a") and not Exact("5").matches(5)
    assert Range(0, 5).contains(5) and Range(0, 5).contains(2.5) and not Range(0, 5).contains(5.5)
    assert not Range(0, 5, max_inclusive=False).contains(5)
    assert not Range(0, 5).contains(True) and not Range(0, 5).contains("3")
    assert Range.min_value(0).contains(2 ** 64)
    assert OneOf(["a", "b"]).contains("b") and not OneOf(["a"]).contains("c")
    assert not NotOneOf(["a"]).allows("a") and NotOneOf(["5"]).allows(5)
    assert Wildcard().matches([1, {"x": None}]) and Wildcard().satisfies(None)
    with pytest.raises(TypeError):
        Pattern("x").satisfies(object())


def test_invalid_glob_is_refused_at_construction():
    with pytest.raises(exc.InvalidPattern) as info:
        Pattern("[")
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize("parent,child,error", [
    (Pattern("/data/*"), Pattern("/data/reports/*"), None),
    (Pattern("/data/*"), Exact("/data/x"), None),
    (Pattern("/data/*"), Pattern("/*"), exc.PatternExpanded),
    (Pattern("x*"), Wildcard(), exc.WildcardExpansion),
    (Wildcard(), Pattern("x"), None),
    (Range(0, 5), Range(1, 4), None),
    (Range(0, 5), Range(0, 6), exc.RangeExpanded),
    (Range(0, 5, max_inclusive=False), Range(0, 5), exc.RangeInclusivityExpanded),
    (OneOf(["a", "b"]), OneOf(["a"]), None),
    (OneOf(["a"]), OneOf(["a", "b"]), exc.ValueNotInParentSet),
    (NotOneOf(["a"]), NotOneOf(["a", "b"]), None),
    (NotOneOf(["a", "b"]), NotOneOf(["a"]), exc.ExclusionRemoved),
    (Exact("a"), Exact("b"), exc.MonotonicityError),
    (Range(0, 5), Exact("3"), exc.IncompatibleConstraintTypes),
])
def test_validate_attenuation(parent, child, error):
    if error is None:
        assert parent.validate_attenuation(child) is None
    else:
        with pytest.raises(error) as info:
            parent.validate_attenuation(child)
        assert info.value.status in (1501, 1502, 1503)
    with pytest.raises(TypeError):
        parent.validate_attenuation("not a constraint")


def test_constraints_json_fast_path_matches_the_general_encoder():
    # constraints_json writes a plain dict piece by piece; it must give the text (and raise the
    # errors) of encoding the whole {name: to_json()} mapping at once.
    from tenuo import All, Cidr, Contains, Not, Regex, Subpath
    from tenuo.constraints import _constraints_json_general

    cases = [
        {"query": Pattern("weather *")},
        {"q": Pattern('é"\\\n\x01\u2028\U0001f600')},
        {"é\"": Exact("x"), "_allow_unknown": True},
        {"a": Range(0, 5), "b": Range(float("-inf"), None), "c": OneOf([1, "a", None, 2.5]),
         "d": NotOneOf(["x"]), "e": Wildcard(), "f": Exact({"k": [1, 2.5]})},
        {"a": All([Pattern("a*"), Exact("ab")]), "b": Not(Exact("x")), "c": Cidr("10.0.0.0/8"),
         "d": Regex("^a$"), "e": Subpath("/data"), "f": Contains(["x"])},
        {}, {"_allow_unknown": False},
    ]
    for case in cases:
        for exact in (False, True):
            fast = constraints_json(case, strings_are_exact=exact)
            assert fast == _constraints_json_general(case, exact)
            json.loads(fast)
    assert constraints_json({"x": "lit"}, strings_are_exact=True) == \
        '{"x":{"type":"Exact","value":"lit"}}'
    for bad in [{"x": "lit"}, {1: Pattern("a")}, {"_allow_unknown": 1}, {"x": Pattern},
                {"\ud800": Pattern("a")}]:
        outcomes = []
        for encode in (lambda: constraints_json(bad), lambda: _constraints_json_general(bad, False)):
            with pytest.raises(exc.TenuoError) as info:
                encode()
            outcomes.append((type(info.value), str(info.value)))
        assert outcomes[0] == outcomes[1]
