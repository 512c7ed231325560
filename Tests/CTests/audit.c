/*
 * Audit sinks through the C API (issue #10): every authorization decision reaches a registered
 * sink as one JSON line, allowed and denied, from tenuo_authorizer_check and _check_chain; the
 * lines of a fixed decision equal Tests/Vectors/audit-events.txt (which the Python suite checks
 * too) once `id`/`ref` are masked; argument values are redacted unless included; no sink means
 * no call; several sinks, unregistering, misuse; four threads deciding at once.
 * Usage: audit <Tests/Vectors/audit-events.txt>. Prints "N passed, M failed".
 */
#define _POSIX_C_SOURCE 200809L
#include "tenuo.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;

static void check(int ok, const char *what) {
    if (ok) {
        passed++;
        return;
    }
    failed++;
    fprintf(stderr, "FAIL %s (%s)\n", what, tenuo_last_error_message() ? tenuo_last_error_message() : "-");
}

/* ---- a sink that keeps the last line and counts calls ------------------------------------- */

typedef struct {
    pthread_mutex_t lock;
    long calls;
    char last[4096];
} capture;

static void on_event(void *context, const char *line, size_t len) {
    capture *c = context;
    pthread_mutex_lock(&c->lock);
    c->calls++;
    size_t n = len < sizeof c->last - 1 ? len : sizeof c->last - 1;
    memcpy(c->last, line, n);
    c->last[n] = 0;
    pthread_mutex_unlock(&c->lock);
}

/* Replaces the random parts of an event (the values of "id" and "ref") with x's. */
static void mask(char *line) {
    static const char *keys[] = {"\"id\":\"evt_", "\"ref\":\""};
    static const size_t lens[] = {16, 8};
    for (int k = 0; k < 2; k++) {
        char *p = strstr(line, keys[k]);
        if (!p) continue;
        p += strlen(keys[k]);
        for (size_t i = 0; i < lens[k] && p[i] && p[i] != '"'; i++) p[i] = 'x';
    }
}

/* The expected line named `name` in the vectors file ("name<TAB>json" lines). */
static char *expected(const char *path, const char *name) {
    static char buf[8192];
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    char *found = NULL;
    while (fgets(buf, sizeof buf, f)) {
        char *tab = strchr(buf, '\t');
        if (!tab || buf[0] == '#') continue;
        *tab = 0;
        if (strcmp(buf, name) == 0) {
            found = tab + 1;
            found[strcspn(found, "\r\n")] = 0;
            break;
        }
    }
    fclose(f);
    return found;
}

/* ---- the fixed decision (same inputs as tests/test_audit.py) ----------------------------- */

#define NOW 1800000000u
static tenuo_signing_key *issuer, *agent;
static tenuo_warrant *warrant;
static tenuo_authorizer *auth;

static void setup(void) {
    uint8_t seed[32], id[16];
    memset(seed, 1, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &issuer);
    memset(seed, 2, sizeof seed);
    tenuo_signing_key_from_seed(seed, sizeof seed, &agent);
    tenuo_public_key *agent_pk, *issuer_pk;
    tenuo_signing_key_public_key(agent, &agent_pk);
    tenuo_signing_key_public_key(issuer, &issuer_pk);
    tenuo_mint_builder *b;
    tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b);
    const char *c = "{\"query\": {\"type\": \"Pattern\", \"pattern\": \"weather *\"}}";
    tenuo_mint_builder_add_tool(b, "search", 6, c, strlen(c));
    tenuo_mint_builder_set_holder(b, agent_pk);
    tenuo_mint_builder_set_ttl(b, 3600);
    memset(id, 0x11, sizeof id);
    tenuo_mint_builder_set_id(b, id, sizeof id);
    check(tenuo_mint_builder_mint(b, issuer, NOW, &warrant) == TENUO_OK, "mint");
    tenuo_mint_builder_free(b);
    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    tenuo_public_key_to_bytes(issuer_pk, root, sizeof root);
    check(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth) == TENUO_OK,
          "authorizer");
    tenuo_public_key_free(agent_pk);
    tenuo_public_key_free(issuer_pk);
}

/* Decides `args_json` for "search", signed by the agent; returns the status. */
static tenuo_status decide(const char *args_json, int with_pop) {
    tenuo_args *args;
    tenuo_args_from_json(args_json, strlen(args_json), &args);
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    tenuo_warrant_sign(warrant, agent, "search", 6, args, NOW, pop, sizeof pop);
    tenuo_denial *why = NULL;
    tenuo_status s = tenuo_authorizer_check(auth, warrant, "search", 6, args, with_pop ? pop : NULL,
                                            with_pop ? sizeof pop : 0, NOW, &why);
    tenuo_denial_free(why);
    tenuo_args_free(args);
    return s;
}

static void expect_line(capture *c, const char *vectors, const char *name) {
    char *want = expected(vectors, name);
    mask(c->last);
    if (getenv("TENUO_AUDIT_EMIT")) printf("%s\t%s\n", name, c->last);  /* to regenerate the file */
    int ok = want && strcmp(c->last, want) == 0;
    if (!ok) fprintf(stderr, "%s:\n  got  %s\n  want %s\n", name, c->last, want ? want : "(missing)");
    check(ok, name);
}

/* ---- threads ----------------------------------------------------------------------------- */

/* A sink whose context is "closed" right after unregistering: a call after that is a breach
 * of the unregister guarantee (the host could have freed the context). */
typedef struct {
    volatile int closed;
    volatile long late;
} closable;

static void on_event_closable(void *context, const char *line, size_t len) {
    closable *c = context;
    (void)line;
    (void)len;
    if (c->closed) c->late++;
}

static volatile int churning;

static void *churn(void *arg) {
    long *rounds = arg;
    closable ctx[50];
    for (int i = 0; i < 50; i++) {
        ctx[i].closed = 0;
        ctx[i].late = 0;
        uint64_t id = 0;
        if (tenuo_audit_sink_register(on_event_closable, &ctx[i], &id) != TENUO_OK) continue;
        for (volatile int spin = 0; spin < 20000; spin++) {}
        tenuo_audit_sink_unregister(id);
        ctx[i].closed = 1;
        (*rounds)++;
    }
    long late = 0;
    for (int i = 0; i < 50; i++) late += ctx[i].late;
    churning = 0;
    return (void *)late;
}

static void *worker(void *arg) {
    (void)arg;
    for (int i = 0; i < 100; i++) decide(i % 2 ? "{\"query\": \"weather Oslo\"}" : "{\"query\": \"stocks\"}", 1);
    return NULL;
}

static double ns_per_decision(int n) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) decide("{\"query\": \"weather NYC\"}", 1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / n;
}

/* A sink that authorizes from inside its callback: the nested decision is not delivered
 * (no recursion), and the callback returns. */
static int reentrant_calls, reentrant_status = -1;
static tenuo_status decide(const char *args_json, int with_pop);
static void on_event_reentrant(void *context, const char *line, size_t len) {
    (void)context; (void)line; (void)len;
    reentrant_calls++;
    reentrant_status = decide("{\"query\": \"weather NYC\"}", 1);
}

/* A sink that unregisters itself on its first event. */
static uint64_t self_id;
static int self_calls, self_status = -1;
static void on_event_self_removing(void *context, const char *line, size_t len) {
    (void)context; (void)line; (void)len;
    self_calls++;
    self_status = tenuo_audit_sink_unregister(self_id);
}

int main(int argc, char **argv) {
    const char *vectors = argc > 1 ? argv[1] : "Tests/Vectors/audit-events.txt";
    setup();
    capture cap = {PTHREAD_MUTEX_INITIALIZER, 0, {0}};

    /* No sink: nothing is delivered. */
    check(tenuo_audit_sink_count() == 0, "no sink at start");
    check(decide("{\"query\": \"weather NYC\"}", 1) == TENUO_OK, "allowed without sink");

    uint64_t id = 0, id2 = 0;
    check(tenuo_audit_sink_register(on_event, &cap, &id) == TENUO_OK && id != 0, "register");
    check(tenuo_audit_sink_count() == 1, "one sink");
    check(!tenuo_audit_include_arguments(), "arguments redacted by default");

    check(decide("{\"query\": \"weather NYC\"}", 1) == TENUO_OK && cap.calls == 1, "allow -> one event");
    expect_line(&cap, vectors, "allow");
    check(decide("{\"query\": \"stock prices\"}", 1) == TENUO_E_CONSTRAINT_VIOLATION && cap.calls == 2,
          "deny -> one event");
    check(strstr(cap.last, "stock prices") == NULL, "denied value not in the redacted event");
    expect_line(&cap, vectors, "deny");
    check(decide("{\"query\": \"weather NYC\"}", 0) == TENUO_E_SIGNATURE_INVALID && cap.calls == 3,
          "missing PoP -> one event");
    expect_line(&cap, vectors, "deny_no_pop");

    tenuo_audit_set_include_arguments(true);
    check(tenuo_audit_include_arguments(), "include arguments on");
    decide("{\"query\": \"stock prices\"}", 1);
    expect_line(&cap, vectors, "deny_with_arguments");
    tenuo_audit_set_include_arguments(false);

    /* The chain entry point reports too. */
    tenuo_chain *chain;
    tenuo_chain_new(warrant, &chain);
    tenuo_args *args;
    const char *aj = "{\"query\": \"weather NYC\"}";
    tenuo_args_from_json(aj, strlen(aj), &args);
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    tenuo_warrant_sign(warrant, agent, "search", 6, args, NOW, pop, sizeof pop);
    long before = cap.calls;
    check(tenuo_authorizer_check_chain(auth, chain, "search", 6, args, pop, sizeof pop, NOW, NULL) == TENUO_OK
              && cap.calls == before + 1,
          "check_chain -> one event");
    expect_line(&cap, vectors, "allow");
    tenuo_args_free(args);
    tenuo_chain_free(chain);

    /* Two sinks both receive; removal stops delivery; misuse is refused. */
    capture cap2 = {PTHREAD_MUTEX_INITIALIZER, 0, {0}};
    check(tenuo_audit_sink_register(on_event, &cap2, &id2) == TENUO_OK && id2 != id, "second sink");
    before = cap.calls;
    decide("{\"query\": \"weather NYC\"}", 1);
    check(cap.calls == before + 1 && cap2.calls == 1, "both sinks receive");
    check(tenuo_audit_sink_unregister(id2) == TENUO_OK, "unregister second");
    check(tenuo_audit_sink_unregister(id2) == TENUO_E_INVALID_ARGUMENT, "second unregister refused");
    decide("{\"query\": \"weather NYC\"}", 1);
    check(cap2.calls == 1, "removed sink receives nothing");
    uint64_t none = 7;
    check(tenuo_audit_sink_register(NULL, NULL, &none) == TENUO_E_NULL_ARGUMENT && none == 0, "NULL callback");
    check(tenuo_audit_sink_register(on_event, &cap, NULL) == TENUO_E_NULL_ARGUMENT, "NULL out id");

    /* Four threads: every decision delivered exactly once. */
    before = cap.calls;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    check(cap.calls == before + 400, "400 decisions on 4 threads -> 400 events");

    /* Sinks come and go while four threads decide: no call after unregister returned. */
    long rounds = 0;
    void *late = NULL;
    pthread_t c;
    churning = 1;
    pthread_create(&c, NULL, churn, &rounds);
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    pthread_join(c, &late);
    check(rounds == 50 && late == NULL, "no delivery after unregister (50 sinks churned under load)");

    /* Cost: with a sink (event built and delivered) and without (one atomic load). */
    double with_sink = ns_per_decision(300);
    check(tenuo_audit_sink_unregister(id) == TENUO_OK && tenuo_audit_sink_count() == 0, "unregister");
    before = cap.calls;
    double without = ns_per_decision(300);
    check(cap.calls == before, "no sink -> no delivery");
    printf("authorization: %.0f ns without a sink, %.0f ns with one\n", without, with_sink);

    uint64_t rid = 0;
    check(tenuo_audit_sink_register(on_event_reentrant, NULL, &rid) == TENUO_OK, "register a reentrant sink");
    check(decide("{\"query\": \"weather NYC\"}", 1) == TENUO_OK, "decision with a sink that authorizes");
    check(reentrant_calls == 1 && reentrant_status == TENUO_OK,
          "a sink may authorize: its own decision is made and not delivered back to it");
    check(tenuo_audit_sink_unregister(rid) == TENUO_OK, "unregister the reentrant sink");

    check(tenuo_audit_sink_register(on_event_self_removing, NULL, &self_id) == TENUO_OK, "register a self-removing sink");
    check(decide("{\"query\": \"weather NYC\"}", 1) == TENUO_OK, "decision with a self-removing sink");
    check(self_calls == 1 && self_status == TENUO_OK && tenuo_audit_sink_count() == 0,
          "a sink may unregister itself from its callback (returns, no wait on itself)");
    check(decide("{\"query\": \"weather NYC\"}", 1) == TENUO_OK && self_calls == 1, "and is not called again");

    tenuo_authorizer_free(auth);
    tenuo_warrant_free(warrant);
    tenuo_signing_key_free(issuer);
    tenuo_signing_key_free(agent);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
