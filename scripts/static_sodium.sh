# Sourced by scripts/fuzz.sh and scripts/sanitize.sh, for the instrumented builds of libtenuo
# (and by scripts/check_lib.sh, for sodium_internals_undefined).
# static_sodium_env links them against the static libsodium and RE2 the release library uses
# (scripts/static_deps.sh, into build/static-deps as `make lib` does): the Ed25519 key cache
# (Sources/CEd25519/keycache.c) uses internals only the static libsodium has, and with the shared
# one it would stay off, untested. RE2 comes along because pkg-config's -L for the shared RE2
# (the system library directory) would otherwise come first and pick the shared libsodium.
static_sodium_env() {
    bash scripts/static_deps.sh build/static-deps libsodium re2 >/dev/null
    export PKG_CONFIG_PATH="$PWD/build/static-deps/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
}

# sodium_internals_undefined LIB: prints the libsodium ref10 internals LIB left undefined (weak
# references the key cache makes), nothing when they were linked in. Also used by check_lib.sh.
sodium_internals_undefined() {
    nm -D --undefined-only "$1" | grep -E ' (ge25519|sc25519)_' | awk '{print $NF}' || true
}

# require_static_sodium LIB: fails (exit 1) when LIB left libsodium's ref10 internals undefined,
# i.e. the key cache would be off in it.
require_static_sodium() {
    local missing
    missing=$(sodium_internals_undefined "$1")
    if [ -n "$missing" ]; then
        echo "$1: libsodium's ref10 internals are not linked in (the Ed25519 key cache would be off): $(echo $missing)" >&2
        exit 1
    fi
}
