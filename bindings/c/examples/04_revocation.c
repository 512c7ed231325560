/*
 * 04_revocation.c - revoking a leaked warrant, and clearance requirements.
 *
 * The control plane (here: the root issuer) minted a warrant with clearance 30 ("Internal")
 * for an agent. The verifier:
 *   1. requires clearance 50 for every "admin_*" tool: admin_reset is denied even though the
 *      warrant grants it (TENUO_E_TOOL_NOT_AUTHORIZED, deny code CLEARANCE_INSUFFICIENT);
 *   2. allows read(), then the warrant leaks: the control plane signs a revocation list naming
 *      its id (version 1), the verifier installs it, and the same call is denied
 *      (TENUO_E_WARRANT_REVOKED);
 *   3. refuses an older list (version 0) offered afterwards (TENUO_E_SRL_VERSION_ROLLBACK).
 * Lists and requirements may be installed while other threads authorize.
 *
 * Build and run:  make demo   (or: make lib && make -C bindings/c &&
 *                              bindings/c/build/examples/04_revocation)
 * Exit status 0 when every step ends as described above.
 */
#include "tenuo.h"

#include <stdio.h>
#include <string.h>

#define LIT(s) (s), (sizeof(s) - 1)

static int ok(tenuo_status st, const char *what) {
    if (st == TENUO_OK) return 1;
    const char *msg = tenuo_last_error_message();
    fprintf(stderr, "error: %s: %s (%d): %s\n", what, tenuo_status_name(st), (int)st, msg ? msg : "");
    return 0;
}

#define TRY(call)                              \
    do {                                       \
        if (!ok((call), #call)) goto cleanup; \
    } while (0)

/* Signs a PoP for `tool` with no arguments and asks the authorizer; returns the status. */
static tenuo_status call(tenuo_authorizer *a, tenuo_warrant *w, tenuo_signing_key *agent, const char *tool,
                         uint64_t now, const char *label) {
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    tenuo_denial *d = NULL;
    tenuo_warrant_sign(w, agent, tool, strlen(tool), NULL, (int64_t)now, pop, sizeof pop);
    tenuo_status st = tenuo_authorizer_check(a, w, tool, strlen(tool), NULL, pop, sizeof pop, now, &d);
    printf("%-34s -> %s", label, st == TENUO_OK ? "ALLOWED" : "DENIED");
    if (d) printf(" (%s, %s): %s", tenuo_status_name(st), tenuo_denial_deny_code(d), tenuo_denial_reason(d));
    printf("\n");
    tenuo_denial_free(d);
    return st;
}

int main(void) {
    int result = 1;
    tenuo_signing_key *root = NULL, *agent = NULL;
    tenuo_public_key *agent_pub = NULL, *root_pub = NULL;
    tenuo_mint_builder *mb = NULL;
    tenuo_warrant *w = NULL;
    tenuo_authorizer *a = NULL;
    tenuo_srl_builder *sb = NULL;
    tenuo_srl *srl = NULL, *old = NULL;
    char *id = NULL, *json = NULL;
    uint64_t now = tenuo_now_unix();

    TRY(tenuo_signing_key_generate(&root));
    TRY(tenuo_signing_key_generate(&agent));
    TRY(tenuo_signing_key_public_key(root, &root_pub));
    TRY(tenuo_signing_key_public_key(agent, &agent_pub));
    TRY(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb));
    TRY(tenuo_mint_builder_add_tool(mb, LIT("read"), NULL, 0));
    TRY(tenuo_mint_builder_add_tool(mb, LIT("admin_reset"), NULL, 0));
    TRY(tenuo_mint_builder_set_holder(mb, agent_pub));
    TRY(tenuo_mint_builder_set_clearance(mb, 30));
    TRY(tenuo_mint_builder_mint(mb, root, now, &w));
    TRY(tenuo_warrant_id(w, &id));
    printf("warrant %s: tools read, admin_reset; clearance 30\n\n", id);

    uint8_t root_bytes[TENUO_PUBLIC_KEY_BYTES];
    TRY(tenuo_public_key_to_bytes(root_pub, root_bytes, sizeof root_bytes));
    TRY(tenuo_authorizer_new(root_bytes, sizeof root_bytes, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &a));

    /* 1. Clearance: admin_* tools need 50. */
    TRY(tenuo_authorizer_require_clearance(a, LIT("admin_*"), 50));
    if (call(a, w, agent, "admin_reset", now, "admin_reset (needs clearance 50)") != TENUO_E_TOOL_NOT_AUTHORIZED) goto cleanup;
    if (call(a, w, agent, "read", now, "read (no requirement)") != TENUO_OK) goto cleanup;

    /* 2. The warrant leaks: the control plane revokes it with a signed list, version 1. */
    TRY(tenuo_srl_builder_new(&sb));
    TRY(tenuo_srl_builder_revoke(sb, id, strlen(id)));
    TRY(tenuo_srl_builder_set_version(sb, 1));
    TRY(tenuo_srl_builder_sign(sb, root, now, 0, &srl));
    TRY(tenuo_srl_to_json(srl, &json));
    printf("\nrevocation list %s\n", json);
    TRY(tenuo_authorizer_set_revocation_list(a, srl, NULL)); /* NULL: the signer must be a trusted root */
    if (call(a, w, agent, "read", now, "read, after revocation") != TENUO_E_WARRANT_REVOKED) goto cleanup;

    /* 3. Rollback protection: an older list (version 0, nothing revoked) is refused. */
    tenuo_srl_builder_free(sb);
    sb = NULL;
    TRY(tenuo_srl_builder_new(&sb));
    TRY(tenuo_srl_builder_set_version(sb, 0));
    TRY(tenuo_srl_builder_sign(sb, root, now, 0, &old));
    tenuo_status st = tenuo_authorizer_set_revocation_list(a, old, NULL);
    printf("\ninstall version 0 over version 1  -> %s\n", tenuo_status_name(st));
    if (st != TENUO_E_SRL_VERSION_ROLLBACK) goto cleanup;
    result = 0;
cleanup:
    tenuo_string_free(json);
    tenuo_string_free(id);
    tenuo_srl_free(old);
    tenuo_srl_free(srl);
    tenuo_srl_builder_free(sb);
    tenuo_authorizer_free(a);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(mb);
    tenuo_public_key_free(agent_pub);
    tenuo_public_key_free(root_pub);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(root);
    return result;
}
