#!/usr/bin/env python3
"""Generate include/tenuo.h, the C contract of libtenuo, from the Swift sources.

Python 3 standard library only. The output depends on the sources alone (no dates, no
paths), so `make check-header` can diff it.

What is read, and what it becomes:
  Sources/Tenuo/*.swift       every `@c public func tenuo_*` -> one declaration, with its `///`
                              comment as a `/** */` comment, grouped by file (files sorted
                              by name, functions in source order);
                              `public typealias tenuo_<x>_ref|_cref = OpaquePointer`
                              -> `typedef struct tenuo_<x> tenuo_<x>;`;
                              `public typealias tenuo_<x> = Int32` (etc.) -> scalar typedef.
  Sources/TenuoCore/Version.swift   TENUO_VERSION_*, TENUO_ABI_VERSION, TENUO_WIRE_VERSION.
  Sources/TenuoCore/Errors.swift    TENUO_OK and one TENUO_E_<NAME> per `ErrorCode` case
                              (number from `case x = N`, NAME from the `name` switch).
  Sources/**/*.swift          a `/// @c-macro NAME` line in the doc comment of a `let` with an
                              integer literal value -> `#define NAME value` (size constants).

Anything the generator does not understand (a Swift type without a C mapping, a non-optional
pointer parameter, `@_cdecl`, a missing doc comment, ...) is an error with file and line: it
never guesses.

With --compiler-header PATH (the `Tenuo-Swift.h` that swiftc prints for the Tenuo module;
SwiftPM writes it to <bin>/Tenuo.build/include/Tenuo-Swift.h on every build), the generated
declarations are checked against the compiler's: the same functions, the same parameter
names and arity, and the same C types once handles are read as `void *` (which is how the
compiler prints an OpaquePointer) and typedefs as their underlying type.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

# --------------------------------------------------------------------------------------------
# Errors


class GenError(Exception):
    """A problem in the sources (or the compiler header) that stops generation."""


def where(path: str, line: int) -> str:
    return f"{path}:{line}"


# --------------------------------------------------------------------------------------------
# C types

# Swift scalar -> C type. Only exact, platform-independent correspondences (on the LP64
# targets libtenuo supports). `Int` is deliberately absent: say Int64 or UInt (size_t).
SCALARS = {
    "Int8": "int8_t",
    "Int16": "int16_t",
    "Int32": "int32_t",
    "Int64": "int64_t",
    "UInt8": "uint8_t",
    "UInt16": "uint16_t",
    "UInt32": "uint32_t",
    "UInt64": "uint64_t",
    "UInt": "size_t",
    "Bool": "bool",
    "Double": "double",
    "Float": "float",
    "CChar": "char",
}

NULLABILITY = {"_Nullable", "_Nonnull", "_Null_unspecified"}


@dataclass(frozen=True)
class CType:
    """A C type: kind is 'void', 'scalar' (name = C type), 'typedef' (name = typedef, base =
    underlying C scalar), 'struct' (an opaque handle struct, name = tenuo_x) or 'ptr'."""

    kind: str
    name: str = ""
    base: str = ""
    pointee: Optional["CType"] = None
    pointee_const: bool = False
    # kind 'fnptr' (a function-pointer typedef, name = the typedef): its return and parameters.
    fn_ret: Optional["CType"] = None
    fn_params: tuple = ()

    def render(self) -> str:
        """The C spelling used in tenuo.h, e.g. `const char *`, `tenuo_warrant **`."""
        if self.kind != "ptr":
            return self.name
        assert self.pointee is not None
        if self.pointee.kind == "ptr":
            return self.pointee.render() + ("const *" if self.pointee_const else "*")
        return ("const " if self.pointee_const else "") + self.pointee.render() + " *"

    def compiler_tokens(self) -> list[str]:
        """Canonical east-const tokens of the type as swiftc prints it (handles are void)."""
        if self.kind == "void" or self.kind == "struct":
            return ["void"]
        if self.kind == "scalar":
            return [self.name]
        if self.kind == "typedef":
            return [self.base]
        if self.kind == "fnptr":
            assert self.fn_ret is not None
            toks = self.fn_ret.compiler_tokens() + ["(*)("]
            for i, p in enumerate(self.fn_params):
                toks += ([","] if i else []) + p.compiler_tokens()
            return toks + [")"]
        assert self.pointee is not None
        if self.pointee.kind == "struct":
            return ["void", "*"]  # a handle is an OpaquePointer: swiftc prints `void *`, const or not
        return self.pointee.compiler_tokens() + (["const"] if self.pointee_const else []) + ["*"]


def canonical_c_tokens(text: str) -> list[str]:
    """Tokens of a C type printed by swiftc, nullability dropped, `const` written east."""
    tokens = [t for t in re.findall(r"[A-Za-z_]\w*|\*", text) if t not in NULLABILITY]
    if tokens and tokens[0] == "const":
        # `const T ...` -> `T const ...` (T may be several words, e.g. `unsigned long`).
        i = 1
        while i < len(tokens) and tokens[i] not in ("*", "const"):
            i += 1
        tokens = tokens[1:i] + ["const"] + tokens[i:]
    return tokens


# --------------------------------------------------------------------------------------------
# Model


@dataclass
class Param:
    name: str
    swift_type: str
    ctype: CType


@dataclass
class Function:
    name: str
    params: list[Param]
    ret: CType
    swift_ret: str
    doc: list[str]
    path: str
    line: int


@dataclass
class Macro:
    name: str
    value: str
    doc: list[str] = field(default_factory=list)


@dataclass
class Typedefs:
    scalars: list[tuple[str, str, list[str]]] = field(default_factory=list)  # name, C base, doc
    handles: list[tuple[str, list[str]]] = field(default_factory=list)  # struct name, doc
    handle_alias: dict[str, tuple[str, bool]] = field(default_factory=dict)  # alias -> (struct, const)
    scalar_alias: dict[str, str] = field(default_factory=dict)  # alias -> C base
    # `public typealias tenuo_x = @convention(c) (...) -> R`: alias -> CType('fnptr'), and the
    # typedef lines in declaration order (name, C return, C parameters, doc).
    fn_alias: dict[str, "CType"] = field(default_factory=dict)
    fnptrs: list[tuple[str, "CType", list["CType"], list[str]]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Reading Swift


def strip_block_comments(text: str) -> str:
    """Blank out /* ... */ comments, keeping line numbers."""
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def strip_line_comment(line: str) -> str:
    """Drop a trailing // comment (string literals do not occur in signatures)."""
    i = line.find("//")
    return line if i < 0 else line[:i]


def doc_text(line: str) -> Optional[str]:
    """The text of a `///` line (one leading space removed), or None if it is not one."""
    s = line.strip()
    if not s.startswith("///"):
        return None
    body = s[3:]
    return body[1:] if body.startswith(" ") else body


def trim_doc(doc: list[str]) -> list[str]:
    while doc and not doc[0].strip():
        doc = doc[1:]
    while doc and not doc[-1].strip():
        doc = doc[:-1]
    return [d.rstrip() for d in doc]


def split_top_level(text: str, sep: str = ",") -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur))
    return [p.strip() for p in parts]


class SwiftTypeMapper:
    def __init__(self, typedefs: Typedefs):
        self.t = typedefs

    SUPPORTED = (
        "Int8/16/32/64, UInt8/16/32/64, UInt (size_t), Bool, Double, Float, tenuo_* typealiases, "
        "UnsafePointer<T>?, UnsafeMutablePointer<T>?, UnsafeRawPointer?, UnsafeMutableRawPointer?, "
        "Void"
    )

    def map(self, swift: str, position: str, ctx: str) -> CType:
        """position: 'param', 'return' or 'pointee'."""
        s = re.sub(r"\s+", "", swift)
        if not s:
            raise GenError(f"{ctx}: missing type")
        optional = False
        if s.endswith("?"):
            optional, s = True, s[:-1]
        elif s.startswith("Optional<") and s.endswith(">"):
            optional, s = True, s[len("Optional<"):-1]
        if s.endswith("!"):
            raise GenError(f"{ctx}: implicitly unwrapped optional '{swift}' is not allowed; write '?'")

        def need_optional(what: str) -> None:
            if not optional and position != "return":
                raise GenError(
                    f"{ctx}: pointer type '{swift}' must be optional ('{swift}?'): C callers can "
                    f"pass NULL, and a non-optional {what} would make that undefined behaviour"
                )

        def no_optional() -> None:
            if optional:
                raise GenError(f"{ctx}: '{swift}' is an optional scalar, which C cannot express")

        if s in ("Void", "()"):
            no_optional()
            if position != "return":
                raise GenError(f"{ctx}: 'Void' is only valid as a return type")
            return CType("void", "void")
        if s in SCALARS:
            no_optional()
            return CType("scalar", SCALARS[s])
        if s in self.t.scalar_alias:
            no_optional()
            return CType("typedef", s, base=self.t.scalar_alias[s])
        if s in self.t.fn_alias:
            need_optional("function pointer")
            return self.t.fn_alias[s]
        if s in self.t.handle_alias:
            need_optional("handle")
            struct, const = self.t.handle_alias[s]
            return CType("ptr", pointee=CType("struct", struct), pointee_const=const)
        if s in ("UnsafeRawPointer", "UnsafeMutableRawPointer"):
            need_optional("pointer")
            return CType("ptr", pointee=CType("void", "void"), pointee_const=(s == "UnsafeRawPointer"))
        m = re.fullmatch(r"(UnsafePointer|UnsafeMutablePointer)<(.+)>", s)
        if m:
            need_optional("pointer")
            inner = self.map(m.group(2), "pointee", ctx)
            if inner.kind == "void":
                raise GenError(f"{ctx}: '{swift}': use UnsafeRawPointer / UnsafeMutableRawPointer for void *")
            return CType("ptr", pointee=inner, pointee_const=(m.group(1) == "UnsafePointer"))
        hint = ""
        if s == "Int":
            hint = " (Int is ptrdiff_t in C; use Int64, or UInt for a size)"
        elif s == "OpaquePointer":
            hint = " (declare a `public typealias tenuo_<name>_ref = OpaquePointer` and use that)"
        elif s == "String":
            hint = " (take UnsafePointer<CChar>? plus a UInt length)"
        raise GenError(
            f"{ctx}: Swift type '{swift}' has no C mapping in gen_header.py{hint}. Supported: {self.SUPPORTED}"
        )


ATTR_RE = r"@\w+(?:\([^)]*\))?"
# A line that starts a `@c` declaration, possibly after other attributes (`@discardableResult @c`).
C_ATTR_LINE = r"(?:@(?!c\b)\w+(?:\([^)]*\))?\s+)*@c(?:\s*\(|\s|$)"
C_ATTR = r"(?<![\w@])@c(?:\s*\(\s*(\w*)\s*\))?(?=\s|$)"
ACCESS_WORDS = {"public", "open", "internal", "private", "fileprivate", "package"}
OTHER_MODIFIERS = {"nonisolated"}


def find_matching_paren(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return -1


def parse_exports(path: str, rel: str, mapper: SwiftTypeMapper, warnings: list[str]) -> list[Function]:
    with open(path, encoding="utf-8") as f:
        text = strip_block_comments(f.read())
    lines = text.split("\n")
    funcs: list[Function] = []
    doc: list[str] = []
    i = 0
    while i < len(lines):
        raw = lines[i]
        d = doc_text(raw)
        if d is not None:
            doc.append(d)
            i += 1
            continue
        code = strip_line_comment(raw).strip()
        if re.search(r"@_cdecl\b", code):
            raise GenError(f"{where(rel, i + 1)}: @_cdecl is not supported (Swift 6.3 prints it only for "
                           f"Objective-C); export with `@c public func`")
        if not re.match(C_ATTR_LINE, code):
            if code and not code.startswith("@"):
                doc = []  # a doc comment applies only to the declaration right after it
            i += 1
            continue
        start_line = i + 1
        sig_lines = []
        while True:
            sig_lines.append(strip_line_comment(lines[i]))
            joined = " ".join(sig_lines)
            if re.search(r"\bfunc\b", joined):
                p = joined.find("(", re.search(r"\bfunc\b", joined).end())
                close = find_matching_paren(joined, p) if p >= 0 else -1
                if close >= 0 and "{" in joined[close:]:
                    break
            elif re.search(r"\b(enum|struct|class|var|let)\b", joined):
                raise GenError(f"{where(rel, start_line)}: only functions can be exported with @c "
                               f"(use `/// @c-macro` constants or #defines for enums)")
            i += 1
            if i >= len(lines):
                raise GenError(f"{where(rel, start_line)}: unterminated @c declaration")
        i += 1
        funcs_doc, doc = doc, []
        fn = parse_signature(" ".join(sig_lines), funcs_doc, rel, start_line, mapper, warnings)
        if fn is not None:
            funcs.append(fn)
    return funcs


def parse_signature(sig: str, doc: list[str], rel: str, line: int, mapper: SwiftTypeMapper,
                    warnings: list[str]) -> Optional[Function]:
    sig = re.sub(r"\s+", " ", sig).strip()
    loc = where(rel, line)
    m = re.search(C_ATTR, sig)
    if not m:
        raise GenError(f"{loc}: cannot parse @c declaration: {sig[:120]}")
    cname = m.group(1) or None
    rest = (sig[: m.start()] + " " + sig[m.end():]).strip()
    fm = re.search(r"\bfunc\s+([A-Za-z_]\w*)\s*", rest)
    if not fm:
        raise GenError(f"{loc}: cannot parse @c declaration: {sig[:120]}")
    modifiers = rest[: fm.start()]
    words = re.sub(ATTR_RE, " ", modifiers).split()
    for w in words:
        if w not in ACCESS_WORDS and w not in OTHER_MODIFIERS:
            raise GenError(f"{loc}: unexpected modifier '{w}' on @c function")
    swift_name = fm.group(1)
    name = cname or swift_name
    if "public" not in words and "open" not in words:
        warnings.append(f"{loc}: warning: @c func {swift_name} is not public, so it is not exported; "
                        f"left out of the header")
        return None
    if not re.fullmatch(r"tenuo_[a-z0-9_]+", name):
        raise GenError(f"{loc}: exported C name '{name}' must match tenuo_[a-z0-9_]+")
    after = rest[fm.end():]
    if after.startswith("<"):
        raise GenError(f"{loc}: {name}: generic functions cannot be exported to C")
    if not after.startswith("("):
        raise GenError(f"{loc}: {name}: expected '(' after the function name")
    close = find_matching_paren(after, 0)
    params_text = after[1:close]
    tail = after[close + 1:]
    tail = tail[: tail.find("{")].strip()
    if re.search(r"\b(throws|rethrows|async)\b", tail):
        raise GenError(f"{loc}: {name}: exported functions cannot throw or be async; return a tenuo_status")
    rm = re.fullmatch(r"(?:->\s*(.+?))?\s*", tail)
    if not rm:
        raise GenError(f"{loc}: {name}: cannot parse the return clause '{tail}'")
    swift_ret = (rm.group(1) or "Void").strip()
    if swift_ret.startswith("where"):
        raise GenError(f"{loc}: {name}: generic functions cannot be exported to C")
    ret = mapper.map(swift_ret, "return", f"{loc}: {name}: return type")

    params: list[Param] = []
    for ptxt in split_top_level(params_text):
        pm = re.fullmatch(r"([A-Za-z_`][\w`]*)(?:\s+([A-Za-z_`][\w`]*))?\s*:\s*(.+?)(?:\s*=\s*.+)?", ptxt)
        if not pm:
            raise GenError(f"{loc}: {name}: cannot parse parameter '{ptxt}'")
        pname = (pm.group(2) or pm.group(1)).strip("`")
        if pname == "_":
            raise GenError(f"{loc}: {name}: parameter '{ptxt}' needs a name for the C declaration")
        ptype = pm.group(3).strip()
        if re.match(r"(inout|borrowing|consuming|sending)\b", ptype):
            raise GenError(f"{loc}: {name}: parameter '{pname}': '{ptype}' is not allowed; use a pointer")
        params.append(Param(pname, ptype, mapper.map(ptype, "param", f"{loc}: {name}: parameter '{pname}'")))
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise GenError(f"{loc}: {name}: duplicate parameter names")

    doc = trim_doc(doc)
    if not any(d.strip() for d in doc):
        raise GenError(f"{loc}: {name} has no /// doc comment (effect, ownership, errors, threads)")
    for pn in doc_param_names(doc):
        if pn not in names:
            raise GenError(f"{loc}: {name}: the doc comment describes parameter '{pn}', which does not exist "
                           f"(parameters: {', '.join(names) or 'none'})")
    return Function(name, params, ret, swift_ret, doc, rel, line)


def doc_param_names(doc: list[str]) -> list[str]:
    out, in_params = [], False
    for d in doc:
        m = re.match(r"\s*- Parameter\s+(\w+)\s*:", d)
        if m:
            out.append(m.group(1))
            continue
        if re.match(r"\s*- Parameters\s*:", d):
            in_params = True
            continue
        if in_params:
            m = re.match(r"(\s+)- (\w+)\s*:", d)
            if m:
                out.append(m.group(2))
            elif d.strip() and not d.startswith(" "):
                in_params = False
    return out


def parse_typedefs(paths: list[tuple[str, str]]) -> Typedefs:
    t = Typedefs()
    seen_structs: set[str] = set()
    for path, rel in paths:
        with open(path, encoding="utf-8") as f:
            lines = strip_block_comments(f.read()).split("\n")
        doc: list[str] = []
        for n, raw in enumerate(lines, 1):
            d = doc_text(raw)
            if d is not None:
                doc.append(d)
                continue
            code = strip_line_comment(raw).strip()
            fm = re.match(r"(?:(\w+)\s+)?typealias\s+(tenuo_\w+)\s*=\s*@convention\(c\)\s*\((.*)\)\s*->\s*(\w+)\s*$",
                          code)
            if fm:
                access, alias, params_text, ret_text = fm.groups()
                this_doc, doc = trim_doc(doc), []
                if access not in ("public", "open"):
                    raise GenError(f"{where(rel, n)}: typealias {alias} must be public (signatures use it)")
                if alias in t.fn_alias or alias in t.handle_alias or alias in t.scalar_alias:
                    raise GenError(f"{where(rel, n)}: typealias {alias} is declared twice")
                mapper = SwiftTypeMapper(t)
                ctx = f"{where(rel, n)}: {alias}"
                ret = mapper.map(ret_text, "return", ctx)
                params = [mapper.map(x, "param", ctx) for x in split_top_level(params_text)]
                t.fn_alias[alias] = CType("fnptr", alias, fn_ret=ret, fn_params=tuple(params))
                t.fnptrs.append((alias, ret, params, this_doc))
                continue
            m = re.match(r"(?:(\w+)\s+)?typealias\s+(tenuo_\w+)\s*=\s*(\w+)\s*$", code)
            if not m:
                if code:
                    doc = []
                continue
            access, alias, target = m.groups()
            this_doc, doc = trim_doc(doc), []
            if access not in ("public", "open"):
                raise GenError(f"{where(rel, n)}: typealias {alias} must be public (signatures use it)")
            if alias in t.handle_alias or alias in t.scalar_alias:
                raise GenError(f"{where(rel, n)}: typealias {alias} is declared twice")
            if target == "OpaquePointer":
                hm = re.fullmatch(r"(tenuo_[a-z0-9_]+?)_(ref|cref)", alias)
                if not hm:
                    raise GenError(f"{where(rel, n)}: handle alias {alias} must be named tenuo_<name>_ref or _cref")
                struct = hm.group(1)
                t.handle_alias[alias] = (struct, hm.group(2) == "cref")
                if struct not in seen_structs:
                    seen_structs.add(struct)
                    t.handles.append((struct, this_doc if hm.group(2) == "ref" else []))
            elif target in SCALARS:
                t.scalar_alias[alias] = SCALARS[target]
                t.scalars.append((alias, SCALARS[target], this_doc))
            else:
                raise GenError(f"{where(rel, n)}: typealias {alias} = {target}: only OpaquePointer (handles) "
                               f"and scalars ({', '.join(SCALARS)}) can be exported to C")
    return t


def parse_version(path: str, rel: str) -> list[Macro]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    vals = {}
    for key in ("major", "minor", "patch", "abi", "wire"):
        m = re.search(rf"static\s+let\s+{key}\s*:\s*Int32\s*=\s*(\d+)\s*$", text, re.M)
        if not m:
            raise GenError(f"{rel}: cannot find `static let {key}: Int32 = <number>`")
        vals[key] = int(m.group(1))
    m = re.search(r'static\s+let\s+string\s*(?::\s*String\s*)?=\s*"([^"]*)"', text)
    if not m:
        raise GenError(f'{rel}: cannot find `static let string = "<major>.<minor>.<patch>"`')
    expected = f"{vals['major']}.{vals['minor']}.{vals['patch']}"
    if m.group(1) != expected:
        raise GenError(f"{rel}: version string \"{m.group(1)}\" does not match major.minor.patch = {expected}")
    for key in ("minor", "patch"):
        if vals[key] > 99:
            raise GenError(f"{rel}: {key} = {vals[key]} does not fit TENUO_VERSION_NUMBER's two digits")
    number = vals["major"] * 10000 + vals["minor"] * 100 + vals["patch"]
    return [
        Macro("TENUO_VERSION_MAJOR", str(vals["major"])),
        Macro("TENUO_VERSION_MINOR", str(vals["minor"])),
        Macro("TENUO_VERSION_PATCH", str(vals["patch"])),
        Macro("TENUO_VERSION_NUMBER", str(number), ["major * 10000 + minor * 100 + patch"]),
        Macro("TENUO_VERSION_STRING", f'"{expected}"'),
        Macro("TENUO_ABI_VERSION", str(vals["abi"]),
              ["ABI generation; bumped only when an exported function changes incompatibly."]),
        Macro("TENUO_WIRE_VERSION", str(vals["wire"]), ["Tenuo wire format (envelope and payload) version."]),
    ]


def parse_errors(path: str, rel: str) -> list[tuple[Optional[str], Macro]]:
    """[(group comment or None, macro)] in source order."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    cases: list[tuple[Optional[str], str, int, int]] = []
    names: dict[str, str] = {}
    in_enum = False
    pending_group: Optional[str] = None
    for n, raw in enumerate(lines, 1):
        s = raw.strip()
        if re.match(r"(public\s+)?enum\s+ErrorCode\b", s):
            in_enum = True
            continue
        if not in_enum:
            continue
        if s.startswith("//") and not s.startswith("///"):
            pending_group = s[2:].strip()
            continue
        m = re.fullmatch(r"case\s+(\w+)\s*=\s*(\d+)", s)
        if m:
            cases.append((pending_group, m.group(1), int(m.group(2)), n))
            pending_group = None
            continue
        m = re.fullmatch(r'case\s+\.(\w+)\s*:\s*return\s*"([A-Z0-9_]+)"', s)
        if m:
            if m.group(1) in names:
                raise GenError(f"{where(rel, n)}: ErrorCode.{m.group(1)} is named twice")
            names[m.group(1)] = m.group(2)
    if not cases:
        raise GenError(f"{rel}: no `case name = number` lines found in enum ErrorCode")
    out: list[tuple[Optional[str], Macro]] = []
    seen_codes: dict[int, str] = {0: "OK"}
    seen_names: set[str] = {"OK"}
    for group, case, code, n in cases:
        if case not in names:
            raise GenError(f"{where(rel, n)}: ErrorCode.{case} has no `case .{case}: return \"NAME\"` in `name`")
        nm = names.pop(case)
        if code in seen_codes:
            raise GenError(f"{where(rel, n)}: code {code} of ErrorCode.{case} is already used by {seen_codes[code]}")
        if nm in seen_names:
            raise GenError(f"{where(rel, n)}: name {nm} of ErrorCode.{case} is already used")
        seen_codes[code] = nm
        seen_names.add(nm)
        out.append((group, Macro(f"TENUO_E_{nm}", str(code))))
    if names:
        raise GenError(f"{rel}: `name` has entries for unknown cases: {', '.join(sorted(names))}")
    return out


def parse_c_macros(paths: list[tuple[str, str]]) -> list[Macro]:
    out: list[Macro] = []
    for path, rel in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        doc: list[str] = []
        doc_start = 0
        for n, raw in enumerate(lines, 1):
            d = doc_text(raw)
            if d is not None:
                if not doc:
                    doc_start = n
                doc.append(d)
                continue
            if raw.strip().startswith("@"):
                continue
            marks = [re.match(r"\s*@c-macro\s+(\S+)\s*$", x) for x in doc]
            names = [m.group(1) for m in marks if m]
            stray = [x for x in doc if x.strip().startswith("@c-macro") and not re.match(r"\s*@c-macro\s+\S+\s*$", x)]
            if stray:
                raise GenError(f"{where(rel, doc_start)}: malformed @c-macro line '{stray[0].strip()}' "
                               f"(expected `/// @c-macro TENUO_NAME`)")
            if names:
                if len(names) > 1:
                    raise GenError(f"{where(rel, doc_start)}: several @c-macro lines on one declaration")
                mname = names[0]
                if not re.fullmatch(r"TENUO_[A-Z0-9_]+", mname):
                    raise GenError(f"{where(rel, doc_start)}: macro name '{mname}' must match TENUO_[A-Z0-9_]+")
                code = strip_line_comment(raw).strip()
                dm = re.fullmatch(
                    r"(?:(?:public|internal|private|fileprivate|package|static|nonisolated)\s+)*let\s+\w+"
                    r"\s*(?::\s*(\w+))?\s*=\s*(\S+)", code)
                if not dm:
                    raise GenError(f"{where(rel, n)}: @c-macro {mname} must annotate `let name: <IntType> = "
                                   f"<integer literal>`, found: {code}")
                if dm.group(1) is not None and dm.group(1) not in SCALARS:
                    raise GenError(f"{where(rel, n)}: @c-macro {mname}: type {dm.group(1)} is not an integer type")
                lit = dm.group(2).replace("_", "")
                try:
                    if not re.fullmatch(r"-?(0x[0-9a-fA-F]+|0o[0-7]+|0b[01]+|[0-9]+)", lit):
                        raise ValueError
                    value = int(lit, 0)
                except ValueError:
                    raise GenError(f"{where(rel, n)}: @c-macro {mname}: value '{dm.group(2)}' is not an integer "
                                   f"literal") from None
                text = [x for x in doc if not x.strip().startswith("@c-macro")]
                out.append(Macro(mname, str(value), trim_doc(text)))
            doc = []
    return out


# --------------------------------------------------------------------------------------------
# Python view of the ABI (bindings/python/tenuo/_abi.py)

PY_SCALARS = {
    "int8_t": "c_int8", "int16_t": "c_int16", "int32_t": "c_int32", "int64_t": "c_int64",
    "uint8_t": "c_uint8", "uint16_t": "c_uint16", "uint32_t": "c_uint32", "uint64_t": "c_uint64",
    "size_t": "c_size_t", "bool": "c_bool", "double": "c_double", "float": "c_float", "char": "c_char",
}

PYTHON_ABI_PATH = os.path.join("bindings", "python", "tenuo", "_abi.py")


def py_handle_name(struct: str) -> str:
    """`tenuo_signing_key` -> `SigningKeyP` (the ctypes pointer type of that handle)."""
    base = struct[len("tenuo_"):] if struct.startswith("tenuo_") else struct
    return "".join(w[:1].upper() + w[1:] for w in base.split("_")) + "P"


def py_ctype(t: CType) -> str:
    """The ctypes spelling of a C type, as the binding passes it.

    Text and byte inputs (`const char *`, `const uint8_t *`) are `c_char_p` (ctypes passes
    `bytes` without copying); mutable `char *` / `uint8_t *` (caller buffers, blocks to free) are
    `c_void_p`; library-allocated outputs (`char **`, `uint8_t **`) are `POINTER(c_void_p)`; a borrowed
    string output (`const char **`) is `POINTER(c_char_p)`.
    """
    if t.kind == "void":
        return "None"
    if t.kind == "scalar":
        return PY_SCALARS[t.name]
    if t.kind == "typedef":
        return PY_SCALARS[t.base]
    if t.kind == "struct":
        raise GenError(f"a handle struct {t.name} cannot be passed by value")
    if t.kind == "fnptr":
        return t.name  # a CFUNCTYPE declared by render_python under the typedef's name
    p = t.pointee
    assert p is not None
    if p.kind == "struct":
        return py_handle_name(p.name)
    if p.kind == "void":
        return "c_void_p"
    if p.kind == "scalar" and p.name in ("char", "uint8_t", "int8_t"):
        # const: an input (bytes); mutable: a caller buffer or a block the library allocated.
        return "c_char_p" if t.pointee_const else "c_void_p"
    if p.kind == "ptr":
        assert p.pointee is not None
        if p.pointee.kind == "struct":
            return f"POINTER({py_handle_name(p.pointee.name)})"
        if p.pointee.kind == "scalar" and p.pointee.name == "char" and p.pointee_const:
            return "POINTER(c_char_p)"  # a borrowed string the library lends: read as bytes
        if p.pointee.kind == "scalar" and p.pointee.name in ("char", "uint8_t"):
            return "POINTER(c_void_p)"
    return f"POINTER({py_ctype(p)})"


def py_callback_ctype(t: CType) -> str:
    """A callback parameter's ctypes spelling: scalars as usual, every pointer `c_void_p` (what
    the library lends a callback is read with `string_at`, never converted implicitly)."""
    return "c_void_p" if t.kind == "ptr" else py_ctype(t)


def render_python(version: list[Macro], sizes: list[Macro], typedefs: Typedefs,
                  errors: list[tuple[Optional[str], Macro]], funcs: list[Function]) -> str:
    out = [
        '"""The C ABI of libtenuo as ctypes data. GENERATED by scripts/gen_header.py from the Swift',
        "sources (the same parse that writes include/tenuo.h): do not edit; run `make header`.",
        "",
        "`make check-header` fails when this file is stale.",
        '"""',
        "",
        "# fmt: off",
        "from ctypes import (CFUNCTYPE, POINTER, Structure, c_bool, c_char, c_char_p, c_double, c_float, c_int8,",
        "                    c_int16, c_int32, c_int64, c_size_t, c_uint8, c_uint16, c_uint32, c_uint64,",
        "                    c_void_p)",
        "from typing import Any, Dict, List, Tuple",
        "",
        "# Version and wire constants (TENUO_VERSION_*, TENUO_ABI_VERSION, TENUO_WIRE_VERSION).",
    ]
    for m in version:
        out.append(f"{m.name} = {m.value}")
    out += ["", "# Sizes, formats and other constants (`/// @c-macro` in the Swift sources)."]
    for m in sizes:
        out.append(f"{m.name} = {m.value}")
    out += ["", "# Status codes.", "TENUO_OK = 0"]
    for _, m in errors:
        out.append(f"{m.name} = {m.value}")
    out += ["", "#: Status code -> its upper-snake name (what tenuo_status_name returns).",
            "STATUS_NAMES: Dict[int, str] = {", '    0: "OK",']
    for _, m in errors:
        out.append(f'    {m.value}: "{m.name[len("TENUO_E_"):]}",')
    out += ["}", "", "", "# Opaque handle types: a distinct ctypes pointer type per handle, so that a handle of one",
            "# kind passed where another is expected is refused by ctypes.", ""]
    handle_names = []
    for struct, _ in typedefs.handles:
        out.append(f"class {struct}(Structure):")
        out.append("    pass")
        out.append("")
        out.append("")
        handle_names.append(struct)
    for struct in handle_names:
        out.append(f"{py_handle_name(struct)} = POINTER({struct})")
    if typedefs.fnptrs:
        out += ["", "# Callback types (function-pointer typedefs): pointers a callback receives are c_void_p."]
    for alias, ret, params, _doc in typedefs.fnptrs:
        ps = "".join(", " + py_callback_ctype(p) for p in params)
        out.append(f"{alias} = CFUNCTYPE({py_ctype(ret)}{ps})")
    out += ["", "#: Handle struct name -> its pointer type.", "HANDLE_TYPES: Dict[str, Any] = {"]
    for struct in handle_names:
        out.append(f'    "{struct}": {py_handle_name(struct)},')
    out += ["}", "", "#: name -> (argtypes, restype), for every exported function, in header order.",
            "PROTOTYPES: Dict[str, Tuple[List[Any], Any]] = {"]
    for fn in funcs:
        args = ", ".join(py_ctype(p.ctype) for p in fn.params)
        out.append(f'    "{fn.name}": ([{args}], {py_ctype(fn.ret)}),')
    out += ["}", "", "#: Functions that return a tenuo_status.", "RETURNS_STATUS = frozenset({"]
    for fn in funcs:
        if fn.ret.kind == "typedef" and fn.ret.name == "tenuo_status":
            out.append(f'    "{fn.name}",')
    out += ["})", "", "#: Parameter names, as the header spells them.", "PARAMETERS: Dict[str, Tuple[str, ...]] = {"]
    for fn in funcs:
        names = "".join(f'"{p.name}", ' for p in fn.params).rstrip(", ")
        comma = "," if len(fn.params) == 1 else ""
        out.append(f'    "{fn.name}": ({names}{comma}),')
    out += ["}", ""]
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Rendering


def c_comment(doc: list[str], indent: str = "") -> list[str]:
    """Turn `///` doc lines into a /** */ block, `- Parameters:`/`- Returns:` into @param/@return."""
    out: list[str] = []
    in_params = False
    for d in doc:
        d = d.replace("*/", "*\\/").replace("/*", "/\\*")
        m = re.match(r"\s*- Parameters\s*:\s*$", d)
        if m:
            in_params = True
            continue
        if in_params:
            m = re.match(r"\s+- (\w+)\s*:\s*(.*)$", d)
            if m:
                out.append(f"@param {m.group(1)} {m.group(2)}".rstrip())
                continue
            if d.strip() and d.startswith(" "):
                out.append("  " + d.strip())
                continue
            in_params = False
        m = re.match(r"\s*- Parameter\s+(\w+)\s*:\s*(.*)$", d)
        if m:
            out.append(f"@param {m.group(1)} {m.group(2)}".rstrip())
            continue
        m = re.match(r"\s*- Returns\s*:\s*(.*)$", d)
        if m:
            out.append(f"@return {m.group(1)}".rstrip())
            continue
        out.append(d)
    # A blank line before the first @param/@return, as Doxygen and readers expect.
    for i, x in enumerate(out):
        if x.startswith(("@param", "@return")):
            if i > 0 and out[i - 1].strip():
                out.insert(i, "")
            break
    lines = [f"{indent}/**"]
    lines += [f"{indent} * {x}".rstrip() for x in out]
    lines.append(f"{indent} */")
    return lines


ASCII_PUNCTUATION = {"\u2013": "-", "\u2014": "--", "\u2192": "->", "\u2018": "'", "\u2019": "'",
                     "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2264": "<=", "\u2265": ">="}


def ascii_punctuation(text: str) -> str:
    """Spell common typographic punctuation in ASCII, so the header stays plain ASCII."""
    return "".join(ASCII_PUNCTUATION.get(ch, ch) for ch in text)


def one_line_comment(doc: list[str]) -> list[str]:
    if not doc:
        return []
    if len(doc) == 1 and len(doc[0]) < 90:
        return [f"/** {doc[0]} */"]
    return c_comment(doc)


def declaration(fn: Function, width: int = 100) -> list[str]:
    def decl(t: CType, name: str) -> str:
        s = t.render()
        return s + ("" if s.endswith("*") else " ") + name

    head = "TENUO_API " + decl(fn.ret, fn.name) + "("
    params = [decl(p.ctype, p.name) for p in fn.params] or ["void"]
    one = head + ", ".join(params) + ");"
    if len(one) <= width:
        return [one]
    lines, cur = [], head
    pad = " " * len(head)
    for i, p in enumerate(params):
        piece = p + (");" if i == len(params) - 1 else ",")
        if cur.strip() and cur not in (head,) and len(cur) + 1 + len(piece) > width:
            lines.append(cur.rstrip())
            cur = pad + piece
        else:
            cur = cur + ("" if cur == head else " ") + piece
    lines.append(cur)
    return lines


PREAMBLE = """\
/*
 * tenuo.h - the C API of libtenuo {version}: Tenuo v{wire} capability tokens
 * (Ed25519-signed CBOR "warrants" that authorize AI-agent tool calls).
 *
 * GENERATED by scripts/gen_header.py from the Swift sources; do not edit.
 * Regenerate with `make header`; CI fails when this file is stale.
 *
 * Threads. Keys, warrants, chains and revocation lists are immutable once created and may be
 * shared and used from any number of threads at once. So may authorizers: their roots never
 * change, and their revocation list and clearance requirements are replaced atomically (each
 * decision reads one consistent snapshot). A builder (mint, grant or SRL) must be used by one
 * thread at a time. Every function is reentrant; global state: the per-thread error message,
 * the handle registry, the regex cache, the verified-signature cache (thread-safe; it changes
 * what decoding costs, never what it decides; see tenuo_verify_cache_set_capacity), the audit
 * sinks and libsodium's initialisation.
 *
 * Errors. Fallible functions return a tenuo_status: TENUO_OK (0) or a TENUO_E_* code
 * (protocol failures carry the numbers of the wire-format spec's error appendix; API misuse
 * uses 1-99). Codes are only ever added, so keep a default branch. After a failure,
 * tenuo_last_error_message() gives a human-readable detail; it is per thread, so read it on
 * the thread whose call failed, before that thread's next failing call. On failure every
 * out-parameter is set to NULL or 0.
 *
 * Ownership. Handles returned by _new, _from_*, _parse, _mint and _grant functions are
 * owned by the caller and released with the matching NULL-safe tenuo_<object>_free.
 * `const char *` results are borrowed: valid while the handle they came from lives (or
 * forever, where the comment says static). Strings and byte buffers returned through
 * `char **` / `uint8_t **` out-parameters belong to the caller and must be released with
 * tenuo_string_free() / tenuo_bytes_free(), never with free(). Text is UTF-8 passed as
 * (pointer, length); output text is always NUL-terminated. Time is always an explicit
 * argument (Unix seconds); any int64_t/uint64_t value gives a status, never a trap.
 *
 * Handles. Every live handle is recorded in a registry that each function, including
 * each tenuo_*_free, consults before touching a handle argument: a pointer the library
 * never returned, a handle of another kind, a freed handle, a double free or a free
 * through the wrong _free is reported (TENUO_E_INVALID_ARGUMENT, NULL/0 from getters, or
 * nothing freed) with a message. Undefined: a freed handle's address reused by a new
 * handle (the old pointer then names the new object), a borrowed `const char *` used after
 * its handle was freed, a builder or argument set mutated from two threads at once.
 *
 * Stacks and loading. Callable from threads and coroutines with 64 KiB of stack or more (a
 * call with under 256 KiB left, or on a stack other than its thread's, runs on a library
 * thread). The library is linked with -z nodelete,
 * so dlclose() leaves it mapped. Every call's cost is linear in its inputs or bounded as
 * the README's "Cost model" states.
 */
"""


def render_header(version: list[Macro], sizes: list[Macro], typedefs: Typedefs,
                  errors: list[tuple[Optional[str], Macro]], groups: list[tuple[str, list[Function]]]) -> str:
    vmap = {m.name: m.value for m in version}
    out: list[str] = []
    out += PREAMBLE.format(version=vmap["TENUO_VERSION_STRING"].strip('"'),
                           wire=vmap["TENUO_WIRE_VERSION"]).rstrip("\n").split("\n")
    out += [
        "#ifndef TENUO_H",
        "#define TENUO_H",
        "",
        "#include <stdbool.h>",
        "#include <stddef.h>",
        "#include <stdint.h>",
        "",
        "/* Marks every public declaration; define it yourself before including to override. */",
        "#ifndef TENUO_API",
        "#  if defined(__GNUC__) || defined(__clang__)",
        '#    define TENUO_API __attribute__((visibility("default")))',
        "#  else",
        "#    define TENUO_API",
        "#  endif",
        "#endif",
        "",
        "#ifdef __cplusplus",
        'extern "C" {',
        "#endif",
        "",
    ]

    def section(title: str) -> None:
        out.extend([f"/* {'-' * 4} {title} {'-' * (86 - len(title))} */", ""])

    def macros(ms: list[Macro]) -> None:
        width = max(len(m.name) for m in ms)
        for m in ms:
            if len(m.doc) > 1:
                out.extend(c_comment(m.doc))
                out.append(f"#define {m.name} {m.value}")
            elif m.doc:
                line = f"#define {m.name.ljust(width)} {m.value.ljust(8)} /* {m.doc[0]} */"
                if len(line) > 100:
                    out.append(f"/** {m.doc[0]} */")
                    line = f"#define {m.name.ljust(width)} {m.value}"
                out.append(line)
            else:
                out.append(f"#define {m.name.ljust(width)} {m.value}")
        out.append("")

    section("Version")
    macros(version)
    if sizes:
        section("Sizes of fixed-length byte strings, in bytes")
        macros(sizes)
    section("Types")
    for name, base, doc in typedefs.scalars:
        out.extend(one_line_comment(doc))
        out.append(f"typedef {base} {name};")
        out.append("")
    if typedefs.handles:
        out.append("/* Opaque handles: `T *` is owned (or mutable), `const T *` borrowed (read-only). */")
        out.append("")
        for struct, doc in typedefs.handles:
            out.extend(one_line_comment(doc))
            out.append(f"typedef struct {struct} {struct};")
        out.append("")
    for name, ret, params, doc in typedefs.fnptrs:
        out.extend(c_comment(doc) if doc else [])
        plist = ", ".join(p.render() for p in params) or "void"
        out.append(f"typedef {ret.render()} (*{name})({plist});")
        out.append("")
    section("Status codes (tenuo_status)")
    width = max(len(m.name) for _, m in errors)
    out.append(f"#define {'TENUO_OK'.ljust(width)} 0")
    for group, m in errors:
        if group:
            out.extend(["", f"/* {group} */"])
        out.append(f"#define {m.name.ljust(width)} {m.value}")
    out.append("")
    for rel, fns in groups:
        section(f"Functions from {rel}")
        for fn in fns:
            out.extend(c_comment(fn.doc))
            out.extend(declaration(fn))
            out.append("")
    out += [
        "#ifdef __cplusplus",
        '} /* extern "C" */',
        "#endif",
        "",
        "#endif /* TENUO_H */",
    ]
    return ascii_punctuation("\n".join(out) + "\n")


# --------------------------------------------------------------------------------------------
# Cross-check against the compiler's own header


def parse_compiler_header(path: str) -> dict[str, tuple[list[str], list[tuple[list[str], str]]]]:
    """{name: (return tokens, [(param tokens, param name)])} for every SWIFT_EXTERN function."""
    out = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s.startswith("SWIFT_EXTERN "):
            continue
        p = s.find("(")
        close = find_matching_paren(s, p)
        if p < 0 or close < 0:
            raise GenError(f"{where(path, n)}: cannot parse compiler declaration: {s}")
        head = s[len("SWIFT_EXTERN "):p].strip()
        hm = re.fullmatch(r"(.*?)\s*\b([A-Za-z_]\w*)", head)
        if not hm:
            raise GenError(f"{where(path, n)}: cannot parse compiler declaration: {s}")
        ret, name = hm.group(1), hm.group(2)
        params = []
        ptext = s[p + 1:close].strip()
        if ptext != "void":
            for ps in split_top_level(ptext):
                # A function pointer: `R (* _Nullable name)(P1, P2)`.
                fm = re.fullmatch(r"(.*?)\(\s*\*\s*(?:_Nullable\s+|_Nonnull\s+)?([A-Za-z_]\w*)\s*\)\s*\((.*)\)", ps)
                if fm:
                    toks = canonical_c_tokens(fm.group(1)) + ["(*)("]
                    for i, x in enumerate(split_top_level(fm.group(3))):
                        toks += ([","] if i else []) + canonical_c_tokens(x)
                    params.append((toks + [")"], fm.group(2)))
                    continue
                pm = re.fullmatch(r"(.*?)\s*\b([A-Za-z_]\w*)", ps)
                if not pm:
                    raise GenError(f"{where(path, n)}: cannot parse parameter '{ps}' of {name}")
                params.append((canonical_c_tokens(pm.group(1)), pm.group(2)))
        if name in out:
            raise GenError(f"{where(path, n)}: {name} declared twice in the compiler header")
        out[name] = (canonical_c_tokens(ret), params)
    return out


def cross_check(funcs: list[Function], compiler_header: str) -> list[str]:
    """Problems found comparing the generated declarations with swiftc's; [] when they agree."""
    theirs = parse_compiler_header(compiler_header)
    ours = {f.name: f for f in funcs}
    problems = []
    for name in sorted(set(theirs) - set(ours)):
        problems.append(f"{name}: exported by the compiler but missing from the generated header "
                        f"(a signature gen_header.py failed to see?)")
    for name in sorted(set(ours) - set(theirs)):
        fn = ours[name]
        problems.append(f"{fn.path}:{fn.line}: {name}: generated, but the compiler does not export it")
    for name in sorted(set(ours) & set(theirs)):
        fn = ours[name]
        tret, tparams = theirs[name]
        loc = f"{fn.path}:{fn.line}: {name}"
        if fn.ret.compiler_tokens() != tret:
            problems.append(f"{loc}: return type {' '.join(fn.ret.compiler_tokens())!r} vs compiler "
                            f"{' '.join(tret)!r}")
        if len(fn.params) != len(tparams):
            problems.append(f"{loc}: {len(fn.params)} parameters vs compiler {len(tparams)}")
            continue
        for p, (ttoks, tname) in zip(fn.params, tparams):
            if p.ctype.compiler_tokens() != ttoks:
                problems.append(f"{loc}: parameter {p.name}: {' '.join(p.ctype.compiler_tokens())!r} vs "
                                f"compiler {' '.join(ttoks)!r}")
            # swiftc appends `_` to names that are Objective-C keywords (`in`, `out`, `id`, ...).
            if tname not in (p.name, p.name + "_"):
                problems.append(f"{loc}: parameter name {p.name!r} vs compiler {tname!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Driver


def swift_files(root: str, sub: str) -> list[tuple[str, str]]:
    base = os.path.join(root, sub)
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(".swift"):
                full = os.path.join(dirpath, fn)
                out.append((full, os.path.relpath(full, root)))
    return sorted(out, key=lambda x: x[1])


@dataclass
class Generated:
    text: str
    functions: list[Function]
    warnings: list[str]
    version: dict[str, str]
    python: str = ""


def generate(root: str) -> Generated:
    abi = swift_files(root, os.path.join("Sources", "Tenuo"))
    if not abi:
        raise GenError(f"{root}: no Swift files under Sources/Tenuo")
    typedefs = parse_typedefs(abi)
    mapper = SwiftTypeMapper(typedefs)
    warnings: list[str] = []
    groups = []
    all_funcs: list[Function] = []
    for path, rel in abi:
        fns = parse_exports(path, rel, mapper, warnings)
        if fns:
            groups.append((rel, fns))
            all_funcs.extend(fns)
    seen: dict[str, Function] = {}
    type_names = {s for s, _ in typedefs.handles} | set(typedefs.scalar_alias) | set(typedefs.handle_alias)
    for fn in all_funcs:
        if fn.name in seen:
            raise GenError(f"{fn.path}:{fn.line}: {fn.name} is also exported at {seen[fn.name].path}:"
                           f"{seen[fn.name].line}")
        if fn.name in type_names:
            raise GenError(f"{fn.path}:{fn.line}: {fn.name} collides with a type name")
        seen[fn.name] = fn
    vrel = os.path.join("Sources", "TenuoCore", "Version.swift")
    erel = os.path.join("Sources", "TenuoCore", "Errors.swift")
    version = parse_version(os.path.join(root, vrel), vrel)
    errors = parse_errors(os.path.join(root, erel), erel)
    sizes = parse_c_macros(swift_files(root, "Sources"))
    names = [m.name for m in version] + [m.name for m in sizes] + ["TENUO_OK"] + [m.name for _, m in errors]
    dup = sorted({n for n in names if names.count(n) > 1})
    if dup:
        raise GenError(f"macro names defined more than once: {', '.join(dup)}")
    text = render_header(version, sizes, typedefs, errors, groups)
    python = render_python(version, sizes, typedefs, errors, all_funcs)
    return Generated(text, all_funcs, warnings, {m.name: m.value for m in version}, python)


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                    help="repository root (default: the parent of scripts/)")
    ap.add_argument("-o", "--output", help="write the header here (default: stdout)")
    ap.add_argument("--check", metavar="HEADER", help="fail, showing a diff, if HEADER differs from the output")
    ap.add_argument("--compiler-header", metavar="PATH",
                    help="swiftc's Tenuo-Swift.h to cross-check the declarations against")
    ap.add_argument("--print-version", action="store_true", help="print 'major minor patch' and exit")
    ap.add_argument("--python", metavar="PATH", help=f"also write the ctypes view of the ABI here ({PYTHON_ABI_PATH})")
    ap.add_argument("--check-python", metavar="PATH", help="fail, showing a diff, if PATH differs from the ctypes view")
    args = ap.parse_args(argv)
    try:
        if args.print_version:
            vrel = os.path.join("Sources", "TenuoCore", "Version.swift")
            v = {m.name: m.value for m in parse_version(os.path.join(args.root, vrel), vrel)}
            print(v["TENUO_VERSION_MAJOR"], v["TENUO_VERSION_MINOR"], v["TENUO_VERSION_PATCH"])
            return 0
        gen = generate(args.root)
        for w in gen.warnings:
            print(w, file=sys.stderr)
        if args.compiler_header:
            if not os.path.isfile(args.compiler_header):
                raise GenError(f"compiler header {args.compiler_header} not found (build the Tenuo module first, "
                               f"e.g. `swift build --product tenuo`)")
            problems = cross_check(gen.functions, args.compiler_header)
            if problems:
                raise GenError("generated declarations disagree with the compiler's header "
                               f"{args.compiler_header}:\n  " + "\n  ".join(problems))
            print(f"gen_header: {len(gen.functions)} functions agree with the compiler's header", file=sys.stderr)
        else:
            print("gen_header: note: no --compiler-header given, declarations not cross-checked", file=sys.stderr)
        if args.check:
            try:
                with open(args.check, encoding="utf-8") as f:
                    current = f.read()
            except FileNotFoundError:
                current = ""
            if current != gen.text:
                sys.stdout.writelines(difflib.unified_diff(
                    current.splitlines(True), gen.text.splitlines(True),
                    fromfile=args.check, tofile=f"{args.check} (regenerated)"))
                print(f"gen_header: {args.check} is stale; run `make header` and commit it", file=sys.stderr)
                return 1
            print(f"gen_header: {args.check} is up to date", file=sys.stderr)
        if args.check_python:
            try:
                with open(args.check_python, encoding="utf-8") as f:
                    current = f.read()
            except FileNotFoundError:
                current = ""
            if current != gen.python:
                sys.stdout.writelines(difflib.unified_diff(
                    current.splitlines(True), gen.python.splitlines(True),
                    fromfile=args.check_python, tofile=f"{args.check_python} (regenerated)"))
                print(f"gen_header: {args.check_python} is stale; run `make header` and commit it", file=sys.stderr)
                return 1
            print(f"gen_header: {args.check_python} is up to date", file=sys.stderr)
        if args.python:
            tmp = args.python + ".tmp"
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(gen.python)
            os.replace(tmp, args.python)
        if args.output:
            tmp = args.output + ".tmp"
            os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
            with open(tmp, "w", encoding="utf-8", newline="\n") as f:
                f.write(gen.text)
            os.replace(tmp, args.output)
        elif not args.check and not args.check_python and not args.python:
            sys.stdout.write(gen.text)
        return 0
    except GenError as e:
        print(f"gen_header: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
