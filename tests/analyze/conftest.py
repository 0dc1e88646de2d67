"""Shared fixtures for the analysis tests: the hand-written two-article TriG under tests/view/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyze import read_dataset, to_networkx

SMALL = Path(__file__).resolve().parents[1] / "view" / "data" / "small.trig"
ID = "https://w3id.org/peyvand/id/"


@pytest.fixture(scope="session")
def small_graph():
    return to_networkx(read_dataset(SMALL))
