#!/usr/bin/env bash
# valgrind memcheck over the C examples and the C test programs, against the release library:
# 0 definitely / indirectly lost bytes and 0 memory errors required (--error-exitcode).
#
#   scripts/leakcheck.sh            after `make lib`
#
# The library used is SwiftPM's unstripped output of the release build (.build/release/libtenuo.so,
# the file `make lib` strips into build/lib), loaded in place of build/lib's copy through
# LD_LIBRARY_PATH, so that reports and suppressions have symbol names. Suppressions:
# Tests/Fuzz/valgrind.supp (RE2's deliberate uninitialised sparse-array reads; the one-time IDNA
# table whose references hide in tagged enum pointers), each explained there. "Possibly lost" and
# "still reachable" blocks (the Swift runtime's one-time metadata caches) are printed, not failed.
# LEAKCHECK_VECTORS: space-separated case files for the parity runner (default: vectors.json and
# the constraint case files). The programs and their arguments come from scripts/c_runners.sh,
# shared with sanitize.sh; threads.c is left to ThreadSanitizer (valgrind serialises threads).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/c_runners.sh
C_RUNNERS_SKIP="threads"
C_RUNNER_VECTORS=${LEAKCHECK_VECTORS:-}

OUT=build/leak
LIB=.build/release/libtenuo.so
command -v valgrind >/dev/null || { echo "leakcheck: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -f "$LIB" ] && [ -f build/lib/libtenuo.so ] || { echo "leakcheck: run 'make lib' first" >&2; exit 1; }
mkdir -p "$OUT/lib"
ln -sfn "$PWD/$LIB" "$OUT/lib/libtenuo.so.0"
export LD_LIBRARY_PATH=$PWD/$OUT/lib
export SWIFT_BACKTRACE=enable=no

make --no-print-directory -C bindings/c >/dev/null
CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -pthread -Iinclude)
LINK=(-Lbuild/lib -ltenuo -Wl,-rpath,"$PWD/build/lib")
sed -nE 's/^#define (TENUO_E_[A-Z0-9_]+) +[0-9]+.*/    { \1, "\1" },/p' include/tenuo.h > "$OUT/status_table.h"
for p in "${C_RUNNERS[@]}"; do
    ${CC:-cc} "${CFLAGS[@]}" -I"$OUT" "Tests/CTests/$p.c" -o "$OUT/$p" "${LINK[@]}"
done

VG=(valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect --error-exitcode=97 --num-callers=30
    --suppressions=Tests/Fuzz/valgrind.supp)
passed=0 failed=0
check() {  # check NAME CMD...
    local name=$1; shift
    local log=$OUT/$name.log t0=$SECONDS rc=0
    "${VG[@]}" --log-file="$log.vg" "$@" > "$log" 2>&1 || rc=$?
    local def ind pos sup
    def=$(sed -nE 's/.*definitely lost: ([0-9,]+) bytes.*/\1/p' "$log.vg" | tail -1)
    ind=$(sed -nE 's/.*indirectly lost: ([0-9,]+) bytes.*/\1/p' "$log.vg" | tail -1)
    pos=$(sed -nE 's/.*possibly lost: ([0-9,]+) bytes.*/\1/p' "$log.vg" | tail -1)
    sup=$(sed -nE 's/.*suppressed: ([0-9,]+) bytes.*/\1/p' "$log.vg" | tail -1)
    local errs
    errs=$(grep -cE '^==[0-9]+== (Invalid|Conditional|Use of uninit|Syscall param|Mismatched)' "$log.vg" || true)
    printf '  %-26s definitely lost %3s  indirectly lost %3s  possibly lost %4s  suppressed %6s  errors %2s %4ss %s\n' \
        "$name" "${def:-0}" "${ind:-0}" "${pos:-0}" "${sup:-0}" "$errs" "$((SECONDS - t0))" "$([ "$rc" -eq 0 ] && echo ok || echo FAIL)"
    if [ "$rc" -eq 0 ]; then passed=$((passed + 1)); else
        failed=$((failed + 1))
        echo "leakcheck: $name failed (exit $rc; program output $log, valgrind report $log.vg):"
        grep -vE '^==[0-9]+== *$' "$log.vg" | head -60
        tail -5 "$log"
    fi
}

echo "valgrind $(valgrind --version) over the C examples and C tests (library: $LIB)"
for src in bindings/c/examples/*.c; do
    [ -f "$src" ] || continue
    name=$(basename "$src" .c)
    check "example-$name" "bindings/c/build/examples/$name"
done
run_c_runners check "$OUT"
echo "leakcheck: $passed programs with 0 leaks and 0 errors, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
