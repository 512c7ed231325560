/*
 * tenuo_bench.c - how long the C path of libtenuo takes per operation, next to libsodium's own
 * Ed25519 verify measured on the same machine in the same run. A benchmark, not a test.
 *
 *   make bench     (builds the release library, this program, runs it, then the reference's
 *                   timings via scripts/bench_reference.py when a reference Python is available)
 *
 * or by hand:
 *   cc -std=c11 -O2 -Iinclude bindings/c/bench/tenuo_bench.c -o build/bench/tenuo_bench \
 *      -Lbuild/lib -ltenuo $(pkg-config --cflags --libs libsodium) -Wl,-rpath,'$ORIGIN/../lib'
 *   build/bench/tenuo_bench [--quick] [--only NAME] [--tsv FILE]
 *
 * Each operation gets a warm-up, then 5 timed batches sized for ~0.3 s in total, each right
 * after a shorter batch of libsodium's crypto_sign_verify_detached over the warrant's signed
 * message (the floor for anything that checks a signature). ns/op is the fastest batch; the
 * ratio ("x verify") is the median of the batch-to-neighbouring-baseline ratios, which stays
 * meaningful on a shared machine whose speed drifts. --only NAME times one row (for profiling);
 * --tsv writes "name<TAB>ns_per_op<TAB>ratio<TAB>median_ns" lines for scripts/bench_reference.py
 * --compare and scripts/bench_python.py. Rows marked "cache off" run with the verified-signature
 * cache switched off (their decoding verifies every signature); "again" rows decode the same
 * bytes with it on, so they measure a cache hit. The "same-bytes" rows authorize a fixture made
 * from seeded keys, fixed ids and a fixed time (setup_same), which scripts/bench_python.py makes
 * too, byte for byte: the TSV's same_fixture_fnv1a line (a fingerprint, not a timing) lets it
 * check that before it reports Python's overhead over these rows.
 */
#define _POSIX_C_SOURCE 200809L
#include "tenuo.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LIT(s) (s), (sizeof(s) - 1)

/* The fixed time of the same-bytes fixture (2026-01-01T00:00:00Z); bench_python.py uses it too. */
#define SAME_NOW UINT64_C(1767225600)

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void must(tenuo_status st, const char *what) {
    if (st != TENUO_OK) {
        const char *m = tenuo_last_error_message();
        fprintf(stderr, "tenuo_bench: %s failed: %s: %s\n", what, tenuo_status_name(st), m ? m : "");
        exit(1);
    }
}

/* ---- Fixtures shared by the operations ------------------------------------------------------ */

static struct {
    tenuo_signing_key *issuer, *agent, *links[4];
    tenuo_public_key *agent_pub;
    tenuo_mint_builder *builder;
    tenuo_warrant *warrant;
    tenuo_authorizer *auth;
    tenuo_args *good, *bad;
    uint8_t good_pop[TENUO_SIGNATURE_BYTES], bad_pop[TENUO_SIGNATURE_BYTES];
    uint8_t *bytes;
    size_t bytes_len;
    char *b64;
    char *fresh[512]; /* distinct warrants (new ids) for the first-sight row */
    unsigned fresh_next;
    uint8_t *stack1, *stack4;
    size_t stack1_len, stack4_len;
    tenuo_chain *chain1, *chain4;
    uint8_t chain4_pop[TENUO_SIGNATURE_BYTES];
    tenuo_constraint *cel; /* a typical two-clause CEL constraint */
    uint64_t now;
    /* libsodium baseline: the issuer's signature over the warrant's signed message */
    unsigned char *msg;
    size_t msg_len;
    unsigned char sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES];
    /* The same-bytes fixture (see setup_same): seeded keys, fixed ids and time, so that the
     * Python benchmark can authorize exactly these bytes and the difference is the binding's. */
    tenuo_authorizer *same_auth;
    tenuo_warrant *same_root;
    tenuo_chain *same_chain4;
    uint8_t same_pop[TENUO_SIGNATURE_BYTES], same_leaf_pop[TENUO_SIGNATURE_BYTES];
    uint32_t same_fingerprint;
    uint8_t same_call[128]; /* the packed call of tenuo_authorizer_decide for the same proof */
    size_t same_call_len;
} F;

static volatile long sink; /* keeps results observable */

static void op_mint(void) {
    tenuo_warrant *w = NULL;
    sink += tenuo_mint_builder_mint(F.builder, F.issuer, F.now, &w);
    tenuo_warrant_free(w);
}

/* The whole Python-style mint: a fresh builder, one tool, holder, TTL, mint, free. */
static void op_mint_build(void) {
    static const char constraints[] = "{\"query\": {\"type\": \"Pattern\", \"pattern\": \"weather *\"}}";
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    sink += tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b);
    sink += tenuo_mint_builder_add_tool(b, LIT("search"), LIT(constraints));
    sink += tenuo_mint_builder_set_holder(b, F.agent_pub);
    sink += tenuo_mint_builder_set_ttl(b, 3600);
    sink += tenuo_mint_builder_mint(b, F.issuer, F.now, &w);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
}

static void op_parse_bytes(void) {
    tenuo_warrant *w = NULL;
    sink += tenuo_warrant_from_bytes(F.bytes, F.bytes_len, &w);
    tenuo_warrant_free(w);
}

static void op_parse_base64(void) {
    tenuo_warrant *w = NULL;
    sink += tenuo_warrant_parse(F.b64, strlen(F.b64), &w);
    tenuo_warrant_free(w);
}

/* First sight of a warrant with the cache on (a miss, a verify and an insert): each call parses
 * the next of 512 distinct warrants; the cache is cleared once per cycle of 512, so that cost is
 * amortised to nothing and every call is a real miss. */
static void op_parse_base64_cleared(void) {
    unsigned n = sizeof F.fresh / sizeof F.fresh[0];
    if (F.fresh_next == n) {
        tenuo_verify_cache_clear();
        F.fresh_next = 0;
    }
    const char *text = F.fresh[F.fresh_next++];
    tenuo_warrant *w = NULL;
    sink += tenuo_warrant_parse(text, strlen(text), &w);
    tenuo_warrant_free(w);
}

static void op_sign(void) {
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    sink += tenuo_warrant_sign(F.warrant, F.agent, LIT("search"), F.good, (int64_t)F.now, sig, sizeof sig);
}

static void op_authorize_valid(void) {
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.good, F.good_pop, sizeof F.good_pop, F.now, NULL);
}

/* Cheap denials: wrong tool, expired warrant, missing PoP (no signature work needed). */
static void op_deny_tool(void) {
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("delete"), F.good, F.good_pop, sizeof F.good_pop, F.now, NULL);
}

static void op_deny_expired(void) {
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.good, F.good_pop, sizeof F.good_pop,
                                   F.now + 3700, NULL);
}

static void op_deny_no_pop(void) {
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.good, NULL, 0, F.now, NULL);
}

static void op_authorize_denied(void) {
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.bad, F.bad_pop, sizeof F.bad_pop, F.now, NULL);
}

static void op_authorize_denied_detail(void) {
    tenuo_denial *d = NULL;
    sink += tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.bad, F.bad_pop, sizeof F.bad_pop, F.now, &d);
    tenuo_denial_free(d);
}

static void op_why_denied(void) {
    char *json = NULL;
    sink += tenuo_warrant_why_denied(F.warrant, LIT("search"), F.bad, F.now, &json);
    tenuo_string_free(json);
}

static void verify_stack(const uint8_t *p, size_t n) {
    tenuo_chain *c = NULL;
    tenuo_status st = tenuo_chain_from_bytes(p, n, &c);
    if (st == TENUO_OK) st = tenuo_authorizer_verify_chain(F.auth, c, F.now);
    sink += st;
    tenuo_chain_free(c);
}

static void op_verify_chain1(void) { verify_stack(F.stack1, F.stack1_len); }
static void op_verify_chain4(void) { verify_stack(F.stack4, F.stack4_len); }

static void op_check_chain1(void) {
    sink += tenuo_authorizer_check_chain(F.auth, F.chain1, LIT("search"), F.good, F.good_pop, sizeof F.good_pop, F.now,
                                         NULL);
}

static void op_check_chain4(void) {
    sink += tenuo_authorizer_check_chain(F.auth, F.chain4, LIT("search"), F.good, F.chain4_pop, sizeof F.chain4_pop,
                                         F.now, NULL);
}

/* The same-bytes rows: the time is passed explicitly, as bench_python.py's twins pass now=. */
static void op_authorize_same(void) {
    sink += tenuo_authorizer_check(F.same_auth, F.same_root, LIT("search"), F.good, F.same_pop, sizeof F.same_pop,
                                   SAME_NOW, NULL);
}

/* The same decision through tenuo_authorizer_decide, the entry point the Python package calls
 * (a packed call: signature, tool and the arguments' JSON, parsed on each call). */
static void op_decide_same(void) {
    sink += tenuo_authorizer_decide(F.same_auth, (const tenuo_warrant *const *)&F.same_root, 1, F.same_call,
                                    F.same_call_len, SAME_NOW) == NULL;
}

static void op_check_chain4_same(void) {
    sink += tenuo_authorizer_check_chain(F.same_auth, F.same_chain4, LIT("search"), F.good, F.same_leaf_pop,
                                         sizeof F.same_leaf_pop, SAME_NOW, NULL);
}

static void op_args_json(void) {
    tenuo_args *a = NULL;
    sink += tenuo_args_from_json(LIT("{\"query\": \"weather NYC\"}"), &a);
    tenuo_args_free(a);
}

/* The same expression and argument as bench_reference.py's cel_eval row (the argument as JSON,
 * decoded on each call, as the reference converts a Python dict on each call). */
#define CEL_EXPR "amount < 10000 && currency == 'USD'"
static void op_cel_eval(void) {
    sink += tenuo_constraint_matches(F.cel, LIT("{\"amount\": 5000, \"currency\": \"USD\"}"));
}

static void op_sodium_verify(void) { sink += crypto_sign_verify_detached(F.sig, F.msg, F.msg_len, F.pk); }

/* ---- Timing -------------------------------------------------------------------------------- */

typedef struct {
    const char *key;   /* stable name shared with scripts/bench_reference.py */
    const char *label; /* what the row measures */
    void (*fn)(void);
    int cold;     /* 1: timed with the verified-signature cache off (every decoding verifies) */
    double ns;    /* fastest batch, ns per operation */
    double ratio; /* median of ns / (one libsodium verify in the neighbouring batch) */
    double median; /* median batch, ns per operation */
} bench;

static double target_secs = 0.3;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long calibrate(void (*fn)(void), double batch_secs) {
    long n = 0;
    double t0 = now_ns(), t;
    do {
        fn();
        n++;
        t = now_ns();
    } while (t - t0 < batch_secs * 1e9);
    return n;
}

static double batch(void (*fn)(void), long iters) {
    double s = now_ns();
    for (long i = 0; i < iters; i++) fn();
    return (now_ns() - s) / (double)iters;
}

/*
 * Times `fn` in BATCHES batches, each right after a batch of the libsodium baseline, so that
 * the ratio compares neighbours in time (this machine may be shared and its speed drift).
 * ns/op is the fastest batch (the least disturbed); the ratio is the median of the paired ratios.
 */
enum { BATCHES = 5 };

static void measure(bench *row, void (*baseline)(void), double *base_best) {
    double share = target_secs / BATCHES;
    long iters = calibrate(row->fn, share * 0.2); /* warm-up, and a first estimate */
    iters = (long)((double)iters / 0.2);
    long base_iters = calibrate(baseline, share * 0.05);
    base_iters = (long)((double)base_iters / 0.05 / 4); /* baseline batches are a quarter as long */
    if (iters < 1) iters = 1;
    if (base_iters < 1) base_iters = 1;
    double best = 0, ratios[BATCHES], times[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
        double base = batch(baseline, base_iters);
        double t = batch(row->fn, iters);
        if (b == 0 || t < best) best = t;
        if (*base_best == 0 || base < *base_best) *base_best = base;
        ratios[b] = t / base;
        times[b] = t;
    }
    qsort(ratios, BATCHES, sizeof ratios[0], cmp_double);
    qsort(times, BATCHES, sizeof times[0], cmp_double);
    row->ns = best;
    row->ratio = ratios[BATCHES / 2];
    row->median = times[BATCHES / 2];
}

/* ---- Setup --------------------------------------------------------------------------------- */

static tenuo_signing_key *gen(void) {
    tenuo_signing_key *k = NULL;
    must(tenuo_signing_key_generate(&k), "signing_key_generate");
    return k;
}

static tenuo_public_key *pub(const tenuo_signing_key *k) {
    tenuo_public_key *p = NULL;
    must(tenuo_signing_key_public_key(k, &p), "public_key");
    return p;
}

static tenuo_signing_key *seeded(uint8_t fill) {
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, fill, sizeof seed);
    tenuo_signing_key *k = NULL;
    must(tenuo_signing_key_from_seed(seed, sizeof seed, &k), "signing_key_from_seed");
    return k;
}

/* FNV-1a, 32 bits: the same-bytes fixture's fingerprint (scripts/bench_python.py computes it
 * over its own fixture and uses the same-bytes rows only when the two agree). */
static uint32_t fnv1a(uint32_t h, const uint8_t *p, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

/*
 * The same-bytes fixture. The rows above use fresh random keys, and libsodium's verify time
 * depends on the key and the message (by up to ~1.5 us between messages on this machine), so a
 * C and a Python process each verifying their own proof differ by that much before any binding
 * cost. Here everything is fixed: issuer, agent and link keys from the seeds 01.., 02.., 03..
 * 05.. (32 bytes each), warrant ids 00 01 .. 0f for the root and 10.., 11.., 12.. (16 bytes) for
 * the three grants, the time SAME_NOW for minting, granting, signing and deciding. The root
 * grants `search` with query = Pattern("weather *") for 3600 s, each grant keeps the parent's
 * tools and lasts 600 s, and the proofs are for search {"query": "weather NYC"}. Ed25519 is
 * deterministic, so these are the very bytes bench_python.py makes through the Python package.
 */
static void setup_same(void) {
    static const char constraints[] = "{\"query\": {\"type\": \"Pattern\", \"pattern\": \"weather *\"}}";
    tenuo_signing_key *issuer = seeded(1), *agent = seeded(2);
    tenuo_public_key *issuer_pub = pub(issuer), *agent_pub = pub(agent);
    uint8_t id[TENUO_WARRANT_ID_BYTES];
    for (size_t i = 0; i < sizeof id; i++) id[i] = (uint8_t)i;
    tenuo_mint_builder *b = NULL;
    must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b), "same: mint_builder_new");
    must(tenuo_mint_builder_add_tool(b, LIT("search"), LIT(constraints)), "same: add_tool");
    must(tenuo_mint_builder_set_holder(b, agent_pub), "same: set_holder");
    must(tenuo_mint_builder_set_ttl(b, 3600), "same: set_ttl");
    must(tenuo_mint_builder_set_id(b, id, sizeof id), "same: set_id");
    must(tenuo_mint_builder_mint(b, issuer, SAME_NOW, &F.same_root), "same: mint");
    tenuo_mint_builder_free(b);

    uint32_t h = 2166136261u;
    uint8_t *bytes = NULL;
    size_t len = 0;
    must(tenuo_warrant_to_bytes(F.same_root, &bytes, &len), "same: to_bytes");
    h = fnv1a(h, bytes, len);
    tenuo_bytes_free(bytes, len);

    tenuo_chain *c = NULL;
    must(tenuo_chain_new(F.same_root, &c), "same: chain_new");
    tenuo_warrant *parent = F.same_root;
    tenuo_signing_key *parent_key = agent;
    for (int i = 0; i < 3; i++) {
        tenuo_signing_key *k = seeded((uint8_t)(3 + i));
        tenuo_public_key *holder = pub(k);
        tenuo_grant_builder *g = NULL;
        tenuo_warrant *child = NULL;
        tenuo_chain *next = NULL;
        memset(id, 16 + i, sizeof id);
        must(tenuo_grant_builder_new(parent, &g), "same: grant_builder_new");
        must(tenuo_grant_builder_set_holder(g, holder), "same: grant set_holder");
        must(tenuo_grant_builder_set_ttl(g, 600), "same: grant set_ttl");
        must(tenuo_grant_builder_set_id(g, id, sizeof id), "same: grant set_id");
        must(tenuo_grant_builder_grant(g, parent_key, SAME_NOW, &child), "same: grant");
        must(tenuo_warrant_to_bytes(child, &bytes, &len), "same: to_bytes");
        h = fnv1a(h, bytes, len);
        tenuo_bytes_free(bytes, len);
        must(tenuo_chain_push(c, child, &next), "same: chain_push");
        tenuo_chain_free(c);
        c = next;
        tenuo_grant_builder_free(g);
        tenuo_public_key_free(holder);
        if (parent != F.same_root) tenuo_warrant_free(parent);
        if (parent_key != agent) tenuo_signing_key_free(parent_key);
        parent = child;
        parent_key = k;
    }
    F.same_chain4 = c;
    must(tenuo_warrant_sign(F.same_root, agent, LIT("search"), F.good, (int64_t)SAME_NOW, F.same_pop,
                            sizeof F.same_pop), "same: sign");
    must(tenuo_warrant_sign(parent, parent_key, LIT("search"), F.good, (int64_t)SAME_NOW, F.same_leaf_pop,
                            sizeof F.same_leaf_pop), "same: sign leaf");
    static const char tool[] = "search", args[] = "{\"query\":\"weather NYC\"}";
    uint8_t *q = F.same_call;
    *q++ = (uint8_t)sizeof F.same_pop;
    memcpy(q, F.same_pop, sizeof F.same_pop);
    q += sizeof F.same_pop;
    memcpy(q, tool, sizeof tool - 1);
    q += sizeof tool - 1;
    *q++ = 0xFF;
    memcpy(q, args, sizeof args - 1);
    F.same_call_len = (size_t)(q - F.same_call) + sizeof args - 1;
    h = fnv1a(h, F.same_pop, sizeof F.same_pop);
    F.same_fingerprint = fnv1a(h, F.same_leaf_pop, sizeof F.same_leaf_pop);
    tenuo_warrant_free(parent);
    tenuo_signing_key_free(parent_key);

    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    must(tenuo_public_key_to_bytes(issuer_pub, root, sizeof root), "same: to_bytes");
    must(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &F.same_auth),
         "same: authorizer_new");
    if (tenuo_authorizer_check(F.same_auth, F.same_root, LIT("search"), F.good, F.same_pop, 64, SAME_NOW, NULL) !=
            TENUO_OK ||
        tenuo_authorizer_check_chain(F.same_auth, F.same_chain4, LIT("search"), F.good, F.same_leaf_pop, 64,
                                     SAME_NOW, NULL) != TENUO_OK ||
        tenuo_authorizer_decide(F.same_auth, (const tenuo_warrant *const *)&F.same_root, 1, F.same_call,
                                F.same_call_len, SAME_NOW) != NULL) {
        fprintf(stderr, "tenuo_bench: the same-bytes fixture is not allowed\n");
        exit(1);
    }
    tenuo_public_key_free(agent_pub);
    tenuo_public_key_free(issuer_pub);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(issuer);
}

static void setup(void) {
    static const char constraints[] = "{\"query\": {\"type\": \"Pattern\", \"pattern\": \"weather *\"}}";
    F.now = tenuo_now_unix();
    F.issuer = gen();
    F.agent = gen();
    tenuo_public_key *issuer_pub = pub(F.issuer), *agent_pub = pub(F.agent);
    F.agent_pub = agent_pub;

    must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &F.builder), "mint_builder_new");
    must(tenuo_mint_builder_add_tool(F.builder, LIT("search"), LIT(constraints)), "add_tool");
    must(tenuo_mint_builder_set_holder(F.builder, agent_pub), "set_holder");
    must(tenuo_mint_builder_set_ttl(F.builder, 3600), "set_ttl");
    must(tenuo_mint_builder_mint(F.builder, F.issuer, F.now, &F.warrant), "mint");
    must(tenuo_warrant_to_bytes(F.warrant, &F.bytes, &F.bytes_len), "to_bytes");
    must(tenuo_warrant_to_base64(F.warrant, &F.b64), "to_base64");
    for (size_t i = 0; i < sizeof F.fresh / sizeof F.fresh[0]; i++) {
        tenuo_warrant *w = NULL;
        must(tenuo_mint_builder_mint(F.builder, F.issuer, F.now, &w), "mint fresh");
        must(tenuo_warrant_to_base64(w, &F.fresh[i]), "to_base64 fresh");
        tenuo_warrant_free(w);
    }
    F.fresh_next = sizeof F.fresh / sizeof F.fresh[0]; /* the first call clears the cache */

    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    must(tenuo_public_key_to_bytes(issuer_pub, root, sizeof root), "to_bytes");
    must(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &F.auth), "authorizer_new");

    must(tenuo_args_from_json(LIT("{\"query\": \"weather NYC\"}"), &F.good), "args good");
    must(tenuo_args_from_json(LIT("{\"query\": \"stock prices\"}"), &F.bad), "args bad");
    must(tenuo_warrant_sign(F.warrant, F.agent, LIT("search"), F.good, (int64_t)F.now, F.good_pop, sizeof F.good_pop),
         "sign good");
    must(tenuo_warrant_sign(F.warrant, F.agent, LIT("search"), F.bad, (int64_t)F.now, F.bad_pop, sizeof F.bad_pop),
         "sign bad");
    if (tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.good, F.good_pop, 64, F.now, NULL) != TENUO_OK ||
        tenuo_authorizer_check(F.auth, F.warrant, LIT("search"), F.bad, F.bad_pop, 64, F.now, NULL) !=
            TENUO_E_CONSTRAINT_VIOLATION) {
        fprintf(stderr, "tenuo_bench: the fixture does not allow/deny as expected\n");
        exit(1);
    }

    /* Chains: the root alone, and root + 3 grants (4 warrants, 4 signatures). */
    tenuo_chain *c1 = NULL, *c = NULL;
    must(tenuo_chain_new(F.warrant, &c1), "chain_new");
    must(tenuo_chain_to_bytes(c1, &F.stack1, &F.stack1_len), "chain_to_bytes");
    c = c1;
    tenuo_warrant *parent = F.warrant;
    tenuo_signing_key *parent_key = F.agent;
    for (int i = 0; i < 3; i++) {
        F.links[i] = gen();
        tenuo_public_key *holder = pub(F.links[i]);
        tenuo_grant_builder *g = NULL;
        tenuo_warrant *child = NULL;
        tenuo_chain *next = NULL;
        must(tenuo_grant_builder_new(parent, &g), "grant_builder_new");
        must(tenuo_grant_builder_set_holder(g, holder), "grant set_holder");
        must(tenuo_grant_builder_set_ttl(g, 600), "grant set_ttl");
        must(tenuo_grant_builder_grant(g, parent_key, F.now, &child), "grant");
        must(tenuo_chain_push(c, child, &next), "chain_push");
        if (c != c1) tenuo_chain_free(c);
        c = next;
        tenuo_grant_builder_free(g);
        tenuo_public_key_free(holder);
        if (parent != F.warrant) tenuo_warrant_free(parent);
        parent = child;
        parent_key = F.links[i];
    }
    must(tenuo_chain_to_bytes(c, &F.stack4, &F.stack4_len), "chain_to_bytes");
    must(tenuo_authorizer_verify_chain(F.auth, c, F.now), "verify 4-chain");
    must(tenuo_warrant_sign(parent, parent_key, LIT("search"), F.good, (int64_t)F.now, F.chain4_pop, sizeof F.chain4_pop),
         "sign leaf");
    F.chain4 = c;
    F.chain1 = c1;
    if (parent != F.warrant) tenuo_warrant_free(parent);

    /* libsodium baseline over the same message the warrant's signature covers. */
    uint8_t *payload = NULL;
    size_t payload_len = 0;
    must(tenuo_warrant_payload_bytes(F.warrant, &payload, &payload_len), "payload_bytes");
    static const char ctx[] = "tenuo-warrant-v1";
    F.msg_len = sizeof ctx - 1 + 1 + payload_len;
    F.msg = malloc(F.msg_len);
    if (F.msg == NULL) exit(1);
    memcpy(F.msg, ctx, sizeof ctx - 1);
    F.msg[sizeof ctx - 1] = 1; /* envelope version */
    memcpy(F.msg + sizeof ctx, payload, payload_len);
    tenuo_bytes_free(payload, payload_len);
    memcpy(F.sig, F.bytes + F.bytes_len - crypto_sign_BYTES, crypto_sign_BYTES); /* the envelope ends with it */
    must(tenuo_public_key_to_bytes(issuer_pub, F.pk, sizeof F.pk), "pk bytes");
    if (crypto_sign_verify_detached(F.sig, F.msg, F.msg_len, F.pk) != 0) {
        fprintf(stderr, "tenuo_bench: libsodium does not verify the warrant's signature\n");
        exit(1);
    }
    tenuo_public_key_free(issuer_pub);
    setup_same();
    must(tenuo_constraint_cel(LIT(CEL_EXPR), &F.cel), "cel");
    if (tenuo_constraint_matches(F.cel, LIT("{\"amount\": 5000, \"currency\": \"USD\"}")) != TENUO_OK) {
        fprintf(stderr, "tenuo_bench: the CEL fixture does not allow its argument\n");
        exit(1);
    }
}

static void teardown(void) {
    tenuo_chain_free(F.same_chain4);
    tenuo_warrant_free(F.same_root);
    tenuo_authorizer_free(F.same_auth);
    tenuo_constraint_free(F.cel);
    tenuo_chain_free(F.chain4);
    tenuo_chain_free(F.chain1);
    tenuo_public_key_free(F.agent_pub);
    tenuo_bytes_free(F.stack1, F.stack1_len);
    tenuo_bytes_free(F.stack4, F.stack4_len);
    tenuo_string_free(F.b64);
    for (size_t i = 0; i < sizeof F.fresh / sizeof F.fresh[0]; i++) tenuo_string_free(F.fresh[i]);
    tenuo_bytes_free(F.bytes, F.bytes_len);
    tenuo_args_free(F.good);
    tenuo_args_free(F.bad);
    tenuo_authorizer_free(F.auth);
    tenuo_warrant_free(F.warrant);
    tenuo_mint_builder_free(F.builder);
    for (int i = 0; i < 3; i++) tenuo_signing_key_free(F.links[i]);
    tenuo_signing_key_free(F.agent);
    tenuo_signing_key_free(F.issuer);
    free(F.msg);
}

static void cpu_model(char *out, size_t n) {
    snprintf(out, n, "unknown CPU");
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (f == NULL) return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0) {
            char *colon = strchr(line, ':');
            if (colon) {
                snprintf(out, n, "%s", colon + 2);
                out[strcspn(out, "\n")] = '\0';
            }
            break;
        }
    }
    fclose(f);
}

int main(int argc, char **argv) {
    const char *tsv = NULL, *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quick") == 0) target_secs = 0.05;
        else if (strcmp(argv[i], "--tsv") == 0 && i + 1 < argc) tsv = argv[++i];
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--quick] [--only NAME] [--tsv FILE]\n", argv[0]);
            return 2;
        }
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "tenuo_bench: sodium_init failed\n");
        return 1;
    }
    setup();

    bench rows[] = {
        {"ed25519_verify", "libsodium verify (baseline; ratio = noise)", op_sodium_verify, 0, 0, 0, 0},
        {"mint", "mint (builder reused; signs once)", op_mint, 0, 0, 0, 0},
        {"mint_build", "mint (new builder, tool, holder, ttl, mint)", op_mint_build, 0, 0, 0, 0},
        {"parse_bytes", "parse from CBOR bytes (cache off: verifies)", op_parse_bytes, 1, 0, 0, 0},
        {"parse_base64", "parse from base64url (cache off: verifies)", op_parse_base64, 1, 0, 0, 0},
        {"parse_base64_cleared", "parse base64url, first sight (cache on, miss)", op_parse_base64_cleared, 0, 0, 0, 0},
        {"parse_bytes_cached", "parse CBOR bytes again (cache hit)", op_parse_bytes, 0, 0, 0, 0},
        {"parse_base64_cached", "parse base64url again (cache hit)", op_parse_base64, 0, 0, 0, 0},
        {"sign_pop", "sign PoP", op_sign, 0, 0, 0, 0},
        {"authorize_valid", "authorize, allowed (PoP verified)", op_authorize_valid, 0, 0, 0, 0},
        {"check_chain_1", "check_chain, 1 warrant (decoded; PoP)", op_check_chain1, 0, 0, 0, 0},
        {"authorize_denied", "authorize, denied by constraint", op_authorize_denied, 0, 0, 0, 0},
        {"authorize_denied_detail", "  same, with the denial object", op_authorize_denied_detail, 0, 0, 0, 0},
        {"deny_tool", "denied: tool not in the warrant", op_deny_tool, 0, 0, 0, 0},
        {"deny_expired", "denied: warrant expired", op_deny_expired, 0, 0, 0, 0},
        {"deny_no_pop", "denied: no PoP signature", op_deny_no_pop, 0, 0, 0, 0},
        {"why_denied", "why_denied (JSON, no signature)", op_why_denied, 0, 0, 0, 0},
        {"verify_chain_1", "verify chain of 1 (decode + verify; cache off)", op_verify_chain1, 1, 0, 0, 0},
        {"verify_chain_4", "verify chain of 4 (decode + verify; cache off)", op_verify_chain4, 1, 0, 0, 0},
        {"verify_chain_4_cached", "verify chain of 4 again (4 cache hits)", op_verify_chain4, 0, 0, 0, 0},
        {"check_chain_4", "authorize 4-warrant chain, decoded (PoP)", op_check_chain4, 0, 0, 0, 0},
        {"authorize_same", "authorize, allowed, same-bytes fixture", op_authorize_same, 0, 0, 0, 0},
        {"decide_same", "  same, packed JSON call (the Python entry)", op_decide_same, 0, 0, 0, 0},
        {"check_chain_4_same", "chain of 4, allowed, same-bytes fixture", op_check_chain4_same, 0, 0, 0, 0},
        {"args_from_json", "args from JSON (1 string arg)", op_args_json, 0, 0, 0, 0},
        {"cel_eval", "CEL, 2 clauses, object argument (JSON in)", op_cel_eval, 0, 0, 0, 0},
    };
    size_t n = sizeof rows / sizeof rows[0];
    double base_best = 0;
    for (size_t i = 0; i < n; i++) {
        if (only != NULL && strcmp(only, rows[i].key) != 0 && i != 0) continue;
        must(tenuo_verify_cache_set_capacity(rows[i].cold ? 0 : TENUO_VERIFY_CACHE_DEFAULT_ENTRIES), "cache");
        measure(&rows[i], op_sodium_verify, &base_best);
    }

    char cpu[128];
    cpu_model(cpu, sizeof cpu);
    printf("libtenuo %s C path vs libsodium %s, %s\n", tenuo_version_string(), sodium_version_string(), cpu);
    printf("command:");
    for (int i = 0; i < argc; i++) printf(" %s", argv[i]);
    printf("   (%d batches, ~%.2f s per row; warrant %zu bytes, signed message %zu bytes)\n\n", BATCHES,
           target_secs, F.bytes_len, F.msg_len);
    printf("%-50s %12s %12s %10s\n", "operation", "ns/op", "ops/s", "x verify");
    for (size_t i = 0; i < n; i++)
        if (rows[i].ns > 0)
            printf("%-50s %12.0f %12.0f %10.2f\n", rows[i].label, rows[i].ns, 1e9 / rows[i].ns, rows[i].ratio);
    printf("\nns/op: fastest of %d batches; x verify: median ratio to a libsodium verify batch run just before.\n",
           BATCHES);

    if (tsv != NULL) {
        FILE *f = fopen(tsv, "w");
        if (f == NULL) {
            perror(tsv);
        } else {
            for (size_t i = 0; i < n; i++)
                if (rows[i].ns > 0)
                    fprintf(f, "%s\t%.1f\t%.3f\t%.1f\n", rows[i].key, rows[i].ns, rows[i].ratio, rows[i].median);
            /* Not a timing: the same-bytes fixture's fingerprint, for bench_python.py to match. */
            fprintf(f, "same_fixture_fnv1a\t%u\t0\t%u\n", F.same_fingerprint, F.same_fingerprint);
            fclose(f);
        }
    }
    teardown();
    return 0;
}
