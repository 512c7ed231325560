/*
 * 05_audit.c - a tool server in C that logs every authorization decision.
 *
 * The server registers an audit sink at startup: libtenuo then hands it one JSON line per
 * decision (allowed or denied) made by any authorizer in the process, on the deciding thread.
 * The sink appends the line to the audit log (stderr here) and remembers the event's short
 * `ref` for the current thread, so that a denied client gets an opaque
 * "Authorization denied (ref: <ref>)" while the log holds the details under the same ref.
 * Argument values are redacted in the log unless tenuo_audit_set_include_arguments(true).
 *
 * Scenario: an agent holds a warrant for read_file with the path constrained to "/data/"
 * followed by anything; it asks the server for /data/q3.pdf (served) and /etc/passwd
 * (denied: an opaque reply, and one failure line in the log).
 *
 * Build and run:  make demo   (or: make lib && make -C bindings/c &&
 *                              bindings/c/build/examples/05_audit)
 * Exit status 0 when both requests end as described and the log holds both events.
 */
#include "tenuo.h"

#include <stdio.h>
#include <string.h>

#define LIT(s) (s), (sizeof(s) - 1)

/* ---- the audit sink ------------------------------------------------------------------------ */

typedef struct {
    FILE *log;
    long lines;
} audit_log;

static _Thread_local char last_ref[16];   /* the ref of this thread's last decision */

static void audit_sink(void *context, const char *line, size_t len) {
    audit_log *a = context;
    fwrite(line, 1, len, a->log);         /* one JSON object per line */
    fputc('\n', a->log);
    a->lines++;                           /* (this example decides on one thread) */
    const char *r = strstr(line, "\"ref\":\"");
    if (r) {
        r += 7;
        size_t n = strcspn(r, "\"");
        if (n >= sizeof last_ref) n = sizeof last_ref - 1;
        memcpy(last_ref, r, n);
        last_ref[n] = 0;
    }
}

/* ---- the server's request handler ---------------------------------------------------------- */

/* Decides one request (warrant text, tool, JSON arguments, PoP) and writes the reply the
 * client sees into `reply`. Returns the status. */
static tenuo_status handle(const tenuo_authorizer *auth, const char *warrant_text, const char *tool,
                           const char *args_json, const uint8_t *pop, size_t pop_len, uint64_t now,
                           char *reply, size_t reply_len) {
    tenuo_warrant *w = NULL;
    tenuo_args *args = NULL;
    tenuo_status s = tenuo_warrant_parse(warrant_text, strlen(warrant_text), &w);
    if (s == TENUO_OK) s = tenuo_args_from_json(args_json, strlen(args_json), &args);
    if (s == TENUO_OK) {
        last_ref[0] = 0;
        s = tenuo_authorizer_check(auth, w, tool, strlen(tool), args, pop, pop_len, now, NULL);
        if (s == TENUO_OK)
            snprintf(reply, reply_len, "200 contents of %s", args_json);
        else   /* the details stay in the audit log */
            snprintf(reply, reply_len, "403 Authorization denied (ref: %s)", last_ref);
    } else {
        snprintf(reply, reply_len, "400 bad request (%s)", tenuo_status_name(s));
    }
    tenuo_args_free(args);
    tenuo_warrant_free(w);
    return s;
}

/* ---- the agent side: a PoP for one call ---------------------------------------------------- */

static void sign_call(const tenuo_warrant *w, const tenuo_signing_key *agent, const char *tool,
                      const char *args_json, uint64_t now, uint8_t pop[TENUO_SIGNATURE_BYTES]) {
    tenuo_args *args = NULL;
    tenuo_args_from_json(args_json, strlen(args_json), &args);
    tenuo_warrant_sign(w, agent, tool, strlen(tool), args, (int64_t)now, pop, TENUO_SIGNATURE_BYTES);
    tenuo_args_free(args);
}

int main(void) {
    int good = 0;
    audit_log log = {stderr, 0};
    uint64_t sink = 0;
    tenuo_signing_key *issuer = NULL, *agent = NULL;
    tenuo_public_key *issuer_pk = NULL, *agent_pk = NULL;
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    tenuo_authorizer *auth = NULL;
    char *warrant_text = NULL;
    uint64_t now = tenuo_now_unix();

    /* Server startup: the sink first, so no decision goes unlogged. */
    if (tenuo_audit_sink_register(audit_sink, &log, &sink) != TENUO_OK) return 1;

    /* Control plane: a warrant for the agent (normally minted elsewhere and sent as text). */
    tenuo_signing_key_generate(&issuer);
    tenuo_signing_key_generate(&agent);
    tenuo_signing_key_public_key(issuer, &issuer_pk);
    tenuo_signing_key_public_key(agent, &agent_pk);
    tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b);
    const char *c = "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}";
    tenuo_mint_builder_add_tool(b, LIT("read_file"), c, strlen(c));
    tenuo_mint_builder_set_holder(b, agent_pk);
    tenuo_mint_builder_set_ttl(b, 600);
    if (tenuo_mint_builder_mint(b, issuer, now, &w) != TENUO_OK) goto cleanup;
    tenuo_warrant_to_base64(w, &warrant_text);

    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    tenuo_public_key_to_bytes(issuer_pk, root, sizeof root);
    tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth);

    /* Two requests from the agent. */
    const char *requests[] = {"{\"path\": \"/data/q3.pdf\"}", "{\"path\": \"/etc/passwd\"}"};
    const tenuo_status want[] = {TENUO_OK, TENUO_E_CONSTRAINT_VIOLATION};
    good = 1;
    for (int i = 0; i < 2; i++) {
        uint8_t pop[TENUO_SIGNATURE_BYTES];
        char reply[256];
        sign_call(w, agent, "read_file", requests[i], now, pop);
        tenuo_status s = handle(auth, warrant_text, "read_file", requests[i], pop, sizeof pop, now, reply, sizeof reply);
        printf("client got: %s\n", reply);
        if (s != want[i]) good = 0;
        if (s != TENUO_OK && (strlen(last_ref) != 8 || strstr(reply, last_ref) == NULL)) good = 0;
    }
    if (log.lines != 2) good = 0;
    printf("audit log: %ld lines\n", log.lines);

cleanup:
    tenuo_audit_sink_unregister(sink);   /* after this the sink is never called again */
    tenuo_string_free(warrant_text);
    tenuo_authorizer_free(auth);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
    tenuo_public_key_free(issuer_pk);
    tenuo_public_key_free(agent_pk);
    tenuo_signing_key_free(issuer);
    tenuo_signing_key_free(agent);
    printf(good ? "05_audit: OK\n" : "05_audit: FAILED\n");
    return good ? 0 : 1;
}
