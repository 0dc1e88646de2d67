"""hazm's data without importing hazm: ``import hazm`` pulls in nltk (2.5 s); the text layer only needs
hazm's constant tables and its ``data/*.dat`` lexicons, read from the installed package's files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

__all__ = ["DATA", "constants"]


def _package_dir() -> Path:
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("hazm is not installed (pip install hazm)")
    return Path(next(iter(spec.submodule_search_locations)))


def _load_constants() -> ModuleType:
    spec = importlib.util.spec_from_file_location("_peyvand_hazm_constants", _package_dir() / "constants.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


DATA = _package_dir() / "data"
constants = _load_constants()
