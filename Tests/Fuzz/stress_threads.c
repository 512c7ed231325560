/*
 * Concurrency stress of the library's shared state, for ThreadSanitizer (scripts/sanitize.sh tsan)
 * and ASan: several threads start at once (a barrier) and hit, concurrently and from first use,
 *   - the regex cache (the same and different Regex patterns compiled and matched),
 *   - the lazily built IDNA table and URL parser (UrlPattern / UrlSafe on internationalized hosts),
 *   - CIDR, glob and Subpath matching,
 *   - warrant decoding, why_denied, checks and authorization on one shared warrant / authorizer,
 *   - thread-local error messages (each thread checks its own message after its own failure).
 * Every decision is compared with the expected one. Prints "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
#include "tenuo.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 6, ROUNDS = 60 };
static const uint64_t NOW = 1704067200;

static pthread_barrier_t start;
static tenuo_signing_key *issuer, *holder;
static tenuo_warrant *shared_warrant;
static tenuo_authorizer *shared_auth;
static uint8_t *warrant_bytes;
static size_t warrant_len;

typedef struct {
    int index, passed, failed;
} job;

#define EXPECT(j, cond, what)                                                            \
    do {                                                                                 \
        if (cond) (j)->passed++;                                                         \
        else {                                                                           \
            (j)->failed++;                                                               \
            fprintf(stderr, "thread %d: FAIL %s (%s)\n", (j)->index, what, tenuo_last_error_message()); \
        }                                                                                \
    } while (0)

static tenuo_status match_string(const tenuo_constraint *c, const char *s) {
    char buf[512];
    snprintf(buf, sizeof buf, "\"%s\"", s);
    return tenuo_constraint_matches(c, buf, strlen(buf));
}

static void one_round(job *j, int round) {
    /* Regex: a pattern shared by all threads and one per thread and round (cache insertions). */
    char pat[64];
    snprintf(pat, sizeof pat, "^t%d-r%d-[0-9]+$", j->index, round % 7);
    const char *pats[2] = {"^report-[0-9]{4}\\.pdf$", pat};
    for (int i = 0; i < 2; i++) {
        tenuo_constraint *c = NULL;
        EXPECT(j, tenuo_constraint_regex(pats[i], strlen(pats[i]), &c) == TENUO_OK, "regex");
        if (c) {
            char ok[64];
            if (i == 0) snprintf(ok, sizeof ok, "report-2024.pdf");
            else snprintf(ok, sizeof ok, "t%d-r%d-42", j->index, round % 7);
            EXPECT(j, match_string(c, ok) == TENUO_OK, "regex match");
            EXPECT(j, match_string(c, "nope") == TENUO_E_CONSTRAINT_VIOLATION, "regex mismatch");
            tenuo_constraint_free(c);
        }
    }
    /* URLs with internationalized hosts (IDNA table built on first use, from any thread). */
    static const char up[] = "https://*.b\xc3\xbc" "cher.example/api/*";
    tenuo_constraint *u = NULL;
    EXPECT(j, tenuo_constraint_url_pattern(up, strlen(up), &u) == TENUO_OK, "url_pattern");
    if (u) {
        EXPECT(j, match_string(u, "https://shop.xn--bcher-kva.example/api/v1") == TENUO_OK, "idn url match");
        EXPECT(j, match_string(u, "https://shop.evil.example/api/v1") == TENUO_E_CONSTRAINT_VIOLATION, "url mismatch");
        tenuo_constraint_free(u);
    }
    static const char safe_opts[] = "{\"allow_domains\": [\"*.example.com\"]}";
    tenuo_constraint *s = NULL;
    EXPECT(j, tenuo_constraint_url_safe(safe_opts, strlen(safe_opts), &s) == TENUO_OK, "url_safe");
    if (s) {
        EXPECT(j, match_string(s, "https://api.example.com/x") == TENUO_OK, "url_safe allows");
        EXPECT(j, match_string(s, "http://169.254.169.254/latest") == TENUO_E_CONSTRAINT_VIOLATION, "url_safe metadata");
        tenuo_constraint_free(s);
    }
    tenuo_constraint *cidr = NULL;
    EXPECT(j, tenuo_constraint_cidr("fd00::/8", 8, &cidr) == TENUO_OK, "cidr");
    if (cidr) {
        EXPECT(j, match_string(cidr, "fd12::1") == TENUO_OK, "cidr match");
        EXPECT(j, match_string(cidr, "10.0.0.1") == TENUO_E_CONSTRAINT_VIOLATION, "cidr mismatch");
        tenuo_constraint_free(cidr);
    }
    /* The shared warrant: decode a copy, decide, authorize with a fresh PoP. */
    tenuo_warrant *w = NULL;
    EXPECT(j, tenuo_warrant_from_bytes(warrant_bytes, warrant_len, &w) == TENUO_OK, "decode");
    tenuo_warrant_free(w);
    tenuo_args *good = NULL, *bad = NULL;
    static const char gj[] = "{\"path\": \"/data/report.pdf\"}", bj[] = "{\"path\": \"/etc/passwd\"}";
    tenuo_args_from_json(gj, strlen(gj), &good);
    tenuo_args_from_json(bj, strlen(bj), &bad);
    char *why = NULL;
    EXPECT(j, tenuo_warrant_why_denied(shared_warrant, "read_file", 9, bad, NOW, &why) == TENUO_OK &&
                  strstr(why, "CONSTRAINT") != NULL, "why_denied");
    tenuo_string_free(why);
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    EXPECT(j, tenuo_warrant_sign(shared_warrant, holder, "read_file", 9, good, (int64_t)NOW, pop, sizeof pop) == TENUO_OK, "sign");
    EXPECT(j, tenuo_authorizer_check(shared_auth, shared_warrant, "read_file", 9, good, pop, sizeof pop, NOW, NULL) == TENUO_OK,
           "authorize");
    /* A thread-specific failure and its own message. */
    char bogus[32];
    snprintf(bogus, sizeof bogus, "not-a-key-%d", j->index);
    tenuo_public_key *pk = NULL;
    EXPECT(j, tenuo_public_key_parse(bogus, strlen(bogus), &pk) != TENUO_OK, "bad key refused");
    const char *m = tenuo_last_error_message();
    EXPECT(j, m != NULL && m[0] != '\0', "own error message");
    tenuo_args_free(good);
    tenuo_args_free(bad);
}

static void *worker(void *arg) {
    job *j = arg;
    pthread_barrier_wait(&start);
    for (int r = 0; r < ROUNDS; r++) one_round(j, r);
    return NULL;
}

int main(void) {
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, 1, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &issuer);
    memset(seed, 2, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &holder);
    tenuo_public_key *hpk = NULL, *ipk = NULL;
    tenuo_signing_key_public_key(holder, &hpk);
    tenuo_signing_key_public_key(issuer, &ipk);
    tenuo_mint_builder *b = NULL;
    tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b);
    static const char cj[] = "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}";
    tenuo_mint_builder_add_tool(b, "read_file", 9, cj, strlen(cj));
    tenuo_mint_builder_set_holder(b, hpk);
    tenuo_mint_builder_set_issued_at(b, NOW);
    if (tenuo_mint_builder_mint(b, issuer, NOW, &shared_warrant) != TENUO_OK) {
        fprintf(stderr, "mint: %s\n", tenuo_last_error_message());
        return 2;
    }
    tenuo_mint_builder_free(b);
    tenuo_warrant_to_bytes(shared_warrant, &warrant_bytes, &warrant_len);
    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    tenuo_public_key_to_bytes(ipk, root, sizeof root);
    tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &shared_auth);

    pthread_barrier_init(&start, NULL, THREADS);
    pthread_t t[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){.index = i};
        if (pthread_create(&t[i], NULL, worker, &jobs[i]) != 0) return 2;
    }
    int passed = 0, failed = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        passed += jobs[i].passed;
        failed += jobs[i].failed;
    }
    pthread_barrier_destroy(&start);
    printf("stress_threads: %d threads x %d rounds over the regex cache, IDNA, URL, CIDR, decode, authorize\n",
           THREADS, ROUNDS);
    printf("%d passed, %d failed\n", passed, failed);
    tenuo_bytes_free(warrant_bytes, warrant_len);
    tenuo_warrant_free(shared_warrant);
    tenuo_authorizer_free(shared_auth);
    tenuo_public_key_free(hpk);
    tenuo_public_key_free(ipk);
    tenuo_signing_key_free(issuer);
    tenuo_signing_key_free(holder);
    return failed == 0 ? 0 : 1;
}
