/*
 * The case-file harness shared by the C runners of Tests/Vectors (parity.c for vectors.json and
 * constraints-*.json, approvals.c for approvals.json): reads the records that
 * scripts/flatten_vectors.py writes (`key<TAB>value` lines with `\t \n \r \\` escaped, `\N`
 * for JSON null, one blank line between records, a trailing `# cases<TAB>N` line), looks fields
 * up by key, and converts hex.
 *
 * A header of `static inline` functions (a runner may leave some unused), included by the one
 * source file of each runner. Before including it, define the name used in its messages:
 *     #define CASE_HARNESS_NAME "parity"
 * Malformed input (a line without a tab, bad hex) is a broken vectors file: the harness prints
 * why and exits with status 2; out of memory exits with status 2 too.
 */
#ifndef TENUO_CASE_HARNESS_H
#define TENUO_CASE_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CASE_HARNESS_NAME
#error "define CASE_HARNESS_NAME (the runner's name in messages) before including case_harness.h"
#endif
static const char case_harness_name[] = CASE_HARNESS_NAME;

/* ---- Records ------------------------------------------------------------------------------ */

typedef struct {
    char *key;
    char *value; /* NULL for JSON null */
    size_t len;  /* bytes in value (values may not hold NUL, but keep it honest) */
} field;

typedef struct {
    field *fields;
    size_t count, cap;
} record;

typedef struct {
    record *items;
    size_t count, cap;
    long declared; /* from the trailing "# cases N" line; -1 when absent */
} record_list;

static inline void *xrealloc(void *p, size_t n) {
    void *q = realloc(p, n);
    if (q == NULL) {
        fprintf(stderr, "%s: out of memory\n", case_harness_name);
        exit(2);
    }
    return q;
}

static inline char *xstrndup(const char *s, size_t n) {
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Undoes flatten_vectors.py's escaping in place; "\N" alone means JSON null (returns 0). */
static inline int unescape(char *s, size_t *len) {
    if (strcmp(s, "\\N") == 0) return 0;
    char *w = s;
    for (const char *r = s; *r != '\0'; r++) {
        if (*r == '\\' && r[1] != '\0') {
            r++;
            switch (*r) {
            case 't': *w++ = '\t'; break;
            case 'n': *w++ = '\n'; break;
            case 'r': *w++ = '\r'; break;
            default: *w++ = *r; break;
            }
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    *len = (size_t)(w - s);
    return 1;
}

static inline void record_add(record *r, const char *key, size_t klen, const char *val, size_t vlen) {
    if (r->count == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 16;
        r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
    }
    field *f = &r->fields[r->count++];
    f->key = xstrndup(key, klen);
    f->value = xstrndup(val, vlen);
    f->len = 0;
    if (!unescape(f->value, &f->len)) {
        free(f->value);
        f->value = NULL;
    }
}

static inline void list_push(record_list *l, record *r) {
    if (r->count == 0) return;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = *r;
    memset(r, 0, sizeof *r);
}

static inline int load(const char *path, record_list *out) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 0;
    }
    size_t cap = 1 << 20, len = 0;
    char *buf = xrealloc(NULL, cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (cap - len < 2) buf = xrealloc(buf, cap *= 2);
    }
    fclose(f);
    buf[len] = '\0';

    memset(out, 0, sizeof *out);
    out->declared = -1;
    record cur = {0};
    char *line = buf;
    while (line < buf + len) {
        char *nl = strchr(line, '\n');
        size_t ll = nl ? (size_t)(nl - line) : strlen(line);
        if (ll == 0) {
            list_push(out, &cur);
        } else if (line[0] == '#') {
            if (strncmp(line, "# cases\t", 8) == 0) out->declared = strtol(line + 8, NULL, 10);
        } else {
            char *tab = memchr(line, '\t', ll);
            if (tab == NULL) {
                fprintf(stderr, "%s: %s: line without a tab: %.40s\n", case_harness_name, path, line);
                free(buf);
                return 0;
            }
            record_add(&cur, line, (size_t)(tab - line), tab + 1, ll - (size_t)(tab - line) - 1);
        }
        line += ll + 1;
    }
    list_push(out, &cur);
    free(buf);
    return 1;
}

static inline void free_records(record_list *l) {
    for (size_t i = 0; i < l->count; i++) {
        for (size_t j = 0; j < l->items[i].count; j++) {
            free(l->items[i].fields[j].key);
            free(l->items[i].fields[j].value);
        }
        free(l->items[i].fields);
    }
    free(l->items);
}

static inline const field *get_field(const record *r, const char *key, size_t nth) {
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->fields[i].key, key) == 0 && nth-- == 0) return &r->fields[i];
    return NULL;
}

/* The value of the nth occurrence of key; NULL when absent or JSON null. */
static inline const char *get_nth(const record *r, const char *key, size_t nth) {
    const field *f = get_field(r, key, nth);
    return f ? f->value : NULL;
}

static inline const char *get(const record *r, const char *key) { return get_nth(r, key, 0); }
static inline int has(const record *r, const char *key) { return get_field(r, key, 0) != NULL; }

static inline size_t count_of(const record *r, const char *key) {
    size_t n = 0;
    for (size_t i = 0; i < r->count; i++)
        if (strcmp(r->fields[i].key, key) == 0) n++;
    return n;
}

static inline int64_t get_i64(const record *r, const char *key, int64_t dflt) {
    const char *v = get(r, key);
    return v ? (int64_t)strtoll(v, NULL, 10) : dflt;
}

static inline int get_bool(const record *r, const char *key) {
    const char *v = get(r, key);
    return v != NULL && strcmp(v, "true") == 0;
}

/* ---- Hex ---------------------------------------------------------------------------------- */

typedef struct {
    uint8_t *p;
    size_t n;
} bytes;

static inline int nibble(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes hex (NULL -> empty). Exits on malformed hex: that is a broken vectors file. */
static inline bytes unhex(const char *h) {
    bytes b = {NULL, 0};
    size_t n = h ? strlen(h) : 0;
    b.p = xrealloc(NULL, n / 2 + 1);
    if (n % 2 != 0) goto bad;
    for (size_t i = 0; i < n; i += 2) {
        int hi = nibble(h[i]), lo = nibble(h[i + 1]);
        if (hi < 0 || lo < 0) goto bad;
        b.p[b.n++] = (uint8_t)(hi << 4 | lo);
    }
    return b;
bad:
    fprintf(stderr, "%s: bad hex in vectors file: %.40s\n", case_harness_name, h);
    exit(2);
}

static inline char *tohex(const uint8_t *p, size_t n) {
    static const char d[] = "0123456789abcdef";
    char *s = xrealloc(NULL, 2 * n + 1);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = d[p[i] >> 4];
        s[2 * i + 1] = d[p[i] & 15];
    }
    s[2 * n] = '\0';
    return s;
}

#endif /* TENUO_CASE_HARNESS_H */
