/*
 * Fuzz target: warrant, chain and stack decoding from bytes and from text (base64 / PEM).
 * Every input goes to tenuo_warrant_from_bytes, tenuo_chain_from_bytes, tenuo_warrant_parse and
 * tenuo_chain_parse. A decoded warrant must re-encode to the same bytes, its text forms must parse
 * back to it, and its getters, info JSON, checks and the authorizer must answer without crashing.
 * Seeds: every envelope, chain and stack of Tests/Vectors, raw and as base64 / PEM.
 */
#include "fuzz_common.h"

static void exercise_warrant(const tenuo_warrant *w) {
    uint8_t *bytes = NULL, *payload = NULL;
    size_t n = 0, pn = 0;
    FZ_CHECK(tenuo_warrant_to_bytes(w, &bytes, &n) == TENUO_OK, "to_bytes");
    FZ_CHECK(tenuo_warrant_payload_bytes(w, &payload, &pn) == TENUO_OK && pn < n, "payload_bytes");
    char *b64 = NULL, *pem = NULL, *id = NULL, *info = NULL;
    FZ_CHECK(tenuo_warrant_to_base64(w, &b64) == TENUO_OK, "to_base64");
    FZ_CHECK(tenuo_warrant_to_pem(w, &pem) == TENUO_OK, "to_pem");
    FZ_CHECK(tenuo_warrant_id(w, &id) == TENUO_OK, "id");
    FZ_CHECK(tenuo_warrant_info_json(w, &info) == TENUO_OK, "info_json");
    fz_own_json(info, "info_json");
    const char *forms[2] = {b64, pem};
    for (int i = 0; i < 2; i++) {
        tenuo_warrant *again = NULL;
        FZ_CHECK(tenuo_warrant_parse(forms[i], strlen(forms[i]), &again) == TENUO_OK, "text form parses back");
        uint8_t *b2 = NULL;
        size_t n2 = 0;
        FZ_CHECK(tenuo_warrant_to_bytes(again, &b2, &n2) == TENUO_OK, "to_bytes");
        FZ_CHECK(n2 == n && memcmp(b2, bytes, n) == 0, "text form round-trips");
        tenuo_bytes_free(b2, n2);
        tenuo_warrant_free(again);
    }
    (void)tenuo_warrant_expires_at(w);
    (void)tenuo_warrant_issued_at(w);
    (void)tenuo_warrant_depth(w);
    (void)tenuo_warrant_max_depth(w);
    (void)tenuo_warrant_type(w);
    tenuo_public_key *holder = NULL, *issuer = NULL;
    tenuo_status s = tenuo_warrant_holder(w, &holder);
    fz_failed_call(s, holder);
    FZ_CHECK(tenuo_warrant_issuer(w, &issuer) == TENUO_OK, "issuer");

    /* Decisions on a decoded warrant: with no arguments, for its first-looking tool names. */
    tenuo_args *args = NULL;
    FZ_CHECK(tenuo_args_new(&args) == TENUO_OK, "args_new");
    static const char *tools[] = {"read_file", "search", "api_call", "x"};
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        tenuo_denial *d = NULL;
        s = tenuo_warrant_check(w, tools[i], strlen(tools[i]), args, FZ_NOW, &d);
        if (d != NULL) {
            char *j = NULL;
            FZ_CHECK(tenuo_denial_to_json(d, &j) == TENUO_OK, "denial json");
            fz_own_json(j, "denial_to_json");
            tenuo_string_free(j);
            tenuo_denial_free(d);
        }
        char *why = NULL;
        s = tenuo_warrant_why_denied(w, tools[i], strlen(tools[i]), args, FZ_NOW, &why);
        fz_failed_call(s, why);
        if (s == TENUO_OK) fz_own_json(why, "why_denied");
        tenuo_string_free(why);
    }
    tenuo_denial *d = NULL;
    uint8_t sig[TENUO_SIGNATURE_BYTES] = {0};
    s = tenuo_authorizer_check(FZ.auth, w, "read_file", 9, args, sig, sizeof sig, FZ_NOW, &d);
    FZ_CHECK(s != TENUO_OK, "authorizer accepted a zero PoP signature");
    tenuo_denial_free(d);

    tenuo_args_free(args);
    tenuo_public_key_free(holder);
    tenuo_public_key_free(issuer);
    tenuo_string_free(b64);
    tenuo_string_free(pem);
    tenuo_string_free(id);
    tenuo_string_free(info);
    tenuo_bytes_free(bytes, n);
    tenuo_bytes_free(payload, pn);
}

static void exercise_chain(const tenuo_chain *c) {
    size_t len = tenuo_chain_len(c);
    FZ_CHECK(len > 0, "decoded chain is empty");
    for (size_t i = 0; i < len; i++) {
        tenuo_warrant *w = NULL;
        FZ_CHECK(tenuo_chain_get(c, i, &w) == TENUO_OK, "chain_get");
        tenuo_warrant_free(w);
    }
    tenuo_warrant *w = NULL;
    tenuo_status s = tenuo_chain_get(c, len, &w);
    FZ_CHECK(s != TENUO_OK && w == NULL, "chain_get past the end");
    uint8_t *bytes = NULL;
    size_t n = 0;
    FZ_CHECK(tenuo_chain_to_bytes(c, &bytes, &n) == TENUO_OK, "chain to_bytes");
    char *b64 = NULL, *pem = NULL;
    FZ_CHECK(tenuo_chain_to_base64(c, &b64) == TENUO_OK, "chain to_base64");
    FZ_CHECK(tenuo_chain_to_pem(c, &pem) == TENUO_OK, "chain to_pem");
    tenuo_chain *again = NULL;
    FZ_CHECK(tenuo_chain_parse(pem, strlen(pem), &again) == TENUO_OK, "chain PEM parses back");
    FZ_CHECK(tenuo_chain_len(again) == len, "chain PEM round-trips");
    tenuo_chain_free(again);
    s = tenuo_authorizer_verify_chain(FZ.auth, c, FZ_NOW);
    (void)s;
    tenuo_args *args = NULL;
    FZ_CHECK(tenuo_args_new(&args) == TENUO_OK, "args_new");
    tenuo_denial *d = NULL;
    uint8_t sig[TENUO_SIGNATURE_BYTES] = {0};
    s = tenuo_authorizer_check_chain(FZ.auth, c, "read_file", 9, args, sig, sizeof sig, FZ_NOW, &d);
    FZ_CHECK(s != TENUO_OK, "authorizer accepted a chain with a zero PoP signature");
    tenuo_denial_free(d);
    tenuo_args_free(args);
    tenuo_string_free(b64);
    tenuo_string_free(pem);
    tenuo_bytes_free(bytes, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tenuo_warrant *w = NULL;
    tenuo_status s = tenuo_warrant_from_bytes(data, size, &w);
    fz_failed_call(s, w);
    if (s == TENUO_OK) {
        uint8_t *bytes = NULL;
        size_t n = 0;
        FZ_CHECK(tenuo_warrant_to_bytes(w, &bytes, &n) == TENUO_OK, "to_bytes");
        FZ_CHECK(n == size && memcmp(bytes, data, size) == 0, "accepted bytes do not re-encode identically");
        tenuo_bytes_free(bytes, n);
        exercise_warrant(w);
        tenuo_warrant_free(w);
    }

    tenuo_chain *c = NULL;
    s = tenuo_chain_from_bytes(data, size, &c);
    fz_failed_call(s, c);
    if (s == TENUO_OK) {
        exercise_chain(c);
        tenuo_chain_free(c);
    }

    w = NULL;
    s = tenuo_warrant_parse((const char *)data, size, &w);
    fz_failed_call(s, w);
    if (s == TENUO_OK) {
        exercise_warrant(w);
        tenuo_warrant_free(w);
    }

    c = NULL;
    s = tenuo_chain_parse((const char *)data, size, &c);
    fz_failed_call(s, c);
    if (s == TENUO_OK) {
        exercise_chain(c);
        tenuo_chain_free(c);
    }
    return 0;
}
