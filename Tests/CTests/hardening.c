/*
 * hardening.c - one check per finding of the C-ABI audit (issue #8): every bad input comes
 * back as a status (or, for the void *_free functions, as "nothing freed" plus a message),
 * never as a crash.
 *
 *   1. extreme times (INT64_MIN/INT64_MAX/UINT64_MAX...) on every time-taking function;
 *   2. misused handles: wrong-kind free, double free, free of a stack / heap / random pointer,
 *      use after free, a handle of the wrong kind passed in;
 *   3. unloading: dlopen, a failing call on a thread, dlclose, then that thread exits; and
 *      pthread_key_create failing (keys exhausted before the library's first call);
 *   4. small stacks: threads with a 64 KiB stack, and a coroutine on a 64 KiB heap stack, run
 *      the deepest inputs (regex nesting 250, CBOR nesting, Not/All/Any nesting 32, argument
 *      JSON nesting 64, a deeply constrained warrant decoded and authorized);
 *   5. error kinds (issue #9): `tenuo_last_error_kind()` is data the core attached to the
 *      error, kept through wrapping, cleared by the next failure, never read from the message;
 *   6. the SDK-mode builder functions and tenuo_warrant_check_constraints (issue #9): NULL
 *      pointers, wrong-kind handles, bad UTF-8 and bad JSON come back as statuses with outputs
 *      left NULL, settings errors are held until mint/grant, and a good sequence mints;
 *   7. tenuo_authorizer_decide (issue #9): malformed packed calls, misuse records (the status
 *      alone), denial records and the last error, arguments read only when needed, and records
 *      that stay the calling thread's on a 64 KiB stack (where the call hops threads).
 * The stall inputs are timed by worst_case.c (also run by `make test-c`).
 *
 *   build/ctests/hardening PATH/TO/libtenuo.so [times|handles|unload|stacks|kinds|builders|decide]
 *
 * Ends with "N passed, M failed".
 */
#define _GNU_SOURCE
#include "tenuo.h"

#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#define LIT(s) (s), (sizeof(s) - 1)

static int passed, failed;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

static void check(int ok, const char *what) {
    pthread_mutex_lock(&report_lock);
    if (ok) passed++;
    else {
        failed++;
        const char *m = tenuo_last_error_message();
        printf("FAIL: %s (last error: %s)\n", what, m ? m : "none");
    }
    pthread_mutex_unlock(&report_lock);
}

static void must(tenuo_status st, const char *what) {
    if (st != TENUO_OK) {
        const char *m = tenuo_last_error_message();
        fprintf(stderr, "hardening: setup %s failed: %s: %s\n", what, tenuo_status_name(st), m ? m : "");
        exit(2);
    }
}

static int message_contains(const char *needle) {
    const char *m = tenuo_last_error_message();
    return m && strstr(m, needle);
}

/* ---- Fixtures -------------------------------------------------------------------------------- */

static tenuo_signing_key *issuer, *agent;
static tenuo_public_key *agent_pub;
static tenuo_warrant *warrant;
static tenuo_args *args;
static tenuo_authorizer *auth;
static uint8_t root[32];
static const uint64_t NOW = 1700000000;

static void setup(void) {
    uint8_t seed[32];
    memset(seed, 1, sizeof seed);
    must(tenuo_signing_key_from_seed(seed, sizeof seed, &issuer), "issuer");
    memset(seed, 2, sizeof seed);
    must(tenuo_signing_key_from_seed(seed, sizeof seed, &agent), "agent");
    must(tenuo_signing_key_public_key(agent, &agent_pub), "agent pub");
    tenuo_public_key *ip = NULL;
    must(tenuo_signing_key_public_key(issuer, &ip), "issuer pub");
    must(tenuo_public_key_to_bytes(ip, root, sizeof root), "root");
    tenuo_public_key_free(ip);
    tenuo_mint_builder *b = NULL;
    must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b), "builder");
    must(tenuo_mint_builder_add_tool(b, LIT("read"), LIT("{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}")), "tool");
    must(tenuo_mint_builder_set_holder(b, agent_pub), "holder");
    must(tenuo_mint_builder_set_ttl(b, 3600), "ttl");
    must(tenuo_mint_builder_mint(b, issuer, NOW, &warrant), "mint");
    tenuo_mint_builder_free(b);
    must(tenuo_args_from_json(LIT("{\"path\": \"/data/x\"}"), &args), "args");
    must(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth), "authorizer");
}

/* ---- 1. Extreme times ------------------------------------------------------------------------ */

static void test_times(void) {
    const int64_t s64[] = {INT64_MIN, INT64_MIN + 1, INT64_MIN + 29, -1, 0, INT64_MAX - 29, INT64_MAX};
    const uint64_t u64[] = {0, 1, (uint64_t)INT64_MAX, (uint64_t)INT64_MAX + 1, UINT64_MAX - 30, UINT64_MAX};
    uint8_t sig[64];
    for (size_t i = 0; i < sizeof s64 / sizeof s64[0]; i++) {
        int64_t t = s64[i];
        tenuo_status a = tenuo_warrant_sign(warrant, agent, LIT("read"), args, t, sig, sizeof sig);
        tenuo_status b = tenuo_warrant_sign_ex(warrant, agent, LIT("read"), args, t, TENUO_POP_ID_PREFIXED, sig, sizeof sig);
        tenuo_status c = tenuo_warrant_verify_pop(warrant, LIT("read"), args, sig, sizeof sig, t, 10, TENUO_POP_ID_PREFIXED);
        uint8_t *ch = NULL;
        size_t chn = 0;
        tenuo_status d = tenuo_warrant_pop_challenge(warrant, LIT("read"), args, t, TENUO_POP_ID_HEX, &ch, &chn);
        tenuo_bytes_free(ch, chn);
        char what[96];
        snprintf(what, sizeof what, "PoP functions at t=%lld return a status", (long long)t);
        check(a >= 0 && b >= 0 && c >= 0 && d >= 0, what);
        if (t == INT64_MIN) check(a == TENUO_E_INVALID_ARGUMENT && b == TENUO_E_INVALID_ARGUMENT,
                                  "signing at INT64_MIN (no representable window) is refused");
        if (t == INT64_MAX) check(a == TENUO_OK && c == TENUO_OK, "sign + verify at INT64_MAX round-trips");
    }
    for (size_t i = 0; i < sizeof u64 / sizeof u64[0]; i++) {
        uint64_t t = u64[i];
        tenuo_denial *den = NULL;
        char *json = NULL;
        tenuo_status a = tenuo_warrant_check(warrant, LIT("read"), args, t, &den);
        tenuo_denial_free(den);
        tenuo_status b = tenuo_warrant_why_denied(warrant, LIT("read"), args, t, &json);
        tenuo_string_free(json);
        tenuo_chain *chain = NULL;
        must(tenuo_chain_new(warrant, &chain), "chain");
        tenuo_status c = tenuo_authorizer_verify_chain(auth, chain, t);
        tenuo_status d = tenuo_authorizer_check(auth, warrant, LIT("read"), args, sig, sizeof sig, t, NULL);
        tenuo_status e = tenuo_authorizer_check_chain(auth, chain, LIT("read"), args, sig, sizeof sig, t, NULL);
        tenuo_chain_free(chain);
        /* Builders: every time setter and the mint/grant time. */
        tenuo_mint_builder *mb = NULL;
        must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb), "mint builder");
        must(tenuo_mint_builder_add_tool(mb, LIT("read"), LIT("{}")), "tool");
        tenuo_status f = tenuo_mint_builder_set_ttl(mb, t);
        tenuo_warrant *w = NULL;
        tenuo_status g = tenuo_mint_builder_mint(mb, issuer, t, &w);
        tenuo_warrant_free(w);
        w = NULL;
        tenuo_status h = tenuo_mint_builder_set_issued_at(mb, t);
        tenuo_status k = tenuo_mint_builder_set_expires_at(mb, t);
        tenuo_status l = tenuo_mint_builder_mint(mb, issuer, t, &w);
        tenuo_warrant_free(w);
        tenuo_mint_builder_free(mb);
        tenuo_grant_builder *gb = NULL;
        must(tenuo_grant_builder_new(warrant, &gb), "grant builder");
        tenuo_status m = tenuo_grant_builder_set_ttl(gb, t);
        w = NULL;
        tenuo_status n = tenuo_grant_builder_grant(gb, agent, t, &w);
        tenuo_warrant_free(w);
        tenuo_status o = tenuo_grant_builder_set_issued_at(gb, t);
        tenuo_status p = tenuo_grant_builder_set_expires_at(gb, t);
        w = NULL;
        tenuo_status q = tenuo_grant_builder_grant(gb, agent, t, &w);
        tenuo_warrant_free(w);
        tenuo_grant_builder_free(gb);
        tenuo_authorizer *au = NULL;
        tenuo_status r = tenuo_authorizer_new(root, sizeof root, 0, t, &au);
        tenuo_authorizer_free(au);
        char what[96];
        snprintf(what, sizeof what, "every uint64 time function at t=%llu returns a status", (unsigned long long)t);
        check(a >= 0 && b >= 0 && c >= 0 && d >= 0 && e >= 0 && f >= 0 && g >= 0 && h >= 0 && k >= 0 && l >= 0 &&
                  m >= 0 && n >= 0 && o >= 0 && p >= 0 && q >= 0 && r >= 0,
              what);
        if (t >= (uint64_t)INT64_MAX) check(g != TENUO_OK && l != TENUO_OK, "minting at a time past INT64_MAX is refused");
    }
}

/* ---- 2. Misused handles ---------------------------------------------------------------------- */

static void test_handles(void) {
    /* Wrong-kind free: nothing happens, the warrant stays usable, a message says why. */
    tenuo_signing_key_free((tenuo_signing_key *)warrant);
    check(message_contains("another kind"), "signing_key_free(warrant) is refused with a message");
    char *b64 = NULL;
    check(tenuo_warrant_to_base64(warrant, &b64) == TENUO_OK, "the warrant survives a wrong-kind free");
    tenuo_string_free(b64);
    tenuo_public_key_free((tenuo_public_key *)args);
    tenuo_chain_free((tenuo_chain *)auth);
    tenuo_denial_free((tenuo_denial *)agent_pub);
    check(tenuo_args_count(args) == 1 && tenuo_public_key_equal(agent_pub, agent_pub),
          "wrong-kind frees of args/authorizer/public key free nothing");
    /* The approval and revocation handles check their kind too. */
    tenuo_approval_free((tenuo_approval *)warrant);
    check(message_contains("another kind"), "approval_free(warrant) is refused with a message");
    tenuo_srl_free((tenuo_srl *)warrant);
    check(message_contains("another kind"), "srl_free(warrant) is refused with a message");
    tenuo_srl_builder_free((tenuo_srl_builder *)warrant);
    check(message_contains("another kind"), "srl_builder_free(warrant) is refused with a message");
    tenuo_revocation_request_free((tenuo_revocation_request *)warrant);
    check(message_contains("another kind"), "revocation_request_free(warrant) is refused with a message");
    tenuo_srl_builder *sb = NULL;
    must(tenuo_srl_builder_new(&sb), "srl_builder_new");
    tenuo_srl_builder_free(sb);
    tenuo_srl_builder_free(sb);
    check(message_contains("not a live handle"), "a double free of an SRL builder is refused with a message");
    b64 = NULL;
    check(tenuo_warrant_to_base64(warrant, &b64) == TENUO_OK, "the warrant survives four wrong-kind frees");
    tenuo_string_free(b64);

    /* A handle of the wrong kind passed in. */
    b64 = NULL;
    check(tenuo_warrant_to_base64((const tenuo_warrant *)agent, &b64) == TENUO_E_INVALID_ARGUMENT && b64 == NULL,
          "a signing key passed as a warrant is refused");

    /* Double free and use after free. */
    tenuo_warrant *w = NULL;
    uint8_t *bytes = NULL;
    size_t n = 0;
    must(tenuo_warrant_to_bytes(warrant, &bytes, &n), "to_bytes");
    must(tenuo_warrant_from_bytes(bytes, n, &w), "from_bytes");
    tenuo_bytes_free(bytes, n);
    tenuo_warrant_free(w);
    tenuo_warrant_free(w);
    check(message_contains("not a live handle"), "a double free is refused with a message");
    b64 = NULL;
    check(tenuo_warrant_to_base64(w, &b64) == TENUO_E_INVALID_ARGUMENT && message_contains("not a live handle"),
          "a use after free is refused");
    check(tenuo_warrant_expires_at(w) == 0 && message_contains("not a live handle"),
          "a getter on a freed handle returns 0 and sets the message");

    /* Pointers the library never returned: on the stack, on the heap, arbitrary. */
    uint64_t on_stack[8] = {0};
    void *on_heap = calloc(1, 64);
    tenuo_warrant_free((tenuo_warrant *)on_stack);
    check(message_contains("not a live handle"), "freeing a stack pointer is refused");
    tenuo_args_free((tenuo_args *)on_heap);
    check(message_contains("not a live handle"), "freeing a heap pointer is refused");
    tenuo_chain_free((tenuo_chain *)(uintptr_t)0xdeadbeef0ull);
    check(message_contains("not a live handle"), "freeing a random address is refused (not dereferenced)");
    check(tenuo_args_count((const tenuo_args *)(uintptr_t)0x10) == 0, "a getter on a small integer returns 0");
    check(tenuo_authorizer_check((const tenuo_authorizer *)on_heap, warrant, LIT("read"), args, NULL, 0, NOW, NULL) ==
              TENUO_E_INVALID_ARGUMENT,
          "a heap pointer passed as an authorizer is refused");
    free(on_heap);

    /* Many live handles: all still found. */
    enum { N = 2000 };
    static tenuo_args *many[N];
    int ok = 1;
    for (int i = 0; i < N; i++) ok &= tenuo_args_new(&many[i]) == TENUO_OK;
    for (int i = 0; i < N; i++) ok &= tenuo_args_set_int(many[i], LIT("i"), i) == TENUO_OK;
    for (int i = 0; i < N; i++) tenuo_args_free(many[i]);
    for (int i = 0; i < N; i++) ok &= tenuo_args_set_int(many[i], LIT("i"), i) == TENUO_E_INVALID_ARGUMENT;
    check(ok, "2,000 handles created, used, freed, then refused");

    /* Frees in a scattered order (the registry's tables remove entries by shifting later ones
     * of the same probe run back): every handle not yet freed must still be found, with its
     * kind, and every freed one refused, after each round. */
    enum { M = 6000 };
    static tenuo_args *set[M];
    static unsigned char freed[M];
    ok = 1;
    for (int i = 0; i < M; i++) {
        ok &= tenuo_args_new(&set[i]) == TENUO_OK && tenuo_args_set_int(set[i], LIT("i"), i) == TENUO_OK;
        freed[i] = 0;
    }
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < M; i++) {
            int j = (int)(((unsigned)i * 2654435761u + (unsigned)round * 7919u) % M);
            if (!freed[j] && (j % 3) == round) {
                tenuo_args_free(set[j]);
                freed[j] = 1;
            }
        }
        for (int i = 0; i < M; i++) {
            if (freed[i]) {
                ok &= tenuo_args_count(set[i]) == 0 && message_contains("not a live handle");
            } else {
                ok &= tenuo_args_count(set[i]) == 1;
                /* still of its kind: a wrong-kind free leaves it alone */
                if (i % 97 == 0) {
                    tenuo_warrant_free((tenuo_warrant *)set[i]);
                    ok &= message_contains("another kind") && tenuo_args_count(set[i]) == 1;
                }
            }
        }
    }
    check(ok, "6,000 handles freed in a scattered order: the live ones found, the freed ones refused");
    for (int i = 0; i < M; i++) {
        if (!freed[i]) tenuo_args_free(set[i]);
        freed[i] = 1;
    }
    tenuo_args_free(set[0]);
    check(message_contains("not a live handle"), "after all were freed, a double free is still refused");
}

/* Four threads creating, using and freeing handles at once, each also probing the others'
 * freed handles: the registry stays consistent. */
static void *churn(void *out) {
    int ok = 1;
    for (int i = 0; i < 5000; i++) {
        tenuo_args *a = NULL;
        ok &= tenuo_args_new(&a) == TENUO_OK;
        ok &= tenuo_args_set_int(a, LIT("i"), i) == TENUO_OK;
        ok &= tenuo_args_count(a) == 1;
        tenuo_args_free(a);
        (void)tenuo_args_count(a); /* freed: refused, or another thread's new handle at that address */
        ok &= tenuo_warrant_expires_at(warrant) != 0;
    }
    *(int *)out = ok;
    return NULL;
}

/* Each thread keeps 64 handles of its own alive (growing the shards' tables while the others
 * use theirs), borrows the shared warrant between frees, and frees its handles in an order of
 * its own. */
static void *share(void *out) {
    int ok = 1;
    for (int round = 0; round < 200; round++) {
        tenuo_args *mine[64];
        for (int i = 0; i < 64; i++) ok &= tenuo_args_new(&mine[i]) == TENUO_OK;
        for (int i = 0; i < 64; i++) {
            int j = (i * 37 + round) % 64;
            ok &= tenuo_args_count(mine[j]) == 0;
            ok &= tenuo_warrant_expires_at(warrant) != 0;
            tenuo_args_free(mine[j]);
        }
    }
    *(int *)out = ok;
    return NULL;
}

static void test_handle_threads(void) {
    pthread_t th[4];
    int results[4] = {0};
    for (int t = 0; t < 4; t++) pthread_create(&th[t], NULL, churn, &results[t]);
    int ok = 1;
    for (int t = 0; t < 4; t++) {
        pthread_join(th[t], NULL);
        ok &= results[t];
    }
    check(ok, "4 threads x 5,000 handles created, used, freed and probed concurrently");
    pthread_t sh[4];
    int shared_results[4] = {0};
    for (int t = 0; t < 4; t++) pthread_create(&sh[t], NULL, share, &shared_results[t]);
    ok = 1;
    for (int t = 0; t < 4; t++) {
        pthread_join(sh[t], NULL);
        ok &= shared_results[t];
    }
    check(ok, "4 threads borrowing one shared handle while each keeps 64 of its own and frees them in turn");
}

/* ---- 3. Unloading and thread-local keys ------------------------------------------------------ */

static const char *libpath;

typedef tenuo_status (*from_seed_fn)(const uint8_t *, size_t, tenuo_signing_key **);
typedef const char *(*last_error_fn)(void);

static void *failing_call(void *fn) {
    tenuo_signing_key *k = NULL;
    tenuo_status st = ((from_seed_fn)(uintptr_t)fn)(NULL, 5, &k); /* fails: stores a thread-local message */
    return (void *)(intptr_t)st;
}

static void *sleeper(void *fn) {
    tenuo_signing_key *k = NULL;
    ((from_seed_fn)(uintptr_t)fn)(NULL, 5, &k);
    usleep(200 * 1000); /* exits after dlclose */
    return NULL;
}

/* Runs in a child process so that a crash is reported rather than fatal. */
static int in_child(void (*body)(void)) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return 0;
    if (pid == 0) {
        body();
        fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A private copy of the library (another inode), so that dlopen maps a second instance that
 * dlclose really unloads (the copy this program is linked with stays loaded). */
static int copy_library(char *path_out, size_t cap) {
    snprintf(path_out, cap, "/tmp/tenuo-hardening-%d.so", (int)getpid());
    FILE *in = fopen(libpath, "rb"), *out = fopen(path_out, "wb");
    if (!in || !out) return 0;
    char block[65536];
    size_t n;
    while ((n = fread(block, 1, sizeof block, in)) > 0) fwrite(block, 1, n, out);
    fclose(in);
    return fclose(out) == 0;
}

static void unload_body(void) {
    char copy[128];
    if (!copy_library(copy, sizeof copy)) _exit(2);
    void *h = dlopen(copy, RTLD_NOW | RTLD_LOCAL);
    unlink(copy);
    if (!h) { printf("dlopen failed: %s\n", dlerror()); _exit(3); }
    void *fn = dlsym(h, "tenuo_signing_key_from_seed");
    if (!fn) _exit(4);
    pthread_t a, b;
    void *st = NULL;
    pthread_create(&a, NULL, failing_call, fn);
    pthread_join(a, &st); /* thread exited while loaded */
    pthread_create(&b, NULL, sleeper, fn);
    usleep(50 * 1000);
    dlclose(h);          /* b still holds a message; it exits after this */
    pthread_join(b, NULL);
    if ((intptr_t)st == 0) _exit(5);
}

/* Run as `hardening --key-exhaustion` in a fresh process, before anything else touches the
 * library: uses up every pthread key, then calls. */
static int key_exhaustion_main(void) {
    pthread_key_t k;
    int n = 0;
    while (pthread_key_create(&k, NULL) == 0) n++; /* no keys left for the library */
    uint8_t seed[32] = {0};
    tenuo_signing_key *key = NULL;
    tenuo_status st = tenuo_signing_key_from_seed(seed, sizeof seed, &key);
    const char *m = tenuo_last_error_message();
    if (st != TENUO_E_INTERNAL || key != NULL || !m || !strstr(m, "pthread_key_create")) {
        printf("after %d keys: status %d, message %s\n", n, st, m ? m : "(null)");
        return 6;
    }
    return 0;
}

static const char *self_path;

static void key_exhaustion_body(void) {
    execl(self_path, self_path, "--key-exhaustion", (char *)NULL);
    _exit(7);
}

static void test_unload(void) {
    check(in_child(unload_body), "dlopen, failing call on a thread, dlclose, thread exit: no crash");
    check(in_child(key_exhaustion_body), "pthread_key_create failing: calls fail cleanly with TENUO_E_INTERNAL");
}

/* ---- 4. Small stacks ------------------------------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
} buf;
static void put(buf *b, const char *s) {
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->p = realloc(b->p, b->cap);
        if (!b->p) exit(2);
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}
static void rep(buf *b, const char *s, int times) { for (int i = 0; i < times; i++) put(b, s); }

static int deep_work(void) {
    int ok = 1;
    buf b = {0};
    /* Regex nesting at the 250 limit, compiled (fresh each time: a varying literal) and matched. */
    static int serial;
    char lit[32];
    snprintf(lit, sizeof lit, "z%d", __atomic_fetch_add(&serial, 1, __ATOMIC_RELAXED));
    rep(&b, "(", 250);
    put(&b, lit);
    rep(&b, ")", 250);
    tenuo_constraint *c = NULL;
    ok &= tenuo_constraint_regex(b.p, b.n, &c) == TENUO_OK;
    char val[48];
    snprintf(val, sizeof val, "\"%s\"", lit);
    ok &= tenuo_constraint_matches(c, val, strlen(val)) == TENUO_OK;
    tenuo_constraint_free(c);
    /* Not nested 32 deep (the reference's limit), All/Any alternating. */
    b.n = 0;
    rep(&b, "{\"type\":\"Not\",\"constraint\":", 31);
    put(&b, "{\"type\":\"Pattern\",\"pattern\":\"*\"}");
    rep(&b, "}", 31);
    c = NULL;
    ok &= tenuo_constraint_from_json(b.p, b.n, &c) == TENUO_OK;
    ok &= tenuo_constraint_matches(c, LIT("\"x\"")) == TENUO_E_CONSTRAINT_VIOLATION;
    tenuo_constraint_free(c);
    b.n = 0;
    /* CEL near its nesting limit (32 levels) parsed and evaluated, and one level more refused. */
    b.n = 0;
    rep(&b, "(", 26);
    put(&b, "value + 1 > 0 && [1, 2].all(x, x > 0)");
    rep(&b, ")", 26);
    c = NULL;
    ok &= tenuo_constraint_cel(b.p, b.n, &c) == TENUO_OK;
    ok &= tenuo_constraint_matches(c, LIT("5")) == TENUO_OK;
    tenuo_constraint_free(c);
    b.n = 0;
    rep(&b, "(", 40);
    put(&b, "true");
    rep(&b, ")", 40);
    c = NULL;
    ok &= tenuo_constraint_cel(b.p, b.n, &c) == TENUO_E_VALUE_TOO_LARGE && c == NULL;
    b.n = 0;
    for (int i = 0; i < 31; i++) put(&b, i % 2 ? "{\"type\":\"Any\",\"constraints\":[" : "{\"type\":\"All\",\"constraints\":[");
    put(&b, "{\"type\":\"Pattern\",\"pattern\":\"*\"}");
    rep(&b, "]}", 31);
    c = NULL;
    ok &= tenuo_constraint_from_json(b.p, b.n, &c) == TENUO_OK;
    ok &= tenuo_constraint_matches(c, LIT("\"x\"")) == TENUO_OK;
    /* A warrant carrying it, decoded from bytes and authorized. */
    char *cj = NULL;
    ok &= tenuo_constraint_to_json(c, &cj) == TENUO_OK;
    tenuo_constraint_free(c);
    buf tj = {0};
    put(&tj, "{\"q\": ");
    put(&tj, cj ? cj : "null");
    put(&tj, "}");
    tenuo_string_free(cj);
    tenuo_mint_builder *mb = NULL;
    tenuo_warrant *w = NULL, *w2 = NULL;
    ok &= tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb) == TENUO_OK;
    ok &= tenuo_mint_builder_add_tool(mb, LIT("deep"), tj.p, tj.n) == TENUO_OK;
    ok &= tenuo_mint_builder_set_holder(mb, agent_pub) == TENUO_OK;
    ok &= tenuo_mint_builder_mint(mb, issuer, NOW, &w) == TENUO_OK;
    tenuo_mint_builder_free(mb);
    uint8_t *wb = NULL;
    size_t wn = 0;
    ok &= tenuo_warrant_to_bytes(w, &wb, &wn) == TENUO_OK;
    ok &= tenuo_warrant_from_bytes(wb, wn, &w2) == TENUO_OK;
    tenuo_bytes_free(wb, wn);
    /* Argument JSON nested to the 64 limit. */
    buf aj = {0};
    put(&aj, "{\"q\": ");
    rep(&aj, "[", 62);
    put(&aj, "\"x\"");
    rep(&aj, "]", 62);
    put(&aj, "}");
    tenuo_args *a = NULL;
    ok &= tenuo_args_from_json(aj.p, aj.n, &a) == TENUO_OK;
    uint8_t sig[64];
    ok &= tenuo_warrant_sign(w2, agent, LIT("deep"), a, (int64_t)NOW, sig, sizeof sig) == TENUO_OK;
    tenuo_status st = tenuo_authorizer_check(auth, w2, LIT("deep"), a, sig, sizeof sig, NOW, NULL);
    ok &= st == TENUO_OK || st == TENUO_E_CONSTRAINT_VIOLATION; /* decided, whichever way */
    tenuo_args_free(a);
    /* Over the limit: refused, not crashed. */
    aj.n = 0;
    put(&aj, "{\"q\": ");
    rep(&aj, "[", 5000);
    rep(&aj, "]", 5000);
    put(&aj, "}");
    a = NULL;
    ok &= tenuo_args_from_json(aj.p, aj.n, &a) != TENUO_OK;
    /* CBOR nested as deep as the decoder goes (127), and deeper (refused). */
    for (int depth = 120; depth <= 140; depth += 20) {
        uint8_t *cb = malloc((size_t)depth + 8);
        if (!cb) exit(2);
        for (int i = 0; i < depth; i++) cb[i] = 0x81;
        cb[depth] = 0x00;
        tenuo_chain *ch = NULL;
        ok &= tenuo_chain_from_bytes(cb, (size_t)depth + 1, &ch) != TENUO_OK;
        tenuo_warrant *cw = NULL;
        ok &= tenuo_warrant_from_bytes(cb, (size_t)depth + 1, &cw) != TENUO_OK;
        free(cb);
    }
    tenuo_warrant_free(w);
    tenuo_warrant_free(w2);
    free(b.p);
    free(tj.p);
    free(aj.p);
    return ok;
}

static void *small_stack_thread(void *out) {
    *(int *)out = deep_work();
    return NULL;
}

/* A coroutine (makecontext) on a 64 KiB heap stack, outside the thread's own stack. */
static ucontext_t main_ctx, co_ctx;
static int co_result;
static void co_body(void) { co_result = deep_work(); }

static void test_coroutine_stack(void) {
    size_t size = 64 * 1024;
    void *stack = malloc(size);
    if (!stack || getcontext(&co_ctx) != 0) { check(0, "getcontext"); free(stack); return; }
    co_ctx.uc_stack.ss_sp = stack;
    co_ctx.uc_stack.ss_size = size;
    co_ctx.uc_link = &main_ctx;
    makecontext(&co_ctx, co_body, 0);
    co_result = 0;
    check(swapcontext(&main_ctx, &co_ctx) == 0 && co_result, "deepest inputs on a 64 KiB coroutine stack (swapcontext)");
    free(stack);
}

static void test_small_stacks(void) {
    const size_t sizes[] = {64 * 1024, 128 * 1024, 256 * 1024};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        enum { T = 4 };
        pthread_t th[T];
        int results[T] = {0};
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (pthread_attr_setstacksize(&attr, sizes[i]) != 0) { check(0, "pthread_attr_setstacksize"); continue; }
        for (int t = 0; t < T; t++) pthread_create(&th[t], &attr, small_stack_thread, &results[t]);
        int ok = 1;
        for (int t = 0; t < T; t++) {
            pthread_join(th[t], NULL);
            ok &= results[t];
        }
        pthread_attr_destroy(&attr);
        char what[96];
        snprintf(what, sizeof what, "deepest inputs on 4 threads with %zu KiB stacks", sizes[i] / 1024);
        check(ok, what);
    }
    check(deep_work(), "deepest inputs on the main thread");
    test_coroutine_stack();
}

/* ---- 5. Error kinds -------------------------------------------------------------------------- */

static void *kind_on_fresh_thread(void *unused) {
    (void)unused;
    return (void *)(uintptr_t)tenuo_last_error_kind();
}

static int kind_is(const char *want) {
    const char *k = tenuo_last_error_kind();
    return want ? (k && !strcmp(k, want)) : k == NULL;
}

static void test_kinds(void) {
    /* A widening grant: the parent allows Pattern "/data/" plus a star, the child the root plus a star. */
    tenuo_grant_builder *gb = NULL;
    must(tenuo_grant_builder_new(warrant, &gb), "grant builder");
    tenuo_constraint *wide = NULL;
    must(tenuo_constraint_pattern(LIT("/*"), &wide), "pattern");
    must(tenuo_grant_builder_set_constraint(gb, LIT("read"), LIT("path"), wide), "set constraint");
    tenuo_warrant *w = NULL;
    tenuo_status st = tenuo_grant_builder_grant(gb, agent, NOW, &w);
    check(st == TENUO_E_CAPABILITY_EXPANSION && w == NULL && kind_is("PatternExpanded"),
          "a widening grant fails with TENUO_E_CAPABILITY_EXPANSION and kind PatternExpanded");
    tenuo_warrant_free(w);
    tenuo_grant_builder_free(gb);
    tenuo_constraint_free(wide);

    /* The next failure without a kind clears it. */
    tenuo_signing_key *k = NULL;
    check(tenuo_signing_key_from_seed(NULL, 5, &k) == TENUO_E_NULL_ARGUMENT && kind_is(NULL),
          "a later failure without a kind clears the kind");

    /* A message that merely contains kind-like text has no kind: the tool name is quoted in the
     * message ("... tool 'PatternExpanded: x'"), and the kind is not read from it. */
    uint8_t sig[64] = {0};
    st = tenuo_authorizer_check(auth, warrant, LIT("PatternExpanded: x"), args, sig, sizeof sig, NOW, NULL);
    check(st == TENUO_E_TOOL_NOT_AUTHORIZED && message_contains("PatternExpanded: x") && kind_is(NULL),
          "a denial whose message quotes 'PatternExpanded: ' has no kind");

    /* The kind survives the context added by nesting (All.constraints[0]: ...). */
    tenuo_constraint *c = NULL;
    st = tenuo_constraint_from_json(LIT("{\"type\": \"All\", \"constraints\": [{\"type\": \"Regex\", \"pattern\": \"(\"}]}"), &c);
    check(st != TENUO_OK && c == NULL && message_contains("All.constraints[0]: ") && kind_is("InvalidPattern"),
          "a nested invalid regex keeps kind InvalidPattern through the wrapping");
    tenuo_constraint_free(c);

    /* Each thread has its own kind. */
    pthread_t t;
    void *seen = (void *)1;
    pthread_create(&t, NULL, kind_on_fresh_thread, NULL);
    pthread_join(t, &seen);
    check(seen == NULL && kind_is("InvalidPattern"), "a fresh thread sees no kind; this thread keeps its own");
}

/* ---- 6. SDK-mode builders and constraint checks ---------------------------------------------- */

static void test_sdk_builders(void) {
    static const char bad_utf8[] = "re\xff" "ad";
    tenuo_mint_builder *mb = NULL;
    check(tenuo_mint_builder_new_ex(TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK, NULL) == TENUO_E_NULL_ARGUMENT,
          "mint_builder_new_ex: NULL out");
    check(tenuo_mint_builder_new_ex(77, TENUO_BUILDER_SDK, &mb) != TENUO_OK && mb == NULL,
          "mint_builder_new_ex: unknown warrant type refused, no builder");
    check(tenuo_mint_builder_new_ex(TENUO_WARRANT_EXECUTION, 0x80, &mb) != TENUO_OK && mb == NULL,
          "mint_builder_new_ex: unknown flag refused, no builder");

    /* NULL and wrong-kind builders on every new setter. */
    tenuo_mint_builder *wrong = (tenuo_mint_builder *)agent;
    tenuo_constraint *pat = NULL;
    must(tenuo_constraint_pattern(LIT("/data/*"), &pat), "pattern");
    char *json = NULL;
    check(tenuo_mint_builder_set_type(NULL, TENUO_WARRANT_ISSUER) == TENUO_E_NULL_ARGUMENT &&
          tenuo_mint_builder_set_type(wrong, TENUO_WARRANT_ISSUER) == TENUO_E_INVALID_ARGUMENT,
          "set_type: NULL / wrong-kind builder");
    check(tenuo_mint_builder_add_tool_name(NULL, LIT("read")) == TENUO_E_NULL_ARGUMENT &&
          tenuo_mint_builder_add_tool_name(wrong, LIT("read")) == TENUO_E_INVALID_ARGUMENT,
          "add_tool_name: NULL / wrong-kind builder");
    check(tenuo_mint_builder_set_tool_names(wrong, LIT("[\"a\"]")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_set_shared_constraints(wrong, LIT("{}"), false) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_set_tool_constraint(wrong, LIT("read"), LIT("path"), pat, true) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_remove_tool(wrong, LIT("read")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_set_issuable_tools(wrong, LIT("[\"a\"]")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_merge_constraint_bounds(wrong, LIT("{}")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_clear_required_approvers(wrong) == TENUO_E_INVALID_ARGUMENT,
          "every new mint-builder setter refuses a signing key passed as a builder");
    check(tenuo_mint_builder_info_json(wrong, &json) == TENUO_E_INVALID_ARGUMENT && json == NULL &&
          tenuo_mint_builder_info_json(NULL, &json) == TENUO_E_NULL_ARGUMENT && json == NULL,
          "mint_builder_info_json: NULL / wrong-kind builder, no output");

    /* Without the SDK flag a bad setting fails at once; with it (the SDK's behaviour) the setter
     * holds the first error and mint returns it, with no warrant. Either way: a status, no crash. */
    for (int sdk = 0; sdk <= 1; sdk++) {
        for (int c = 0; c < 10; c++) {
            tenuo_status want = TENUO_OK, got = TENUO_OK;
            must(tenuo_mint_builder_new_ex(TENUO_WARRANT_EXECUTION, sdk ? TENUO_BUILDER_SDK : 0, &mb), "mint builder");
            switch (c) {
            case 0: want = TENUO_E_INVALID_ARGUMENT; got = tenuo_mint_builder_set_type(mb, 1234); break;
            case 1: want = TENUO_E_NULL_ARGUMENT; got = tenuo_mint_builder_add_tool_name(mb, NULL, 4); break;
            case 2: want = TENUO_E_INVALID_UTF8; got = tenuo_mint_builder_add_tool_name(mb, bad_utf8, sizeof bad_utf8 - 1); break;
            case 3: want = TENUO_E_INVALID_JSON; got = tenuo_mint_builder_set_tool_names(mb, LIT("[\"a\",")); break;
            case 4: want = TENUO_E_INVALID_JSON; got = tenuo_mint_builder_set_issuable_tools(mb, LIT("not json")); break;
            case 5: want = TENUO_E_INVALID_JSON; got = tenuo_mint_builder_set_shared_constraints(mb, LIT("{\"path\":"), true); break;
            case 6: want = TENUO_E_NULL_ARGUMENT; got = tenuo_mint_builder_set_tool_constraint(mb, LIT("read"), LIT("path"), NULL, true); break;
            case 7: want = TENUO_E_INVALID_ARGUMENT;
                got = tenuo_mint_builder_set_tool_constraint(mb, LIT("read"), LIT("path"), (const tenuo_constraint *)warrant, true); break;
            case 8: want = TENUO_E_RESERVED_TOOL_NAME; got = tenuo_mint_builder_add_tool_name(mb, LIT("tenuo:reserved")); break;
            default: want = (tenuo_status)-1; got = tenuo_mint_builder_set_tool_names(mb, LIT("{\"a\": 1}")); break;
            }
            if (c != 8) must(tenuo_mint_builder_add_tool_name(mb, LIT("read")), "a tool"); /* held errors win */
            must(tenuo_mint_builder_set_holder(mb, agent_pub), "holder");
            tenuo_warrant *w = NULL;
            tenuo_status at_mint = tenuo_mint_builder_mint(mb, issuer, NOW, &w);
            char what[160];
            if (!sdk) {
                snprintf(what, sizeof what, "builder case %d: refused at once (status %d)", c, (int)got);
                check(want == (tenuo_status)-1 ? got != TENUO_OK : got == want, what);
            } else {
                snprintf(what, sizeof what, "sdk builder case %d: held (%d), mint fails with it (%d), no warrant",
                         c, (int)got, (int)at_mint);
                check(got == TENUO_OK && w == NULL && (want == (tenuo_status)-1 ? at_mint != TENUO_OK : at_mint == want),
                      what);
            }
            tenuo_warrant_free(w);
            tenuo_mint_builder_free(mb);
            mb = NULL;
        }
    }
    must(tenuo_mint_builder_new_ex(TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK, &mb), "sdk mint builder");
    check(tenuo_mint_builder_info_json(mb, NULL) == TENUO_E_NULL_ARGUMENT, "mint_builder_info_json: NULL out");
    tenuo_mint_builder_free(mb);

    /* A good sequence: tools by name, a constraint handle, a removal, then mint; info_json reads back. */
    must(tenuo_mint_builder_new_ex(TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK, &mb), "sdk mint builder 2");
    must(tenuo_mint_builder_set_tool_names(mb, LIT("[\"read\", \"write\", \"list\"]")), "tool names");
    must(tenuo_mint_builder_set_tool_constraint(mb, LIT("read"), LIT("path"), pat, true), "tool constraint");
    must(tenuo_mint_builder_remove_tool(mb, LIT("write")), "remove tool");
    must(tenuo_mint_builder_set_holder(mb, agent_pub), "holder 2");
    must(tenuo_mint_builder_set_ttl(mb, 600), "ttl 2");
    must(tenuo_mint_builder_info_json(mb, &json), "info json");
    check(json && strstr(json, "\"read\"") && strstr(json, "\"list\"") && !strstr(json, "\"write\""),
          "info_json lists the tools set, without the removed one");
    tenuo_string_free(json);
    json = NULL;
    tenuo_warrant *child_parent = NULL;
    check(tenuo_mint_builder_mint(mb, issuer, NOW, &child_parent) == TENUO_OK && child_parent != NULL,
          "sdk mode: a good sequence mints");

    /* tenuo_mint_builder_reset: NULL / wrong kind / bad type or flags refused (the builder kept
     * as it was); a reset drops every tool, setting and held error, and takes the new flags. */
    check(tenuo_mint_builder_reset(NULL, TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK) == TENUO_E_NULL_ARGUMENT &&
          tenuo_mint_builder_reset(wrong, TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_reset((tenuo_mint_builder *)child_parent, TENUO_WARRANT_EXECUTION, 0) == TENUO_E_INVALID_ARGUMENT,
          "mint_builder_reset: NULL / wrong-kind builder");
    check(tenuo_mint_builder_reset(mb, 77, TENUO_BUILDER_SDK) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_mint_builder_reset(mb, TENUO_WARRANT_EXECUTION, 0x80) == TENUO_E_INVALID_ARGUMENT,
          "mint_builder_reset: unknown warrant type / flag refused");
    must(tenuo_mint_builder_info_json(mb, &json), "info json after refused resets");
    check(json && strstr(json, "\"read\"") && strstr(json, "\"list\"") && strstr(json, "\"holder\":\""),
          "a refused reset keeps the settings");
    tenuo_string_free(json);
    json = NULL;
    must(tenuo_mint_builder_reset(mb, TENUO_WARRANT_EXECUTION, TENUO_BUILDER_SDK), "reset");
    must(tenuo_mint_builder_info_json(mb, &json), "info json after reset");
    check(json && !strstr(json, "\"read\"") && !strstr(json, "\"list\"") && !strstr(json, "\"holder\":\""),
          "a reset drops the tools and the holder");
    tenuo_string_free(json);
    json = NULL;
    {
        tenuo_warrant *none = NULL;
        check(tenuo_mint_builder_mint(mb, issuer, NOW, &none) == TENUO_E_BUILDER_INCOMPLETE && none == NULL,
              "a reset builder has no tool: mint refused");
        /* A held error is dropped by a reset; without the SDK flag a bad setter fails at once. */
        check(tenuo_mint_builder_add_tool_name(mb, bad_utf8, sizeof bad_utf8 - 1) == TENUO_OK, "sdk: error held");
        must(tenuo_mint_builder_reset(mb, TENUO_WARRANT_EXECUTION, 0), "reset without the SDK flag");
        check(tenuo_mint_builder_add_tool_name(mb, bad_utf8, sizeof bad_utf8 - 1) == TENUO_E_INVALID_UTF8,
              "after a reset to flags 0 a bad setting fails at once");
        must(tenuo_mint_builder_add_tool_name(mb, LIT("read")), "a tool after reset");
        check(tenuo_mint_builder_mint(mb, issuer, NOW, &none) == TENUO_OK && none != NULL,
              "a reset builder mints again (no held error left)");
        tenuo_warrant_free(none);
    }
    tenuo_mint_builder_free(mb);

    /* tenuo_warrant_check_constraints: misuse, bad JSON, pass and deny. */
    char *denial = (char *)1;
    check(tenuo_warrant_check_constraints(NULL, LIT("read"), NULL, 0, &denial) == TENUO_E_NULL_ARGUMENT,
          "check_constraints: NULL warrant");
    check(tenuo_warrant_check_constraints((const tenuo_warrant *)agent, LIT("read"), NULL, 0, &denial) ==
              TENUO_E_INVALID_ARGUMENT,
          "check_constraints: wrong-kind warrant");
    check(tenuo_warrant_check_constraints(child_parent, LIT("read"), NULL, 0, NULL) == TENUO_E_NULL_ARGUMENT,
          "check_constraints: NULL out");
    denial = NULL;
    check(tenuo_warrant_check_constraints(child_parent, LIT("read"), LIT("{\"path\": "), &denial) ==
              TENUO_E_INVALID_JSON && denial == NULL,
          "check_constraints: truncated argument JSON");
    check(tenuo_warrant_check_constraints(child_parent, bad_utf8, sizeof bad_utf8 - 1, NULL, 0, &denial) ==
              TENUO_E_INVALID_UTF8 && denial == NULL,
          "check_constraints: invalid UTF-8 tool");
    check(tenuo_warrant_check_constraints(child_parent, LIT("read"), LIT("{\"path\": \"/data/x\"}"), &denial) ==
              TENUO_OK && denial == NULL,
          "check_constraints: a passing call gives no denial");
    check(tenuo_warrant_check_constraints(child_parent, LIT("read"), LIT("{\"path\": \"/etc/x\"}"), &denial) ==
              TENUO_OK && denial != NULL && strstr(denial, "path") != NULL,
          "check_constraints: a failing call gives the denial JSON");
    tenuo_string_free(denial);
    denial = NULL;
    check(tenuo_warrant_check_constraints(child_parent, LIT("write"), NULL, 0, &denial) == TENUO_OK && denial != NULL,
          "check_constraints: a removed tool is denied");
    tenuo_string_free(denial);

    /* The grant builder's SDK functions. */
    tenuo_grant_builder *gb = NULL;
    check(tenuo_grant_builder_new_ex(NULL, TENUO_BUILDER_SDK, &gb) == TENUO_E_NULL_ARGUMENT && gb == NULL &&
          tenuo_grant_builder_new_ex((const tenuo_warrant *)agent, TENUO_BUILDER_SDK, &gb) == TENUO_E_INVALID_ARGUMENT &&
          gb == NULL && tenuo_grant_builder_new_ex(child_parent, TENUO_BUILDER_SDK, NULL) == TENUO_E_NULL_ARGUMENT,
          "grant_builder_new_ex: NULL / wrong-kind parent, NULL out");
    tenuo_grant_builder *gwrong = (tenuo_grant_builder *)agent;
    check(tenuo_grant_builder_select_tool(gwrong, LIT("read")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_grant_builder_inherit_all(gwrong) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_grant_builder_retain_tools(gwrong, LIT("[]")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_grant_builder_drop_tools(gwrong, LIT("[]")) == TENUO_E_INVALID_ARGUMENT &&
          tenuo_grant_builder_info_json(gwrong, &json) == TENUO_E_INVALID_ARGUMENT && json == NULL &&
          tenuo_grant_builder_inherit_all(NULL) == TENUO_E_NULL_ARGUMENT,
          "every new grant-builder function refuses a NULL / wrong-kind builder");
    must(tenuo_grant_builder_new_ex(child_parent, TENUO_BUILDER_SDK, &gb), "sdk grant builder");
    check(tenuo_grant_builder_select_tool(gb, LIT("delete")) == TENUO_E_CAPABILITY_EXPANSION,
          "select_tool: a tool the parent lacks fails at once");
    check(tenuo_grant_builder_select_tool(gb, bad_utf8, sizeof bad_utf8 - 1) == TENUO_E_INVALID_UTF8 &&
          tenuo_grant_builder_retain_tools(gb, LIT("[\"read\"")) == TENUO_E_INVALID_JSON &&
          tenuo_grant_builder_drop_tools(gb, LIT("nope")) == TENUO_E_INVALID_JSON,
          "grant builder: invalid UTF-8 and JSON refused");
    must(tenuo_grant_builder_inherit_all(gb), "inherit all");
    must(tenuo_grant_builder_retain_tools(gb, LIT("[\"read\", \"unknown\"]")), "retain");
    must(tenuo_grant_builder_info_json(gb, &json), "grant info json");
    check(json && strstr(json, "\"read\"") && !strstr(json, "\"list\""),
          "retain_tools keeps the intersection (read), drops list, ignores unknown names");
    tenuo_string_free(json);
    json = NULL;
    tenuo_warrant *child = NULL;
    check(tenuo_grant_builder_grant(gb, agent, NOW, &child) == TENUO_OK && child != NULL,
          "sdk grant: the retained selection grants");
    tenuo_grant_builder_free(gb);
    must(tenuo_grant_builder_new_ex(child_parent, TENUO_BUILDER_SDK, &gb), "sdk grant builder 2");
    must(tenuo_grant_builder_inherit_all(gb), "inherit all 2");
    must(tenuo_grant_builder_drop_tools(gb, LIT("[\"read\", \"list\"]")), "drop all");
    tenuo_warrant *none = NULL;
    check(tenuo_grant_builder_grant(gb, agent, NOW, &none) != TENUO_OK && none == NULL,
          "sdk grant: nothing selected is refused, no warrant");
    tenuo_grant_builder_free(gb);
    tenuo_warrant_free(child);
    tenuo_warrant_free(child_parent);
    tenuo_constraint_free(pat);
}

/* ---- 7. tenuo_authorizer_decide (issue #9) ----------------------------------------------------- */

/* The packed call: signature length, signature, tool, 0xFF, arguments JSON. */
static size_t pack(uint8_t *out, const uint8_t *sig, size_t sig_len, const char *tool, const char *json) {
    size_t n = 0;
    out[n++] = (uint8_t)sig_len;
    if (sig_len) memcpy(out + n, sig, sig_len);
    n += sig_len;
    memcpy(out + n, tool, strlen(tool));
    n += strlen(tool);
    out[n++] = 0xFF;
    memcpy(out + n, json, strlen(json));
    return n + strlen(json);
}

static int starts(const char *rec, const char *prefix) { return rec && !strncmp(rec, prefix, strlen(prefix)); }

/* The reason field (the fifth after the status) of a decide record, copied. */
static void reason_of(const char *rec, char *out, size_t cap) {
    const char *p = rec;
    for (int i = 0; i < 5 && p; i++) { p = strchr(p, '\xff'); if (p) p++; }
    const char *end = p ? strchr(p, '\xff') : NULL;
    size_t n = p && end ? (size_t)(end - p) : 0;
    if (n >= cap) n = cap - 1;
    if (n) memcpy(out, p, n);
    out[n] = 0;
}

static uint8_t decide_pop[TENUO_SIGNATURE_BYTES];
static const char DECIDE_ARGS[] = "{\"path\": \"/data/x\"}";

static void *decide_on_thread(void *out) {
    /* A 64 KiB stack: the call runs on a library thread, the record must still be this one's. */
    uint8_t call[256];
    size_t n = pack(call, decide_pop, sizeof decide_pop, "delete", DECIDE_ARGS);
    const tenuo_warrant *ws[1] = {warrant};
    const char *rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    int ok = starts(rec, "1500\xff") && strstr(rec, "TOOL_NOT_FOUND") != NULL;  /* read before the next denial */
    const char *rec2 = NULL;
    tenuo_status st = tenuo_authorizer_check_warrants(auth, ws, 1, LIT("delete"), LIT("{}"), decide_pop,
                                                      sizeof decide_pop, NULL, 0, NOW, &rec2);
    *(int *)out = ok && st == TENUO_E_TOOL_NOT_AUTHORIZED && starts(rec2, "\xffTOOL_NOT_FOUND\xff" "delete\xff");
    return NULL;
}

static void test_decide(void) {
    must(tenuo_warrant_sign_call(warrant, agent, LIT("read"), LIT("{\"path\": \"/data/x\"}"), (int64_t)NOW,
                                 TENUO_POP_ID_HEX, decide_pop, sizeof decide_pop), "PoP");
    const tenuo_warrant *ws[1] = {warrant};
    uint8_t call[512];
    size_t n = pack(call, decide_pop, sizeof decide_pop, "read", DECIDE_ARGS);
    check(tenuo_authorizer_decide(auth, ws, 1, call, n, NOW) == NULL, "decide: a good call is allowed (NULL)");

    /* Misuse: the status alone, the message in tenuo_last_error_message. */
    const char *rec = tenuo_authorizer_decide(NULL, ws, 1, call, n, NOW);
    check(rec && !strcmp(rec, "0001"), "decide: NULL authorizer -> \"0001\"");
    rec = tenuo_authorizer_decide((const tenuo_authorizer *)agent, ws, 1, call, n, NOW);
    check(rec && !strcmp(rec, "0002"), "decide: a signing key passed as the authorizer -> \"0002\"");
    rec = tenuo_authorizer_decide(auth, NULL, 1, call, n, NOW);
    check(rec && !strcmp(rec, "0001"), "decide: NULL warrants with a count");
    rec = tenuo_authorizer_decide(auth, ws, 0, call, n, NOW);
    check(rec && strlen(rec) == 4 && atoi(rec) == TENUO_E_CHAIN_BROKEN, "decide: an empty chain -> its status alone");
    rec = tenuo_authorizer_decide(auth, ws, 1, NULL, 5, NOW);
    check(rec && !strcmp(rec, "0001"), "decide: NULL call with a length");
    rec = tenuo_authorizer_decide(auth, ws, 1, call, 0, NOW);
    check(rec && !strcmp(rec, "0002") && message_contains("empty"), "decide: empty call");
    uint8_t short_call[] = {64, 1, 2, 3};
    rec = tenuo_authorizer_decide(auth, ws, 1, short_call, sizeof short_call, NOW);
    check(rec && !strcmp(rec, "0002"), "decide: signature length past the end");
    uint8_t no_sep[] = {0, 'r', 'e', 'a', 'd'};
    rec = tenuo_authorizer_decide(auth, ws, 1, no_sep, sizeof no_sep, NOW);
    check(rec && !strcmp(rec, "0002") && message_contains("0xFF"), "decide: no 0xFF after the tool");
    uint8_t bad_tool[] = {0, 'r', 0xC3, 0xFF};
    rec = tenuo_authorizer_decide(auth, ws, 1, bad_tool, sizeof bad_tool, NOW);
    check(rec && atoi(rec) == TENUO_E_INVALID_UTF8, "decide: a tool that is not UTF-8");
    n = pack(call, decide_pop, sizeof decide_pop, "read", "{\"path\": ");
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    check(rec && strlen(rec) == 4 && atoi(rec) == TENUO_E_INVALID_JSON,
          "decide: bad argument JSON when the PoP needs the arguments -> INVALID_JSON");

    /* Denials: status, 0xFF, then the check_warrants record; the last error is the reason. */
    n = pack(call, decide_pop, sizeof decide_pop, "delete", DECIDE_ARGS);
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    char reason[256];
    reason_of(rec, reason, sizeof reason);
    check(starts(rec, "1500\xff\xffTOOL_NOT_FOUND\xff" "delete\xff\xfe\xff") && reason[0] &&
          !strcmp(tenuo_last_error_message(), reason) && tenuo_last_error_kind() == NULL,
          "decide: wrong tool -> 1500 record, last error = its reason");
    n = pack(call, NULL, 0, "read", "{\"path\": ");
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    check(starts(rec, "1100\xff\xffSIGNATURE_INVALID\xff"),
          "decide: no PoP is refused before the (bad) arguments are read");
    n = pack(call, decide_pop, sizeof decide_pop, "read", DECIDE_ARGS);
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW + 7200);
    reason_of(rec, reason, sizeof reason);
    check(starts(rec, "1300\xff\xffWARRANT_EXPIRED\xff") && !strcmp(tenuo_last_error_message(), reason),
          "decide: expired -> 1300 record");
    n = pack(call, decide_pop, sizeof decide_pop, "read", "{\"path\": \"/etc/passwd\"}");
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    check(starts(rec, "1100\xff"), "decide: other arguments than the PoP signed -> PoP refused");
    uint8_t bad_sig[TENUO_SIGNATURE_BYTES + 1] = {0};
    n = pack(call, bad_sig, sizeof bad_sig, "read", DECIDE_ARGS);
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    check(starts(rec, "1100\xff"), "decide: a 65-byte signature is refused as a PoP");
    /* A NUL inside the tool: C0 80 in the record, the last error ends at it (as a C string). */
    const uint8_t nul_tool[] = {0, 'a', 0, 'b', 0xFF};
    rec = tenuo_authorizer_decide(auth, ws, 1, nul_tool, sizeof nul_tool, NOW);
    check(starts(rec, "1500\xff\xffTOOL_NOT_FOUND\xff" "a\xc0\x80" "b\xff") &&
          !strcmp(tenuo_last_error_message(), "warrant does not authorize tool 'a"),
          "decide: NUL in the tool -> C0 80 in the record, last error cut at the NUL");

    /* Tools of 1 to 20 bytes, without a NUL and with one at each position (the record copies
     * texts in words of eight and four bytes, an overlapping last word, then single bytes, and
     * byte by byte after a word holding a NUL): each NUL written as C0 80, every byte kept. */
    int nul_ok = 1;
    for (int len = 1; len <= 20; len++) {
        for (int at = -1; at < len; at++) {
            uint8_t t[1 + 20 + 1];
            char want[96];
            size_t w = (size_t)snprintf(want, sizeof want, "1500\xff\xffTOOL_NOT_FOUND\xff");
            t[0] = 0;
            for (int i = 0; i < len; i++) {
                t[1 + i] = i == at ? 0 : (uint8_t)('a' + i);
                if (i == at) { want[w++] = '\xc0'; want[w++] = '\x80'; }
                else want[w++] = (char)('a' + i);
            }
            t[1 + len] = 0xFF;
            want[w++] = '\xff';
            want[w] = 0;
            rec = tenuo_authorizer_decide(auth, ws, 1, t, (size_t)len + 2, NOW);
            nul_ok &= starts(rec, want);
        }
    }
    check(nul_ok, "decide: tools of 1-20 bytes with no NUL or one at each position -> copied whole, C0 80 for the NUL");

    /* Lifetime: the record stays as it was through allowed calls (they return NULL and leave
     * it), and the next refusal replaces it. */
    n = pack(call, decide_pop, sizeof decide_pop, "delete", DECIDE_ARGS);
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    char kept[512];
    snprintf(kept, sizeof kept, "%s", rec ? rec : "");
    size_t good_n = pack(call, decide_pop, sizeof decide_pop, "read", DECIDE_ARGS);
    int allowed = 1;
    for (int i = 0; i < 3; i++) allowed &= tenuo_authorizer_decide(auth, ws, 1, call, good_n, NOW) == NULL;
    check(allowed && rec && !strcmp(rec, kept) && starts(kept, "1500\xff"),
          "decide: the record is unchanged by allowed calls until the next refusal");
    const char *rec_misuse = tenuo_authorizer_decide(auth, ws, 1, call, 0, NOW);
    check(rec_misuse && !strcmp(rec_misuse, "0002"), "decide: the next refusal (misuse) replaces it");

    /* A record far larger than the thread's buffer (a 40,000-byte tool, in the tool, reason
     * and suggestion fields), then a small one: both whole, the last error the reason each time. */
    enum { BIG = 40000 };
    static uint8_t big_call[1 + BIG + 1];
    big_call[0] = 0;
    memset(big_call + 1, 'x', BIG);
    big_call[1 + BIG] = 0xFF;
    rec = tenuo_authorizer_decide(auth, ws, 1, big_call, sizeof big_call, NOW);
    const char *msg = tenuo_last_error_message();
    size_t xs = 0;
    const char *tool_field = rec ? rec + strlen("1500\xff\xffTOOL_NOT_FOUND\xff") : NULL;
    while (tool_field && tool_field[xs] == 'x') xs++;
    check(starts(rec, "1500\xff\xffTOOL_NOT_FOUND\xff") && xs == BIG && tool_field[xs] == '\xff' &&
              strlen(rec) > 3 * BIG && msg && strlen(msg) == strlen("warrant does not authorize tool ''") + BIG,
          "decide: a 40,000-byte tool -> the whole record, and the whole reason as the last error");
    n = pack(call, decide_pop, sizeof decide_pop, "delete", DECIDE_ARGS);
    rec = tenuo_authorizer_decide(auth, ws, 1, call, n, NOW);
    check(rec && !strcmp(rec, kept) && !strcmp(tenuo_last_error_message(), "warrant does not authorize tool 'delete'"),
          "decide: after the big record, a small one reads exactly as before");

    /* Small stacks: the record belongs to the calling thread, not to the library's hop thread. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_t th;
    int ok = 0;
    if (pthread_attr_setstacksize(&attr, 64 * 1024) == 0 && pthread_create(&th, &attr, decide_on_thread, &ok) == 0) {
        pthread_join(th, NULL);
        check(ok, "decide / check_warrants on a 64 KiB-stack thread: the records are the caller's");
    } else {
        check(0, "64 KiB thread");
    }
    pthread_attr_destroy(&attr);
}

/* ---- 8. The short PoP sign (tenuo_warrant_sign_call_z) --------------------------------------- */

static void test_sign_short(void) {
    uint8_t full[TENUO_SIGNATURE_BYTES], zs[TENUO_SIGNATURE_BYTES];
    static const char ARGS[] = "{\"path\": \"/data/x\"}";
    must(tenuo_warrant_sign_call(warrant, agent, LIT("read"), LIT(ARGS), (int64_t)NOW, TENUO_POP_ID_HEX,
                                 full, sizeof full), "full sign");
    memset(zs, 0, sizeof zs);
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), ARGS, (int64_t)NOW, zs) == TENUO_OK
              && !memcmp(full, zs, sizeof zs),
          "sign_z: the same signature as tenuo_warrant_sign_call with the hex id");
    /* No arguments: NULL and "" both mean none, as length 0 does for the general call. */
    must(tenuo_warrant_sign_call(warrant, agent, LIT("read"), NULL, 0, (int64_t)NOW, TENUO_POP_ID_HEX,
                                 full, sizeof full), "full sign, no args");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), NULL, (int64_t)NOW, zs) == TENUO_OK
              && !memcmp(full, zs, sizeof zs), "sign_z: NULL arguments = none");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), "", (int64_t)NOW, zs) == TENUO_OK
              && !memcmp(full, zs, sizeof zs), "sign_z: \"\" arguments = none");
    /* Misuse and refusals: a status, never a crash. */
    check(tenuo_warrant_sign_call_z(NULL, agent, LIT("read"), ARGS, (int64_t)NOW, zs) == TENUO_E_NULL_ARGUMENT,
          "sign_z: NULL warrant");
    check(tenuo_warrant_sign_call_z(warrant, NULL, LIT("read"), ARGS, (int64_t)NOW, zs) == TENUO_E_NULL_ARGUMENT,
          "sign_z: NULL key");
    check(tenuo_warrant_sign_call_z((const tenuo_warrant *)agent, agent, LIT("read"), ARGS, (int64_t)NOW, zs)
              == TENUO_E_INVALID_ARGUMENT, "sign_z: a key passed as the warrant");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), ARGS, (int64_t)NOW, NULL) == TENUO_E_NULL_ARGUMENT,
          "sign_z: NULL output");
    check(tenuo_warrant_sign_call_z(warrant, agent, NULL, 4, ARGS, (int64_t)NOW, zs) == TENUO_E_NULL_ARGUMENT,
          "sign_z: NULL tool with a length");
    check(tenuo_warrant_sign_call_z(warrant, issuer, LIT("read"), ARGS, (int64_t)NOW, zs) != TENUO_OK,
          "sign_z: a key that is not the holder's is refused");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), "{\"path\": ", (int64_t)NOW, zs) == TENUO_E_INVALID_JSON,
          "sign_z: truncated JSON");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), "{\"a\": 1, \"a\": 2}", (int64_t)NOW, zs)
              == TENUO_E_INVALID_JSON, "sign_z: a duplicate key");
    check(tenuo_warrant_sign_call_z(warrant, agent, LIT("read"), "{\"a\": \"\xff\"}", (int64_t)NOW, zs) != TENUO_OK,
          "sign_z: invalid UTF-8 in the arguments");
}

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "--key-exhaustion")) return key_exhaustion_main();
    self_path = argv[0];
    libpath = argc > 1 ? argv[1] : "build/lib/libtenuo.so.0";
    const char *only = argc > 2 ? argv[2] : NULL; /* times | handles | unload | stacks | kinds | builders | decide | sign */
    setup();
    if (!only || !strcmp(only, "times")) test_times();
    if (!only || !strcmp(only, "handles")) test_handles();
    if (!only || !strcmp(only, "handles")) test_handle_threads();
    if (!only || !strcmp(only, "unload")) test_unload();
    if (!only || !strcmp(only, "stacks")) test_small_stacks();
    if (!only || !strcmp(only, "kinds")) test_kinds();
    if (!only || !strcmp(only, "builders")) test_sdk_builders();
    if (!only || !strcmp(only, "decide")) test_decide();
    if (!only || !strcmp(only, "sign")) test_sign_short();
    tenuo_args_free(args);
    tenuo_warrant_free(warrant);
    tenuo_authorizer_free(auth);
    tenuo_public_key_free(agent_pub);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(issuer);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
