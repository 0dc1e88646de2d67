"""Every competency query answers correctly on the sample, the same in rdflib and in (embedded) Oxigraph."""

from __future__ import annotations

import dataclasses

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import ORG

from kg.errors import QueryError
from kg.graph import build_dataset
from kg.graph.build import extraction_triples
from kg.graph.iri import entity_iri
from kg.graph.sample import sample_extractions
from kg.store import (
    coerce_binding,
    competency_queries,
    inline_values,
    load_query,
    memory_store,
    open_store,
    prepare_query,
    replace_graphs,
    result_rows,
    run_query,
)
from kg.types import Entity, Evidence, Relation

KAZEMI, NIKPUR, RASTEGAR = "مریم کاظمی‌فر", "بهرام نیک‌پور", "علی رستگار"
MINISTRY, UNIT, OFFICE = "وزارت نیرو", "یگان حفاظت وزارت نیرو", "اداره حراست یگان حفاظت"
SUMMIT, COUNCIL = "همایش سالانه انرژی", "نشست شورای آب"


def _third():
    """A third article stating a unit of a unit from article one: a two-article chain for CQ4.

    The unit it hangs under is named in full (a bare «اداره حراست …» would be some office of this article only:
    docs/identity.md), so both articles mean the same unit."""
    ex = sample_extractions()[1]
    ents = (Entity("x", "Organization", "دفتر فنی", "دفتر فنی"),
            Entity("o2", "Organization", UNIT, UNIT))
    ev = Evidence(0, 10, ex.article.text[:10], 0.7, "rule:org-genitive")
    art = dataclasses.replace(ex.article, id="sample-3", text=ex.article.text + "\nدفتر فنی.")
    return dataclasses.replace(ex, article=art, entities=ents, relations=(Relation("x", "org:subOrganizationOf",
                                                                                   "o2", ev),), quotes=(),
                               publisher=None)


def _extractions():
    return [*sample_extractions(), _third()]


@pytest.fixture(scope="module", params=["rdflib", "oxigraph-memory", "oxigraph-dir"])
def source(request, tmp_path_factory):
    if request.param == "rdflib":
        return build_dataset(_extractions())
    if request.param == "oxigraph-memory":
        ds = memory_store()
    else:
        ds = open_store(tmp_path_factory.mktemp("s") / "kg.oxigraph", create=True)
    replace_graphs(ds, [extraction_triples(e) for e in _extractions()])
    return ds


def _rows(source, query, cols, **bindings):
    names, rows = result_rows(run_query(source, query, bindings=bindings or None))
    idx = [names.index(c) for c in cols]
    return sorted(tuple(r[i] for i in idx) for r in rows)


def test_query_catalog_has_the_seven_competency_questions():
    qs = competency_queries()
    assert list(qs) == ["posts", "participants", "quotes", "units", "provenance", "coparticipation", "mentions"]
    for q in qs.values():
        assert q.title and "?name" in q.text and "GRAPH ?g" in q.text
        assert "name" in q.params


def test_query_posts(source):
    assert _rows(source, "posts", ["personName", "roleName", "orgName", "former"]) == sorted([
        (KAZEMI, "وزیر", MINISTRY, "false"), (NIKPUR, "فرمانده", UNIT, "false"),
        (RASTEGAR, "معاون وزیر", MINISTRY, "true")])
    # a surname (skos:altLabel) finds the person
    assert _rows(source, "posts", ["personName"], name="نیک‌پور") == [(NIKPUR,)]


def test_query_participants(source):
    got = _rows(source, "participants", ["participantName", "how"], name=SUMMIT)
    assert got == sorted([(KAZEMI, "attendee"), (NIKPUR, "attendee"), (RASTEGAR, "attendee"), (KAZEMI, "speaker"),
                          (NIKPUR, "speaker"), (RASTEGAR, "honoree"), (MINISTRY, "organizer")])
    assert _rows(source, "participants", ["participantName", "how"], name=COUNCIL) == sorted([
        (KAZEMI, "attendee"), (RASTEGAR, "attendee"), (RASTEGAR, "speaker")])


def test_query_quotes(source):
    got = _rows(source, "quotes", ["personName", "text", "eventName", "published"])
    assert got == sorted([(KAZEMI, "آب و برق حق همه مردم است.", SUMMIT, "2024-05-03"),
                          (NIKPUR, "امنیت نیروگاه‌ها اولویت ماست.", SUMMIT, "2024-05-03"),
                          (RASTEGAR, "بحران آب جدی است.", COUNCIL, "2024-06-01")])


def test_query_units_transitive_within_and_across_articles(source):
    assert _rows(source, "units", ["unitName"], name=MINISTRY) == sorted([(UNIT,), (OFFICE,), ("دفتر فنی",)])
    assert _rows(source, "units", ["unitName"], name=UNIT) == sorted([(OFFICE,), ("دفتر فنی",)])


def test_query_provenance(source):
    got = _rows(source, "provenance", ["subjectName", "evidence", "confidence", "extractor"], predicate=ORG.holds)
    assert [(r[0], r[2]) for r in got] == sorted([(KAZEMI, "0.9"), (NIKPUR, "0.85"), (RASTEGAR, "0.8")])
    assert all(r[1] and r[3] == "rule:appositive-role" for r in got)
    names, rows = result_rows(run_query(source, "provenance", bindings={"name": "تبریز"}))
    (row,) = rows
    assert row[names.index("predicate")] == "https://schema.org/location"
    start, end = int(row[names.index("start")]), int(row[names.index("end")])
    assert sample_extractions()[0].article.text[start:end] == row[names.index("evidence")]


def test_query_coparticipation(source):
    got = _rows(source, "coparticipation", ["personName", "otherName", "events"])
    pairs = {(KAZEMI, RASTEGAR): "2", (KAZEMI, NIKPUR): "1", (NIKPUR, RASTEGAR): "1"}
    expected = sorted([(a, b, n) for (a, b), n in pairs.items()] + [(b, a, n) for (a, b), n in pairs.items()])
    assert got == expected
    assert _rows(source, "coparticipation", ["otherName", "events"], name="رستگار") == sorted([(KAZEMI, "2"),
                                                                                             (NIKPUR, "1")])


def test_query_mentions(source):
    got = _rows(source, "mentions", ["entityName", "published"], entity=entity_iri("Person", RASTEGAR))
    assert got == [(RASTEGAR, "2024-05-03"), (RASTEGAR, "2024-06-01")]


def test_query_by_file_and_text_and_cq_number(source, tmp_path):
    q = load_query("posts")
    f = tmp_path / "mine.rq"
    f.write_text(q.text, encoding="utf-8")
    a = result_rows(run_query(source, "posts"))
    assert result_rows(run_query(source, str(f))) == a
    assert result_rows(run_query(source, "cq1")) == a
    assert result_rows(run_query(source, q.text)) == a
    assert result_rows(run_query(source, "ASK { ?s ?p ?o }"))[1] == [["true"]]


@pytest.mark.parametrize("name", list(competency_queries()))
def test_query_file_as_written_is_what_runs(source, name):
    """Users and other stores read the files, not ``prepare_query``: the shipped text is the whole query (no lines
    to strip: an unbound ?name costs nothing), and a bound ?name narrows it to that name's entity (issue 14)."""
    raw = competency_queries()[name].text
    assert "# when" not in raw and prepare_query(name) == raw
    assert "VALUES (?name)" in prepare_query(name, {"name": "x"})
    assert result_rows(run_query(source, raw))[1], f"{name} answers on the sample"
    assert result_rows(run_query(source, name, bindings={"name": "نام ناموجود"}))[1] == []


def test_query_binding_cannot_inject(source):
    evil = '" } } DELETE WHERE { ?s ?p ?o } #'
    assert result_rows(run_query(source, "posts", bindings={"name": evil}))[1] == []
    with pytest.raises(QueryError, match="IRI"):
        run_query(source, "posts", bindings={"person": "http://x> } <y"})
    text = inline_values("SELECT * WHERE { ?s ?p ?name }", {"name": Literal(evil, lang="fa")})
    assert '("\\" } } DELETE' in text  # the value stays one escaped, quoted literal


def test_query_errors_are_one_line_query_errors(source):
    with pytest.raises(QueryError, match="unknown query"):
        run_query(source, "nonsense")
    with pytest.raises(QueryError, match="has no bindable"):
        run_query(source, "posts", bindings={"nope": "x"})
    with pytest.raises(QueryError) as exc:
        run_query(source, "SELECT * WHERE { ?s ?p }")
    assert "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        ("http://a/b", None, URIRef("http://a/b")),
        ("<http://a/b>", "iri", URIRef("http://a/b")),
        ("2024-05-03", None, Literal("2024-05-03", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))),
        ("رستگار", None, Literal("رستگار", lang="fa")),
        ("12", "integer", Literal(12)),
        ("plain", "string", Literal("plain")),
    ],
)
def test_query_coerce_binding(value, kind, expected):
    assert coerce_binding(value, kind) == expected
