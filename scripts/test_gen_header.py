#!/usr/bin/env python3
"""Self-test of scripts/gen_header.py (run by `make check-header`; Python stdlib only).

A fixture package that uses every supported Swift -> C type mapping is generated into a temporary
directory; the generated declarations are compared with the expected C text AND with the header
swiftc prints for the same fixture, and the header is compiled. Then each kind of declaration the
generator must refuse is fed to it, and the refusal message is checked. Ends with
"N passed, M failed".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import gen_header  # noqa: E402

HANDLES = """\
/// Status of fallible calls.
public typealias tenuo_status = Int32
/// A thing.
public typealias tenuo_thing_ref = OpaquePointer
/// Borrowed thing.
public typealias tenuo_thing_cref = OpaquePointer
"""

# Every mapping the ABI conventions allow, with the C the header must show for it.
FIXTURE = """\
/// Scalars.
///
/// Threads: any.
/// - Parameters:
///   - a: An Int32.
///   - f: A UInt16,
///     described on two lines.
@c public func tenuo_fx_scalars(_ a: Int32, _ b: UInt32, _ c: Int64, _ d: UInt64, _ e: UInt8, _ f: UInt16,
                                _ g: Bool, _ h: Double, _ i: UInt) -> tenuo_status { 0 }

/// Byte and text pointers.
/// - Parameter text: Some text.
/// - Returns: Nothing.
@c public func tenuo_fx_pointers(
    _ text: UnsafePointer<CChar>?,   // a trailing comment
    _ bytes: UnsafePointer<UInt8>?,
    _ buf: UnsafeMutablePointer<UInt8>?,
    _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
    _ outBytes: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?,
    _ outLen: UnsafeMutablePointer<UInt>?
) {
}

/// Scalar out-parameters and raw pointers.
@c public func tenuo_fx_outs(_ a: UnsafeMutablePointer<Int32>?, _ b: UnsafeMutablePointer<UInt64>?,
                             _ c: UnsafeMutablePointer<Bool>?, _ d: UnsafeMutablePointer<Double>?,
                             _ e: UnsafeMutableRawPointer?, _ f: UnsafeRawPointer?) -> Void {}

/// Handles in, out and back.
@c public func tenuo_fx_handles(_ t: tenuo_thing_ref?, _ c: tenuo_thing_cref?,
                                _ out: UnsafeMutablePointer<tenuo_thing_ref?>?,
                                _ many: UnsafePointer<tenuo_thing_cref?>?) -> tenuo_thing_ref? { nil }

/// Borrowed text back; a label and an explicit C name.
@c(tenuo_fx_renamed)
public func fxRenamed(for code: tenuo_status) -> UnsafePointer<CChar>? { nil }

/// Another attribute before @c.
@discardableResult @c public func tenuo_fx_attr() -> Int32 { 0 }

/// Not exported: not public.
@c func tenuo_fx_internal() {}

/// A size.
/// @c-macro TENUO_FX_BYTES
let fxBytes: UInt = 0x2_0

/// A callback: context, text and its length.
public typealias tenuo_fx_fn = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UInt) -> Void

/// Takes a callback and its context.
@c public func tenuo_fx_callback(_ fn: tenuo_fx_fn?, _ context: UnsafeMutableRawPointer?) -> Int32 { 0 }
"""

EXPECTED = [
    "TENUO_API tenuo_status tenuo_fx_scalars(int32_t a, uint32_t b, int64_t c, uint64_t d, uint8_t e,",
    "                                        uint16_t f, bool g, double h, size_t i);",
    "TENUO_API void tenuo_fx_pointers(const char *text, const uint8_t *bytes, uint8_t *buf,",
    "                                 char **outText, uint8_t **outBytes, size_t *outLen);",
    "TENUO_API void tenuo_fx_outs(int32_t *a, uint64_t *b, bool *c, double *d, void *e, const void *f);",
    "TENUO_API tenuo_thing *tenuo_fx_handles(tenuo_thing *t, const tenuo_thing *c, tenuo_thing **out,",
    "                                        const tenuo_thing *const *many);",
    "TENUO_API const char *tenuo_fx_renamed(tenuo_status code);",
    "TENUO_API int32_t tenuo_fx_attr(void);",
    "TENUO_API int32_t tenuo_fx_callback(tenuo_fx_fn fn, void *context);",
]


def make_root(extra: dict[str, str] | None = None, with_fixture: bool = True) -> str:
    root = tempfile.mkdtemp(prefix="genhdr-")
    core = os.path.join(root, "Sources", "TenuoCore")
    abi = os.path.join(root, "Sources", "Tenuo")
    os.makedirs(core)
    os.makedirs(abi)
    for name in ("Version.swift", "Errors.swift"):
        shutil.copy(os.path.join(ROOT, "Sources", "TenuoCore", name), core)
    files = {"Sources/Tenuo/Handles.swift": HANDLES}
    if with_fixture:
        files["Sources/Tenuo/Fixture.swift"] = FIXTURE
    files.update(extra or {})
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    return root


class Fixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.root = make_root()
        cls.gen = gen_header.generate(cls.root)

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.root)

    def test_declarations(self) -> None:
        lines = self.gen.text.split("\n")
        for want in EXPECTED:
            self.assertTrue(want in lines, f"missing from the generated header: {want!r}")
        self.assertEqual([f.name for f in self.gen.functions],
                         ["tenuo_fx_scalars", "tenuo_fx_pointers", "tenuo_fx_outs", "tenuo_fx_handles",
                          "tenuo_fx_renamed", "tenuo_fx_attr", "tenuo_fx_callback"])
        self.assertTrue(any("not public" in w for w in self.gen.warnings))
        self.assertNotIn("tenuo_fx_internal", self.gen.text)

    def test_types_and_macros(self) -> None:
        text = self.gen.text
        self.assertIn("typedef int32_t tenuo_status;", text)
        self.assertIn("typedef struct tenuo_thing tenuo_thing;", text)
        self.assertIn("typedef void (*tenuo_fx_fn)(void *, const char *, size_t);", text)
        self.assertIn("#define TENUO_FX_BYTES 32", text)
        self.assertIn("#define TENUO_OK ", text)
        self.assertRegex(text, r"#define TENUO_E_SIGNATURE_INVALID +1100\n")
        self.assertRegex(text, r'#define TENUO_VERSION_STRING "\d+\.\d+\.\d+"')
        self.assertTrue(text.isascii())

    def test_doc_comments(self) -> None:
        text = self.gen.text
        self.assertIn(" * Threads: any.\n *\n * @param a An Int32.\n * @param f A UInt16,\n *   described on two lines.\n", text)
        self.assertIn(" * Byte and text pointers.\n *\n * @param text Some text.\n * @return Nothing.\n */", text)

    def test_deterministic(self) -> None:
        self.assertEqual(gen_header.generate(self.root).text, self.gen.text)

    def test_matches_swiftc(self) -> None:
        swiftc = shutil.which("swiftc")
        self.assertIsNotNone(swiftc, "swiftc is needed to cross-check the fixture")
        out = os.path.join(self.root, "Fixture-Swift.h")
        abi = os.path.join(self.root, "Sources", "Tenuo")
        subprocess.run([swiftc, "-parse-as-library", "-typecheck", "-module-name", "Fixture",
                        os.path.join(abi, "Handles.swift"), os.path.join(abi, "Fixture.swift"),
                        "-emit-clang-header-path", out], check=True)
        self.assertEqual(gen_header.cross_check(self.gen.functions, out), [])

    def test_cross_check_catches_differences(self) -> None:
        fake = os.path.join(self.root, "fake.h")
        with open(fake, "w") as f:
            f.write("SWIFT_EXTERN char const * _Nullable tenuo_fx_renamed(int64_t code) SWIFT_NOEXCEPT;\n"
                    "SWIFT_EXTERN void tenuo_fx_outs(int32_t * _Nullable a) SWIFT_NOEXCEPT;\n"
                    "SWIFT_EXTERN void tenuo_fx_extra(void) SWIFT_NOEXCEPT;\n")
        problems = "\n".join(gen_header.cross_check(self.gen.functions, fake))
        self.assertIn("tenuo_fx_renamed: parameter code: 'int32_t' vs compiler 'int64_t'", problems)
        self.assertIn("tenuo_fx_outs: 6 parameters vs compiler 1", problems)
        self.assertIn("tenuo_fx_extra: exported by the compiler but missing", problems)
        self.assertIn("tenuo_fx_scalars: generated, but the compiler does not export it", problems)

    def test_header_compiles(self) -> None:
        path = os.path.join(self.root, "tenuo.h")
        with open(path, "w") as f:
            f.write(self.gen.text)
        src = os.path.join(self.root, "t.c")
        with open(src, "w") as f:
            f.write('#include "tenuo.h"\nint main(void) { return (int)sizeof(tenuo_status) - 4; }\n')
        cc = os.environ.get("CC", "cc")
        subprocess.run([cc, "-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only",
                        "-I", self.root, src], check=True)


BAD_CASES = {
    "int": ("/// d\n@c public func tenuo_x(_ n: Int) {}\n", "Int is ptrdiff_t"),
    "string": ("/// d\n@c public func tenuo_x(_ s: String) {}\n", "has no C mapping"),
    "opaque": ("/// d\n@c public func tenuo_x(_ p: OpaquePointer?) {}\n", "tenuo_<name>_ref"),
    "nonoptional_ptr": ("/// d\n@c public func tenuo_x(_ p: UnsafePointer<UInt8>) {}\n", "must be optional"),
    "nonoptional_handle": ("/// d\n@c public func tenuo_x(_ p: tenuo_thing_ref) {}\n", "must be optional"),
    "nonoptional_inner": ("/// d\n@c public func tenuo_x(_ p: UnsafeMutablePointer<UnsafeMutablePointer<CChar>>?) {}\n",
                          "must be optional"),
    "optional_scalar": ("/// d\n@c public func tenuo_x(_ n: Int32?) {}\n", "optional scalar"),
    "iuo": ("/// d\n@c public func tenuo_x(_ p: UnsafePointer<UInt8>!) {}\n", "implicitly unwrapped"),
    "cdecl": ('/// d\n@_cdecl("tenuo_x") public func x() {}\n', "@_cdecl"),
    "no_doc": ("@c public func tenuo_x() {}\n", "no /// doc comment"),
    "doc_not_adjacent": ("/// d\nlet y = 1\n@c public func tenuo_x() {}\n", "no /// doc comment"),
    "bad_name": ("/// d\n@c public func tenuoX() {}\n", "must match tenuo_"),
    "unnamed": ("/// d\n@c public func tenuo_x(_ _: Int32) {}\n", "needs a name"),
    "doc_param": ("/// d\n/// - Parameter y: no such.\n@c public func tenuo_x(_ x: Int32) {}\n", "does not exist"),
    "enum": ("/// d\n@c public enum tenuo_e: Int32 { case a }\n", "only functions"),
    "throws": ("/// d\n@c public func tenuo_x() throws -> Int32 { 0 }\n", "cannot throw"),
    "inout": ("/// d\n@c public func tenuo_x(_ a: inout Int32) {}\n", "not allowed"),
    "void_param": ("/// d\n@c public func tenuo_x(_ a: Void) {}\n", "only valid as a return"),
    "bad_alias": ("public typealias tenuo_text = String\n", "only OpaquePointer"),
    "macro_value": ("/// d\n/// @c-macro TENUO_Y\nlet y = 3 * 4\n", "integer literal"),
    "macro_name": ("/// d\n/// @c-macro Y_BYTES\nlet y = 3\n", "must match TENUO_"),
    "macro_dup": ("/// d\n/// @c-macro TENUO_OK\nlet y = 3\n", "more than once"),
    "duplicate": ("/// d\n@c public func tenuo_fx_outs() {}\n", "also exported"),
}


class Refusals(unittest.TestCase):
    pass


def _make_refusal_test(snippet: str, needle: str):
    def test(self: unittest.TestCase) -> None:
        root = make_root({"Sources/Tenuo/Zbad.swift": snippet})
        try:
            with self.assertRaises(gen_header.GenError) as cm:
                gen_header.generate(root)
            self.assertIn(needle, str(cm.exception))
            if needle != "more than once":  # the others name the offending file and line
                self.assertIn("Zbad.swift:", str(cm.exception))
        finally:
            shutil.rmtree(root)
    return test


for _name, (_snippet, _needle) in BAD_CASES.items():
    setattr(Refusals, f"test_refuses_{_name}", _make_refusal_test(_snippet, _needle))


class ErrorsFile(unittest.TestCase):
    def test_case_without_name(self) -> None:
        root = make_root()
        try:
            path = os.path.join(root, "Sources", "TenuoCore", "Errors.swift")
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text.replace('case .ioError: return "IO_ERROR"\n', ""))
            with self.assertRaisesRegex(gen_header.GenError, "ioError has no"):
                gen_header.generate(root)
        finally:
            shutil.rmtree(root)

    def test_version_string_must_match(self) -> None:
        root = make_root()
        try:
            path = os.path.join(root, "Sources", "TenuoCore", "Version.swift")
            with open(path) as f:
                text = f.read()
            with open(path, "w") as f:
                f.write(text.replace("public static let patch: Int32 = ", "public static let patch: Int32 = 9"))
            with self.assertRaisesRegex(gen_header.GenError, "does not match"):
                gen_header.generate(root)
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if failed == 0 else 1)
