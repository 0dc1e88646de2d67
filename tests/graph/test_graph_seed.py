"""The seed article's facts, asserted through SPARQL on the embedded store and on exported files.

Uses the real extractor (``kg.extract.extract``); the assertions are the seed facts of the extraction issue.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.export import write_rdf
from kg.graph import build_dataset, validate_graph
from kg.graph.build import extraction_triples
from kg.io import read_articles
from kg.store import close_store, open_store, replace_graphs, result_rows, run_query

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.txt"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def extraction():
    extract = pytest.importorskip("kg.extract").extract
    (article,) = list(read_articles([SEED]))
    return extract(article)


@pytest.fixture(scope="module")
def dataset(extraction):
    return build_dataset([extraction])


@pytest.fixture(scope="module", params=["embedded-store", "trig", "jsonld", "nt"])
def source(request, extraction, dataset, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seed")
    if request.param == "embedded-store":
        ds = open_store(tmp / "seed.oxigraph", create=True)
        replace_graphs(ds, [extraction_triples(extraction)])
        close_store(ds)
        yield open_store(tmp / "seed.oxigraph", read_only=True)
        return
    yield open_store(write_rdf(dataset, tmp / f"seed.{request.param}"))


def _rows(source, query, **bindings) -> list[dict[str, str]]:
    cols, rows = result_rows(run_query(source, query, bindings=bindings or None))
    return [dict(zip(cols, r, strict=True)) for r in rows]


def test_seed_build_is_shacl_valid(dataset):
    conforms, report = validate_graph(dataset)
    assert conforms, report


def test_seed_hashemi_is_ict_minister(source):
    rows = _rows(source, "posts", name="ستار هاشمی")
    assert any(r["roleName"] == "وزیر" and r["orgName"].startswith("وزارت ارتباطات") for r in rows), rows


def test_seed_hassanzadeh_commands_greater_tehran_corps_with_honorific(source):
    rows = _rows(source, "posts", name="حسن حسن‌زاده")
    assert any(r["roleName"] == "فرمانده" and "سپاه" in r["orgName"] and "تهران بزرگ" in r["orgName"]
               for r in rows), rows
    (row,) = _rows(source, """SELECT ?label ?h WHERE { GRAPH ?g {
        ?p a pv:Person ; rdfs:label ?label ; pv:honorific ?h ; rdfs:label|skos:altLabel ?name } }""",
                   name="حسن حسن‌زاده")
    assert row == {"label": "حسن حسن‌زاده", "h": "سردار"}


def test_seed_basij_centre_is_a_unit_of_the_ministry(source):
    units = _rows(source, "units", name="وزارت ارتباطات و فناوری اطلاعات")
    assert any(r["unitName"].startswith("مرکز مقاومت بسیج") for r in units), units


def test_seed_qodratizadeh_commands_the_basij_centre(source):
    # his name lost its ZWNJ in scraping; the contract's label restores it
    rows = _rows(source, "posts", name="قدرتی‌زاده")
    assert any(r["roleName"] == "فرمانده" and r["orgName"].startswith("مرکز مقاومت بسیج") for r in rows), rows


def test_seed_omidi_is_deputy_minister_and_honoree(source):
    posts = _rows(source, "posts", name="غلامرضا امیدی")
    assert any(r["roleName"] == "معاون وزیر" and r["orgName"].startswith("وزارت ارتباطات") for r in posts), posts
    parts = _rows(source, "participants", name="فاتحان بیت‌المقدس ۳")
    assert {"attendee", "honoree"} <= {r["how"] for r in parts if r["participantName"] == "غلامرضا امیدی"}


def test_seed_gathering_on_basij_week_with_both_present_and_speaking(source):
    rows = _rows(source, """SELECT ?occasion WHERE { GRAPH ?g {
        ?e pv:occasion ?o ; rdfs:label|skos:altLabel ?name . ?o rdfs:label ?occasion } }""",
                 name="فاتحان بیت‌المقدس ۳")
    assert rows == [{"occasion": "هفته بسیج"}]
    parts = _rows(source, "participants", name="فاتحان بیت‌المقدس ۳")
    for person in ("ستار هاشمی", "حسن حسن‌زاده"):
        assert {"attendee", "speaker"} <= {r["how"] for r in parts if r["participantName"] == person}, person


def test_seed_quotes_attributed_and_said_at_the_gathering(source):
    for person in ("ستار هاشمی", "حسن حسن‌زاده"):
        quotes = _rows(source, "quotes", name=person)
        assert len(quotes) >= 3, person
        assert all(q["eventName"] == "فاتحان بیت‌المقدس ۳" for q in quotes), quotes
    texts = " ".join(q["text"] for q in _rows(source, "quotes", name="ستار هاشمی"))
    assert "پیشران جهاد علمی" in texts


def test_seed_published_by_mehr_citing_the_ministry(source):
    rows = _rows(source, """SELECT ?publisher ?cited ?date WHERE { GRAPH ?g {
        ?a a schema:NewsArticle ; schema:publisher/rdfs:label ?publisher ;
           schema:citation/rdfs:label ?cited ; schema:datePublished ?date } }""")
    assert rows == [{"publisher": "خبرگزاری مهر", "cited": "وزارت ارتباطات و فناوری اطلاعات", "date": "2025-11-29"}]


def test_seed_every_fact_has_provenance_into_the_text(source, extraction):
    rows = _rows(source, "provenance")
    assert len(rows) >= 15
    text = extraction.article.text
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["evidence"]
        assert 0 <= float(r["confidence"]) <= 1
