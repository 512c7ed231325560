/*
 * Deterministic mutation test of libtenuo's untrusted-input entry points, through the C API:
 *   tenuo_warrant_from_bytes, tenuo_warrant_parse, tenuo_chain_from_bytes, tenuo_chain_parse,
 *   tenuo_args_from_json, and tenuo_mint_builder_add_tool/_mint with garbage constraint JSON.
 * Inputs: valid warrants and chains minted here (fixed seeds, ids and times), then bit flips,
 * byte changes, truncations, insertions, deletions, random bytes, payload mutations re-signed
 * with the issuer's key (so the payload decoder behind the signature check is reached),
 * non-canonical CBOR (non-shortest heads, indefinite lengths, tags, trailing bytes), oversized
 * input (64 KiB + 1, 256 KiB + 1, 1 MiB + 1), NULL pointers with nonzero lengths and invalid UTF-8.
 *
 * Every call must either fail with a nonzero status, a NULL out-parameter and a non-NULL
 * tenuo_last_error_message(), or (the rare valid mutation) succeed with a result that
 * round-trips to the same bytes. Crashes end the process, which fails `make test-c`.
 * The random sequence is a seeded xorshift64*, so every run feeds the same inputs.
 *
 * Usage: fuzz [SEED [SCALE]]   (defaults: seed 0x7e4e0f22, scale 1; SCALE multiplies the counts)
 * Prints "N passed, M failed" and exits non-zero on any failure.
 */
#include "tenuo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static long status_seen[2200]; /* how often each status came back: shows which checks were reached */
static long accepted_mutations;
static const char *current = "setup"; /* mutation in progress, for failure reports */
static long iteration;

/* ---- Random numbers ----------------------------------------------------------------------- */

static uint64_t rng_state = 0x7e4e0f22u;

static uint64_t next_u64(void) {
    uint64_t x = rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    rng_state = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static size_t below(size_t n) { return n == 0 ? 0 : (size_t)(next_u64() % n); }
static uint8_t rand_byte(void) { return (uint8_t)(next_u64() >> 56); }

/* ---- Buffers ------------------------------------------------------------------------------ */

typedef struct {
    uint8_t *p;
    size_t n;
} buf;

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (p == NULL) {
        fprintf(stderr, "fuzz: out of memory\n");
        exit(2);
    }
    return p;
}

static buf buf_copy(const uint8_t *p, size_t n) {
    buf b = {xmalloc(n), n};
    if (n) memcpy(b.p, p, n);
    return b;
}

/* Replaces b.p[at, at+del) with ins[0, ins_n). */
static void splice(buf *b, size_t at, size_t del, const uint8_t *ins, size_t ins_n) {
    if (at > b->n) at = b->n;
    if (del > b->n - at) del = b->n - at;
    size_t n = b->n - del + ins_n;
    uint8_t *p = xmalloc(n);
    memcpy(p, b->p, at);
    if (ins_n) memcpy(p + at, ins, ins_n);
    memcpy(p + at + ins_n, b->p + at + del, b->n - at - del);
    free(b->p);
    b->p = p;
    b->n = n;
}

/* ---- Checks ------------------------------------------------------------------------------- */

static void report(const char *what, const char *detail, const uint8_t *input, size_t n) {
    failed++;
    if (failed > 25) return;
    fprintf(stderr, "FAIL %s [%s, iteration %ld]: %s\n", what, current, iteration, detail);
    if (input != NULL) {
        fprintf(stderr, "     input (%zu bytes):", n);
        for (size_t i = 0; i < n && i < 48; i++) fprintf(stderr, " %02x", input[i]);
        fprintf(stderr, n > 48 ? " ...\n" : "\n");
    }
}

/* A failure must name a known status, leave the out-parameter NULL and a message behind. */
static int check_failure(const char *what, tenuo_status st, const void *out, const uint8_t *input, size_t n) {
    if (st >= 0 && st < 2200) status_seen[st]++;
    const char *name = tenuo_status_name(st);
    const char *msg = tenuo_last_error_message();
    if (out != NULL) report(what, "nonzero status but the out-parameter is not NULL", input, n);
    else if (msg == NULL || msg[0] == '\0') report(what, "nonzero status without an error message", input, n);
    else if (name == NULL || strcmp(name, "UNKNOWN") == 0) report(what, "status has no name", input, n);
    else {
        passed++;
        return 1;
    }
    return 0;
}

static void check_rejected(const char *what, tenuo_status st, const void *out, const uint8_t *input, size_t n) {
    if (st == TENUO_OK) report(what, "accepted input that must be rejected", input, n);
    else check_failure(what, st, out, input, n);
}

static int same(const uint8_t *a, size_t an, const uint8_t *b, size_t bn) {
    return an == bn && (an == 0 || memcmp(a, b, an) == 0);
}

/* A decoded warrant re-encodes to exactly its input, and survives base64 and PEM. */
static void check_warrant(const char *what, tenuo_status st, tenuo_warrant *w, const uint8_t *input, size_t n,
                          int bytes_must_match) {
    if (st != TENUO_OK) {
        check_failure(what, st, w, input, n);
        return;
    }
    uint8_t *out = NULL;
    size_t out_n = 0;
    char *text = NULL;
    tenuo_warrant *back = NULL;
    int good = tenuo_warrant_to_bytes(w, &out, &out_n) == TENUO_OK;
    if (good && bytes_must_match && !same(out, out_n, input, n)) good = 0;
    if (good) good = tenuo_warrant_to_base64(w, &text) == TENUO_OK &&
                     tenuo_warrant_parse(text, strlen(text), &back) == TENUO_OK;
    if (good) {
        uint8_t *again = NULL;
        size_t again_n = 0;
        good = tenuo_warrant_to_bytes(back, &again, &again_n) == TENUO_OK && same(again, again_n, out, out_n);
        tenuo_bytes_free(again, again_n);
    }
    if (good) passed++;
    else report(what, "accepted, but does not round-trip to the same bytes", input, n);
    if (strcmp(current, "seed") != 0) accepted_mutations++;
    tenuo_warrant_free(back);
    tenuo_string_free(text);
    tenuo_bytes_free(out, out_n);
}

static void check_chain(const char *what, tenuo_status st, tenuo_chain *c, const uint8_t *input, size_t n) {
    if (st != TENUO_OK) {
        check_failure(what, st, c, input, n);
        return;
    }
    uint8_t *a = NULL, *b = NULL;
    size_t an = 0, bn = 0;
    tenuo_chain *back = NULL;
    int good = tenuo_chain_len(c) >= 1 && tenuo_chain_to_bytes(c, &a, &an) == TENUO_OK &&
               tenuo_chain_from_bytes(a, an, &back) == TENUO_OK && tenuo_chain_to_bytes(back, &b, &bn) == TENUO_OK &&
               same(a, an, b, bn) && tenuo_chain_len(back) == tenuo_chain_len(c);
    if (good) passed++;
    else report(what, "accepted, but does not round-trip", input, n);
    tenuo_chain_free(back);
    tenuo_bytes_free(a, an);
    tenuo_bytes_free(b, bn);
}

/* ---- Feeding ------------------------------------------------------------------------------ */

static void feed_warrant_bytes(const uint8_t *p, size_t n, int bytes_must_match) {
    tenuo_warrant *w = NULL;
    tenuo_status st = tenuo_warrant_from_bytes(p, n, &w);
    check_warrant("warrant_from_bytes", st, w, p, n, bytes_must_match);
    tenuo_warrant_free(w);
}

static void feed_warrant_text(const char *s, size_t n) {
    tenuo_warrant *w = NULL;
    tenuo_status st = tenuo_warrant_parse(s, n, &w);
    check_warrant("warrant_parse", st, w, (const uint8_t *)s, n, 0);
    tenuo_warrant_free(w);
}

static void feed_chain_bytes(const uint8_t *p, size_t n) {
    tenuo_chain *c = NULL;
    tenuo_status st = tenuo_chain_from_bytes(p, n, &c);
    check_chain("chain_from_bytes", st, c, p, n);
    tenuo_chain_free(c);
}

static void feed_chain_text(const char *s, size_t n) {
    tenuo_chain *c = NULL;
    tenuo_status st = tenuo_chain_parse(s, n, &c);
    check_chain("chain_parse", st, c, (const uint8_t *)s, n);
    tenuo_chain_free(c);
}

static void feed_args(const char *s, size_t n) {
    tenuo_args *a = NULL;
    tenuo_status st = tenuo_args_from_json(s, n, &a);
    if (st != TENUO_OK) {
        check_failure("args_from_json", st, a, (const uint8_t *)s, n);
        return;
    }
    char *j1 = NULL, *j2 = NULL;
    tenuo_args *b = NULL;
    int good = tenuo_args_to_json(a, &j1) == TENUO_OK && tenuo_args_from_json(j1, strlen(j1), &b) == TENUO_OK &&
               tenuo_args_to_json(b, &j2) == TENUO_OK && strcmp(j1, j2) == 0 &&
               tenuo_args_count(a) == tenuo_args_count(b);
    if (good) passed++;
    else report("args_from_json", "accepted, but to_json does not round-trip", (const uint8_t *)s, n);
    tenuo_string_free(j1);
    tenuo_string_free(j2);
    tenuo_args_free(b);
    tenuo_args_free(a);
}

/* A tool with garbage constraints: refused by add_tool, or the mint fails cleanly, or the
   minted warrant decodes back to the same bytes. */
static void feed_constraints(const tenuo_signing_key *key, const char *s, size_t n) {
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL;
    if (tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) != TENUO_OK) {
        report("mint_builder_new", "failed", NULL, 0);
        return;
    }
    tenuo_status st = tenuo_mint_builder_add_tool(b, "t", 1, s, n);
    if (st != TENUO_OK) {
        check_failure("mint_builder_add_tool", st, NULL, (const uint8_t *)s, n);
    } else {
        st = tenuo_mint_builder_mint(b, key, 1704067200, &w);
        if (st != TENUO_OK) {
            check_failure("mint_builder_mint", st, w, (const uint8_t *)s, n);
        } else {
            uint8_t *p = NULL;
            size_t pn = 0;
            if (tenuo_warrant_to_bytes(w, &p, &pn) == TENUO_OK) feed_warrant_bytes(p, pn, 1);
            else report("warrant_to_bytes", "failed on a minted warrant", (const uint8_t *)s, n);
            tenuo_bytes_free(p, pn);
        }
    }
    tenuo_warrant_free(w);
    tenuo_mint_builder_free(b);
}

/* ---- Seeds: valid inputs made by the library -------------------------------------------- */

enum { NOW = 1704067200 };

typedef struct {
    buf envelope; /* CBOR envelope */
    buf payload;  /* its signed payload */
    const tenuo_signing_key *issuer;
} seed_warrant;

static tenuo_signing_key *key_from_byte(uint8_t b) {
    uint8_t seed[32];
    memset(seed, b, sizeof seed);
    tenuo_signing_key *k = NULL;
    if (tenuo_signing_key_from_seed(seed, sizeof seed, &k) != TENUO_OK) {
        fprintf(stderr, "fuzz: key from seed failed: %s\n", tenuo_last_error_message());
        exit(2);
    }
    return k;
}

static void must(tenuo_status st, const char *what) {
    if (st != TENUO_OK) {
        fprintf(stderr, "fuzz: setup step %s failed: %s: %s\n", what, tenuo_status_name(st), tenuo_last_error_message());
        exit(2);
    }
}

static void set_random_id_mint(tenuo_mint_builder *b) {
    uint8_t id[16];
    for (size_t i = 0; i < sizeof id; i++) id[i] = rand_byte();
    id[6] = (uint8_t)(0x70 | (id[6] & 0x0f)); /* UUIDv7 version and variant bits */
    id[8] = (uint8_t)(0x80 | (id[8] & 0x3f));
    must(tenuo_mint_builder_set_id(b, id, sizeof id), "mint set_id");
}

static seed_warrant seed_of(const tenuo_warrant *w, const tenuo_signing_key *issuer) {
    seed_warrant s;
    must(tenuo_warrant_to_bytes(w, &s.envelope.p, &s.envelope.n), "to_bytes");
    must(tenuo_warrant_payload_bytes(w, &s.payload.p, &s.payload.n), "payload_bytes");
    /* Keep copies in malloc'd memory so they can be mutated and freed uniformly. */
    buf e = buf_copy(s.envelope.p, s.envelope.n), p = buf_copy(s.payload.p, s.payload.n);
    tenuo_bytes_free(s.envelope.p, s.envelope.n);
    tenuo_bytes_free(s.payload.p, s.payload.n);
    s.envelope = e;
    s.payload = p;
    s.issuer = issuer;
    return s;
}

/* ---- Envelope building (for re-signed payload mutations) --------------------------------- */

static size_t put_head(uint8_t *out, uint8_t major, uint64_t v) {
    uint8_t m = (uint8_t)(major << 5);
    if (v < 24) { out[0] = (uint8_t)(m | v); return 1; }
    if (v < 256) { out[0] = m | 24; out[1] = (uint8_t)v; return 2; }
    if (v < 65536) { out[0] = m | 25; out[1] = (uint8_t)(v >> 8); out[2] = (uint8_t)v; return 3; }
    out[0] = m | 26;
    for (int i = 0; i < 4; i++) out[1 + i] = (uint8_t)(v >> (24 - 8 * i));
    return 5;
}

/* [1, bstr(payload), [1, bstr(Ed25519(issuer, "tenuo-warrant-v1" || 0x01 || payload))]] */
static buf envelope_signed(const tenuo_signing_key *issuer, const uint8_t *payload, size_t n) {
    static const char ctx[] = "tenuo-warrant-v1";
    size_t mlen = sizeof ctx - 1 + 1 + n;
    uint8_t *msg = xmalloc(mlen);
    memcpy(msg, ctx, sizeof ctx - 1);
    msg[sizeof ctx - 1] = 0x01;
    if (n) memcpy(msg + sizeof ctx, payload, n);
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    must(tenuo_signing_key_sign_raw(issuer, msg, mlen, sig, sizeof sig), "sign_raw");
    free(msg);
    buf e = {xmalloc(n + 96), 0};
    e.p[e.n++] = 0x83;
    e.p[e.n++] = 0x01;
    e.n += put_head(e.p + e.n, 2, n);
    if (n) memcpy(e.p + e.n, payload, n);
    e.n += n;
    e.p[e.n++] = 0x82;
    e.p[e.n++] = 0x01;
    e.n += put_head(e.p + e.n, 2, sizeof sig);
    memcpy(e.p + e.n, sig, sizeof sig);
    e.n += sizeof sig;
    return e;
}

/* ---- Mutations ---------------------------------------------------------------------------- */

static void mutate(buf *b) {
    size_t kind = below(10);
    uint8_t junk[64];
    size_t jn = 1 + below(sizeof junk);
    for (size_t i = 0; i < jn; i++) junk[i] = rand_byte();
    switch (kind) {
    case 0: /* flip 1-8 bits */
    case 1: {
        current = "bit flip";
        size_t flips = 1 + below(8);
        for (size_t i = 0; i < flips && b->n; i++) b->p[below(b->n)] ^= (uint8_t)(1u << below(8));
        break;
    }
    case 2: /* replace one byte, often with a CBOR-special value */
        current = "byte set";
        if (b->n) {
            static const uint8_t special[] = {0x00, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x40, 0x5f, 0x60, 0x7f,
                                              0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xd9, 0xf4, 0xf5, 0xf6, 0xf7, 0xf9,
                                              0xfa, 0xfb, 0xff};
            b->p[below(b->n)] = below(2) ? special[below(sizeof special)] : rand_byte();
        }
        break;
    case 3: /* truncate */
        current = "truncation";
        b->n = below(b->n + 1);
        break;
    case 4: /* insert random bytes */
        current = "insertion";
        splice(b, below(b->n + 1), 0, junk, jn);
        break;
    case 5: /* delete a span */
        current = "deletion";
        splice(b, below(b->n + 1), 1 + below(16), NULL, 0);
        break;
    case 6: { /* duplicate a span */
        current = "duplication";
        size_t at = below(b->n + 1), len = 1 + below(32);
        if (at + len > b->n) len = b->n - at;
        buf dup = buf_copy(b->p + at, len);
        splice(b, below(b->n + 1), 0, dup.p, dup.n);
        free(dup.p);
        break;
    }
    case 7: /* overwrite a span with random bytes */
        current = "overwrite";
        if (b->n) {
            size_t at = below(b->n);
            for (size_t i = 0; i < jn && at + i < b->n; i++) b->p[at + i] = junk[i];
        }
        break;
    case 8: { /* widen a CBOR head at a random offset (non-shortest form) */
        current = "head widening";
        if (!b->n) break;
        size_t at = below(b->n);
        uint8_t h = b->p[at], major = h & 0xe0, info = h & 0x1f;
        if (major == 0xe0) break;
        if (info < 24) {
            uint8_t w[2] = {(uint8_t)(major | 24), info};
            splice(b, at, 1, w, 2);
        } else if (info == 24 && at + 1 < b->n) {
            uint8_t w[3] = {(uint8_t)(major | 25), 0, b->p[at + 1]};
            splice(b, at, 2, w, 3);
        } else if (info == 25 && at + 2 < b->n) {
            uint8_t w[5] = {(uint8_t)(major | 26), 0, 0, b->p[at + 1], b->p[at + 2]};
            splice(b, at, 3, w, 5);
        }
        break;
    }
    default: /* random bytes, random length */
        current = "random bytes";
        b->n = 0;
        {
            size_t n = below(600);
            free(b->p);
            b->p = xmalloc(n);
            for (size_t i = 0; i < n; i++) b->p[i] = rand_byte();
            b->n = n;
        }
        break;
    }
}

/* Deliberately non-canonical encodings of a valid envelope: all must be rejected. */
static void noncanonical_envelopes(const seed_warrant *s) {
    const buf *e = &s->envelope;
    /* Layout: 83 01 <bstr head> payload 82 01 58 40 sig */
    size_t ph = e->p[2] == 0x58 ? 2 : e->p[2] == 0x59 ? 3 : 1; /* payload head length */
    size_t pn = s->payload.n;
    size_t sig_at = 2 + ph + pn; /* index of 0x82 */
    static const uint8_t tag[] = {0xd9, 0xd9, 0xf7};
    for (int variant = 0; variant < 12; variant++) {
        buf b = buf_copy(e->p, e->n);
        switch (variant) {
        case 0: current = "envelope array head widened"; splice(&b, 0, 1, (const uint8_t[]){0x98, 0x03}, 2); break;
        case 1: current = "version widened"; splice(&b, 1, 1, (const uint8_t[]){0x18, 0x01}, 2); break;
        case 2: { /* payload byte-string head one size wider */
            current = "payload head widened";
            uint8_t w[5];
            size_t wn;
            if (pn < 256) { w[0] = 0x59; w[1] = 0; w[2] = (uint8_t)pn; wn = 3; }
            else { w[0] = 0x5a; w[1] = 0; w[2] = 0; w[3] = (uint8_t)(pn >> 8); w[4] = (uint8_t)pn; wn = 5; }
            splice(&b, 2, ph, w, wn);
            break;
        }
        case 3: current = "signature array head widened"; splice(&b, sig_at, 1, (const uint8_t[]){0x98, 0x02}, 2); break;
        case 4: current = "algorithm widened"; splice(&b, sig_at + 1, 1, (const uint8_t[]){0x18, 0x01}, 2); break;
        case 5: current = "signature head widened"; splice(&b, sig_at + 2, 2, (const uint8_t[]){0x59, 0x00, 0x40}, 3); break;
        case 6: /* indefinite-length envelope array */
            current = "indefinite envelope";
            b.p[0] = 0x9f;
            splice(&b, b.n, 0, (const uint8_t[]){0xff}, 1);
            break;
        case 7: /* payload as an indefinite byte string of one chunk */
            current = "indefinite payload";
            splice(&b, 2 + ph + pn, 0, (const uint8_t[]){0xff}, 1);
            splice(&b, 2, 0, (const uint8_t[]){0x5f}, 1);
            break;
        case 8: current = "self-describe tag"; splice(&b, 0, 0, tag, sizeof tag); break;
        case 9: current = "trailing byte"; splice(&b, b.n, 0, (const uint8_t[]){0x00}, 1); break;
        case 10: current = "signature too short"; splice(&b, sig_at + 2, 1, (const uint8_t[]){0x58, 0x3f}, 2); b.n--; break;
        default: current = "envelope as a map"; b.p[0] = 0xa1; b.n = 3; break;
        }
        tenuo_warrant *w = NULL;
        tenuo_status st = tenuo_warrant_from_bytes(b.p, b.n, &w);
        check_rejected("warrant_from_bytes", st, w, b.p, b.n);
        tenuo_warrant_free(w);
        free(b.p);
    }
    /* Non-canonical payloads under a valid signature: the decoder itself must refuse them. */
    for (int variant = 0; variant < 4; variant++) {
        buf p = buf_copy(s->payload.p, s->payload.n);
        uint8_t h = p.p[0];
        switch (variant) {
        case 0: /* map head widened */
            current = "re-signed payload map head widened";
            splice(&p, 0, 1, (const uint8_t[]){0xb8, (uint8_t)(h & 0x1f)}, 2);
            break;
        case 1: /* indefinite map */
            current = "re-signed indefinite payload map";
            p.p[0] = 0xbf;
            splice(&p, p.n, 0, (const uint8_t[]){0xff}, 1);
            break;
        case 2: /* first key (0, the version) widened */
            current = "re-signed payload key widened";
            splice(&p, 1, 1, (const uint8_t[]){0x18, p.p[1]}, 2);
            break;
        default: /* trailing byte inside the payload */
            current = "re-signed payload trailing byte";
            splice(&p, p.n, 0, (const uint8_t[]){0xf6}, 1);
            break;
        }
        buf e2 = envelope_signed(s->issuer, p.p, p.n);
        tenuo_warrant *w = NULL;
        tenuo_status st = tenuo_warrant_from_bytes(e2.p, e2.n, &w);
        check_rejected("warrant_from_bytes", st, w, e2.p, e2.n);
        tenuo_warrant_free(w);
        free(e2.p);
        free(p.p);
    }
}

/* ---- Text helpers ------------------------------------------------------------------------- */

static char *b64url(const uint8_t *p, size_t n) {
    static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char *s = xmalloc(n / 3 * 4 + 5);
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        s[o++] = a[v >> 18];
        s[o++] = a[(v >> 12) & 63];
        s[o++] = a[(v >> 6) & 63];
        s[o++] = a[v & 63];
    }
    if (n - i == 1) {
        s[o++] = a[p[i] >> 2];
        s[o++] = a[(p[i] & 3) << 4];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 8 | p[i + 1];
        s[o++] = a[v >> 10];
        s[o++] = a[(v >> 4) & 63];
        s[o++] = a[(v & 15) << 2];
    }
    s[o] = '\0';
    return s;
}

/* Text mutations: like mutate(), plus characters that matter in base64/PEM/JSON and UTF-8. */
static void mutate_text(buf *b) {
    static const char *const pieces[] = {"=", "==", "-", "_", "+", "/", " ", "\n", "\r\n", "\t", "\"", "\\",
                                         "{", "}", "[", "]", ":", ",", "-----", "BEGIN", "END", "\\u0000",
                                         "\\ud800", "1e999999", "-0", "NaN", "Infinity", "null", "true"};
    static const uint8_t bad_utf8[][4] = {{0xff, 0, 0, 0}, {0xc0, 0xaf, 0, 0}, {0xed, 0xa0, 0x80, 0}, {0xe2, 0x82, 0, 0},
                                          {0xf8, 0x88, 0x80, 0x80}, {0x80, 0, 0, 0}, {0xf4, 0x90, 0x80, 0x80}};
    static const size_t bad_len[] = {1, 2, 3, 2, 4, 1, 4};
    size_t k = below(4);
    if (k == 0) {
        const char *piece = pieces[below(sizeof pieces / sizeof pieces[0])];
        current = "text piece";
        splice(b, below(b->n + 1), below(3), (const uint8_t *)piece, strlen(piece));
    } else if (k == 1) {
        size_t which = below(sizeof bad_len / sizeof bad_len[0]);
        current = "invalid UTF-8";
        splice(b, below(b->n + 1), below(2), bad_utf8[which], bad_len[which]);
    } else {
        mutate(b);
    }
}

/* ---- Main --------------------------------------------------------------------------------- */

int main(int argc, char **argv) {
    if (argc > 1) rng_state = strtoull(argv[1], NULL, 0);
    if (rng_state == 0) rng_state = 1;
    long scale = argc > 2 ? strtol(argv[2], NULL, 10) : 1;
    if (scale < 1) scale = 1;
    uint64_t seed_used = rng_state;

    /* Seeds: a root with every constraint type, a child of it, an issuer warrant. */
    tenuo_signing_key *root_key = key_from_byte(0x11), *mid_key = key_from_byte(0x22), *leaf_key = key_from_byte(0x33);
    tenuo_public_key *mid_pub = NULL, *leaf_pub = NULL;
    must(tenuo_signing_key_public_key(mid_key, &mid_pub), "public_key");
    must(tenuo_signing_key_public_key(leaf_key, &leaf_pub), "public_key");
    static const char rich[] =
        "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"},"
        " \"n\": {\"type\": \"Range\", \"min\": 0, \"max\": 100.5, \"min_inclusive\": true, \"max_inclusive\": false},"
        " \"env\": {\"type\": \"OneOf\", \"values\": [\"staging\", \"prod\", 3, 2.5, true]},"
        " \"not\": {\"type\": \"NotOneOf\", \"excluded\": [\"root\"]},"
        " \"mode\": {\"type\": \"Exact\", \"value\": \"r\"}, \"any\": {\"type\": \"Wildcard\"}}";
    tenuo_mint_builder *mb = NULL;
    tenuo_warrant *root = NULL, *child = NULL, *issuer_w = NULL;
    must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &mb), "mint_builder_new");
    must(tenuo_mint_builder_add_tool(mb, "read_file", 9, rich, sizeof rich - 1), "add_tool rich");
    must(tenuo_mint_builder_add_tool(mb, "list_dir", 8, NULL, 0), "add_tool bare");
    must(tenuo_mint_builder_set_holder(mb, mid_pub), "set_holder");
    must(tenuo_mint_builder_set_issued_at(mb, NOW), "set_issued_at");
    must(tenuo_mint_builder_set_ttl(mb, 3600), "set_ttl");
    must(tenuo_mint_builder_set_max_depth(mb, 4), "set_max_depth");
    must(tenuo_mint_builder_set_clearance(mb, 30), "set_clearance");
    must(tenuo_mint_builder_set_session_id(mb, "sess-1", 6), "set_session_id");
    must(tenuo_mint_builder_set_extension(mb, "app.note", 8, (const uint8_t *)"\x01\x02\x03", 3), "set_extension");
    set_random_id_mint(mb);
    must(tenuo_mint_builder_mint(mb, root_key, NOW, &root), "mint root");
    tenuo_mint_builder_free(mb);

    tenuo_grant_builder *gb = NULL;
    static const char narrow[] = "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/reports/*\"},"
                                 " \"n\": {\"type\": \"Range\", \"min\": 1, \"max\": 50, \"min_inclusive\": true, \"max_inclusive\": true},"
                                 " \"env\": {\"type\": \"OneOf\", \"values\": [\"staging\"]},"
                                 " \"not\": {\"type\": \"NotOneOf\", \"excluded\": [\"root\", \"admin\"]},"
                                 " \"mode\": {\"type\": \"Exact\", \"value\": \"r\"}, \"any\": {\"type\": \"Exact\", \"value\": 1}}";
    must(tenuo_grant_builder_new(root, &gb), "grant_builder_new");
    must(tenuo_grant_builder_allow_tool(gb, "read_file", 9), "allow_tool");
    must(tenuo_grant_builder_set_constraints(gb, "read_file", 9, narrow, sizeof narrow - 1), "set_constraints");
    must(tenuo_grant_builder_set_holder(gb, leaf_pub), "grant set_holder");
    must(tenuo_grant_builder_set_issued_at(gb, NOW), "grant set_issued_at");
    must(tenuo_grant_builder_set_ttl(gb, 600), "grant set_ttl");
    {
        uint8_t id[16];
        for (size_t i = 0; i < sizeof id; i++) id[i] = rand_byte();
        id[6] = (uint8_t)(0x70 | (id[6] & 0x0f));
        id[8] = (uint8_t)(0x80 | (id[8] & 0x3f));
        must(tenuo_grant_builder_set_id(gb, id, sizeof id), "grant set_id");
    }
    must(tenuo_grant_builder_grant(gb, mid_key, NOW, &child), "grant");
    tenuo_grant_builder_free(gb);

    must(tenuo_mint_builder_new(TENUO_WARRANT_ISSUER, &mb), "issuer builder");
    must(tenuo_mint_builder_add_issuable_tool(mb, "read_file", 9), "issuable");
    must(tenuo_mint_builder_set_max_issue_depth(mb, 2), "max_issue_depth");
    must(tenuo_mint_builder_set_issued_at(mb, NOW), "issuer issued_at");
    set_random_id_mint(mb);
    must(tenuo_mint_builder_mint(mb, root_key, NOW, &issuer_w), "mint issuer");
    tenuo_mint_builder_free(mb);

    seed_warrant seeds[3] = {seed_of(root, root_key), seed_of(child, mid_key), seed_of(issuer_w, root_key)};
    tenuo_chain *chain1 = NULL, *chain2 = NULL;
    must(tenuo_chain_new(root, &chain1), "chain_new");
    must(tenuo_chain_push(chain1, child, &chain2), "chain_push");
    buf stack;
    must(tenuo_chain_to_bytes(chain2, &stack.p, &stack.n), "chain_to_bytes");
    buf stack_copy = buf_copy(stack.p, stack.n);
    tenuo_bytes_free(stack.p, stack.n);
    stack = stack_copy;
    char *chain_pem = NULL, *warrant_pem = NULL;
    must(tenuo_chain_to_pem(chain2, &chain_pem), "chain_to_pem");
    must(tenuo_warrant_to_pem(child, &warrant_pem), "warrant_to_pem");

    /* The seeds themselves are accepted and round-trip. */
    current = "seed";
    for (int i = 0; i < 3; i++) feed_warrant_bytes(seeds[i].envelope.p, seeds[i].envelope.n, 1);
    feed_chain_bytes(stack.p, stack.n);
    feed_chain_text(chain_pem, strlen(chain_pem));
    feed_warrant_text(warrant_pem, strlen(warrant_pem));

    /* 1. Envelope mutations (the signature check usually stops these). */
    for (iteration = 0; iteration < 3000 * scale; iteration++) {
        const seed_warrant *s = &seeds[below(3)];
        buf b = buf_copy(s->envelope.p, s->envelope.n);
        size_t rounds = 1 + below(3);
        for (size_t r = 0; r < rounds; r++) mutate(&b);
        feed_warrant_bytes(b.p, b.n, 1);
        if (iteration % 4 == 0) feed_chain_bytes(b.p, b.n);
        free(b.p);
    }

    /* 2. Payload mutations re-signed by the issuer: they reach the payload decoder. */
    for (iteration = 0; iteration < 1500 * scale; iteration++) {
        const seed_warrant *s = &seeds[below(3)];
        buf p = buf_copy(s->payload.p, s->payload.n);
        size_t rounds = 1 + below(2);
        for (size_t r = 0; r < rounds; r++) mutate(&p);
        buf e = envelope_signed(s->issuer, p.p, p.n);
        feed_warrant_bytes(e.p, e.n, 1);
        free(e.p);
        free(p.p);
    }

    /* 3. Non-canonical CBOR, envelope and (re-signed) payload. */
    for (int i = 0; i < 3; i++) noncanonical_envelopes(&seeds[i]);

    /* 4. Chain stacks: mutated bytes, and stacks rebuilt from re-signed mutated links. */
    for (iteration = 0; iteration < 800 * scale; iteration++) {
        buf b = buf_copy(stack.p, stack.n);
        mutate(&b);
        feed_chain_bytes(b.p, b.n);
        free(b.p);
    }

    /* 5. Text forms: base64url of mutated bytes, mutated base64 and PEM text. */
    for (iteration = 0; iteration < 1000 * scale; iteration++) {
        size_t which = below(4);
        buf b;
        if (which == 0) {
            const buf *src = &seeds[below(3)].envelope;
            buf raw = buf_copy(src->p, src->n);
            mutate(&raw);
            char *t = b64url(raw.p, raw.n);
            b = buf_copy((const uint8_t *)t, strlen(t));
            free(t);
            free(raw.p);
        } else if (which == 1) {
            const buf *src = &seeds[below(3)].envelope;
            char *t = b64url(src->p, src->n);
            b = buf_copy((const uint8_t *)t, strlen(t));
            free(t);
            mutate_text(&b);
        } else if (which == 2) {
            b = buf_copy((const uint8_t *)warrant_pem, strlen(warrant_pem));
            mutate_text(&b);
        } else {
            b = buf_copy((const uint8_t *)chain_pem, strlen(chain_pem));
            mutate_text(&b);
        }
        feed_warrant_text((const char *)b.p, b.n);
        feed_chain_text((const char *)b.p, b.n);
        free(b.p);
    }

    /* 6. Argument JSON. */
    static const char *const json_seeds[] = {
        "{\"query\": \"weather NYC\", \"n\": 50, \"x\": 50.0, \"ok\": true, \"none\": null}",
        "{\"list\": [1, 2.5, \"three\", [false, null], {\"k\": \"v\"}], \"map\": {\"a\": {\"b\": {\"c\": []}}}}",
        "{\"big\": 18446744073709551616, \"neg\": -9223372036854775808, \"e\": 1e-300, \"u\": \"caf\\u00e9 \\ud83d\\ude00\"}",
        "{}",
    };
    for (iteration = 0; iteration < 1500 * scale; iteration++) {
        const char *j = json_seeds[below(sizeof json_seeds / sizeof json_seeds[0])];
        buf b = buf_copy((const uint8_t *)j, strlen(j));
        size_t rounds = 1 + below(3);
        for (size_t r = 0; r < rounds; r++) mutate_text(&b);
        feed_args((const char *)b.p, b.n);
        free(b.p);
    }

    /* 7. Constraint JSON for the mint builder. */
    for (iteration = 0; iteration < 800 * scale; iteration++) {
        const char *j = below(2) ? rich : narrow;
        buf b = buf_copy((const uint8_t *)j, strlen(j));
        size_t rounds = 1 + below(2);
        for (size_t r = 0; r < rounds; r++) mutate_text(&b);
        feed_constraints(root_key, (const char *)b.p, b.n);
        free(b.p);
    }

    /* 8. Oversized input: random bytes, and a valid envelope padded to the size. */
    iteration = 0;
    static const size_t big[] = {64 * 1024, 64 * 1024 + 1, 256 * 1024 + 1, 1024 * 1024 + 1, 4 * 1024 * 1024};
    for (size_t i = 0; i < sizeof big / sizeof big[0]; i++, iteration++) {
        buf b = {xmalloc(big[i]), big[i]};
        for (size_t k = 0; k < b.n; k++) b.p[k] = rand_byte();
        current = "oversized random";
        feed_warrant_bytes(b.p, b.n, 1);
        feed_chain_bytes(b.p, b.n);
        feed_warrant_text((const char *)b.p, b.n);
        feed_chain_text((const char *)b.p, b.n);
        feed_args((const char *)b.p, b.n);
        current = "oversized valid prefix";
        memcpy(b.p, seeds[0].envelope.p, seeds[0].envelope.n);
        feed_warrant_bytes(b.p, b.n, 1);
        memset(b.p, 'A', b.n);
        current = "oversized base64 text";
        feed_warrant_text((const char *)b.p, b.n);
        feed_chain_text((const char *)b.p, b.n);
        /* A JSON string as large as the buffer, and deep nesting. */
        current = "oversized JSON";
        memcpy(b.p, "{\"a\": \"", 7);
        memcpy(b.p + b.n - 2, "\"}", 2);
        feed_args((const char *)b.p, b.n);
        feed_constraints(root_key, (const char *)b.p, b.n);
        size_t depth = b.n / 2 < 100000 ? b.n / 2 : 100000;
        memset(b.p, '[', depth);
        memset(b.p + depth, ']', depth);
        b.p[0] = '{';
        current = "deep nesting";
        feed_args((const char *)b.p, 2 * depth);
        feed_constraints(root_key, (const char *)b.p, 2 * depth);
        free(b.p);
    }
    /* A chain of many links (beyond the depth limit): the same valid envelope repeated. */
    {
        current = "long stack";
        size_t links = 100, n = 3 + links * seeds[0].envelope.n;
        buf b = {xmalloc(n), 0};
        b.p[b.n++] = 0x98;
        b.p[b.n++] = (uint8_t)links;
        for (size_t i = 0; i < links; i++) {
            memcpy(b.p + b.n, seeds[0].envelope.p, seeds[0].envelope.n);
            b.n += seeds[0].envelope.n;
        }
        tenuo_chain *c = NULL;
        tenuo_status st = tenuo_chain_from_bytes(b.p, b.n, &c);
        check_rejected("chain_from_bytes", st, c, b.p, b.n);
        tenuo_chain_free(c);
        free(b.p);
    }

    /* 9. NULL pointers with nonzero lengths, NULL out-parameters, invalid UTF-8 arguments. */
    current = "NULL and UTF-8 misuse";
    {
        tenuo_warrant *w = NULL;
        tenuo_chain *c = NULL;
        tenuo_args *a = NULL;
        const seed_warrant *s = &seeds[0];
        check_rejected("warrant_from_bytes(NULL, 10)", tenuo_warrant_from_bytes(NULL, 10, &w), w, NULL, 0);
        check_rejected("warrant_from_bytes(NULL, 0)", tenuo_warrant_from_bytes(NULL, 0, &w), w, NULL, 0);
        check_rejected("warrant_from_bytes(out NULL)", tenuo_warrant_from_bytes(s->envelope.p, s->envelope.n, NULL), NULL, NULL, 0);
        check_rejected("warrant_parse(NULL, 10)", tenuo_warrant_parse(NULL, 10, &w), w, NULL, 0);
        check_rejected("warrant_parse(out NULL)", tenuo_warrant_parse("abc", 3, NULL), NULL, NULL, 0);
        check_rejected("chain_from_bytes(NULL, 10)", tenuo_chain_from_bytes(NULL, 10, &c), c, NULL, 0);
        check_rejected("chain_from_bytes(out NULL)", tenuo_chain_from_bytes(stack.p, stack.n, NULL), NULL, NULL, 0);
        check_rejected("chain_parse(NULL, 10)", tenuo_chain_parse(NULL, 10, &c), c, NULL, 0);
        check_rejected("chain_parse(out NULL)", tenuo_chain_parse(chain_pem, strlen(chain_pem), NULL), NULL, NULL, 0);
        check_rejected("args_from_json(NULL, 10)", tenuo_args_from_json(NULL, 10, &a), a, NULL, 0);
        check_rejected("args_from_json(out NULL)", tenuo_args_from_json("{}", 2, NULL), NULL, NULL, 0);
        tenuo_mint_builder *b = NULL;
        must(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b), "builder");
        check_rejected("add_tool(tool NULL, 5)", tenuo_mint_builder_add_tool(b, NULL, 5, NULL, 0), NULL, NULL, 0);
        check_rejected("add_tool(json NULL, 5)", tenuo_mint_builder_add_tool(b, "t", 1, NULL, 5), NULL, NULL, 0);
        tenuo_grant_builder *g = NULL;
        must(tenuo_grant_builder_new(root, &g), "grant builder");
        check_rejected("grant set_constraints(json NULL, 5)", tenuo_grant_builder_set_constraints(g, "read_file", 9, NULL, 5),
                       NULL, NULL, 0);
        check_rejected("grant set_constraints(tool NULL, 5)", tenuo_grant_builder_set_constraints(g, NULL, 5, "{}", 2),
                       NULL, NULL, 0);
        check_rejected("grant allow_tool(NULL, 5)", tenuo_grant_builder_allow_tool(g, NULL, 5), NULL, NULL, 0);
        check_rejected("grant(key NULL)", tenuo_grant_builder_grant(g, NULL, NOW, &w), w, NULL, 0);
        tenuo_grant_builder_free(g);
        check_rejected("add_tool(builder NULL)", tenuo_mint_builder_add_tool(NULL, "t", 1, "{}", 2), NULL, NULL, 0);
        check_rejected("add_tool(tool invalid UTF-8)", tenuo_mint_builder_add_tool(b, "t\xff", 2, NULL, 0), NULL, NULL, 0);
        static const char bad_constraint[] = "{\"a\": {\"type\": \"Exact\", \"value\": \"\xc0\xaf\"}}";
        check_rejected("add_tool(json invalid UTF-8)",
                       tenuo_mint_builder_add_tool(b, "t", 1, bad_constraint, sizeof bad_constraint - 1), NULL, NULL, 0);
        check_rejected("mint(key NULL)", tenuo_mint_builder_mint(b, NULL, NOW, &w), w, NULL, 0);
        check_rejected("mint(builder NULL)", tenuo_mint_builder_mint(NULL, root_key, NOW, &w), w, NULL, 0);
        tenuo_mint_builder_free(b);
        check_rejected("args_from_json(invalid UTF-8 key)", tenuo_args_from_json("{\"\xed\xa0\x80\": 1}", 10, &a), a, NULL, 0);
        check_rejected("args_from_json(invalid UTF-8 value)", tenuo_args_from_json("{\"a\": \"\xff\"}", 10, &a), a, NULL, 0);
        check_rejected("warrant_parse(invalid UTF-8)", tenuo_warrant_parse("gwFY\xff", 5, &w), w, NULL, 0);
        check_rejected("chain_parse(invalid UTF-8)", tenuo_chain_parse("\xc3\x28", 2, &c), c, NULL, 0);
        check_rejected("warrant_parse(\"\")", tenuo_warrant_parse("", 0, &w), w, NULL, 0);
        check_rejected("chain_parse(\"\")", tenuo_chain_parse("", 0, &c), c, NULL, 0);
        check_rejected("chain_from_bytes(empty array)", tenuo_chain_from_bytes((const uint8_t *)"\x80", 1, &c), c, NULL, 0);
    }

    printf("fuzz: seed 0x%llx, scale %ld, libtenuo %s\n", (unsigned long long)seed_used, scale, tenuo_version_string());
    printf("fuzz: %ld mutated inputs accepted (and round-tripped); statuses returned:", accepted_mutations);
    for (int st = 0; st < 2200; st++)
        if (status_seen[st]) printf(" %s %ld", tenuo_status_name(st), status_seen[st]);
    printf("\n%d passed, %d failed\n", passed, failed);

    for (int i = 0; i < 3; i++) {
        free(seeds[i].envelope.p);
        free(seeds[i].payload.p);
    }
    free(stack.p);
    tenuo_string_free(chain_pem);
    tenuo_string_free(warrant_pem);
    tenuo_chain_free(chain2);
    tenuo_chain_free(chain1);
    tenuo_warrant_free(issuer_w);
    tenuo_warrant_free(child);
    tenuo_warrant_free(root);
    tenuo_public_key_free(leaf_pub);
    tenuo_public_key_free(mid_pub);
    tenuo_signing_key_free(leaf_key);
    tenuo_signing_key_free(mid_key);
    tenuo_signing_key_free(root_key);
    return failed == 0 ? 0 : 1;
}
