/*
 * Fuzz target: the payload decoder behind the signature check. The input is a payload (CBOR);
 * the harness puts the fixed issuer's public key after the first issuer field head it finds
 * (`05 82 01 58 20`, field 5 = issuer), signs "tenuo-warrant-v1" || 0x01 || payload with that key,
 * wraps the envelope [1, payload, [1, signature]] and decodes it. So mutations of the payload reach
 * the field, constraint and extension decoders instead of stopping at the signature.
 * A decoded warrant must re-encode identically and answer checks with fuzzed-free arguments.
 * Seeds: the payload of every envelope in Tests/Vectors.
 */
#include "fuzz_common.h"

static const char DOMAIN[] = "tenuo-warrant-v1";

static size_t put_bstr_head(uint8_t *out, size_t n) {
    if (n < 24) { out[0] = (uint8_t)(0x40 + n); return 1; }
    if (n < 256) { out[0] = 0x58; out[1] = (uint8_t)n; return 2; }
    if (n < 65536) { out[0] = 0x59; out[1] = (uint8_t)(n >> 8); out[2] = (uint8_t)n; return 3; }
    out[0] = 0x5a;
    out[1] = (uint8_t)(n >> 24); out[2] = (uint8_t)(n >> 16); out[3] = (uint8_t)(n >> 8); out[4] = (uint8_t)n;
    return 5;
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 70000) return 0;
    uint8_t *payload = malloc(size ? size : 1);
    if (payload == NULL) abort();
    if (size) memcpy(payload, data, size);
    static const uint8_t issuer_head[] = {0x05, 0x82, 0x01, 0x58, 0x20};
    for (size_t i = 0; i + sizeof issuer_head + TENUO_PUBLIC_KEY_BYTES <= size; i++) {
        if (memcmp(payload + i, issuer_head, sizeof issuer_head) == 0) {
            memcpy(payload + i + sizeof issuer_head, FZ.issuer_pk_bytes, TENUO_PUBLIC_KEY_BYTES);
            break;
        }
    }
    size_t mlen = sizeof DOMAIN - 1 + 1 + size;
    uint8_t *msg = malloc(mlen);
    if (msg == NULL) abort();
    memcpy(msg, DOMAIN, sizeof DOMAIN - 1);
    msg[sizeof DOMAIN - 1] = 0x01;
    if (size) memcpy(msg + sizeof DOMAIN, payload, size);
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    FZ_CHECK(tenuo_signing_key_sign_raw(FZ.issuer, msg, mlen, sig, sizeof sig) == TENUO_OK, "sign_raw");

    uint8_t *env = malloc(size + 80);
    if (env == NULL) abort();
    size_t k = 0;
    env[k++] = 0x83;
    env[k++] = 0x01;
    k += put_bstr_head(env + k, size);
    if (size) memcpy(env + k, payload, size);
    k += size;
    env[k++] = 0x82;
    env[k++] = 0x01;
    env[k++] = 0x58;
    env[k++] = 0x40;
    memcpy(env + k, sig, sizeof sig);
    k += sizeof sig;

    tenuo_warrant *w = NULL;
    tenuo_status s = tenuo_warrant_from_bytes(env, k, &w);
    fz_failed_call(s, w);
    if (s == TENUO_OK) {
        uint8_t *bytes = NULL;
        size_t n = 0;
        FZ_CHECK(tenuo_warrant_to_bytes(w, &bytes, &n) == TENUO_OK, "to_bytes");
        FZ_CHECK(n == k && memcmp(bytes, env, k) == 0, "accepted envelope does not re-encode identically");
        tenuo_bytes_free(bytes, n);
        char *info = NULL;
        FZ_CHECK(tenuo_warrant_info_json(w, &info) == TENUO_OK, "info_json");
        fz_own_json(info, "info_json");
        tenuo_string_free(info);
        tenuo_args *args = NULL;
        static const char args_json[] = "{\"path\": \"/data/report.pdf\", \"count\": 5, \"url\": \"https://api.example.com/v1\"}";
        FZ_CHECK(tenuo_args_from_json(args_json, sizeof args_json - 1, &args) == TENUO_OK, "args");
        static const char *tools[] = {"read_file", "search", "api_call", "fetch"};
        for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
            char *why = NULL;
            s = tenuo_warrant_why_denied(w, tools[i], strlen(tools[i]), args, FZ_NOW, &why);
            fz_failed_call(s, why);
            if (s == TENUO_OK) fz_own_json(why, "why_denied");
            tenuo_string_free(why);
        }
        /* A one-link chain through the authorizer (the issuer is the trusted root). */
        tenuo_chain *c = NULL;
        s = tenuo_chain_new(w, &c);
        fz_failed_call(s, c);
        if (s == TENUO_OK) {
            (void)tenuo_authorizer_verify_chain(FZ.auth, c, FZ_NOW);
            tenuo_chain_free(c);
        }
        /* A child grant from it, when its shape allows one. */
        tenuo_grant_builder *g = NULL;
        s = tenuo_grant_builder_new(w, &g);
        fz_failed_call(s, g);
        if (s == TENUO_OK) {
            tenuo_warrant *child = NULL;
            if (tenuo_grant_builder_set_holder(g, FZ.issuer_pk) == TENUO_OK) {
                s = tenuo_grant_builder_grant(g, FZ.holder, FZ_NOW, &child);
                fz_failed_call(s, child);
                tenuo_warrant_free(child);
            }
            tenuo_grant_builder_free(g);
        }
        tenuo_args_free(args);
        tenuo_warrant_free(w);
    }
    free(env);
    free(msg);
    free(payload);
    return 0;
}
