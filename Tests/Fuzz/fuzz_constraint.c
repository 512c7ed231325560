/*
 * Fuzz target: constraint construction from JSON, then matching and attenuation of what was built.
 * Input: "parent constraint JSON\nchild constraint JSON\nvalue JSON\nvalue JSON..." (up to 4 values).
 * Checks, for every constraint that constructs:
 *   - its JSON form constructs again and is then stable (to_json(from_json(to_json c)) == to_json c);
 *   - the rebuilt constraint decides every value as the original does;
 *   - signed into a warrant (tool "t", argument "x") and decoded back from the envelope bytes, it
 *     decides {"x": value} as tenuo_constraint_matches decides value (wire form = JSON form);
 *   - parent/child attenuation answers, and a grant narrowing the parent's warrant to the child
 *     succeeds exactly when it does; a granted child chain verifies, and every value the child
 *     warrant allows the parent warrant allows;
 *   - All/Any/Not built around them serialize and rebuild.
 *   - monotonic attenuation: a child the parent accepts as an attenuation matches no value the
 *     parent refuses (FUZZ_STRICT_ATTENUATION=0 turns this one off, e.g. to look for crashes only).
 * Seeds: every constraint / attenuation case of Tests/Vectors (constraints-*.json included).
 */
#include "fuzz_common.h"

static int strict_attenuation;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    const char *e = getenv("FUZZ_STRICT_ATTENUATION");
    strict_attenuation = !(e != NULL && e[0] == '0');
    return 0;
}

/* Builds the constraint; checks its JSON round trip; returns it (or NULL). */
static tenuo_constraint *build(fz_str text, tenuo_constraint **rebuilt) {
    tenuo_constraint *c = NULL;
    *rebuilt = NULL;
    tenuo_status s = tenuo_constraint_from_json(text.p, text.n, &c);
    fz_failed_call(s, c);
    if (s != TENUO_OK) return NULL;
    char *j1 = NULL, *j2 = NULL;
    FZ_CHECK(tenuo_constraint_to_json(c, &j1) == TENUO_OK, "constraint_to_json");
    fz_own_json(j1, "constraint_to_json");
    s = tenuo_constraint_from_json(j1, strlen(j1), rebuilt);
    if (s != TENUO_OK) {
        fprintf(stderr, "to_json gave: %s\n", j1);
        fz_fail("a constraint's own JSON does not construct", tenuo_last_error_message());
    }
    FZ_CHECK(tenuo_constraint_to_json(*rebuilt, &j2) == TENUO_OK, "constraint_to_json");
    if (strcmp(j1, j2) != 0) {
        fprintf(stderr, "first:  %s\nsecond: %s\n", j1, j2);
        fz_fail("constraint JSON is not stable", "");
    }
    tenuo_string_free(j1);
    tenuo_string_free(j2);
    return c;
}

/* Decision of a warrant with constraint c on argument x, after a wire round trip. */
static tenuo_warrant *wire_warrant(const tenuo_constraint *c) {
    tenuo_mint_builder *b = NULL;
    tenuo_warrant *w = NULL, *back = NULL;
    FZ_CHECK(tenuo_mint_builder_new(TENUO_WARRANT_EXECUTION, &b) == TENUO_OK, "builder");
    tenuo_status s = tenuo_mint_builder_set_constraint(b, "t", 1, "x", 1, c);
    fz_failed_call(s, NULL);
    if (s == TENUO_OK) s = tenuo_mint_builder_set_holder(b, FZ.holder_pk);
    if (s == TENUO_OK) s = tenuo_mint_builder_set_issued_at(b, FZ_NOW);
    if (s == TENUO_OK) s = tenuo_mint_builder_mint(b, FZ.issuer, FZ_NOW, &w);
    fz_failed_call(s, w);
    tenuo_mint_builder_free(b);
    if (w == NULL) return NULL;
    uint8_t *bytes = NULL;
    size_t n = 0;
    FZ_CHECK(tenuo_warrant_to_bytes(w, &bytes, &n) == TENUO_OK, "to_bytes");
    s = tenuo_warrant_from_bytes(bytes, n, &back);
    if (s != TENUO_OK) fz_fail("a minted warrant does not decode", tenuo_last_error_message());
    tenuo_bytes_free(bytes, n);
    tenuo_warrant_free(w);
    return back;
}

/* Grants a child of w whose argument x carries `child`; the grant must succeed exactly when the
 * constraint-level attenuation does, and the two-link chain must then verify. */
static tenuo_warrant *grant_child(const tenuo_warrant *w, const tenuo_constraint *child, tenuo_status att) {
    tenuo_grant_builder *g = NULL;
    tenuo_warrant *c = NULL;
    FZ_CHECK(tenuo_grant_builder_new(w, &g) == TENUO_OK, "grant_builder_new");
    tenuo_status s = tenuo_grant_builder_set_constraint(g, "t", 1, "x", 1, child);
    fz_failed_call(s, NULL);
    if (s == TENUO_OK) {
        s = tenuo_grant_builder_grant(g, FZ.holder, FZ_NOW, &c);
        fz_failed_call(s, c);
        if ((s == TENUO_OK) != (att == TENUO_OK)) {
            fprintf(stderr, "check_attenuation: %s, grant: %s\n", tenuo_status_name(att), tenuo_status_name(s));
            fz_fail("grant and check_attenuation disagree", tenuo_last_error_message());
        }
    }
    tenuo_grant_builder_free(g);
    if (c != NULL) {
        tenuo_chain *one = NULL, *two = NULL;
        FZ_CHECK(tenuo_chain_new(w, &one) == TENUO_OK, "chain_new");
        FZ_CHECK(tenuo_chain_push(one, c, &two) == TENUO_OK, "chain_push of a granted child");
        s = tenuo_authorizer_verify_chain(FZ.auth, two, FZ_NOW);
        if (s != TENUO_OK) fz_fail("a granted child's chain does not verify", tenuo_last_error_message());
        tenuo_chain_free(one);
        tenuo_chain_free(two);
    }
    return c;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_str parts[6];
    size_t np = fz_split(data, size, parts, 6);
    tenuo_constraint *parent_again = NULL, *child_again = NULL;
    tenuo_constraint *parent = build(parts[0], &parent_again);
    tenuo_constraint *child = np > 1 ? build(parts[1], &child_again) : NULL;
    tenuo_warrant *w = parent ? wire_warrant(parent) : NULL;

    tenuo_status att = -1;
    tenuo_warrant *granted = NULL;
    if (parent && child) {
        att = tenuo_constraint_check_attenuation(parent, child);
        fz_failed_call(att, NULL);
        FZ_CHECK(tenuo_constraint_check_attenuation(parent_again, child_again) == att, "attenuation differs after rebuild");
        if (w != NULL) granted = grant_child(w, child, att);
    }

    for (size_t i = 2; i < np; i++) {
        fz_str v = parts[i];
        tenuo_status pm = -1, cm = -1;
        if (parent) {
            pm = tenuo_constraint_matches(parent, v.p, v.n);
            fz_failed_call(pm, NULL);
            FZ_CHECK(tenuo_constraint_matches(parent_again, v.p, v.n) == pm, "rebuilt constraint decides differently");
            if (w != NULL && (pm == TENUO_OK || pm == TENUO_E_CONSTRAINT_VIOLATION)) {
                tenuo_args *args = NULL;
                if (tenuo_args_new(&args) == TENUO_OK && tenuo_args_set_json(args, "x", 1, v.p, v.n) == TENUO_OK) {
                    tenuo_status ws = tenuo_warrant_check(w, "t", 1, args, FZ_NOW, NULL);
                    if ((ws == TENUO_OK) != (pm == TENUO_OK)) {
                        fprintf(stderr, "matches: %s, warrant_check: %s\n", tenuo_status_name(pm), tenuo_status_name(ws));
                        fz_fail("constraint decides differently after the wire round trip", tenuo_last_error_message());
                    }
                }
                tenuo_args_free(args);
            }
        }
        if (child) {
            cm = tenuo_constraint_matches(child, v.p, v.n);
            fz_failed_call(cm, NULL);
        }
        if (strict_attenuation && att == TENUO_OK && cm == TENUO_OK && pm == TENUO_E_CONSTRAINT_VIOLATION)
            fz_fail("attenuated child allows a value its parent refuses", "");
        if (granted != NULL && w != NULL) {
            tenuo_args *args = NULL;
            if (tenuo_args_new(&args) == TENUO_OK && tenuo_args_set_json(args, "x", 1, v.p, v.n) == TENUO_OK &&
                tenuo_warrant_check(granted, "t", 1, args, FZ_NOW, NULL) == TENUO_OK &&
                tenuo_warrant_check(w, "t", 1, args, FZ_NOW, NULL) != TENUO_OK)
                fz_fail("a granted child warrant allows what its parent refuses", "");
            tenuo_args_free(args);
        }
    }

    /* Combinators around what was built. */
    if (parent) {
        tenuo_constraint *all = NULL, *pushed = NULL, *neg = NULL, *any = NULL;
        if (tenuo_constraint_all(parent, &all) == TENUO_OK) {
            if (child && tenuo_constraint_push(all, child, &pushed) == TENUO_OK) {
                if (tenuo_constraint_not(pushed, &neg) == TENUO_OK) {
                    char *j = NULL;
                    FZ_CHECK(tenuo_constraint_to_json(neg, &j) == TENUO_OK, "to_json");
                    tenuo_constraint *again = NULL;
                    tenuo_status s = tenuo_constraint_from_json(j, strlen(j), &again);
                    fz_failed_call(s, again);
                    tenuo_constraint_free(again);
                    tenuo_string_free(j);
                }
            }
        }
        if (tenuo_constraint_any(parent, &any) == TENUO_OK) {
            tenuo_status s = tenuo_constraint_check_attenuation(any, parent);
            fz_failed_call(s, NULL);
        }
        tenuo_constraint_free(all);
        tenuo_constraint_free(pushed);
        tenuo_constraint_free(neg);
        tenuo_constraint_free(any);
    }

    tenuo_warrant_free(granted);
    tenuo_warrant_free(w);
    tenuo_constraint_free(parent);
    tenuo_constraint_free(parent_again);
    tenuo_constraint_free(child);
    tenuo_constraint_free(child_again);
    return 0;
}
