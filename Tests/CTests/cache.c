/*
 * The process-wide verified-signature cache through the C API: on by default, a second decoding
 * of the same bytes is a hit, tampered payloads, signatures and issuers are verified (and
 * refused) every time, switching off and clearing work, decisions do not change, and two
 * threads decoding good and bad warrants while a third resizes never see a bad one accepted.
 * This program is the only user of the cache in its process, so the counters are exact.
 * Prints "N passed, M failed"; exits non-zero on any failure.
 */
#include "tenuo.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (cond) passed++;                                                                  \
        else {                                                                               \
            failed++;                                                                        \
            fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond,              \
                    tenuo_last_error_message() ? tenuo_last_error_message() : "no message"); \
        }                                                                                    \
    } while (0)

static const uint64_t NOW = 1704067200u;

struct stats { uint64_t hits, misses; size_t entries; };

static struct stats read_stats(void) {
    struct stats s = { 0, 0, 0 };
    tenuo_verify_cache_stats(&s.hits, &s.misses, &s.entries);
    return s;
}

static tenuo_signing_key *key_from(uint8_t fill) {
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, fill, sizeof seed);
    tenuo_signing_key *k = NULL;
    CHECK(tenuo_signing_key_from_seed(seed, sizeof seed, &k) == TENUO_OK);
    return k;
}

/* Mints a warrant for `tool` (issuer `issuer`, holder `holder`, 1 hour) and returns its bytes. */
static uint8_t *mint(const tenuo_signing_key *issuer, const tenuo_signing_key *holder, const char *tool,
                     size_t *len) {
    tenuo_public_key *hpk = NULL;
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    uint8_t *out = NULL;
    *len = 0;
    CHECK(tenuo_signing_key_public_key(holder, &hpk) == TENUO_OK);
    CHECK(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) == TENUO_OK);
    CHECK(tenuo_mint_builder_add_tool(b, tool, strlen(tool), "{}", 2) == TENUO_OK);
    CHECK(tenuo_mint_builder_set_holder(b, hpk) == TENUO_OK);
    CHECK(tenuo_mint_builder_set_ttl(b, 3600) == TENUO_OK);
    CHECK(tenuo_mint_builder_mint(b, issuer, NOW, &w) == TENUO_OK);
    CHECK(tenuo_warrant_to_bytes(w, &out, len) == TENUO_OK);
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
    tenuo_public_key_free(hpk);
    return out;
}

/* A malloc'd copy of `data` with the first occurrence of `from` replaced by `to` (same length). */
static uint8_t *replaced(const uint8_t *data, size_t len, const uint8_t *from, const uint8_t *to, size_t n) {
    uint8_t *copy = malloc(len);
    if (!copy) return NULL;
    memcpy(copy, data, len);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(copy + i, from, n) == 0) {
            memcpy(copy + i, to, n);
            return copy;
        }
    free(copy);
    return NULL;
}

static tenuo_status decode(const uint8_t *data, size_t len) {
    tenuo_warrant *w = NULL;
    tenuo_status s = tenuo_warrant_from_bytes(data, len, &w);
    tenuo_warrant_free(w);
    return s;
}

/* ---- Threads ------------------------------------------------------------------------------ */

struct job {
    const uint8_t *good;
    size_t good_len;
    const uint8_t *bad[3];
    size_t bad_len;
    int good_ok, bad_refused, rounds;
};

static void *hammer(void *arg) {
    struct job *j = arg;
    for (int i = 0; i < j->rounds; i++) {
        if (decode(j->good, j->good_len) == TENUO_OK) j->good_ok++;
        if (decode(j->bad[i % 3], j->bad_len) == TENUO_E_SIGNATURE_INVALID) j->bad_refused++;
    }
    return NULL;
}

int main(void) {
    uint8_t *bad_payload = NULL, *bad_issuer = NULL, *bad_sig = NULL;
    tenuo_signing_key *root = key_from(1), *agent = key_from(2), *attacker = key_from(0xff);
    tenuo_public_key *root_pk = NULL, *attacker_pk = NULL;
    uint8_t root_raw[TENUO_PUBLIC_KEY_BYTES], attacker_raw[TENUO_PUBLIC_KEY_BYTES];
    CHECK(tenuo_signing_key_public_key(root, &root_pk) == TENUO_OK);
    CHECK(tenuo_signing_key_public_key(attacker, &attacker_pk) == TENUO_OK);
    CHECK(tenuo_public_key_to_bytes(root_pk, root_raw, sizeof root_raw) == TENUO_OK);
    CHECK(tenuo_public_key_to_bytes(attacker_pk, attacker_raw, sizeof attacker_raw) == TENUO_OK);

    /* On by default, with the documented size; the limit is enforced. */
    CHECK(tenuo_verify_cache_capacity() == TENUO_VERIFY_CACHE_DEFAULT_ENTRIES);
    CHECK(tenuo_verify_cache_set_capacity((size_t)TENUO_VERIFY_CACHE_MAX_ENTRIES + 1) == TENUO_E_INVALID_ARGUMENT);
    CHECK(tenuo_verify_cache_capacity() == TENUO_VERIFY_CACHE_DEFAULT_ENTRIES);
    CHECK(tenuo_verify_cache_set_capacity(TENUO_VERIFY_CACHE_MAX_ENTRIES) == TENUO_OK);
    CHECK(tenuo_verify_cache_capacity() == TENUO_VERIFY_CACHE_MAX_ENTRIES);
    CHECK(tenuo_verify_cache_set_capacity(TENUO_VERIFY_CACHE_DEFAULT_ENTRIES) == TENUO_OK);
    CHECK(tenuo_verify_cache_stats(NULL, NULL, NULL) == TENUO_OK);

    size_t len = 0;
    uint8_t *good = mint(root, agent, "read_file", &len);
    CHECK(good != NULL);
    if (!good) goto done;
    tenuo_verify_cache_clear();   /* minting verifies nothing, but start from zero anyway */
    struct stats s = read_stats();
    CHECK(s.hits == 0 && s.misses == 0 && s.entries == 0);

    /* First decoding verifies (a miss), the second is a hit; base64 text of the same bytes too. */
    tenuo_warrant *w = NULL;
    CHECK(tenuo_warrant_from_bytes(good, len, &w) == TENUO_OK);
    s = read_stats();
    CHECK(s.hits == 0 && s.misses == 1 && s.entries == 1);
    CHECK(decode(good, len) == TENUO_OK);
    char *text = NULL;
    CHECK(tenuo_warrant_to_base64(w, &text) == TENUO_OK);
    tenuo_warrant *from_text = NULL;
    CHECK(text && tenuo_warrant_parse(text, strlen(text), &from_text) == TENUO_OK);
    tenuo_warrant_free(from_text);
    s = read_stats();
    CHECK(s.hits == 2 && s.misses == 1 && s.entries == 1);

    /* Tampered payload, tampered signature, another issuer named: verified, refused, never hits. */
    bad_payload = replaced(good, len, (const uint8_t *)"read_file", (const uint8_t *)"read_filf", 9);
    bad_issuer = replaced(good, len, root_raw, attacker_raw, TENUO_PUBLIC_KEY_BYTES);
    bad_sig = malloc(len);
    CHECK(bad_payload && bad_issuer && bad_sig);
    if (!bad_payload || !bad_issuer || !bad_sig) goto done;
    memcpy(bad_sig, good, len);
    bad_sig[len - 5] ^= 0x10;
    for (int i = 0; i < 2; i++) {
        CHECK(decode(bad_payload, len) == TENUO_E_SIGNATURE_INVALID);
        CHECK(decode(bad_sig, len) == TENUO_E_SIGNATURE_INVALID);
        CHECK(decode(bad_issuer, len) == TENUO_E_SIGNATURE_INVALID);
    }
    s = read_stats();
    CHECK(s.hits == 2 && s.misses == 7 && s.entries == 1);

    /* Decisions are unchanged on a cached warrant: allowed now, expired later, missing PoP. */
    tenuo_authorizer *auth = NULL;
    CHECK(tenuo_authorizer_new(root_raw, sizeof root_raw, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &auth) == TENUO_OK);
    tenuo_warrant *cached = NULL;
    CHECK(tenuo_warrant_from_bytes(good, len, &cached) == TENUO_OK);
    uint8_t pop[TENUO_SIGNATURE_BYTES], late_pop[TENUO_SIGNATURE_BYTES];
    CHECK(tenuo_warrant_sign(cached, agent, "read_file", 9, NULL, (int64_t)NOW, pop, sizeof pop) == TENUO_OK);
    CHECK(tenuo_warrant_sign(cached, agent, "read_file", 9, NULL, (int64_t)NOW + 7200, late_pop, sizeof late_pop) == TENUO_OK);
    CHECK(tenuo_authorizer_check(auth, cached, "read_file", 9, NULL, pop, sizeof pop, NOW, NULL) == TENUO_OK);
    CHECK(tenuo_authorizer_check(auth, cached, "read_file", 9, NULL, late_pop, sizeof late_pop, NOW + 7200, NULL) == TENUO_E_WARRANT_EXPIRED);
    CHECK(tenuo_authorizer_check(auth, cached, "read_file", 9, NULL, NULL, 0, NOW, NULL) == TENUO_E_SIGNATURE_INVALID);
    CHECK(tenuo_authorizer_check(auth, cached, "write_file", 10, NULL, pop, sizeof pop, NOW, NULL) == TENUO_E_TOOL_NOT_AUTHORIZED);
    tenuo_warrant_free(cached);
    s = read_stats();
    CHECK(s.hits == 3);

    /* Off: nothing is counted or kept, and the verdicts are the same. */
    CHECK(tenuo_verify_cache_set_capacity(0) == TENUO_OK);
    CHECK(tenuo_verify_cache_capacity() == 0);
    CHECK(decode(good, len) == TENUO_OK);
    CHECK(decode(good, len) == TENUO_OK);
    CHECK(decode(bad_payload, len) == TENUO_E_SIGNATURE_INVALID);
    struct stats off = read_stats();
    CHECK(off.hits == s.hits && off.misses == s.misses && off.entries == 0);

    /* Back on (resizing drops entries, keeps counters), then clear (zeroes counters). */
    CHECK(tenuo_verify_cache_set_capacity(16) == TENUO_OK);
    CHECK(decode(good, len) == TENUO_OK);
    CHECK(decode(good, len) == TENUO_OK);
    s = read_stats();
    CHECK(s.hits == off.hits + 1 && s.misses == off.misses + 1 && s.entries == 1);
    tenuo_verify_cache_clear();
    s = read_stats();
    CHECK(s.hits == 0 && s.misses == 0 && s.entries == 0);
    CHECK(tenuo_verify_cache_capacity() == 16);

    /* Eviction: capacity 2, then 20 distinct warrants; every one still decodes correctly. */
    CHECK(tenuo_verify_cache_set_capacity(2) == TENUO_OK);
    tenuo_verify_cache_clear();
    uint8_t *many[20];
    size_t many_len[20];
    for (int i = 0; i < 20; i++) {
        char tool[16];
        snprintf(tool, sizeof tool, "tool_%d", i);
        many[i] = mint(root, agent, tool, &many_len[i]);
    }
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 20; i++) CHECK(many[i] && decode(many[i], many_len[i]) == TENUO_OK);
    s = read_stats();
    CHECK(s.entries <= 2 && s.misses >= 38 && s.hits + s.misses == 40);
    for (int i = 0; i < 20; i++) tenuo_bytes_free(many[i], many_len[i]);

    /* Two threads decode good and bad warrants while this one resizes and clears. */
    CHECK(tenuo_verify_cache_set_capacity(TENUO_VERIFY_CACHE_DEFAULT_ENTRIES) == TENUO_OK);
    struct job jobs[2];
    pthread_t th[2];
    for (int t = 0; t < 2; t++) {
        jobs[t] = (struct job){ good, len, { bad_payload, bad_sig, bad_issuer }, len, 0, 0, 300 };
        CHECK(pthread_create(&th[t], NULL, hammer, &jobs[t]) == 0);
    }
    for (int i = 0; i < 50; i++) {
        tenuo_verify_cache_set_capacity(i % 3 == 0 ? 0 : (size_t)(1 + i));
        if (i % 5 == 0) tenuo_verify_cache_clear();
    }
    for (int t = 0; t < 2; t++) {
        pthread_join(th[t], NULL);
        CHECK(jobs[t].good_ok == 300);
        CHECK(jobs[t].bad_refused == 300);
    }
    CHECK(tenuo_verify_cache_set_capacity(TENUO_VERIFY_CACHE_DEFAULT_ENTRIES) == TENUO_OK);

    tenuo_authorizer_free(auth);
    tenuo_string_free(text);
    tenuo_warrant_free(w);
done:
    free(bad_payload);
    free(bad_issuer);
    free(bad_sig);
    tenuo_bytes_free(good, len);
    tenuo_public_key_free(root_pk);
    tenuo_public_key_free(attacker_pk);
    tenuo_signing_key_free(root);
    tenuo_signing_key_free(agent);
    tenuo_signing_key_free(attacker);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
