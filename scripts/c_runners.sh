# The C test programs of Tests/CTests that scripts/sanitize.sh (ASan + UBSan) and
# scripts/leakcheck.sh (valgrind) build and run, and the arguments each one takes: one list, so a
# new runner is covered by both. Sourced (bash), from the repository root.
#
#   C_RUNNERS                    the programs, Tests/CTests/<name>.c, each built on its own
#   run_c_runners CHECK DIR      calls `CHECK NAME CMD...` once per run, the programs built in DIR
#                                (case files are flattened into DIR first); parity runs once per
#                                case file, given by C_RUNNER_VECTORS (default: vectors.json and
#                                every constraints-*.json). Programs named in C_RUNNERS_SKIP
#                                (space-separated) are not run.

C_RUNNERS=(smoke parity constraints fuzz approvals revocation cache audit threads)

c_runner_skipped() {  # c_runner_skipped NAME: true when NAME is in C_RUNNERS_SKIP
    case " ${C_RUNNERS_SKIP:-} " in *" $1 "*) return 0 ;; *) return 1 ;; esac
}

run_c_runners() {
    local check=$1 dir=$2 f tsv
    c_runner_skipped smoke || "$check" smoke "$dir/smoke"
    c_runner_skipped constraints || "$check" constraints "$dir/constraints"
    c_runner_skipped fuzz || "$check" fuzz "$dir/fuzz"
    # The parity runner takes the spec vectors and the constraint case files; the approval and
    # revocation case files have runners of their own.
    if ! c_runner_skipped parity; then
        for f in ${C_RUNNER_VECTORS:-Tests/Vectors/vectors.json Tests/Vectors/constraints-*.json}; do
            tsv=$dir/$(basename "$f" .json).tsv
            python3 scripts/flatten_vectors.py "$f" "$tsv" >/dev/null
            "$check" "parity-$(basename "$f" .json)" "$dir/parity" "$tsv"
        done
    fi
    if ! c_runner_skipped approvals; then
        python3 scripts/flatten_vectors.py Tests/Vectors/approvals.json "$dir/approvals.tsv" >/dev/null
        "$check" approvals "$dir/approvals" "$dir/approvals.tsv"
    fi
    if ! c_runner_skipped revocation; then
        python3 scripts/flatten_revocation_cases.py Tests/Vectors/revocation.json "$dir/revocation.tsv" >/dev/null
        "$check" revocation "$dir/revocation" "$dir/revocation.tsv"
    fi
    c_runner_skipped cache || "$check" cache "$dir/cache"
    c_runner_skipped audit || "$check" audit "$dir/audit" Tests/Vectors/audit-events.txt
    c_runner_skipped threads || "$check" threads "$dir/threads"
}
