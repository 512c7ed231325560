#!/usr/bin/env bash
# Usage: static_deps.sh OUTDIR PKG...
# For each pkg-config package whose static archive is installed, write OUTDIR/pkgconfig/PKG.pc
# that links that archive: OUTDIR/lib holds only the .a files, so `-lNAME` cannot pick the
# shared library. Building with PKG_CONFIG_PATH=OUTDIR/pkgconfig then links those libraries
# into libtenuo.so (the release library must not need libsodium or libre2 on the user's machine).
# The release library must not silently degrade: a package that is not installed, has no .a,
# or whose archive is not position-independent and cannot be rebuilt makes this script fail
# (exit 1) with a message saying what is missing, and so `make lib` fails. For a development
# build that links the shared libraries instead, run `make lib STATIC_DEPS=0` (then
# `make check-lib` fails, since the library needs libsodium/libre2 on the user's machine).
#
# An archive must be position-independent to go into a shared object. Debian's libre2.a is not
# (no -fPIC, local-exec TLS), so for re2 the script rebuilds the archive with -fPIC from the
# Debian source package of the installed libre2-dev version (see build_pic_re2; needs network
# access to the apt archive on the first run, then cached in OUTDIR/re2-build).
# `-pthread` is dropped from the generated .pc files: glibc has pthreads in libc, and SwiftPM
# refuses the flag anyway.
set -euo pipefail
die() {
    echo "static_deps: ERROR: $*" >&2
    echo "static_deps: the release libtenuo.so would need it as a shared library on the user's machine;" \
         "install the static archive (e.g. libsodium-dev, libre2-dev) or build with STATIC_DEPS=0 for development" >&2
    exit 1
}
trap 'echo "static_deps: ERROR: command failed at line $LINENO (see above); make lib stops here" >&2' ERR
out=$1; shift
mkdir -p "$out/lib" "$out/pkgconfig"
out=$(cd "$out" && pwd)
CXX=${CXX:-$(command -v clang++ || command -v c++ || echo c++)}

# Whether every object of archive $1 can be linked into a shared object whose symbols are all
# local (as libtenuo.so's version script makes them).
pic_ok() {
    local probe; probe=$(mktemp -d)
    echo '{ local: *; };' > "$probe/local.map"
    if "$CXX" -shared -o "$probe/probe.so" -Wl,--whole-archive "$1" -Wl,--no-whole-archive \
        -Wl,--version-script="$probe/local.map" -Wl,--unresolved-symbols=ignore-all >/dev/null 2>&1; then
        rm -rf "$probe"; return 0
    fi
    rm -rf "$probe"; return 1
}

# build_pic_re2 DEST: writes a position-independent libre2.a to DEST, compiled from the Debian
# source of the installed libre2-dev (same version, same Debian patches). apt fetches the source
# package and unicode-data (RE2's Unicode tables are generated from it, as Debian's build does)
# through private lists and caches, checked against the signed archive indexes of the system's
# own apt sources; nothing is installed and the system's apt state is untouched.
build_pic_re2() {
    local dest=$1 version work
    version=$(dpkg-query -W -f='${source:Version}' libre2-dev 2>/dev/null) || {
        echo "static_deps: re2: libre2-dev is not a Debian package here; cannot rebuild it"; return 1; }
    work="$out/re2-build/$version"
    if [ ! -f "$work/libre2.a" ]; then
        echo "static_deps: re2: libre2.a is not position-independent; building $version with -fPIC in $work"
        rm -rf "$work"; mkdir -p "$work/apt/lists/partial" "$work/apt/cache/archives/partial" "$work/apt/parts"
        : > "$work/apt/sources.list"
        if [ -f /etc/apt/sources.list ]; then
            sed -n 's/^deb \(.*\)/deb \1\ndeb-src \1/p' /etc/apt/sources.list >> "$work/apt/sources.list"
        fi
        for f in /etc/apt/sources.list.d/*.list; do
            [ -f "$f" ] && sed -n 's/^deb \(.*\)/deb \1\ndeb-src \1/p' "$f" >> "$work/apt/sources.list"
        done
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -f "$f" ] && sed 's/^Types:.*$/Types: deb deb-src/' "$f" > "$work/apt/parts/$(basename "$f")"
        done
        local apt=(apt-get -q -o "Dir::Etc::SourceList=$work/apt/sources.list" -o "Dir::Etc::SourceParts=$work/apt/parts"
            -o "Dir::State::Lists=$work/apt/lists" -o "Dir::Cache=$work/apt/cache" -o Debug::NoLocking=1
            -o APT::Sandbox::User=root)
        "${apt[@]}" update >/dev/null
        (cd "$work" && "${apt[@]}" source --download-only "re2=$version" >/dev/null && "${apt[@]}" download unicode-data >/dev/null)
        if command -v dpkg-source >/dev/null; then
            dpkg-source -q -x --no-check "$work"/re2_*.dsc "$work/src" >/dev/null   # hashes already checked by apt
        else
            # No dpkg-dev: unpack the upstream tarball and apply Debian's patch series ourselves.
            mkdir -p "$work/src"
            tar -xf "$work"/re2_*.orig.tar.* -C "$work/src" --strip-components=1
            tar -xf "$work"/re2_*.debian.tar.* -C "$work/src"
            if [ -f "$work/src/debian/patches/series" ]; then
                command -v patch >/dev/null || { echo "static_deps: re2: needs dpkg-source or patch"; return 1; }
                while read -r p; do
                    case "$p" in ''|'#'*) continue ;; esac
                    patch -s -p1 -d "$work/src" < "$work/src/debian/patches/$p"
                done < "$work/src/debian/patches/series"
            fi
        fi
        dpkg-deb -x "$work"/unicode-data_*.deb "$work/unicode"
        (
            cd "$work/src/re2"
            sed -i "s#^_UNICODE_DIR = .*#_UNICODE_DIR = \"$work/unicode/usr/share/unicode\"#" unicode.py
            # six is only used to open URLs; a local directory needs plain open().
            python3 -c 'import six' 2>/dev/null || sed -i 's/^from six.moves import urllib$/import urllib.request/' unicode.py
            python3 make_unicode_casefold.py > unicode_casefold.cc
            python3 make_unicode_groups.py > unicode_groups.cc
            perl make_perl_groups.pl > perl_groups.cc
        )
        mkdir -p "$work/obj"
        local src
        for src in util/rune util/strutil re2/bitstate re2/compile re2/dfa re2/filtered_re2 re2/mimics_pcre re2/nfa \
            re2/onepass re2/parse re2/perl_groups re2/prefilter re2/prefilter_tree re2/prog re2/re2 re2/regexp re2/set \
            re2/simplify re2/stringpiece re2/tostring re2/unicode_casefold re2/unicode_groups; do
            echo "$src"
        done | xargs -P "$(nproc 2>/dev/null || echo 2)" -I{} sh -c \
            'o=$(echo {} | tr / _).o; "$0" -c -O2 -fPIC -std=c++11 -DNDEBUG -I "$1/src" -o "$2/obj/$o" "$1/src/{}.cc"' \
            "$CXX" "$work" "$work"
        rm -f "$work/libre2.a.tmp"
        ar rcs "$work/libre2.a.tmp" "$work"/obj/*.o
        mv -f "$work/libre2.a.tmp" "$work/libre2.a"
    fi
    cp -f "$work/libre2.a" "$dest"
}

for pkg in "$@"; do
    if ! pkg-config --exists "$pkg"; then
        die "$pkg: not installed (no pkg-config file)"
    fi
    libdir=$(pkg-config --variable=libdir "$pkg")
    names=$(pkg-config --libs-only-l "$pkg" | tr ' ' '\n' | sed -n 's/^-l//p')
    links=""
    for name in $names; do
        if [ "$name" = pthread ]; then continue; fi
        if [ ! -f "$libdir/lib$name.a" ]; then
            die "$pkg: $libdir/lib$name.a missing"
        fi
        rm -f "$out/lib/lib$name.a"
        if pic_ok "$libdir/lib$name.a"; then
            ln -sfn "$libdir/lib$name.a" "$out/lib/lib$name.a"
        elif [ "$pkg" = re2 ]; then
            # Not in a condition, so that `set -e` stops the script at the first failing step.
            build_pic_re2 "$out/lib/lib$name.a"
            pic_ok "$out/lib/lib$name.a" || die "re2: the rebuilt $out/lib/lib$name.a is still not position-independent"
        else
            die "$pkg: $libdir/lib$name.a is not position-independent"
        fi
        links="$links -l$name"
    done
    other=$(pkg-config --libs-only-other "$pkg" | tr ' ' '\n' | grep -vx -- '-pthread' | tr '\n' ' ' || true)
    cflags=$(pkg-config --cflags "$pkg" | tr ' ' '\n' | grep -vx -- '-pthread' | tr '\n' ' ' || true)
    cat > "$out/pkgconfig/$pkg.pc.tmp" <<PC
# Generated by scripts/static_deps.sh: $pkg linked from its static archive.
Name: $pkg
Description: $pkg (static, for the libtenuo release build)
Version: $(pkg-config --modversion "$pkg")
Cflags: $cflags
Libs: $other -L$out/lib$links
PC
    mv -f "$out/pkgconfig/$pkg.pc.tmp" "$out/pkgconfig/$pkg.pc"
done
