"""Build hook: put the release ``libtenuo.so`` inside the wheel (``tenuo/_lib/libtenuo.so``).

Where the library comes from, in order:

1. ``TENUO_LIBRARY`` (a path to a built libtenuo.so),
2. ``<repo>/build/lib/libtenuo.so`` (what ``make lib`` produces),
3. ``<repo>/.build/release/libtenuo.so`` (a SwiftPM release build),
4. otherwise it is built: ``make -C <repo> lib`` when the repository has a Makefile with a
   ``lib`` target, else ``swift build -c release --product tenuo -Xswiftc -static-stdlib``.
   Set ``TENUO_NO_BUILD=1`` to fail instead of building.

Nothing is compiled for Python itself: the package is pure Python over ctypes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 ships bdist_wheel itself
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # pragma: no cover - older setuptools
    from wheel.bdist_wheel import bdist_wheel  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LIB = "libtenuo.so"


def _candidates() -> list:
    env = os.environ.get("TENUO_LIBRARY")
    if env:
        return [Path(env)]
    return [REPO / "build" / "lib" / LIB, REPO / ".build" / "release" / LIB]


def _build() -> None:
    if os.environ.get("TENUO_NO_BUILD") == "1":
        return
    makefile = REPO / "Makefile"
    if makefile.is_file() and shutil.which("make") and "\nlib:" in "\n" + makefile.read_text():
        subprocess.run(["make", "-C", str(REPO), "lib"], check=True)
        return
    if (REPO / "Package.swift").is_file() and shutil.which("swift"):
        subprocess.run(
            ["swift", "build", "-c", "release", "--product", "tenuo", "-Xswiftc", "-static-stdlib"],
            cwd=REPO,
            check=True,
        )


def find_library() -> Path:
    for path in _candidates():
        if path.is_file():
            return path
    if not os.environ.get("TENUO_LIBRARY"):
        _build()
        for path in _candidates():
            if path.is_file():
                return path
    tried = "\n  - ".join(str(p) for p in _candidates())
    raise SystemExit(
        "libtenuo: no release libtenuo.so to ship. Tried:\n  - " + tried + "\n"
        "Build it first from the repository root with `make lib` (or `swift build -c release "
        "--product tenuo -Xswiftc -static-stdlib`), or set TENUO_LIBRARY=/path/to/libtenuo.so."
    )


def _warn_if_dynamic_runtime(path: Path) -> None:
    readelf = shutil.which("readelf")
    if not readelf:
        return
    out = subprocess.run([readelf, "-d", str(path)], capture_output=True, text=True).stdout
    if "libswiftCore" in out:
        print(
            f"warning: {path} links the Swift runtime dynamically; the installed package will "
            "only work where that runtime is installed. Build with -Xswiftc -static-stdlib."
        )


class BuildPyWithLibrary(build_py):
    def run(self) -> None:
        super().run()
        source = find_library()
        _warn_if_dynamic_runtime(source)
        target = Path(self.build_lib) / "tenuo" / "_lib" / LIB
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)  # follows symlinks: ships the real file
        print(f"libtenuo: shipping {source} as {target}")


class BinaryDistribution(Distribution):
    """Holds a native library, so it installs into platlib like an extension would."""

    def has_ext_modules(self) -> bool:
        return True


class PlatformWheel(bdist_wheel):
    """The wheel holds a native library: platform-specific, but no CPython ABI."""

    def get_tag(self) -> tuple:
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        return ("py3", "none", platform)


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithLibrary, "bdist_wheel": PlatformWheel},
)
