/* Ed25519 verification with a cache of decompressed public keys, and signing from an expanded
 * secret key.
 *
 * Why: libsodium's crypto_sign_ed25519_verify_detached spends about 3.8 us of its ~47 us (on
 * the build machine) decompressing the public key, a field exponentiation that depends only on
 * the key's 32 bytes. A server verifies the same few keys again and again (the issuer of every
 * warrant, the holder of every proof-of-possession), so the decompressed point of a key is
 * kept here and reused.
 *
 * How: the verification below makes libsodium 1.0.18's own calls in open.c's order (the
 * signature's S canonical and R not of small order, the key canonical and not of small order,
 * the key decompressed, SHA-512 of R || A || M reduced, R' = [h](-A) + [S]B, R' == R), through
 * libsodium's ref10 functions. Only where the decompressed key comes from changes: the cache,
 * filled only by a key that passed both key checks and decompressed, and found only by a
 * byte-for-byte equal key. So the result is libsodium's for every input: a wrong or
 * tampered signature, a different key, an invalid key all give -1 as before.
 *
 * Signing (ced25519_sign) is libsodium's sign.c with the seed's SHA-512 (the expanded key,
 * which the signing key keeps beside its secret and wipes with it) given rather than recomputed
 * on every signature: the same 64 bytes, Ed25519 signing being deterministic, ~0.3 us less.
 *
 * libsodium does not export those ref10 functions from its shared library; they are global
 * (hidden) symbols of its static archive, which the release libtenuo.so links in. They are
 * referenced weakly: where they are absent (a build against the shared libsodium) or where
 * the linked libsodium is not the version this was written against (1.0.18, library version
 * 10.3), or a self-test fails (RFC 8032's first vector signed byte for byte and verified, two
 * more keys' signatures equal to libsodium's, tampered signatures, messages and keys refused),
 * every call goes to crypto_sign_ed25519_verify_detached or crypto_sign_ed25519_detached.
 * scripts/check_lib.sh checks that the release library resolved them (no undefined ge25519_
 * symbol).
 *
 * Concurrency: 256 slots, each with its own try-lock. A thread that finds a slot busy does
 * not wait: it decompresses the key itself (a lookup) or does not keep it (an insert), so no
 * call ever blocks or spins, and a fork() while another thread held a slot only makes that
 * slot unusable in the child. Public keys are not secret: nothing here is wiped. */
#include "ced25519.h"

#include <sodium.h>
#include <string.h>

/* Opaque storage for libsodium's ge25519_p3 (4 field elements: 160 bytes whether a field
 * element is 5 x uint64 or 10 x int32) and ge25519_p2 (120 bytes), with room to spare. */
typedef struct {
    uint64_t w[24];
} point_buf;

/* libsodium 1.0.18 internals (crypto_core/ed25519/ref10/ed25519_ref10.c). */
extern int ge25519_frombytes_negate_vartime(point_buf *h, const unsigned char *s) __attribute__((weak));
extern void ge25519_double_scalarmult_vartime(point_buf *r, const unsigned char *a, const point_buf *A,
                                              const unsigned char *b) __attribute__((weak));
extern void ge25519_tobytes(unsigned char *s, const point_buf *h) __attribute__((weak));
extern int ge25519_is_canonical(const unsigned char *s) __attribute__((weak));
extern int ge25519_has_small_order(const unsigned char s[32]) __attribute__((weak));
extern void sc25519_reduce(unsigned char s[64]) __attribute__((weak));
extern int sc25519_is_canonical(const unsigned char s[32]) __attribute__((weak));
/* For signing from an expanded key (ced25519_sign). */
extern void ge25519_scalarmult_base(point_buf *h, const unsigned char *a) __attribute__((weak));
extern void ge25519_p3_tobytes(unsigned char *s, const point_buf *h) __attribute__((weak));
extern void sc25519_muladd(unsigned char s[32], const unsigned char a[32], const unsigned char b[32],
                           const unsigned char c[32]) __attribute__((weak));

enum { SLOTS = 256 };

typedef struct {
    int lock;      /* 0 free, 1 held: taken with an atomic exchange, never waited for */
    int used;      /* pk and A hold a key that passed the checks, and its point */
    uint64_t hits;  /* lookups that found this slot's key (written under the lock) */
    uint64_t fills; /* keys decompressed and kept in this slot (written under the lock) */
    unsigned char pk[32];
    point_buf A;
} slot;

static slot slots[SLOTS];
static uint64_t busy_count;
static int state; /* 0 not tested yet, 1 active, 2 inactive */

static int try_lock(slot *s) { return __atomic_exchange_n(&s->lock, 1, __ATOMIC_ACQUIRE) == 0; }
static void unlock(slot *s) { __atomic_store_n(&s->lock, 0, __ATOMIC_RELEASE); }

static slot *slot_of(const unsigned char *pk) {
    /* A key's encoding is a curve point's y coordinate: its bytes are already well mixed, and a
     * crafted collision only evicts (costs a decompression), never matches. */
    uint64_t x;
    memcpy(&x, pk, sizeof x);
    x ^= x >> 31;
    x *= 0x9e3779b97f4a7c15ULL;
    return &slots[x >> 56];
}

/* The verification after the key checks, with -A (as ge25519_frombytes_negate_vartime makes
 * it) given: libsodium's open.c from the signature checks on. */
static int verify_with(const unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *pk,
                       const point_buf *A) {
    crypto_hash_sha512_state hs;
    unsigned char h[64];
    unsigned char rcheck[32];
    point_buf R;

    crypto_hash_sha512_init(&hs);
    crypto_hash_sha512_update(&hs, sig, 32);
    crypto_hash_sha512_update(&hs, pk, 32);
    crypto_hash_sha512_update(&hs, m, (unsigned long long)mlen);
    crypto_hash_sha512_final(&hs, h);
    sc25519_reduce(h);
    ge25519_double_scalarmult_vartime(&R, h, A, sig + 32);
    ge25519_tobytes(rcheck, &R);
    return crypto_verify_32(rcheck, sig) | sodium_memcmp(sig, rcheck, 32);
}

static int signature_ok(const unsigned char *sig) {
    return sc25519_is_canonical(sig + 32) != 0 && ge25519_has_small_order(sig) == 0;
}

/* The key checks and decompression; 0 when the key is usable. */
static int decompress(point_buf *A, const unsigned char *pk) {
    if (ge25519_is_canonical(pk) == 0 || ge25519_has_small_order(pk) != 0) return -1;
    return ge25519_frombytes_negate_vartime(A, pk) != 0 ? -1 : 0;
}

/* The whole check, without the cache. */
static int verify_uncached(const unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *pk) {
    point_buf A;
    if (!signature_ok(sig) || decompress(&A, pk) != 0) return -1;
    return verify_with(sig, m, mlen, pk, &A);
}

void ced25519_expand(unsigned char az[64], const unsigned char sk[64]) {
    crypto_hash_sha512(az, sk, 32);
    az[0] &= 248;
    az[31] &= 127;
    az[31] |= 64;
}

/* libsodium's sign.c from the nonce on, with the seed's hash given (az, clamped) instead of
 * computed from sk on every call. */
static void sign_expanded(unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *sk,
                          const unsigned char *az) {
    crypto_hash_sha512_state hs;
    unsigned char nonce[64];
    unsigned char hram[64];
    point_buf R;

    crypto_hash_sha512_init(&hs);
    crypto_hash_sha512_update(&hs, az + 32, 32);
    crypto_hash_sha512_update(&hs, m, (unsigned long long)mlen);
    crypto_hash_sha512_final(&hs, nonce);
    memmove(sig + 32, sk + 32, 32);
    sc25519_reduce(nonce);
    ge25519_scalarmult_base(&R, nonce);
    ge25519_p3_tobytes(sig, &R);
    crypto_hash_sha512_init(&hs);
    crypto_hash_sha512_update(&hs, sig, 64);
    crypto_hash_sha512_update(&hs, m, (unsigned long long)mlen);
    crypto_hash_sha512_final(&hs, hram);
    sc25519_reduce(hram);
    sc25519_muladd(sig + 32, hram, az, nonce);
    sodium_memzero(nonce, sizeof nonce);
    sodium_memzero(&hs, sizeof hs);
    sodium_memzero(&R, sizeof R);
}

static int hexval(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }
static void unhex(unsigned char *out, const char *hex, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = (unsigned char)(hexval(hex[2 * i]) << 4 | hexval(hex[2 * i + 1]));
}

/* 1 when the internals are present, of the expected version, and verify as libsodium does on
 * RFC 8032's first test vector and on signatures made here, genuine and tampered. */
static int self_test(void) {
    if (!ge25519_frombytes_negate_vartime || !ge25519_double_scalarmult_vartime || !ge25519_tobytes ||
        !ge25519_is_canonical || !ge25519_has_small_order || !sc25519_reduce || !sc25519_is_canonical ||
        !ge25519_scalarmult_base || !ge25519_p3_tobytes || !sc25519_muladd)
        return 0;
    if (sodium_library_version_major() != 10 || sodium_library_version_minor() != 3) return 0;
    if (sodium_init() < 0) return 0;

    /* RFC 8032 section 7.1, TEST 1 (empty message): the key pair, our signature of it (byte for
     * byte), and our verify of it and of a changed copy. */
    unsigned char pk[32], sig[64], kat_pk[32], kat_sig[64], kat_seed[32], kat_sk[64], kat_az[64];
    unhex(kat_seed, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", 32);
    unhex(kat_pk, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", 32);
    unhex(kat_sig,
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5"
          "f0595bbe24655141438e7a100b",
          64);
    crypto_sign_ed25519_seed_keypair(pk, kat_sk, kat_seed);
    ced25519_expand(kat_az, kat_sk);
    sign_expanded(sig, NULL, 0, kat_sk, kat_az);
    int kat = memcmp(pk, kat_pk, 32) == 0 && memcmp(sig, kat_sig, 64) == 0;
    sodium_memzero(kat_sk, sizeof kat_sk);
    sodium_memzero(kat_az, sizeof kat_az);
    if (!kat) return 0;
    if (verify_uncached(sig, NULL, 0, pk) != 0) return 0;
    sig[10] ^= 1;
    if (verify_uncached(sig, NULL, 0, pk) != -1) return 0;

    unsigned char seed[32], sk[64], az[64], other_sk[64], other[32], msg[200], ours[64];
    int ok = 1;
    for (int k = 0; k < 2 && ok; k++) {
        memset(seed, 0xa5 + k, sizeof seed);
        crypto_sign_ed25519_seed_keypair(other, other_sk, seed);
        memset(seed, 0x5a + k, sizeof seed);
        crypto_sign_ed25519_seed_keypair(pk, sk, seed);
        size_t len = k == 0 ? 1 : sizeof msg; /* one SHA-512 block, and three */
        for (size_t i = 0; i < len; i++) msg[i] = (unsigned char)(i * 31 + (size_t)k * 7 + len);
        crypto_sign_ed25519_detached(sig, NULL, msg, len, sk);
        ced25519_expand(az, sk);
        sign_expanded(ours, msg, len, sk, az);
        ok &= memcmp(ours, sig, 64) == 0; /* deterministic: the very signature libsodium makes */
        ok &= verify_uncached(sig, msg, len, pk) == 0;
        ok &= verify_uncached(sig, msg, len, other) == -1;
        msg[len / 2] ^= 0x10;
        ok &= verify_uncached(sig, msg, len, pk) == -1;
        msg[len / 2] ^= 0x10;
        sig[5] ^= 0x01; /* R */
        ok &= verify_uncached(sig, msg, len, pk) == -1;
        sig[5] ^= 0x01;
        sig[40] ^= 0x01; /* S */
        ok &= verify_uncached(sig, msg, len, pk) == -1;
        sig[40] ^= 0x01;
        ok &= verify_uncached(sig, msg, len, pk) == 0;
    }
    sodium_memzero(other_sk, sizeof other_sk);
    sodium_memzero(sk, sizeof sk);
    sodium_memzero(az, sizeof az);
    sodium_memzero(seed, sizeof seed);
    return ok;
}

static int active(void) {
    int s = __atomic_load_n(&state, __ATOMIC_ACQUIRE);
    if (s == 0) {
        /* Two threads may both run the test (it is pure); both store the same verdict. */
        s = self_test() ? 1 : 2;
        __atomic_store_n(&state, s, __ATOMIC_RELEASE);
    }
    return s == 1;
}

int ced25519_keycache_active(void) { return active(); }

int ced25519_verify(const unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *pk) {
    if (!active()) return crypto_sign_ed25519_verify_detached(sig, m, (unsigned long long)mlen, pk);
    if (!signature_ok(sig)) return -1;
    point_buf A;
    slot *s = slot_of(pk);
    int found = 0;
    if (try_lock(s)) {
        if (s->used && memcmp(s->pk, pk, 32) == 0) {
            A = s->A;
            __atomic_store_n(&s->hits, s->hits + 1, __ATOMIC_RELAXED); /* read by the counters */
            found = 1;
        }
        unlock(s);
    } else {
        __atomic_fetch_add(&busy_count, 1, __ATOMIC_RELAXED);
    }
    if (!found) {
        if (decompress(&A, pk) != 0) return -1;
        if (try_lock(s)) {
            memcpy(s->pk, pk, 32);
            s->A = A;
            s->used = 1;
            __atomic_store_n(&s->fills, s->fills + 1, __ATOMIC_RELAXED);
            unlock(s);
        } else {
            __atomic_fetch_add(&busy_count, 1, __ATOMIC_RELAXED);
        }
    }
    return verify_with(sig, m, mlen, pk, &A);
}

int ced25519_sign(unsigned char sig[64], const unsigned char *m, size_t mlen, const unsigned char sk[64],
                  const unsigned char az[64]) {
    if (!active()) return crypto_sign_ed25519_detached(sig, NULL, m, (unsigned long long)mlen, sk);
    sign_expanded(sig, m, mlen, sk, az);
    return 0;
}

void ced25519_keycache_counters(uint64_t *hits, uint64_t *kept, uint64_t *busy) {
    uint64_t h = 0, f = 0;
    for (int i = 0; i < SLOTS; i++) {
        h += __atomic_load_n(&slots[i].hits, __ATOMIC_RELAXED);
        f += __atomic_load_n(&slots[i].fills, __ATOMIC_RELAXED);
    }
    if (hits) *hits = h;
    if (kept) *kept = f;
    if (busy) *busy = __atomic_load_n(&busy_count, __ATOMIC_RELAXED);
}

void ced25519_keycache_clear(void) {
    for (int i = 0; i < SLOTS; i++) {
        slot *s = &slots[i];
        while (!try_lock(s)) {
        }
        s->used = 0;
        unlock(s);
    }
}

int ced25519_keycache_slot(const unsigned char *pk) { return (int)(slot_of(pk) - slots); }

int ced25519_verify_libsodium(const unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *pk) {
    return crypto_sign_ed25519_verify_detached(sig, m, (unsigned long long)mlen, pk);
}
