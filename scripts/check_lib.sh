#!/usr/bin/env bash
# Usage: check_lib.sh LIB HEADER SONAME
# Checks the release libtenuo.so: (1) it needs only the C/C++ runtime (libsodium and RE2 linked in),
# nothing from the Swift toolchain; (2) it exports exactly the functions declared in HEADER, all
# under the TENUO_0 version node, and no Swift or libsodium symbol, and libsodium's ref10
# internals (the Ed25519 key cache's) are linked in; (3) no Swift source under
# Sources/ imports Foundation. Ends with "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
lib=$1 header=$2 soname=$3
cd "$(dirname "$0")/.."
. scripts/static_sodium.sh  # sodium_internals_undefined
passed=0 failed=0
ok()  { echo "  ok:   $*"; passed=$((passed + 1)); }
bad() { echo "  FAIL: $*"; failed=$((failed + 1)); }
[ -f "$lib" ] || { echo "check_lib: $lib not found (run make lib)"; echo "0 passed, 1 failed"; exit 1; }
echo "check_lib: $lib"

# 1. Dynamic dependencies.
allowed='^(libc\.so\.6|libm\.so\.6|libstdc\+\+\.so\.6|libgcc_s\.so\.1|ld-linux-x86-64\.so\.2|ld-linux-aarch64\.so\.1)$'
needed=$(readelf -d "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
extra=$(grep -vE "$allowed" <<<"$needed" || true)
if [ -z "$extra" ]; then ok "NEEDED only C/C++ runtime libraries: $(echo $needed)"
else bad "NEEDED libraries outside libc/libm/libstdc++/libgcc_s/ld-linux (a STATIC_DEPS=0 build?): $(echo $extra)"; fi
paths=$(readelf -d "$lib" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]/\2/p')
if [ -z "$(tr ':' '\n' <<<"$paths" | grep -vE '^(\$ORIGIN)?$')" ]; then ok "RPATH/RUNPATH: ${paths:-none} (no absolute paths)"
else bad "RPATH/RUNPATH contains absolute paths: $paths"; fi
ldd_out=$(ldd -r "$lib" 2>&1)
if grep -qE 'not found|undefined symbol|/opt/swift|swift' <<<"$ldd_out"; then
    bad "ldd -r reports missing libraries, undefined symbols or toolchain paths:"; grep -E 'not found|undefined symbol|swift' <<<"$ldd_out" | head -20
else ok "ldd -r: everything resolves, nothing from the Swift toolchain"; fi
got_soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ "$got_soname" = "$soname" ]; then ok "SONAME $got_soname"; else bad "SONAME '$got_soname', expected '$soname'"; fi
if readelf -d "$lib" | grep -q TEXTREL; then bad "text relocations present (non-PIC code linked in)"; else ok "no text relocations"; fi

# 2. Exported symbols == header functions. nm -D also lists LOCAL entries (lower-case type
# letters) that the linker keeps for relocations; they are not visible to other objects.
declared=$(sed -nE 's/^TENUO_API .*[ *](tenuo_[a-z0-9_]+)\(.*/\1/p' "$header" | sort)
exports=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[A-Z]$/ && $2 != "A" { print $3 }')
unversioned=$(grep -v '@@TENUO_0$' <<<"$exports" || true)
if [ -z "$unversioned" ]; then ok "every export carries the TENUO_0 version node"
else bad "exports without the TENUO_0 version node: $(echo $unversioned)"; fi
exported=$(sed 's/@.*//' <<<"$exports" | sort)
only_lib=$(comm -23 <(echo "$exported") <(echo "$declared") | grep . || true)
only_hdr=$(comm -13 <(echo "$exported") <(echo "$declared") | grep . || true)
if [ -z "$only_lib$only_hdr" ]; then ok "exports == header declarations ($(grep -c . <<<"$declared") functions)"
else
    [ -z "$only_lib" ] || bad "exported but not declared in $header: $(echo $only_lib)"
    [ -z "$only_hdr" ] || bad "declared in $header but not exported: $(echo $only_hdr)"
fi

# 2b. The Ed25519 key cache (Sources/CEd25519/keycache.c) references libsodium's ref10 internals
# weakly; in the release library they must have been resolved from the static libsodium (a weak
# symbol left undefined would switch the cache off: every verify slower by the key's
# decompression, ~8 %). Its own ced25519_ functions are not exported: check 2 holds the exports
# to the header.
weak=$(sodium_internals_undefined "$lib")
if [ -z "$weak" ]; then ok "libsodium's ref10 internals linked in (the Ed25519 key cache is usable)"
else bad "libsodium internals left undefined (key cache off): $(echo $weak)"; fi

# 3. No Foundation in shipped Swift code.
# 4. Release-build strictness: -z nodelete (the library stays mapped after dlclose, so the
# thread-local error message's destructor is still there at thread exit), and the static-deps
# step fails loudly rather than leaving a dependency dynamic.
if readelf -d "$lib" | grep -E 'FLAGS_1' | grep -q NODELETE; then ok "linked with -z nodelete (DF_1_NODELETE)"
else bad "not linked with -z nodelete (FLAGS_1 lacks NODELETE)"; fi
probe=$(mktemp -d)
if msg=$(bash scripts/static_deps.sh "$probe" tenuo-no-such-package 2>&1); then
    bad "static_deps.sh succeeded for a package that does not exist"
elif grep -q 'static_deps: ERROR: tenuo-no-such-package: not installed' <<<"$msg"; then
    ok "static_deps.sh fails with a clear message when a static dependency is missing"
else bad "static_deps.sh failed without the expected message: $msg"; fi
mkdir -p "$probe/pc" "$probe/lib"   # a package whose static archive is missing
printf 'libdir=%s\nName: tenuo-probe\nDescription: probe\nVersion: 1\nLibs: -L${libdir} -ltenuoprobe\n' "$probe/lib" > "$probe/pc/tenuo-probe.pc"
: > "$probe/lib/libtenuoprobe.so"
if msg=$(PKG_CONFIG_PATH="$probe/pc" bash scripts/static_deps.sh "$probe/out" tenuo-probe 2>&1); then
    bad "static_deps.sh succeeded although tenuo-probe has no static archive"
elif grep -q 'static_deps: ERROR: tenuo-probe: .*libtenuoprobe.a missing' <<<"$msg"; then
    ok "static_deps.sh fails with a clear message when a static archive is missing"
else bad "static_deps.sh failed without the expected message: $msg"; fi
rm -rf "$probe"

found=$(grep -rnE '^[[:space:]]*(@[A-Za-z_]+[[:space:]]+)*((public|internal|package|private|fileprivate)[[:space:]]+)?import[[:space:]]+(struct[[:space:]]+|class[[:space:]]+|func[[:space:]]+|enum[[:space:]]+)?Foundation' Sources/ || true)
if [ -z "$found" ]; then ok "no 'import Foundation*' under Sources/"
else bad "Foundation imported under Sources/:"; echo "$found"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
