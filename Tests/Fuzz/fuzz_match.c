/*
 * Fuzz target: URL, IP/CIDR, glob, regex, subpath, shell-command and URL-safety matching through
 * the typed constructors. Input: one kind byte, then "pattern\nvalue\nvalue..." (raw text: the
 * harness JSON-escapes each value, so any bytes reach the matcher; invalid UTF-8 must be refused).
 *   kind % 7: 0 UrlPattern, 1 Cidr, 2 Pattern (glob), 3 Regex, 4 Subpath (flags from the kind
 *   byte), 5 Shlex (allow list of one binary), 6 UrlSafe (allow_domains of one entry)
 * Each value is matched by the constraint built from the pattern, and, when the value itself builds
 * a constraint of the same kind, attenuation from the pattern's constraint to it is checked both
 * ways, and the value constraint's JSON must rebuild.
 * Seeds: patterns and values of the constraint cases of those types in Tests/Vectors.
 */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    return 0;
}

static tenuo_status make(int kind, uint8_t flags, fz_str text, tenuo_constraint **out) {
    size_t jn = 0;
    char *js = NULL, *opts = NULL;
    tenuo_status s;
    switch (kind) {
    case 0: return tenuo_constraint_url_pattern(text.p, text.n, out);
    case 1: return tenuo_constraint_cidr(text.p, text.n, out);
    case 2: return tenuo_constraint_pattern(text.p, text.n, out);
    case 3: return tenuo_constraint_regex(text.p, text.n, out);
    case 4: return tenuo_constraint_subpath(text.p, text.n, flags & 0x10, flags & 0x20, out);
    case 5:
        js = fz_json_string(text.p, text.n, &jn);
        opts = malloc(jn + 3);
        if (opts == NULL) abort();
        snprintf(opts, jn + 3, "[%s]", js);
        s = tenuo_constraint_shlex(opts, strlen(opts), out);
        break;
    default:
        js = fz_json_string(text.p, text.n, &jn);
        opts = malloc(jn + 64);
        if (opts == NULL) abort();
        snprintf(opts, jn + 64, "{\"allow_domains\": [%s]%s}", js, (flags & 0x40) ? ", \"allow_private\": true" : "");
        s = tenuo_constraint_url_safe(opts, strlen(opts), out);
        break;
    }
    free(js);
    free(opts);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) return 0;
    uint8_t flags = data[0];
    int kind = data[0] % 7;
    fz_str parts[6];
    size_t np = fz_split(data + 1, size - 1, parts, 6);
    tenuo_constraint *c = NULL;
    tenuo_status s = make(kind, flags, parts[0], &c);
    fz_failed_call(s, c);
    if (s != TENUO_OK) return 0;
    /* Every constraint attenuates to itself, except a Subpath with allow_equal=false: its root is
     * not "inside" itself (the reference's contains_path rule, kept alike). */
    int strict_subpath = kind == 4 && !(flags & 0x20);
    if (!strict_subpath)
        FZ_CHECK(tenuo_constraint_check_attenuation(c, c) == TENUO_OK, "a constraint is not an attenuation of itself");

    for (size_t i = 1; i < np; i++) {
        size_t jn = 0;
        char *js = fz_json_string(parts[i].p, parts[i].n, &jn);
        s = tenuo_constraint_matches(c, js, jn);
        fz_failed_call(s, NULL);
        FZ_CHECK(s == TENUO_OK || s == TENUO_E_CONSTRAINT_VIOLATION || s == TENUO_E_INVALID_UTF8 ||
                     s == TENUO_E_INVALID_JSON || s == TENUO_E_VALUE_TOO_LARGE,
                 "unexpected status from matches");
        free(js);

        tenuo_constraint *other = NULL;
        s = make(kind, flags, parts[i], &other);
        fz_failed_call(s, other);
        if (s == TENUO_OK) {
            fz_failed_call(tenuo_constraint_check_attenuation(c, other), NULL);
            fz_failed_call(tenuo_constraint_check_attenuation(other, c), NULL);
            char *j = NULL;
            FZ_CHECK(tenuo_constraint_to_json(other, &j) == TENUO_OK, "to_json");
            tenuo_constraint *again = NULL;
            if (tenuo_constraint_from_json(j, strlen(j), &again) != TENUO_OK) {
                fprintf(stderr, "to_json gave: %s\n", j);
                fz_fail("a constraint's own JSON does not construct", tenuo_last_error_message());
            }
            tenuo_constraint_free(again);
            tenuo_string_free(j);
            tenuo_constraint_free(other);
        }
    }
    tenuo_constraint_free(c);
    return 0;
}
