"""The public surface of kg.analyze and kg.view: explicit __all__, every name present, pyvis confined to one module."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest

import kg.analyze
import kg.view

MODULES = [f"kg.analyze.{m.name}" for m in pkgutil.iter_modules(kg.analyze.__path__)] + \
          [f"kg.view.{m.name}" for m in pkgutil.iter_modules(kg.view.__path__)]


@pytest.mark.parametrize("name", ["kg.analyze", "kg.view", *MODULES])
def test_api_all_is_explicit_and_complete(name):
    mod = importlib.import_module(name)
    assert isinstance(mod.__all__, list | tuple) and mod.__all__
    assert [n for n in mod.__all__ if not hasattr(mod, n)] == []


def test_api_only_view_html_imports_pyvis():
    root = Path(kg.__file__).parent
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py") if "import pyvis" in p.read_text("utf-8")
                   or "from pyvis" in p.read_text("utf-8"))
    assert users == ["view/html.py"]
