"""libtenuo's deliberate decisions where it differs from the reference, for the network
constraint types and Regex. Each function takes the reference's decision and returns
(ours, why): `why` is the divergence text when `ours` differs. Facts about URLs (hosts, paths)
come from the reference itself (its UrlPattern parser), never from Python's own URL handling."""
import ipaddress
import re

import tenuo

# Regex patterns this build cannot run faithfully (the pools register them with the reason).
REGEX_UNSUPPORTED = {}

SPECIAL = {"http", "https", "ws", "wss", "ftp", "file"}
INTERNAL_TLDS = [".internal", ".local", ".localhost", ".lan", ".corp", ".home", ".svc", ".default"]
METADATA = {"169.254.169.254", "metadata.google.internal", "metadata.goog", "100.100.100.200"}

WHY = {
    "regex-unsupported": "this build cannot run the pattern faithfully on RE2 (%s), so it refuses it: the "
                         "constructor fails and a signed pattern denies every call (the reference accepts it)",
    "regex-wordboundary": "\\b/\\B run on RE2's ASCII word characters, so on non-ASCII text the pattern raises "
                          "(a deny); the reference uses Unicode word boundaries",
    "url-file-drive": "file: URLs with a Windows drive letter are refused (the url crate's drive-letter rules are "
                      "not reproduced)",
    "urlsafe-trailing-dot": "SSRF gap closed: a host with a trailing dot is also checked without it against the "
                            "localhost/metadata/internal-TLD/deny lists (the reference lets `localhost.` through)",
    "urlsafe-unspecified": "SSRF gap closed: `[::]` reaches the local host like 0.0.0.0, so block_reserved refuses it "
                           "(the reference allows it)",
    "urlsafe-octal": "SSRF gap closed: an IPv4 host written with an octal part that reads differently in decimal "
                     "(`010.0.0.1`) is ambiguous between parsers and refused (the url crate reads 8.0.0.1 and the "
                     "reference allows it)",
    "urlsafe-cgnat": "SSRF gap closed: 100.64.0.0/10 (shared address space, RFC 6598) counts as private (the "
                     "reference allows it)",
    "urlpattern-path-deeper": "the child adds `/…` to a parent path glob that does not end in `*`, so it allows "
                              "deeper paths the parent denies; refused (the reference accepts)",
    "urlpattern-invalid-parent-glob": "the parent path is not a valid glob, so it matches only its own text; it "
                                      "narrows only to itself (the reference accepts prefix children)",
    "urlpattern-child-text": "the child path is not a valid glob (it matches only its own text) and the parent "
                             "glob does not match that text; refused (the reference accepts)",
    "urlpattern-host-case": "under a scheme that keeps host case, an exact child host matches case-insensitively "
                            "while the parent's `*.` suffix test is case-sensitive; refused (the reference accepts)",
    "strict-keys": "unknown keys in a constraint map are refused at decode, as for every constraint type (the "
                   "reference ignores them)",
}


def regex_word_boundary(pattern):
    """Whether the pattern uses \\b or \\B outside a class (and not a \\b{…} assertion)."""
    i, depth = 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            if depth == 0 and pattern[i + 1] in "bB" and not pattern.startswith("{", i + 2):
                return True
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth > 0:
            depth -= 1
        i += 1
    return False


# ---------------------------------------------------------------------------------------------
# URLs, read by the reference.

def ref_url(url):
    """(scheme, host_str, path) of a URL as the reference's parser reads it, or None."""
    m = re.match(r"^[\x00-\x20]*([A-Za-z][A-Za-z0-9+.\-]*):", url)
    if not m or "*" in url:
        return None
    scheme = m.group(1).lower()
    rest = url[m.end():]
    if scheme in SPECIAL and scheme != "file":
        rest = "//" + rest.lstrip("/\\")
    elif not rest.startswith("//"):
        return (scheme, None, None)
    try:
        u = tenuo.UrlPattern(scheme + ":" + rest)
    except Exception:  # noqa: BLE001
        return None
    return (scheme, u.host_pattern, u.path_pattern)


def latin1_decode(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "%":
            h = s[i + 1:i + 3]
            i += 1 + len(h)
            try:
                if len(h.encode()) == 2 and re.fullmatch(r"\+?[0-9A-Fa-f]+", h) and int(h, 16) < 256:
                    out.append(chr(int(h, 16)))
                    continue
            except ValueError:
                pass
            out.append("%" + h)
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def raw_host(url):
    """The host text as written (after userinfo, before port/path), percent-decoded, lowercased."""
    m = re.match(r"^[\x00-\x20]*[A-Za-z][A-Za-z0-9+.\-]*:[/\\]*([^/\\?#]*)", url)
    if not m:
        return ""
    auth = m.group(1).rsplit("@", 1)[-1]
    if not auth.startswith("["):
        auth = auth.split(":", 1)[0]
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda x: chr(int(x.group(1), 16)), auth).lower()


def ambiguous_octal(text):
    parts = text.split(".")
    if parts and parts[-1] == "":
        parts = parts[:-1]
    for p in parts:
        if len(p) >= 2 and p[0] == "0" and p[1] not in "xX" and re.fullmatch(r"[0-7]+", p):
            if int(p, 8) != int(p, 10):
                return True
    return False


def normalized_deny(pattern):
    if pattern.startswith("*."):
        rest = ref_url("https://" + pattern[2:] + "/")
        return ("wild", rest[1]) if rest else None
    r = ref_url("https://" + pattern + "/")
    return ("exact", r[1]) if r else None


def deny_matches(pattern, host):
    n = normalized_deny(pattern)
    if n is None:
        return False
    kind, h = n
    return host == h if kind == "exact" else (host == h or host.endswith("." + h))


def ip_of(host):
    h = host.strip("[]")
    try:
        ip = ipaddress.ip_address(h)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.version == 6 and int(ip) >> 32 == 0 and int(ip) > 1:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def urlsafe_divergence(j, url):
    """The divergence rule that makes libtenuo deny a URL the reference allows, or None."""
    full = {"schemes": ["http", "https"], "allow_domains": None, "deny_domains": None, "allow_ports": None,
            "block_private": True, "block_loopback": True, "block_metadata": True, "block_reserved": True,
            "block_internal_tlds": False}
    full.update({k: v for k, v in j.items() if k != "type"})
    r = ref_url(url)
    if not r or r[1] is None:
        return None
    scheme, host, _ = r
    host = latin1_decode(host).lower() if scheme not in SPECIAL else host.lower()
    if scheme in SPECIAL and ip_of(host) is not None and ip_of(host).version == 4 and ambiguous_octal(raw_host(url)):
        return "urlsafe-octal"
    if host == "[::]" and full["block_reserved"]:
        return "urlsafe-unspecified"
    ip = ip_of(host)
    if ip is not None and ip.version == 4 and full["block_private"] and ip in ipaddress.ip_network("100.64.0.0/10"):
        return "urlsafe-cgnat"
    if host.endswith(".") and len(host) > 1:
        s = host[:-1]
        if full["block_loopback"] and s in ("localhost", "localhost.localdomain"):
            return "urlsafe-trailing-dot"
        if full["block_internal_tlds"] and any(s.endswith(t) or s == t[1:] for t in INTERNAL_TLDS):
            return "urlsafe-trailing-dot"
        if full["block_metadata"] and s in METADATA:
            return "urlsafe-trailing-dot"
        if full["deny_domains"] and any(deny_matches(p, s) for p in full["deny_domains"]):
            return "urlsafe-trailing-dot"
    return None


def file_drive(url):
    return bool(re.match(r"^\s*file:[/\\]*[A-Za-z][:|]([/\\?#]|$)", url, re.I))


# ---------------------------------------------------------------------------------------------
# Decisions.

# Set by the generator: whether the reference SDK constructor accepts a JSON form.
ref_constructs = None


def constructible(j):
    """Whether libtenuo's JSON constructor accepts the parameters."""
    return our_construct(j, ref_constructs(j))[0]


def our_construct(j, ref_ok):
    t = j["type"]
    if t == "Regex" and j["pattern"] in REGEX_UNSUPPORTED:
        return False, WHY["regex-unsupported"] % REGEX_UNSUPPORTED[j["pattern"]]
    if t == "UrlPattern" and file_drive(j["pattern"]):
        return False, WHY["url-file-drive"]
    return ref_ok, None


def our_match(j, v, ref_match):
    t = j["type"]
    if t == "Regex":
        p = j["pattern"]
        if p in REGEX_UNSUPPORTED:
            return False, WHY["regex-unsupported"] % REGEX_UNSUPPORTED[p]
        if isinstance(v, str) and regex_word_boundary(p) and any(ord(ch) > 127 for ch in v):
            return False, WHY["regex-wordboundary"]
    if t in ("UrlPattern", "UrlSafe") and isinstance(v, str) and file_drive(v):
        return False, WHY["url-file-drive"]
    if t == "UrlSafe" and ref_match and isinstance(v, str):
        rule = urlsafe_divergence(j, v)
        if rule:
            return False, WHY[rule]
    return ref_match, None


def url_parts(pattern):
    u = tenuo.UrlPattern(pattern)
    return u.schemes, u.host_pattern, u.port, u.path_pattern


def glob_valid(p):
    try:
        tenuo.Pattern(p)
        return True
    except Exception:  # noqa: BLE001
        return False


def glob_matches(p, text):
    return tenuo.Pattern(p).matches(text)


def urlpattern_guard(parent, child):
    """The guard of ours that refuses a pair the reference accepts, or None."""
    ps, ph, pport, pp = url_parts(parent)
    cs, ch, cport, cp = url_parts(child)
    if ph and ph.startswith("*.") and ch and not ch.startswith("*.") and ch != "*":
        keeps_case = not cs or any(s not in SPECIAL for s in cs)
        if keeps_case and re.search(r"[A-Za-z]", ch):
            return "urlpattern-host-case"
    if pp is None or pp in ("*", "/*") or pp == cp or cp is None:
        return None
    if not glob_valid(pp):
        return "urlpattern-invalid-parent-glob"
    child_text = not glob_valid(cp) and cp not in ("*", "/*")
    if pp.endswith("/*"):
        if child_text and not glob_matches(pp, cp):
            return "urlpattern-child-text"
        return None
    if cp.startswith(pp + "/"):
        if not pp.endswith("*"):
            return "urlpattern-path-deeper"
        if child_text and not glob_matches(pp, cp):
            return "urlpattern-child-text"
    return None


def our_attenuation(p, c, ref_code):
    pt, ct = p["type"], c["type"]
    if pt == "Wildcard":
        return ref_code, None
    if pt == "Regex" and p["pattern"] in REGEX_UNSUPPORTED and ct == "Exact" and ref_code in (0, 1503):
        return 1501, WHY["regex-unsupported"] % REGEX_UNSUPPORTED[p["pattern"]]
    if pt == "Regex" and ct == "Exact" and isinstance(c["value"], str) and regex_word_boundary(p["pattern"]) \
            and any(ord(ch) > 127 for ch in c["value"]) and ref_code in (0, 1503):
        return 1501, WHY["regex-wordboundary"]
    if pt == "UrlPattern" and ct == "Exact" and isinstance(c["value"], str) and file_drive(c["value"]):
        return 1204, WHY["url-file-drive"]
    if pt == "UrlPattern" and ct == "UrlPattern" and ref_code == 0:
        rule = urlpattern_guard(p["pattern"], c["pattern"])
        if rule:
            return 1502, WHY[rule]
    if pt == "UrlSafe" and ct == "Exact" and ref_code == 0 and isinstance(c["value"], str):
        rule = urlsafe_divergence(p, c["value"])
        if rule:
            return 1501, WHY[rule]
    return ref_code, None
