// 02_delegation.c - a delegation chain: control plane -> orchestrator -> worker.
//
// 1. The control plane (the trusted root) mints a warrant for the orchestrator:
//      read_file with path = Pattern("/data/*"), and list_dir (unconstrained); 1 h, max_depth 3.
// 2. The orchestrator delegates to a worker only read_file with path = Pattern("/data/reports/*"),
//    for 10 minutes. The child is signed with the orchestrator's key and names its parent.
// 3. The worker calls tools, proving possession of its key on each call; the tool's side holds
//    an authorizer that trusts only the control plane and checks the whole chain:
//      read_file("/data/reports/q3.pdf")  allowed
//      read_file("/data/secrets.txt")     denied: constraint
//      list_dir("/data")                  denied: tool not granted to the worker
//      the same call signed by another key denied: proof of possession fails
// 4. Widening is refused when the warrant is made, with a message naming what was widened:
//      the worker re-delegating path = Pattern("/data/*"), the orchestrator granting
//      path = Pattern("/*"), the orchestrator granting a tool it does not have.
//
// Build and run:  make demo   (or: make lib && make -C bindings/c &&
//                              bindings/c/build/examples/02_delegation)
// Exit status 0 when every step ends as described.
// (Line comments here because the globs above would open a block comment.)
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

static int surprises; /* steps that did not end as the scenario says */

/*
 * One tool call: arguments from JSON, PoP signed with `signer`, checked against the chain.
 * Prints the outcome and counts a surprise when it is not `want` (TENUO_OK or a code).
 */
static void call(const tenuo_authorizer *auth, const tenuo_chain *chain, const tenuo_warrant *leaf,
                 const tenuo_signing_key *signer, const char *label, const char *tool, const char *args_json,
                 uint64_t now, tenuo_status want) {
    tenuo_args *args = NULL;
    tenuo_denial *denial = NULL;
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    printf("call     %s\n", label);
    tenuo_status st = tenuo_args_from_json(args_json, strlen(args_json), &args);
    if (ok(st, "tenuo_args_from_json")) {
        /* tenuo_warrant_sign refuses a key that is not the leaf's holder; an intruder holding a
           stolen chain can only offer some Ed25519 signature of its own, made here with sign_raw. */
        st = tenuo_warrant_sign(leaf, signer, tool, strlen(tool), args, (int64_t)now, pop, sizeof pop);
        if (st == TENUO_E_INVALID_ISSUER) st = tenuo_signing_key_sign_raw(signer, (const uint8_t *)"not a PoP", 9, pop, sizeof pop);
    }
    if (ok(st, "signing the PoP")) {
        st = tenuo_authorizer_check_chain(auth, chain, tool, strlen(tool), args, pop, sizeof pop, now, &denial);
        if (st == TENUO_OK) {
            printf("  -> ALLOWED\n");
        } else if (denial != NULL) {
            const char *field = tenuo_denial_field(denial);
            printf("  -> DENIED  %s (%d)%s%s\n", tenuo_status_name(st), (int)st, field ? ", field " : "", field ? field : "");
            printf("     reason: %s\n", tenuo_denial_reason(denial));
        } else {
            ok(st, "tenuo_authorizer_check_chain");
        }
    }
    if (st != want) {
        printf("     UNEXPECTED: the scenario expects %s\n", tenuo_status_name(want));
        surprises++;
    }
    tenuo_denial_free(denial);
    tenuo_args_free(args);
}

/* A grant that must be refused: prints the library's reason. */
static void refused(const tenuo_grant_builder *b, const tenuo_signing_key *key, const char *label, uint64_t now) {
    tenuo_warrant *w = NULL;
    tenuo_status st = tenuo_grant_builder_grant(b, key, now, &w);
    printf("grant    %s\n", label);
    if (st == TENUO_OK) {
        printf("  -> ISSUED, but widening must be refused\n");
        surprises++;
    } else {
        const char *msg = tenuo_last_error_message();
        printf("  -> REFUSED %s (%d): %s\n", tenuo_status_name(st), (int)st, msg ? msg : "");
    }
    tenuo_warrant_free(w);
}

int main(void) {
    int result = 1;
    tenuo_signing_key *cp = NULL, *orch = NULL, *worker = NULL, *intruder = NULL;
    tenuo_public_key *cp_pub = NULL, *orch_pub = NULL, *worker_pub = NULL;
    tenuo_mint_builder *mb = NULL;
    tenuo_grant_builder *gb = NULL, *widen1 = NULL, *widen2 = NULL, *widen3 = NULL;
    tenuo_warrant *root = NULL, *child = NULL;
    tenuo_chain *root_chain = NULL, *chain = NULL;
    tenuo_authorizer *auth = NULL;
    char *pem = NULL, *root_id = NULL, *child_id = NULL;

    printf("libtenuo %s - delegation\n\n", tenuo_version_string());
    uint64_t now = tenuo_now_unix();

    TRY(tenuo_signing_key_generate(&cp));
    TRY(tenuo_signing_key_generate(&orch));
    TRY(tenuo_signing_key_generate(&worker));
    TRY(tenuo_signing_key_generate(&intruder));
    TRY(tenuo_signing_key_public_key(cp, &cp_pub));
    TRY(tenuo_signing_key_public_key(orch, &orch_pub));
    TRY(tenuo_signing_key_public_key(worker, &worker_pub));

    /* 1. Root warrant, minted by the control plane for the orchestrator. */
    TRY(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb));
    TRY(tenuo_mint_builder_add_tool(mb, LIT("read_file"), LIT("{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}")));
    TRY(tenuo_mint_builder_add_tool(mb, LIT("list_dir"), NULL, 0)); /* unconstrained */
    TRY(tenuo_mint_builder_set_holder(mb, orch_pub));
    TRY(tenuo_mint_builder_set_ttl(mb, 3600));
    TRY(tenuo_mint_builder_set_max_depth(mb, 3));
    TRY(tenuo_mint_builder_mint(mb, cp, now, &root));
    TRY(tenuo_warrant_id(root, &root_id));
    printf("mint     %s  control plane -> orchestrator\n", root_id);
    printf("         read_file(path = Pattern(\"/data/*\")), list_dir; ttl 3600 s, max_depth 3\n");

    /* 2. The orchestrator narrows it for the worker and signs the child with its own key. */
    TRY(tenuo_grant_builder_new(root, &gb));
    TRY(tenuo_grant_builder_allow_tool(gb, LIT("read_file"))); /* list_dir is dropped */
    TRY(tenuo_grant_builder_set_constraints(gb, LIT("read_file"),
                                            LIT("{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/reports/*\"}}")));
    TRY(tenuo_grant_builder_set_holder(gb, worker_pub));
    TRY(tenuo_grant_builder_set_ttl(gb, 600));
    TRY(tenuo_grant_builder_grant(gb, orch, now, &child));
    TRY(tenuo_warrant_id(child, &child_id));
    printf("grant    %s  orchestrator -> worker (depth %u)\n", child_id, (unsigned)tenuo_warrant_depth(child));
    printf("         read_file(path = Pattern(\"/data/reports/*\")) only; ttl 600 s\n\n");

    /* The chain travels root first; here is its PEM form. */
    TRY(tenuo_chain_new(root, &root_chain));
    TRY(tenuo_chain_push(root_chain, child, &chain));
    TRY(tenuo_chain_to_pem(chain, &pem));
    printf("chain of %zu warrants as PEM:\n%s\n", tenuo_chain_len(chain), pem);

    /* 3. The tool's side trusts only the control plane. */
    uint8_t root_key[TENUO_PUBLIC_KEY_BYTES];
    TRY(tenuo_public_key_to_bytes(cp_pub, root_key, sizeof root_key));
    TRY(tenuo_authorizer_new(root_key, sizeof root_key, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth));
    TRY(tenuo_authorizer_verify_chain(auth, chain, now));
    printf("verify   chain signatures, linkage and attenuation: OK\n\n");

    call(auth, chain, child, worker, "read_file(path=\"/data/reports/q3.pdf\")", "read_file",
         "{\"path\": \"/data/reports/q3.pdf\"}", now, TENUO_OK);
    call(auth, chain, child, worker, "read_file(path=\"/data/secrets.txt\")", "read_file",
         "{\"path\": \"/data/secrets.txt\"}", now, TENUO_E_CONSTRAINT_VIOLATION);
    call(auth, chain, child, worker, "list_dir(path=\"/data\")", "list_dir", "{\"path\": \"/data\"}", now,
         TENUO_E_TOOL_NOT_AUTHORIZED);
    call(auth, chain, child, intruder, "read_file(path=\"/data/reports/q3.pdf\") with a stolen chain, wrong key",
         "read_file", "{\"path\": \"/data/reports/q3.pdf\"}", now, TENUO_E_SIGNATURE_INVALID);
    printf("\n");

    /* 4. Widening attempts, refused at issuance. */
    TRY(tenuo_grant_builder_new(child, &widen1));
    TRY(tenuo_grant_builder_set_constraints(widen1, LIT("read_file"),
                                            LIT("{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}")));
    refused(widen1, worker, "worker -> itself: read_file(path = Pattern(\"/data/*\"))", now);

    TRY(tenuo_grant_builder_new(root, &widen2));
    TRY(tenuo_grant_builder_allow_tool(widen2, LIT("read_file")));
    TRY(tenuo_grant_builder_set_constraints(widen2, LIT("read_file"),
                                            LIT("{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/*\"}}")));
    TRY(tenuo_grant_builder_set_holder(widen2, worker_pub));
    refused(widen2, orch, "orchestrator -> worker: read_file(path = Pattern(\"/*\"))", now);

    TRY(tenuo_grant_builder_new(root, &widen3));
    TRY(tenuo_grant_builder_allow_tool(widen3, LIT("delete_file")));
    TRY(tenuo_grant_builder_set_holder(widen3, worker_pub));
    refused(widen3, orch, "orchestrator -> worker: delete_file (not in its own warrant)", now);

    printf("\n%s\n", surprises == 0 ? "every step ended as expected" : "SOME STEPS DID NOT END AS EXPECTED");
    result = surprises == 0 ? 0 : 1;
cleanup:
    tenuo_string_free(pem);
    tenuo_string_free(child_id);
    tenuo_string_free(root_id);
    tenuo_authorizer_free(auth);
    tenuo_chain_free(chain);
    tenuo_chain_free(root_chain);
    tenuo_warrant_free(child);
    tenuo_warrant_free(root);
    tenuo_grant_builder_free(widen3);
    tenuo_grant_builder_free(widen2);
    tenuo_grant_builder_free(widen1);
    tenuo_grant_builder_free(gb);
    tenuo_mint_builder_free(mb);
    tenuo_public_key_free(worker_pub);
    tenuo_public_key_free(orch_pub);
    tenuo_public_key_free(cp_pub);
    tenuo_signing_key_free(intruder);
    tenuo_signing_key_free(worker);
    tenuo_signing_key_free(orch);
    tenuo_signing_key_free(cp);
    return result;
}
