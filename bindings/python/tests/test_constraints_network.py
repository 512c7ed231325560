"""Regex, Cidr, UrlPattern and UrlSafe classes: JSON forms, evaluation and attenuation through
libtenuo, construction errors, round trip through a warrant."""

import pytest

from tenuo import Cidr, Exact, Regex, SigningKey, UrlPattern, UrlSafe, Warrant
from tenuo import exceptions as exc

KEY = SigningKey.from_bytes(b"\x06" * 32)
T0 = 1_767_225_600


def test_regex_is_an_unanchored_search_on_re2():
    assert Regex("prod").matches("reproduce")
    assert Regex("^prod-[a-z]+$").matches("prod-web") and not Regex("^prod-[a-z]+$").matches("prod-web\n")
    assert Regex("(a+)+$").matches("a" * 50_000 + "b") is False   # no catastrophic backtracking
    with pytest.raises(exc.TenuoError):
        Regex("(?=x)")
    Regex("^a").validate_attenuation(Regex("^a"))
    Regex("^a").validate_attenuation(Exact("abc"))
    with pytest.raises(exc.TenuoError):
        Regex("^a").validate_attenuation(Regex("^ab"))


def test_cidr():
    c = Cidr("10.0.0.0/8")
    assert c.to_json() == {"type": "Cidr", "network": "10.0.0.0/8"}
    assert c.contains("10.255.0.1") and not c.contains("11.0.0.1")
    assert Cidr("2001:db8::/32").contains("2001:db8::1")
    c.validate_attenuation(Cidr("10.1.0.0/16"))
    with pytest.raises(exc.TenuoError):
        Cidr("10.1.0.0/16").validate_attenuation(Cidr("10.0.0.0/8"))
    with pytest.raises(exc.TenuoError):
        Cidr("not a network")


def test_url_pattern():
    p = UrlPattern("https://*.example.com/api/*")
    assert p.matches("https://a.example.com/api/v1")
    assert not p.matches("https://example.org/api/v1") and not p.matches("http://a.example.com/api/v1")
    with pytest.raises(exc.TenuoError):
        UrlPattern("not a url")


def test_url_safe_defaults_and_ssrf_gaps():
    u = UrlSafe()
    assert u.is_safe("https://example.com/x")
    for bad in ("http://127.0.0.1/", "http://169.254.169.254/latest", "http://10.0.0.1/", "http://[::1]/",
                "http://2130706433/", "http://0x7f000001/", "file:///etc/passwd",
                # closed on purpose although the reference allows them (see docs/constraints-network.md)
                "http://localhost./", "http://[::]/", "http://100.64.0.1/"):
        assert not u.is_safe(bad), bad
    scoped = UrlSafe(allow_domains=["*.example.com"], deny_domains=["evil.example.com"], allow_ports=[443])
    assert scoped.is_safe("https://api.example.com/")
    assert not scoped.is_safe("https://evil.example.com/") and not scoped.is_safe("https://api.example.com:8443/")
    u.validate_attenuation(scoped)
    with pytest.raises(exc.TenuoError):
        scoped.validate_attenuation(UrlSafe())
    with pytest.raises(TypeError):
        UrlSafe(allow_ports=["443"])


def test_round_trip_through_a_warrant():
    w = (Warrant.mint_builder()
         .capability("fetch", url=UrlSafe(allow_domains=["api.example.com"]), ip=Cidr("10.0.0.0/8"),
                     q=Regex("^[a-z]+$"), api=UrlPattern("https://api.example.com/*"))
         .holder(KEY.public_key).mint(KEY, now=T0))
    again = Warrant(str(w))
    assert again.capabilities == w.capabilities
    ok = {"url": "https://api.example.com/v1", "ip": "10.1.1.1", "q": "abc", "api": "https://api.example.com/x"}
    assert again.why_denied("fetch", ok, now=T0).denied is False
    why = again.why_denied("fetch", dict(ok, url="http://169.254.169.254/"), now=T0)
    assert why.denied and why.field == "url"
