#!/usr/bin/env bash
# `make test`: runs every test runner in turn (continuing after a failure so that one run shows
# everything), keeps each log in build/test-logs/, and ends with a table of results, pass/fail
# counts and times. Exits non-zero if any runner failed.
set -uo pipefail
cd "$(dirname "$0")/.."
logs=build/test-logs
mkdir -p "$logs"

steps=(
    "swift-test|Swift tests (swift test)"
    "check-header|header up to date + matches swiftc"
    "check-header-compile|header compiles (C99/C11/C++17)"
    "lib|release libtenuo.so"
    "check-lib|release .so deps/exports"
    "test-smoke|C smoke test"
    "check-install|install + pkg-config app"
    "test-c|C programs + parity runner"
    "test-python|Python tests (pytest)"
    "test-cli|tenuo CLI end to end + interop"
    "test-node|Node.js binding (node --test)"
    "fuzz|libFuzzer targets, bounded (FUZZ_SECONDS each)"
    "sanitize-asan|C tests under ASan+UBSan+LSan"
    "sanitize-tsan|C threads test under TSan"
    "leakcheck|valgrind: C examples + tests, 0 leaks"
    "leak-python|Python: 10^6 calls, flat RSS"
)

# Prints "passed failed" for a runner's log, or "- -" when it reports no counts.
counts() {
    local target=$1 log=$2 line
    case $target in
    swift-test)
        local total failed xc
        total=$(sed -nE 's/.*Test run with ([0-9]+) tests?.*/\1/p' "$log" | tail -1)
        failed=$(grep -E '^✘ Test .* failed after' "$log" | grep -vc '^✘ Test run with')
        xc=$(sed -nE 's/.*Executed ([0-9]+) tests?, with ([0-9]+) failures?.*/\1 \2/p' "$log" | tail -1)
        if [ -z "$total" ] && [ -z "$xc" ]; then echo "- -"; return; fi
        total=${total:-0}; set -- ${xc:-0 0}
        echo "$((total - failed + $1 - $2)) $((failed + $2))";;
    test-python)
        line=$(grep -E '[0-9]+ (passed|failed|error)' "$log" | tail -1)
        if [ -z "$line" ]; then
            if grep -q 'skipped$' "$log"; then echo "- -"; return; fi
            echo "- -"; return
        fi
        local p f e
        p=$(sed -nE 's/.*\b([0-9]+) passed.*/\1/p' <<<"$line"); f=$(sed -nE 's/.*\b([0-9]+) failed.*/\1/p' <<<"$line")
        e=$(sed -nE 's/.*\b([0-9]+) errors?.*/\1/p' <<<"$line")
        echo "${p:-0} $(( ${f:-0} + ${e:-0} ))";;
    *)  # the sum of every "N passed, M failed" line (a step may run several runners)
        grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" |
            awk '{ p += $1; f += $3; n++ } END { if (n) print p, f; else print "- -" }';;
    esac
}

summary=() any_failed=0 t0=$SECONDS
for step in "${steps[@]}"; do
    target=${step%%|*} title=${step#*|}
    echo; echo "=================== make $target: $title ==================="
    start=$SECONDS
    make --no-print-directory "$target" 2>&1 | tee "$logs/$target.log"
    rc=${PIPESTATUS[0]}
    secs=$((SECONDS - start))
    read -r p f < <(counts "$target" "$logs/$target.log")
    status=PASS
    if [ "$rc" -ne 0 ] || { [ "$f" != "-" ] && [ "$f" -gt 0 ]; }; then status=FAIL any_failed=1
    elif grep -q ': skipped$' "$logs/$target.log"; then status=SKIP; fi
    summary+=("$(printf '%-22s %-4s %7s %7s %6ss  %s' "$target" "$status" "$p" "$f" "$secs" "$title")")
done

echo; echo "=================== summary (logs in $logs/) ==================="
printf '%-22s %-4s %7s %7s %7s  %s\n' step result passed failed time ""
printf '%s\n' "${summary[@]}"
echo "total time: $((SECONDS - t0))s"
if [ "$any_failed" -ne 0 ]; then echo "make test: FAILED"; exit 1; fi
echo "make test: all passed"
