#!/bin/bash
# Like count_instructions.sh, but with the Ed25519 verifies taken out: per call, the instructions
# of the whole process and of the native call (ffi_call), each minus those inside
# crypto_sign_ed25519_verify_detached. The ops sign with fresh random keys and warrant ids in
# every process, and a verify's instruction count depends on the key and message (libsodium's
# variable-time verify: about +-6k of ~640k), which drowns changes of a few thousand
# instructions elsewhere; these two figures do not move with it. Not a test.
#   scripts/count_instructions_noverify.sh LIBDIR BINDING_REPO op...
# LIBDIR must hold an UNSTRIPPED libtenuo.so (callgrind needs libsodium's symbol names), e.g.
# the release build before `make lib` strips it: "$(swift build -c release --show-bin-path)".
# prints: op total-verify=<Python + native> native-verify=<native only> verify=<verify>
set -euo pipefail
LIB=$1; REPO=$2; shift 2
OPS="$(cd "$(dirname "$0")" && pwd)/count_instructions_ops.py"
PY=$(python3 -c 'import sys; print(sys.executable)')  # the real binary, not a pyenv shim
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
incl() {  # inclusive count of the first function matching $2 in annotation $1 (0 if none)
  local v; v=$(grep -m1 " ???:$2 " "$1" | awk '{gsub(",","",$1); print $1}') || true
  echo "${v:-0}"
}
for op in "$@"; do
  for N in 1000 3000; do
    PYTHONHASHSEED=0 SWIFT_DETERMINISTIC_HASHING=1 TENUO_LIBRARY="$LIB/libtenuo.so" PYTHONPATH="$REPO/bindings/python" \
      valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.$N" "$PY" "$OPS" "$op" "$N" >/dev/null 2>&1
    callgrind_annotate --inclusive=yes --threshold=100 "$TMP/cg.$N" > "$TMP/a.$N" 2>/dev/null
    tot=$(grep -m1 "PROGRAM TOTALS" "$TMP/a.$N" | awk '{gsub(",","",$1); print $1}')
    echo "$tot $(incl "$TMP/a.$N" ffi_call) $(incl "$TMP/a.$N" crypto_sign_ed25519_verify_detached)" > "$TMP/r.$N"
  done
  read -r t1 f1 v1 < "$TMP/r.1000"; read -r t3 f3 v3 < "$TMP/r.3000"
  if [ "$v3" = 0 ]; then echo "$op: no crypto_sign_ed25519_verify_detached symbol (stripped library?)" >&2; exit 1; fi
  echo "$op total-verify=$(( (t3 - t1 - v3 + v1) / 2000 )) native-verify=$(( (f3 - f1 - v3 + v1) / 2000 )) verify=$(( (v3 - v1) / 2000 ))"
done
