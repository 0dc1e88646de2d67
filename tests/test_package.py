"""The package surface: the public names exist, and importing kg keeps hazm offline."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kg


def test_package_all_names_are_exported() -> None:
    missing = [name for name in kg.__all__ if not hasattr(kg, name)]
    assert not missing


def test_package_import_sets_hub_offline_before_hazm() -> None:
    code = (
        "import os, sys; os.environ.pop('HF_HUB_OFFLINE', None); import kg; "
        "assert os.environ['HF_HUB_OFFLINE'] == '1'; "
        "assert 'hazm' not in sys.modules, 'importing kg must not import hazm'; "
        "import kg.text; kg.text.make_doc('سلام'); print('ok')"
    )
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"


# -- the shape of the package (issue 13) and the two set-up levels (issue 16) ----------------------------------------

ROOT = Path(__file__).resolve().parents[1]


def test_package_version_is_the_installed_one() -> None:
    from kg.cli import version

    res = subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "--version"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout == f"kg (peyvand) {version()}\n"
    assert version() == kg.__version__


def test_package_store_and_export_do_not_import_the_build() -> None:
    """store only stores, export only writes: neither loads the build orchestration (nor the extractor)."""
    code = ("import sys, kg.store, kg.export, kg.store.serve, kg.store.remote; "
            "print(sorted(m for m in sys.modules if m in ('kg.build', 'kg.corpus', 'kg.extract', 'kg.parallel')))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "[]", res.stdout + res.stderr


def _imports_inside_functions(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "__getattr__":
            found += [f"{path.name}:{n.lineno}" for n in ast.walk(node)
                      if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("kg")]
    return found


def test_package_no_function_level_import_between_kg_modules_in_build_store_export() -> None:
    files = [ROOT / "kg" / "build.py", *sorted((ROOT / "kg" / "store").glob("*.py")),
             *sorted((ROOT / "kg" / "export").glob("*.py"))]
    assert [f for p in files for f in _imports_inside_functions(p)] == []


def test_package_one_exception_tree() -> None:
    """Every exception class derives from kg.errors.PeyvandError, and none shadows a class of kg/errors.py."""
    import importlib

    import kg.errors

    shadows, outside = [], []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if path.name == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(b, "id", getattr(b, "attr", "")).endswith(("Error", "Exception")) for b in node.bases):
                where = f"{path.relative_to(ROOT)}:{node.name}"
                if hasattr(kg.errors, node.name):
                    shadows.append(where)
                module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                if not issubclass(getattr(importlib.import_module(module), node.name), kg.errors.PeyvandError):
                    outside.append(where)
    assert shadows == [] and outside == []


def test_package_one_rdf_format_table() -> None:
    from kg.export import EXPORT_FORMATS
    from kg.store import FILE_FORMATS, FORMATS

    assert set(EXPORT_FORMATS) == set(FILE_FORMATS) == set(FORMATS)
    assert {FORMATS[s].rdf for s in FORMATS} == set(FILE_FORMATS.values())


def _make_dry_run(target: str, venv: Path) -> str:
    res = subprocess.run(["make", "-n", "-C", str(ROOT), target, f"VENV={venv}"], capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_package_demo_installs_the_runtime_only_and_test_adds_the_dev_extra(tmp_path: Path) -> None:
    """On a fresh clone (no .venv yet), as the README's two set-up commands run."""
    demo = _make_dry_run("demo", tmp_path / "venv")
    installs = [ln for ln in demo.splitlines() if "pip install" in ln and "--upgrade pip" not in ln]
    assert installs and all("[dev]" not in ln for ln in installs), demo
    assert any(ln.rstrip().endswith("install -q -e .") for ln in installs), demo
    test = _make_dry_run("test", tmp_path / "venv")
    assert any("install -q -e '.[dev]'" in ln for ln in test.splitlines()), test
    assert "pytest" in test


def test_package_runtime_path_needs_no_dev_extra(tmp_path: Path) -> None:
    """`make demo`'s commands run with every dev-only package made unimportable."""
    blocked = ["dask", "distributed", "playwright", "pytest", "hypothesis", "pyshacl", "nbmake", "nbclient",
               "ipykernel", "ruff"]
    code = (
        "import sys\n"
        "class Block:\n"
        f"    names = {blocked!r}\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in self.names: raise ImportError('dev-only: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from kg.cli import main\n"
        "main()\n"
    )
    out = tmp_path / "seed.trig"
    seed = ROOT / "tests" / "data" / "seed.txt"
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    build = subprocess.run([sys.executable, "-c", code, "build", str(seed), "-o", str(out)], capture_output=True,
                           text=True, timeout=600, env=env)
    assert build.returncode == 0, build.stderr
    query = subprocess.run([sys.executable, "-c", code, "query", str(out), "posts"], capture_output=True, text=True,
                           timeout=300, env=env)
    assert query.returncode == 0 and "وزیر" in query.stdout, query.stderr
