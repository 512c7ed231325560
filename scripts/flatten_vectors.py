#!/usr/bin/env python3
"""Flattens Tests/Vectors/vectors.json into a line format a C program reads without a JSON parser.

Usage: python3 scripts/flatten_vectors.py [VECTORS_JSON] [OUT]   (OUT defaults to stdout)

Format (UTF-8, one record per case, records separated by one blank line):
    # comment lines start with '#'
    key<TAB>value
- Keys are the case's keys; nested objects are flattened with dots (`expect.code`,
  `pop.holder_seed`), except the JSON-valued fields below.
- Scalars: strings as they are, integers in decimal, booleans `true`/`false`, JSON null as `\\N`.
  In values, backslash, tab, newline and carriage return are escaped as `\\\\`, `\\t`, `\\n`, `\\r`.
- Lists of scalars repeat their key once per element, in order (`envelopes_hex`, `trusted_roots`,
  `expect.envelopes_hex`); the count of elements is also given as `<key>#` (so an empty list is
  `<key>#<TAB>0`).
- JSON-valued fields, which the C API takes as JSON text, are written as compact JSON:
  `constraint`, `parent`, `child` (one constraint each) and `tools` (the whole tool map); `tools`
  is also split into ordered pairs `tool<TAB><name>` / `tool_constraints<TAB><json>`.
- Fields already holding JSON text (`args_json`, `value_json`) pass through unchanged.
Every record starts with `id` and `kind`; the file ends with a `# cases<TAB>N` comment so the
reader can tell a truncated file.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
JSON_FIELDS = {"constraint", "parent", "child", "tools"}


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def compact(v) -> str:
    # Non-ASCII text stays UTF-8 (the C side passes it to the library unchanged).
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def scalar(v) -> str:
    if v is None:
        return "\\N"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v) if isinstance(v, float) else str(v)
    if isinstance(v, str):
        return escape(v)
    raise TypeError(f"not a scalar: {v!r}")


def flatten(prefix: str, value, out: list) -> None:
    name = prefix
    if name in JSON_FIELDS:
        out.append((name, escape(compact(value))))
        if name == "tools":
            for tool, cs in value.items():
                out.append(("tool", escape(tool)))
                out.append(("tool_constraints", escape(compact(cs))))
        return
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else k, v, out)
    elif isinstance(value, list):
        out.append((name + "#", str(len(value))))
        for v in value:
            if isinstance(v, (dict, list)):
                out.append((name, escape(compact(v))))
            else:
                out.append((name, scalar(v)))
    else:
        out.append((name, scalar(value)))


def main() -> int:
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "Vectors", "vectors.json")
    doc = json.load(open(src, encoding="utf-8"))
    cases = doc["cases"]
    lines = [f"# flattened from {os.path.relpath(os.path.abspath(src), ROOT)} by scripts/flatten_vectors.py", ""]
    for case in cases:
        pairs = [("id", escape(case["id"])), ("kind", escape(case["kind"]))]
        for k, v in case.items():
            if k in ("id", "kind"):
                continue
            flatten(k, v, pairs)
        for k, v in pairs:
            if "\t" in k or "\n" in k:
                raise ValueError(f"{case['id']}: key {k!r} holds a tab or newline")
            lines.append(f"{k}\t{v}")
        lines.append("")
    lines.append(f"# cases\t{len(cases)}")
    text = "\n".join(lines) + "\n"
    if len(sys.argv) > 2:
        tmp = sys.argv[2] + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, sys.argv[2])
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
