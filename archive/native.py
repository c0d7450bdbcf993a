"""The parser compiled to C: build it, and tell whether the compiled modules match their sources.

`archive/parsing/` is plain, type-checked Python. mypyc compiles each module to an extension
module (`<name>.cpython-312-*.so`) beside its source, and Python imports an extension module in
preference to the `.py` of the same name. The compiled parser gives the same output 1.3-1.7
times faster; without a C compiler the pure-Python parser runs unchanged. The same build compiles the C of
`archive/_vector.c` (the usual case of archive.pg_vector's search vector, see there) into
`archive._vector`, and of `archive/_literals.c` (many literal strings looked for in one pass, for
the parser's publisher detection) into `archive._literals`; without them their Python runs.

    python -m archive.native build     # compile (needs mypy, setuptools and a C compiler)
    python -m archive.native clean     # remove the compiled modules: the pure parser runs
    python -m archive.native status    # "compiled", "pure" or "stale: <modules>"

A compiled module older than its source would run old code, so `status` compares each module with
the source hash recorded at build time, and a Django system check warns when they differ.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "archive" / "parsing"
MANIFEST = PACKAGE / "compiled.json"
BUILD_DIR = ROOT / ".build"
# The shared runtime library of the compiled modules; its name is fixed by `group_name`.
GROUP = "archive_parsing"
# Left as Python classes: the parser's results are plain dataclasses that pickle (the import's
# parse workers send them between processes) and that `build` fills through `__dict__`.
INTERPRETED = {"types.py"}
# Extension modules written in C, built with the parser: {source name: (module, source)}.
C_MODULES = {
    "_vector.c": ("archive._vector", ROOT / "archive" / "_vector.c"),
    "_literals.c": ("archive._literals", ROOT / "archive" / "_literals.c"),
}


def sources() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extension_files() -> list[Path]:
    """Every compiled file of the parser: the modules and their shared runtime library, and
    the C modules."""
    found = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        found += PACKAGE.glob(f"*{suffix}")
        found += ROOT.glob(f"{GROUP}__mypyc{suffix}")
        for module, source in C_MODULES.values():
            found += source.parent.glob(f"{module.rsplit('.', 1)[-1]}{suffix}")
    return sorted(set(found))


def _c_module_built(name: str, built: list[Path]) -> bool:
    module, source = C_MODULES[name]
    stem = module.rsplit(".", 1)[-1]
    return any(path.parent == source.parent and path.name.startswith(f"{stem}.") for path in built)


def status() -> str:
    """ "pure" (nothing compiled), "compiled" (every module matches its source) or
    "stale: a.py, b.py" (compiled from other source text than is there now)."""
    built = extension_files()
    if not built:
        return "pure"
    try:
        recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "stale: no record of the compiled sources"
    current = {path.name: _digest(path) for path in sources()}
    for name, (_module, source) in C_MODULES.items():
        # A build from before a C module existed, without it: its Python runs, nothing is stale.
        if name in recorded or _c_module_built(name, built):
            current[name] = _digest(source)
    changed = sorted(
        name for name in current.keys() | recorded.keys() if current.get(name) != recorded.get(name)
    )
    return f"stale: {', '.join(changed)}" if changed else "compiled"


def is_compiled() -> bool:
    """Whether the parser imported in this process is the compiled one."""
    from archive.parsing import readout

    return not readout.__file__ or not readout.__file__.endswith(".py")


def clean() -> None:
    for path in extension_files():
        path.unlink()
    MANIFEST.unlink(missing_ok=True)
    shutil.rmtree(BUILD_DIR, ignore_errors=True)


def build() -> None:
    """Compile every module of the parser in place. On failure the pure parser is left."""
    from mypyc.build import mypycify
    from setuptools import Extension, setup

    clean()
    # GCC 12 reports a false array-bounds warning inside CPython's headers, and mypyc builds
    # with -Werror.
    os.environ["CFLAGS"] = (os.environ.get("CFLAGS", "") + " -Wno-array-bounds").strip()
    paths = [str(path.relative_to(ROOT)) for path in sources() if path.name not in INTERPRETED]
    digests = {path.name: _digest(path) for path in sources()}
    digests |= {name: _digest(source) for name, (_module, source) in C_MODULES.items()}
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        modules = mypycify(paths, opt_level="3", group_name=GROUP, target_dir=str(BUILD_DIR))
        modules += [
            Extension(module, [str(source.relative_to(ROOT))], extra_compile_args=["-O2"])
            for module, source in C_MODULES.values()
        ]
        setup(
            name="archive-parser",
            packages=[],
            ext_modules=modules,
            script_args=[
                "--quiet",
                "build_ext",
                "--inplace",
                "--build-temp",
                str(BUILD_DIR / "temp"),
                "--build-lib",
                str(BUILD_DIR / "lib"),
            ],
        )
    except BaseException:
        clean()
        raise
    finally:
        os.chdir(cwd)
    MANIFEST.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "build":
        build()
        print(f"archive.parsing: {status()}")
    elif command == "clean":
        clean()
        print("archive.parsing: pure")
    elif command == "status":
        state = status()
        print(f"archive.parsing: {state}")
        return 1 if state.startswith("stale") else 0
    else:
        print(
            f"usage: python -m archive.native [build|clean|status], not {command!r}",
            file=sys.stderr,
        )
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
