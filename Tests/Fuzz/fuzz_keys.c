/*
 * Fuzz target: key parsing. Every input goes to tenuo_public_key_parse and
 * tenuo_signing_key_parse (hex, base64, PEM text) and to tenuo_public_key_from_bytes /
 * tenuo_signing_key_from_seed (raw bytes). A key that parses must export in every format
 * (hex, base64, PEM), each export must parse back to an equal key, and a signing key must sign
 * something its public key verifies. Raw signature checks with the input as message/signature must
 * answer. Seeds: the keys of Tests/Vectors in each text form.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    return 0;
}

static void public_round_trip(const tenuo_public_key *pk) {
    uint8_t raw[TENUO_PUBLIC_KEY_BYTES];
    FZ_CHECK(tenuo_public_key_to_bytes(pk, raw, sizeof raw) == TENUO_OK, "to_bytes");
    for (int32_t f = TENUO_FORMAT_HEX; f <= TENUO_FORMAT_PEM; f++) {
        char *text = NULL;
        FZ_CHECK(tenuo_public_key_export(pk, f, &text) == TENUO_OK, "public export");
        tenuo_public_key *again = NULL;
        FZ_CHECK(tenuo_public_key_parse(text, strlen(text), &again) == TENUO_OK, "public export parses back");
        FZ_CHECK(tenuo_public_key_equal(pk, again), "public export round-trips");
        tenuo_public_key_free(again);
        tenuo_string_free(text);
    }
    char *text = NULL;
    tenuo_status s = tenuo_public_key_export(pk, 3, &text);
    FZ_CHECK(s != TENUO_OK && text == NULL, "unknown export format accepted");
}

static void signing_round_trip(const tenuo_signing_key *sk, const uint8_t *msg, size_t n) {
    for (int32_t f = TENUO_FORMAT_HEX; f <= TENUO_FORMAT_PEM; f++) {
        char *text = NULL;
        FZ_CHECK(tenuo_signing_key_export(sk, f, &text) == TENUO_OK, "signing export");
        tenuo_signing_key *again = NULL;
        FZ_CHECK(tenuo_signing_key_parse(text, strlen(text), &again) == TENUO_OK, "signing export parses back");
        uint8_t s1[TENUO_SEED_BYTES], s2[TENUO_SEED_BYTES];
        FZ_CHECK(tenuo_signing_key_seed(sk, s1, sizeof s1) == TENUO_OK, "seed");
        FZ_CHECK(tenuo_signing_key_seed(again, s2, sizeof s2) == TENUO_OK, "seed");
        FZ_CHECK(memcmp(s1, s2, sizeof s1) == 0, "signing export round-trips");
        tenuo_signing_key_free(again);
        tenuo_string_free(text);
    }
    tenuo_public_key *pk = NULL;
    FZ_CHECK(tenuo_signing_key_public_key(sk, &pk) == TENUO_OK, "public_key");
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    FZ_CHECK(tenuo_signing_key_sign_raw(sk, msg, n, sig, sizeof sig) == TENUO_OK, "sign_raw");
    FZ_CHECK(tenuo_public_key_verify_raw(pk, msg, n, sig, sizeof sig) == TENUO_OK, "own signature verifies");
    public_round_trip(pk);
    tenuo_public_key_free(pk);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tenuo_public_key *pk = NULL;
    tenuo_status s = tenuo_public_key_parse((const char *)data, size, &pk);
    fz_failed_call(s, pk);
    if (s == TENUO_OK) {
        public_round_trip(pk);
        tenuo_public_key_free(pk);
    }
    tenuo_signing_key *sk = NULL;
    s = tenuo_signing_key_parse((const char *)data, size, &sk);
    fz_failed_call(s, sk);
    if (s == TENUO_OK) {
        signing_round_trip(sk, data, size);
        tenuo_signing_key_free(sk);
    }
    pk = NULL;
    s = tenuo_public_key_from_bytes(data, size, &pk);
    fz_failed_call(s, pk);
    if (s == TENUO_OK) {
        FZ_CHECK(size == TENUO_PUBLIC_KEY_BYTES, "public key from bytes of the wrong length");
        public_round_trip(pk);
        /* The input as a signature over itself: must answer (and fail, barring a miracle). */
        tenuo_status v = tenuo_public_key_verify_raw(pk, data, size, data, size);
        FZ_CHECK(v != TENUO_OK, "a 32-byte signature verified");
        tenuo_public_key_free(pk);
    }
    sk = NULL;
    s = tenuo_signing_key_from_seed(data, size, &sk);
    fz_failed_call(s, sk);
    if (s == TENUO_OK) {
        FZ_CHECK(size == TENUO_SEED_BYTES, "seed of the wrong length");
        signing_round_trip(sk, data, size);
        tenuo_signing_key_free(sk);
    }
    /* The fixed holder key against the input as a 64-byte signature. */
    if (size >= TENUO_SIGNATURE_BYTES) {
        s = tenuo_public_key_verify_raw(FZ.holder_pk, data + TENUO_SIGNATURE_BYTES, size - TENUO_SIGNATURE_BYTES, data,
                                        TENUO_SIGNATURE_BYTES);
        fz_failed_call(s, NULL);
    }
    return 0;
}
