/*
 * Concurrency test of the C API: one authorizer, one warrant and one argument set shared by
 * several threads that authorize at once (allowed and denied calls interleaved), while each
 * thread checks that its own last-error message is not overwritten by the others.
 * Prints "N passed, M failed"; exits non-zero on any failure.
 */
#include "tenuo.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { THREADS = 8, ROUNDS = 150 };
static const uint64_t NOW = 1704067200;

typedef struct {
    const tenuo_authorizer *auth;
    const tenuo_warrant *warrant;
    const tenuo_args *good, *bad;
    const uint8_t *pop_good, *pop_bad;
    int index, ok, wrong;
} job;

static void *worker(void *arg) {
    job *j = arg;
    for (int i = 0; i < ROUNDS; i++) {
        int deny = (i + j->index) % 2;
        tenuo_denial *d = NULL;
        tenuo_status s = tenuo_authorizer_check(j->auth, j->warrant, "read_file", 9, deny ? j->bad : j->good,
                                                deny ? j->pop_bad : j->pop_good, TENUO_SIGNATURE_BYTES, NOW, &d);
        int expected = deny ? TENUO_E_CONSTRAINT_VIOLATION : TENUO_OK;
        const char *msg = tenuo_last_error_message();
        if (s == expected && (!deny || (d != NULL && strcmp(tenuo_denial_field(d), "path") == 0 && msg != NULL &&
                                        strstr(msg, "does not match") != NULL)))
            j->ok++;
        else
            j->wrong++;
        tenuo_denial_free(d);
        /* A misuse error on this thread must be this thread's message. */
        tenuo_warrant *w = NULL;
        if (tenuo_warrant_from_bytes(NULL, 5, &w) != TENUO_E_NULL_ARGUMENT || w != NULL ||
            strstr(tenuo_last_error_message(), "NULL") == NULL)
            j->wrong++;
    }
    return NULL;
}

int main(void) {
    int passed = 0, failed = 0;
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, 7, sizeof seed);
    tenuo_signing_key *key = NULL;
    tenuo_public_key *pk = NULL;
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    tenuo_args *good = NULL, *bad = NULL;
    tenuo_authorizer *auth = NULL;
    uint8_t root[TENUO_PUBLIC_KEY_BYTES], pop_good[TENUO_SIGNATURE_BYTES], pop_bad[TENUO_SIGNATURE_BYTES];
    const char *cons = "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}";
    const char *gj = "{\"path\": \"/data/x\"}", *bj = "{\"path\": \"/etc/passwd\"}";
    if (tenuo_signing_key_from_seed(seed, sizeof seed, &key) || tenuo_signing_key_public_key(key, &pk) ||
        tenuo_public_key_to_bytes(pk, root, sizeof root) || tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) ||
        tenuo_mint_builder_add_tool(b, "read_file", 9, cons, strlen(cons)) || tenuo_mint_builder_mint(b, key, NOW, &w) ||
        tenuo_args_from_json(gj, strlen(gj), &good) || tenuo_args_from_json(bj, strlen(bj), &bad) ||
        tenuo_warrant_sign(w, key, "read_file", 9, good, (int64_t)NOW, pop_good, sizeof pop_good) ||
        tenuo_warrant_sign(w, key, "read_file", 9, bad, (int64_t)NOW, pop_bad, sizeof pop_bad) ||
        tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth)) {
        fprintf(stderr, "setup failed: %s\n", tenuo_last_error_message());
        return 1;
    }
    pthread_t t[THREADS];
    job jobs[THREADS];
    for (int i = 0; i < THREADS; i++) {
        jobs[i] = (job){auth, w, good, bad, pop_good, pop_bad, i, 0, 0};
        if (pthread_create(&t[i], NULL, worker, &jobs[i]) != 0) return 1;
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        passed += jobs[i].ok;
        failed += jobs[i].wrong;
    }
    tenuo_authorizer_free(auth);
    tenuo_args_free(good);
    tenuo_args_free(bad);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
    tenuo_public_key_free(pk);
    tenuo_signing_key_free(key);
    printf("threads: %d threads x %d authorizations on one shared authorizer\n", THREADS, ROUNDS);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
