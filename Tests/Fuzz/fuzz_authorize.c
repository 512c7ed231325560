/*
 * Fuzz target: authorization with fuzzed arguments.
 * Input: "tool\nargs JSON". The harness holds one warrant per tool below (every constraint type,
 * minted at start-up); the input's tool picks the warrant (an unknown tool picks one by length,
 * to reach TOOL_NOT_AUTHORIZED). For each input: the argument set must round-trip through
 * tenuo_args_to_json; tenuo_warrant_check (no PoP) and tenuo_authorizer_check with a valid PoP
 * made here must agree (allowed by one <=> allowed by the other); why_denied must say
 * "denied": false exactly when the check allows; a denial's JSON must be produced.
 * Seeds: the tool and arguments of every authorize / pop case in Tests/Vectors, and the values of
 * the constraint cases wrapped as arguments of the matching tool.
 */
#include "fuzz_common.h"

typedef struct {
    const char *tool, *constraints;
    tenuo_warrant *w;
} entry;

static entry TOOLS[] = {
    {"read_file", "{\"path\": {\"type\": \"Pattern\", \"pattern\": \"/data/*\"}}", NULL},
    {"subpath", "{\"path\": {\"type\": \"Subpath\", \"root\": \"/home/agent\", \"case_sensitive\": true, \"allow_equal\": false}}", NULL},
    {"range", "{\"count\": {\"type\": \"Range\", \"min\": 0.0, \"max\": 100.0, \"min_inclusive\": true, \"max_inclusive\": false}}", NULL},
    {"oneof", "{\"env\": {\"type\": \"OneOf\", \"values\": [\"staging\", \"production\", 3, 2.5, true, null]}}", NULL},
    {"notoneof", "{\"env\": {\"type\": \"NotOneOf\", \"excluded\": [\"prod\", 13]}, \"_allow_unknown\": true}", NULL},
    {"exact", "{\"value\": {\"type\": \"Exact\", \"value\": {\"a\": [1, 2.0, \"x\"]}}}", NULL},
    {"contains", "{\"tags\": {\"type\": \"Contains\", \"required\": [\"approved\", 7]}}", NULL},
    {"subset", "{\"perms\": {\"type\": \"Subset\", \"allowed\": [\"read\", \"write\", 1]}}", NULL},
    {"all", "{\"n\": {\"type\": \"All\", \"constraints\": [{\"type\": \"Range\", \"max\": 1000}, {\"type\": \"NotOneOf\", \"excluded\": [13]}]}}", NULL},
    {"any", "{\"p\": {\"type\": \"Any\", \"constraints\": [{\"type\": \"Pattern\", \"pattern\": \"/public/*\"}, {\"type\": \"Exact\", \"value\": 42}]}}", NULL},
    {"not", "{\"p\": {\"type\": \"Not\", \"constraint\": {\"type\": \"Pattern\", \"pattern\": \"/secret/*\"}}}", NULL},
    {"shell", "{\"cmd\": {\"type\": \"Shlex\", \"allow\": [\"npm\", \"/usr/bin/git\"]}}", NULL},
    {"regex", "{\"name\": {\"type\": \"Regex\", \"pattern\": \"^report-[0-9]{4}\\\\.pdf$\"}}", NULL},
    {"cidr", "{\"ip\": {\"type\": \"Cidr\", \"network\": \"10.0.0.0/8\"}, \"ip6\": {\"type\": \"Cidr\", \"network\": \"fd00::/8\"}}", NULL},
    {"fetch", "{\"url\": {\"type\": \"UrlPattern\", \"pattern\": \"https://*.example.com/api/*\"}}", NULL},
    {"urlsafe", "{\"url\": {\"type\": \"UrlSafe\", \"allow_domains\": [\"api.github.com\", \"*.example.com\"]}}", NULL},
    {"urlsafe_default", "{\"url\": {\"type\": \"UrlSafe\"}}", NULL},
    {"wild", "{\"x\": {\"type\": \"Wildcard\"}, \"_allow_unknown\": true}", NULL},
    {"open", "{}", NULL},
};
enum { NTOOLS = sizeof TOOLS / sizeof TOOLS[0] };

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    fz_init_keys();
    for (size_t i = 0; i < NTOOLS; i++) {
        TOOLS[i].w = fz_mint(TOOLS[i].tool, TOOLS[i].constraints);
        if (TOOLS[i].w == NULL) {
            fprintf(stderr, "fuzz_authorize: cannot mint %s: %s\n", TOOLS[i].tool, tenuo_last_error_message());
            abort();
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fz_str parts[2];
    fz_split(data, size, parts, 2);
    fz_str tool = parts[0], json = parts[1];
    tenuo_args *args = NULL;
    tenuo_status s = tenuo_args_from_json(json.p, json.n, &args);
    fz_failed_call(s, args);
    if (s != TENUO_OK) return 0;

    /* The argument set round-trips through its JSON form. */
    char *j1 = NULL, *j2 = NULL;
    FZ_CHECK(tenuo_args_to_json(args, &j1) == TENUO_OK, "args_to_json");
    tenuo_args *again = NULL;
    FZ_CHECK(tenuo_args_from_json(j1, strlen(j1), &again) == TENUO_OK, "args JSON parses back");
    FZ_CHECK(tenuo_args_count(again) == tenuo_args_count(args), "args count round-trips");
    FZ_CHECK(tenuo_args_to_json(again, &j2) == TENUO_OK && strcmp(j1, j2) == 0, "args JSON is stable");
    tenuo_string_free(j1);
    tenuo_string_free(j2);
    tenuo_args_free(again);

    const entry *e = &TOOLS[tool.n % NTOOLS];
    for (size_t i = 0; i < NTOOLS; i++) {
        if (strlen(TOOLS[i].tool) == tool.n && memcmp(TOOLS[i].tool, tool.p, tool.n) == 0) e = &TOOLS[i];
    }

    tenuo_denial *d = NULL;
    tenuo_status checked = tenuo_warrant_check(e->w, tool.p, tool.n, args, FZ_NOW, &d);
    if (checked == TENUO_OK) {
        FZ_CHECK(d == NULL, "allowed with a denial");
    } else if (d != NULL) {
        FZ_CHECK(tenuo_denial_code(d) == checked, "denial code differs from the status");
        char *dj = NULL;
        FZ_CHECK(tenuo_denial_to_json(d, &dj) == TENUO_OK, "denial_to_json");
        fz_own_json(dj, "denial_to_json");
        tenuo_string_free(dj);
        (void)tenuo_denial_deny_code(d);
        (void)tenuo_denial_field(d);
        (void)tenuo_denial_reason(d);
        (void)tenuo_denial_suggestion(d);
        (void)tenuo_denial_tool(d);
    }
    tenuo_denial_free(d);

    char *why = NULL;
    s = tenuo_warrant_why_denied(e->w, tool.p, tool.n, args, FZ_NOW, &why);
    fz_failed_call(s, why);
    if (s == TENUO_OK) {
        fz_own_json(why, "why_denied");
        const char *k = strstr(why, "\"denied\"");
        FZ_CHECK(k != NULL, "why_denied without \"denied\"");
        k += 8;
        while (*k == ' ' || *k == ':') k++;
        if (checked == TENUO_OK) FZ_CHECK(*k == 'f', "why_denied denies an allowed call");
        if (checked >= 1000) FZ_CHECK(*k == 't', "why_denied allows a denied call");
    }
    tenuo_string_free(why);

    uint8_t pop[TENUO_SIGNATURE_BYTES];
    s = tenuo_warrant_sign(e->w, FZ.holder, tool.p, tool.n, args, (int64_t)FZ_NOW, pop, sizeof pop);
    fz_failed_call(s, NULL);
    if (s == TENUO_OK) {
        d = NULL;
        tenuo_status authorized = tenuo_authorizer_check(FZ.auth, e->w, tool.p, tool.n, args, pop, sizeof pop, FZ_NOW, &d);
        if ((authorized == TENUO_OK) != (checked == TENUO_OK)) {
            fprintf(stderr, "check: %s, authorizer: %s\n", tenuo_status_name(checked), tenuo_status_name(authorized));
            fz_fail("warrant_check and authorizer_check (valid PoP) disagree", tenuo_last_error_message());
        }
        tenuo_denial_free(d);
    }
    tenuo_args_free(args);
    return 0;
}
