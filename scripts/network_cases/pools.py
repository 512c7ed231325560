"""Parameter and value pools for the network and Regex constraint types, aimed at edge cases: anchors and
newlines, Unicode classes and case folding, catastrophic backtracking, odd IP spellings, URL
tricks (userinfo, IDN, percent-encoding, trailing dots, default ports, dot segments), SSRF
bypass forms, empty and missing values and wrong value kinds."""
from . import model
from refcases.cbor import enc_struct, enc_text, enc_value, head

WRONG_KINDS = [5, 1.5, None, True, [], ["x"], {"k": "v"}]


def R(p):
    return {"type": "Regex", "pattern": p}


def C(n):
    return {"type": "Cidr", "network": n}


def U(p):
    return {"type": "UrlPattern", "pattern": p}


def S(**k):
    out = {"type": "UrlSafe"}
    out.update(k)
    return out


def E(v):
    return {"type": "Exact", "value": v}


OTHER = [{"type": "Wildcard"}, {"type": "Pattern", "pattern": "*"}, {"type": "OneOf", "values": ["a"]}]

# ---------------------------------------------------------------------------------------------
# Regex

REGEX_CURATED = [
    ("prod", ["reproduce", "prod", "PROD", "pro d", "", "x prod y"]),
    ("^prod$", ["prod", "prod\n", "xprod", "\nprod"]),
    ("a$", ["a", "a\n", "a\r\n", "ba", "ab"]),
    ("(?m)a$", ["a\nb", "a\n", "ab", "ba"]),
    ("(?m)^b", ["a\nb", "ab", "b"]),
    (r"\Aa\z", ["a", "a\n", "ba"]),
    (r"^\d+$", ["123", "١٢٣", "12a", "", "߀", "𝟙", "٣", "Ⅻ", "①"]),
    (r"^\w+$", ["héllo", "naïve", "日本", "a_b", "a-b", "Ⅻ", "Ⓐ", "\u200d", "a\u0301", "a b", "٣"]),
    (r"^\s$", [" ", "\u3000", "\u00a0", "\u0085", "\u200b", "\t", "\u2028", "\u180e", "\u000b", "x"]),
    (r"^\S+$", ["ab", "a b", "\u3000"]),
    (r"^\W$", ["-", "a", "é", "\u3000"]),
    (r"\bfoo\b", ["a foo b", "afoo", "foo", "foo.", "é foo", "éfoo", "fooé", "foo é"]),
    (r"\Bfoo", ["afoo", "foo", "éfoo"]),
    ("(?i)straße", ["STRASSE", "STRAßE", "strasse", "Straße"]),
    ("(?i)k", ["K", "\u212a", "k", "x"]),
    ("(?i)σ", ["Σ", "ς", "σ", "s"]),
    ("(?i)[a-z]+$", ["ABC", "\u212a", "ſ", "123"]),
    ("[^a]", ["a", "b", "é", ""]),
    ("(?i)[^k]", ["K", "\u212a", "x", "k"]),
    ("(?s)^.$", ["\n", "x"]),
    ("^.$", ["\n", "x", "é", "😀", "\r"]),
    ("a.c", ["abc", "a\nc", "aéc", "a😀c"]),
    ("^.{3}$", ["abc", "日本語", "😀😀😀", "a\u0301b", "ab"]),
    ("(a+)+$", ["a" * 20000 + "!", "a" * 20000, "b", ""]),
    ("(a|aa)*b", ["a" * 5000, "a" * 5000 + "b"]),
    (r"^(\w+\s?)*$", ["word " * 1000 + "!", "word word"]),
    ("(x+x+)+y", ["x" * 5000, "x" * 5000 + "y"]),
    ("[[:alpha:]]+", ["abc", "é", "123"]),
    ("[[:^digit:]]", ["1", "a"]),
    ("[a-z&&[^aeiou]]", ["b", "a", "B"]),
    (r"[\w--\d]", ["1", "a", "_", "é"]),
    ("[a-c~~b-d]", ["a", "b", "d", "e"]),
    ("[[a-c][x-z]]", ["b", "y", "m"]),
    ("[a&&]", ["a", ""]),
    ("[^a&&]", ["a", "z"]),
    (r"\x41\u{42}\U00000043", ["ABC", "abc"]),
    (r"\u00e9", ["é", "e\u0301"]),
    ("café", ["café", "cafe\u0301", "CAFÉ"]),
    ("(?x) a b c # comment", ["abc", "a b c"]),
    ("a{2,3}", ["a", "aa", "aaaa"]),
    ("^a{ 2 }$", ["aa", "aaa"]),
    ("^a{2,}$", ["a", "aaaaaa"]),
    ("(?U)a+", ["aaa"]),
    ("(?P<n>a)(?<m>b)", ["ab", "ba"]),
    (r"\.", ["a", "."]),
    (r"\%\_\/\ \#\&\-\~", ["%_/ #&-~"]),
    ("[]a]", ["]", "a", "b"]),
    ("[^]a]", ["]", "b"]),
    (r"\p{L}+", ["abc", "日本", "123"]),
    (r"^\p{Lu}$", ["A", "a", "É"]),
    (r"^\P{L}$", ["1", "a"]),
    (r"^\pN$", ["5", "Ⅻ", "a", "½"]),
    (r"\p{Alphabetic}", ["Ⓐ", "1"]),
    (r"\p{is_upper}", ["A", "a"]),
    (r"\p{gc=Nd}", ["٣", "a"]),
    ("a|", ["", "b"]),
    ("(|a)x", ["x"]),
    ("a**", ["aa", ""]),
    ("^*x", ["x"]),
    (r"\b{2}x", ["x"]),
    ("", ["", "anything"]),
    ("[\\d\\s]+$", ["1 2", "x"]),
    (r"^[\w.-]+@[\w-]+\.\w+$", ["a.b@c-d.com", "bad@", "é@ü.de"]),
    (r"^/data/[^/]+\.csv$", ["/data/x.csv", "/data/a/b.csv", "/data/.csv"]),
    ("^(?:https?://)?api\\.example\\.com/", ["https://api.example.com/x", "http://api.example.com/", "api.example.com/",
                                            "https://api.example.com.evil/"]),
]
# Accepted by the reference, refused by this build (see model.REGEX_UNSUPPORTED).
REGEX_UNSUPPORTED = [
    (r"\p{Greek}", "Unicode scripts in \\p{…}", ["α", "a"]),
    (r"\p{Han}+", "Unicode scripts in \\p{…}", ["日本", "a"]),
    (r"\<word", "\\< and \\> word-start/end assertions", ["a word", "aword"]),
    (r"\b{start}x", "\\b{start} and other special word boundaries", ["x", "ax"]),
    (r"(?-u:\w)", "(?-u): turning the u flag off", ["a", "é"]),
    ("(?i)[a-z&&[^k]]", "set operations inside a class under (?i)", ["K", "k", "b"]),
    (r"(?i)[\P{Lu}]", "negated members inside a class under (?i)", ["a", "A", "1"]),
    ("a{1001}", "repetition counts above 1000 (RE2's limit)", ["a" * 1001, "a"]),
    ("(?R)a$", "the R flag (CRLF line ends)", ["a\r\n", "a"]),
]
# Refused by both (the reference raises at construction and at evaluation).
REGEX_INVALID = ["(?=a)", "(?!a)b", "(?<=a)b", "(?<!a)b", r"\1", "[", "a{,3}", "(?P<1>a)", r"\Qa\E", "*", "(", ")",
                 r"\p{Foo}", r"\e", r"\Z", "(?#c)", r"\x{110000}", "[z-a]", "(?i-i)a", r"\w{1000}"]

REGEX_PIECES = ["a", "b", r"\d", r"\w", r"\s", ".", "[a-c]", "[^b]", "(a|b)", "x*", "y+", "z?", "^", "$", "é",
                r"\.", "(?i)A", "[[:digit:]]", r"\p{Lu}", "ab{1,2}", "[é-ü]", r"\W", "(?s).", "[0-9]{2}"]
REGEX_ALPHABET = ["a", "b", "c", "x", "y", "z", "1", "é", "É", "\n", " ", "A", "٣", ".", "ab", "xx", "2"]


def gen_regex(rnd, add_eval, add_att, extra_decode, extra_construct):
    for p, reason, _ in REGEX_UNSUPPORTED:
        model.REGEX_UNSUPPORTED[p] = reason
    for p, values in REGEX_CURATED:
        add_eval("regex", R(p), values + WRONG_KINDS[:3])
    for p, _, values in REGEX_UNSUPPORTED:
        add_eval("regex", R(p), values)
        extra_construct("regex", R(p))
    for p in REGEX_INVALID:
        add_eval("regex", R(p), ["a", "ab", 5])
        extra_construct("regex", R(p))
    randoms = []
    for _ in range(70):
        p = "".join(rnd.choice(REGEX_PIECES) for _ in range(rnd.randint(1, 4)))
        randoms.append(p)
        vals = ["".join(rnd.choice(REGEX_ALPHABET) for _ in range(rnd.randint(0, 5))) for _ in range(7)]
        add_eval("regex", R(p), vals)
    for p, _ in REGEX_CURATED[:20]:
        extra_construct("regex", R(p))
    # Attenuation.
    pool = [p for p, _ in REGEX_CURATED] + randoms[:20]
    for p in pool[:40]:
        add_att("regex", R(p), R(p))
        add_att("regex", R(p), R(rnd.choice(pool)))
        add_att("regex", R(p), R(p + "x"))
    for p, values in REGEX_CURATED:
        for v in values[:4]:
            if isinstance(v, str) and len(v) < 200:
                add_att("regex", R(p), E(v))
        add_att("regex", R(p), E(5))
    for p, _, values in REGEX_UNSUPPORTED:
        add_att("regex", R(p), R(p))
        add_att("regex", R(p), E(values[0]))
    for p in REGEX_INVALID[:6]:
        add_att("regex", R(p), R(p))
        add_att("regex", R(p), E("a"))
    for o in OTHER:
        add_att("regex", R("a"), o)
        add_att("regex", o, R("a"))
    # Decoding: an invalid pattern decodes; wrong shapes do not.
    extra_decode("regex", b"\x82\x05" + enc_struct([("pattern", enc_text("(?=x)"))]), "look-around decodes",
                 values=["x", 5])
    extra_decode("regex", b"\x82\x05" + enc_text("a"), "bare text is not a Regex value")
    extra_decode("regex", b"\x82\x05" + enc_struct([("pattern", enc_value(5))]), "pattern must be text")
    extra_decode("regex", b"\x82\x05\xa0", "missing pattern")
    extra_decode("regex", b"\x82\x05" + enc_struct([("pattern", enc_text("a")), ("x", b"\xf6")]),
                 "unknown key", canonical=False, ours=False, why=model.WHY["strict-keys"])


# ---------------------------------------------------------------------------------------------
# Cidr

NETWORKS = ["10.0.0.0/8", "10.1.2.3/8", "10.0.0.1", "192.168.0.0/16", "0.0.0.0/0", "255.255.255.255/32",
            "10.0.0.0/255.0.0.0", "10.0.0.0/+8", "10.0.0.0/08", "172.16.0.0/12", "::/0", "::1", "2001:db8::/32",
            "2001:DB8::/32", "fe80::/10", "::ffff:0:0/96", "::ffff:10.0.0.0/104", "1:2:3:4:5:6:7::/64",
            "::ffff:1.2.3.4/128", "100.64.0.0/10", "192.168.1.0/24", "10.10.0.0/16", "2001:db8:1::/48", "0.0.0.0/32"]
BAD_NETWORKS = ["10.0.0.0/33", "10.0.0.0/", "010.0.0.0/8", "::/129", "1::2::3", "10.0.0.0/255.0.255.0", "abc", "",
                "10.0.0.0/8/8", " 10.0.0.0/8", "10.0.0.0/-0", "٣.0.0.0/8", "10.0.0/8", "[::1]/128", "fe80::1%eth0",
                "::1:2:3:4:5:6:7:8", "10.0.0.0/ 8", "12345::/16"]
IP_VALUES = ["10.0.0.0", "10.255.255.255", "9.255.255.255", "11.0.0.0", "10.1.2.3", "192.168.1.1", "192.169.0.1",
             "0.0.0.0", "255.255.255.255", "127.0.0.1", "100.64.0.1", "172.31.255.255", "172.32.0.0", "::", "::1",
             "::2", "2001:db8::1", "2001:DB8::1", "2001:db9::", "fe80::1", "febf:ffff::", "fec0::", "::ffff:10.0.0.1",
             "::ffff:a00:1", "::FFFF:A00:1", "::10.0.0.1", "::ffff:1.2.3.4", "1:2:3:4:5:6:7:0", "1:2:3:4:5:6:7::",
             "010.0.0.1", "10.0.0", "10.0.0.1.", " 10.0.0.1", "10.0.0.1 ", "10.0.0.1/32", "[::1]", "fe80::1%eth0",
             "0x0a.0.0.1", "167772161", "not an ip", "", "١٠.0.0.1", "10.0.0.256", "1::2::3", "::ffff:01.2.3.4",
             "2001:db8:1::5", "2001:db8:2::5"]


def gen_cidr(rnd, add_eval, add_att, extra_decode, extra_construct):
    for n in NETWORKS:
        add_eval("cidr", C(n), IP_VALUES + WRONG_KINDS)
        extra_construct("cidr", C(n))
    for n in BAD_NETWORKS:
        extra_construct("cidr", C(n))
        extra_decode("cidr", b"\x82\x08" + enc_text(n), "invalid network text")
    extra_decode("cidr", b"\x82\x08" + enc_struct([("network", enc_text("10.0.0.0/8"))]),
                 "the spec table's {network} map is not the reference's encoding")
    extra_decode("cidr", b"\x82\x08\xf6", "null")
    for p in NETWORKS:
        for c in NETWORKS:
            if rnd.random() < 0.45 or p == c:
                add_att("cidr", C(p), C(c))
        for ip in rnd.sample(IP_VALUES, 10):
            add_att("cidr", C(p), E(ip))
        add_att("cidr", C(p), E(5))
    for o in OTHER:
        add_att("cidr", C("10.0.0.0/8"), o)
        add_att("cidr", o, C("10.0.0.0/8"))
    add_att("cidr", C("10.0.0.0/8"), R("^10\\."))


# ---------------------------------------------------------------------------------------------
# UrlPattern

URL_PATTERNS = [
    "https://api.example.com/*", "https://*.example.com/*", "https://example.com", "https://example.com/",
    "https://example.com/api", "https://example.com/api/*", "https://example.com/api/v1/*", "*://example.com/*",
    "http://example.com:8080/*", "https://example.com:443/*", "https://example.com:8443/*", "https://*/*",
    "https://*x.com/*", "https://EXAMPLE.com/A/*", "https://café.com/*", "https://xn--caf-dma.com/*",
    "https://user:pw@example.com/*", "https://example.com/a/../b/*", "https://example.com/a*.txt",
    "https://example.com/files/*.pdf", "https://example.com/[ab]/*", "https://example.com/a?c",
    "https://example.com/a[", "https://[::1]/*", "https://127.0.0.1:8080/*", "ftp://files.example.com/*",
    "ws://example.com/socket", "foo://Example.com/*", "*://*.example.com/api/*", "https://example.com/**",
    "https://%2a/x", "https://example.com./*", "https://*.example.com:8443/api/*", "https://example.com/a b/*",
    "https://example.com/é/*", "HTTPS://Example.COM/*", "file:///etc/*", "file://host/x/*", "https://example.com/api*",
    "https://example.com/a/b", "https://0x7f.1/*", "https://ｅｘａｍｐｌｅ.com/*", "foo://*.example.com/*",
    "https://*.*.example.com/*", "https://example.com/api/[",
]
BAD_URL_PATTERNS = ["example.com/*", "https:example.com/*", "mailto:*", "https://exa mple.com/*",
                    "https://example.com:99999/*", "https://__tenuo_host_wildcard__.com/", "https:///*x",
                    "https://[::1/*", "https://*.x.com:*/", "", "https://", "file:///C:/x/*", "https://a%zz.com/*"]
URL_VALUES = [
    "https://api.example.com/v1/users", "https://API.EXAMPLE.COM/v1", "https://api.example.com:8443/x",
    "https://api.example.com:443/x", "http://api.example.com/x", "https://example.com", "https://example.com/",
    "https://example.com/api", "https://example.com/api/", "https://example.com/api/v1/x",
    "https://example.com/api/../admin", "https://example.com/api/%2e%2e/admin", "https://example.com/API/x",
    "https://a.b.example.com/x", "https://evilexample.com/x", "https://example.com.evil.com/x",
    "https://example.com@evil.com/x", "https://evil.com@example.com/x", "https://user:pw@example.com/api/x",
    "https://example.com./api/x", "https://café.com/x", "https://xn--caf-dma.com/x", "https://CAFÉ.com/x",
    "https://example.com:8080/x", "http://example.com:8080/x", "http://example.com/x", "ftp://example.com/x",
    "ws://example.com/socket", "wss://example.com/socket", "javascript:alert(1)", "mailto:a@example.com",
    "data:text/plain,hi", "file:///etc/passwd", "file://host/x/y", "not a url", "example.com/x", "", "https://",
    "https:///example.com/x", "https:\\\\example.com\\api\\x", "https://example.com/files/a.pdf",
    "https://example.com/files/a/b.pdf", "https://example.com/a.txt", "https://example.com/a__tenuo_host_wildcard__.txt",
    "https://__tenuo_path_wildcard__/x", "https://[::1]/x", "https://127.0.0.1:8080/x", "https://2130706433:8080/x",
    "foo://Example.com/x", "foo://example.com/x", "foo://EXAMPLE.COM/x", "https://example.com/a b/x",
    "https://example.com/a%20b/x", "https://example.com/é/x", "https://example.com/%C3%A9/x",
    "https://example.com/[ab]/x", "https://example.com/a/x", "https://%2a/x", "https://*/x", "https://example.com/a?c",
    "https://example.com/a/b", "https://example.com/api/x?q=1#f", "HTTPS://EXAMPLE.COM/A/x", "https://ｅｘａｍｐｌｅ.com/x",
    "https://0x7f.1/x", "https://127.1/x", "https://example.com:0443/x", "https://example.com:/x",
    "file:///C:/x/y", "  https://example.com/api/x  ", "https://exa\tmple.com/api/x", "https://x.example.com:8443/api/v",
    "https://example.com/api*", "https://example.com/apix", "https://example.com/api/[", "https://a.b.c.example.com/x",
]


def gen_urlpattern(rnd, add_eval, add_att, extra_decode, extra_construct):
    for p in URL_PATTERNS:
        vals = sorted(set(rnd.sample(URL_VALUES, 24) + URL_VALUES[:8]), key=URL_VALUES.index)
        add_eval("urlpattern", U(p), vals + WRONG_KINDS[:4])
        extra_construct("urlpattern", U(p))
    for p in BAD_URL_PATTERNS:
        extra_construct("urlpattern", U(p))
        drive = model.file_drive(p)
        extra_decode("urlpattern", b"\x82\x09" + enc_text(p), "invalid URL pattern",
                     ours=False if drive else None, why=model.WHY["url-file-drive"] if drive else None)
    extra_decode("urlpattern", b"\x82\x09" + enc_struct([("pattern", enc_text("https://x.com/*"))]),
                 "the spec table's {pattern} map is not the reference's encoding")
    narrow = [
        ("https://*.example.com/*", "https://api.example.com/v1/*"), ("https://*.example.com/*", "https://example.com/*"),
        ("https://*.example.com/*", "https://*.api.example.com/*"), ("https://*.example.com/*", "https://*.example.com/*"),
        ("https://*.example.com/*", "https://evilexample.com/*"), ("https://example.com/api/*", "https://example.com/api/v1/*"),
        ("https://example.com/api/*", "https://example.com/api/x"), ("https://example.com/api/*", "https://example.com/apix"),
        ("https://example.com/api", "https://example.com/api/x"), ("https://example.com/api*", "https://example.com/api*/x"),
        ("https://example.com/api/[", "https://example.com/api/[/x"), ("https://example.com/api/*", "https://example.com/api/["),
        ("https://example.com/[ab]/*", "https://example.com/[ab]/x["), ("https://example.com/[ab]/*", "https://example.com/[ab]/x"),
        ("*://example.com/*", "https://example.com/*"), ("https://example.com/*", "*://example.com/*"),
        ("https://example.com/*", "http://example.com/*"), ("https://example.com:8443/*", "https://example.com/*"),
        ("https://example.com:8443/*", "https://example.com:8443/x/*"), ("https://example.com/*", "https://example.com:8443/*"),
        ("https://example.com", "https://example.com/x"), ("https://example.com/x/*", "https://example.com"),
        ("foo://*.example.com/*", "foo://Example.com/*"), ("foo://*.example.com/*", "foo://example.com/*"),
        ("*://*.example.com/*", "foo://A.example.com/*"), ("https://*.example.com/*", "https://A.example.com/*"),
        ("https://EXAMPLE.com/*", "https://example.com/*"), ("https://café.com/*", "https://xn--caf-dma.com/*"),
        ("https://*/*", "https://*/*"), ("https://*/*", "https://example.com/*"), ("https://%2a/x", "https://example.com/x"),
        ("https://example.com/a*.txt", "https://example.com/ab.txt"), ("https://example.com/files/*.pdf", "https://example.com/files/a.pdf"),
        ("https://example.com/**", "https://example.com/a/b"), ("https://example.com/a?c", "https://example.com/a?c/d"),
        ("file:///etc/*", "file:///etc/passwd"), ("file:///etc/*", "file://host/etc/x"),
    ]
    for p, c in narrow:
        add_att("urlpattern", U(p), U(c))
    for _ in range(160):
        add_att("urlpattern", U(rnd.choice(URL_PATTERNS)), U(rnd.choice(URL_PATTERNS)))
    # Pairs assembled from parts, so that hosts, ports and paths line up often.
    parts = (["https", "http", "*", "foo"],
             ["example.com", "*.example.com", "api.example.com", "*.api.example.com", "EXAMPLE.com", "*", "%2a"],
             ["", ":443", ":8443"],
             ["", "/", "/*", "/api", "/api/*", "/api/x", "/api/x/*", "/a*", "/a*/b", "/[ab]/*", "/[ab]/x", "/a[", "/a[/x",
              "/**", "/api*", "/api*/x"])
    for _ in range(300):
        p, c = ("".join([rnd.choice(parts[0]), "://", rnd.choice(parts[1]), rnd.choice(parts[2]), rnd.choice(parts[3])])
                for _ in range(2))
        add_att("urlpattern", U(p), U(c))
    for p in URL_PATTERNS[:25]:
        for v in rnd.sample(URL_VALUES, 4):
            add_att("urlpattern", U(p), E(v))
        add_att("urlpattern", U(p), E(5))
    for o in OTHER:
        add_att("urlpattern", U("https://x.com/*"), o)
        add_att("urlpattern", o, U("https://x.com/*"))
    add_att("urlpattern", U("https://x.com/*"), {"type": "Pattern", "pattern": "https://x.com/*"})


# ---------------------------------------------------------------------------------------------
# UrlSafe

SAFE_CONFIGS = [
    {}, {"allow_domains": ["api.github.com", "*.googleapis.com"]}, {"deny_domains": ["*.evil.com", "169.254.169.254"]},
    {"allow_domains": ["*.example.com"], "deny_domains": ["bad.example.com"]}, {"allow_ports": [443]},
    {"allow_ports": [80, 8080]}, {"schemes": ["https"]}, {"schemes": ["HTTP", "ftp"]}, {"schemes": []},
    {"block_private": False}, {"block_loopback": False}, {"block_metadata": False}, {"block_reserved": False},
    {"block_internal_tlds": True}, {"allow_domains": ["1.2.3.4", "[2001:db8::1]", "0x7f.1"]},
    {"allow_domains": ["café.com", "Example.COM"]}, {"deny_domains": ["localhost", "example.com."]},
    {"block_private": False, "block_loopback": False, "block_metadata": False, "block_reserved": False},
    {"schemes": ["foo", "http"]}, {"allow_domains": []}, {"deny_domains": ["%65vil.com", "[::1]"]},
    {"allow_ports": [], "schemes": ["http"]}, {"allow_domains": ["*.example.com"], "allow_ports": [443], "schemes": ["https"]},
]
BAD_SAFE_CONFIGS = [{"allow_domains": ["*"]}, {"deny_domains": ["a b"]}, {"allow_domains": ["x.com", "*x.com"]},
                    {"deny_domains": ["*.1.2.3.4"]}, {"allow_domains": [""]}, {"deny_domains": ["1.2.3.256"]},
                    {"allow_domains": ["[::1"]}, {"deny_domains": ["x.*.com"]}, {"allow_domains": ["*."]}]
SSRF_URLS = [
    "https://api.github.com/repos", "http://example.com/", "https://a.example.com/x", "http://bad.example.com/",
    "http://evil.com/", "http://a.evil.com/", "http://aevil.com/", "http://127.0.0.1/", "http://127.1/",
    "http://127.0.0.1:8080/", "http://2130706433/", "http://0x7f000001/", "http://0x7f.1/", "http://0177.0.0.1/",
    "http://017700000001/", "http://0x7F.0.0.1/", "http://%31%32%37.0.0.1/", "http://127.0.0.1./", "http://localhost/",
    "http://LOCALHOST/", "http://localhost./", "http://localhost.localdomain/", "http://localhost.localdomain./",
    "http://ⓛocalhost/", "http://ｌｏｃａｌｈｏｓｔ/", "http://127。0。0。1/", "http://[::1]/", "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/", "http://[::]/", "http://0.0.0.0/",
    "http://0/", "http://[::ffff:0.0.0.0]/", "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/",
    "http://172.31.255.255/", "http://172.32.0.1/", "http://192.168.1.1/", "http://192.169.1.1/", "http://[fc00::1]/",
    "http://[fd12::1]/", "http://[fe80::1]/", "http://[febf::1]/", "http://[fec0::1]/", "http://[ff02::1]/",
    "http://169.254.169.254/", "http://169.254.169.254./", "http://169.254.1.1/", "http://[::ffff:169.254.169.254]/",
    "http://metadata.google.internal/", "http://metadata.google.internal./", "http://METADATA.GOOGLE.INTERNAL/",
    "http://metadata.goog/", "http://100.100.100.200/", "http://100.64.0.1/", "http://100.127.255.255/",
    "http://100.128.0.1/", "http://[::ffff:100.64.0.1]/", "http://224.0.0.1/", "http://239.255.255.255/",
    "http://240.0.0.1/", "http://255.255.255.255/", "http://010.0.0.1/", "http://010.0.0.1./", "http://00.0.0.1/",
    "http://01.2.3.4/", "http://0300.0250.0.1/", "http://010.1/", "http://1.2.3.4/", "http://1.2.3/",
    "http://8.8.8.8/", "http://[2001:db8::1]/", "http://[2001:4860:4860::8888]/", "http://[64:ff9b::7f00:1]/",
    "http://user:pass@127.0.0.1/", "http://example.com@127.0.0.1/", "http://127.0.0.1@example.com/",
    "http://example.com\\@127.0.0.1/", "http://example.com#@127.0.0.1/", "ftp://example.com/", "HTTP://example.com/",
    "hTtPs://example.com/", "file:///etc/passwd", "gopher://127.0.0.1/", "javascript:alert(1)",
    "foo://example.com/", "foo://127.0.0.1/", "foo://0x7f000001/", "foo://2130706433/", "foo://%6c%6fcalhost/",
    "foo://010.0.0.1/", "foo://0177.0.0.1/", "foo://01.2.3.4/", "foo://08.0.0.1/", "foo://LOCALHOST/",
    "foo://localhost./", "foo://[::1]/", "foo://%C3%A9/", "foo:x", "https://example.com:443/", "https://example.com:8443/",
    "http://example.com:8080/", "http://example.com:80/", "https://example.com:0/", "http://example.com/\x00",
    "http://\x00example.com/", "", "not a url", "example.com", "//example.com/", "http:/example.com/",
    "http:example.com", "http://", "http:///", "http://x.internal/", "http://x.local/", "http://internal/",
    "http://x.corp./", "http://kubernetes.default/", "http://svc/", "http://a.svc.cluster.local/", "http://x.lan/",
    "https://café.com/", "https://xn--caf-dma.com/", "https://CAFÉ.COM/", "https://example.com./",
    "https://Example.COM/", "https://evil.com./", "https://1.2.3.4/", "https://0x01020304/", "https://[2001:db8::1]/",
    "https://[2001:DB8:0::1]/", "https://[::1]:443/", "https://apI.github.com/", "https://x.googleapis.com/",
    "https://googleapis.com/", "https://xgoogleapis.com/", "https://api.github.com./", "http://%65vil.com/",
    "http://EVIL.com/", "http://sub.EVIL.com./", "http://e\u0301vil.com/", "http://evi\u006c.com/",
]


def safe_values(rnd, cfg):
    if not cfg:
        return SSRF_URLS + WRONG_KINDS
    return sorted(set(rnd.sample(SSRF_URLS, 45) + SSRF_URLS[:12]), key=SSRF_URLS.index) + WRONG_KINDS[:3]


def gen_urlsafe(rnd, add_eval, add_att, extra_decode, extra_construct, to_wire):
    for cfg in SAFE_CONFIGS:
        add_eval("urlsafe", S(**cfg), safe_values(rnd, cfg))
        extra_construct("urlsafe", S(**cfg))
    for cfg in BAD_SAFE_CONFIGS:
        add_eval("urlsafe", S(**cfg), ["http://example.com/", "not a url", "ftp://x.com/", 5, None])
        extra_construct("urlsafe", S(**cfg))
    # Decoding: missing keys take their defaults; wrong shapes are refused.
    for body, note, canonical in [
        ({}, "empty map: every field takes its default", False),
        ({"schemes": ["HTTP"]}, "only schemes", False),
        ({"allow_domains": [], "block_private": False}, "two fields", False),
        ({"allow_ports": None}, "explicit null", False),
        ({"schemes": None}, "null schemes", False),
        ({"allow_ports": [70000]}, "port above 65535", False),
        ({"allow_ports": [80.0]}, "float port", False),
        ({"allow_ports": [-1]}, "negative port", False),
        ({"allow_domains": [5]}, "non-text domain", False),
        ({"block_private": None}, "null flag", False),
        ({"block_private": 1}, "integer flag", False),
        ({"schemes": "http"}, "schemes not a list", False),
        ({"deny_domains": "x.com"}, "deny_domains not a list", False),
    ]:
        wire = b"\x82\x12" + enc_struct([(k, enc_value(v)) for k, v in body.items()])
        extra_decode("urlsafe", wire, note, canonical=canonical,
                     values=["http://example.com/", "http://127.0.0.1/", "https://x.com:8443/"])
    extra_decode("urlsafe", b"\x82\x12\xf6", "null")
    extra_decode("urlsafe", b"\x82\x12\x80", "array")
    extra_decode("urlsafe", b"\x82\x12" + enc_struct([("extra", enc_value(1))]), "unknown key", canonical=False,
                 ours=False, why=model.WHY["strict-keys"])
    # Attenuation between configurations, then to Exact URLs.
    extra_cfgs = [{"schemes": ["http"]}, {"schemes": ["HTTP"]}, {"allow_domains": ["*.googleapis.com"]},
                  {"allow_domains": ["api.github.com"]}, {"allow_domains": ["x.googleapis.com", "api.github.com"]},
                  {"allow_domains": ["googleapis.com"]}, {"allow_domains": ["*.x.googleapis.com"]},
                  {"allow_domains": ["API.GITHUB.COM"]}, {"allow_domains": ["evil.com"]},
                  {"deny_domains": ["*.evil.com", "169.254.169.254", "x.com"]}, {"deny_domains": ["*.EVIL.com", "169.254.169.254"]},
                  {"deny_domains": ["*.evil.com"]}, {"deny_domains": ["*.evil.com", "169.254.169.254."]},
                  {"allow_ports": [443, 8443]}, {"allow_ports": [80]}, {"block_internal_tlds": True, "block_private": False},
                  {"allow_domains": ["café.com"]}, {"allow_domains": ["xn--caf-dma.com"]}, {"allow_domains": ["1.2.772"]},
                  {"deny_domains": ["*.com"]}, {"deny_domains": ["evil.com", "a.evil.com"]}, {"deny_domains": ["*.evil.com"]}]
    cfgs = SAFE_CONFIGS + extra_cfgs
    for p in cfgs:
        for c in cfgs:
            if p == c or rnd.random() < 0.25:
                add_att("urlsafe", S(**p), S(**c))
    domains = ["example.com", "*.example.com", "EXAMPLE.COM", "a.example.com", "*.a.example.com", "café.com",
               "xn--caf-dma.com", "1.2.3.4", "1.2.772", "evil.com", "[::1]"]

    def random_cfg():
        d = {}
        if rnd.random() < 0.5:
            d["schemes"] = rnd.sample(["http", "https", "HTTP", "ftp"], rnd.randint(0, 2))
        for key in ("allow_domains", "deny_domains"):
            if rnd.random() < 0.5:
                d[key] = rnd.sample(domains, rnd.randint(0, 3))
        if rnd.random() < 0.4:
            d["allow_ports"] = rnd.sample([80, 443, 8443], rnd.randint(0, 2))
        for f in ("block_private", "block_loopback", "block_metadata", "block_reserved", "block_internal_tlds"):
            if rnd.random() < 0.2:
                d[f] = rnd.random() < 0.5
        return d

    for _ in range(300):
        add_att("urlsafe", S(**random_cfg()), S(**random_cfg()))
    for p in BAD_SAFE_CONFIGS[:4]:
        add_att("urlsafe", S(**p), S(**p))
        add_att("urlsafe", S(**p), S(**{**p, "block_internal_tlds": True}))
        add_att("urlsafe", S(), S(**p))
        add_att("urlsafe", S(**p), S())
    for p in SAFE_CONFIGS[:8]:
        for v in rnd.sample(SSRF_URLS, 8) + ["http://localhost./", "http://[::]/", "http://010.0.0.1/", "http://100.64.0.1/"]:
            add_att("urlsafe", S(**p), E(v))
        add_att("urlsafe", S(**p), E(5))
    for o in OTHER:
        add_att("urlsafe", S(), o)
        add_att("urlsafe", o, S())
    add_att("urlsafe", S(), U("https://x.com/*"))
    add_att("urlsafe", U("https://x.com/*"), S())


def generate(rnd, add_eval, add_att, extra_decode, extra_construct, to_wire):
    gen_regex(rnd, add_eval, add_att, extra_decode, extra_construct)
    gen_cidr(rnd, add_eval, add_att, extra_decode, extra_construct)
    gen_urlpattern(rnd, add_eval, add_att, extra_decode, extra_construct)
    gen_urlsafe(rnd, add_eval, add_att, extra_decode, extra_construct, to_wire)
    _ = head
