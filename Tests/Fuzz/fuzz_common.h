/*
 * Shared helpers of the libFuzzer targets in Tests/Fuzz/ (one target per fuzz_*.c file).
 *
 * Every target calls the C API of an instrumented libtenuo.so (ASan + UBSan + SanitizerCoverage
 * over the Swift core, built by scripts/fuzz.sh) and checks what the API promises on any input:
 * a failure returns a nonzero status with NULL/0 out-parameters and a message; a success gives a
 * value that round-trips. A broken promise calls fz_fail(), which aborts: libFuzzer records the
 * input as a crash. A Swift trap (overflow, bounds, force-unwrap) or a sanitizer report is a crash too.
 *
 * Inputs of the structured targets are text split at '\n' (JSON never needs a raw newline), so
 * the seeds extracted from Tests/Vectors by scripts/fuzz_seeds.py stay readable.
 */
#ifndef TENUO_FUZZ_COMMON_H
#define TENUO_FUZZ_COMMON_H

#include "tenuo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixed time: 2024-01-01T00:00:00Z, the vectors' issued_at. */
#define FZ_NOW 1704067200ULL

static inline void fz_fail(const char *what, const char *detail) {
    fprintf(stderr, "fuzz: broken promise: %s (%s)\n", what, detail ? detail : "");
    abort();
}

#define FZ_CHECK(cond, what)                                                     \
    do {                                                                         \
        if (!(cond)) fz_fail(what, tenuo_last_error_message());                  \
    } while (0)

/* A failed call must leave a message behind. */
static inline void fz_failed_call(tenuo_status s, const void *out) {
    if (s == TENUO_OK) return;
    if (out != NULL) fz_fail("failure left an out-parameter set", tenuo_status_name(s));
    const char *m = tenuo_last_error_message();
    if (m == NULL || m[0] == '\0') fz_fail("failure without a message", tenuo_status_name(s));
    if (strcmp(tenuo_status_name(s), "") == 0) fz_fail("status without a name", "");
}

/* JSON the library writes (info, denials, why_denied) must be JSON its own parser reads: every
 * such document is an object, so tenuo_args_from_json must not call it malformed. */
static inline void fz_own_json(const char *json, const char *what) {
    if (json == NULL) fz_fail("NULL JSON", what);
    tenuo_args *a = NULL;
    tenuo_status s = tenuo_args_from_json(json, strlen(json), &a);
    if (s == TENUO_E_INVALID_JSON || s == TENUO_E_INVALID_UTF8) {
        fprintf(stderr, "%s: %s\n", what, json);
        fz_fail("the library's own JSON does not parse", tenuo_last_error_message());
    }
    tenuo_args_free(a);
}

/* ---- Fixed keys: seeds 0x01.. (issuer), 0x02.. (holder), as in Tests/Vectors ---------------- */

typedef struct {
    tenuo_signing_key *issuer, *holder;
    tenuo_public_key *issuer_pk, *holder_pk;
    uint8_t issuer_pk_bytes[TENUO_PUBLIC_KEY_BYTES], holder_pk_bytes[TENUO_PUBLIC_KEY_BYTES];
    tenuo_authorizer *auth;
} fz_keys;

static fz_keys FZ;

static inline void fz_init_keys(void) {
    uint8_t seed[TENUO_SEED_BYTES];
    memset(seed, 0x01, sizeof seed);
    FZ_CHECK(tenuo_signing_key_from_seed(seed, sizeof seed, &FZ.issuer) == TENUO_OK, "issuer key");
    memset(seed, 0x02, sizeof seed);
    FZ_CHECK(tenuo_signing_key_from_seed(seed, sizeof seed, &FZ.holder) == TENUO_OK, "holder key");
    FZ_CHECK(tenuo_signing_key_public_key(FZ.issuer, &FZ.issuer_pk) == TENUO_OK, "issuer pk");
    FZ_CHECK(tenuo_signing_key_public_key(FZ.holder, &FZ.holder_pk) == TENUO_OK, "holder pk");
    FZ_CHECK(tenuo_public_key_to_bytes(FZ.issuer_pk, FZ.issuer_pk_bytes, TENUO_PUBLIC_KEY_BYTES) == TENUO_OK, "pk bytes");
    FZ_CHECK(tenuo_public_key_to_bytes(FZ.holder_pk, FZ.holder_pk_bytes, TENUO_PUBLIC_KEY_BYTES) == TENUO_OK, "pk bytes");
    FZ_CHECK(tenuo_authorizer_new(FZ.issuer_pk_bytes, TENUO_PUBLIC_KEY_BYTES, 0, TENUO_DEFAULT_CLOCK_TOLERANCE,
                                  &FZ.auth) == TENUO_OK, "authorizer");
}

/* Mints an execution warrant for the fixed holder with one tool and its constraint JSON. */
static inline tenuo_warrant *fz_mint(const char *tool, const char *constraints_json) {
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    static const uint8_t id[TENUO_WARRANT_ID_BYTES] = {0x01, 0x94, 0x71, 0xf8, 0, 0, 0x70, 0, 0x80, 0, 0, 0, 0, 0, 0, 0x42};
    FZ_CHECK(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) == TENUO_OK, "builder");
    tenuo_status s = tenuo_mint_builder_add_tool(b, tool, strlen(tool), constraints_json, strlen(constraints_json));
    if (s == TENUO_OK) s = tenuo_mint_builder_set_holder(b, FZ.holder_pk);
    if (s == TENUO_OK) s = tenuo_mint_builder_set_id(b, id, sizeof id);
    if (s == TENUO_OK) s = tenuo_mint_builder_set_issued_at(b, FZ_NOW);
    if (s == TENUO_OK) s = tenuo_mint_builder_set_ttl(b, 3600);
    if (s == TENUO_OK) s = tenuo_mint_builder_mint(b, FZ.issuer, FZ_NOW, &w);
    fz_failed_call(s, w);
    tenuo_mint_builder_free(b);
    return w;
}

/* ---- Input splitting --------------------------------------------------------------------- */

typedef struct {
    const char *p;
    size_t n;
} fz_str;

/* Splits data at '\n' into at most max parts (the last part keeps any further newlines); the
 * parts past the returned count are set empty. */
static inline size_t fz_split(const uint8_t *data, size_t size, fz_str *parts, size_t max) {
    size_t count = 0, start = 0;
    for (size_t i = 0; i < max; i++) {
        parts[i].p = (const char *)data + size;
        parts[i].n = 0;
    }
    for (size_t i = 0; i < size && count + 1 < max; i++) {
        if (data[i] == '\n') {
            parts[count].p = (const char *)data + start;
            parts[count].n = i - start;
            count++;
            start = i + 1;
        }
    }
    parts[count].p = (const char *)data + start;
    parts[count].n = size - start;
    return count + 1;
}

/* JSON string literal of arbitrary bytes: control bytes, quote and backslash escaped; bytes
 * >= 0x80 kept raw (so invalid UTF-8 reaches the library's UTF-8 check). Caller frees. */
static inline char *fz_json_string(const char *p, size_t n, size_t *out_len) {
    char *s = malloc(6 * n + 3);
    if (s == NULL) abort();
    size_t k = 0;
    s[k++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == '"' || c == '\\') {
            s[k++] = '\\';
            s[k++] = (char)c;
        } else if (c < 0x20) {
            k += (size_t)snprintf(s + k, 7, "\\u%04x", c);
        } else {
            s[k++] = (char)c;
        }
    }
    s[k++] = '"';
    s[k] = '\0';
    *out_len = k;
    return s;
}

static inline uint64_t fz_u64(const uint8_t *p, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 8; i++) v = (v << 8) | p[i];
    return v;
}

#endif
