/*
 * 01_quickstart.c - the 30-second scenario in C.
 *
 * An issuer mints a warrant that lets an agent call the tool `search`, but only with a
 * `query` matching the glob "weather *". The agent proves possession of its key on every
 * call (a PoP signature over tool + arguments + time window), and the tool's side checks
 * the call with an authorizer that trusts the issuer:
 *     search(query="weather NYC")   -> allowed
 *     search(query="stock prices")  -> denied, with code, field, reason and a suggestion
 *
 * Build and run:  make demo   (or: make lib && make -C bindings/c &&
 *                              bindings/c/build/examples/01_quickstart)
 * Exit status 0 when both calls end as described above.
 */
#include "tenuo.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* A string literal and its length, for the library's (pointer, length) text arguments. */
#define LIT(s) (s), (sizeof(s) - 1)

/* Reports a failed call with the library's status name and per-thread message. */
static int ok(tenuo_status st, const char *what) {
    if (st == TENUO_OK) return 1;
    const char *msg = tenuo_last_error_message();
    fprintf(stderr, "error: %s: %s (%d): %s\n", what, tenuo_status_name(st), (int)st, msg ? msg : "");
    return 0;
}

/* Every call is checked; on failure, jump to the cleanup that frees everything. */
#define TRY(call)                              \
    do {                                       \
        if (!ok((call), #call)) goto cleanup; \
    } while (0)

static const char *or_none(const char *s) { return s ? s : "(none)"; }

int main(void) {
    int result = 1;
    tenuo_signing_key *issuer = NULL, *agent = NULL;
    tenuo_public_key *issuer_pub = NULL, *agent_pub = NULL;
    tenuo_mint_builder *builder = NULL;
    tenuo_warrant *warrant = NULL;
    tenuo_authorizer *authorizer = NULL;
    tenuo_args *good_args = NULL, *bad_args = NULL;
    tenuo_denial *denial = NULL;
    char *id = NULL, *b64 = NULL, *why = NULL;

    printf("libtenuo %s - quickstart\n\n", tenuo_version_string());
    uint64_t now = tenuo_now_unix(); /* the library never reads the clock by itself */

    /* 1. Keys: the issuer (e.g. the control plane) and the agent that will hold the warrant. */
    TRY(tenuo_signing_key_generate(&issuer));
    TRY(tenuo_signing_key_generate(&agent));
    TRY(tenuo_signing_key_public_key(issuer, &issuer_pub));
    TRY(tenuo_signing_key_public_key(agent, &agent_pub));

    /* 2. Mint: tool "search", query must match Pattern("weather *"), held by the agent, 1 h. */
    static const char constraints[] = "{\"query\": {\"type\": \"Pattern\", \"pattern\": \"weather *\"}}";
    TRY(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &builder));
    TRY(tenuo_mint_builder_add_tool(builder, LIT("search"), LIT(constraints)));
    TRY(tenuo_mint_builder_set_holder(builder, agent_pub));
    TRY(tenuo_mint_builder_set_ttl(builder, 3600));
    TRY(tenuo_mint_builder_mint(builder, issuer, now, &warrant));
    TRY(tenuo_warrant_id(warrant, &id));
    TRY(tenuo_warrant_to_base64(warrant, &b64));
    printf("minted   %s\n", id);
    printf("         tool search, query = Pattern(\"weather *\"), holder = agent, expires at %" PRIu64 "\n",
           tenuo_warrant_expires_at(warrant));
    printf("         transport form: %zu characters of base64url\n\n", strlen(b64));

    /* 3. The tool's side: an authorizer that trusts the issuer's public key as a root. */
    uint8_t root[TENUO_PUBLIC_KEY_BYTES];
    TRY(tenuo_public_key_to_bytes(issuer_pub, root, sizeof root));
    TRY(tenuo_authorizer_new(root, sizeof root, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &authorizer));

    /* 4. Allowed call. Arguments built with the typed setters; the agent signs a PoP. */
    uint8_t pop[TENUO_SIGNATURE_BYTES];
    TRY(tenuo_args_new(&good_args));
    TRY(tenuo_args_set_string(good_args, LIT("query"), LIT("weather NYC")));
    TRY(tenuo_warrant_sign(warrant, agent, LIT("search"), good_args, (int64_t)now, pop, sizeof pop));
    tenuo_status st = tenuo_authorizer_check(authorizer, warrant, LIT("search"), good_args, pop, sizeof pop, now, &denial);
    printf("call     search(query=\"weather NYC\")\n");
    if (st != TENUO_OK) {
        printf("  -> DENIED (%s), but this call should be allowed\n", tenuo_status_name(st));
        goto cleanup;
    }
    printf("  -> ALLOWED\n\n");

    /* 5. Denied call. Arguments from JSON this time; a valid PoP does not help. */
    static const char bad_json[] = "{\"query\": \"stock prices\"}";
    TRY(tenuo_args_from_json(LIT(bad_json), &bad_args));
    TRY(tenuo_warrant_sign(warrant, agent, LIT("search"), bad_args, (int64_t)now, pop, sizeof pop));
    st = tenuo_authorizer_check(authorizer, warrant, LIT("search"), bad_args, pop, sizeof pop, now, &denial);
    printf("call     search(query=\"stock prices\")\n");
    if (st == TENUO_OK || denial == NULL) {
        printf("  -> ALLOWED, but this call should be denied\n");
        goto cleanup;
    }
    printf("  -> DENIED\n");
    printf("     code        %d %s (%s)\n", (int)st, tenuo_status_name(st), or_none(tenuo_denial_deny_code(denial)));
    printf("     field       %s\n", or_none(tenuo_denial_field(denial)));
    printf("     reason      %s\n", or_none(tenuo_denial_reason(denial)));
    printf("     suggestion  %s\n\n", or_none(tenuo_denial_suggestion(denial)));

    /* 6. The same question without any signature, e.g. for a UI: why would it be denied? */
    TRY(tenuo_warrant_why_denied(warrant, LIT("search"), bad_args, now, &why));
    printf("why_denied (no signature needed):\n  %s\n", why);

    result = 0;
cleanup:
    tenuo_string_free(why);
    tenuo_string_free(b64);
    tenuo_string_free(id);
    tenuo_denial_free(denial);
    tenuo_args_free(bad_args);
    tenuo_args_free(good_args);
    tenuo_authorizer_free(authorizer);
    tenuo_warrant_free(warrant);
    tenuo_mint_builder_free(builder);
    tenuo_public_key_free(agent_pub);
    tenuo_public_key_free(issuer_pub);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(issuer);
    return result;
}
