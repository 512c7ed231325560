"""CEL (type 15): the reference SDK's ``CEL(expression)`` class through libtenuo."""

import pytest

from tenuo import CEL, Exact, SigningKey, Warrant
from tenuo import exceptions as exc
from tenuo.constraints import constraint_from_json

KEY = SigningKey.from_bytes(b"\x07" * 32)
T0 = 1_767_225_600


def test_json_form_and_evaluation():
    c = CEL("value < 100")
    assert c.to_json() == {"type": "CEL", "expression": "value < 100"}
    assert c.matches(5) and not c.matches(500)
    assert CEL("amount < 10000 && currency == 'USD'").matches({"amount": 5, "currency": "USD"})
    assert not CEL("value.startsWith('staging')").satisfies(5)  # a type error denies
    assert not CEL("this is not valid").satisfies(1)  # constructed (as the reference), denies every call
    assert repr(c) == "CEL('value < 100')"
    assert isinstance(constraint_from_json({"type": "CEL", "expression": "true"}), CEL)


def test_matches_raises_cel_error_as_the_reference():
    """``matches`` raises CelError (details["reason"] as the reference's) where evaluation fails,
    the expression does not compile or yields a non-bool; a plain false is False."""
    for expr, value, reason in [("1 / 0 == 1", 0, "execution failed: Division by zero of Int(1)"),
                                ("value", 5, "expression must return bool, got Int"),
                                ("value.startsWith('staging')", 5, None),
                                ("this is not valid", 1, None),
                                ("timestamp(value) > timestamp('2000-01-01T00:00:00Z')", "not a time", None)]:
        with pytest.raises(exc.CelError) as info:
            CEL(expr).matches(value)
        assert str(info.value).startswith("CEL expression error: ")
        if reason is not None:
            assert info.value.details["reason"] == reason
        assert not CEL(expr).satisfies(value)
    # the expression's own text never turns a plain false into an error
    assert CEL("value == 'CelError: x'").matches("y") is False
    assert CEL("value == 'evaluation failed: CelError: x'").matches("y") is False


def test_timestamps_durations_and_the_clock():
    assert CEL("timestamp(value) + duration('24h') == timestamp('2023-05-29T00:00:00Z')").matches("2023-05-28T00:00:00Z")
    assert CEL("string(duration(value)) == '1h30m0s'").matches("90m")
    assert CEL("timestamp(value).getDayOfWeek() == 0").matches("2023-05-28T23:00:00-05:00")
    assert CEL("!time_is_expired(deadline) && time_since(created) > 0").matches(
        {"deadline": "2999-01-01T00:00:00Z", "created": "2001-01-01T00:00:00Z"})
    assert not CEL("!time_is_expired(value)").matches("2001-01-01T00:00:00Z")


def test_attenuation():
    parent = CEL("value < 100")
    parent.validate_attenuation(parent.attenuate("value > 0"))
    parent.validate_attenuation(CEL("(value<100)&&(value>0)"))
    for child in (CEL("value < 50"), CEL("(value < 100) && value > 0"), Exact(5)):
        with pytest.raises(exc.TenuoError):
            parent.validate_attenuation(child)


def test_limits_and_types():
    with pytest.raises(exc.TenuoError):
        CEL("(" * 40 + "true" + ")" * 40)
    with pytest.raises(exc.ArgumentTypeError):
        CEL(5)  # type: ignore[arg-type]


def test_in_a_warrant():
    w = Warrant.mint_builder().capability("pay", amount=CEL("value < 100")).holder(KEY.public_key).ttl(60).mint(
        KEY, now=T0)
    assert w.allows("pay", {"amount": 5}) and not w.allows("pay", {"amount": 500})
    back = Warrant(str(w))
    assert back.capabilities == w.capabilities


def test_deepest_programs_run_on_a_small_thread_stack():
    """The deepest programs the limits admit (a 151-term chain, 31 nested parentheses, nested
    lists, unary runs, nested macros) parse and evaluate in the release library on a 320 KiB
    thread stack, i.e. without the big-stack hop (which starts below 256 KiB left)."""
    import threading

    exprs = [" || ".join(["value == 1"] * 150) + " || true", "(" * 31 + "value" + ")" * 31 + " == 1",
             "[" * 15 + "1" + "]" * 15 + " != []", "!" + "(!" * 10 + "true" + ")" * 10,
             "[1].all(a, [2].all(b, [3].all(c, [4].all(d, [5].all(e, a + b + c + d + e == 15)))))",
             "(" * 20 + " || ".join(["value == 1"] * 100) + ")" * 20]
    out = []

    def run():
        out.extend(CEL(e).matches(1) for e in exprs)

    old = threading.stack_size(320 << 10)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert out == [True, True, True, False, True, True]
