/*
 * C runner for Tests/Vectors/approvals.json (multi-sig approvals, generated against the
 * reference tenuo 0.3.3 by scripts/gen_approval_cases.py): every case goes through
 * include/tenuo.h and must reach the case's expected status, as in the Swift
 * (Tests/TenuoCoreTests/ApprovalTests.swift) and Python (bindings/python/tests/test_approvals.py)
 * runners.
 *
 * The cases come flattened by scripts/flatten_vectors.py (`key<TAB>value` lines, a blank line
 * between records):
 *     python3 scripts/flatten_vectors.py Tests/Vectors/approvals.json build/ctests/approvals.tsv
 *     build/ctests/approvals build/ctests/approvals.tsv
 * `make test-c` does both. Prints failing cases, then "approvals.json: N of M cases agree with
 * the reference" and "N passed, M failed"; exits non-zero on any failure.
 */
#include "tenuo.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_HARNESS_NAME "approvals"
#include "case_harness.h"

/* ---- Cases -------------------------------------------------------------------------------- */

static int failures;

static void fail(const record *r, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "FAIL %s [%s]: ", get(r, "id"), get(r, "kind"));
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    const char *m = tenuo_last_error_message();
    fprintf(stderr, " (last error: %s)\n", m ? m : "none");
    failures++;
}

static tenuo_args *args_from(const char *json) {
    tenuo_args *a = NULL;
    const char *j = json ? json : "{}";
    if (tenuo_args_from_json(j, strlen(j), &a) != TENUO_OK) return NULL;
    return a;
}

static tenuo_status run_authorize(const record *r) {
    tenuo_status st = TENUO_OK;
    bytes root = unhex(get(r, "trusted_roots"));
    tenuo_authorizer *auth = NULL;
    tenuo_chain *chain = NULL;
    tenuo_args *args = args_from(get(r, "args_json"));
    size_t n_env = count_of(r, "envelopes_hex"), n_app = count_of(r, "approvals_hex");
    tenuo_approval **apps = calloc(n_app + 1, sizeof *apps);
    if (apps == NULL || args == NULL) { st = -1; goto out; }
    if ((st = tenuo_authorizer_new(root.p, root.n, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth)) != TENUO_OK) goto out;
    for (size_t i = 0; i < n_env; i++) {
        bytes e = unhex(get_nth(r, "envelopes_hex", i));
        tenuo_warrant *w = NULL;
        st = tenuo_warrant_from_bytes(e.p, e.n, &w);
        free(e.p);
        if (st != TENUO_OK) goto out;
        tenuo_chain *next = NULL;
        st = chain == NULL ? tenuo_chain_new(w, &next) : tenuo_chain_push(chain, w, &next);
        tenuo_warrant_free(w);
        tenuo_chain_free(chain);
        chain = next;
        if (st != TENUO_OK) goto out;
    }
    for (size_t i = 0; i < n_app; i++) {
        bytes a = unhex(get_nth(r, "approvals_hex", i));
        st = tenuo_approval_parse(a.p, a.n, &apps[i]);
        free(a.p);
        if (st != TENUO_OK) goto out;
    }
    bytes pop = unhex(get(r, "pop_hex"));
    const char *tool = get(r, "tool");
    tenuo_denial *why = NULL;
    st = tenuo_authorizer_check_chain_with_approvals(auth, chain, tool, strlen(tool), args, pop.p, pop.n,
                                                     (const tenuo_approval *const *)apps, n_app,
                                                     (uint64_t)get_i64(r, "now", 0), &why);
    free(pop.p);
    if ((st == TENUO_OK) != (why == NULL)) fail(r, "denial handle does not match status %d", st);
    if (why != NULL && tenuo_denial_code(why) != st) fail(r, "denial code %d != status %d", tenuo_denial_code(why), st);
    const char *msg = get(r, "expect.message");
    if (msg != NULL && st == TENUO_E_APPROVAL_REQUIRED && (why == NULL || strcmp(tenuo_denial_reason(why), msg) != 0))
        fail(r, "gate message: want \"%s\", got \"%s\"", msg, why ? tenuo_denial_reason(why) : "(none)");
    tenuo_denial_free(why);
    /* Without approvals the plain entry point must agree with the approvals one given none. */
    if (n_app == 0) {
        bytes pop2 = unhex(get(r, "pop_hex"));
        tenuo_status st2 = tenuo_authorizer_check_chain(auth, chain, tool, strlen(tool), args, pop2.p, pop2.n,
                                                        (uint64_t)get_i64(r, "now", 0), NULL);
        free(pop2.p);
        if (st2 != st) fail(r, "tenuo_authorizer_check_chain gave %d, with_approvals %d", st2, st);
    }
out:
    for (size_t i = 0; apps != NULL && i < n_app; i++) tenuo_approval_free(apps[i]);
    free(apps);
    free(root.p);
    tenuo_args_free(args);
    tenuo_chain_free(chain);
    tenuo_authorizer_free(auth);
    return st;
}

static tenuo_status run_parse(const record *r) {
    bytes b = unhex(get(r, "approval_hex"));
    tenuo_approval *a = NULL;
    tenuo_status st = tenuo_approval_parse(b.p, b.n, &a);
    if (st == TENUO_OK) st = tenuo_approval_verify(a, 1704067800);
    if (st == TENUO_OK) {
        uint8_t *out = NULL;
        size_t n = 0;
        if (tenuo_approval_to_bytes(a, &out, &n) != TENUO_OK || n != b.n || memcmp(out, b.p, n) != 0)
            fail(r, "re-encoding differs");
        tenuo_bytes_free(out, n);
        char *json = NULL;
        const char *want = get(r, "expect.request_hash_hex");
        if (tenuo_approval_to_json(a, &json) != TENUO_OK || (want && strstr(json, want) == NULL))
            fail(r, "JSON lacks the request hash: %s", json ? json : "(null)");
        tenuo_string_free(json);
    }
    tenuo_approval_free(a);
    free(b.p);
    return st;
}

static tenuo_status run_sign(const record *r) {
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, (int)get_i64(r, "approver_seed", 0), sizeof seed);
    tenuo_signing_key *k = NULL;
    tenuo_approval *a = NULL;
    tenuo_status st = tenuo_signing_key_from_seed(seed, sizeof seed, &k);
    bytes h = unhex(get(r, "request_hash_hex")), nonce = unhex(get(r, "nonce_hex"));
    const char *ext = get(r, "external_id");
    if (ext == NULL) ext = "";
    if (st == TENUO_OK)
        st = tenuo_approval_create(k, h.p, h.n, nonce.p, nonce.n, ext, strlen(ext), (uint64_t)get_i64(r, "approved_at", 0),
                                   (uint64_t)get_i64(r, "expires_at", 0), &a);
    if (st == TENUO_OK) {
        uint8_t *out = NULL;
        size_t n = 0;
        st = tenuo_approval_to_bytes(a, &out, &n);
        char *hex = tohex(out, n);
        if (st == TENUO_OK && strcmp(hex, get(r, "expect.approval_hex")) != 0) st = -2;
        free(hex);
        tenuo_bytes_free(out, n);
    }
    free(h.p);
    free(nonce.p);
    tenuo_approval_free(a);
    tenuo_signing_key_free(k);
    return st;
}

static tenuo_status run_hash(const record *r) {
    tenuo_public_key *holder = NULL;
    const char *hh = get(r, "holder_hex");
    tenuo_status st = TENUO_OK;
    if (hh != NULL && *hh != '\0') {
        bytes hk = unhex(hh);
        st = tenuo_public_key_from_bytes(hk.p, hk.n, &holder);
        free(hk.p);
    }
    tenuo_args *args = args_from(get(r, "args_json"));
    uint8_t out[TENUO_HASH_BYTES];
    const char *id = get(r, "warrant_id"), *tool = get(r, "tool");
    if (st == TENUO_OK) st = tenuo_request_hash(id, strlen(id), tool, strlen(tool), args, holder, out, sizeof out);
    if (st == TENUO_OK) {
        char *hex = tohex(out, sizeof out);
        if (strcmp(hex, get(r, "expect.hash_hex")) != 0) st = -2;
        free(hex);
    }
    tenuo_args_free(args);
    tenuo_public_key_free(holder);
    return st;
}

/* Seeded mutations of a valid approval through every approval entry point: each call must
 * return a status (never crash), and a mutation that still verifies must re-encode to itself. */
static uint64_t rng_state = 0x5EED0007u;
static uint32_t rnd(void) {
    rng_state = rng_state * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(rng_state >> 33);
}

static size_t fuzz(const record_list *l, size_t rounds) {
    const char *hex = NULL;
    for (size_t i = 0; i < l->count && hex == NULL; i++)
        if (strcmp(get(&l->items[i], "id"), "parse/reference approval") == 0) hex = get(&l->items[i], "approval_hex");
    if (hex == NULL) return 0;
    bytes good = unhex(hex);
    size_t verified = 0;
    for (size_t r = 0; r < rounds; r++) {
        uint8_t buf[1024];
        size_t n = good.n < sizeof buf ? good.n : sizeof buf;
        memcpy(buf, good.p, n);
        switch (rnd() % 4) {
        case 0: buf[rnd() % n] ^= (uint8_t)(1u << (rnd() % 8)); break;
        case 1: buf[rnd() % n] = (uint8_t)rnd(); break;
        case 2: n = rnd() % n; break;
        default: for (int k = 0; k < 4; k++) buf[rnd() % n] = (uint8_t)rnd(); break;
        }
        tenuo_approval *a = NULL;
        if (tenuo_approval_parse(buf, n, &a) == TENUO_OK) {
            char *json = NULL;
            uint8_t *out = NULL;
            size_t on = 0;
            tenuo_public_key *k = NULL;
            if (tenuo_approval_verify(a, 1704067800) == TENUO_OK) {
                verified++;
                if (tenuo_approval_to_bytes(a, &out, &on) != TENUO_OK || on != n || memcmp(out, buf, n) != 0) {
                    fprintf(stderr, "FAIL fuzz round %zu: a verified approval does not re-encode to its bytes\n", r);
                    failures++;
                }
            }
            (void)tenuo_approval_to_json(a, &json);
            (void)tenuo_approval_approver_key(a, &k);
            tenuo_string_free(json);
            tenuo_bytes_free(out, on);
            tenuo_public_key_free(k);
        }
        tenuo_approval_free(a);
    }
    free(good.p);
    return verified;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s approvals.tsv\n", argv[0]);
        return 2;
    }
    record_list l;
    if (!load(argv[1], &l)) return 2;
    if (l.declared >= 0 && (size_t)l.declared != l.count) {
        fprintf(stderr, "approvals: %s holds %zu records, declares %ld\n", argv[1], l.count, l.declared);
        return 2;
    }
    size_t agree = 0;
    for (size_t i = 0; i < l.count; i++) {
        const record *r = &l.items[i];
        const char *kind = get(r, "kind");
        tenuo_status want = (tenuo_status)get_i64(r, "expect.status", -1), got;
        if (strcmp(kind, "authorize") == 0) got = run_authorize(r);
        else if (strcmp(kind, "approval_parse") == 0) got = run_parse(r);
        else if (strcmp(kind, "approval_sign") == 0) got = run_sign(r);
        else if (strcmp(kind, "request_hash") == 0) got = run_hash(r);
        else {
            fail(r, "unknown kind");
            continue;
        }
        if (got == want) agree++;
        else fail(r, "status: want %d (%s), got %d (%s)", want, tenuo_status_name(want), got, tenuo_status_name(got));
    }
    size_t still_valid = fuzz(&l, 20000);
    printf("approval mutations: 20000 run through parse/verify/to_json/to_bytes, %zu still verify\n", still_valid);
    printf("approvals.json: %zu of %zu cases agree with the reference\n", agree, l.count);
    printf("%zu passed, %zu failed\n", agree, l.count - agree);
    free_records(&l);
    return failures == 0 && agree == l.count ? 0 : 1;
}
