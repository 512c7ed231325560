#ifndef TENUO_CED25519_H
#define TENUO_CED25519_H
/* Ed25519 verification with a cache of decompressed public keys (see keycache.c). Internal to
 * libtenuo: not part of its C ABI, and not exported from libtenuo.so (its names are outside
 * the version script's tenuo_*). */
#include <stddef.h>
#include <stdint.h>

/* Checks a detached Ed25519 signature exactly as libsodium's crypto_sign_ed25519_verify_detached
 * does (same checks, same order, same result): 0 when it verifies, -1 otherwise. sig: 64 bytes;
 * pk: 32 bytes; m: mlen bytes (may be NULL when mlen is 0). */
int ced25519_verify(const unsigned char *sig, const unsigned char *m, size_t mlen, const unsigned char *pk);

/* The expanded form of a 64-byte libsodium secret key (seed || public key): SHA-512 of the
 * seed, its first half clamped (RFC 8032 5.1.5). As secret as sk: the caller wipes it. */
void ced25519_expand(unsigned char az[64], const unsigned char sk[64]);

/* The signature crypto_sign_ed25519_detached(sig, NULL, m, mlen, sk) makes (Ed25519 signing is
 * deterministic: the same 64 bytes), from sk and its ced25519_expand form, which spares hashing
 * the seed on every call; libsodium's own call when the internals are not in use. 0 on success. */
int ced25519_sign(unsigned char sig[64], const unsigned char *m, size_t mlen, const unsigned char sk[64],
                  const unsigned char az[64]);

/* 1 when verification uses the key cache and signing the expanded key (libsodium's ref10
 * internals are linked in and passed the self-test), 0 when every call goes to libsodium's
 * crypto_sign_ed25519_verify_detached and crypto_sign_ed25519_detached. */
int ced25519_keycache_active(void);

/* Counters since the process started (relaxed; for tests and benchmarks): lookups that found
 * the key, keys decompressed and kept, and lookups or inserts skipped because a slot was busy. */
void ced25519_keycache_counters(uint64_t *hits, uint64_t *kept, uint64_t *busy);

/* Empties the cache (tests). */
void ced25519_keycache_clear(void);

/* The slot a key is kept in, 0-255 (tests: to find two keys that share one). */
int ced25519_keycache_slot(const unsigned char *pk);

/* libsodium's crypto_sign_ed25519_verify_detached itself, for tests that compare with it. */
int ced25519_verify_libsodium(const unsigned char *sig, const unsigned char *m, size_t mlen,
                              const unsigned char *pk);

#endif
