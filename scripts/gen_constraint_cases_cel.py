#!/usr/bin/env python3
"""Differential cases for CEL constraints (type 15).

Every expected outcome is the reference runtime's decision (tenuo 0.3.3 with cel-interpreter
0.10, run with TENUO_REF_PYTHON, default /tmp/refvenv/bin/python; the script re-executes itself
there):
- evaluation: `[15, {"expression": e}]` is spliced into a reference-minted warrant as the only
  constraint `a` of tool `t`, and `check_constraints_detailed("t", {"a": value})` decides (None =
  match; a mismatch, a CelError or a panic of the Rust core = no match);
- attenuation: a root-signed parent and a holder-signed child carrying the two expressions,
  judged by `Authorizer.verify_chain` (0 or the exception's wire code).
Where libtenuo deliberately decides otherwise (the step budget, attenuations the reference
accepts that are unsound), "expect" is libtenuo's decision with "reference" and
"divergence" beside it (see docs/constraints-cel.md). Expressions that make the reference panic
carry "reference_panics": libtenuo denies them cleanly.

Output: Tests/Vectors/constraints-cel.json, deterministic (fixed seed); commit it.
Usage: scripts/gen_constraint_cases_cel.py [OUT]
"""
import json
import os
import random
import sys

REF_PYTHON = os.environ.get("TENUO_REF_PYTHON", "/tmp/refvenv/bin/python")
try:
    import tenuo  # noqa: F401
    import tenuo_core  # noqa: F401
except ImportError:
    if os.environ.get("_GEN_CEL_REEXEC"):
        raise
    os.environ["_GEN_CEL_REEXEC"] = "1"
    os.execv(REF_PYTHON, [REF_PYTHON] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "Tests", "Vectors", "constraints-cel.json")
SEED = 0x5EED_0015

sys.path.insert(0, HERE)
from refcases.cbor import enc_struct, enc_text, head  # noqa: E402
from refcases.harness import ref_attenuation, ref_warrant  # noqa: E402


def to_wire(j):
    pairs = [("expression", enc_text(j["expression"]))]
    if j.get("parent_expression") is not None:
        pairs.append(("parent_expression", enc_text(j["parent_expression"])))
    return b"\x82" + head(0, 15) + enc_struct(pairs)


def CEL(e):
    return {"type": "CEL", "expression": e}


def ref_eval(w, value):
    """(match, raised, panicked) as the reference decides."""
    try:
        r = w.check_constraints_detailed("t", {"a": value})
    except BaseException as e:  # noqa: BLE001 - a panic of the Rust core is a BaseException
        return False, True, type(e).__name__ == "PanicException"
    if r is None:
        return True, False, False
    return False, r[1] != "value does not match constraint", "panicked" in str(r[1]).lower()


# Macros over a map. The reference iterates a map in a random order on every evaluation, so
# each (expression, argument) runs MAP_RUNS times there: where the decision varies between runs,
# libtenuo denies (it evaluates every key of `all`/`exists` and raises if any raises or the
# outcome depends on the order); `map`/`filter` over two or more keys with distinct results
# raise in libtenuo even where the use is order-free (MAP_STRICT), a safe-direction divergence.
MAP_RUNS = 40
MAP_VALUES = [{"m": {"a": 1, "b": 2, "c": 0}}, {"m": {"a": 1}}, {"m": {}}, {"m": {"x": "s", "y": 1, "z": None}},
              {"m": {"p": 2, "q": 2}}]
MAP_EXPRS = ["m.all(k, k != '')", "m.all(k, m[k] != 0)", "!m.all(k, m[k] > 0)", "m.exists(k, m[k] == 2)",
             "m.exists_one(k, m[k] == 2)", "m.all(k, k in ['a', 'b', 'c'])", "m.exists(k, k == 'b')",
             "!m.all(k, 10 / m[k] > 6)", "m.exists(k, 10 / m[k] == 5)", "m.exists(k, m[k] == 2 || m[k] / 0 == 1)",
             "m.map(k, k)[0] == 'a'", "m.filter(k, m[k] > 0) == ['a', 'b']", "m.map(k, m[k]) == [2, 2]",
             "size(m.map(k, k)) == size(m)", "'a' in m.map(k, k)", "m.filter(k, k != '').size() >= 0",
             "m.map(k, 1).size() == size(m)"]
MAP_STRICT = {"m.map(k, k)[0] == 'a'", "m.filter(k, m[k] > 0) == ['a', 'b']", "size(m.map(k, k)) == size(m)",
              "'a' in m.map(k, k)", "m.filter(k, k != '').size() >= 0"}
MAP_VARIES = ("the reference iterates a map in a random order on every evaluation and decides this case "
              "differently from run to run (%d runs); libtenuo denies")
MAP_STRICT_TEXT = ("a list built by map/filter over two or more keys of a map, with distinct elements, has the "
                   "reference's random order; libtenuo raises (denies) even where the use does not depend on it")

# ---------------------------------------------------------------------------------------------
# Pools.

R = random.Random(SEED)

BIG_STR = "ab" * 5000
BIG_LIST = list(range(3000))
VALUES = [0, 1, -1, 5, 42, 10000, 2 ** 63 - 1, -2 ** 63, 1.5, -0.0, 0.1, 1e300, "", "abc", "ABC", "staging-web",
          "prod-db", "café", "cafe\u0301", "\U0001F600", "a b", "10.1.2.3", "192.168.1.1", "fc00::1", "8.8.8.8",
          "admin", "12", "-7", "1.5", "true", True, False, None, [1, 2, 3], ["admin", "user"], [], [1, "a", None],
          [1.0, 2], [[1], [2, 3]], {"amount": 5000, "currency": "USD"}, {"amount": 75000, "approver": "cfo@x.com"},
          {"value": 3}, {"a": {"b": 1}}, {"roles": ["admin"], "n": 2}, {}, {"value": "abc", "x": 1}]

# Expressions over `value` (or an object argument's fields): every operator, function and macro,
# error cases, type errors, overflow, division by zero, unicode.
EXPRS = [
    # literals and equality across kinds
    "true", "false", "null == null", "value == 1", "value == 1.0", "value == 1u", "value == '1'", "value != 1",
    "value == true", "value == null", "value == []", "value == {}", "value == [1, 2, 3]", "value == [1.0, 2.0, 3.0]",
    "value == 'café'", "value == 'cafe\\u0301'", "value == \"\\u00e9\"", "value == b'abc'", "value == 0.1",
    "1 == 1.0", "1u == 1", "1u == 1.0", "-1 == 18446744073709551615u", "[1, 'a'] == [1, 'a']", "{'a': 1} == {'a': 1.0}",
    "{1: 'a'} == {1u: 'a'}", "0.0 == -0.0", "b'\\x00' == b'\\000'", "'\\x41' == 'A'", "'\\101' == 'A'",
    "'\\U0001F600' == '😀'", "r'\\n' == '\\\\n'", "'''a\nb''' == 'a\\nb'", "\"\"\"x\"\"\" == 'x'",
    # comparison
    "value < 10", "value <= 5", "value > 1.2", "value >= -1", "value < 'b'", "value > ''", "value < 1u",
    "value < 10 && value > 0", "1 < 1.5", "2u > 1", "-1 < 0u", "true > false", "null <= null", "[1] < [2]",
    "{'a': 1} < {'a': 2}", "b'a' < b'b'", "'a' < 1", "0.0/0.0 < 1.0", "9223372036854775807 > 18446744073709551615u",
    "1.0 < 9223372036854775807", "'Z' < 'a'", "'é' > 'z'",
    # arithmetic, overflow, division by zero
    "value + 1 > 0", "value - 1 < 100", "value * 2 == 10", "value / 2 == 2", "value % 2 == 1", "value + 1.0 > 0.0",
    "9223372036854775807 + 1 > 0", "-9223372036854775808 - 1 < 0", "9223372036854775807 * 2 > 0",
    "-9223372036854775808 / -1 > 0", "-9223372036854775808 % -1 == 0", "1 / 0 == 1", "1 % 0 == 0", "1u / 0u == 1u",
    "1u - 2u > 0u", "18446744073709551615u + 1u > 0u", "1.0 / 0.0 > 1e308", "5 % 3 == 2", "-5 % 3 == -2",
    "-5 / 2 == -2", "7.5 % 2.0 == 1.5", "1 + 1u == 2", "1 + 1.0 == 2.0", "'a' + 'b' == 'ab'", "[1] + [2] == [1, 2]",
    "value + value == value * 2", "-value < 0", "-(value) == 0 - value", "--value == value", "!!value",
    "-9223372036854775808 < 0", "9223372036854775808 > 0", "0x10 == 16", "0xFFu == 255u", "-0x10 == -16",
    "1e3 == 1000.0", ".5 == 0.5", "-1.5 < -1", "- 1 == -1", "---1 == -1",
    # logic and truthiness
    "value && true", "value || false", "!value", "value ? true : false", "true || 1 / 0 == 1",
    "1 / 0 == 1 || true", "false && 1 / 0 == 1", "1 / 0 == 1 && false", "1 && true", "0 || true", "'x' || false",
    "false || 'x'", "true ? 1 / 0 == 1 : true", "false ? 1 / 0 == 1 : true", "value == 1 ? value > 0 : value < 0",
    "!1", "!''", "![]", "!{}", "!null", "1 ? true : false", "null ? false : true", "!(value > 1)",
    "value > 1 || value < -1 && value != 0", "(value > 1 || value < -1) && value != 0", "true || false && false",
    # in
    "value in [1, 2, 3]", "value in ['admin', 'root']", "'a' in value", "1 in value", "'amount' in value",
    "value in {'abc': 1}", "value in 'xabcx'", "1 in {1u: 2}", "[1] in [[1], [2]]", "null in [null]", "1 in 1",
    "1.0 in [1]", "value in []",
    # indexing and selection
    "value[0] == 1", "value[0] == 'admin'", "value[5] == null", "value[-1] == null", "value[0u] == 1",
    "value['a'] == null", "value.a == 1", "value.a.b == 1", "a.b == 1", "has(a.b)", "has(value.a)", "has(a.c)",
    "amount < 10000", "amount < 10000 && currency == 'USD'", "amount < 10000 || (amount < 100000 && approver != '')",
    "'admin' in roles", "roles[0] == 'admin'", "n == 2 && size(roles) == 1", "value == 3", "x == 1",
    "value[1] == 'b'", "value[3] == null", "value[0] == 'c'", "{'a': 1}['a'] == 1", "{'a': 1}['b'] == null",
    "{'a': 1}.a == 1", "{'a': 1}.b == 1", "{1: 2}[1u] == 2", "{1u: 2}[1] == 2", "{true: 1}[true] == 1",
    "[1, 2][1.0] == 2", "{'a': 1}[[]] == 1", "'abc'[1] == 'b'", "'é'[0] == null", "[1, 2][1] == 2",
    "{'a': {'b': [1, 2]}}.a.b[1] == 2", "{[1]: 2} == {}", "{1.5: 2} == {}", "{'a': 1, 'a': 2}['a'] == 2",
    # functions
    "size(value) == 3", "value.size() == 3", "size(value) > 0", "size('é') == 2", "size(b'ab') == 2",
    "size({'a': 1}) == 1", "size(1) == 1", "size() == 0", "size(value, 1 / 0) == 3",
    "value.contains('a')", "value.contains(1)", "value.contains('admin')", "[1, 2].contains(2.0)",
    "{'a': 1}.contains('a')", "{'a': 1}.contains(1.5)", "b'abc'.contains(b'b')", "'abc'.contains(1)",
    "contains('abc', 'b')", "1.contains(1)",
    "value.startsWith('staging')", "value.endsWith('db')", "value.startsWith('')", "startsWith(value, 'ab')",
    "value.startsWith(1)", "value.startsWith()", "value.startsWith('a', 1 / 0)", "'café'.endsWith('é')",
    "'cafe\\u0301'.endsWith('é')", "value.matches('^[a-z]+$')", "value.matches('a+')", "value.matches('(')",
    "value.matches('^\\\\d+$')", "matches(value, 'b')", "value.matches('^.$')", "value.matches('\\\\bab')",
    "string(value) == '1'", "string(1.5) == '1.5'", "string(1.0) == '1'", "string(1e20) == '100000000000000000000'",
    "string(1e-7) == '0.0000001'", "string(0.1 + 0.2) == '0.30000000000000004'", "string(-0.0) == '-0'",
    "string(1.0 / 0.0) == 'inf'", "string(0.0 / 0.0) == 'NaN'", "string(123u) == '123'", "string(b'ab') == 'ab'",
    "string(true) == 'true'", "string(null) == 'null'", "string(value) == value", "string(5e-324) != ''",
    "string(1.7976931348623157e308).size() == 309", "string(123456789.125) == '123456789.125'",
    "bytes('abc') == b'abc'", "'abc'.bytes() == b'abc'", "bytes(1) == b''", "bytes('é').size() == 2",
    "double(value) > 0.0", "double('1.5') == 1.5", "double('inf') > 0.0", "double('NaN') != 0.0", "double('1e3') == 1000.0",
    "double('.5') == 0.5", "double('5.') == 5.0", "double('') == 0.0", "double(' 1') == 1.0", "double('0x10') == 16.0",
    "double(1u) == 1.0", "double(null) == 0.0", "double('+1') == 1.0", "double('infinity') > 0.0",
    "int(value) == 12", "int('12') == 12", "int('+12') == 12", "int(' 12') == 12", "int('-9223372036854775808') < 0",
    "int('9223372036854775808') > 0", "int(1.9) == 1", "int(-1.9) == -1", "int(1e19) > 0", "int(9.2233720368547758e18) > 0",
    "int(0.0 / 0.0) == 0", "int(18446744073709551615u) > 0", "int(5u) == 5", "int(true) == 1", "int('1.5') == 1",
    "uint(value) == 5u", "uint('5') == 5u", "uint('-0') == 0u", "uint('+5') == 5u", "uint(-1) == 0u", "uint(-0.5) == 0u",
    "uint(1.5) == 1u", "uint(1.8446744073709552e19) > 0u", "uint(5) == 5u",
    "max(1, 2, 3) == 3", "min(1, 2, 3) == 1", "max([1, 5, 2]) == 5", "min([]) == null", "max(1) == 1",
    "max(1, 'a') == 1", "max(1, 2.5) == 2.5", "min('b', 'a') == 'a'", "max() == null", "max(value) == 3",
    "net_in_cidr(value, '10.0.0.0/8')", "net_in_cidr(value, '192.168.0.0/16')", "net_in_cidr(value, '10.1.2.3')",
    "net_in_cidr(value, 'bogus')", "net_in_cidr(1, '10.0.0.0/8')", "net_in_cidr(value, 'fc00::/7')",
    "net_in_cidr(value, '10.1.2.3/8')", "net_in_cidr(value)", "value.net_in_cidr('10.0.0.0/8')",
    "net_is_private(value)", "net_is_private('172.16.0.1')", "net_is_private('172.32.0.1')", "net_is_private('fd00::1')",
    "net_is_private(5)", "net_is_private('010.0.0.1')",
    "nosuchfn(value)", "value.nosuchfn()", "type(value) == int",
    # macros
    "value.all(x, x > 0)", "value.exists(x, x == 2)", "value.exists_one(x, x > 1)", "value.existsOne(x, x == 1)",
    "value.map(x, x * 2) == [2, 4, 6]", "value.filter(x, x > 1) == [2, 3]", "value.map(x, x > 1, x * 10) == [20, 30]",
    "value.all(x, x)", "value.exists(x, x)", "[1, 2].exists(x, x)", "[0, 2].exists(x, x) == 2", "[].exists(x, x)",
    "[].all(x, x)", "[1, 'a'].all(x, x > 0)", "[0, 'a'].all(x, x > 0)", "['a', 0].all(x, x > 0)",
    "[1, 2].exists(x, x == 1 || x / 0 == 1)", "[2, 1].exists(x, x == 1 || x / 0 == 1)",
    "[1, 2, 3].exists_one(x, x / (x - 2) > 0)", "{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])",
    "{'a': 1}.map(k, k) == ['a']", "value.all(k, k != '')", "1.all(x, x)", "'abc'.all(x, x)",
    "value.all(x, value.all(y, x <= y || x > y))", "[1, 2].map(x, [1, 2].map(y, x * y)) == [[1, 2], [2, 4]]",
    "[1, 2].all(x, [3].all(x, x == 3))", "[1, 2].all(1, true)", "value.filter(x, x)",
    "value.map(x, x) == value", "value.exists(x, x == 'admin')", "roles.exists(r, r == 'admin')",
    "has(value)", "has(value.a.b)", "has({'a': 1}.a)", "has({'a': 1}.b)", "has(1.a)",
    # parse errors and unsupported syntax
    "", "value ==", "this is not valid", "(value", "value)", "'unterminated", "value = 1", "1 + ", "value.",
    "Foo{a: 1} == 1", "a.b.Foo{} == 1", "value.?a == 1", "[?value] == []", "`value` == 1", "value @ 1", "'\\q' == 'q'",
    "'\\u00' == ''", "b'\\u0041' == b'A'", "'\\xff' == 'ÿ'", "b'\\xff'.size() == 1", "'\\377' == 'ÿ'",
    "value.all(x.y, true)", "has(value)", "1 +", "// only a comment", "value == 1 // trailing comment",
    "value\n==\n1", "value\t>\t0",
    # time and duration
    "timestamp('2020-01-01T00:00:00Z') < timestamp('2021-01-01T00:00:00Z')", "duration('1h') > duration('1m')",
    "time_is_expired('2000-01-01T00:00:00Z')", "!time_is_expired(value)", "time_since('2000-01-01T00:00:00Z') > 0",
    "time_since(value) == 0", "size(time_now(0)) > 0", "value.size == value.size",
    # a call with one or two arguments evaluates the first even when unused
    "'abc'.size(1 / 0) == 3", "'abc'.string(1 / 0) == 'abc'", "size('abc', 1 / 0) == 3", "'abc'.size(nosuch) == 3",
    "value.size(value) == size(value)",
]

# Timestamps, durations and the clock functions, over time-like arguments. An outcome never
# depends on the exact second the generator (or a test) runs: past instants are before 2020,
# future ones after 2900, and `time_now` is only compared with those.
TIME_VALUES = ["2000-01-01T00:00:00Z", "2999-12-31T23:59:59Z", "2023-05-28T23:59:60.5+05:30", "1970-01-01T00:00:00Z",
               "not a time", 5, "2023-05-28T10:20:30.123-07:00", "0000-01-01T00:00:00Z",
               "9999-12-31T23:59:59.999999999Z", "1h30m", "-1.5s", "0", "", "2024-02-29t12:00:00z", None,
               {"deadline": "2999-01-01T00:00:00Z", "created": "2001-02-03T04:05:06Z", "ttl": "90m"}]
TIME_EXPRS = [
    # parsing (chrono's RFC 3339 rules) and printing
    "timestamp(value) > timestamp('1999-01-01T00:00:00Z')", "timestamp(value) == timestamp(value)",
    "string(timestamp(value)) == value", "string(timestamp(value)) != ''", "size(string(timestamp(value))) >= 25",
    "string(timestamp('2023-05-28t00:00:00z')) == '2023-05-28T00:00:00+00:00'",
    "string(timestamp('2023-05-28 00:00:00Z')) == '2023-05-28T00:00:00+00:00'",
    "timestamp('2023-05-28T00:00:00') == timestamp('2023-05-28T00:00:00Z')",
    "string(timestamp('2023-05-28T00:00:00+05:30')) == '2023-05-28T00:00:00+05:30'",
    "string(timestamp('2023-05-28T00:00:00-00:00')) == '2023-05-28T00:00:00+00:00'",
    "timestamp('2023-05-28T00:00:00+24:00') != timestamp('2023-05-28T00:00:00Z')",
    "string(timestamp('2023-05-28T00:00:00-23:59')) == '2023-05-28T00:00:00-23:59'",
    "timestamp('2023-05-28T00:00:00+0500') != timestamp('2023-05-28T00:00:00Z')",
    "string(timestamp('2023-05-28T00:00:00.123456789123Z')) == '2023-05-28T00:00:00.123456789+00:00'",
    "string(timestamp('2023-05-28T00:00:00.000001Z')) == '2023-05-28T00:00:00.000001+00:00'",
    "string(timestamp('2023-05-28T00:00:00.5Z')) == '2023-05-28T00:00:00.500+00:00'",
    "timestamp('2023-05-28T00:00:00.Z') != timestamp('2023-05-28T00:00:00Z')",
    "string(timestamp('2023-05-28T23:59:60.5Z')) == '2023-05-28T23:59:60.500+00:00'",
    "timestamp('2023-02-29T00:00:00Z') != timestamp('2023-03-01T00:00:00Z')",
    "timestamp('2024-02-29T00:00:00Z') < timestamp('2024-03-01T00:00:00Z')",
    "timestamp('2023-05-28T24:00:00Z') != timestamp('2023-05-29T00:00:00Z')",
    "timestamp('2023-05-28T00:00:00Z ') == timestamp('2023-05-28T00:00:00Z')",
    "timestamp('+2023-05-28T00:00:00Z') == timestamp('2023-05-28T00:00:00Z')",
    "timestamp('2023-5-28T00:00:00Z') == timestamp('2023-05-28T00:00:00Z')",
    "timestamp(1) == timestamp('2023-05-28T00:00:00Z')", "timestamp() == 1", "'2023-05-28T00:00:00Z'.timestamp() != 1",
    "timestamp('2023-05-28T00:00:00Z', 1 / 0) > timestamp('2000-01-01T00:00:00Z')",
    # comparison and equality across offsets, leap seconds
    "timestamp('2023-05-28T00:00:00Z') == timestamp('2023-05-27T19:00:00-05:00')",
    "timestamp('2023-05-28T23:59:60Z') > timestamp('2023-05-28T23:59:59.9Z')",
    "timestamp('2023-05-28T23:59:60Z') < timestamp('2023-05-29T00:00:00Z')",
    "timestamp('2023-05-28T00:00:00Z') == 1", "timestamp('2023-05-28T00:00:00Z') < 1",
    "timestamp('2023-05-28T00:00:00Z') in [timestamp('2023-05-28T00:00:00Z')]",
    "max(timestamp('2023-05-28T00:00:00Z'), timestamp('2024-05-28T00:00:00Z')) == timestamp('2024-05-28T00:00:00Z')",
    # accessors, in the timestamp's own offset (a timezone argument is ignored)
    "timestamp(value).getFullYear() == 2000", "timestamp(value).getMonth() == 0", "timestamp(value).getDayOfMonth() == 0",
    "timestamp(value).getDate() == 1", "timestamp(value).getDayOfYear() < 366", "timestamp(value).getDayOfWeek() == 6",
    "timestamp(value).getHours() == 10", "timestamp(value).getMinutes() == 20", "timestamp(value).getSeconds() == 30",
    "timestamp(value).getMilliseconds() == 123", "timestamp(value).getMilliseconds() >= 1000",
    "timestamp(value).getHours('UTC') == 10", "getFullYear(timestamp(value)) > 1999",
    "timestamp('2024-12-31T23:00:00-05:00').getDayOfYear() == 365",
    "timestamp('2024-12-31T23:00:00-05:00').getDayOfWeek() == 2",
    "timestamp('2023-05-28T23:59:60Z').getSeconds() == 59",
    "timestamp('2023-05-28T23:59:60.5Z').getMilliseconds() == 1500",
    "timestamp('0000-03-01T00:00:00Z').getDayOfWeek() == 3", "timestamp('2024-03-01T00:00:00Z').getDayOfYear() == 60",
    "timestamp('2023-05-28T00:00:00Z').getMinutes(1 / 0) == 0", "timestamp('2023-05-28T00:00:00Z').getMinutes(1) == 0",
    "'2023'.getFullYear() == 2023", "duration('1h').getHours() == 1", "value.getFullYear() == 2000",
    # durations: the interpreter's grammar and its printing (negative values print their
    # 64-bit two's complement, as the reference does)
    "duration(value) > duration('0s')", "duration(value) == duration('90m')", "string(duration(value)) == '1h30m0s'",
    "string(duration(value)) == '-5124095h34m32.209551616s'", "string(duration(value)) == '0s'",
    "string(duration('1.5h')) == '1h30m0s'", "string(duration('1.5us')) == '1.5µs'", "string(duration('1500us')) == '1.5ms'",
    "string(duration('1.5ns')) == '1ns'", "string(duration('100000000h')) == '2562047h47m16.854775807s'",
    "string(duration('1e3s')) == '16m40s'", "string(duration('.5s')) == '500ms'", "string(duration('5.s')) == '5s'",
    "string(duration('+5s')) == '5s'", "duration('inf s') == duration('1s')",
    "string(duration('infs')) == '2562047h47m16.854775807s'", "string(duration('nans')) == '0s'",
    "string(duration('1hx')) == '1h0m0s'", "string(duration('1h-1m')) == '59m0s'", "duration('1') == duration('1s')",
    "duration('') == duration('1s')", "string(duration('--1s')) == '1s'", "duration('1d') == duration('24h')",
    "string(duration('1m1ms')) == '1m0.001s'", "string(duration('1mss')) == '1ms'",
    "string(duration('-1e400s')) == '-2562047h47m16.854775809s'", "duration('1es') == duration('1s')",
    "duration('1s2e') == duration('1s')", "duration('infinitys') == duration('1s')", "duration(' 1h') == duration('1h')",
    "string(duration('1.5e-3s')) == '1.5ms'", "duration('1µs') == duration('1us')", "string(duration('-0')) == '0s'",
    "duration('1s') == duration('1000ms')", "duration('1s') < 1", "duration('1s') * 2 == duration('2s')",
    "-duration('1s') < duration('0s')", "duration('1h') ? true : false", "!duration('0s')", "duration('1h') && true",
    "duration('1h') || true", "size(duration('1h')) == 1", "int(duration('1s')) == 1", "double(duration('1s')) == 1.0",
    "duration(1) == duration('1s')",
    # arithmetic
    "timestamp(value) + duration('24h') > timestamp(value)", "timestamp(value) - duration('1h') < timestamp(value)",
    "duration('1h') + timestamp(value) > timestamp(value)", "duration('1h') - timestamp(value) < duration('0s')",
    "timestamp('2023-05-29T00:00:00Z') - timestamp('2023-05-28T00:00:00Z') == duration('24h')",
    "timestamp('2020-01-01T00:00:00Z') - timestamp('2020-01-02T00:00:00Z') == duration('-24h')",
    "duration('1h') + duration('1h') == duration('2h')", "duration('1s') - duration('2s') < duration('0s')",
    "string(timestamp('9999-12-31T23:59:59Z') + duration('8760h')) == '+10000-12-30T23:59:59+00:00'",
    "string(timestamp('0000-01-01T00:00:00Z') - duration('8760h')) == '-0001-01-01T00:00:00+00:00'",
    "string(timestamp('2023-05-28T00:00:00Z') - timestamp('0000-01-01T00:00:00Z')) == '2364505h16m18.871345152s'",
    "string(timestamp('2023-05-28T23:59:60.5Z') + duration('0.3s')) == '2023-05-28T23:59:60.800+00:00'",
    "string(timestamp('2023-05-28T23:59:60.5Z') + duration('1s')) == '2023-05-29T00:00:00.500+00:00'",
    "string(timestamp('2023-05-28T23:59:60.5Z') - duration('1s')) == '2023-05-28T23:59:59.500+00:00'",
    "timestamp('2023-05-29T00:00:00Z') - timestamp('2023-05-28T23:59:60Z') == duration('1s')",
    "timestamp(value) - timestamp('2000-01-01T00:00:00Z') > duration('0s')",
    # truthiness: positive nanoseconds since the epoch (within 64 bits) / non-zero
    "timestamp(value) ? true : false", "!timestamp('1969-12-31T23:59:59Z')",
    # tenuo's clock functions: `time_now(x)` (one argument, unused), `time_is_expired(s)` and
    # `time_since(s)` on RFC 3339 strings (anything else: false and 0)
    "time_is_expired(value)", "!time_is_expired(value)", "time_since(value) > 0", "time_since(value) < 0",
    "time_since(value) == 0", "time_since(value) > 3600 * 24 * 365", "time_is_expired(timestamp(value))",
    "time_is_expired()", "time_is_expired(value, 1 / 0)", "value.time_is_expired()", "time_since(1 / 0) == 0",
    "size(time_now(0)) > 20", "time_now(1 / 0) != ''", "time_now() != ''", "time_now(value).endsWith('+00:00')",
    "timestamp(time_now(0)) > timestamp('2020-01-01T00:00:00Z')",
    "timestamp(time_now(0)) < timestamp('2900-01-01T00:00:00Z')", "time_is_expired(time_now(0)) || true",
    "!time_is_expired(deadline) && time_since(created) > 3600", "duration(ttl) > duration('1h')",
    "timestamp(created) + duration(ttl) < timestamp(deadline)",
    # a registered function named as a field is a value, equal to itself only
    "value.size == value.size", "value.size == 1", "value.size != value.contains", "1.size == 1u.size",
    "1.size == 1.0.size", "[value.size] == [value.size]", "value.size < value.size", "!value.size",
    "value.timestamp == value.timestamp", "value.nosuch == 1", "value.size in [value.size]",
]


# Values each expression meets: all of VALUES plus a few big inputs for some.
BIG_EXPRS = ["size(value) > 0", "value.contains('ba')", "value.startsWith('ab')", "value.matches('^(ab)+$')",
             "value.all(x, x >= 0)", "value.exists(x, x == 2999)", "value.map(x, x + 1).size() == 3000",
             "value.filter(x, x % 2 == 0).size() == 1500", "value.all(x, value.exists(y, y == x))", "value in ['x']", "'zz' in value", "value == value",
             "value.exists_one(x, x == 7)", "timestamp(value) > timestamp('2000-01-01T00:00:00Z')",
             "duration(value) > duration('1h')", "time_since(value) == 0", "!time_is_expired(value)"]
BIG_VALUES = [BIG_STR, BIG_LIST, "1h" * 5000]
STEP_HEAVY = {"value.all(x, value.exists(y, y == x))"}

# ---------------------------------------------------------------------------------------------
# Attenuation pairs: (parent, child[, libtenuo's code, reason]).

WS = ("the child differs from the parent only in whitespace by the reference's measure, but not in meaning "
      "(whitespace inside a string literal or between tokens); libtenuo refuses, the reference accepts")
NONBOOL = ("the parent expression can yield a non-bool value (it then denies), which the child's `&&` turns into "
           "true; libtenuo refuses, the reference accepts")
SPLIT = ("the parent's text does not stand alone inside the child's parentheses (the child does not parse as "
         "parent AND predicate); libtenuo refuses, the reference accepts")
ATT = [
    ("value < 100", "value < 100"), ("value < 100", "value<100"), ("value < 100", " value  <\n100 "),
    ("value < 100", "(value < 100) && (value > 0)"), ("value < 100", "(value < 100)&&(value > 0)"),
    ("value < 100", "( value < 100 ) && ( value > 0 )"), ("value < 100", "(value < 100) && value > 0"),
    ("value < 100", "(value < 100) && (value > 0) || (true)"), ("value < 100", "(value < 100) || (value > 0)"),
    ("value < 100", "value < 50"), ("value < 100", "(value < 100) && (value > 0) && (value != 5)"),
    ("value < 100", "((value < 100) && (value > 0)) && (value != 5)"),
    ("value < 100", "(value < 100) && ((value > 0) && (value != 5))"),
    ("value < 100", "(value < 100) && (value > 0)) || ((true)"), ("value < 100", "(value < 100) && ()"),
    ("value < 100", "(value < 100) && (value >)"), ("value < 100", "(value < 100) && (1 / 0 == 1)"),
    ("value < 100", "(value < 100) && (nosuchfn(value))"), ("value < 100", "(value<100)&&(true)"),
    ("value < 100", "(value < 100) && (true) "), ("value < 100", "(value < 100) &&(true)"),
    ("(value < 100) && (value > 0)", "((value < 100) && (value > 0)) && (value != 5)"),
    ("value == 'a b'", "value == 'ab'", 1502, WS), ("value in ['x']", "valuein['x']", 1502, WS), ("value in [1, 2]", "valuein[1,2]"),
    ("value", "(value) && (true)", 1502, NONBOOL), ("value || false", "(value || false) && (true)", 1502, NONBOOL),
    ("size(value)", "(size(value)) && (true)", 1502, NONBOOL),
    ("value.exists(x, x)", "(value.exists(x, x)) && (true)", 1502, NONBOOL),
    ("value.exists(x, x > 1)", "(value.exists(x, x > 1)) && (true)"),
    ("false) || (true", "(false) || (true) && (true)", 1502, SPLIT),
    ("this is not valid", "this is not valid"), ("this is not valid", "(this is not valid) && (true)"),
    ("value < 100", "(value < 100) && (this is not valid)"),
    ("net_in_cidr(value, '10.0.0.0/8')", "(net_in_cidr(value, '10.0.0.0/8')) && (net_in_cidr(value, '10.1.0.0/16'))"),
    ("net_in_cidr(value, '10.0.0.0/8')", "net_in_cidr(value, '10.1.0.0/16')"),
    ("amount < 10000", "(amount < 10000) && (currency == 'USD')"),
    ("value.startsWith('a') ? true : false", "(value.startsWith('a') ? true : false) && (value.endsWith('z'))"),
    ("has(value.a) || value == 1", "(has(value.a) || value == 1) && (true)"),
    ("value < 100 // c", "(value < 100 // c) && (true)"), ("value < 100 // c\n", "(value < 100 // c\n) && (true)"),
    ("value < 100", "(value < 100) && (value > 0) // x"),
    ("'(' == value", "('(' == value) && (true)"), ("value == ')'", "(value == ')') && (')' != value)"),
    ("value < 100\u00a0", "(value < 100) && (true)", 1502,
     "the parent does not compile (a no-break space is not CEL whitespace), so it denies every call, while the "
     "child, which compiles, allows; libtenuo refuses, the reference accepts"),
    ("value < 100", "(value < 100) && (true\u00a0)"), ("value < 100", "value\u3000<\u2003100"),
]

# Pairs with other constraint types: CEL <-> anything else is refused; a Wildcard parent accepts.
OTHER = [({"type": "Wildcard"}, CEL("value < 1")), (CEL("value < 1"), {"type": "Wildcard"}),
         (CEL("value == 'a'"), {"type": "Exact", "value": "a"}), ({"type": "Exact", "value": "a"}, CEL("value == 'a'")),
         ({"type": "Pattern", "pattern": "a*"}, CEL("value.startsWith('a')")),
         ({"type": "All", "constraints": [CEL("value < 1")]}, {"type": "All", "constraints": [CEL("value < 1")]}),
         ({"type": "Any", "constraints": [CEL("value < 1"), {"type": "Exact", "value": 5}]},
          {"type": "Any", "constraints": [{"type": "Exact", "value": 5}]}),
         ({"type": "Not", "constraint": CEL("value < 1")}, {"type": "Not", "constraint": CEL("value < 1")})]
OTHER_OURS = {}

# ---------------------------------------------------------------------------------------------

CASES, EXTRA = [], []
COUNTS = {"constraint": 0, "attenuation": 0, "extra": 0, "divergences": 0, "reference_panics": 0}


def wire_of(j):
    if j["type"] == "CEL":
        return to_wire(j)
    sys.path.insert(0, HERE)
    import gen_constraint_cases_sets_composites_paths as s  # noqa: E402  (its encoder)
    t = j["type"]
    if t in ("All", "Any"):
        items = b"".join(wire_of(c) for c in j["constraints"])
        return b"\x82" + head(0, {"All": 12, "Any": 13}[t]) + enc_struct([("constraints", head(4, len(j["constraints"])) + items)])
    if t == "Not":
        return b"\x82" + head(0, 14) + enc_struct([("constraint", wire_of(j["constraint"]))])
    return s.to_wire(j)


def add_eval(e, values):
    j = CEL(e)
    w = ref_warrant(to_wire(j))
    first = True
    for v in values:
        match, raised, panicked = ref_eval(w, v)
        ours = match
        case = {"id": "cel/eval/%05d" % COUNTS["constraint"], "kind": "constraint", "constraint": j,
                "value_json": json.dumps(v, ensure_ascii=False), "expect": {"match": ours}}
        if first:
            case["wire_hex"] = to_wire(j).hex()
            first = False
        if raised:
            case["note"] = "the reference raises (a deny)"
        if panicked:
            case["reference_panics"] = True
            COUNTS["reference_panics"] += 1
        if e in STEP_HEAVY and match:
            case["expect"] = {"match": False}
            case["reference"] = {"match": True}
            case["divergence"] = ("quadratic in the argument (a macro over the list inside a macro over the list): "
                                  "libtenuo's step budget (%d steps per call) denies it, the reference runs it"
                                  % 8000000)
            COUNTS["divergences"] += 1
        CASES.append(case)
        COUNTS["constraint"] += 1


def add_map_eval(e, values):
    j = CEL(e)
    w = ref_warrant(to_wire(j))
    first = True
    for v in values:
        seen = set()
        for _ in range(MAP_RUNS):
            match, raised, panicked = ref_eval(w, v)
            assert not panicked, (e, v)
            seen.add(match)
        case = {"id": "cel/eval/%05d" % COUNTS["constraint"], "kind": "constraint", "constraint": j,
                "value_json": json.dumps(v, ensure_ascii=False), "expect": {"match": False}}
        if first:
            case["wire_hex"] = to_wire(j).hex()
            first = False
        strict = e in MAP_STRICT and len(v["m"]) >= 2
        if len(seen) > 1:
            case["reference"] = {"match": "varies"}
            case["divergence"] = MAP_VARIES % MAP_RUNS
            COUNTS["divergences"] += 1
        elif strict and seen == {True}:
            case["reference"] = {"match": True}
            case["divergence"] = MAP_STRICT_TEXT
            COUNTS["divergences"] += 1
        else:
            case["expect"] = {"match": seen.pop()}
        CASES.append(case)
        COUNTS["constraint"] += 1


def add_att(p, c, ours=None, why=None):
    panicked = False
    try:
        code, kind = ref_attenuation(wire_of(p), wire_of(c))
    except BaseException:  # noqa: BLE001 - the reference's CEL compiler panics on some syntax errors
        code, kind, panicked = 1501, "PanicException", True
    case = {"id": "cel/att/%04d" % COUNTS["attenuation"], "kind": "attenuation", "parent": p, "child": c,
            "expect": {"code": code if ours is None else ours}}
    if kind:
        case["reference_error"] = kind
    if panicked:
        # The chain is refused either way; libtenuo reports the compile failure as CelError (1501).
        case["reference_panics"] = True
        COUNTS["reference_panics"] += 1
    if ours is not None and ours != code:
        case["reference"] = {"code": code}
        case["divergence"] = why
        COUNTS["divergences"] += 1
    CASES.append(case)
    COUNTS["attenuation"] += 1


def add_extra(case):
    case["id"] = "cel/wire/%04d" % COUNTS["extra"]
    EXTRA.append(case)
    COUNTS["extra"] += 1


def main():
    maps = [v for v in VALUES if isinstance(v, dict)]
    others = [v for v in VALUES if not isinstance(v, dict)]
    for e in EXPRS:
        add_eval(e, R.sample(others, 12) + maps)
    for e in BIG_EXPRS:
        add_eval(e, BIG_VALUES)
    for e in TIME_EXPRS:
        add_eval(e, TIME_VALUES)
    for e in MAP_EXPRS:
        add_map_eval(e, MAP_VALUES)
    # A random sample of generated combinations: comparisons of indexed/converted values.
    atoms = ["value", "size(value)", "value[0]", "int(value)", "string(value)", "value.a", "1", "1u", "1.0", "'a'",
             "[1]", "{'a': 1}", "null", "true"]
    ops = ["==", "!=", "<", ">=", "in", "+", "-", "*", "/", "%", "&&", "||"]
    seen = set()
    while len(seen) < 150:
        e = "(%s %s %s) == %s" % (R.choice(atoms), R.choice(ops), R.choice(atoms), R.choice(["true", "false", "1", "'a'"]))
        if e in seen:
            continue
        seen.add(e)
        add_eval(e, R.sample(VALUES, 6))
    for row in ATT:
        p, c = row[0], row[1]
        add_att(CEL(p), CEL(c), *(row[2:] if len(row) > 2 else ()))
    for i, (p, c) in enumerate(OTHER):
        add_att(p, c, *OTHER_OURS.get(i, ()))
    # Wire: the parent_expression field round-trips; an unknown key is refused (as for every type).
    for j in [CEL("value < 1"), {"type": "CEL", "expression": "(value < 1) && (value > 0)",
                                 "parent_expression": "value < 1"}]:
        w = to_wire(j)
        add_extra({"kind": "wire_constraint", "wire_hex": w.hex(), "value_json": "0",
                   "expect": {"match": ref_eval(ref_warrant(w), 0)[0]}})
    # An expression past the parser's limits: the reference accepts it, libtenuo refuses at decode.
    deep = "(" * 40 + "value" + ")" * 40 + " == 1"
    add_extra({"kind": "wire_decode", "wire_hex": to_wire(CEL(deep)).hex(), "expect": {"decodes": False},
               "reference": {"decodes": True}, "note": "nesting of 40 parentheses",
               "divergence": "libtenuo refuses an expression nested deeper than 32 levels at decode (bounded "
                             "recursion); the reference decodes it"})
    COUNTS["divergences"] += 1
    doc = {"format": "libtenuo constraint cases v1", "part": "cel",
           "generated_by": "scripts/gen_constraint_cases_cel.py against tenuo %s" % tenuo.__version__,
           "seed": SEED, "counts": COUNTS}
    head_text = json.dumps(doc, ensure_ascii=False, sort_keys=True)[:-1]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(head_text + ",\n\"cases\": [\n")
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in CASES))
        f.write("\n],\n\"extra_cases\": [\n")
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in EXTRA))
        f.write("\n]}\n")
    print(json.dumps(COUNTS))


if __name__ == "__main__":
    main()
