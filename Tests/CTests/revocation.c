/*
 * Runs Tests/Vectors/revocation.json (flattened by scripts/flatten_revocation_cases.py) through
 * the C API: revocation lists built byte-identically to the reference's, parsed and verified,
 * installed in sequence, and decisions under revocation and clearance requirements, each with
 * the reference's status code; then a two-thread race between installing lists and authorizing.
 * Prints "N passed, M failed"; exits non-zero on failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "tenuo.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void result(const char *id, int ok, const char *what, long got, long want) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "FAIL %s: %s (got %ld, want %ld; %s)\n", id, what, got, want,
            tenuo_last_error_message() ? tenuo_last_error_message() : "no message");
}

/* Decodes hex into a new buffer ("-" = empty). Returns NULL on bad input. */
static uint8_t *unhex(const char *s, size_t *len) {
    size_t n = strcmp(s, "-") == 0 ? 0 : strlen(s);
    uint8_t *out = malloc(n / 2 + 1);
    if (!out || n % 2) {
        free(out);
        return NULL;
    }
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) {
            free(out);
            return NULL;
        }
        out[i] = (uint8_t)v;
    }
    out[n / 2] = 0;
    *len = n / 2;
    return out;
}

/* Splits `s` in place at `sep`, keeping empty fields. Returns the number of fields. */
static size_t split(char *s, char sep, char **fields, size_t max) {
    size_t n = 0;
    while (n < max) {
        fields[n++] = s;
        char *p = strchr(s, sep);
        if (!p) break;
        *p = 0;
        s = p + 1;
    }
    return n;
}

static tenuo_authorizer *authorizer(const char *roots_hex) {
    size_t len = 0;
    uint8_t *roots = unhex(roots_hex, &len);
    tenuo_authorizer *a = NULL;
    if (roots) tenuo_authorizer_new(roots, len, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &a);
    free(roots);
    return a;
}

static tenuo_status install(tenuo_authorizer *a, const char *srl_hex) {
    size_t len = 0;
    uint8_t *b = unhex(srl_hex, &len);
    tenuo_srl *s = NULL;
    tenuo_status st = tenuo_srl_parse(b, len, &s);
    if (st == TENUO_OK) st = tenuo_authorizer_set_revocation_list(a, s, NULL);
    tenuo_srl_free(s);
    free(b);
    return st;
}

static void run_srl(char **f) {
    const char *id = f[1];
    size_t seed_len = 0, want_len = 0;
    uint8_t *seed = unhex(f[2], &seed_len), *want = unhex(f[6], &want_len);
    tenuo_signing_key *key = NULL;
    tenuo_srl_builder *b = NULL;
    tenuo_srl *srl = NULL, *parsed = NULL;
    uint8_t *got = NULL;
    size_t got_len = 0;
    tenuo_signing_key_from_seed(seed, seed_len, &key);
    tenuo_srl_builder_new(&b);
    tenuo_srl_builder_set_version(b, strtoull(f[3], NULL, 10));
    size_t count = strtoul(f[7], NULL, 10);
    char *ids[64];
    size_t n = count ? split(f[8], ',', ids, 64) : 0;
    for (size_t i = 0; i < n && i < count; i++) {
        size_t l = 0;
        uint8_t *t = unhex(ids[i][0] ? ids[i] : "-", &l);
        tenuo_srl_builder_revoke(b, (const char *)t, l);
        free(t);
    }
    tenuo_status st = tenuo_srl_builder_sign(b, key, strtoull(f[4], NULL, 10), (uint32_t)strtoul(f[5], NULL, 10), &srl);
    result(id, st == TENUO_OK, "sign", st, 0);
    tenuo_srl_to_bytes(srl, &got, &got_len);
    result(id, got && got_len == want_len && memcmp(got, want, want_len) == 0, "bytes identical to the reference",
           (long)got_len, (long)want_len);
    /* Parse the reference's bytes and verify against the issuer. */
    tenuo_public_key *pk = NULL;
    tenuo_signing_key_public_key(key, &pk);
    st = tenuo_srl_parse(want, want_len, &parsed);
    if (st == TENUO_OK) st = tenuo_srl_verify(parsed, pk);
    result(id, st == TENUO_OK, "parse + verify", st, 0);
    tenuo_bytes_free(got, got_len);
    tenuo_public_key_free(pk);
    tenuo_srl_free(parsed);
    tenuo_srl_free(srl);
    tenuo_srl_builder_free(b);
    tenuo_signing_key_free(key);
    free(seed);
    free(want);
}

static void run_parse(char **f) {
    size_t len = 0, pk_len = 0;
    uint8_t *b = unhex(f[2], &len), *pkb = unhex(f[3], &pk_len);
    long want = strtol(f[5], NULL, 10);
    tenuo_srl *s = NULL;
    tenuo_public_key *pk = NULL;
    tenuo_public_key_from_bytes(pkb, pk_len, &pk);
    tenuo_status st = tenuo_srl_parse(b, len, &s);
    if (strcmp(f[4], "parse") == 0) {
        result(f[1], st == want, "parse status", st, want);
    } else {
        result(f[1], st == TENUO_OK, "parses", st, 0);
        st = tenuo_srl_verify(s, pk);
        result(f[1], st == want, "verify status", st, want);
    }
    tenuo_srl_free(s);
    tenuo_public_key_free(pk);
    free(b);
    free(pkb);
}

static void run_install(char **f) {
    tenuo_authorizer *a = authorizer(f[2]);
    char *steps[16];
    size_t n = split(f[3], ',', steps, 16);
    for (size_t i = 0; i < n; i++) {
        char *colon = strchr(steps[i], ':');
        if (!colon) continue;
        *colon = 0;
        long want = strtol(colon + 1, NULL, 10);
        tenuo_status st = install(a, steps[i]);
        result(f[1], st == want, "install step", st, want);
    }
    tenuo_authorizer_free(a);
}

static void run_decision(char **f) {
    tenuo_authorizer *a = authorizer(f[2]);
    if (strcmp(f[3], "-") != 0) result(f[1], install(a, f[3]) == TENUO_OK, "install", 0, 0);
    if (strcmp(f[4], "-") != 0) {
        char *reqs[16];
        size_t n = split(f[4], ',', reqs, 16);
        for (size_t i = 0; i < n; i++) {
            char *colon = strchr(reqs[i], ':');
            if (!colon) continue;
            *colon = 0;
            size_t l = 0;
            uint8_t *p = unhex(reqs[i], &l);
            tenuo_authorizer_require_clearance(a, (const char *)p, l, (uint32_t)strtoul(colon + 1, NULL, 10));
            free(p);
        }
    }
    size_t tool_len = 0, args_len = 0, pop_len = 0, deny_len = 0, cl = 0;
    uint8_t *cb = unhex(f[5], &cl), *tool = unhex(f[6], &tool_len), *args_json = unhex(f[7], &args_len);
    uint8_t *pop = unhex(f[8], &pop_len), *deny = unhex(f[11], &deny_len);
    uint64_t now = strtoull(f[9], NULL, 10);
    long want = strtol(f[10], NULL, 10);
    tenuo_chain *chain = NULL;
    tenuo_chain_from_bytes(cb, cl, &chain);
    tenuo_status st;
    const char *deny_got = NULL;
    tenuo_denial *d = NULL;
    if (strcmp(f[6], "-") == 0) {
        st = tenuo_authorizer_verify_chain(a, chain, now);
        if (st == TENUO_E_WARRANT_REVOKED) deny_got = "WARRANT_REVOKED";
    } else {
        tenuo_args *args = NULL;
        tenuo_args_from_json((const char *)args_json, args_len, &args);
        st = tenuo_authorizer_check_chain(a, chain, (const char *)tool, tool_len, args, pop, pop_len, now, &d);
        deny_got = d ? tenuo_denial_deny_code(d) : NULL;
        tenuo_args_free(args);
    }
    result(f[1], st == want, "decision status", st, want);
    if (deny_len) result(f[1], deny_got && strcmp(deny_got, (const char *)deny) == 0, "deny code", 0, 0);
    tenuo_denial_free(d);
    tenuo_chain_free(chain);
    tenuo_authorizer_free(a);
    free(tool);
    free(args_json);
    free(pop);
    free(deny);
    free(cb);
}

static void run_pattern(char **f) {
    tenuo_authorizer *a = authorizer("-");
    size_t l = 0;
    uint8_t *p = unhex(f[2], &l);
    long want = strtol(f[3], NULL, 10);
    tenuo_status st = tenuo_authorizer_require_clearance(a, (const char *)p, l, 30);
    result(f[1], st == want, "require_clearance status", st, want);
    int32_t level = -2;
    if (st == TENUO_OK && l > 0 && p[l - 1] != '*') {
        tenuo_authorizer_required_clearance(a, (const char *)p, l, &level);
        result(f[1], level == 30, "required_clearance", level, 30);
    }
    free(p);
    tenuo_authorizer_free(a);
}

/* Two threads: one installs lists (odd versions revoke the warrant), one authorizes. Every
 * decision must be ALLOWED or WARRANT_REVOKED (a torn policy would show as anything else). */
struct race {
    tenuo_authorizer *a;
    tenuo_warrant *w;
    tenuo_signing_key *root;
    char *id;
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    int odd, installs_failed;
};

static void *installer(void *p) {
    struct race *r = p;
    for (uint64_t v = 1; v <= 200; v++) {
        tenuo_srl_builder *b = NULL;
        tenuo_srl *s = NULL;
        tenuo_srl_builder_new(&b);
        if (v % 2) tenuo_srl_builder_revoke(b, r->id, strlen(r->id));
        tenuo_srl_builder_set_version(b, v);
        if (tenuo_srl_builder_sign(b, r->root, 1767225600, 0, &s) != TENUO_OK ||
            tenuo_authorizer_set_revocation_list(r->a, s, NULL) != TENUO_OK)
            r->installs_failed++;
        tenuo_srl_free(s);
        tenuo_srl_builder_free(b);
    }
    return NULL;
}

static void *decider(void *p) {
    struct race *r = p;
    for (int i = 0; i < 300; i++) {
        tenuo_status st = tenuo_authorizer_check(r->a, r->w, "read", 4, NULL, r->pop, sizeof r->pop, 1767225600, NULL);
        if (st != TENUO_OK && st != TENUO_E_WARRANT_REVOKED) r->odd++;
    }
    return NULL;
}

static void race(void) {
    struct race r = {0};
    uint8_t seed[32], root_pk[TENUO_PUBLIC_KEY_BYTES];
    tenuo_signing_key *agent = NULL;
    tenuo_public_key *agent_pk = NULL, *rpk = NULL;
    tenuo_mint_builder *mb = NULL;
    tenuo_srl *held = NULL;
    char *json = NULL;
    memset(seed, 7, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &r.root);
    memset(seed, 8, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &agent);
    tenuo_signing_key_public_key(agent, &agent_pk);
    tenuo_signing_key_public_key(r.root, &rpk);
    tenuo_public_key_to_bytes(rpk, root_pk, sizeof root_pk);
    tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb);
    tenuo_mint_builder_add_tool(mb, "read", 4, NULL, 0);
    tenuo_mint_builder_set_holder(mb, agent_pk);
    tenuo_mint_builder_mint(mb, r.root, 1767225600, &r.w);
    tenuo_warrant_id(r.w, &r.id);
    tenuo_warrant_sign(r.w, agent, "read", 4, NULL, 1767225600, r.pop, sizeof r.pop);
    tenuo_authorizer_new(root_pk, sizeof root_pk, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &r.a);
    pthread_t t1, t2;
    pthread_create(&t1, NULL, installer, &r);
    pthread_create(&t2, NULL, decider, &r);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    result("race", r.odd == 0 && r.installs_failed == 0, "torn decisions or failed installs", r.odd + r.installs_failed, 0);
    tenuo_authorizer_revocation_list(r.a, &held);
    tenuo_srl_to_json(held, &json);
    result("race", json && strstr(json, "\"version\":200") != NULL, "last list held", 0, 0);
    tenuo_string_free(json);
    tenuo_srl_free(held);
    tenuo_string_free(r.id);
    tenuo_authorizer_free(r.a);
    tenuo_warrant_free(r.w);
    tenuo_mint_builder_free(mb);
    tenuo_public_key_free(rpk);
    tenuo_public_key_free(agent_pk);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(r.root);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s cases.tsv\n", argv[0]);
        return 2;
    }
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int cases = 0;
    while ((n = getline(&line, &cap, in)) > 0) {
        if (line[n - 1] == '\n') line[n - 1] = 0;
        char *f[16] = {0};
        size_t nf = split(line, '\t', f, 16);
        cases++;
        if (strcmp(f[0], "srl") == 0 && nf == 9) run_srl(f);
        else if (strcmp(f[0], "parse") == 0 && nf == 6) run_parse(f);
        else if (strcmp(f[0], "install") == 0 && nf == 4) run_install(f);
        else if (strcmp(f[0], "decision") == 0 && nf == 12) run_decision(f);
        else if (strcmp(f[0], "pattern") == 0 && nf == 4) run_pattern(f);
        else result(f[1] ? f[1] : "?", 0, "malformed line", (long)nf, 0);
    }
    free(line);
    fclose(in);
    race();
    printf("revocation: %d cases from the reference (tenuo 0.3.3)\n%d passed, %d failed\n", cases, passed, failed);
    return failed == 0 && cases > 0 ? 0 : 1;
}
