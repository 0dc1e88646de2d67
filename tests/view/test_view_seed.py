"""The seed article through the real pipeline: its view shows the people, their posts, the organizations and the
gathering, all drawn, offline. Tests may assert seed facts; the code under test never names them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.analyze import read_dataset, to_networkx
from kg.view import to_view_data, write_html

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.txt"


@pytest.fixture(scope="module")
def seed_view(tmp_path_factory):
    from kg.build import build_graph

    out = tmp_path_factory.mktemp("seed") / "seed.trig"
    build_graph([SEED], out)
    return to_view_data(to_networkx(read_dataset(out)), title="seed")


def test_seed_view_has_people_posts_organizations_and_the_gathering(seed_view):
    by_type: dict[str, set[str]] = {}
    for n in seed_view["nodes"]:
        by_type.setdefault(n["type"], set()).add(n["name"])
    assert {"ستار هاشمی", "غلامرضا امیدی"} <= by_type.get("person", set())
    assert any("حسن" in p and "زاده" in p for p in by_type.get("person", ()))
    assert any(p.startswith("وزیر") for p in by_type.get("post", ()))
    assert any("وزارت ارتباطات" in o for o in by_type.get("organization", ()))
    assert any("فاتحان" in e for e in by_type.get("event", ()))
    kinds = {k for e in seed_view["edges"] for k in e["kinds"]}
    assert {"holds", "in", "attended", "spoke at"} <= kinds


@pytest.mark.view
def test_seed_view_draws_in_browser(seed_view, offline_page, tmp_path):
    page = offline_page.open(write_html(seed_view, tmp_path / "seed.html"))
    assert page.evaluate("network.body.data.nodes.length") == len(seed_view["nodes"])
    page.screenshot(path=str(tmp_path / "seed.png"))
    assert offline_page.requests == [] and offline_page.errors == []
