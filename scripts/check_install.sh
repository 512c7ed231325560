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
    && [ -f "$stage/opt/tenuo/lib/libtenuo.so.$version" ] && grep -qx 'prefix=/opt/tenuo' "$stage/opt/tenuo/lib/pkgconfig/tenuo.pc"; then
    ok "make install DESTDIR=... PREFIX=/opt/tenuo stages under DESTDIR, tenuo.pc says prefix=/opt/tenuo"
else bad "DESTDIR install wrong"; cat "$tmp/destdir.log"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
