"""Tool arguments cross into C as JSON: ints stay ints, floats floats, bools bools."""

from __future__ import annotations

import datetime
import enum
import math

import pytest

from tenuo import Pattern, Warrant, Wildcard
from tenuo._values import args_json

from helpers import NOW


@pytest.fixture
def open_warrant(root_key):
    return Warrant.mint_builder().tool("any").mint(root_key, now=NOW)


def challenge(w, args):
    return w.pop_challenge("any", args, NOW)


def test_json_text_keeps_kinds():
    assert args_json({"a": 50, "b": 50.0, "c": True, "d": None}) == \
        '{"a":50,"b":50.0,"c":true,"d":null}'
    assert args_json({"big": 2 ** 70}) == '{"big":1180591620717411303424}'
    assert args_json({"n": math.nan, "i": -math.inf}) == '{"n":NaN,"i":-Infinity}'
    assert args_json({"t": (1, 2)}) == '{"t":[1,2]}'
    assert args_json({"s": "caf\u00e9"}) == '{"s":"caf\u00e9"}'
    assert args_json(None) == "{}"

    class Color(enum.IntEnum):
        RED = 1

    assert args_json({"c": Color.RED}) == '{"c":1}'


def test_int_float_bool_give_different_challenges(open_warrant):
    seen = {challenge(open_warrant, {"v": value}) for value in [50, 50.0, True, 1, 1.0, "50", None]}
    assert len(seen) == 7
    assert challenge(open_warrant, {"v": 50}) == challenge(open_warrant, {"v": 50})


def test_nested_values_and_key_order(open_warrant):
    a = challenge(open_warrant, {"b": 1, "a": {"y": [1, 2.5, None], "x": "s"}})
    b = challenge(open_warrant, {"a": {"x": "s", "y": [1, 2.5, None]}, "b": 1})
    assert a == b


def test_special_numbers_are_accepted(open_warrant):
    for value in [2 ** 64, -(2 ** 63) - 1, math.nan, math.inf, -0.0, 1e308]:
        assert len(open_warrant.sign(_key(), "any", {"v": value}, NOW)) == 64


def _key():
    from helpers import seed_key
    return seed_key(1)


@pytest.mark.parametrize("value", [object(), b"bytes", {1, 2}, datetime.date(2026, 1, 1),
                                   1 + 2j, Wildcard(), Pattern("x")])
def test_unsupported_values_are_type_errors(open_warrant, value):
    with pytest.raises(TypeError):
        open_warrant.sign(_key(), "any", {"v": value}, NOW)
    with pytest.raises(TypeError):
        open_warrant.why_denied("any", {"v": [value]}, now=NOW)


def test_bad_shapes(open_warrant):
    with pytest.raises(TypeError):
        open_warrant.allows("any", ["not", "a", "dict"])
    with pytest.raises(TypeError):
        open_warrant.allows("any", {1: "non-str key"})
    with pytest.raises(TypeError):
        open_warrant.allows("any", {"v": {2: "nested non-str key"}})
    with pytest.raises(ValueError):
        open_warrant.allows("any", {"v": "\ud800"})          # lone surrogate
    cyclic: list = []
    cyclic.append(cyclic)
    with pytest.raises(ValueError):
        open_warrant.allows("any", {"v": cyclic})
    deep: object = "x"
    for _ in range(200):
        deep = [deep]
    with pytest.raises(ValueError):
        open_warrant.allows("any", {"v": deep})


def test_moderate_nesting_reaches_the_library(open_warrant):
    deep: object = 1
    for _ in range(20):
        deep = {"k": deep}
    assert open_warrant.allows("any", {"v": deep})
