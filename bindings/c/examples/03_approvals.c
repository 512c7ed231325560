/*
 * 03_approvals.c - multi-sig approvals in C.
 *
 * An issuer mints a warrant for an agent with two tools, `read` and `deploy`. `deploy` carries
 * an approval gate: any call needs 2 signed approvals out of 3 named approvers. The agent's
 * call is then checked three times:
 *     deploy(env="prod") with no approvals            -> denied, TENUO_E_APPROVAL_REQUIRED
 *     deploy(env="prod") with 1 approval (Alice)      -> denied, TENUO_E_INSUFFICIENT_APPROVALS
 *     deploy(env="prod") with 2 approvals (Alice, Bob) -> allowed
 *     read() with no approvals                        -> allowed (ungated tool)
 * Each approver signs the call's request hash (warrant id, tool, arguments, holder), which the
 * agent obtains with tenuo_warrant_request_hash and sends for approval.
 *
 * Build and run:  make demo   (or: make lib && make -C bindings/c &&
 *                              bindings/c/build/examples/03_approvals)
 * Exit status 0 when every call ends as described above.
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

/* Checks a call and compares the outcome with the expected status. */
static int expect(const tenuo_authorizer *auth, const tenuo_warrant *w, const char *tool, const tenuo_args *args,
                  const uint8_t *pop, const tenuo_approval *const *approvals, size_t n, uint64_t now,
                  tenuo_status want, const char *label) {
    tenuo_denial *why = NULL;
    tenuo_status st = tenuo_authorizer_check_with_approvals(auth, w, tool, strlen(tool), args, pop, TENUO_SIGNATURE_BYTES,
                                                            approvals, n, now, &why);
    printf("%-44s -> %s%s%s\n", label, tenuo_status_name(st), why ? ": " : "", why ? tenuo_denial_reason(why) : "");
    tenuo_denial_free(why);
    return st == want;
}

int main(void) {
    int result = 1;
    tenuo_signing_key *issuer = NULL, *agent = NULL, *alice = NULL, *bob = NULL, *carol = NULL;
    tenuo_public_key *issuer_pub = NULL, *agent_pub = NULL, *alice_pub = NULL, *bob_pub = NULL, *carol_pub = NULL;
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    tenuo_authorizer *auth = NULL;
    tenuo_args *deploy_args = NULL, *no_args = NULL;
    tenuo_approval *by_alice = NULL, *by_bob = NULL;
    uint8_t root[TENUO_PUBLIC_KEY_BYTES], hash[TENUO_HASH_BYTES], pop[TENUO_SIGNATURE_BYTES], pop_read[TENUO_SIGNATURE_BYTES];
    const uint64_t now = tenuo_now_unix();

    TRY(tenuo_signing_key_generate(&issuer));
    TRY(tenuo_signing_key_generate(&agent));
    TRY(tenuo_signing_key_generate(&alice));
    TRY(tenuo_signing_key_generate(&bob));
    TRY(tenuo_signing_key_generate(&carol));
    TRY(tenuo_signing_key_public_key(issuer, &issuer_pub));
    TRY(tenuo_signing_key_public_key(agent, &agent_pub));
    TRY(tenuo_signing_key_public_key(alice, &alice_pub));
    TRY(tenuo_signing_key_public_key(bob, &bob_pub));
    TRY(tenuo_signing_key_public_key(carol, &carol_pub));

    /* Issuer: deploy is gated (2 of Alice, Bob, Carol); read is not. */
    TRY(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b));
    TRY(tenuo_mint_builder_add_tool(b, LIT("deploy"), LIT("{\"env\": {\"type\": \"OneOf\", \"values\": [\"staging\", \"prod\"]}}")));
    TRY(tenuo_mint_builder_add_tool(b, LIT("read"), NULL, 0));
    TRY(tenuo_mint_builder_add_required_approver(b, alice_pub));
    TRY(tenuo_mint_builder_add_required_approver(b, bob_pub));
    TRY(tenuo_mint_builder_add_required_approver(b, carol_pub));
    TRY(tenuo_mint_builder_set_min_approvals(b, 2));
    TRY(tenuo_mint_builder_set_approval_gates(b, LIT("{\"deploy\": {\"args\": null, \"message\": \"Production deploys need two sign-offs\"}}")));
    TRY(tenuo_mint_builder_set_holder(b, agent_pub));
    TRY(tenuo_mint_builder_set_ttl(b, 3600));
    TRY(tenuo_mint_builder_mint(b, issuer, now, &w));

    /* Agent: the call, its PoP, and the request hash it sends to the approvers. */
    TRY(tenuo_args_from_json(LIT("{\"env\": \"prod\"}"), &deploy_args));
    TRY(tenuo_args_from_json(LIT("{}"), &no_args));
    TRY(tenuo_warrant_sign(w, agent, LIT("deploy"), deploy_args, (int64_t)now, pop, sizeof pop));
    TRY(tenuo_warrant_sign(w, agent, LIT("read"), no_args, (int64_t)now, pop_read, sizeof pop_read));
    TRY(tenuo_warrant_request_hash(w, LIT("deploy"), deploy_args, hash, sizeof hash));

    /* Approvers: each signs the hash, valid for 5 minutes (NULL nonce: a random one). */
    TRY(tenuo_approval_create(alice, hash, sizeof hash, NULL, 0, LIT("alice@example.com"), now, now + 300, &by_alice));
    TRY(tenuo_approval_create(bob, hash, sizeof hash, NULL, 0, LIT("bob@example.com"), now, now + 300, &by_bob));

    /* Verifier. */
    TRY(tenuo_public_key_to_bytes(issuer_pub, root, sizeof root));
    TRY(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth));
    const tenuo_approval *one[] = {by_alice};
    const tenuo_approval *two[] = {by_alice, by_bob};
    int all = 1;
    all &= expect(auth, w, "deploy", deploy_args, pop, NULL, 0, now, TENUO_E_APPROVAL_REQUIRED, "deploy(env=prod), no approvals");
    all &= expect(auth, w, "deploy", deploy_args, pop, one, 1, now, TENUO_E_INSUFFICIENT_APPROVALS, "deploy(env=prod), Alice");
    all &= expect(auth, w, "deploy", deploy_args, pop, two, 2, now, TENUO_OK, "deploy(env=prod), Alice + Bob");
    all &= expect(auth, w, "read", no_args, pop_read, NULL, 0, now, TENUO_OK, "read(), no approvals");
    result = all ? 0 : 1;
    if (!all) fprintf(stderr, "03_approvals: an outcome differs from the scenario\n");

cleanup:
    tenuo_approval_free(by_alice);
    tenuo_approval_free(by_bob);
    tenuo_args_free(deploy_args);
    tenuo_args_free(no_args);
    tenuo_authorizer_free(auth);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
    tenuo_public_key_free(issuer_pub);
    tenuo_public_key_free(agent_pub);
    tenuo_public_key_free(alice_pub);
    tenuo_public_key_free(bob_pub);
    tenuo_public_key_free(carol_pub);
    tenuo_signing_key_free(issuer);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(alice);
    tenuo_signing_key_free(bob);
    tenuo_signing_key_free(carol);
    return result;
}
