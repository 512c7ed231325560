/*
 * C parity runner: executes every case of Tests/Vectors/vectors.json against libtenuo through
 * include/tenuo.h, with the same semantics as the Swift runner (Tests/TenuoCoreTests/VectorTests.swift)
 * and pytest, so that the three suites agree on status codes, bytes and denials.
 *
 * C has no JSON parser, so the cases come flattened by scripts/flatten_vectors.py (the format is
 * described there: `key<TAB>value` lines, one blank line between records):
 *     python3 scripts/flatten_vectors.py Tests/Vectors/vectors.json build/ctests/vectors.tsv
 *     build/ctests/parity build/ctests/vectors.tsv
 * `make test-c` does both. Prints every failing case with expected vs got, then
 * "N passed, M failed, K skipped" (K: cases with a "pending" field), and exits non-zero on
 * any failure or on an unreadable file.
 *
 * The `constraint` and `attenuation` kinds are run twice: directly (tenuo_constraint_matches,
 * tenuo_constraint_check_attenuation) and through warrants: a constraint C is the only constraint of tool "t" on argument "v"
 * (a match is TENUO_OK from tenuo_warrant_check, a mismatch TENUO_E_CONSTRAINT_VIOLATION),
 * and an attenuation parent -> child is a grant of {"v": child} from a warrant minted with
 * {"v": parent}.
 */
#include "tenuo.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_HARNESS_NAME "parity"
#include "case_harness.h"

/* ---- Case context and failure reporting --------------------------------------------------- */

typedef struct {
    const record *r;
    const char *id;
    int failures;
} ctx;

static const char *last_error(void) {
    const char *m = tenuo_last_error_message();
    return m ? m : "(no message)";
}

static void fail(ctx *c, const char *fmt, ...) {
    va_list ap;
    if (c->failures++ == 0) fprintf(stderr, "FAIL %s [%s]\n", c->id, get(c->r, "kind"));
    fprintf(stderr, "    ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Compares a status; on mismatch reports both codes by name and the library's message. */
static int expect_status(ctx *c, const char *what, tenuo_status want, tenuo_status got) {
    if (want == got) return 1;
    fail(c, "%s: expected %d %s, got %d %s (%s)", what, (int)want, tenuo_status_name(want), (int)got,
         tenuo_status_name(got), got != TENUO_OK ? last_error() : "no error");
    return 0;
}

static int expect_hex(ctx *c, const char *what, const char *want_hex, const uint8_t *got, size_t n) {
    char *g = tohex(got, n);
    int ok = want_hex != NULL && strcmp(g, want_hex) == 0;
    if (!ok) {
        fail(c, "%s differ", what);
        fprintf(stderr, "      expected %s\n      got      %s\n", want_hex ? want_hex : "(none)", g);
    }
    free(g);
    return ok;
}

/* A failing call must leave a message on this thread. */
static void expect_message(ctx *c, const char *what, tenuo_status st) {
    if (st != TENUO_OK && tenuo_last_error_message() == NULL)
        fail(c, "%s: status %d but tenuo_last_error_message() is NULL", what, (int)st);
}

static tenuo_signing_key *key_from_seed_hex(ctx *c, const char *seed_hex) {
    bytes s = unhex(seed_hex);
    tenuo_signing_key *k = NULL;
    tenuo_status st = tenuo_signing_key_from_seed(s.p, s.n, &k);
    free(s.p);
    if (st != TENUO_OK) fail(c, "signing key from seed: %s (%s)", tenuo_status_name(st), last_error());
    return k;
}

static tenuo_public_key *public_key_from_hex(ctx *c, const char *hex) {
    bytes s = unhex(hex);
    tenuo_public_key *k = NULL;
    tenuo_status st = tenuo_public_key_from_bytes(s.p, s.n, &k);
    free(s.p);
    if (st != TENUO_OK) fail(c, "public key from bytes: %s (%s)", tenuo_status_name(st), last_error());
    return k;
}

static tenuo_args *args_from(ctx *c, const char *json) {
    tenuo_args *a = NULL;
    const char *j = json ? json : "{}";
    tenuo_status st = tenuo_args_from_json(j, strlen(j), &a);
    if (st != TENUO_OK) fail(c, "args from JSON %s: %s (%s)", j, tenuo_status_name(st), last_error());
    return a;
}

static int32_t id_form_of(const record *r) {
    const char *f = get(r, "id_form");
    return f != NULL && strcmp(f, "prefixed") == 0 ? TENUO_POP_ID_PREFIXED : TENUO_POP_ID_HEX;
}

/* ---- decode ------------------------------------------------------------------------------- */

static tenuo_warrant *decode_hex(const char *hex, tenuo_status *st) {
    bytes b = unhex(hex);
    tenuo_warrant *w = NULL;
    /* An empty envelope is passed as a non-NULL pointer with length 0. */
    *st = tenuo_warrant_from_bytes(b.p, b.n, &w);
    free(b.p);
    return w;
}

static void run_decode(ctx *c) {
    const record *r = c->r;
    tenuo_status want = (tenuo_status)get_i64(r, "expect.code", 0), st;
    tenuo_warrant *w = decode_hex(get(r, "envelope_hex"), &st);
    expect_message(c, "decode", st);
    if (!expect_status(c, "decode", want, st) || st != TENUO_OK) {
        if (st != TENUO_OK && w != NULL) fail(c, "out-parameter not NULL after a failure");
        tenuo_warrant_free(w);
        return;
    }
    uint8_t *p = NULL;
    size_t n = 0;
    if (tenuo_warrant_payload_bytes(w, &p, &n) == TENUO_OK) {
        expect_hex(c, "payload bytes", get(r, "expect.payload_hex"), p, n);
        tenuo_bytes_free(p, n);
    } else {
        fail(c, "payload_bytes failed: %s", last_error());
    }
    if (tenuo_warrant_to_bytes(w, &p, &n) == TENUO_OK) {
        expect_hex(c, "re-encoded envelope", get(r, "envelope_hex"), p, n);
        tenuo_bytes_free(p, n);
    } else {
        fail(c, "to_bytes failed: %s", last_error());
    }
    const char *want_id = get(r, "expect.id");
    if (want_id != NULL) {
        char *id = NULL;
        if (tenuo_warrant_id(w, &id) != TENUO_OK || strcmp(id, want_id) != 0)
            fail(c, "id: expected %s, got %s", want_id, id ? id : "(error)");
        tenuo_string_free(id);
    }
    if (has(r, "expect.depth") && (int64_t)tenuo_warrant_depth(w) != get_i64(r, "expect.depth", -1))
        fail(c, "depth: expected %s, got %u", get(r, "expect.depth"), (unsigned)tenuo_warrant_depth(w));
    if (has(r, "expect.max_depth") && (int64_t)tenuo_warrant_max_depth(w) != get_i64(r, "expect.max_depth", -1))
        fail(c, "max_depth: expected %s, got %u", get(r, "expect.max_depth"), (unsigned)tenuo_warrant_max_depth(w));
    if (has(r, "expect.expires_at") && (int64_t)tenuo_warrant_expires_at(w) != get_i64(r, "expect.expires_at", -1))
        fail(c, "expires_at: expected %s, got %" PRIu64, get(r, "expect.expires_at"), tenuo_warrant_expires_at(w));
    const char *type = get(r, "expect.type");
    if (type != NULL) {
        int32_t want_t = strcmp(type, "issuer") == 0 ? TENUO_WARRANT_ISSUER : TENUO_WARRANT_EXECUTION;
        if (tenuo_warrant_type(w) != want_t)
            fail(c, "type: expected %s, got %d", type, (int)tenuo_warrant_type(w));
    }
    /* The text forms round-trip to the same bytes. */
    char *text = NULL;
    for (int form = 0; form < 2; form++) {
        tenuo_status s = form == 0 ? tenuo_warrant_to_base64(w, &text) : tenuo_warrant_to_pem(w, &text);
        tenuo_warrant *back = NULL;
        if (s == TENUO_OK) s = tenuo_warrant_parse(text, strlen(text), &back);
        if (s != TENUO_OK) {
            fail(c, "%s round trip: %s (%s)", form ? "PEM" : "base64", tenuo_status_name(s), last_error());
        } else if (tenuo_warrant_to_bytes(back, &p, &n) == TENUO_OK) {
            expect_hex(c, form ? "PEM round trip" : "base64 round trip", get(r, "envelope_hex"), p, n);
            tenuo_bytes_free(p, n);
        }
        tenuo_warrant_free(back);
        tenuo_string_free(text);
        text = NULL;
    }
    tenuo_warrant_free(w);
}

/* ---- mint / grant ------------------------------------------------------------------------- */

/* Keeps the first failing status of a build sequence (setters fail early for some inputs). */
#define STEP(expr)                           \
    do {                                     \
        if (st == TENUO_OK) {                \
            st = (expr);                     \
            if (st != TENUO_OK) step = #expr; \
        }                                    \
    } while (0)

static void run_mint_or_grant(ctx *c, int is_grant) {
    const record *r = c->r;
    tenuo_status want = (tenuo_status)get_i64(r, "expect.code", 0), st = TENUO_OK;
    const char *step = "mint";
    tenuo_signing_key *key = key_from_seed_hex(c, get(r, "issuer_seed"));
    tenuo_public_key *holder = public_key_from_hex(c, get(r, "holder"));
    bytes id = unhex(get(r, "warrant_id"));
    tenuo_warrant *parent = NULL, *out = NULL;
    tenuo_mint_builder *mb = NULL;
    tenuo_grant_builder *gb = NULL;
    if (key == NULL || holder == NULL) goto done;
    uint64_t issued = (uint64_t)get_i64(r, "issued_at", 0);
    uint64_t expires = (uint64_t)get_i64(r, "expires_at", 0);
    uint32_t max_depth = (uint32_t)get_i64(r, "max_depth", 0);
    size_t ntools = count_of(r, "tool");
    if (!is_grant) {
        STEP(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb));
        for (size_t i = 0; i < ntools; i++) {
            const char *t = get_nth(r, "tool", i), *j = get_nth(r, "tool_constraints", i);
            STEP(tenuo_mint_builder_add_tool(mb, t, strlen(t), j, j ? strlen(j) : 0));
        }
        STEP(tenuo_mint_builder_set_holder(mb, holder));
        STEP(tenuo_mint_builder_set_id(mb, id.p, id.n));
        STEP(tenuo_mint_builder_set_issued_at(mb, issued));
        STEP(tenuo_mint_builder_set_expires_at(mb, expires));
        STEP(tenuo_mint_builder_set_max_depth(mb, max_depth));
        if (has(r, "clearance")) STEP(tenuo_mint_builder_set_clearance(mb, (uint32_t)get_i64(r, "clearance", 0)));
        STEP(tenuo_mint_builder_mint(mb, key, issued, &out));
    } else {
        tenuo_status ps;
        parent = decode_hex(get(r, "parent_envelope_hex"), &ps);
        if (ps != TENUO_OK) {
            fail(c, "parent does not decode: %s (%s)", tenuo_status_name(ps), last_error());
            goto done;
        }
        STEP(tenuo_grant_builder_new(parent, &gb));
        for (size_t i = 0; i < ntools; i++) {
            const char *t = get_nth(r, "tool", i);
            STEP(tenuo_grant_builder_allow_tool(gb, t, strlen(t)));
        }
        for (size_t i = 0; i < ntools; i++) {
            const char *t = get_nth(r, "tool", i), *j = get_nth(r, "tool_constraints", i);
            STEP(tenuo_grant_builder_set_constraints(gb, t, strlen(t), j, j ? strlen(j) : 0));
        }
        STEP(tenuo_grant_builder_set_holder(gb, holder));
        STEP(tenuo_grant_builder_set_id(gb, id.p, id.n));
        STEP(tenuo_grant_builder_set_issued_at(gb, issued));
        STEP(tenuo_grant_builder_set_expires_at(gb, expires));
        STEP(tenuo_grant_builder_set_max_depth(gb, max_depth));
        if (has(r, "clearance")) STEP(tenuo_grant_builder_set_clearance(gb, (uint32_t)get_i64(r, "clearance", 0)));
        STEP(tenuo_grant_builder_grant(gb, key, issued, &out));
    }
    expect_message(c, step, st);
    if (!expect_status(c, step, want, st)) goto done;
    if (st == TENUO_OK) {
        uint8_t *p = NULL;
        size_t n = 0;
        if (tenuo_warrant_to_bytes(out, &p, &n) == TENUO_OK) {
            expect_hex(c, "envelope bytes", get(r, "expect.envelope_hex"), p, n);
            tenuo_bytes_free(p, n);
        } else {
            fail(c, "to_bytes failed: %s", last_error());
        }
    } else if (out != NULL) {
        fail(c, "out-parameter not NULL after a failure");
    }
done:
    tenuo_warrant_free(out);
    tenuo_warrant_free(parent);
    tenuo_mint_builder_free(mb);
    tenuo_grant_builder_free(gb);
    tenuo_public_key_free(holder);
    tenuo_signing_key_free(key);
    free(id.p);
}

/* ---- chain / authorize -------------------------------------------------------------------- */

static tenuo_authorizer *authorizer_for(ctx *c) {
    size_t nroots = count_of(c->r, "trusted_roots");
    uint8_t *roots = xrealloc(NULL, nroots * 32 + 1);
    size_t len = 0;
    for (size_t i = 0; i < nroots; i++) {
        bytes k = unhex(get_nth(c->r, "trusted_roots", i));
        memcpy(roots + len, k.p, k.n < 32 ? k.n : 32);
        len += 32;
        free(k.p);
    }
    tenuo_authorizer *a = NULL;
    tenuo_status st = tenuo_authorizer_new(roots, len, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &a);
    free(roots);
    if (st != TENUO_OK) fail(c, "authorizer_new: %s (%s)", tenuo_status_name(st), last_error());
    return a;
}

static void run_chain_or_authorize(ctx *c, int is_authorize) {
    const record *r = c->r;
    tenuo_status want = (tenuo_status)get_i64(r, "expect.code", 0), st = TENUO_OK;
    uint64_t now = (uint64_t)get_i64(r, "now", 0);
    tenuo_authorizer *auth = authorizer_for(c);
    tenuo_chain *chain = NULL;
    tenuo_warrant *leaf = NULL;
    tenuo_args *args = NULL;
    tenuo_signing_key *holder_key = NULL;
    tenuo_denial *denial = NULL;
    if (auth == NULL) goto done;

    /* Decode every link; a decode failure is the case's outcome (as in the Swift runner). */
    size_t n = count_of(r, "envelopes_hex");
    for (size_t i = 0; i < n && st == TENUO_OK; i++) {
        tenuo_warrant *w = decode_hex(get_nth(r, "envelopes_hex", i), &st);
        if (st != TENUO_OK) break;
        tenuo_chain *next = NULL;
        st = chain == NULL ? tenuo_chain_new(w, &next) : tenuo_chain_push(chain, w, &next);
        tenuo_chain_free(chain);
        chain = next;
        tenuo_warrant_free(leaf);
        leaf = w;
    }
    if (st != TENUO_OK) {
        expect_message(c, "decode", st);
        expect_status(c, "decode", want, st);
        goto done;
    }
    if (chain == NULL || tenuo_chain_len(chain) != n) {
        fail(c, "chain has %zu links, expected %zu", tenuo_chain_len(chain), n);
        goto done;
    }
    if (!is_authorize) {
        st = tenuo_authorizer_verify_chain(auth, chain, now);
        expect_message(c, "verify_chain", st);
        expect_status(c, "verify_chain", want, st);
        goto done;
    }
    const char *tool = get(r, "tool");
    if (tool == NULL) tool = "";
    args = args_from(c, get(r, "args_json"));
    if (args == NULL) goto done;
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    const uint8_t *pop = NULL;
    const char *seed = get(r, "pop.holder_seed");
    if (seed != NULL) {
        holder_key = key_from_seed_hex(c, seed);
        if (holder_key == NULL) goto done;
        st = tenuo_warrant_sign(leaf, holder_key, tool, strlen(tool), args, (int64_t)now, sig, sizeof sig);
        if (st != TENUO_OK) {
            fail(c, "sign PoP: %s (%s)", tenuo_status_name(st), last_error());
            goto done;
        }
        pop = sig;
    }
    st = tenuo_authorizer_check_chain(auth, chain, tool, strlen(tool), args, pop, pop ? sizeof sig : 0, now, &denial);
    expect_message(c, "check_chain", st);
    if (!expect_status(c, "check_chain", want, st)) goto done;
    if (st == TENUO_OK && denial != NULL) fail(c, "allowed call returned a denial");
    if (st != TENUO_OK) {
        if (denial == NULL) {
            fail(c, "refused call returned no denial");
            goto done;
        }
        if (tenuo_denial_code(denial) != st)
            fail(c, "denial code %d differs from status %d", (int)tenuo_denial_code(denial), (int)st);
    }
    if (has(r, "expect.field")) {
        const char *want_field = get(r, "expect.field"); /* NULL: no field expected */
        const char *got_field = denial ? tenuo_denial_field(denial) : NULL;
        int same = want_field == NULL ? got_field == NULL : (got_field != NULL && strcmp(got_field, want_field) == 0);
        if (!same)
            fail(c, "denial field: expected %s, got %s", want_field ? want_field : "null", got_field ? got_field : "null");
    }
done:
    tenuo_denial_free(denial);
    tenuo_signing_key_free(holder_key);
    tenuo_args_free(args);
    tenuo_warrant_free(leaf);
    tenuo_chain_free(chain);
    tenuo_authorizer_free(auth);
}

/* ---- stack -------------------------------------------------------------------------------- */

static void run_stack(ctx *c) {
    const record *r = c->r;
    bytes b = unhex(get(r, "stack_hex"));
    tenuo_chain *chain = NULL, *parsed = NULL;
    tenuo_status st = tenuo_chain_from_bytes(b.p, b.n, &chain);
    expect_message(c, "chain_from_bytes", st);
    if (!expect_status(c, "chain_from_bytes", (tenuo_status)get_i64(r, "expect.code", 0), st) || st != TENUO_OK) goto done;
    size_t want = (size_t)get_i64(r, "expect.count", 0);
    if (tenuo_chain_len(chain) != want) fail(c, "count: expected %zu, got %zu", want, tenuo_chain_len(chain));
    for (size_t i = 0; i < tenuo_chain_len(chain) && i < count_of(r, "expect.envelopes_hex"); i++) {
        tenuo_warrant *w = NULL;
        uint8_t *p = NULL;
        size_t n = 0;
        if (tenuo_chain_get(chain, i, &w) == TENUO_OK && tenuo_warrant_to_bytes(w, &p, &n) == TENUO_OK) {
            expect_hex(c, "stack element", get_nth(r, "expect.envelopes_hex", i), p, n);
            tenuo_bytes_free(p, n);
        } else {
            fail(c, "chain_get(%zu): %s", i, last_error());
        }
        tenuo_warrant_free(w);
    }
    uint8_t *p = NULL;
    size_t n = 0;
    if (tenuo_chain_to_bytes(chain, &p, &n) == TENUO_OK) {
        expect_hex(c, "re-encoded stack", get(r, "stack_hex"), p, n);
        tenuo_bytes_free(p, n);
    } else {
        fail(c, "chain_to_bytes: %s", last_error());
    }
    const char *text = get(r, "base64url");
    if (text != NULL) {
        st = tenuo_chain_parse(text, strlen(text), &parsed);
        if (st != TENUO_OK) fail(c, "chain_parse(base64url): %s (%s)", tenuo_status_name(st), last_error());
        else if (tenuo_chain_len(parsed) != want)
            fail(c, "chain_parse(base64url): %zu warrants, expected %zu", tenuo_chain_len(parsed), want);
    }
done:
    tenuo_chain_free(parsed);
    tenuo_chain_free(chain);
    free(b.p);
}

/* ---- pop / pop_verify --------------------------------------------------------------------- */

static void run_pop(ctx *c, int make) {
    const record *r = c->r;
    tenuo_status st;
    tenuo_warrant *w = decode_hex(get(r, "envelope_hex"), &st);
    tenuo_args *args = NULL;
    tenuo_signing_key *key = NULL;
    bytes sig = {NULL, 0};
    if (st != TENUO_OK) {
        fail(c, "warrant does not decode: %s (%s)", tenuo_status_name(st), last_error());
        goto done;
    }
    args = args_from(c, get(r, "args_json"));
    if (args == NULL) goto done;
    const char *tool = get(r, "tool");
    if (tool == NULL) tool = "";
    int32_t form = id_form_of(r);
    int64_t now = get_i64(r, "now", 0);
    if (make) {
        int64_t window = get_i64(r, "window", 0);
        uint8_t *ch = NULL;
        size_t n = 0;
        st = tenuo_warrant_pop_challenge(w, tool, strlen(tool), args, window, form, &ch, &n);
        if (st == TENUO_OK) {
            expect_hex(c, "PoP challenge", get(r, "expect.challenge_hex"), ch, n);
            tenuo_bytes_free(ch, n);
        } else {
            fail(c, "pop_challenge: %s (%s)", tenuo_status_name(st), last_error());
        }
        key = key_from_seed_hex(c, get(r, "holder_seed"));
        uint8_t made[TENUO_SIGNATURE_BYTES];
        if (key != NULL) {
            st = tenuo_warrant_sign_ex(w, key, tool, strlen(tool), args, window, form, made, sizeof made);
            if (st == TENUO_OK) expect_hex(c, "PoP signature", get(r, "expect.signature_hex"), made, sizeof made);
            else fail(c, "sign_ex: %s (%s)", tenuo_status_name(st), last_error());
        }
        sig = unhex(get(r, "expect.signature_hex"));
    } else {
        sig = unhex(get(r, "signature_hex"));
    }
    int want_valid = get_bool(r, "expect.valid");
    st = tenuo_warrant_verify_pop(w, tool, strlen(tool), args, sig.p, sig.n, now, 0, form);
    if ((st == TENUO_OK) != want_valid)
        fail(c, "verify_pop: expected %s, got %d %s", want_valid ? "valid" : "invalid", (int)st, tenuo_status_name(st));
    if (st != TENUO_OK && st != TENUO_E_SIGNATURE_INVALID && st != TENUO_E_POP_SIGNATURE_INVALID)
        fail(c, "verify_pop: unexpected status %s (%s)", tenuo_status_name(st), last_error());
    /* The reference runtime signs the bare-hex id: a prefixed-form PoP must fail the default form. */
    if (form == TENUO_POP_ID_PREFIXED &&
        tenuo_warrant_verify_pop(w, tool, strlen(tool), args, sig.p, sig.n, now, 0, TENUO_POP_ID_HEX) == TENUO_OK)
        fail(c, "a prefixed-form PoP verified under the bare-hex form");
done:
    free(sig.p);
    tenuo_signing_key_free(key);
    tenuo_args_free(args);
    tenuo_warrant_free(w);
}

/* ---- constraint / attenuation (through warrants) ------------------------------------------ */

enum { EMU_NOW = 1704067200 };
static const uint8_t EMU_SEED[32] = {0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
                                     0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
                                     0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42};

/* "{"v":" + json + "}" */
static char *wrap_v(const char *json) {
    const char *j = json ? json : "null";
    size_t n = strlen(j);
    char *s = xrealloc(NULL, n + 7);
    memcpy(s, "{\"v\":", 5);
    memcpy(s + 5, j, n);
    s[5 + n] = '}';
    s[6 + n] = '\0';
    return s;
}

/* Mints a warrant for tool "t" with {"v": constraint}, issued at EMU_NOW, held by the issuer. */
static tenuo_status mint_with_v(const tenuo_signing_key *key, const char *constraint, tenuo_warrant **out) {
    char *cs = wrap_v(constraint);
    tenuo_mint_builder *b = NULL;
    tenuo_status st = tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b);
    if (st == TENUO_OK) st = tenuo_mint_builder_add_tool(b, "t", 1, cs, strlen(cs));
    if (st == TENUO_OK) st = tenuo_mint_builder_set_issued_at(b, EMU_NOW);
    if (st == TENUO_OK) st = tenuo_mint_builder_set_ttl(b, 3600);
    if (st == TENUO_OK) st = tenuo_mint_builder_mint(b, key, EMU_NOW, out);
    tenuo_mint_builder_free(b);
    free(cs);
    return st;
}

static void run_constraint(ctx *c) {
    const record *r = c->r;
    tenuo_signing_key *key = NULL;
    tenuo_warrant *w = NULL;
    tenuo_args *args = NULL;
    tenuo_denial *denial = NULL;
    char *aj = wrap_v(get(r, "value_json"));
    tenuo_status st = tenuo_signing_key_from_seed(EMU_SEED, sizeof EMU_SEED, &key);
    if (st == TENUO_OK) st = mint_with_v(key, get(r, "constraint"), &w);
    if (st != TENUO_OK) {
        fail(c, "minting a warrant with constraint %s: %s (%s)", get(r, "constraint"), tenuo_status_name(st), last_error());
        goto done;
    }
    args = args_from(c, aj);
    if (args == NULL) goto done;
    st = tenuo_warrant_check(w, "t", 1, args, EMU_NOW, &denial);
    expect_message(c, "check", st);
    int want_match = get_bool(r, "expect.match");
    /* A mismatch is CONSTRAINT_VIOLATION naming "v"; a constraint that raises while evaluating
     * (e.g. Cidr on a non-IP string, as the reference does) denies with its own code instead. */
    if (want_match) expect_status(c, "match", TENUO_OK, st);
    else if (st == TENUO_OK) fail(c, "mismatch: expected a denial, got TENUO_OK");
    if (st == TENUO_E_CONSTRAINT_VIOLATION &&
        (denial == NULL || tenuo_denial_field(denial) == NULL || strcmp(tenuo_denial_field(denial), "v") != 0) &&
        !(denial != NULL && tenuo_denial_field(denial) != NULL && tenuo_denial_field(denial)[0] == '_'))
        fail(c, "denial does not name field v");
    /* The direct entry point must decide the same way. */
    {
        const char *cj = get(r, "constraint"), *vj = get(r, "value_json");
        tenuo_constraint *k = NULL;
        tenuo_status cs = tenuo_constraint_from_json(cj, cj ? strlen(cj) : 0, &k);
        if (cs != TENUO_OK) {
            fail(c, "tenuo_constraint_from_json: %s (%s)", tenuo_status_name(cs), last_error());
        } else {
            tenuo_status ms = tenuo_constraint_matches(k, vj, vj ? strlen(vj) : 0);
            expect_status(c, "tenuo_constraint_matches", want_match ? TENUO_OK : TENUO_E_CONSTRAINT_VIOLATION, ms);
        }
        tenuo_constraint_free(k);
    }
done:
    tenuo_denial_free(denial);
    tenuo_args_free(args);
    tenuo_warrant_free(w);
    tenuo_signing_key_free(key);
    free(aj);
}

static void run_attenuation(ctx *c) {
    const record *r = c->r;
    tenuo_signing_key *key = NULL;
    tenuo_warrant *parent = NULL, *child = NULL;
    tenuo_grant_builder *gb = NULL;
    char *cj = wrap_v(get(r, "child"));
    tenuo_status st = tenuo_signing_key_from_seed(EMU_SEED, sizeof EMU_SEED, &key);
    if (st == TENUO_OK) st = mint_with_v(key, get(r, "parent"), &parent);
    if (st != TENUO_OK) {
        fail(c, "minting the parent with %s: %s (%s)", get(r, "parent"), tenuo_status_name(st), last_error());
        goto done;
    }
    st = tenuo_grant_builder_new(parent, &gb);
    if (st == TENUO_OK) st = tenuo_grant_builder_set_constraints(gb, "t", 1, cj, strlen(cj));
    if (st == TENUO_OK) st = tenuo_grant_builder_grant(gb, key, EMU_NOW, &child);
    expect_message(c, "grant", st);
    expect_status(c, "grant", (tenuo_status)get_i64(r, "expect.code", 0), st);
    if (st != TENUO_OK && child != NULL) fail(c, "out-parameter not NULL after a failure");
    /* The direct entry point must decide the same way. */
    {
        const char *pj = get(r, "parent"), *chj = get(r, "child");
        tenuo_constraint *pk = NULL, *ck = NULL;
        tenuo_status ps = tenuo_constraint_from_json(pj, pj ? strlen(pj) : 0, &pk);
        tenuo_status cs = tenuo_constraint_from_json(chj, chj ? strlen(chj) : 0, &ck);
        if (ps != TENUO_OK || cs != TENUO_OK) fail(c, "tenuo_constraint_from_json: %s (%s)", tenuo_status_name(ps ? ps : cs), last_error());
        else expect_status(c, "tenuo_constraint_check_attenuation", (tenuo_status)get_i64(r, "expect.code", 0),
                           tenuo_constraint_check_attenuation(pk, ck));
        tenuo_constraint_free(pk);
        tenuo_constraint_free(ck);
    }
done:
    tenuo_grant_builder_free(gb);
    tenuo_warrant_free(child);
    tenuo_warrant_free(parent);
    tenuo_signing_key_free(key);
    free(cj);
}

/* ---- Main --------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS.tsv   (made by scripts/flatten_vectors.py)\n", argv[0]);
        return 2;
    }
    record_list cases;
    if (!load(argv[1], &cases)) return 2;
    if (cases.declared < 0 || (size_t)cases.declared != cases.count) {
        fprintf(stderr, "parity: %s holds %zu records but declares %ld: truncated or stale file\n", argv[1],
                cases.count, cases.declared);
        free_records(&cases);
        return 2;
    }
    int passed = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < cases.count; i++) {
        const record *r = &cases.items[i];
        ctx c = {r, get(r, "id") ? get(r, "id") : "?", 0};
        const char *kind = get(r, "kind");
        if (kind == NULL) kind = "?";
        if (has(r, "pending")) {
            skipped++;
            continue;
        }
        if (strcmp(kind, "decode") == 0) run_decode(&c);
        else if (strcmp(kind, "mint") == 0) run_mint_or_grant(&c, 0);
        else if (strcmp(kind, "grant") == 0) run_mint_or_grant(&c, 1);
        else if (strcmp(kind, "chain") == 0) run_chain_or_authorize(&c, 0);
        else if (strcmp(kind, "authorize") == 0) run_chain_or_authorize(&c, 1);
        else if (strcmp(kind, "stack") == 0) run_stack(&c);
        else if (strcmp(kind, "pop") == 0) run_pop(&c, 1);
        else if (strcmp(kind, "pop_verify") == 0) run_pop(&c, 0);
        else if (strcmp(kind, "constraint") == 0) run_constraint(&c);
        else if (strcmp(kind, "attenuation") == 0) run_attenuation(&c);
        else fail(&c, "unknown case kind %s", kind);
        if (c.failures == 0) passed++;
        else failed++;
    }
    printf("parity: %zu cases from %s against libtenuo %s\n", cases.count, argv[1], tenuo_version_string());
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    free_records(&cases);
    return failed == 0 ? 0 : 1;
}
