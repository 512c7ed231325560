#!/usr/bin/env bash
# The C tests of Tests/CTests under sanitizers, against sanitizer builds of libtenuo.
#
#   scripts/sanitize.sh asan   ASan + UBSan: smoke, parity over the spec and constraint case files, the
#                              approval, revocation, cache and audit runners, the
#                              mutation fuzzer (fuzz.c), threads and constraints, linked against the
#                              ASan-instrumented library of scripts/fuzz.sh (plus
#                              Tests/Fuzz/stress_threads.c) (.build/fuzz; Swift
#                              -sanitize=fuzzer,address, the C++ shim -fsanitize=address,undefined).
#                              The C programs are compiled with -fsanitize=address,undefined and
#                              -fno-sanitize-recover, LeakSanitizer on (detect_leaks=1): a leak
#                              that the C API causes fails the run.
#   scripts/sanitize.sh tsan   ThreadSanitizer: the library built with Swift -sanitize=thread
#                              (.build/tsan); Tests/CTests/threads.c and Tests/Fuzz/stress_threads.c
#                              (regex cache, IDNA table, URL/CIDR, decode, authorize from 6
#                              threads at once) with -fsanitize=thread.
#
# Each program prints "N passed, M failed"; a sanitizer report aborts the program, which is
# counted as a failure. Swift has no UBSan on Linux: the Swift code is covered by its own
# overflow/bounds traps (a trap fails the run), UBSan covers the C and C++ code.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/c_runners.sh  # C_RUNNERS and run_c_runners: the programs, shared with leakcheck.sh
. scripts/static_sodium.sh  # static libsodium (and RE2) as in the release, so the Ed25519 key cache runs

SWIFT_BIN=$(dirname "$(readlink -f "$(command -v swift)")")
# The clang (and compiler-rt) shipped with the Swift toolchain, next to swift; else clang on PATH.
CLANG=${SANITIZE_CC:-$SWIFT_BIN/clang}
[ -x "$CLANG" ] || CLANG=$(command -v clang || echo clang)
OUT=build/sanitize
CFLAGS=(-std=c11 -Wall -Wextra -Werror -pedantic -g -O1 -fno-omit-frame-pointer -fuse-ld=lld -pthread -Iinclude)
export SWIFT_BACKTRACE=enable=no
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$SWIFT_BIN/llvm-symbolizer}
export TSAN_SYMBOLIZER_PATH=${TSAN_SYMBOLIZER_PATH:-$SWIFT_BIN/llvm-symbolizer}

passed=0 failed=0
run() {  # run NAME CMD...: runs one program, counts it
    local name=$1; shift
    echo "+ $*"
    local t0=$SECONDS
    if "$@" > "$OUT/$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "  $name: ok ($(grep -E '^[0-9]+ passed' "$OUT/$name.log" | tail -1 || true)) in $((SECONDS - t0))s"
    else
        failed=$((failed + 1))
        echo "  $name: FAILED (log $OUT/$name.log):"
        grep -E 'ERROR: |SUMMARY: |runtime error|WARNING: ThreadSanitizer|FAIL|Fatal error' "$OUT/$name.log" | head -20 || true
        tail -5 "$OUT/$name.log"
    fi
}

cmd_asan() {
    local lib=.build/fuzz/release/libtenuo.so
    if [ ! -f "$lib" ] || [ "${SANITIZE_REBUILD:-1}" = 1 ]; then bash scripts/fuzz.sh build >/dev/null; fi
    mkdir -p "$OUT/asan/lib"
    ln -sfn "$PWD/$lib" "$OUT/asan/lib/libtenuo.so.0"
    ln -sfn "$PWD/$lib" "$OUT/asan/lib/libtenuo.so"
    sed -nE 's/^#define (TENUO_E_[A-Z0-9_]+) +[0-9]+.*/    { \1, "\1" },/p' include/tenuo.h > "$OUT/asan/status_table.h"
    local san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
    local link=(-L"$OUT/asan/lib" -ltenuo -Wl,-rpath,"$PWD/$OUT/asan/lib")
    for p in "${C_RUNNERS[@]}"; do
        "$CLANG" "${CFLAGS[@]}" "${san[@]}" -I"$OUT/asan" "Tests/CTests/$p.c" -o "$OUT/asan/$p" "${link[@]}"
    done
    "$CLANG" "${CFLAGS[@]}" "${san[@]}" Tests/Fuzz/stress_threads.c -o "$OUT/asan/stress_threads" "${link[@]}"
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Tests/Fuzz/lsan.supp:print_suppressions=0}
    run_c_runners run "$OUT/asan"
    run stress_threads "$OUT/asan/stress_threads"
}

cmd_tsan() {
    local bp=.build/tsan flags=(-Xswiftc -sanitize=thread -Xswiftc -g -Xcc -fsanitize=thread -Xcxx -fsanitize=thread)
    local stamp=$bp/.tenuo-flags want="${flags[*]} libsodium, re2: static"
    static_sodium_env
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" != "$want" ]; then rm -rf "$bp"; fi
    swift build --build-path "$bp" -c release --product tenuo "${flags[@]}" 2>&1 | grep -E 'error|Compiling|Build' || true
    test -f "$bp/release/libtenuo.so" || { echo "sanitize: TSan library build failed" >&2; exit 1; }
    printf '%s' "$want" > "$stamp"
    require_static_sodium "$bp/release/libtenuo.so"
    mkdir -p "$OUT/tsan/lib"
    ln -sfn "$PWD/$bp/release/libtenuo.so" "$OUT/tsan/lib/libtenuo.so.0"
    ln -sfn "$PWD/$bp/release/libtenuo.so" "$OUT/tsan/lib/libtenuo.so"
    # The toolchain's TSan runtime intercepts libdispatch, so the program links it (from Swift).
    local swiftlib
    swiftlib=$(readlink -f "$SWIFT_BIN/../lib/swift/linux")
    for src in Tests/CTests/threads.c Tests/Fuzz/stress_threads.c; do
        "$CLANG" "${CFLAGS[@]}" -fsanitize=thread "$src" -o "$OUT/tsan/$(basename "$src" .c)" \
            -L"$OUT/tsan/lib" -ltenuo -Wl,-rpath,"$PWD/$OUT/tsan/lib" \
            -L"$swiftlib" -ldispatch -lBlocksRuntime -Wl,-rpath,"$swiftlib"
    done
    export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:report_signal_unsafe=0:suppressions=$PWD/Tests/Fuzz/tsan.supp}
    run threads-tsan "$OUT/tsan/threads"
    run stress_threads-tsan "$OUT/tsan/stress_threads"
}

mkdir -p "$OUT"
case ${1:-} in
asan) cmd_asan ;;
tsan) cmd_tsan ;;
*) sed -n '2,18p' "$0"; exit 2 ;;
esac
echo "sanitize ${1}: $passed programs clean, $failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
