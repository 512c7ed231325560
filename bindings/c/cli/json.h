/*
 * A small JSON reader for the tenuo CLI: just enough to walk the JSON the library returns
 * (warrant info, approval gates, denials) and the tools JSON an operator passes in. Objects
 * keep their key order. Depth and size are bounded; any malformed input yields NULL.
 */
#ifndef TENUO_CLI_JSON_H
#define TENUO_CLI_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
    jtype type;
    int boolean;
    char *text;            /* J_STR: decoded UTF-8; J_NUM: the number's source text */
    size_t count;          /* J_ARR / J_OBJ: number of items */
    char **keys;           /* J_OBJ: keys, in source order */
    struct jval **items;   /* J_ARR / J_OBJ: values */
} jval;

typedef struct { const char *p, *end; int depth; } jparser;

static void jfree(jval *v) {
    if (!v) return;
    for (size_t i = 0; i < v->count; i++) {
        if (v->keys) free(v->keys[i]);
        jfree(v->items[i]);
    }
    free(v->keys); free(v->items); free(v->text); free(v);
}

static void jskip(jparser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int jhex4(const char *s, unsigned *out) {
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i]; v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v; return 1;
}

static size_t jutf8(unsigned cp, char *o) {
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

/* Parses a string at ps->p (which is at the opening quote); returns a malloc'd UTF-8 string. */
static char *jstring(jparser *ps) {
    if (ps->p >= ps->end || *ps->p != '"') return NULL;
    ps->p++;
    size_t cap = (size_t)(ps->end - ps->p) + 1, n = 0;
    char *out = malloc(cap);
    if (!out) return NULL;
    while (ps->p < ps->end && *ps->p != '"') {
        unsigned char c = (unsigned char)*ps->p++;
        if (c < 0x20) { free(out); return NULL; }
        if (c != '\\') { out[n++] = (char)c; continue; }
        if (ps->p >= ps->end) break;
        char e = *ps->p++;
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (ps->end - ps->p < 4 || !jhex4(ps->p, &cp)) { free(out); return NULL; }
            ps->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u' || !jhex4(ps->p + 2, &lo)
                    || lo < 0xDC00 || lo > 0xDFFF) { free(out); return NULL; }
                ps->p += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp < 0xE000) { free(out); return NULL; }
            n += jutf8(cp, out + n);   /* an escape (>= 6 source bytes) never outgrows 4 bytes */
            break;
        }
        default: free(out); return NULL;
        }
    }
    if (ps->p >= ps->end) { free(out); return NULL; }
    ps->p++;
    out[n] = 0;
    return out;
}

static jval *jvalue(jparser *ps);

static int jpush(jval *v, char *key, jval *item) {
    char **k = v->type == J_OBJ ? realloc(v->keys, (v->count + 1) * sizeof *k) : NULL;
    if (v->type == J_OBJ) { if (!k) return 0; v->keys = k; }
    jval **it = realloc(v->items, (v->count + 1) * sizeof *it);
    if (!it) return 0;
    v->items = it;
    if (v->type == J_OBJ) v->keys[v->count] = key;
    v->items[v->count++] = item;
    return 1;
}

static jval *jvalue(jparser *ps) {
    jskip(ps);
    if (ps->p >= ps->end || ps->depth > 64) return NULL;
    jval *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    char c = *ps->p;
    if (c == '{' || c == '[') {
        v->type = c == '{' ? J_OBJ : J_ARR;
        char close = c == '{' ? '}' : ']';
        ps->p++; ps->depth++;
        jskip(ps);
        if (ps->p < ps->end && *ps->p == close) { ps->p++; ps->depth--; return v; }
        for (;;) {
            char *key = NULL;
            if (v->type == J_OBJ) {
                jskip(ps);
                key = jstring(ps);
                jskip(ps);
                if (!key || ps->p >= ps->end || *ps->p != ':') { free(key); jfree(v); return NULL; }
                ps->p++;
            }
            jval *item = jvalue(ps);
            if (!item || !jpush(v, key, item)) { free(key); jfree(item); jfree(v); return NULL; }
            jskip(ps);
            if (ps->p < ps->end && *ps->p == ',') { ps->p++; continue; }
            if (ps->p < ps->end && *ps->p == close) { ps->p++; ps->depth--; return v; }
            jfree(v); return NULL;
        }
    }
    if (c == '"') { v->type = J_STR; v->text = jstring(ps); if (!v->text) { free(v); return NULL; } return v; }
    if (ps->end - ps->p >= 4 && !memcmp(ps->p, "null", 4)) { ps->p += 4; v->type = J_NULL; return v; }
    if (ps->end - ps->p >= 4 && !memcmp(ps->p, "true", 4)) { ps->p += 4; v->type = J_BOOL; v->boolean = 1; return v; }
    if (ps->end - ps->p >= 5 && !memcmp(ps->p, "false", 5)) { ps->p += 5; v->type = J_BOOL; return v; }
    const char *s = ps->p;
    while (ps->p < ps->end && strchr("+-0123456789.eE", *ps->p)) ps->p++;
    if (ps->p == s) { free(v); return NULL; }
    v->type = J_NUM;
    v->text = malloc((size_t)(ps->p - s) + 1);
    if (!v->text) { free(v); return NULL; }
    memcpy(v->text, s, (size_t)(ps->p - s)); v->text[ps->p - s] = 0;
    return v;
}

/* Parses a whole document; NULL when malformed or followed by anything but whitespace. */
static jval *jparse(const char *s, size_t n) {
    jparser ps = { s, s + n, 0 };
    jval *v = jvalue(&ps);
    jskip(&ps);
    if (v && ps.p != ps.end) { jfree(v); return NULL; }
    return v;
}

static const jval *jget(const jval *o, const char *key) {
    if (!o || o->type != J_OBJ) return NULL;
    for (size_t i = 0; i < o->count; i++) if (!strcmp(o->keys[i], key)) return o->items[i];
    return NULL;
}

/* ---- Writing JSON into a growing buffer ---------------------------------------------------- */

typedef struct { char *s; size_t n, cap; int failed; } sbuf;

static void sb_add(sbuf *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->failed = 1; return; }
        b->s = p; b->cap = cap;
    }
    memcpy(b->s + b->n, s, n); b->n += n; b->s[b->n] = 0;
}
static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_json_string(sbuf *b, const char *s, size_t n) {
    sb_add(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') { esc[0] = '\\'; esc[1] = (char)c; sb_add(b, esc, 2); }
        else if (c == '\n') sb_add(b, "\\n", 2);
        else if (c == '\t') sb_add(b, "\\t", 2);
        else if (c == '\r') sb_add(b, "\\r", 2);
        else if (c < 0x20) { snprintf(esc, sizeof esc, "\\u%04x", c); sb_add(b, esc, 6); }
        else sb_add(b, (const char *)&c, 1);
    }
    sb_add(b, "\"", 1);
}

/* Writes v as compact JSON (key order kept). */
static void sb_json(sbuf *b, const jval *v) {
    switch (v->type) {
    case J_NULL: sb_str(b, "null"); break;
    case J_BOOL: sb_str(b, v->boolean ? "true" : "false"); break;
    case J_NUM: sb_str(b, v->text); break;
    case J_STR: sb_json_string(b, v->text, strlen(v->text)); break;
    case J_ARR: case J_OBJ:
        sb_str(b, v->type == J_ARR ? "[" : "{");
        for (size_t i = 0; i < v->count; i++) {
            if (i) sb_str(b, ",");
            if (v->type == J_OBJ) { sb_json_string(b, v->keys[i], strlen(v->keys[i])); sb_str(b, ":"); }
            sb_json(b, v->items[i]);
        }
        sb_str(b, v->type == J_ARR ? "]" : "}");
        break;
    }
}

#endif
