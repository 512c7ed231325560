/*
 * tenuo_node.node: the Node-API (ABI-stable) addon over libtenuo's C API.
 *
 * Thin on purpose: every function checks its JavaScript arguments (a wrong type throws a
 * TypeError, never a crash), borrows handles, calls one libtenuo function and converts the
 * result. The SDK shape (classes, builders, error classes) lives in ../lib/.
 *
 * Handles. Each libtenuo handle is held by a `box` inside a type-tagged napi external whose
 * finalizer releases it, so a dropped object is freed by the garbage collector; `close()`
 * releases it at once (idempotent; a closed handle then throws ClosedHandleError). Async work
 * takes a reference on every box it borrows, so a close() or a finalizer that arrives while a
 * worker thread is using the handle only marks it, and the last reference frees it.
 *
 * Errors. A failing call throws the value built by the JS error factory registered with
 * setErrorFactory(status, message): the factory picks the TenuoError subclass.
 *
 * Threads. Async calls run on the libuv pool (napi_async_work). libtenuo's error message is per
 * thread, so the worker copies it before completing. Audit sinks are called on whatever thread
 * decided; they forward each line to JS through a napi_threadsafe_function.
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tenuo.h"

/* The finer error kind (the SDK class name, e.g. "PatternExpanded") of the last failure on this
 * thread, in libtenuo builds that export it. Weak, so the addon also loads against a library
 * without it; the JS layer then picks classes as the Python package of that library does. */
const char *tenuo_last_error_kind(void);
#pragma weak tenuo_last_error_kind

static const char *last_kind(void) {
    return tenuo_last_error_kind != NULL ? tenuo_last_error_kind() : NULL;
}

/* ---- boxes ---------------------------------------------------------------------------------- */

enum kind { K_SK = 1, K_PK, K_WARRANT, K_CHAIN, K_AUTH, K_CONSTRAINT, K_MINT, K_GRANT, K_APPROVAL, K_SRL };
static const char *const KIND_NAMES[] = {"?", "SigningKey", "PublicKey", "Warrant", "WarrantChain",
                                         "Authorizer", "Constraint", "MintBuilder", "GrantBuilder",
                                         "SignedApproval", "SignedRevocationList"};

typedef struct {
    int kind;
    void *ptr;      /* NULL once released */
    int refs;       /* async works borrowing it (touched on the JS thread only) */
    bool closed;    /* close() was called */
    bool finalized; /* the external is gone */
} box_t;

static const napi_type_tag BOX_TAG = {0x74656e756f5f6e6fULL, 0x64655f626f780001ULL};

/* Boxes whose handle is not yet released (for the leak test). Worker threads have their own
 * JS threads, so the count is updated atomically. */
static uint64_t g_live_handles;
#define LIVE_ADD(n) __atomic_add_fetch(&g_live_handles, (uint64_t)(n), __ATOMIC_RELAXED)
#define LIVE_SUB(n) __atomic_sub_fetch(&g_live_handles, (uint64_t)(n), __ATOMIC_RELAXED)

static void handle_free(int kind, void *p) {
    switch (kind) {
    case K_SK: tenuo_signing_key_free(p); break;
    case K_PK: tenuo_public_key_free(p); break;
    case K_WARRANT: tenuo_warrant_free(p); break;
    case K_CHAIN: tenuo_chain_free(p); break;
    case K_AUTH: tenuo_authorizer_free(p); break;
    case K_CONSTRAINT: tenuo_constraint_free(p); break;
    case K_MINT: tenuo_mint_builder_free(p); break;
    case K_GRANT: tenuo_grant_builder_free(p); break;
    case K_APPROVAL: tenuo_approval_free(p); break;
    case K_SRL: tenuo_srl_free(p); break;
    default: break;
    }
}

/* Releases what may be released: the handle once closed or finalized and unborrowed, the box
 * itself once finalized and unborrowed. */
static void box_settle(box_t *b) {
    if (b->refs > 0) return;
    if ((b->closed || b->finalized) && b->ptr != NULL) {
        handle_free(b->kind, b->ptr);
        b->ptr = NULL;
        LIVE_SUB(1);
    }
    if (b->finalized) free(b);
}

static void box_finalize(napi_env env, void *data, void *hint) {
    (void)env; (void)hint;
    box_t *b = data;
    b->finalized = true;
    box_settle(b);
}

/* ---- errors --------------------------------------------------------------------------------- */

typedef struct {
    napi_ref factory;
} addon_state;

static addon_state *state_of(napi_env env) {
    addon_state *s = NULL;
    napi_get_instance_data(env, (void **)&s);
    return s;
}

/* Throws the factory's error for (status, message, kind). status -1 = closed handle. */
static void throw_status_kind(napi_env env, int status, const char *message, const char *kind) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) return;
    addon_state *s = state_of(env);
    napi_value factory = NULL, argv[3], err = NULL, undef;
    napi_get_undefined(env, &undef);
    if (s && s->factory) napi_get_reference_value(env, s->factory, &factory);
    napi_create_int32(env, status, &argv[0]);
    napi_create_string_utf8(env, message ? message : "", NAPI_AUTO_LENGTH, &argv[1]);
    if (kind != NULL && *kind) napi_create_string_utf8(env, kind, NAPI_AUTO_LENGTH, &argv[2]);
    else argv[2] = undef;
    if (factory && napi_call_function(env, undef, factory, 3, argv, &err) == napi_ok && err) {
        napi_throw(env, err);
        return;
    }
    char code[32];
    snprintf(code, sizeof code, "%d", status);
    napi_throw_error(env, code, message ? message : "libtenuo error");
}

static void throw_status(napi_env env, int status, const char *message) {
    throw_status_kind(env, status, message, NULL);
}

static void throw_last(napi_env env, tenuo_status st) {
    const char *kind = last_kind();
    const char *msg = tenuo_last_error_message();
    char buf[512];
    if (msg == NULL || *msg == 0) {
        const char *name = tenuo_status_name(st);
        snprintf(buf, sizeof buf, "%s", name ? name : "libtenuo error");
        msg = buf;
    }
    throw_status_kind(env, st, msg, kind);
}

static bool pending(napi_env env) {
    bool p = false;
    napi_is_exception_pending(env, &p);
    return p;
}

#define CHECK_NAPI(env, call)                                                                      \
    do {                                                                                           \
        if ((call) != napi_ok) {                                                                   \
            if (!pending(env)) napi_throw_error((env), NULL, "Node-API call failed: " #call);    \
            return NULL;                                                                           \
        }                                                                                          \
    } while (0)

/* ---- argument helpers (each throws a TypeError/RangeError and returns false on bad input) --- */

static bool get_argv(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
    size_t argc = want;
    if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return false;
    napi_value undef;
    napi_get_undefined(env, &undef);
    for (size_t i = argc; i < want; i++) argv[i] = undef;
    return true;
}

static napi_valuetype type_of(napi_env env, napi_value v) {
    napi_valuetype t = napi_undefined;
    napi_typeof(env, v, &t);
    return t;
}

static bool is_nullish(napi_env env, napi_value v) {
    napi_valuetype t = type_of(env, v);
    return t == napi_undefined || t == napi_null;
}

/* Borrowed handle from a box external of the given kind. */
static box_t *arg_box(napi_env env, napi_value v, int kind, const char *what) {
    bool tagged = false;
    if (type_of(env, v) != napi_external ||
        napi_check_object_type_tag(env, v, &BOX_TAG, &tagged) != napi_ok || !tagged) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be a %s handle", what, KIND_NAMES[kind]);
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
        return NULL;
    }
    box_t *b = NULL;
    napi_get_value_external(env, v, (void **)&b);
    if (b == NULL || b->kind != kind) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s must be a %s handle", what, KIND_NAMES[kind]);
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
        return NULL;
    }
    if (b->ptr == NULL || b->closed) {
        char msg[160];
        snprintf(msg, sizeof msg, "this %s was closed", KIND_NAMES[kind]);
        throw_status(env, -1, msg);
        return NULL;
    }
    return b;
}

static void *arg_handle(napi_env env, napi_value v, int kind, const char *what) {
    box_t *b = arg_box(env, v, kind, what);
    return b ? b->ptr : NULL;
}

/* A malloc'd NUL-terminated copy of a JS string (caller frees). */
static char *arg_str(napi_env env, napi_value v, size_t *len, const char *what) {
    if (type_of(env, v) != napi_string) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s must be a string", what);
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
        return NULL;
    }
    size_t n = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &n) != napi_ok) return NULL;
    char *s = malloc(n + 1);
    if (s == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    napi_get_value_string_utf8(env, v, s, n + 1, &n);
    if (len) *len = n;
    return s;
}

static bool arg_bytes(napi_env env, napi_value v, const uint8_t **data, size_t *len, const char *what) {
    bool is_ta = false;
    napi_typedarray_type t;
    void *p = NULL;
    size_t n = 0;
    if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta ||
        napi_get_typedarray_info(env, v, &t, &n, &p, NULL, NULL) != napi_ok || t != napi_uint8_array) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s must be a Buffer or Uint8Array", what);
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
        return false;
    }
    static const uint8_t empty = 0;
    *data = p ? p : &empty;
    *len = n;
    return true;
}

/* An integer from a number (safe integer) or a BigInt, within [lo, hi]. */
static bool arg_int(napi_env env, napi_value v, int64_t lo, int64_t hi, int64_t *out, const char *what) {
    napi_valuetype t = type_of(env, v);
    char msg[160];
    if (t == napi_number) {
        double d = 0;
        napi_get_value_double(env, v, &d);
        if (!(d == d) || d != (double)(int64_t)d || d > 9007199254740991.0 || d < -9007199254740991.0) {
            snprintf(msg, sizeof msg, "%s must be a safe integer", what);
            napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
            return false;
        }
        *out = (int64_t)d;
    } else if (t == napi_bigint) {
        bool lossless = false;
        napi_get_value_bigint_int64(env, v, out, &lossless);
        if (!lossless) {
            snprintf(msg, sizeof msg, "%s is out of range", what);
            napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
            return false;
        }
    } else {
        snprintf(msg, sizeof msg, "%s must be an integer (number or BigInt)", what);
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
        return false;
    }
    if (*out < lo || *out > hi) {
        snprintf(msg, sizeof msg, "%s is out of range", what);
        napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
        return false;
    }
    return true;
}

/* `now` argument: undefined/null = the library's clock. */
static bool arg_now(napi_env env, napi_value v, int64_t *out) {
    if (is_nullish(env, v)) { *out = (int64_t)tenuo_now_unix(); return true; }
    return arg_int(env, v, 0, INT64_MAX, out, "now");
}

/* Optional JSON text of the call's arguments -> an args handle (NULL = none). */
static bool arg_args(napi_env env, napi_value v, tenuo_args **out) {
    *out = NULL;
    if (is_nullish(env, v)) return true;
    size_t n = 0;
    char *s = arg_str(env, v, &n, "args JSON");
    if (s == NULL) return false;
    tenuo_status st = tenuo_args_from_json(s, n, out);
    free(s);
    if (st != TENUO_OK) { throw_last(env, st); return false; }
    return true;
}

/* ---- result helpers ------------------------------------------------------------------------- */

static napi_value make_box(napi_env env, int kind, void *ptr) {
    box_t *b = calloc(1, sizeof *b);
    napi_value ext;
    if (b == NULL) { handle_free(kind, ptr); napi_throw_error(env, NULL, "out of memory"); return NULL; }
    b->kind = kind;
    b->ptr = ptr;
    LIVE_ADD(1);
    if (napi_create_external(env, b, box_finalize, NULL, &ext) != napi_ok) {
        handle_free(kind, ptr);
        LIVE_SUB(1);
        free(b);
        if (!pending(env)) napi_throw_error(env, NULL, "napi_create_external failed");
        return NULL;
    }
    napi_type_tag_object(env, ext, &BOX_TAG);
    return ext;
}

static napi_value take_string(napi_env env, char *s) {
    napi_value v = NULL;
    napi_create_string_utf8(env, s ? s : "", NAPI_AUTO_LENGTH, &v);
    tenuo_string_free(s);
    return v;
}

static napi_value take_bytes(napi_env env, uint8_t *p, size_t n) {
    napi_value v = NULL;
    napi_create_buffer_copy(env, n, n ? (const void *)p : "", NULL, &v);
    tenuo_bytes_free(p, n);
    return v;
}

static napi_value int_value(napi_env env, int64_t x) {
    napi_value v;
    napi_create_int64(env, x, &v);
    return v;
}

static napi_value undefined_value(napi_env env) {
    napi_value v;
    napi_get_undefined(env, &v);
    return v;
}

/* ---- module-level -------------------------------------------------------------------------- */

static napi_value f_set_error_factory(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_function) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "factory must be a function");
        return NULL;
    }
    addon_state *s = state_of(env);
    if (s->factory) napi_delete_reference(env, s->factory);
    CHECK_NAPI(env, napi_create_reference(env, argv[0], 1, &s->factory));
    return undefined_value(env);
}

static napi_value f_status_name(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    int64_t code;
    if (!get_argv(env, info, 1, argv) || !arg_int(env, argv[0], INT32_MIN, INT32_MAX, &code, "code"))
        return NULL;
    const char *name = tenuo_status_name((tenuo_status)code);
    if (name == NULL) return undefined_value(env);
    napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &v);
    return v;
}

static napi_value f_version(napi_env env, napi_callback_info info) {
    (void)info;
    napi_value v;
    napi_create_string_utf8(env, tenuo_version_string(), NAPI_AUTO_LENGTH, &v);
    return v;
}

static napi_value f_now(napi_env env, napi_callback_info info) {
    (void)info;
    return int_value(env, (int64_t)tenuo_now_unix());
}

static napi_value f_live_handles(napi_env env, napi_callback_info info) {
    (void)info;
    return int_value(env, (int64_t)__atomic_load_n(&g_live_handles, __ATOMIC_RELAXED));
}

/* close(handle): releases now (or when the last async user finishes). Idempotent. */
static napi_value f_close(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    bool tagged = false;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_external ||
        napi_check_object_type_tag(env, argv[0], &BOX_TAG, &tagged) != napi_ok || !tagged) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "not a tenuo handle");
        return NULL;
    }
    box_t *b = NULL;
    napi_get_value_external(env, argv[0], (void **)&b);
    if (b && !b->closed) {
        b->closed = true;
        box_settle(b);
    }
    return undefined_value(env);
}

static napi_value f_is_closed(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    bool tagged = false;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_external ||
        napi_check_object_type_tag(env, argv[0], &BOX_TAG, &tagged) != napi_ok || !tagged) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "not a tenuo handle");
        return NULL;
    }
    box_t *b = NULL;
    napi_get_value_external(env, argv[0], (void **)&b);
    napi_get_boolean(env, b == NULL || b->closed || b->ptr == NULL, &v);
    return v;
}

/* ---- keys ----------------------------------------------------------------------------------- */

static napi_value f_sk_generate(napi_env env, napi_callback_info info) {
    (void)info;
    tenuo_signing_key *k = NULL;
    tenuo_status st = tenuo_signing_key_generate(&k);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_SK, k);
}

static napi_value f_sk_from_seed(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_signing_key *k = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "seed")) return NULL;
    tenuo_status st = tenuo_signing_key_from_seed(d, n, &k);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_SK, k);
}

/* which: 0 parse(text), 1 fromEnv(name), 2 fromFile(path) */
static napi_value sk_from_text(napi_env env, napi_callback_info info, int which) {
    napi_value argv[1];
    size_t n;
    tenuo_signing_key *k = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    char *s = arg_str(env, argv[0], &n, which == 0 ? "text" : which == 1 ? "name" : "path");
    if (s == NULL) return NULL;
    tenuo_status st = which == 0 ? tenuo_signing_key_parse(s, n, &k)
                    : which == 1 ? tenuo_signing_key_from_env(s, n, &k)
                                 : tenuo_signing_key_from_file(s, n, &k);
    free(s);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_SK, k);
}
static napi_value f_sk_parse(napi_env env, napi_callback_info i) { return sk_from_text(env, i, 0); }
static napi_value f_sk_from_env(napi_env env, napi_callback_info i) { return sk_from_text(env, i, 1); }
static napi_value f_sk_from_file(napi_env env, napi_callback_info i) { return sk_from_text(env, i, 2); }

static napi_value f_sk_public_key(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    tenuo_public_key *pk = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_signing_key *k = arg_handle(env, argv[0], K_SK, "key");
    if (k == NULL) return NULL;
    tenuo_status st = tenuo_signing_key_public_key(k, &pk);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_PK, pk);
}

static napi_value f_sk_seed(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    uint8_t seed[TENUO_SEED_BYTES];
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_signing_key *k = arg_handle(env, argv[0], K_SK, "key");
    if (k == NULL) return NULL;
    tenuo_status st = tenuo_signing_key_seed(k, seed, sizeof seed);
    if (st) { throw_last(env, st); return NULL; }
    napi_create_buffer_copy(env, sizeof seed, seed, NULL, &v);
    memset(seed, 0, sizeof seed);
    return v;
}

static napi_value f_pk_from_bytes(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_public_key *pk = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "bytes")) return NULL;
    tenuo_status st = tenuo_public_key_from_bytes(d, n, &pk);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_PK, pk);
}

static napi_value f_pk_parse(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    size_t n;
    tenuo_public_key *pk = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    char *s = arg_str(env, argv[0], &n, "text");
    if (s == NULL) return NULL;
    tenuo_status st = tenuo_public_key_parse(s, n, &pk);
    free(s);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_PK, pk);
}

static napi_value f_pk_bytes(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    uint8_t out[TENUO_PUBLIC_KEY_BYTES];
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_public_key *pk = arg_handle(env, argv[0], K_PK, "key");
    if (pk == NULL) return NULL;
    tenuo_status st = tenuo_public_key_to_bytes(pk, out, sizeof out);
    if (st) { throw_last(env, st); return NULL; }
    napi_create_buffer_copy(env, sizeof out, out, NULL, &v);
    return v;
}

/* ---- constraints ---------------------------------------------------------------------------- */

static napi_value f_constraint_from_json(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    size_t n;
    tenuo_constraint *c = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    char *s = arg_str(env, argv[0], &n, "constraint JSON");
    if (s == NULL) return NULL;
    tenuo_status st = tenuo_constraint_from_json(s, n, &c);
    free(s);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_CONSTRAINT, c);
}

static napi_value f_constraint_to_json(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    char *out = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_constraint *c = arg_handle(env, argv[0], K_CONSTRAINT, "constraint");
    if (c == NULL) return NULL;
    tenuo_status st = tenuo_constraint_to_json(c, &out);
    if (st) { throw_last(env, st); return NULL; }
    return take_string(env, out);
}

/* matches(c, valueJson) -> status (0 = match); never throws for a non-match. */
static napi_value f_constraint_matches(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    size_t n;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_constraint *c = arg_handle(env, argv[0], K_CONSTRAINT, "constraint");
    if (c == NULL) return NULL;
    char *s = arg_str(env, argv[1], &n, "value JSON");
    if (s == NULL) return NULL;
    tenuo_status st = tenuo_constraint_matches(c, s, n);
    free(s);
    return int_value(env, st);
}

/* attenuation(parent, child) -> [status, message] */
static napi_value f_constraint_attenuation(napi_env env, napi_callback_info info) {
    napi_value argv[2], arr, v;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_constraint *p = arg_handle(env, argv[0], K_CONSTRAINT, "parent");
    if (p == NULL) return NULL;
    tenuo_constraint *c = arg_handle(env, argv[1], K_CONSTRAINT, "child");
    if (c == NULL) return NULL;
    tenuo_status st = tenuo_constraint_check_attenuation(p, c);
    const char *msg = st ? tenuo_last_error_message() : "";
    const char *kind = st ? last_kind() : NULL;
    napi_create_array_with_length(env, 3, &arr);
    napi_set_element(env, arr, 0, int_value(env, st));
    napi_create_string_utf8(env, msg ? msg : "", NAPI_AUTO_LENGTH, &v);
    napi_set_element(env, arr, 1, v);
    if (kind) napi_create_string_utf8(env, kind, NAPI_AUTO_LENGTH, &v);
    else napi_get_null(env, &v);
    napi_set_element(env, arr, 2, v);
    return arr;
}

/* ---- builders ------------------------------------------------------------------------------- */

static napi_value f_mint_new(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    int64_t type;
    tenuo_mint_builder *b = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_int(env, argv[0], 0, 1, &type, "warrant type")) return NULL;
    tenuo_status st = tenuo_mint_builder_new((int32_t)type, &b);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_MINT, b);
}

static napi_value f_grant_new(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    tenuo_grant_builder *b = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "parent");
    if (w == NULL) return NULL;
    tenuo_status st = tenuo_grant_builder_new(w, &b);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_GRANT, b);
}

/* builderOp(builder, op, a, b): one setter of a mint or grant builder, by name. */
static napi_value f_builder_op(napi_env env, napi_callback_info info) {
    napi_value argv[4];
    char op[32];
    size_t oplen = 0;
    bool tagged = false;
    box_t *bx = NULL;
    if (!get_argv(env, info, 4, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_external ||
        napi_check_object_type_tag(env, argv[0], &BOX_TAG, &tagged) != napi_ok || !tagged) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "builder must be a builder handle");
        return NULL;
    }
    napi_get_value_external(env, argv[0], (void **)&bx);
    if (bx == NULL || (bx->kind != K_MINT && bx->kind != K_GRANT)) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "builder must be a builder handle");
        return NULL;
    }
    bx = arg_box(env, argv[0], bx->kind, "builder");
    if (bx == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_string) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "op must be a string");
        return NULL;
    }
    napi_get_value_string_utf8(env, argv[1], op, sizeof op, &oplen);
    bool mint = bx->kind == K_MINT;
    tenuo_mint_builder *m = mint ? bx->ptr : NULL;
    tenuo_grant_builder *g = mint ? NULL : bx->ptr;
    tenuo_status st = TENUO_OK;
    int64_t x;

    if (!strcmp(op, "tool") || !strcmp(op, "constraints")) {
        /* (tool, constraintsJson|null) ; for grant "tool" = allow_tool */
        size_t tl, jl = 0;
        char *tool = arg_str(env, argv[2], &tl, "tool");
        if (tool == NULL) return NULL;
        char *json = NULL;
        if (!is_nullish(env, argv[3])) {
            json = arg_str(env, argv[3], &jl, "constraints JSON");
            if (json == NULL) { free(tool); return NULL; }
        }
        if (mint) st = tenuo_mint_builder_add_tool(m, tool, tl, json, jl);
        else if (!strcmp(op, "tool")) st = tenuo_grant_builder_allow_tool(g, tool, tl);
        else st = tenuo_grant_builder_set_constraints(g, tool, tl, json, jl);
        free(tool);
        free(json);
    } else if (!strcmp(op, "issuable_tool")) {
        size_t tl;
        char *tool = arg_str(env, argv[2], &tl, "tool");
        if (tool == NULL) return NULL;
        st = mint ? tenuo_mint_builder_add_issuable_tool(m, tool, tl) : TENUO_E_INVALID_ARGUMENT;
        free(tool);
    } else if (!strcmp(op, "holder")) {
        tenuo_public_key *pk = arg_handle(env, argv[2], K_PK, "holder");
        if (pk == NULL) return NULL;
        st = mint ? tenuo_mint_builder_set_holder(m, pk) : tenuo_grant_builder_set_holder(g, pk);
    } else if (!strcmp(op, "ttl")) {
        if (!arg_int(env, argv[2], 0, INT64_MAX, &x, "ttl")) return NULL;
        st = mint ? tenuo_mint_builder_set_ttl(m, (uint64_t)x) : tenuo_grant_builder_set_ttl(g, (uint64_t)x);
    } else if (!strcmp(op, "expires_at")) {
        if (!arg_int(env, argv[2], 0, INT64_MAX, &x, "expiresAt")) return NULL;
        st = mint ? tenuo_mint_builder_set_expires_at(m, (uint64_t)x)
                  : tenuo_grant_builder_set_expires_at(g, (uint64_t)x);
    } else if (!strcmp(op, "issued_at")) {
        if (!arg_int(env, argv[2], 0, INT64_MAX, &x, "issuedAt")) return NULL;
        st = mint ? tenuo_mint_builder_set_issued_at(m, (uint64_t)x)
                  : tenuo_grant_builder_set_issued_at(g, (uint64_t)x);
    } else if (!strcmp(op, "max_depth")) {
        if (!arg_int(env, argv[2], 0, UINT32_MAX, &x, "maxDepth")) return NULL;
        st = mint ? tenuo_mint_builder_set_max_depth(m, (uint32_t)x)
                  : tenuo_grant_builder_set_max_depth(g, (uint32_t)x);
    } else if (!strcmp(op, "max_issue_depth")) {
        if (!arg_int(env, argv[2], 0, UINT32_MAX, &x, "maxIssueDepth")) return NULL;
        st = mint ? tenuo_mint_builder_set_max_issue_depth(m, (uint32_t)x) : TENUO_E_INVALID_ARGUMENT;
    } else if (!strcmp(op, "clearance")) {
        if (!arg_int(env, argv[2], 0, UINT32_MAX, &x, "clearance")) return NULL;
        st = mint ? tenuo_mint_builder_set_clearance(m, (uint32_t)x)
                  : tenuo_grant_builder_set_clearance(g, (uint32_t)x);
    } else if (!strcmp(op, "terminal")) {
        st = mint ? tenuo_mint_builder_set_terminal(m) : tenuo_grant_builder_set_terminal(g);
    } else if (!strcmp(op, "id")) {
        const uint8_t *d; size_t n;
        if (!arg_bytes(env, argv[2], &d, &n, "id")) return NULL;
        st = mint ? tenuo_mint_builder_set_id(m, d, n) : tenuo_grant_builder_set_id(g, d, n);
    } else if (!strcmp(op, "session_id")) {
        size_t n;
        char *s = arg_str(env, argv[2], &n, "sessionId");
        if (s == NULL) return NULL;
        st = mint ? tenuo_mint_builder_set_session_id(m, s, n) : tenuo_grant_builder_set_session_id(g, s, n);
        free(s);
    } else if (!strcmp(op, "extension")) {
        size_t kl; const uint8_t *d; size_t n;
        char *k = arg_str(env, argv[2], &kl, "extension key");
        if (k == NULL) return NULL;
        if (!arg_bytes(env, argv[3], &d, &n, "extension value")) { free(k); return NULL; }
        st = mint ? tenuo_mint_builder_set_extension(m, k, kl, d, n)
                  : tenuo_grant_builder_set_extension(g, k, kl, d, n);
        free(k);
    } else {
        napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "unknown builder op");
        return NULL;
    }
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

/* build(builder, key, now) -> warrant */
static napi_value f_builder_build(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    bool tagged = false;
    box_t *bx = NULL;
    int64_t now;
    tenuo_warrant *w = NULL;
    if (!get_argv(env, info, 3, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_external ||
        napi_check_object_type_tag(env, argv[0], &BOX_TAG, &tagged) != napi_ok || !tagged ||
        napi_get_value_external(env, argv[0], (void **)&bx) != napi_ok || bx == NULL ||
        (bx->kind != K_MINT && bx->kind != K_GRANT)) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "builder must be a builder handle");
        return NULL;
    }
    bx = arg_box(env, argv[0], bx->kind, "builder");
    if (bx == NULL) return NULL;
    tenuo_signing_key *k = arg_handle(env, argv[1], K_SK, "key");
    if (k == NULL || !arg_now(env, argv[2], &now)) return NULL;
    tenuo_status st = bx->kind == K_MINT ? tenuo_mint_builder_mint(bx->ptr, k, (uint64_t)now, &w)
                                         : tenuo_grant_builder_grant(bx->ptr, k, (uint64_t)now, &w);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_WARRANT, w);
}

/* ---- warrants and chains ------------------------------------------------------------------- */

static napi_value f_w_parse(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    size_t n;
    tenuo_warrant *w = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    char *s = arg_str(env, argv[0], &n, "text");
    if (s == NULL) return NULL;
    tenuo_status st = tenuo_warrant_parse(s, n, &w);
    free(s);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_WARRANT, w);
}

static napi_value f_w_from_bytes(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_warrant *w = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "bytes")) return NULL;
    tenuo_status st = tenuo_warrant_from_bytes(d, n, &w);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_WARRANT, w);
}

/* wGet(w, what): to_bytes / payload / base64 / pem / id / info / holder / issuer */
static napi_value f_w_get(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    char what[16];
    size_t wl;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_string) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "what must be a string");
        return NULL;
    }
    napi_get_value_string_utf8(env, argv[1], what, sizeof what, &wl);
    uint8_t *p = NULL; size_t n = 0; char *s = NULL;
    tenuo_public_key *pk = NULL;
    tenuo_status st;
    if (!strcmp(what, "bytes")) { st = tenuo_warrant_to_bytes(w, &p, &n); if (!st) return take_bytes(env, p, n); }
    else if (!strcmp(what, "payload")) { st = tenuo_warrant_payload_bytes(w, &p, &n); if (!st) return take_bytes(env, p, n); }
    else if (!strcmp(what, "base64")) { st = tenuo_warrant_to_base64(w, &s); if (!st) return take_string(env, s); }
    else if (!strcmp(what, "pem")) { st = tenuo_warrant_to_pem(w, &s); if (!st) return take_string(env, s); }
    else if (!strcmp(what, "id")) { st = tenuo_warrant_id(w, &s); if (!st) return take_string(env, s); }
    else if (!strcmp(what, "info")) { st = tenuo_warrant_info_json(w, &s); if (!st) return take_string(env, s); }
    else if (!strcmp(what, "holder")) { st = tenuo_warrant_holder(w, &pk); if (!st) return make_box(env, K_PK, pk); }
    else if (!strcmp(what, "issuer")) { st = tenuo_warrant_issuer(w, &pk); if (!st) return make_box(env, K_PK, pk); }
    else { napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "unknown warrant field"); return NULL; }
    throw_last(env, st);
    return NULL;
}

/* wSign(w, key, tool, argsJson, now, prefixed) -> Buffer(64) */
static napi_value f_w_sign(napi_env env, napi_callback_info info) {
    napi_value argv[6], v;
    size_t tl;
    int64_t now;
    bool prefixed = false;
    tenuo_args *args = NULL;
    uint8_t sig[TENUO_SIGNATURE_BYTES];
    if (!get_argv(env, info, 6, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL) return NULL;
    tenuo_signing_key *k = arg_handle(env, argv[1], K_SK, "key");
    if (k == NULL) return NULL;
    if (!arg_int(env, argv[4], INT64_MIN, INT64_MAX, &now, "now")) return NULL;
    if (!is_nullish(env, argv[5])) napi_get_value_bool(env, argv[5], &prefixed);
    char *tool = arg_str(env, argv[2], &tl, "tool");
    if (tool == NULL) return NULL;
    if (!arg_args(env, argv[3], &args)) { free(tool); return NULL; }
    tenuo_status st = tenuo_warrant_sign_ex(w, k, tool, tl, args, now,
                                            prefixed ? TENUO_POP_ID_PREFIXED : TENUO_POP_ID_HEX,
                                            sig, sizeof sig);
    free(tool);
    tenuo_args_free(args);
    if (st) { throw_last(env, st); return NULL; }
    napi_create_buffer_copy(env, sizeof sig, sig, NULL, &v);
    return v;
}

/* wPopChallenge(w, tool, argsJson, window, prefixed) -> Buffer */
static napi_value f_w_pop_challenge(napi_env env, napi_callback_info info) {
    napi_value argv[5];
    size_t tl, n = 0;
    int64_t window;
    bool prefixed = false;
    tenuo_args *args = NULL;
    uint8_t *p = NULL;
    if (!get_argv(env, info, 5, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL || !arg_int(env, argv[3], INT64_MIN, INT64_MAX, &window, "window")) return NULL;
    if (!is_nullish(env, argv[4])) napi_get_value_bool(env, argv[4], &prefixed);
    char *tool = arg_str(env, argv[1], &tl, "tool");
    if (tool == NULL) return NULL;
    if (!arg_args(env, argv[2], &args)) { free(tool); return NULL; }
    tenuo_status st = tenuo_warrant_pop_challenge(w, tool, tl, args, window,
                                                  prefixed ? TENUO_POP_ID_PREFIXED : TENUO_POP_ID_HEX,
                                                  &p, &n);
    free(tool);
    tenuo_args_free(args);
    if (st) { throw_last(env, st); return NULL; }
    return take_bytes(env, p, n);
}

/* wVerifyPop(w, tool, argsJson, sig, now, prefixed) -> status */
static napi_value f_w_verify_pop(napi_env env, napi_callback_info info) {
    napi_value argv[6];
    size_t tl, sl;
    int64_t now;
    bool prefixed = false;
    const uint8_t *sig;
    tenuo_args *args = NULL;
    if (!get_argv(env, info, 6, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL || !arg_bytes(env, argv[3], &sig, &sl, "signature") ||
        !arg_int(env, argv[4], INT64_MIN, INT64_MAX, &now, "now"))
        return NULL;
    if (!is_nullish(env, argv[5])) napi_get_value_bool(env, argv[5], &prefixed);
    char *tool = arg_str(env, argv[1], &tl, "tool");
    if (tool == NULL) return NULL;
    if (!arg_args(env, argv[2], &args)) { free(tool); return NULL; }
    tenuo_status st = tenuo_warrant_verify_pop(w, tool, tl, args, sig, sl, now, 0,
                                               prefixed ? TENUO_POP_ID_PREFIXED : TENUO_POP_ID_HEX);
    free(tool);
    tenuo_args_free(args);
    return int_value(env, st);
}

/* wWhyDenied(w, tool, argsJson, now) -> JSON text */
static napi_value f_w_why_denied(napi_env env, napi_callback_info info) {
    napi_value argv[4];
    size_t tl;
    int64_t now;
    tenuo_args *args = NULL;
    char *out = NULL;
    if (!get_argv(env, info, 4, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL || !arg_now(env, argv[3], &now)) return NULL;
    char *tool = arg_str(env, argv[1], &tl, "tool");
    if (tool == NULL) return NULL;
    if (!arg_args(env, argv[2], &args)) { free(tool); return NULL; }
    tenuo_status st = tenuo_warrant_why_denied(w, tool, tl, args, (uint64_t)now, &out);
    free(tool);
    tenuo_args_free(args);
    if (st) { throw_last(env, st); return NULL; }
    return take_string(env, out);
}

static napi_value f_chain_from_warrants(napi_env env, napi_callback_info info) {
    napi_value argv[1], el;
    bool is_arr = false;
    uint32_t len = 0;
    tenuo_chain *c = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (napi_is_array(env, argv[0], &is_arr) != napi_ok || !is_arr) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "chain must be an array of warrants");
        return NULL;
    }
    napi_get_array_length(env, argv[0], &len);
    if (len == 0) { throw_status(env, TENUO_E_INVALID_ARGUMENT, "a chain needs at least one warrant"); return NULL; }
    for (uint32_t i = 0; i < len; i++) {
        if (napi_get_element(env, argv[0], i, &el) != napi_ok) { tenuo_chain_free(c); return NULL; }
        tenuo_warrant *w = arg_handle(env, el, K_WARRANT, "chain element");
        if (w == NULL) { tenuo_chain_free(c); return NULL; }
        tenuo_chain *next = NULL;
        tenuo_status st = i == 0 ? tenuo_chain_new(w, &next) : tenuo_chain_push(c, w, &next);
        tenuo_chain_free(c);
        c = next;
        if (st) { throw_last(env, st); return NULL; }
    }
    return make_box(env, K_CHAIN, c);
}

static napi_value f_chain_from_bytes(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_chain *c = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "bytes")) return NULL;
    tenuo_status st = tenuo_chain_from_bytes(d, n, &c);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_CHAIN, c);
}

static napi_value f_chain_parse(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    size_t n;
    tenuo_chain *c = NULL;
    if (!get_argv(env, info, 1, argv)) return NULL;
    char *s = arg_str(env, argv[0], &n, "text");
    if (s == NULL) return NULL;
    tenuo_status st = tenuo_chain_parse(s, n, &c);
    free(s);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_CHAIN, c);
}

/* chainWarrants(chain) -> [warrant handles] */
static napi_value f_chain_warrants(napi_env env, napi_callback_info info) {
    napi_value argv[1], arr;
    if (!get_argv(env, info, 1, argv)) return NULL;
    tenuo_chain *c = arg_handle(env, argv[0], K_CHAIN, "chain");
    if (c == NULL) return NULL;
    size_t n = tenuo_chain_len(c);
    CHECK_NAPI(env, napi_create_array_with_length(env, n, &arr));
    for (size_t i = 0; i < n; i++) {
        tenuo_warrant *w = NULL;
        tenuo_status st = tenuo_chain_get(c, i, &w);
        if (st) { throw_last(env, st); return NULL; }
        napi_value h = make_box(env, K_WARRANT, w);
        if (h == NULL) return NULL;
        napi_set_element(env, arr, (uint32_t)i, h);
    }
    return arr;
}

static napi_value f_chain_get(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    char what[16];
    size_t wl;
    uint8_t *p = NULL; size_t n = 0; char *s = NULL;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_chain *c = arg_handle(env, argv[0], K_CHAIN, "chain");
    if (c == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_string) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "what must be a string");
        return NULL;
    }
    napi_get_value_string_utf8(env, argv[1], what, sizeof what, &wl);
    tenuo_status st;
    if (!strcmp(what, "bytes")) { st = tenuo_chain_to_bytes(c, &p, &n); if (!st) return take_bytes(env, p, n); }
    else if (!strcmp(what, "base64")) { st = tenuo_chain_to_base64(c, &s); if (!st) return take_string(env, s); }
    else { napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "unknown chain field"); return NULL; }
    throw_last(env, st);
    return NULL;
}

/* ---- approvals ------------------------------------------------------------------------------ */

static napi_value f_approval_parse(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_approval *a = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "bytes")) return NULL;
    tenuo_status st = tenuo_approval_parse(d, n, &a);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_APPROVAL, a);
}

/* approvalCreate(key, requestHash, nonce|null, externalId, approvedAt, expiresAt) */
static napi_value f_approval_create(napi_env env, napi_callback_info info) {
    napi_value argv[6];
    const uint8_t *h, *nonce = NULL; size_t hl, nl = 0, el;
    int64_t at, exp;
    tenuo_approval *a = NULL;
    if (!get_argv(env, info, 6, argv)) return NULL;
    tenuo_signing_key *k = arg_handle(env, argv[0], K_SK, "approver key");
    if (k == NULL || !arg_bytes(env, argv[1], &h, &hl, "request hash")) return NULL;
    if (!is_nullish(env, argv[2]) && !arg_bytes(env, argv[2], &nonce, &nl, "nonce")) return NULL;
    if (!arg_int(env, argv[4], 0, INT64_MAX, &at, "approvedAt") ||
        !arg_int(env, argv[5], 0, INT64_MAX, &exp, "expiresAt"))
        return NULL;
    char *ext = arg_str(env, argv[3], &el, "externalId");
    if (ext == NULL) return NULL;
    tenuo_status st = tenuo_approval_create(k, h, hl, nonce, nl, ext, el, (uint64_t)at, (uint64_t)exp, &a);
    free(ext);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_APPROVAL, a);
}

/* approvalGet(a, "bytes" | "json" | "approver") */
static napi_value f_approval_get(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    char what[16];
    size_t wl;
    uint8_t *p = NULL; size_t n = 0; char *s = NULL;
    tenuo_public_key *pk = NULL;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_approval *a = arg_handle(env, argv[0], K_APPROVAL, "approval");
    if (a == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_string) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "what must be a string");
        return NULL;
    }
    napi_get_value_string_utf8(env, argv[1], what, sizeof what, &wl);
    tenuo_status st;
    if (!strcmp(what, "bytes")) { st = tenuo_approval_to_bytes(a, &p, &n); if (!st) return take_bytes(env, p, n); }
    else if (!strcmp(what, "json")) { st = tenuo_approval_to_json(a, &s); if (!st) return take_string(env, s); }
    else if (!strcmp(what, "approver")) { st = tenuo_approval_approver_key(a, &pk); if (!st) return make_box(env, K_PK, pk); }
    else { napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "unknown approval field"); return NULL; }
    throw_last(env, st);
    return NULL;
}

static napi_value f_approval_verify(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    int64_t now;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_approval *a = arg_handle(env, argv[0], K_APPROVAL, "approval");
    if (a == NULL || !arg_now(env, argv[1], &now)) return NULL;
    tenuo_status st = tenuo_approval_verify(a, (uint64_t)now);
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

/* requestHash(warrantId, tool, argsJson, holder|null) -> Buffer(32) */
static napi_value f_request_hash(napi_env env, napi_callback_info info) {
    napi_value argv[4], v;
    size_t il, tl;
    tenuo_args *args = NULL;
    tenuo_public_key *holder = NULL;
    uint8_t out[TENUO_HASH_BYTES];
    if (!get_argv(env, info, 4, argv)) return NULL;
    if (!is_nullish(env, argv[3])) {
        holder = arg_handle(env, argv[3], K_PK, "holder");
        if (holder == NULL) return NULL;
    }
    char *id = arg_str(env, argv[0], &il, "warrant id");
    if (id == NULL) return NULL;
    char *tool = arg_str(env, argv[1], &tl, "tool");
    if (tool == NULL) { free(id); return NULL; }
    if (!arg_args(env, argv[2], &args)) { free(id); free(tool); return NULL; }
    tenuo_status st = tenuo_request_hash(id, il, tool, tl, args, holder, out, sizeof out);
    free(id);
    free(tool);
    tenuo_args_free(args);
    if (st) { throw_last(env, st); return NULL; }
    napi_create_buffer_copy(env, sizeof out, out, NULL, &v);
    return v;
}

/* wRequestHash(w, tool, argsJson) -> Buffer(32) */
static napi_value f_w_request_hash(napi_env env, napi_callback_info info) {
    napi_value argv[3], v;
    size_t tl;
    tenuo_args *args = NULL;
    uint8_t out[TENUO_HASH_BYTES];
    if (!get_argv(env, info, 3, argv)) return NULL;
    tenuo_warrant *w = arg_handle(env, argv[0], K_WARRANT, "warrant");
    if (w == NULL) return NULL;
    char *tool = arg_str(env, argv[1], &tl, "tool");
    if (tool == NULL) return NULL;
    if (!arg_args(env, argv[2], &args)) { free(tool); return NULL; }
    tenuo_status st = tenuo_warrant_request_hash(w, tool, tl, args, out, sizeof out);
    free(tool);
    tenuo_args_free(args);
    if (st) { throw_last(env, st); return NULL; }
    napi_create_buffer_copy(env, sizeof out, out, NULL, &v);
    return v;
}

/* ---- revocation lists and clearance ----------------------------------------------------------- */

static napi_value f_srl_parse(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    const uint8_t *d; size_t n;
    tenuo_srl *l = NULL;
    if (!get_argv(env, info, 1, argv) || !arg_bytes(env, argv[0], &d, &n, "bytes")) return NULL;
    tenuo_status st = tenuo_srl_parse(d, n, &l);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_SRL, l);
}

static napi_value f_srl_verify(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_srl *l = arg_handle(env, argv[0], K_SRL, "revocation list");
    if (l == NULL) return NULL;
    tenuo_public_key *pk = arg_handle(env, argv[1], K_PK, "issuer");
    if (pk == NULL) return NULL;
    tenuo_status st = tenuo_srl_verify(l, pk);
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

static napi_value f_srl_get(napi_env env, napi_callback_info info) {
    napi_value argv[2];
    char what[16];
    size_t wl;
    uint8_t *p = NULL; size_t n = 0; char *s = NULL;
    if (!get_argv(env, info, 2, argv)) return NULL;
    tenuo_srl *l = arg_handle(env, argv[0], K_SRL, "revocation list");
    if (l == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_string) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "what must be a string");
        return NULL;
    }
    napi_get_value_string_utf8(env, argv[1], what, sizeof what, &wl);
    tenuo_status st;
    if (!strcmp(what, "bytes")) { st = tenuo_srl_to_bytes(l, &p, &n); if (!st) return take_bytes(env, p, n); }
    else if (!strcmp(what, "json")) { st = tenuo_srl_to_json(l, &s); if (!st) return take_string(env, s); }
    else { napi_throw_type_error(env, "ERR_INVALID_ARG_VALUE", "unknown list field"); return NULL; }
    throw_last(env, st);
    return NULL;
}

/* authSetRevocationList(auth, srl, expectedIssuer|null) */
static napi_value f_auth_set_srl(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    tenuo_public_key *issuer = NULL;
    if (!get_argv(env, info, 3, argv)) return NULL;
    tenuo_authorizer *a = arg_handle(env, argv[0], K_AUTH, "authorizer");
    if (a == NULL) return NULL;
    tenuo_srl *l = arg_handle(env, argv[1], K_SRL, "revocation list");
    if (l == NULL) return NULL;
    if (!is_nullish(env, argv[2])) {
        issuer = arg_handle(env, argv[2], K_PK, "expected issuer");
        if (issuer == NULL) return NULL;
    }
    tenuo_status st = tenuo_authorizer_set_revocation_list(a, l, issuer);
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

/* authRequireClearance(auth, pattern, level) */
static napi_value f_auth_require_clearance(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    size_t n;
    int64_t level;
    if (!get_argv(env, info, 3, argv)) return NULL;
    tenuo_authorizer *a = arg_handle(env, argv[0], K_AUTH, "authorizer");
    if (a == NULL || !arg_int(env, argv[2], 0, UINT32_MAX, &level, "level")) return NULL;
    char *pat = arg_str(env, argv[1], &n, "pattern");
    if (pat == NULL) return NULL;
    tenuo_status st = tenuo_authorizer_require_clearance(a, pat, n, (uint32_t)level);
    free(pat);
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

/* ---- authorizer ----------------------------------------------------------------------------- */

static napi_value f_auth_new(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    const uint8_t *roots; size_t n;
    int64_t windows = 0, tol = TENUO_DEFAULT_CLOCK_TOLERANCE;
    tenuo_authorizer *a = NULL;
    if (!get_argv(env, info, 3, argv) || !arg_bytes(env, argv[0], &roots, &n, "roots")) return NULL;
    if (!is_nullish(env, argv[1]) && !arg_int(env, argv[1], 0, 10, &windows, "popWindows")) return NULL;
    if (!is_nullish(env, argv[2]) && !arg_int(env, argv[2], 0, 3600, &tol, "clockTolerance")) return NULL;
    tenuo_status st = tenuo_authorizer_new(roots, n, (uint32_t)windows, (uint64_t)tol, &a);
    if (st) { throw_last(env, st); return NULL; }
    return make_box(env, K_AUTH, a);
}

/* A check's inputs and result, shared by the sync and async paths. */
typedef struct {
    box_t *auth, *subject; /* subject: a warrant or a chain */
    char *tool;
    size_t tool_len;
    tenuo_args *args;
    uint8_t sig[TENUO_SIGNATURE_BYTES * 2];
    size_t sig_len;
    bool has_sig;
    int64_t now;
    box_t **approvals; /* NULL: the plain check (no approvals argument) */
    size_t approval_count;
    /* result */
    tenuo_status status;
    tenuo_denial *denial;
    char message[1024];
    char kind[64];
    /* async */
    napi_async_work work;
    napi_deferred deferred;
} check_job;

static void job_free(check_job *j) {
    free(j->approvals);
    free(j->tool);
    tenuo_args_free(j->args);
    tenuo_denial_free(j->denial);
    free(j);
}

/* authCheck(auth, warrantOrChain, tool, argsJson, sig|null, now, approvals|null) */
static check_job *job_from_args(napi_env env, napi_callback_info info) {
    napi_value argv[7];
    bool tagged = false;
    box_t *sb = NULL;
    if (!get_argv(env, info, 7, argv)) return NULL;
    box_t *ab = arg_box(env, argv[0], K_AUTH, "authorizer");
    if (ab == NULL) return NULL;
    if (type_of(env, argv[1]) != napi_external ||
        napi_check_object_type_tag(env, argv[1], &BOX_TAG, &tagged) != napi_ok || !tagged ||
        napi_get_value_external(env, argv[1], (void **)&sb) != napi_ok || sb == NULL ||
        (sb->kind != K_WARRANT && sb->kind != K_CHAIN)) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "warrant must be a Warrant or a WarrantChain");
        return NULL;
    }
    sb = arg_box(env, argv[1], sb->kind, "warrant");
    if (sb == NULL) return NULL;
    check_job *j = calloc(1, sizeof *j);
    if (j == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    j->auth = ab;
    j->subject = sb;
    if (!arg_now(env, argv[5], &j->now)) { job_free(j); return NULL; }
    j->tool = arg_str(env, argv[2], &j->tool_len, "tool");
    if (j->tool == NULL) { job_free(j); return NULL; }
    if (!arg_args(env, argv[3], &j->args)) { job_free(j); return NULL; }
    if (!is_nullish(env, argv[4])) {
        const uint8_t *d; size_t n;
        if (!arg_bytes(env, argv[4], &d, &n, "signature")) { job_free(j); return NULL; }
        if (n > sizeof j->sig) n = sizeof j->sig; /* longer is wrong anyway: keep a prefix that fails */
        memcpy(j->sig, d, n);
        j->sig_len = n;
        j->has_sig = true;
    }
    if (!is_nullish(env, argv[6])) {
        bool is_arr = false;
        uint32_t n = 0;
        if (napi_is_array(env, argv[6], &is_arr) != napi_ok || !is_arr) {
            napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "approvals must be an array of SignedApproval handles");
            job_free(j);
            return NULL;
        }
        napi_get_array_length(env, argv[6], &n);
        if (n > 4096) { throw_status(env, TENUO_E_INVALID_ARGUMENT, "too many approvals"); job_free(j); return NULL; }
        j->approvals = calloc(n ? n : 1, sizeof *j->approvals);
        if (j->approvals == NULL) { napi_throw_error(env, NULL, "out of memory"); job_free(j); return NULL; }
        for (uint32_t i = 0; i < n; i++) {
            napi_value el;
            if (napi_get_element(env, argv[6], i, &el) != napi_ok) { job_free(j); return NULL; }
            box_t *ab2 = arg_box(env, el, K_APPROVAL, "approval");
            if (ab2 == NULL) { job_free(j); return NULL; }
            j->approvals[i] = ab2;
        }
        j->approval_count = n;
    }
    return j;
}

static void job_refs(check_job *j, int delta) {
    j->auth->refs += delta;
    j->subject->refs += delta;
    for (size_t i = 0; i < j->approval_count; i++) j->approvals[i]->refs += delta;
}

static void job_settle(check_job *j) {
    box_settle(j->auth);
    box_settle(j->subject);
    for (size_t i = 0; i < j->approval_count; i++) box_settle(j->approvals[i]);
}

static void job_run(check_job *j) {
    const uint8_t *sig = j->has_sig ? j->sig : NULL;
    if (j->approvals != NULL) {
        const tenuo_approval *stack_list[16];
        const tenuo_approval **list = j->approval_count <= 16 ? stack_list
                                      : malloc(j->approval_count * sizeof *list);
        if (list == NULL) {
            j->status = TENUO_E_INTERNAL;
            snprintf(j->message, sizeof j->message, "out of memory");
            return;
        }
        for (size_t i = 0; i < j->approval_count; i++) list[i] = j->approvals[i]->ptr;
        if (j->subject->kind == K_WARRANT)
            j->status = tenuo_authorizer_check_with_approvals(
                j->auth->ptr, j->subject->ptr, j->tool, j->tool_len, j->args, sig, j->sig_len,
                (const tenuo_approval *const *)list, j->approval_count, (uint64_t)j->now, &j->denial);
        else
            j->status = tenuo_authorizer_check_chain_with_approvals(
                j->auth->ptr, j->subject->ptr, j->tool, j->tool_len, j->args, sig, j->sig_len,
                (const tenuo_approval *const *)list, j->approval_count, (uint64_t)j->now, &j->denial);
        if (list != stack_list) free(list);
    } else if (j->subject->kind == K_WARRANT)
        j->status = tenuo_authorizer_check(j->auth->ptr, j->subject->ptr, j->tool, j->tool_len, j->args,
                                           sig, j->sig_len, (uint64_t)j->now, &j->denial);
    else
        j->status = tenuo_authorizer_check_chain(j->auth->ptr, j->subject->ptr, j->tool, j->tool_len,
                                                 j->args, sig, j->sig_len, (uint64_t)j->now, &j->denial);
    if (j->status) {
        const char *m = tenuo_last_error_message();
        const char *k = last_kind();
        snprintf(j->message, sizeof j->message, "%s", m ? m : "");
        snprintf(j->kind, sizeof j->kind, "%s", k ? k : "");
    }
}

static void set_str_prop(napi_env env, napi_value obj, const char *key, const char *val) {
    napi_value v;
    if (val == NULL) napi_get_null(env, &v);
    else napi_create_string_utf8(env, val, NAPI_AUTO_LENGTH, &v);
    napi_set_named_property(env, obj, key, v);
}

/* null when allowed; else {status, message, denyCode, tool, field, reason, suggestion} */
static napi_value job_result(napi_env env, check_job *j) {
    napi_value obj;
    if (j->status == TENUO_OK) { napi_get_null(env, &obj); return obj; }
    napi_create_object(env, &obj);
    napi_set_named_property(env, obj, "status", int_value(env, j->status));
    set_str_prop(env, obj, "message", j->message);
    set_str_prop(env, obj, "kind", j->kind[0] ? j->kind : NULL);
    if (j->denial) {
        set_str_prop(env, obj, "denyCode", tenuo_denial_deny_code(j->denial));
        set_str_prop(env, obj, "tool", tenuo_denial_tool(j->denial));
        set_str_prop(env, obj, "field", tenuo_denial_field(j->denial));
        set_str_prop(env, obj, "reason", tenuo_denial_reason(j->denial));
        set_str_prop(env, obj, "suggestion", tenuo_denial_suggestion(j->denial));
    }
    return obj;
}

static napi_value f_auth_check(napi_env env, napi_callback_info info) {
    check_job *j = job_from_args(env, info);
    if (j == NULL) return NULL;
    job_run(j);
    napi_value r = job_result(env, j);
    job_free(j);
    return r;
}

static void async_execute(napi_env env, void *data) {
    (void)env;
    job_run(data);
}

static void async_complete(napi_env env, napi_status status, void *data) {
    check_job *j = data;
    job_refs(j, -1);
    job_settle(j);
    if (status == napi_ok) {
        napi_resolve_deferred(env, j->deferred, job_result(env, j));
    } else {
        napi_value err, msg;
        napi_create_string_utf8(env, "authorization was cancelled", NAPI_AUTO_LENGTH, &msg);
        napi_create_error(env, NULL, msg, &err);
        napi_reject_deferred(env, j->deferred, err);
    }
    napi_delete_async_work(env, j->work);
    job_free(j);
}

/* authCheckAsync(...) -> Promise<null | denial> ; runs on the libuv thread pool. */
static napi_value f_auth_check_async(napi_env env, napi_callback_info info) {
    napi_value promise, name;
    check_job *j = job_from_args(env, info);
    if (j == NULL) return NULL;
    if (napi_create_promise(env, &j->deferred, &promise) != napi_ok) { job_free(j); return NULL; }
    napi_create_string_utf8(env, "tenuo.authorize", NAPI_AUTO_LENGTH, &name);
    if (napi_create_async_work(env, NULL, name, async_execute, async_complete, j, &j->work) != napi_ok) {
        job_free(j);
        if (!pending(env)) napi_throw_error(env, NULL, "napi_create_async_work failed");
        return NULL;
    }
    job_refs(j, +1);
    if (napi_queue_async_work(env, j->work) != napi_ok) {
        job_refs(j, -1);
        napi_delete_async_work(env, j->work);
        job_free(j);
        if (!pending(env)) napi_throw_error(env, NULL, "napi_queue_async_work failed");
        return NULL;
    }
    return promise;
}

/* Async parse (signature verification off the event loop): text or bytes -> warrant/chain. */
typedef struct {
    char *text;
    size_t len;
    bool chain;
    tenuo_status status;
    void *out;
    char message[1024];
    char kind[64];
    napi_async_work work;
    napi_deferred deferred;
} parse_job;

static void parse_execute(napi_env env, void *data) {
    (void)env;
    parse_job *p = data;
    p->status = p->chain ? tenuo_chain_parse(p->text, p->len, (tenuo_chain **)&p->out)
                         : tenuo_warrant_parse(p->text, p->len, (tenuo_warrant **)&p->out);
    if (p->status) {
        const char *m = tenuo_last_error_message();
        const char *k = last_kind();
        snprintf(p->message, sizeof p->message, "%s", m ? m : "");
        snprintf(p->kind, sizeof p->kind, "%s", k ? k : "");
    }
}

static void parse_complete(napi_env env, napi_status status, void *data) {
    parse_job *p = data;
    if (status == napi_ok && p->status == TENUO_OK) {
        napi_value h = make_box(env, p->chain ? K_CHAIN : K_WARRANT, p->out);
        p->out = NULL;
        if (h) napi_resolve_deferred(env, p->deferred, h);
        else {
            napi_value e = NULL;
            napi_get_and_clear_last_exception(env, &e);
            napi_reject_deferred(env, p->deferred, e);
        }
    } else {
        if (p->out) handle_free(p->chain ? K_CHAIN : K_WARRANT, p->out);
        /* Build the error through the factory: throw it, catch it, reject with it. */
        throw_status_kind(env, status == napi_ok ? p->status : TENUO_E_INTERNAL, p->message, p->kind);
        napi_value e = NULL;
        napi_get_and_clear_last_exception(env, &e);
        napi_reject_deferred(env, p->deferred, e);
    }
    napi_delete_async_work(env, p->work);
    free(p->text);
    free(p);
}

static napi_value f_parse_async(napi_env env, napi_callback_info info) {
    napi_value argv[2], promise, name;
    if (!get_argv(env, info, 2, argv)) return NULL;
    parse_job *p = calloc(1, sizeof *p);
    if (p == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    p->text = arg_str(env, argv[0], &p->len, "text");
    if (p->text == NULL) { free(p); return NULL; }
    if (!is_nullish(env, argv[1])) napi_get_value_bool(env, argv[1], &p->chain);
    if (napi_create_promise(env, &p->deferred, &promise) != napi_ok) { free(p->text); free(p); return NULL; }
    napi_create_string_utf8(env, "tenuo.parse", NAPI_AUTO_LENGTH, &name);
    if (napi_create_async_work(env, NULL, name, parse_execute, parse_complete, p, &p->work) != napi_ok ||
        napi_queue_async_work(env, p->work) != napi_ok) {
        free(p->text);
        free(p);
        if (!pending(env)) napi_throw_error(env, NULL, "could not queue the parse");
        return NULL;
    }
    return promise;
}

static napi_value f_auth_verify_chain(napi_env env, napi_callback_info info) {
    napi_value argv[3];
    int64_t now;
    if (!get_argv(env, info, 3, argv)) return NULL;
    tenuo_authorizer *a = arg_handle(env, argv[0], K_AUTH, "authorizer");
    if (a == NULL) return NULL;
    tenuo_chain *c = arg_handle(env, argv[1], K_CHAIN, "chain");
    if (c == NULL || !arg_now(env, argv[2], &now)) return NULL;
    tenuo_status st = tenuo_authorizer_verify_chain(a, c, (uint64_t)now);
    if (st) { throw_last(env, st); return NULL; }
    return undefined_value(env);
}

/* ---- audit sinks ---------------------------------------------------------------------------- */

typedef struct sink {
    uint64_t id;
    napi_env env;
    napi_threadsafe_function tsfn;
    struct sink *next;
} sink_t;

/* Every registered sink of the process (each worker thread registers its own); the list is
 * guarded by g_sinks_lock, the trampoline never touches it. */
static sink_t *g_sinks;
static pthread_mutex_t g_sinks_lock = PTHREAD_MUTEX_INITIALIZER;

static void audit_trampoline(void *ctx, const char *line, size_t len) {
    sink_t *s = ctx;
    char *copy = malloc(len + 1);
    if (copy == NULL) return;
    memcpy(copy, line, len);
    copy[len] = 0;
    if (napi_call_threadsafe_function(s->tsfn, copy, napi_tsfn_nonblocking) != napi_ok) free(copy);
}

static void audit_call_js(napi_env env, napi_value cb, void *context, void *data) {
    (void)context;
    char *line = data;
    if (env != NULL && cb != NULL) {
        napi_value undef, arg;
        napi_get_undefined(env, &undef);
        napi_create_string_utf8(env, line, NAPI_AUTO_LENGTH, &arg);
        napi_call_function(env, undef, cb, 1, &arg, NULL);
    }
    free(line);
}

static napi_value f_audit_register(napi_env env, napi_callback_info info) {
    napi_value argv[1], name, v;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_function) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "audit callback must be a function");
        return NULL;
    }
    sink_t *s = calloc(1, sizeof *s);
    if (s == NULL) { napi_throw_error(env, NULL, "out of memory"); return NULL; }
    napi_create_string_utf8(env, "tenuo.audit", NAPI_AUTO_LENGTH, &name);
    if (napi_create_threadsafe_function(env, argv[0], NULL, name, 0, 1, NULL, NULL, NULL, audit_call_js,
                                        &s->tsfn) != napi_ok) {
        free(s);
        if (!pending(env)) napi_throw_error(env, NULL, "napi_create_threadsafe_function failed");
        return NULL;
    }
    napi_unref_threadsafe_function(env, s->tsfn); /* an audit sink does not keep Node alive */
    tenuo_status st = tenuo_audit_sink_register(audit_trampoline, s, &s->id);
    if (st) {
        napi_release_threadsafe_function(s->tsfn, napi_tsfn_abort);
        free(s);
        throw_last(env, st);
        return NULL;
    }
    s->env = env;
    pthread_mutex_lock(&g_sinks_lock);
    s->next = g_sinks;
    g_sinks = s;
    pthread_mutex_unlock(&g_sinks_lock);
    napi_create_bigint_uint64(env, s->id, &v);
    return v;
}

static void sink_remove(sink_t *s) {
    tenuo_audit_sink_unregister(s->id); /* afterwards the trampoline is not running */
    napi_release_threadsafe_function(s->tsfn, napi_tsfn_release);
    free(s);
}

static napi_value f_audit_unregister(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    uint64_t id = 0;
    bool lossless = false;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (type_of(env, argv[0]) != napi_bigint) {
        napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "audit sink id must be a BigInt");
        return NULL;
    }
    napi_get_value_bigint_uint64(env, argv[0], &id, &lossless);
    sink_t *found = NULL;
    pthread_mutex_lock(&g_sinks_lock);
    for (sink_t **pp = &g_sinks; *pp; pp = &(*pp)->next) {
        if ((*pp)->id == id && (*pp)->env == env) {
            found = *pp;
            *pp = found->next;
            break;
        }
    }
    pthread_mutex_unlock(&g_sinks_lock);
    if (found) sink_remove(found);
    napi_get_boolean(env, found != NULL, &v);
    return v;
}

static napi_value f_audit_include_arguments(napi_env env, napi_callback_info info) {
    napi_value argv[1], v;
    if (!get_argv(env, info, 1, argv)) return NULL;
    if (!is_nullish(env, argv[0])) {
        bool on;
        if (type_of(env, argv[0]) != napi_boolean) {
            napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", "include must be a boolean");
            return NULL;
        }
        napi_get_value_bool(env, argv[0], &on);
        tenuo_audit_set_include_arguments(on);
    }
    napi_get_boolean(env, tenuo_audit_include_arguments(), &v);
    return v;
}

static void env_cleanup(void *arg) {
    napi_env env = arg;
    sink_t *mine = NULL;
    pthread_mutex_lock(&g_sinks_lock);
    for (sink_t **pp = &g_sinks; *pp;) {
        sink_t *s = *pp;
        if (s->env == env) { *pp = s->next; s->next = mine; mine = s; }
        else pp = &s->next;
    }
    pthread_mutex_unlock(&g_sinks_lock);
    while (mine) {
        sink_t *s = mine;
        mine = s->next;
        sink_remove(s);
    }
}

static void state_finalize(napi_env env, void *data, void *hint) {
    (void)hint;
    addon_state *s = data;
    if (s->factory) napi_delete_reference(env, s->factory);
    free(s);
}

/* ---- registration --------------------------------------------------------------------------- */

static napi_value init(napi_env env, napi_value exports) {
    addon_state *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    napi_set_instance_data(env, s, state_finalize, NULL);
    napi_add_env_cleanup_hook(env, env_cleanup, env);
#define F(name, fn) {name, NULL, fn, NULL, NULL, NULL, napi_default, NULL}
    napi_property_descriptor props[] = {
        F("setErrorFactory", f_set_error_factory),
        F("statusName", f_status_name),
        F("version", f_version),
        F("now", f_now),
        F("liveHandles", f_live_handles),
        F("close", f_close),
        F("isClosed", f_is_closed),
        F("skGenerate", f_sk_generate),
        F("skFromSeed", f_sk_from_seed),
        F("skParse", f_sk_parse),
        F("skFromEnv", f_sk_from_env),
        F("skFromFile", f_sk_from_file),
        F("skPublicKey", f_sk_public_key),
        F("skSeed", f_sk_seed),
        F("pkFromBytes", f_pk_from_bytes),
        F("pkParse", f_pk_parse),
        F("pkBytes", f_pk_bytes),
        F("constraintFromJson", f_constraint_from_json),
        F("constraintToJson", f_constraint_to_json),
        F("constraintMatches", f_constraint_matches),
        F("constraintAttenuation", f_constraint_attenuation),
        F("mintNew", f_mint_new),
        F("grantNew", f_grant_new),
        F("builderOp", f_builder_op),
        F("builderBuild", f_builder_build),
        F("wParse", f_w_parse),
        F("wFromBytes", f_w_from_bytes),
        F("wGet", f_w_get),
        F("wSign", f_w_sign),
        F("wPopChallenge", f_w_pop_challenge),
        F("wVerifyPop", f_w_verify_pop),
        F("wWhyDenied", f_w_why_denied),
        F("chainFromWarrants", f_chain_from_warrants),
        F("chainFromBytes", f_chain_from_bytes),
        F("chainParse", f_chain_parse),
        F("chainWarrants", f_chain_warrants),
        F("chainGet", f_chain_get),
        F("authNew", f_auth_new),
        F("authCheck", f_auth_check),
        F("authCheckAsync", f_auth_check_async),
        F("authVerifyChain", f_auth_verify_chain),
        F("parseAsync", f_parse_async),
        F("auditRegister", f_audit_register),
        F("auditUnregister", f_audit_unregister),
        F("auditIncludeArguments", f_audit_include_arguments),
        F("approvalParse", f_approval_parse),
        F("approvalCreate", f_approval_create),
        F("approvalGet", f_approval_get),
        F("approvalVerify", f_approval_verify),
        F("requestHash", f_request_hash),
        F("wRequestHash", f_w_request_hash),
        F("srlParse", f_srl_parse),
        F("srlVerify", f_srl_verify),
        F("srlGet", f_srl_get),
        F("authSetRevocationList", f_auth_set_srl),
        F("authRequireClearance", f_auth_require_clearance),
    };
#undef F
    if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
    return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
