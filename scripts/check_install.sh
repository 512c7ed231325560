#!/usr/bin/env bash
# Usage: check_install.sh VERSION SONAME
# Installs into a temporary PREFIX (and once more through DESTDIR), then builds
# Tests/CTests/install_app.c with nothing but `pkg-config --cflags --libs tenuo` and runs it.
# Ends with "N passed, M failed".
set -uo pipefail
version=$1 soname=$2
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
passed=0 failed=0
ok()  { echo "  ok:   $*"; passed=$((passed + 1)); }
bad() { echo "  FAIL: $*"; failed=$((failed + 1)); }

if make --no-print-directory install PREFIX="$prefix" >"$tmp/install.log" 2>&1; then ok "make install PREFIX=$prefix"
else bad "make install failed:"; cat "$tmp/install.log"; fi
missing=""
for f in include/tenuo.h lib/libtenuo.so.$version lib/$soname lib/libtenuo.so lib/pkgconfig/tenuo.pc; do
    [ -e "$prefix/$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then ok "installed header, library, symlinks $soname and libtenuo.so, tenuo.pc"
else bad "missing after install:$missing"; fi
[ "$(readlink "$prefix/lib/$soname")" = "libtenuo.so.$version" ] && [ "$(readlink "$prefix/lib/libtenuo.so")" = "$soname" ] \
    && ok "symlinks are relative: libtenuo.so -> $soname -> libtenuo.so.$version" || bad "symlinks wrong"

# The CLI: installed beside the library, found through its rpath ($ORIGIN/../lib) alone.
if [ -x "$prefix/bin/tenuo" ]; then
    out=$(env -u LD_LIBRARY_PATH "$prefix/bin/tenuo" version 2>&1)
    if grep -q "libtenuo $version" <<<"$out"; then ok "bin/tenuo runs from the prefix with no LD_LIBRARY_PATH: $(head -1 <<<"$out")"
    else bad "bin/tenuo version: $out"; fi
    lib_used=$(env -u LD_LIBRARY_PATH ldd "$prefix/bin/tenuo" | sed -n 's/.*libtenuo[^ ]* => \([^ ]*\).*/\1/p')
    [ "$(readlink -f "$lib_used")" = "$(readlink -f "$prefix/lib/libtenuo.so.$version")" ] \
        && ok "bin/tenuo loads the installed library ($lib_used)" || bad "bin/tenuo loads '$lib_used', not the prefix's library"
else bad "bin/tenuo not installed"; fi

export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
got=$(pkg-config --modversion tenuo 2>&1)
[ "$got" = "$version" ] && ok "pkg-config --modversion tenuo = $got" || bad "pkg-config --modversion tenuo: '$got', expected $version"
flags=$(pkg-config --cflags --libs tenuo)
app=$tmp/app
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -pedantic Tests/CTests/install_app.c $flags -o "$app" 2>"$tmp/cc.log"; then
    ok "cc install_app.c \$(pkg-config --cflags --libs tenuo)   [$flags]"
else bad "compiling against the installed library failed:"; cat "$tmp/cc.log"; fi
if [ -x "$app" ]; then
    needed=$(readelf -d "$app" | sed -n 's/.*(NEEDED).*\[\(libtenuo[^]]*\)\]/\1/p')
    [ "$needed" = "$soname" ] && ok "the app records NEEDED $needed" || bad "the app records NEEDED '$needed', expected $soname"
    if LD_LIBRARY_PATH=$prefix/lib "$app"; then ok "the app runs against the installed library"; else bad "the app failed"; fi
fi

stage=$tmp/stage
if make --no-print-directory install DESTDIR="$stage" PREFIX=/opt/tenuo >"$tmp/destdir.log" 2>&1 \
    && [ -f "$stage/opt/tenuo/lib/libtenuo.so.$version" ] && [ -x "$stage/opt/tenuo/bin/tenuo" ] && grep -qx 'prefix=/opt/tenuo' "$stage/opt/tenuo/lib/pkgconfig/tenuo.pc"; then
    ok "make install DESTDIR=... PREFIX=/opt/tenuo stages library and bin/tenuo under DESTDIR, tenuo.pc says prefix=/opt/tenuo"
else bad "DESTDIR install wrong"; cat "$tmp/destdir.log"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
