"""Shared fixtures for the extractor's tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.extract import load_lexicons
from kg.io import read_articles
from kg.types import Article

_DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def lexicons():
    return load_lexicons()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return _DATA


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="session")
def read_article() -> Callable[[Path], Article]:
    def read(path: Path) -> Article:
        arts = [a for a in read_articles([path]) if isinstance(a, Article)]
        assert len(arts) == 1, path
        return arts[0]

    return read
