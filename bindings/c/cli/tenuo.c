/*
 * tenuo - the libtenuo command-line tool for operators.
 *
 * Decodes, mints, attenuates, signs, verifies and authorizes Tenuo warrants from a terminal,
 * using nothing but libtenuo's C API (include/tenuo.h). Built by `make cli` into build/bin/tenuo
 * with an rpath of $ORIGIN/../lib, so build/ and an installed prefix are both self-contained.
 *
 * Exit codes: 0 allowed / ok, 1 denied (or a chain that does not verify), 2 usage error,
 * 3 input error (unreadable file, bad key, malformed or forged warrant, bad JSON).
 * Every non-zero exit writes one line to stderr: "tenuo CMD: [context: ]CODE_NAME (n): message".
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tenuo.h"
#include "json.h"

#define CLI_VERSION TENUO_VERSION_STRING

enum { EXIT_ALLOWED = 0, EXIT_DENIED = 1, EXIT_USAGE = 2, EXIT_INPUT = 3 };

static const char *g_cmd = "tenuo";   /* "tenuo inspect", ... for messages */
static uint64_t g_now;                /* the time every check uses (--now pins it) */
static bool g_color;                  /* colour on stdout: a TTY and NO_COLOR unset */

/* ---- Failing --------------------------------------------------------------------------------- */

static void (*g_help)(void);          /* the current subcommand's help, for usage errors */

static _Noreturn void usage_error(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "%s: ", g_cmd);
    va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
    fprintf(stderr, "\nTry '%s --help'.\n", g_cmd);
    exit(EXIT_USAGE);
}

static _Noreturn void input_error(const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "%s: ", g_cmd);
    va_start(ap, fmt); vfprintf(stderr, fmt, ap); va_end(ap);
    fputc('\n', stderr);
    exit(EXIT_INPUT);
}

/* Reports a failed library call: its code's name, number and the library's message. */
static void report_status(const char *context, tenuo_status st) {
    const char *msg = tenuo_last_error_message();
    fprintf(stderr, "%s: %s%s%s (%d)%s%s\n", g_cmd, context ? context : "", context ? ": " : "",
            tenuo_status_name(st), (int)st, msg && *msg ? ": " : "", msg ? msg : "");
}

static _Noreturn void fail_status(const char *context, tenuo_status st, int exit_code) {
    report_status(context, st);
    exit(exit_code);
}

#define CHECK(call, context) do { tenuo_status st_ = (call); \
    if (st_ != TENUO_OK) fail_status((context), st_, EXIT_INPUT); } while (0)

/* ---- Small utilities -------------------------------------------------------------------------- */

static void *xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) { fprintf(stderr, "%s: out of memory\n", g_cmd); exit(EXIT_INPUT); }
    return p;
}

static bool parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s || *s == '-' || *s == '+') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = (uint64_t)v;
    return true;
}

static uint32_t parse_u32_opt(const char *name, const char *s) {
    uint64_t v;
    if (!parse_u64(s, &v) || v > UINT32_MAX) usage_error("%s: not a number from 0 to 4294967295: '%s'", name, s);
    return (uint32_t)v;
}

/* "90", "90s", "30m", "1h", "2d" -> seconds. */
static uint64_t parse_duration(const char *name, const char *s) {
    size_t n = strlen(s);
    uint64_t mult = 1, v;
    char buf[32];
    if (n == 0 || n >= sizeof buf) usage_error("%s: bad duration '%s' (e.g. 300, 300s, 30m, 1h, 2d)", name, s);
    memcpy(buf, s, n + 1);
    switch (buf[n - 1]) {
    case 's': mult = 1; buf[--n] = 0; break;
    case 'm': mult = 60; buf[--n] = 0; break;
    case 'h': mult = 3600; buf[--n] = 0; break;
    case 'd': mult = 86400; buf[--n] = 0; break;
    default: break;
    }
    if (!parse_u64(buf, &v) || v > UINT64_MAX / mult)
        usage_error("%s: bad duration '%s' (e.g. 300, 300s, 30m, 1h, 2d)", name, s);
    return v * mult;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes an even-length hex string into a new buffer; false when it is not hex. */
static bool hex_decode(const char *s, size_t n, uint8_t **out, size_t *out_len) {
    if (n == 0 || n % 2) return false;
    for (size_t i = 0; i < n; i++) if (hexval(s[i]) < 0) return false;
    uint8_t *b = xmalloc(n / 2);
    for (size_t i = 0; i < n / 2; i++) b[i] = (uint8_t)(hexval(s[2 * i]) << 4 | hexval(s[2 * i + 1]));
    *out = b; *out_len = n / 2;
    return true;
}

static void hex_print(FILE *f, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) fprintf(f, "%02x", b[i]);
}

/* Standard base64 with padding (for PoP signatures printed with --format base64). */
static void b64_print(FILE *f, const uint8_t *b, size_t n) {
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)b[i] << 16 | (i + 1 < n ? (uint32_t)b[i + 1] << 8 : 0) | (i + 2 < n ? b[i + 2] : 0);
        fputc(al[v >> 18 & 63], f); fputc(al[v >> 12 & 63], f);
        fputc(i + 1 < n ? al[v >> 6 & 63] : '=', f); fputc(i + 2 < n ? al[v & 63] : '=', f);
    }
}

/* Base64 (either alphabet, padding optional) -> bytes; false when malformed. */
static bool b64_decode(const char *s, size_t n, uint8_t **out, size_t *out_len) {
    while (n && s[n - 1] == '=') n--;
    if (n % 4 == 1) return false;
    uint8_t *b = xmalloc(n * 3 / 4 + 3);
    size_t o = 0; uint32_t acc = 0; int bits = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i]; int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+' || c == '-') v = 62;
        else if (c == '/' || c == '_') v = 63;
        else { free(b); return false; }
        acc = acc << 6 | (uint32_t)v; bits += 6;
        if (bits >= 8) { bits -= 8; b[o++] = (uint8_t)(acc >> bits); }
    }
    *out = b; *out_len = o;
    return true;
}

static bool is_file(const char *path) {
    struct stat st;
    return path && strlen(path) < 4096 && !strchr(path, '\n') && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

#define MAX_INPUT (4u << 20)

/* Not strchr(" \t\r\n", c), which also matches a NUL byte (binary input). */
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

static char *read_stream(FILE *f, const char *what, size_t *len) {
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap >= MAX_INPUT) input_error("%s: input larger than %u bytes", what, MAX_INPUT);
            cap *= 2;
            char *p = realloc(buf, cap);
            if (!p) input_error("out of memory");
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) input_error("%s: read error: %s", what, strerror(errno));
    buf[n] = 0;
    *len = n;
    return buf;
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) input_error("%s: %s", path, strerror(errno));
    char *s = read_stream(f, path, len);
    fclose(f);
    return s;
}

/* An argument that is "-" (stdin), a file's path, "@path", or the text itself. Trimmed. */
static char *read_arg_text(const char *arg, const char *what, size_t *len) {
    char *s;
    if (!arg || !strcmp(arg, "-")) {
        if (!arg && isatty(STDIN_FILENO)) usage_error("no %s given (an argument, a file, or '-' for stdin)", what);
        s = read_stream(stdin, "stdin", len);
    } else if (arg[0] == '@') s = read_file(arg + 1, len);
    else if (is_file(arg)) s = read_file(arg, len);
    else { *len = strlen(arg); s = xmalloc(*len + 1); memcpy(s, arg, *len + 1); }
    size_t a = 0, b = *len;
    while (a < b && is_space(s[a])) a++;
    while (b > a && is_space(s[b - 1])) b--;
    memmove(s, s + a, b - a); s[b - a] = 0; *len = b - a;
    return s;
}

/* ---- Option parsing ----------------------------------------------------------------------------- */

typedef struct { int argc; char **argv; int i; } argcur;

/* Matches "--name VALUE" or "--name=VALUE" at the cursor; advances past it. */
static bool opt(argcur *c, const char *name, const char **val) {
    const char *a = c->argv[c->i];
    size_t n = strlen(name);
    if (strncmp(a, name, n)) return false;
    if (a[n] == '=') { *val = a + n + 1; return true; }
    if (a[n]) return false;
    if (c->i + 1 >= c->argc) usage_error("option %s needs a value", name);
    *val = c->argv[++c->i];
    return true;
}

static bool flag(argcur *c, const char *name) { return !strcmp(c->argv[c->i], name); }

/* Options every subcommand accepts: --help, --now. */
static bool common_opt(argcur *c) {
    const char *v;
    if (flag(c, "--help") || flag(c, "-h")) { g_help(); exit(EXIT_ALLOWED); }
    if (opt(c, "--now", &v)) {
        if (!parse_u64(v, &g_now) || g_now > INT64_MAX) usage_error("--now: not a Unix time in seconds: '%s'", v);
        return true;
    }
    return false;
}

static _Noreturn void unknown(argcur *c) { usage_error("unknown option '%s'", c->argv[c->i]); }

/* A positional argument: anything not starting with '-', or "-" itself. */
static bool positional(argcur *c) { const char *a = c->argv[c->i]; return a[0] != '-' || !strcmp(a, "-"); }

/* ---- Keys, warrants, args ------------------------------------------------------------------------ */

/* --key FILE, --key-env VAR, else $TENUO_SIGNING_KEY, else $TENUO_ROOT_KEY (the reference's). */
static tenuo_signing_key *load_signing_key(const char *path, const char *env) {
    tenuo_signing_key *k = NULL;
    if (path) {
        if (!strcmp(path, "-")) {
            size_t n; char *s = read_stream(stdin, "stdin", &n);
            tenuo_status st = tenuo_signing_key_parse(s, n, &k);
            memset(s, 0, n); free(s);
            if (st) fail_status("--key -", st, EXIT_INPUT);
        } else {
            tenuo_status st = tenuo_signing_key_from_file(path, strlen(path), &k);
            if (st) { char ctx[4200]; snprintf(ctx, sizeof ctx, "--key %s", path); fail_status(ctx, st, EXIT_INPUT); }
        }
        return k;
    }
    if (!env) {
        if (getenv("TENUO_SIGNING_KEY")) env = "TENUO_SIGNING_KEY";
        else if (getenv("TENUO_ROOT_KEY")) env = "TENUO_ROOT_KEY";
        else usage_error("no signing key: give --key FILE or --key-env VAR (or set TENUO_SIGNING_KEY)");
    }
    tenuo_status st = tenuo_signing_key_from_env(env, strlen(env), &k);
    if (st) { char ctx[300]; snprintf(ctx, sizeof ctx, "key from $%.200s", env); fail_status(ctx, st, EXIT_INPUT); }
    return k;
}

/* A public key: hex, base64 or PEM text, a file holding one, or @file. */
static tenuo_public_key *load_public_key(const char *what, const char *spec) {
    tenuo_public_key *k = NULL;
    tenuo_status st;
    const char *path = spec[0] == '@' ? spec + 1 : (is_file(spec) ? spec : NULL);
    if (path) st = tenuo_public_key_from_file(path, strlen(path), &k);
    else st = tenuo_public_key_parse(spec, strlen(spec), &k);
    if (st) { char ctx[300]; snprintf(ctx, sizeof ctx, "%s '%.200s'", what, spec); fail_status(ctx, st, EXIT_INPUT); }
    return k;
}

/* A warrant or chain in any text form (base64url, standard base64, PEM, stack, or hex CBOR).
 * Bytes that start a stack (an array whose first item is an array) decode as a chain; others as
 * one warrant, so a broken warrant reports the warrant decoder's error, not the stack's. */
static tenuo_chain *load_chain(const char *arg) {
    size_t n;
    char *text = read_arg_text(arg, "warrant", &n);
    if (n == 0) input_error("no warrant in the input");
    tenuo_chain *chain = NULL;
    uint8_t *bytes = NULL; size_t blen = 0;
    tenuo_status st;
    if (strstr(text, "-----BEGIN")) st = tenuo_chain_parse(text, n, &chain);
    else if (!hex_decode(text, n, &bytes, &blen) && !b64_decode(text, n, &bytes, &blen))
        st = tenuo_chain_parse(text, n, &chain);   /* the library names what is wrong with it */
    else if (blen >= 2 && bytes[0] >= 0x80 && bytes[0] <= 0x9f && bytes[1] >= 0x80 && bytes[1] <= 0x9f)
        st = tenuo_chain_from_bytes(bytes, blen, &chain);
    else {
        tenuo_warrant *w = NULL;
        st = tenuo_warrant_from_bytes(bytes, blen, &w);
        if (!st) { st = tenuo_chain_new(w, &chain); tenuo_warrant_free(w); }
    }
    free(bytes);
    free(text);
    if (st) fail_status("cannot decode the warrant", st, EXIT_INPUT);
    return chain;
}

static tenuo_warrant *chain_leaf(const tenuo_chain *chain) {
    tenuo_warrant *w = NULL;
    size_t n = tenuo_chain_len(chain);
    CHECK(tenuo_chain_get(chain, n ? n - 1 : 0, &w), "chain");
    return w;
}

static tenuo_args *load_args(const char *spec) {
    tenuo_args *args = NULL;
    if (!spec) { CHECK(tenuo_args_new(&args), "args"); return args; }
    size_t n;
    char *text = read_arg_text(spec, "args", &n);
    tenuo_status st = tenuo_args_from_json(text, n, &args);
    free(text);
    if (st) fail_status("--args", st, EXIT_INPUT);
    return args;
}

/* ---- Time ---------------------------------------------------------------------------------------- */

static void fmt_utc(uint64_t t, char *buf, size_t cap) {
    if (t > (uint64_t)INT64_MAX / 2) { snprintf(buf, cap, "@%" PRIu64, t); return; }
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || !strftime(buf, cap, "%Y-%m-%d %H:%M:%S UTC", &tm)) snprintf(buf, cap, "@%" PRIu64, t);
}

/* "in 59m 40s", "2d 3h ago", "now". */
static void fmt_relative(uint64_t t, uint64_t now, char *buf, size_t cap) {
    uint64_t d = t > now ? t - now : now - t;
    char span[64];
    if (d == 0) { snprintf(buf, cap, "now"); return; }
    if (d >= 86400) snprintf(span, sizeof span, "%" PRIu64 "d %" PRIu64 "h", d / 86400, d % 86400 / 3600);
    else if (d >= 3600) snprintf(span, sizeof span, "%" PRIu64 "h %" PRIu64 "m", d / 3600, d % 3600 / 60);
    else if (d >= 60) snprintf(span, sizeof span, "%" PRIu64 "m %" PRIu64 "s", d / 60, d % 60);
    else snprintf(span, sizeof span, "%" PRIu64 "s", d);
    snprintf(buf, cap, t > now ? "in %s" : "%s ago", span);
}

/* ---- Colour --------------------------------------------------------------------------------------- */

static const char *c_on(const char *code) { return g_color ? code : ""; }
static const char *c_off(void) { return g_color ? "\033[0m" : ""; }
#define GREEN "\033[32m"
#define RED "\033[31m"
#define BOLD "\033[1m"

/* ---- inspect ---------------------------------------------------------------------------------------- */

static void help_inspect(void) {
    puts("Usage: tenuo inspect [WARRANT | FILE | -] [--json] [--now UNIX]\n"
         "       tenuo decode ...   (the same)\n"
         "\n"
         "Shows what a warrant (or a chain of them, root first) grants: tools and constraints,\n"
         "holder, issuer, ids, depth, issue and expiry times (UTC and relative to now), approvals\n"
         "(required approvers, minimum, gates) and extensions. Accepts base64url or standard\n"
         "base64, a TENUO WARRANT / TENUO WARRANT CHAIN PEM block, a stack, or hex CBOR; from an\n"
         "argument, a file, or stdin ('-' or nothing). Every signature is checked while decoding;\n"
         "trust in the root is not (see 'tenuo verify').\n"
         "\n"
         "  --json        machine-readable: the library's warrant info JSON (an array for a chain)\n"
         "                with \"approval_gates\", \"expired\" and \"expires_in\" added\n"
         "  --now UNIX    the time for 'expired' and relative times (default: the clock)\n"
         "\n"
         "Examples:\n"
         "  tenuo inspect \"$X_TENUO_WARRANT\"\n"
         "  curl -sI https://svc/... | sed -n 's/^X-Tenuo-Warrant: //p' | tenuo decode\n"
         "  tenuo inspect chain.pem --json | jq .[-1].tools\n"
         "\n"
         "Exit: 0 decoded, 2 usage, 3 not a valid warrant (code name and message on stderr).");
}

static void print_constraint_line(const char *arg, const jval *c) {
    const jval *type = jget(c, "type");
    sbuf b = {0};
    if (c->type == J_OBJ && type && type->type == J_STR) {
        jval rest = *c;           /* the object without its "type" member */
        rest.count = 0;
        char *keys[64]; jval *items[64];
        for (size_t i = 0; i < c->count && rest.count < 64; i++)
            if (strcmp(c->keys[i], "type")) { keys[rest.count] = c->keys[i]; items[rest.count++] = c->items[i]; }
        rest.keys = keys; rest.items = items;
        sb_str(&b, type->text);
        if (rest.count) { sb_str(&b, " "); sb_json(&b, &rest); }
    } else sb_json(&b, c);
    printf("      %-14s %s\n", arg, b.s ? b.s : "");
    free(b.s);
}

static const char *jstr(const jval *o, const char *key) {
    const jval *v = jget(o, key);
    return v && v->type == J_STR ? v->text : NULL;
}

static void print_warrant_human(const tenuo_warrant *w, const jval *info, const jval *gates, size_t index, size_t total) {
    char t1[64], t2[64];
    uint64_t iat = tenuo_warrant_issued_at(w), exp = tenuo_warrant_expires_at(w);
    const char *type = jstr(info, "type");
    if (total > 1) printf("%s[%zu/%zu] %s%s\n", c_on(BOLD), index + 1, total, index == 0 ? "root" : "delegated", c_off());
    printf("Warrant       %s\n", jstr(info, "id") ? jstr(info, "id") : "?");
    printf("Type          %s\n", type ? type : "?");
    bool expired = g_now >= exp;
    fmt_utc(exp, t1, sizeof t1); fmt_relative(exp, g_now, t2, sizeof t2);
    bool future = iat > g_now && iat - g_now > TENUO_DEFAULT_CLOCK_TOLERANCE;
    const char *status = expired ? "EXPIRED" : future ? "NOT YET VALID (issued in the future)"
                                                      : "valid (signature checked; root trust not checked)";
    printf("Status        %s%s%s\n", c_on(expired || future ? RED : GREEN), status, c_off());
    fmt_utc(iat, t1, sizeof t1); fmt_relative(iat, g_now, t2, sizeof t2);
    printf("Issued        %s (%s)\n", t1, t2);
    fmt_utc(exp, t1, sizeof t1); fmt_relative(exp, g_now, t2, sizeof t2);
    printf("Expires       %s (%s)\n", t1, t2);
    printf("Holder        %s\n", jstr(info, "holder") ? jstr(info, "holder") : "?");
    printf("Issuer        %s\n", jstr(info, "issuer") ? jstr(info, "issuer") : "?");
    printf("Depth         %" PRIu32 " of max %" PRIu32 "%s\n", tenuo_warrant_depth(w), tenuo_warrant_max_depth(w),
           jget(info, "terminal") && jget(info, "terminal")->boolean ? " (terminal: cannot delegate)" : "");
    const char *parent = jstr(info, "parent_hash");
    if (parent) printf("Parent hash   %s\n", parent);
    const char *ph = jstr(info, "payload_hash");
    if (ph) printf("Payload hash  %s\n", ph);
    const jval *v;
    if ((v = jget(info, "clearance")) && v->type == J_NUM) printf("Clearance     %s\n", v->text);
    if ((v = jget(info, "session_id")) && v->type == J_STR) printf("Session       %s\n", v->text);
    if ((v = jget(info, "agent_id")) && v->type == J_STR) printf("Agent         %s\n", v->text);

    const jval *caps = jget(info, "capabilities");
    const jval *tools = jget(info, "tools");
    if (tools && tools->type == J_ARR) {
        printf("Tools         %zu\n", tools->count);
        for (size_t i = 0; i < tools->count; i++) {
            const char *name = tools->items[i]->type == J_STR ? tools->items[i]->text : "?";
            const jval *cs = jget(caps, name);
            size_t nc = cs && cs->type == J_OBJ ? cs->count : 0;
            printf("  %s%s%s\n", c_on(BOLD), name, c_off());
            if (!nc) { printf("      (any arguments)\n"); continue; }
            for (size_t j = 0; j < nc; j++) {
                if (!strcmp(cs->keys[j], "_allow_unknown")) {
                    printf("      %-14s %s\n", "(other args)", cs->items[j]->boolean ? "allowed" : "refused");
                    continue;
                }
                print_constraint_line(cs->keys[j], cs->items[j]);
            }
        }
    }
    const jval *issuable = jget(info, "issuable_tools");
    if (issuable && issuable->type == J_ARR && issuable->count) {
        printf("Issuable      ");
        for (size_t i = 0; i < issuable->count; i++)
            printf("%s%s", i ? ", " : "", issuable->items[i]->type == J_STR ? issuable->items[i]->text : "?");
        putchar('\n');
        if ((v = jget(info, "max_issue_depth")) && v->type == J_NUM) printf("Max issue depth %s\n", v->text);
    }
    if ((v = jget(info, "constraint_bounds")) && v->type == J_OBJ && v->count) {
        printf("Bounds\n");
        for (size_t j = 0; j < v->count; j++) print_constraint_line(v->keys[j], v->items[j]);
    }
    const jval *appr = jget(info, "required_approvers");
    const jval *minv = jget(info, "min_approvals");
    if ((appr && appr->type == J_ARR && appr->count) || (gates && gates->type == J_OBJ)) {
        size_t na = appr && appr->type == J_ARR ? appr->count : 0;
        printf("Approvals     %s of %zu approver%s\n", minv && minv->type == J_NUM ? minv->text : (na ? "all" : "0"),
               na, na == 1 ? "" : "s");
        for (size_t i = 0; i < na; i++)
            printf("      approver %s\n", appr->items[i]->type == J_STR ? appr->items[i]->text : "?");
        if (gates && gates->type == J_OBJ) {
            for (size_t i = 0; i < gates->count; i++) {
                const jval *g = gates->items[i], *ga = jget(g, "args"), *gm = jget(g, "message");
                sbuf b = {0};
                if (!ga || ga->type == J_NULL) sb_str(&b, "every call");
                else { sb_str(&b, "calls where "); sb_json(&b, ga); }
                if (gm && gm->type == J_STR) { sb_str(&b, " - "); sb_json_string(&b, gm->text, strlen(gm->text)); }
                printf("      gate     %s: %s\n", gates->keys[i], b.s ? b.s : "");
                free(b.s);
            }
        }
    }
    const jval *ext = jget(info, "extensions");
    if (ext && ext->type == J_OBJ && ext->count) {
        printf("Extensions    %zu\n", ext->count);
        for (size_t i = 0; i < ext->count; i++) {
            const char *hex = ext->items[i]->type == J_STR ? ext->items[i]->text : "?";
            size_t hl = strlen(hex);
            printf("      %s = %.*s%s (%zu bytes)\n", ext->keys[i], hl > 64 ? 64 : (int)hl, hex, hl > 64 ? "..." : "", hl / 2);
        }
    }
}

static int cmd_inspect(argcur *c) {
    g_help = help_inspect;
    const char *input = NULL;
    bool json = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (flag(c, "--json")) json = true;
        else if (positional(c)) { if (input) usage_error("more than one warrant given"); input = c->argv[c->i]; }
        else unknown(c);
    }
    tenuo_chain *chain = load_chain(input);
    size_t n = tenuo_chain_len(chain);
    if (json && n > 1) printf("[");
    for (size_t i = 0; i < n; i++) {
        tenuo_warrant *w = NULL;
        char *info_s = NULL, *gates_s = NULL;
        CHECK(tenuo_chain_get(chain, i, &w), "chain");
        CHECK(tenuo_warrant_info_json(w, &info_s), "warrant info");
        CHECK(tenuo_warrant_approval_gates_json(w, &gates_s), "approval gates");
        jval *info = jparse(info_s, strlen(info_s));
        jval *gates = jparse(gates_s, strlen(gates_s));
        if (!info || info->type != J_OBJ || !gates) input_error("the library returned JSON this tool cannot read");
        uint64_t exp = tenuo_warrant_expires_at(w);
        if (json) {
            /* The library's object, plus what depends on --now and the gates. */
            size_t len = strlen(info_s);
            while (len && info_s[len - 1] != '}') len--;
            if (len) len--;
            printf("%s%.*s,\"approval_gates\":%s,\"expired\":%s,\"expires_in\":%" PRId64 "}", i ? "," : "", (int)len, info_s,
                   gates_s, g_now >= exp ? "true" : "false", exp >= g_now ? (int64_t)(exp - g_now > INT64_MAX ? INT64_MAX : exp - g_now) : -(int64_t)(g_now - exp));
        } else {
            if (i) putchar('\n');
            print_warrant_human(w, info, gates, i, n);
        }
        jfree(info); jfree(gates);
        tenuo_string_free(info_s); tenuo_string_free(gates_s);
        tenuo_warrant_free(w);
    }
    if (json) printf(n > 1 ? "]\n" : "\n");
    tenuo_chain_free(chain);
    return EXIT_ALLOWED;
}

/* ---- keygen / pubkey ---------------------------------------------------------------------------- */

static int32_t parse_key_format(const char *v) {
    if (!strcmp(v, "hex")) return TENUO_FORMAT_HEX;
    if (!strcmp(v, "base64")) return TENUO_FORMAT_BASE64;
    if (!strcmp(v, "pem")) return TENUO_FORMAT_PEM;
    usage_error("--format: expected hex, base64 or pem, got '%s'", v);
}

static void help_keygen(void) {
    puts("Usage: tenuo keygen [--out FILE] [--format hex|base64|pem] [--key-format hex|base64|pem]\n"
         "                    [--force] [--print-secret]\n"
         "\n"
         "Generates an Ed25519 key. Writes the secret to FILE (mode 0600; refuses to overwrite\n"
         "without --force) and prints the PUBLIC key on stdout. The secret is printed only with\n"
         "--print-secret (and then only the secret, e.g. for TENUO_SIGNING_KEY=$(...)).\n"
         "\n"
         "  --out FILE            where to write the secret key\n"
         "  --format F            public key output: hex (default), base64 or pem\n"
         "  --key-format F        the key file's form: pem (PKCS#8, default), hex or base64 (seed)\n"
         "  --print-secret        print the secret key (in --key-format) instead of the public key\n"
         "\n"
         "Examples:\n"
         "  tenuo keygen --out issuer.key              # prints the public key in hex\n"
         "  tenuo keygen --out agent.key --format pem > agent.pub\n"
         "  export TENUO_SIGNING_KEY=$(tenuo keygen --print-secret --key-format base64)\n"
         "\n"
         "Exit: 0 ok, 2 usage, 3 cannot write the file.");
}

static int cmd_keygen(argcur *c) {
    g_help = help_keygen;
    const char *out = NULL, *v;
    int32_t fmt = TENUO_FORMAT_HEX, kfmt = TENUO_FORMAT_PEM;
    bool force = false, print_secret = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--out", &out)) continue;
        if (opt(c, "--format", &v)) fmt = parse_key_format(v);
        else if (opt(c, "--key-format", &v)) kfmt = parse_key_format(v);
        else if (flag(c, "--force")) force = true;
        else if (flag(c, "--print-secret")) print_secret = true;
        else if (positional(c)) usage_error("unexpected argument '%s'", c->argv[c->i]);
        else unknown(c);
    }
    if (!out && !print_secret) usage_error("nowhere to keep the secret: give --out FILE or --print-secret");
    tenuo_signing_key *k = NULL;
    tenuo_public_key *pk = NULL;
    char *secret = NULL, *pub = NULL;
    CHECK(tenuo_signing_key_generate(&k), "keygen");
    CHECK(tenuo_signing_key_export(k, kfmt, &secret), "export");
    if (out) {
        int fd = open(out, O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL), 0600);
        if (fd < 0) input_error("%s: %s%s", out, strerror(errno), errno == EEXIST ? " (use --force to overwrite)" : "");
        size_t len = strlen(secret);
        bool ok = write(fd, secret, len) == (ssize_t)len && (secret[len - 1] == '\n' || write(fd, "\n", 1) == 1);
        if (fchmod(fd, 0600) != 0) ok = false;
        if (close(fd) != 0 || !ok) input_error("%s: write failed: %s", out, strerror(errno));
    }
    if (print_secret) {
        fputs(secret, stdout);
        if (secret[strlen(secret) - 1] != '\n') putchar('\n');
    } else {
        CHECK(tenuo_signing_key_public_key(k, &pk), "public key");
        CHECK(tenuo_public_key_export(pk, fmt, &pub), "export");
        fputs(pub, stdout);
        if (pub[strlen(pub) - 1] != '\n') putchar('\n');
    }
    memset(secret, 0, strlen(secret));
    tenuo_string_free(secret); tenuo_string_free(pub);
    tenuo_public_key_free(pk); tenuo_signing_key_free(k);
    return EXIT_ALLOWED;
}

static void help_pubkey(void) {
    puts("Usage: tenuo pubkey [--key FILE | --key-env VAR] [--format hex|base64|pem]\n"
         "\n"
         "Prints the public key of a signing key (never the secret).\n"
         "\n"
         "Examples:\n"
         "  tenuo pubkey --key agent.key\n"
         "  TENUO_SIGNING_KEY=... tenuo pubkey --format pem\n"
         "\n"
         "Exit: 0 ok, 2 usage, 3 bad key.");
}

static int cmd_pubkey(argcur *c) {
    g_help = help_pubkey;
    const char *key = NULL, *env = NULL, *v;
    int32_t fmt = TENUO_FORMAT_HEX;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--key", &key) || opt(c, "--key-env", &env)) continue;
        if (opt(c, "--format", &v)) fmt = parse_key_format(v);
        else if (positional(c)) usage_error("unexpected argument '%s'", c->argv[c->i]);
        else unknown(c);
    }
    tenuo_signing_key *k = load_signing_key(key, env);
    tenuo_public_key *pk = NULL;
    char *pub = NULL;
    CHECK(tenuo_signing_key_public_key(k, &pk), "public key");
    CHECK(tenuo_public_key_export(pk, fmt, &pub), "export");
    fputs(pub, stdout);
    if (pub[strlen(pub) - 1] != '\n') putchar('\n');
    tenuo_string_free(pub); tenuo_public_key_free(pk); tenuo_signing_key_free(k);
    return EXIT_ALLOWED;
}

/* ---- mint / grant ------------------------------------------------------------------------------- */

/* Shorthand constraints: pattern:GLOB exact:TEXT regex:RE oneof:a,b notoneof:a,b
 * range:MIN..MAX subpath:/dir cidr:NET urlpattern:URL wildcard; or the constraint's JSON. */
static char *constraint_json(const char *s) {
    sbuf b = {0};
    const char *colon = strchr(s, ':');
    size_t kl = colon ? (size_t)(colon - s) : strlen(s);
    const char *val = colon ? colon + 1 : "";
    #define KIND(k) (kl == strlen(k) && !strncmp(s, k, kl))
    if (s[0] == '{') { sb_str(&b, s); return b.s; }
    if (KIND("wildcard") && !colon) { sb_str(&b, "{\"type\":\"Wildcard\"}"); return b.s; }
    if (!colon) return NULL;
    const char *field = NULL, *type = NULL;
    if (KIND("pattern")) { type = "Pattern"; field = "pattern"; }
    else if (KIND("exact")) { type = "Exact"; field = "value"; }
    else if (KIND("regex")) { type = "Regex"; field = "pattern"; }
    else if (KIND("subpath")) { type = "Subpath"; field = "root"; }
    else if (KIND("cidr")) { type = "Cidr"; field = "network"; }
    else if (KIND("urlpattern")) { type = "UrlPattern"; field = "pattern"; }
    if (type) {
        sb_str(&b, "{\"type\":\""); sb_str(&b, type); sb_str(&b, "\",\""); sb_str(&b, field); sb_str(&b, "\":");
        sb_json_string(&b, val, strlen(val)); sb_str(&b, "}");
        return b.s;
    }
    if (KIND("oneof") || KIND("notoneof")) {
        bool one = KIND("oneof");
        sb_str(&b, one ? "{\"type\":\"OneOf\",\"values\":[" : "{\"type\":\"NotOneOf\",\"excluded\":[");
        const char *p = val;
        for (int first = 1;; first = 0) {
            const char *comma = strchr(p, ',');
            size_t n = comma ? (size_t)(comma - p) : strlen(p);
            if (!first) sb_str(&b, ",");
            sb_json_string(&b, p, n);
            if (!comma) break;
            p = comma + 1;
        }
        sb_str(&b, "]}");
        return b.s;
    }
    if (KIND("range")) {
        const char *dots = strstr(val, "..");
        if (!dots) return NULL;
        char lo[64] = "", hi[64] = "";
        size_t ln = (size_t)(dots - val);
        if (ln >= sizeof lo || strlen(dots + 2) >= sizeof hi) return NULL;
        memcpy(lo, val, ln); lo[ln] = 0; strcpy(hi, dots + 2);
        char *e;
        if (*lo) { strtod(lo, &e); if (*e) return NULL; }
        if (*hi) { strtod(hi, &e); if (*e) return NULL; }
        sb_str(&b, "{\"type\":\"Range\",\"min\":"); sb_str(&b, *lo ? lo : "null");
        sb_str(&b, ",\"max\":"); sb_str(&b, *hi ? hi : "null"); sb_str(&b, "}");
        return b.s;
    }
    #undef KIND
    return NULL;
}

typedef struct {
    const char *tools[256]; size_t ntools;
    const char *constraints[256]; size_t nconstraints;   /* "TOOL.ARG=SPEC" */
    const char *tools_json;
    const char *holder, *ttl, *expires_at, *max_depth, *clearance, *session_id, *agent_id;
    const char *approvers[64]; size_t napprovers;
    const char *min_approvals, *gates;
    const char *extensions[64]; size_t nextensions;       /* "KEY=HEX" */
    const char *issuable[256]; size_t nissuable;
    const char *max_issue_depth;
    bool terminal, issuer_type;
    const char *key, *key_env, *format, *parent;
} build_opts;

static bool build_opt(argcur *c, build_opts *o, bool mint) {
    const char *v;
    if (opt(c, "--tool", &v)) {
        if (o->ntools == 256) usage_error("too many --tool");
        o->tools[o->ntools++] = v;
    } else if (opt(c, "--constraint", &v)) {
        if (o->nconstraints == 256) usage_error("too many --constraint");
        o->constraints[o->nconstraints++] = v;
    } else if (opt(c, "--tools-json", &o->tools_json) || opt(c, "--holder", &o->holder) || opt(c, "--ttl", &o->ttl)
               || opt(c, "--expires-at", &o->expires_at) || opt(c, "--max-depth", &o->max_depth)
               || opt(c, "--clearance", &o->clearance) || opt(c, "--session-id", &o->session_id)
               || opt(c, "--min-approvals", &o->min_approvals) || opt(c, "--approval-gates", &o->gates)
               || opt(c, "--key", &o->key) || opt(c, "--key-env", &o->key_env) || opt(c, "--format", &o->format)) {
    } else if (opt(c, "--required-approver", &v)) {
        if (o->napprovers == 64) usage_error("too many --required-approver");
        o->approvers[o->napprovers++] = v;
    } else if (opt(c, "--extension", &v)) {
        if (o->nextensions == 64) usage_error("too many --extension");
        o->extensions[o->nextensions++] = v;
    } else if (flag(c, "--terminal")) o->terminal = true;
    else if (mint && opt(c, "--agent-id", &o->agent_id)) {
    } else if (mint && flag(c, "--issuer-warrant")) o->issuer_type = true;
    else if (mint && opt(c, "--issuable-tool", &v)) {
        if (o->nissuable == 256) usage_error("too many --issuable-tool");
        o->issuable[o->nissuable++] = v;
    } else if (mint && opt(c, "--max-issue-depth", &o->max_issue_depth)) {
    } else return false;
    return true;
}

/* Calls for one builder kind, so mint and grant share the flag handling. */
typedef struct {
    void *b;
    bool mint;
} builder;

static tenuo_status b_add_tool(builder *b, const char *tool, const char *json) {
    size_t jl = json ? strlen(json) : 0;
    if (b->mint) return tenuo_mint_builder_add_tool(b->b, tool, strlen(tool), json, jl);
    tenuo_status st = tenuo_grant_builder_allow_tool(b->b, tool, strlen(tool));
    if (st || !json) return st;
    return tenuo_grant_builder_set_constraints(b->b, tool, strlen(tool), json, jl);
}

static void apply_tools(builder *b, build_opts *o) {
    for (size_t i = 0; i < o->ntools; i++) {
        char ctx[300]; snprintf(ctx, sizeof ctx, "--tool %.200s", o->tools[i]);
        CHECK(b_add_tool(b, o->tools[i], NULL), ctx);
    }
    if (o->tools_json) {
        size_t n;
        char *text = read_arg_text(o->tools_json, "tools JSON", &n);
        jval *t = jparse(text, n);
        if (!t || t->type != J_OBJ) input_error("--tools-json: expected an object {\"tool\": {\"arg\": constraint} | null}");
        for (size_t i = 0; i < t->count; i++) {
            sbuf sb = {0};
            if (t->items[i]->type != J_NULL) sb_json(&sb, t->items[i]);
            char ctx[300]; snprintf(ctx, sizeof ctx, "--tools-json tool '%.200s'", t->keys[i]);
            CHECK(b_add_tool(b, t->keys[i], sb.s), ctx);
            free(sb.s);
        }
        jfree(t); free(text);
    }
    for (size_t i = 0; i < o->nconstraints; i++) {
        const char *spec = o->constraints[i];
        const char *eq = strchr(spec, '=');
        const char *dot = NULL;
        for (const char *p = spec; eq && p < eq; p++) if (*p == '.') dot = p;
        if (!eq || !dot || dot == spec || dot + 1 == eq)
            usage_error("--constraint '%s': expected TOOL.ARG=CONSTRAINT", spec);
        char *cj = constraint_json(eq + 1);
        if (!cj) usage_error("--constraint '%s': expected pattern:, exact:, regex:, oneof:, notoneof:, range:MIN..MAX, "
                             "subpath:, cidr:, urlpattern:, wildcard, or constraint JSON", spec);
        tenuo_constraint *con = NULL;
        char ctx[300]; snprintf(ctx, sizeof ctx, "--constraint '%.200s'", spec);
        CHECK(tenuo_constraint_from_json(cj, strlen(cj), &con), ctx);
        size_t tl = (size_t)(dot - spec), al = (size_t)(eq - dot - 1);
        tenuo_status st = b->mint ? tenuo_mint_builder_set_constraint(b->b, spec, tl, dot + 1, al, con)
                                  : tenuo_grant_builder_set_constraint(b->b, spec, tl, dot + 1, al, con);
        if (st) fail_status(ctx, st, EXIT_INPUT);
        tenuo_constraint_free(con); free(cj);
    }
}

static void apply_common(builder *b, build_opts *o) {
    tenuo_status st;
    #define CALL(mfn, gfn, ...) (b->mint ? mfn(b->b, __VA_ARGS__) : gfn(b->b, __VA_ARGS__))
    if (o->holder) {
        tenuo_public_key *h = load_public_key("--holder", o->holder);
        st = CALL(tenuo_mint_builder_set_holder, tenuo_grant_builder_set_holder, h);
        if (st) fail_status("--holder", st, EXIT_INPUT);
        tenuo_public_key_free(h);
    }
    if (o->ttl && o->expires_at) usage_error("give --ttl or --expires-at, not both");
    if (o->ttl && (st = CALL(tenuo_mint_builder_set_ttl, tenuo_grant_builder_set_ttl, parse_duration("--ttl", o->ttl))))
        fail_status("--ttl", st, EXIT_INPUT);
    if (o->expires_at) {
        uint64_t t;
        if (!parse_u64(o->expires_at, &t)) usage_error("--expires-at: not a Unix time: '%s'", o->expires_at);
        if ((st = CALL(tenuo_mint_builder_set_expires_at, tenuo_grant_builder_set_expires_at, t)))
            fail_status("--expires-at", st, EXIT_INPUT);
    }
    if (o->max_depth && (st = CALL(tenuo_mint_builder_set_max_depth, tenuo_grant_builder_set_max_depth,
                                   parse_u32_opt("--max-depth", o->max_depth))))
        fail_status("--max-depth", st, EXIT_INPUT);
    if (o->clearance && (st = CALL(tenuo_mint_builder_set_clearance, tenuo_grant_builder_set_clearance,
                                   parse_u32_opt("--clearance", o->clearance))))
        fail_status("--clearance", st, EXIT_INPUT);
    if (o->session_id && (st = CALL(tenuo_mint_builder_set_session_id, tenuo_grant_builder_set_session_id,
                                    o->session_id, strlen(o->session_id))))
        fail_status("--session-id", st, EXIT_INPUT);
    if (o->terminal && (st = b->mint ? tenuo_mint_builder_set_terminal(b->b) : tenuo_grant_builder_set_terminal(b->b)))
        fail_status("--terminal", st, EXIT_INPUT);
    for (size_t i = 0; i < o->napprovers; i++) {
        tenuo_public_key *a = load_public_key("--required-approver", o->approvers[i]);
        if ((st = CALL(tenuo_mint_builder_add_required_approver, tenuo_grant_builder_add_required_approver, a)))
            fail_status("--required-approver", st, EXIT_INPUT);
        tenuo_public_key_free(a);
    }
    if (o->min_approvals && (st = CALL(tenuo_mint_builder_set_min_approvals, tenuo_grant_builder_set_min_approvals,
                                       parse_u32_opt("--min-approvals", o->min_approvals))))
        fail_status("--min-approvals", st, EXIT_INPUT);
    if (o->gates) {
        size_t n;
        char *g = read_arg_text(o->gates, "approval gates", &n);
        if ((st = CALL(tenuo_mint_builder_set_approval_gates, tenuo_grant_builder_add_approval_gates, g, n)))
            fail_status("--approval-gates", st, EXIT_INPUT);
        free(g);
    }
    for (size_t i = 0; i < o->nextensions; i++) {
        const char *e = o->extensions[i], *eq = strchr(e, '=');
        uint8_t *val = NULL; size_t vl = 0;
        if (!eq || eq == e) usage_error("--extension '%s': expected KEY=HEX", e);
        if (eq[1] && !hex_decode(eq + 1, strlen(eq + 1), &val, &vl)) usage_error("--extension '%s': the value is not hex", e);
        if ((st = CALL(tenuo_mint_builder_set_extension, tenuo_grant_builder_set_extension, e, (size_t)(eq - e), val, vl)))
            fail_status("--extension", st, EXIT_INPUT);
        free(val);
    }
    #undef CALL
}

/* A warrant prints as URL-safe base64 (the transport form both implementations read); a
 * chain as the reference SDK's stack text (standard base64 with padding, which its
 * decode_warrant_stack_base64 reads), as the spec's URL-safe stack (base64url), or as PEM. */
static void print_chain_or_warrant(const tenuo_chain *chain, const tenuo_warrant *w, const char *format) {
    char *s = NULL;
    const char *f = format ? format : "base64";
    bool pem = !strcmp(f, "pem"), url = !strcmp(f, "base64url");
    if (!pem && !url && strcmp(f, "base64")) usage_error("--format: expected base64, base64url or pem, got '%s'", f);
    if (chain && !pem && !url) {
        uint8_t *bytes = NULL; size_t n = 0;
        CHECK(tenuo_chain_to_bytes(chain, &bytes, &n), "encode");
        b64_print(stdout, bytes, n);
        putchar('\n');
        tenuo_bytes_free(bytes, n);
        return;
    }
    if (chain) CHECK(pem ? tenuo_chain_to_pem(chain, &s) : tenuo_chain_to_base64(chain, &s), "encode");
    else CHECK(pem ? tenuo_warrant_to_pem(w, &s) : tenuo_warrant_to_base64(w, &s), "encode");
    fputs(s, stdout);
    if (!*s || s[strlen(s) - 1] != '\n') putchar('\n');
    tenuo_string_free(s);
}

static void help_mint(void) {
    puts("Usage: tenuo mint --tool NAME [--tool NAME ...] [--constraint TOOL.ARG=C ...]\n"
         "                  [--tools-json JSON|@FILE] [--holder KEY] [--ttl DUR | --expires-at UNIX]\n"
         "                  [--max-depth N] [--terminal] [--clearance N] [--session-id S] [--agent-id S]\n"
         "                  [--required-approver KEY ...] [--min-approvals N] [--approval-gates JSON]\n"
         "                  [--extension KEY=HEX ...] [--issuer-warrant --issuable-tool NAME ...\n"
         "                  --max-issue-depth N] [--key FILE | --key-env VAR] [--format base64|pem]\n"
         "                  [--now UNIX]\n"
         "\n"
         "Mints a root warrant signed by the issuer key and prints it (base64url by default).\n"
         "The key comes from --key FILE, --key-env VAR, $TENUO_SIGNING_KEY or $TENUO_ROOT_KEY\n"
         "(hex, base64 or PEM). The holder defaults to the issuer's own key; the TTL to 1h.\n"
         "\n"
         "  --constraint TOOL.ARG=C  C is constraint JSON ({\"type\":\"Pattern\",\"pattern\":\"/d/*\"}) or\n"
         "                           pattern:GLOB exact:TEXT regex:RE oneof:a,b notoneof:a,b\n"
         "                           range:MIN..MAX subpath:/dir cidr:NET urlpattern:URL wildcard\n"
         "  --tools-json J           {\"tool\": {\"arg\": constraint, \"_allow_unknown\": true} | null}\n"
         "  KEY                      a public key: hex, base64, PEM, or a file holding one\n"
         "  DUR                      300, 300s, 30m, 1h, 2d\n"
         "\n"
         "Examples:\n"
         "  tenuo mint --key issuer.key --tool read_file --constraint 'read_file.path=pattern:/data/*' \\\n"
         "             --holder agent.pub --ttl 1h > warrant.b64\n"
         "  tenuo mint --key-env ROOT --tools-json '{\"search\": null}' --format pem\n"
         "\n"
         "Exit: 0 minted, 2 usage, 3 bad key or constraint (code name and message on stderr).");
}

static int cmd_mint(argcur *c) {
    g_help = help_mint;
    build_opts o = {0};
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (build_opt(c, &o, true)) continue;
        if (positional(c)) usage_error("unexpected argument '%s'", c->argv[c->i]);
        unknown(c);
    }
    if (!o.ntools && !o.tools_json && !o.issuer_type) usage_error("no tools: give --tool NAME or --tools-json");
    if ((o.nissuable || o.max_issue_depth) && !o.issuer_type) usage_error("--issuable-tool needs --issuer-warrant");
    tenuo_signing_key *key = load_signing_key(o.key, o.key_env);
    tenuo_mint_builder *mb = NULL;
    CHECK(tenuo_mint_builder_new(o.issuer_type ? TENUO_WARRANT_ISSUER : TENUO_WARRANT_EXECUTION, &mb), "mint");
    builder b = { mb, true };
    apply_tools(&b, &o);
    apply_common(&b, &o);
    if (o.agent_id) CHECK(tenuo_mint_builder_set_agent_id(mb, o.agent_id, strlen(o.agent_id)), "--agent-id");
    for (size_t i = 0; i < o.nissuable; i++)
        CHECK(tenuo_mint_builder_add_issuable_tool(mb, o.issuable[i], strlen(o.issuable[i])), "--issuable-tool");
    if (o.max_issue_depth)
        CHECK(tenuo_mint_builder_set_max_issue_depth(mb, parse_u32_opt("--max-issue-depth", o.max_issue_depth)), "--max-issue-depth");
    tenuo_warrant *w = NULL;
    CHECK(tenuo_mint_builder_mint(mb, key, g_now, &w), "mint");
    print_chain_or_warrant(NULL, w, o.format);
    tenuo_warrant_free(w); tenuo_mint_builder_free(mb); tenuo_signing_key_free(key);
    return EXIT_ALLOWED;
}

static void help_grant(void) {
    puts("Usage: tenuo grant PARENT --tool NAME [...] [--constraint TOOL.ARG=C ...] [--tools-json J]\n"
         "                   [--holder KEY] [--ttl DUR | --expires-at UNIX] [--max-depth N] [--terminal]\n"
         "                   [--clearance N] [--session-id S] [--required-approver KEY ...]\n"
         "                   [--min-approvals N] [--approval-gates JSON] [--extension KEY=HEX ...]\n"
         "                   [--key FILE | --key-env VAR] [--format base64|base64url|pem] [--warrant-only]\n"
         "                   [--now UNIX]\n"
         "\n"
         "Attenuates PARENT (a warrant or chain: argument, file or '-') into a narrower child for\n"
         "a new holder, signed by the parent's holder key (--key ...). Prints the whole chain, root\n"
         "first (a stack, what 'authorize' takes): by default as standard base64 of the CBOR stack,\n"
         "the form the reference SDK's decode_warrant_stack_base64 reads; base64url is the spec's\n"
         "URL-safe form. --warrant-only prints the child alone (base64url). Tools and\n"
         "constraints are written as for 'tenuo mint' and must be within the parent's.\n"
         "\n"
         "Examples:\n"
         "  tenuo grant root.b64 --key orchestrator.key --holder worker.pub --tool read_file \\\n"
         "              --constraint 'read_file.path=pattern:/data/reports/*' --ttl 10m > chain.b64\n"
         "\n"
         "Exit: 0 granted, 2 usage, 3 bad input or an attenuation the library refuses\n"
         "(e.g. TENUO_E_CAPABILITY_EXPANSION, on stderr).");
}

static int cmd_grant(argcur *c) {
    g_help = help_grant;
    build_opts o = {0};
    bool warrant_only = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (build_opt(c, &o, false)) continue;
        if (flag(c, "--warrant-only")) warrant_only = true;
        else if (positional(c)) { if (o.parent) usage_error("more than one parent given"); o.parent = c->argv[c->i]; }
        else unknown(c);
    }
    if (!o.parent) usage_error("no parent warrant given");
    if (!o.ntools && !o.tools_json) usage_error("no tools: give --tool NAME or --tools-json");
    tenuo_chain *chain = load_chain(o.parent);
    tenuo_signing_key *key = load_signing_key(o.key, o.key_env);
    tenuo_warrant *parent = chain_leaf(chain);
    tenuo_grant_builder *gb = NULL;
    CHECK(tenuo_grant_builder_new(parent, &gb), "grant");
    builder b = { gb, false };
    apply_tools(&b, &o);
    apply_common(&b, &o);
    tenuo_warrant *child = NULL;
    CHECK(tenuo_grant_builder_grant(gb, key, g_now, &child), "grant");
    if (warrant_only) print_chain_or_warrant(NULL, child, o.format);
    else {
        tenuo_chain *longer = NULL;
        CHECK(tenuo_chain_push(chain, child, &longer), "chain");
        print_chain_or_warrant(longer, NULL, o.format);
        tenuo_chain_free(longer);
    }
    tenuo_warrant_free(child); tenuo_warrant_free(parent); tenuo_grant_builder_free(gb);
    tenuo_signing_key_free(key); tenuo_chain_free(chain);
    return EXIT_ALLOWED;
}

/* ---- sign ------------------------------------------------------------------------------------------ */

static void help_sign(void) {
    puts("Usage: tenuo sign WARRANT --tool NAME [--args JSON|@FILE] [--key FILE | --key-env VAR]\n"
         "                  [--format hex|base64] [--now UNIX]\n"
         "\n"
         "Makes the holder's proof-of-possession (PoP) signature for one tool call, as the\n"
         "reference runtime does (30-second windows), and prints it (hex by default). WARRANT may\n"
         "be a chain: the last warrant's holder signs. The key must be that holder's.\n"
         "\n"
         "Examples:\n"
         "  tenuo sign chain.b64 --key worker.key --tool read_file --args '{\"path\": \"/data/a.txt\"}'\n"
         "\n"
         "Exit: 0 signed, 2 usage, 3 bad input (TENUO_E_INVALID_ISSUER: the key is not the holder).");
}

static int cmd_sign(argcur *c) {
    g_help = help_sign;
    const char *input = NULL, *tool = NULL, *args_s = NULL, *key = NULL, *env = NULL, *format = "hex";
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--tool", &tool) || opt(c, "--args", &args_s) || opt(c, "--key", &key) || opt(c, "--key-env", &env)
            || opt(c, "--format", &format)) continue;
        if (positional(c)) { if (input) usage_error("more than one warrant given"); input = c->argv[c->i]; }
        else unknown(c);
    }
    if (!tool) usage_error("no --tool given");
    if (strcmp(format, "hex") && strcmp(format, "base64")) usage_error("--format: expected hex or base64, got '%s'", format);
    tenuo_chain *chain = load_chain(input);
    tenuo_warrant *w = chain_leaf(chain);
    tenuo_args *args = load_args(args_s);
    tenuo_signing_key *k = load_signing_key(key, env);
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    CHECK(tenuo_warrant_sign(w, k, tool, strlen(tool), args, (int64_t)g_now, sig, sizeof sig), "sign");
    if (!strcmp(format, "hex")) hex_print(stdout, sig, sizeof sig); else b64_print(stdout, sig, sizeof sig);
    putchar('\n');
    tenuo_signing_key_free(k); tenuo_args_free(args); tenuo_warrant_free(w); tenuo_chain_free(chain);
    return EXIT_ALLOWED;
}

/* ---- verify / authorize -------------------------------------------------------------------------- */

static tenuo_authorizer *make_authorizer(const char **roots, size_t nroots) {
    if (!nroots) usage_error("no trusted root: give --root KEY (repeatable)");
    uint8_t *buf = xmalloc(nroots * TENUO_PUBLIC_KEY_BYTES);
    for (size_t i = 0; i < nroots; i++) {
        tenuo_public_key *k = load_public_key("--root", roots[i]);
        CHECK(tenuo_public_key_to_bytes(k, buf + i * TENUO_PUBLIC_KEY_BYTES, TENUO_PUBLIC_KEY_BYTES), "--root");
        tenuo_public_key_free(k);
    }
    tenuo_authorizer *a = NULL;
    CHECK(tenuo_authorizer_new(buf, nroots * TENUO_PUBLIC_KEY_BYTES, 0, TENUO_DEFAULT_CLOCK_TOLERANCE, &a), "authorizer");
    free(buf);
    return a;
}

static void help_verify(void) {
    puts("Usage: tenuo verify CHAIN --root KEY [--root KEY ...] [--json] [--now UNIX]\n"
         "\n"
         "Verifies a warrant or chain against trusted root keys, without a call: a trusted root,\n"
         "signatures, expiry and issue times, depth and size limits, and that every link only\n"
         "narrows its parent. KEY: hex, base64, PEM, or a file holding one.\n"
         "\n"
         "Examples:\n"
         "  tenuo verify chain.b64 --root issuer.pub\n"
         "  tenuo verify - --root 8a88e3dd...5c < chain.pem\n"
         "\n"
         "Exit: 0 verified, 1 does not verify (e.g. TENUO_E_UNTRUSTED_ROOT, TENUO_E_WARRANT_EXPIRED),\n"
         "2 usage, 3 not a valid warrant or key.");
}

static int cmd_verify(argcur *c) {
    g_help = help_verify;
    const char *input = NULL, *roots[64], *v;
    size_t nroots = 0;
    bool json = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--root", &v)) { if (nroots == 64) usage_error("too many --root"); roots[nroots++] = v; }
        else if (flag(c, "--json")) json = true;
        else if (positional(c)) { if (input) usage_error("more than one chain given"); input = c->argv[c->i]; }
        else unknown(c);
    }
    tenuo_authorizer *a = make_authorizer(roots, nroots);
    tenuo_chain *chain = load_chain(input);
    tenuo_status st = tenuo_authorizer_verify_chain(a, chain, g_now);
    size_t n = tenuo_chain_len(chain);
    if (json) {
        sbuf b = {0};
        const char *msg = st ? tenuo_last_error_message() : "";
        sb_json_string(&b, msg ? msg : "", msg ? strlen(msg) : 0);
        printf("{\"valid\":%s,\"code\":%d,\"code_name\":\"%s\",\"message\":%s,\"chain_length\":%zu}\n", st ? "false" : "true",
               (int)st, tenuo_status_name(st), b.s, n);
        free(b.s);
    } else if (!st) printf("%sVERIFIED%s chain of %zu warrant%s against a trusted root\n", c_on(GREEN), c_off(), n, n == 1 ? "" : "s");
    else printf("%sNOT VERIFIED%s %s\n", c_on(RED), c_off(), tenuo_status_name(st));
    if (st) report_status("not verified", st);
    tenuo_chain_free(chain); tenuo_authorizer_free(a);
    return st ? EXIT_DENIED : EXIT_ALLOWED;
}

static void print_denial_human(const tenuo_denial *d, const char *tool) {
    const char *field = tenuo_denial_field(d), *reason = tenuo_denial_reason(d), *sugg = tenuo_denial_suggestion(d);
    printf("%sDENIED%s %s\n", c_on(RED), c_off(), tool);
    printf("  code        %s (%d)\n", tenuo_status_name(tenuo_denial_code(d)), (int)tenuo_denial_code(d));
    if (tenuo_denial_deny_code(d) && *tenuo_denial_deny_code(d)) printf("  deny code   %s\n", tenuo_denial_deny_code(d));
    if (field && *field) printf("  field       %s\n", field);
    if (reason && *reason) printf("  reason      %s\n", reason);
    if (sugg && *sugg) printf("  suggestion  %s\n", sugg);
}

static void help_authorize(void) {
    puts("Usage: tenuo authorize CHAIN --root KEY [...] --tool NAME [--args JSON|@FILE]\n"
         "                       (--pop SIG | --key FILE | --key-env VAR) [--approval FILE ...]\n"
         "                       [--json] [--now UNIX]\n"
         "\n"
         "The full decision an authorizer makes for one call: a trusted root, the chain rules,\n"
         "expiry, the tool, the holder's proof of possession, the constraints and approvals.\n"
         "The PoP is given (--pop, hex or base64, as printed by 'tenuo sign') or made on the spot\n"
         "with the holder's key (--key). --approval takes a signed approval (CBOR bytes, or their\n"
         "hex/base64) for calls under an approval gate.\n"
         "\n"
         "Examples:\n"
         "  POP=$(tenuo sign chain.b64 --key worker.key --tool read_file --args @call.json)\n"
         "  tenuo authorize chain.b64 --root issuer.pub --tool read_file --args @call.json --pop \"$POP\"\n"
         "\n"
         "Exit: 0 allowed, 1 denied (the denial on stdout, its code on stderr), 2 usage, 3 bad input.");
}

static uint8_t *load_bytes_arg(const char *what, const char *spec, size_t *len) {
    size_t n;
    char *text = spec[0] == '@' || is_file(spec) ? read_file(spec[0] == '@' ? spec + 1 : spec, &n)
                                                 : read_arg_text(spec, what, &n);
    uint8_t *out;
    size_t a = 0, b = n;
    while (a < b && is_space(text[a])) a++;
    while (b > a && is_space(text[b - 1])) b--;
    if (hex_decode(text + a, b - a, &out, len) || b64_decode(text + a, b - a, &out, len)) { free(text); return out; }
    *len = n; return (uint8_t *)text;   /* raw bytes */
}

static int cmd_authorize(argcur *c) {
    g_help = help_authorize;
    const char *input = NULL, *roots[64], *approvals_s[16], *tool = NULL, *args_s = NULL, *pop_s = NULL;
    const char *key = NULL, *env = NULL, *v;
    size_t nroots = 0, nappr = 0;
    bool json = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--root", &v)) { if (nroots == 64) usage_error("too many --root"); roots[nroots++] = v; }
        else if (opt(c, "--approval", &v)) { if (nappr == 16) usage_error("too many --approval"); approvals_s[nappr++] = v; }
        else if (opt(c, "--tool", &tool) || opt(c, "--args", &args_s) || opt(c, "--pop", &pop_s) || opt(c, "--key", &key)
                 || opt(c, "--key-env", &env)) continue;
        else if (flag(c, "--json")) json = true;
        else if (positional(c)) { if (input) usage_error("more than one chain given"); input = c->argv[c->i]; }
        else unknown(c);
    }
    if (!tool) usage_error("no --tool given");
    if (!pop_s && !key && !env) usage_error("no proof of possession: give --pop SIG, or --key FILE to sign here");
    if (pop_s && (key || env)) usage_error("give --pop or --key, not both");
    tenuo_authorizer *a = make_authorizer(roots, nroots);
    tenuo_chain *chain = load_chain(input);
    tenuo_args *args = load_args(args_s);
    uint8_t sigbuf[TENUO_SIGNATURE_BYTES], *pop = sigbuf;
    size_t pop_len = sizeof sigbuf;
    uint8_t *pop_alloc = NULL;
    if (pop_s) {
        size_t n = strlen(pop_s);
        if (!hex_decode(pop_s, n, &pop_alloc, &pop_len) && !b64_decode(pop_s, n, &pop_alloc, &pop_len))
            input_error("--pop: not hex or base64");
        pop = pop_alloc;
    } else {
        tenuo_signing_key *k = load_signing_key(key, env);
        tenuo_warrant *leaf = chain_leaf(chain);
        CHECK(tenuo_warrant_sign(leaf, k, tool, strlen(tool), args, (int64_t)g_now, sigbuf, sizeof sigbuf), "sign");
        tenuo_warrant_free(leaf); tenuo_signing_key_free(k);
    }
    tenuo_approval *appr[16] = {0};
    for (size_t i = 0; i < nappr; i++) {
        size_t n;
        uint8_t *bytes = load_bytes_arg("approval", approvals_s[i], &n);
        char ctx[300]; snprintf(ctx, sizeof ctx, "--approval %.200s", approvals_s[i]);
        CHECK(tenuo_approval_parse(bytes, n, &appr[i]), ctx);
        free(bytes);
    }
    tenuo_denial *d = NULL;
    tenuo_status st = tenuo_authorizer_check_chain_with_approvals(a, chain, tool, strlen(tool), args, pop, pop_len,
                                                                   (const tenuo_approval *const *)appr, nappr, g_now, &d);
    if (st && !d) fail_status("authorize", st, EXIT_INPUT);   /* misuse, not a decision */
    if (json) {
        if (!st) {
            sbuf b = {0};
            sb_json_string(&b, tool, strlen(tool));
            printf("{\"allowed\":true,\"tool\":%s}\n", b.s);
            free(b.s);
        } else {
            char *dj = NULL;
            CHECK(tenuo_denial_to_json(d, &dj), "denial");
            size_t len = strlen(dj);
            while (len && dj[len - 1] != '}') len--;
            if (len > 1 && dj[0] == '{') printf("{\"allowed\":false,%.*s\n", (int)(len - 1), dj + 1);
            else printf("{\"allowed\":false,\"denial\":%s}\n", dj);
            tenuo_string_free(dj);
        }
    } else if (!st) printf("%sALLOWED%s %s\n", c_on(GREEN), c_off(), tool);
    else print_denial_human(d, tool);
    if (st) {
        const char *reason = tenuo_denial_reason(d);
        fprintf(stderr, "%s: denied: %s (%d)%s%s\n", g_cmd, tenuo_status_name(st), (int)st,
                reason && *reason ? ": " : "", reason ? reason : "");
    }
    tenuo_denial_free(d);
    for (size_t i = 0; i < nappr; i++) tenuo_approval_free(appr[i]);
    free(pop_alloc); tenuo_args_free(args); tenuo_chain_free(chain); tenuo_authorizer_free(a);
    return st ? EXIT_DENIED : EXIT_ALLOWED;
}

/* ---- why-denied ------------------------------------------------------------------------------------ */

static void help_why(void) {
    puts("Usage: tenuo why-denied WARRANT --tool NAME [--args JSON|@FILE] [--json] [--now UNIX]\n"
         "\n"
         "Explains whether the warrant (the last of a chain) would refuse this call by itself:\n"
         "expiry, tool, then each constraint, with the failing field and a suggestion. No\n"
         "signature or trusted root is needed (for the full decision use 'tenuo authorize').\n"
         "\n"
         "Examples:\n"
         "  tenuo why-denied \"$WARRANT\" --tool read_file --args '{\"path\": \"/etc/passwd\"}'\n"
         "  tenuo why-denied chain.b64 --tool search --json | jq .deny_code\n"
         "\n"
         "Exit: 0 the warrant allows the call, 1 it would deny it, 2 usage, 3 bad input.");
}

static int cmd_why(argcur *c) {
    g_help = help_why;
    const char *input = NULL, *tool = NULL, *args_s = NULL;
    bool json = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (opt(c, "--tool", &tool) || opt(c, "--args", &args_s)) continue;
        if (flag(c, "--json")) json = true;
        else if (positional(c)) { if (input) usage_error("more than one warrant given"); input = c->argv[c->i]; }
        else unknown(c);
    }
    if (!tool) usage_error("no --tool given");
    tenuo_chain *chain = load_chain(input);
    tenuo_warrant *w = chain_leaf(chain);
    tenuo_args *args = load_args(args_s);
    char *out = NULL;
    CHECK(tenuo_warrant_why_denied(w, tool, strlen(tool), args, g_now, &out), "why-denied");
    jval *r = jparse(out, strlen(out));
    const jval *denied = jget(r, "denied");
    if (!denied || denied->type != J_BOOL) input_error("the library returned JSON this tool cannot read");
    bool is_denied = denied->boolean;
    if (json) printf("%s\n", out);
    else if (!is_denied) printf("%sALLOWED%s %s (by this warrant alone; authorize also checks the root and PoP)\n",
                                c_on(GREEN), c_off(), tool);
    else {
        printf("%sDENIED%s %s\n", c_on(RED), c_off(), tool);
        static const char *const fields[][2] = { {"code_name", "code"}, {"deny_code", "deny code"}, {"field", "field"},
                                                 {"reason", "reason"}, {"suggestion", "suggestion"} };
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            const char *s = jstr(r, fields[i][0]);
            if (s && *s) printf("  %-11s %s\n", fields[i][1], s);
        }
    }
    if (is_denied) {
        const char *name = jstr(r, "code_name"), *reason = jstr(r, "reason");
        const jval *code = jget(r, "code");
        fprintf(stderr, "%s: denied: %s (%s)%s%s\n", g_cmd, name ? name : "?", code && code->type == J_NUM ? code->text : "?",
                reason && *reason ? ": " : "", reason ? reason : "");
    }
    jfree(r); tenuo_string_free(out); tenuo_args_free(args); tenuo_warrant_free(w); tenuo_chain_free(chain);
    return is_denied ? EXIT_DENIED : EXIT_ALLOWED;
}

/* ---- version ---------------------------------------------------------------------------------------- */

static void help_version(void) {
    puts("Usage: tenuo version [--json]\n"
         "\n"
         "Prints the CLI's version, the loaded library's version and ABI generation, and the\n"
         "Tenuo wire format version it speaks.\n"
         "\n"
         "Examples:\n"
         "  tenuo version\n"
         "  tenuo version --json | jq .wire\n"
         "\n"
         "Exit: 0.");
}

static int cmd_version(argcur *c) {
    g_help = help_version;
    bool json = false;
    for (; c->i < c->argc; c->i++) {
        if (common_opt(c)) continue;
        if (flag(c, "--json")) json = true;
        else if (positional(c)) usage_error("unexpected argument '%s'", c->argv[c->i]);
        else unknown(c);
    }
    if (json)
        printf("{\"cli\":\"%s\",\"library\":\"%s\",\"abi\":%d,\"wire\":%d}\n", CLI_VERSION, tenuo_version_string(),
               (int)tenuo_abi_version(), (int)tenuo_wire_version());
    else
        printf("tenuo %s (libtenuo command-line tool)\nlibrary   libtenuo %s (ABI %d)\nwire      Tenuo v%d\n", CLI_VERSION,
               tenuo_version_string(), (int)tenuo_abi_version(), (int)tenuo_wire_version());
    return EXIT_ALLOWED;
}

/* ---- main -------------------------------------------------------------------------------------------- */

static void help_main(void) {
    puts("Usage: tenuo COMMAND [OPTIONS]        (tenuo COMMAND --help for each)\n"
         "\n"
         "Commands:\n"
         "  inspect | decode   show what a warrant or chain grants (--json for machines)\n"
         "  keygen             generate a key; prints the public key\n"
         "  pubkey             print the public key of a signing key\n"
         "  mint               mint a root warrant\n"
         "  grant              attenuate a warrant for a new holder (prints the chain)\n"
         "  sign               make the holder's proof-of-possession for a call\n"
         "  verify             verify a chain against trusted roots\n"
         "  authorize          the full decision for a call (root, chain, PoP, constraints)\n"
         "  why-denied         explain what a warrant alone says about a call\n"
         "  version            library and wire versions\n"
         "\n"
         "Every command takes --now UNIX to pin the clock. Output is plain when stdout is not a\n"
         "terminal or NO_COLOR is set. Keys: --key FILE, --key-env VAR, or $TENUO_SIGNING_KEY /\n"
         "$TENUO_ROOT_KEY; secrets are never printed (except 'keygen --print-secret').\n"
         "\n"
         "Exit codes: 0 allowed/ok, 1 denied or not verified, 2 usage error, 3 input error\n"
         "(bad key, malformed or forged warrant, unreadable file). Errors go to stderr as\n"
         "'tenuo COMMAND: CODE_NAME (n): message'.\n"
         "\n"
         "Example (a whole delegation):\n"
         "  tenuo keygen --out root.key > root.pub; tenuo keygen --out agent.key > agent.pub\n"
         "  tenuo mint --key root.key --holder agent.pub --tool read_file \\\n"
         "             --constraint 'read_file.path=pattern:/data/*' > w.b64\n"
         "  tenuo authorize w.b64 --root root.pub --tool read_file --args '{\"path\":\"/data/x\"}' --key agent.key");
}

int main(int argc, char **argv) {
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    g_color = isatty(STDOUT_FILENO) && !(nc && *nc) && !(term && !strcmp(term, "dumb"));
    g_now = tenuo_now_unix();
    g_help = help_main;
    if (argc < 2) { help_main(); return EXIT_USAGE; }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) { help_main(); return EXIT_ALLOWED; }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) cmd = "version";
    static const struct { const char *name; int (*fn)(argcur *); } cmds[] = {
        {"inspect", cmd_inspect}, {"decode", cmd_inspect}, {"keygen", cmd_keygen}, {"pubkey", cmd_pubkey},
        {"mint", cmd_mint}, {"grant", cmd_grant}, {"sign", cmd_sign}, {"verify", cmd_verify},
        {"authorize", cmd_authorize}, {"why-denied", cmd_why}, {"version", cmd_version},
    };
    static char label[64];
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        if (strcmp(cmd, cmds[i].name)) continue;
        snprintf(label, sizeof label, "tenuo %s", cmds[i].name);
        g_cmd = label;
        argcur c = { argc, argv, 2 };
        int rc = cmds[i].fn(&c);
        if (fflush(stdout) != 0) { fprintf(stderr, "%s: write error: %s\n", g_cmd, strerror(errno)); return EXIT_INPUT; }
        return rc;
    }
    fprintf(stderr, "tenuo: unknown command '%s'\nTry 'tenuo --help'.\n", cmd);
    return EXIT_USAGE;
}
