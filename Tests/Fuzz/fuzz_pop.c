/*
 * Fuzz target: proof-of-possession signing and verification.
 * Input: a 16-byte header, then "tool\nargs JSON".
 *   header[0..8)   verification time (big-endian): with the top bit set, FZ_NOW + a signed 32-bit
 *                  offset; otherwise any time in [-2^62, 2^62) (the range in which this
 *                  harness's own window arithmetic cannot overflow; the int64 extremes are
 *                  pinned by Tests/CTests/hardening.c)
 *   header[8]      max_windows (mod 12: 0 = default, 1 and 11 are invalid)
 *   header[9]      id form (mod 3: 2 is invalid)
 *   header[10..12) signing time offset from the verification time, signed 16-bit seconds
 *   header[12..14) when header[12] is odd, a bit of the signature to flip (header[13])
 * The harness signs with the holder's key at the signing time, verifies at the verification time
 * and checks the result against the window rule computed here: windows are floor(t/30)*30 and a
 * verifier tries offsets 0, -1, +1, -2, +2, ... (max_windows of them). A flipped bit must fail.
 */
#include "fuzz_common.h"

static tenuo_warrant *W;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    W = fz_mint("read_file", "{\"path\": {\"type\": \"Wildcard\"}, \"_allow_unknown\": true}");
    FZ_CHECK(W != NULL, "mint");
    return 0;
}

static int64_t window_of(int64_t t) {
    int64_t q = t / 30;
    return (t % 30 < 0 ? q - 1 : q) * 30;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 16) return 0;
    const uint8_t *h = data;
    uint64_t raw = fz_u64(h, 8);
    int64_t now;
    if (raw >> 63) now = (int64_t)FZ_NOW + (int32_t)(uint32_t)raw;
    else now = (int64_t)(raw & ((1ULL << 63) - 1)) - (int64_t)(1ULL << 62);
    if (now >= (int64_t)(1ULL << 62)) now = (int64_t)(1ULL << 62) - 1;
    uint32_t max_windows = h[8] % 12;
    int32_t id_form = h[9] % 3;
    int64_t delta = (int16_t)(uint16_t)((h[10] << 8) | h[11]);
    int flip = h[12] & 1;
    unsigned flip_bit = h[13];

    fz_str parts[2];
    fz_split(data + 16, size - 16, parts, 2);
    fz_str tool = parts[0], json = parts[1];
    tenuo_args *args = NULL;
    tenuo_status s = tenuo_args_from_json(json.p, json.n, &args);
    fz_failed_call(s, args);
    if (s != TENUO_OK) return 0;

    int64_t t_sign = now + delta;
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    s = tenuo_warrant_sign_ex(W, FZ.holder, tool.p, tool.n, args, t_sign, id_form, sig, sizeof sig);
    if (s != TENUO_OK) {
        fz_failed_call(s, NULL);
        tenuo_args_free(args);
        return 0;
    }
    /* The same signature through the default-form entry point when the form is the default. */
    if (id_form == TENUO_POP_ID_HEX) {
        uint8_t sig2[TENUO_SIGNATURE_BYTES];
        FZ_CHECK(tenuo_warrant_sign(W, FZ.holder, tool.p, tool.n, args, t_sign, sig2, sizeof sig2) == TENUO_OK, "sign");
        FZ_CHECK(memcmp(sig, sig2, sizeof sig) == 0, "sign and sign_ex(HEX) differ");
    }
    if (flip) sig[flip_bit % TENUO_SIGNATURE_BYTES] ^= (uint8_t)(1u << (flip_bit % 8));

    s = tenuo_warrant_verify_pop(W, tool.p, tool.n, args, sig, sizeof sig, now, max_windows, id_form);
    if (max_windows == 1 || max_windows == 11) {
        FZ_CHECK(s != TENUO_OK, "invalid max_windows accepted");
    } else {
        int count = max_windows == 0 ? 5 : (int)max_windows;
        int64_t k = (window_of(t_sign) - window_of(now)) / 30;
        int index = k == 0 ? 0 : k < 0 ? (int)(-2 * k - 1) : (int)(2 * k);
        int expect_ok = !flip && index < count;
        if (expect_ok) FZ_CHECK(s == TENUO_OK, "valid PoP refused");
        else FZ_CHECK(s != TENUO_OK, "PoP outside the windows (or tampered) accepted");
    }
    fz_failed_call(s, NULL);

    /* The challenge bytes for the signing window, and the authorizer's full check. */
    uint8_t *challenge = NULL;
    size_t cn = 0;
    s = tenuo_warrant_pop_challenge(W, tool.p, tool.n, args, window_of(t_sign), id_form, &challenge, &cn);
    fz_failed_call(s, challenge);
    tenuo_bytes_free(challenge, cn);
    tenuo_denial *d = NULL;
    uint64_t unow = now < 0 ? 0 : (uint64_t)now;
    s = tenuo_authorizer_check(FZ.auth, W, tool.p, tool.n, args, sig, sizeof sig, unow, &d);
    if (s >= 1000) FZ_CHECK(d != NULL && tenuo_denial_code(d) == s, "refusal without its denial");
    if (s == TENUO_OK) FZ_CHECK(d == NULL, "allowed with a denial");
    tenuo_denial_free(d);
    tenuo_args_free(args);
    return 0;
}
