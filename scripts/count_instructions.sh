#!/bin/bash
# Instructions per call of a Python hot-path operation, measured with callgrind (load does not
# change it): runs scripts/count_instructions_ops.py with N=1000 and N=3000 and prints
# (Ir(3000) - Ir(1000)) / 2000, which removes interpreter start-up and setup. Not a test.
#   scripts/count_instructions.sh LIBDIR BINDING_REPO op...   (ops: c_deny_tool py_deny_tool
#   py_deny_nopop py_sign py_authorize; c_deny_tool is the raw ctypes call of
#   tenuo_authorizer_check_warrants for a tool the warrant lacks)
# e.g. scripts/count_instructions.sh /work/main/build/lib /work/main c_deny_tool
# Ops that verify an Ed25519 signature made with fresh random keys vary by several thousand
# instructions between processes: compare the *_fixed ops (seeded keys, fixed ids and time), or use
# scripts/count_instructions_noverify.sh, which takes the verifies out.
set -euo pipefail
LIB=$1; REPO=$2; shift 2
OPS="$(cd "$(dirname "$0")" && pwd)/count_instructions_ops.py"
PY=$(python3 -c 'import sys; print(sys.executable)')  # the real binary, not a pyenv shim
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
for op in "$@"; do
  for N in 1000 3000; do
    PYTHONHASHSEED=0 SWIFT_DETERMINISTIC_HASHING=1 TENUO_LIBRARY="$LIB/libtenuo.so" PYTHONPATH="$REPO/bindings/python" \
      valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$N" "$PY" "$OPS" "$op" "$N" 2>&1 \
      | grep -o "Collected : [0-9]*" | awk '{print $3}' > "$TMP/ir.$N"
  done
  echo "$op $(( ($(cat "$TMP/ir.3000") - $(cat "$TMP/ir.1000")) / 2000 ))"
done
