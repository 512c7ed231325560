#!/bin/bash
# Like count_instructions.sh, for the deterministic success-path ops of
# count_instructions_det_ops.py (fixed keys, ids and times, so Ed25519 verify costs the same in
# every process): instructions per call = (Ir(1200) - Ir(200)) / 1000. Not a test.
#   scripts/count_instructions_det.sh LIBDIR BINDING_REPO op...
#   ops: py_authorize py_chain4 py_chain1 py_sign raw_authorize raw_chain4 raw_sign nop
#   (raw_* are the no-argtypes ctypes calls the binding makes, with prepared arguments)
set -euo pipefail
LIB=$1; REPO=$2; shift 2
OPS="$(cd "$(dirname "$0")" && pwd)/count_instructions_det_ops.py"
PY=$(python3 -c 'import sys; print(sys.executable)')
for op in "$@"; do
  r=()
  for N in 200 1200; do
    r+=($(PYTHONHASHSEED=0 SWIFT_DETERMINISTIC_HASHING=1 TENUO_LIBRARY="$LIB/libtenuo.so" PYTHONPATH="$REPO/bindings/python" \
      valgrind --tool=callgrind --callgrind-out-file=/dev/null "$PY" "$OPS" "$op" "$N" 2>&1 \
      | grep -o "Collected : [0-9]*" | awk '{print $3}'))
  done
  echo "$op $(( (${r[1]} - ${r[0]}) / 1000 ))"
done
