/*
 * The typed constraint constructors of the C API: each builds the same constraint as its JSON
 * form, evaluates as documented, and composes (All/Any/Not/push) within the nesting limit.
 * Prints "N passed, M failed"; exits non-zero on any failure.
 */
#include "tenuo.h"

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

static int matches(const tenuo_constraint *c, const char *value) {
    return tenuo_constraint_matches(c, value, strlen(value)) == TENUO_OK;
}

/* The typed constructor and the JSON form give the same constraint. */
static void same_as_json(tenuo_constraint *typed, const char *json) {
    tenuo_constraint *from_json = NULL;
    char *a = NULL, *b = NULL;
    CHECK(typed != NULL);
    CHECK(tenuo_constraint_from_json(json, strlen(json), &from_json) == TENUO_OK);
    CHECK(tenuo_constraint_to_json(typed, &a) == TENUO_OK);
    CHECK(tenuo_constraint_to_json(from_json, &b) == TENUO_OK);
    CHECK(a && b && strcmp(a, b) == 0);
    tenuo_string_free(a);
    tenuo_string_free(b);
    tenuo_constraint_free(from_json);
}

int main(void) {
    tenuo_constraint *p = NULL, *r = NULL, *o = NULL, *n = NULL, *w = NULL, *e = NULL, *ct = NULL, *sb = NULL;
    tenuo_constraint *all = NULL, *all2 = NULL, *any = NULL, *not = NULL, *sp = NULL, *sh = NULL;

    CHECK(tenuo_constraint_pattern("/data/*", 7, &p) == TENUO_OK);
    same_as_json(p, "{\"type\": \"Pattern\", \"pattern\": \"/data/*\"}");
    CHECK(matches(p, "\"/data/x\"") && !matches(p, "\"/etc\""));

    CHECK(tenuo_constraint_range(true, 0, true, true, 100, false, &r) == TENUO_OK);
    same_as_json(r, "{\"type\": \"Range\", \"min\": 0.0, \"max\": 100.0, \"min_inclusive\": true, \"max_inclusive\": false}");
    CHECK(matches(r, "0") && matches(r, "99.5") && !matches(r, "100") && !matches(r, "true"));

    CHECK(tenuo_constraint_one_of("[\"a\", 1]", 8, &o) == TENUO_OK);
    CHECK(matches(o, "1") && !matches(o, "1.0") && !matches(o, "\"b\""));
    CHECK(tenuo_constraint_not_one_of("[\"prod\"]", 8, &n) == TENUO_OK);
    CHECK(matches(n, "\"dev\"") && !matches(n, "\"prod\""));
    CHECK(tenuo_constraint_wildcard(&w) == TENUO_OK && matches(w, "{\"any\": [1]}"));
    CHECK(tenuo_constraint_exact("\"/data/x\"", 9, &e) == TENUO_OK && matches(e, "\"/data/x\""));

    CHECK(tenuo_constraint_contains("[\"a\"]", 5, &ct) == TENUO_OK);
    same_as_json(ct, "{\"type\": \"Contains\", \"required\": [\"a\"]}");
    CHECK(matches(ct, "[\"a\", \"b\"]") && !matches(ct, "[\"b\"]") && !matches(ct, "\"a\""));
    CHECK(tenuo_constraint_subset("[1, 2]", 6, &sb) == TENUO_OK);
    CHECK(matches(sb, "[1]") && !matches(sb, "[3]"));

    CHECK(tenuo_constraint_all(p, &all) == TENUO_OK);
    CHECK(tenuo_constraint_push(all, e, &all2) == TENUO_OK);
    same_as_json(all2, "{\"type\": \"All\", \"constraints\": [{\"type\": \"Pattern\", \"pattern\": \"/data/*\"},"
                       " {\"type\": \"Exact\", \"value\": \"/data/x\"}]}");
    CHECK(matches(all2, "\"/data/x\"") && !matches(all2, "\"/data/y\""));
    CHECK(tenuo_constraint_any(e, &any) == TENUO_OK);
    {
        tenuo_constraint *bad = NULL;
        CHECK(tenuo_constraint_push(p, e, &bad) == TENUO_E_INVALID_ARGUMENT && bad == NULL);
    }
    CHECK(tenuo_constraint_not(e, &not) == TENUO_OK);
    CHECK(matches(not, "\"/data/y\"") && !matches(not, "\"/data/x\""));

    CHECK(tenuo_constraint_subpath("/data/", 6, true, true, &sp) == TENUO_OK);
    same_as_json(sp, "{\"type\": \"Subpath\", \"root\": \"/data\", \"case_sensitive\": true, \"allow_equal\": true}");
    CHECK(matches(sp, "\"/data/a/../b\"") && !matches(sp, "\"/data/../etc/passwd\""));
    CHECK(tenuo_constraint_shlex("[\"ls\"]", 6, &sh) == TENUO_OK);
    CHECK(matches(sh, "\"ls -la\"") && !matches(sh, "\"ls; rm -rf /\""));
    {
        tenuo_constraint *bad = NULL;
        CHECK(tenuo_constraint_shlex("[]", 2, &bad) != TENUO_OK && bad == NULL);
        CHECK(tenuo_constraint_shlex("[1]", 3, &bad) == TENUO_E_INVALID_ARGUMENT && bad == NULL);
        CHECK(tenuo_constraint_subpath(NULL, 4, true, true, &bad) == TENUO_E_NULL_ARGUMENT && bad == NULL);
    }

    /* Text and network constraints. */
    {
        tenuo_constraint *re = NULL, *ci = NULL, *up = NULL, *us = NULL, *us2 = NULL, *bad = NULL;
        CHECK(tenuo_constraint_regex("^prod-[a-z]+$", 13, &re) == TENUO_OK);
        same_as_json(re, "{\"type\": \"Regex\", \"pattern\": \"^prod-[a-z]+$\"}");
        CHECK(matches(re, "\"prod-web\"") && !matches(re, "\"dev-web\""));
        CHECK(tenuo_constraint_regex("(?=x)", 5, &bad) == TENUO_E_INVALID_ARGUMENT && bad == NULL);
        CHECK(tenuo_constraint_cidr("10.0.0.0/8", 10, &ci) == TENUO_OK);
        CHECK(matches(ci, "\"10.1.2.3\"") && !matches(ci, "\"11.0.0.1\""));
        CHECK(tenuo_constraint_cidr("10.0.0/8", 8, &bad) != TENUO_OK && bad == NULL);
        CHECK(tenuo_constraint_url_pattern("https://*.example.com/*", 23, &up) == TENUO_OK);
        CHECK(matches(up, "\"https://a.example.com/x\"") && !matches(up, "\"https://evil.com/x\""));
        CHECK(tenuo_constraint_url_safe(NULL, 0, &us) == TENUO_OK);
        CHECK(matches(us, "\"https://example.com/\"") && !matches(us, "\"http://169.254.169.254/\""));
        CHECK(!matches(us, "\"http://127.0.0.1/\"") && !matches(us, "\"http://localhost./\""));
        CHECK(tenuo_constraint_url_safe("{\"allow_ports\": [443]}", 22, &us2) == TENUO_OK);
        CHECK(tenuo_constraint_check_attenuation(us, us2) == TENUO_OK);
        CHECK(tenuo_constraint_check_attenuation(us2, us) != TENUO_OK);
        CHECK(tenuo_constraint_url_safe("{\"bogus\": 1}", 12, &bad) != TENUO_OK && bad == NULL);
        tenuo_constraint *hs[] = {re, ci, up, us, us2};
        for (size_t i = 0; i < sizeof hs / sizeof hs[0]; i++) tenuo_constraint_free(hs[i]);
    }

    /* CEL (type 15). */
    {
        tenuo_constraint *cel = NULL, *child = NULL, *bad = NULL, *syn = NULL;
        CHECK(tenuo_constraint_cel("value < 100", 11, &cel) == TENUO_OK);
        same_as_json(cel, "{\"type\": \"CEL\", \"expression\": \"value < 100\"}");
        CHECK(matches(cel, "5") && !matches(cel, "500") && !matches(cel, "\"x\""));
        CHECK(tenuo_constraint_cel("(value < 100) && (value > 0)", 28, &child) == TENUO_OK);
        CHECK(tenuo_constraint_check_attenuation(cel, child) == TENUO_OK);
        CHECK(tenuo_constraint_check_attenuation(child, cel) == TENUO_E_INVALID_ATTENUATION);
        CHECK(tenuo_constraint_cel("this is not valid", 17, &syn) == TENUO_OK);  /* as the reference: denies */
        CHECK(!matches(syn, "1"));
        CHECK(tenuo_constraint_cel(NULL, 3, &bad) != TENUO_OK && bad == NULL);
        tenuo_constraint_free(cel);
        tenuo_constraint_free(child);
        tenuo_constraint_free(syn);
    }

    /* Attenuation through handles. */
    CHECK(tenuo_constraint_check_attenuation(w, p) == TENUO_OK);
    CHECK(tenuo_constraint_check_attenuation(p, w) == TENUO_E_CAPABILITY_EXPANSION);
    CHECK(tenuo_constraint_check_attenuation(p, e) == TENUO_OK);
    CHECK(tenuo_constraint_check_attenuation(all, all2) == TENUO_OK);

    /* Nesting: Not(Not(...)) is refused past the spec's depth limit of 32. */
    {
        tenuo_constraint *cur = NULL;
        tenuo_constraint_exact("1", 1, &cur);
        int depth = 0;
        tenuo_status s = TENUO_OK;
        while (s == TENUO_OK && depth < 40) {
            tenuo_constraint *next = NULL;
            s = tenuo_constraint_not(cur, &next);
            if (s == TENUO_OK) {
                tenuo_constraint_free(cur);
                cur = next;
                depth++;
            }
        }
        CHECK(s == TENUO_E_TOO_MANY_CONSTRAINTS);
        CHECK(depth >= 30 && depth <= 32);
        tenuo_constraint_free(cur);
    }

    /* A mint builder takes handles directly. */
    {
        tenuo_signing_key *k = NULL;
        tenuo_mint_builder *b = NULL;
        tenuo_warrant *wt = NULL;
        char *info = NULL;
        uint8_t seed[TENUO_SEED_BYTES] = {0};
        CHECK(tenuo_signing_key_from_seed(seed, sizeof seed, &k) == TENUO_OK);
        CHECK(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) == TENUO_OK);
        CHECK(tenuo_mint_builder_set_constraint(b, "read", 4, "path", 4, sp) == TENUO_OK);
        CHECK(tenuo_mint_builder_set_constraint(b, "read", 4, "mode", 4, o) == TENUO_OK);
        CHECK(tenuo_mint_builder_mint(b, k, 1767225600, &wt) == TENUO_OK);
        CHECK(tenuo_warrant_info_json(wt, &info) == TENUO_OK && info && strstr(info, "\"Subpath\"") != NULL);
        tenuo_string_free(info);
        tenuo_warrant_free(wt);
        tenuo_mint_builder_free(b);
        tenuo_signing_key_free(k);
    }

    tenuo_constraint *all_handles[] = {p, r, o, n, w, e, ct, sb, all, all2, any, not, sp, sh};
    for (size_t i = 0; i < sizeof all_handles / sizeof all_handles[0]; i++) tenuo_constraint_free(all_handles[i]);
    printf("constraints: typed constructors, JSON forms, composition and limits\n");
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
