"""Reading hostile inputs (issue 12): broken byte-order marks, UTF-32, CR-only lines, RDF where an article should be."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.io import Article, Skipped, article_from_text, decode_bytes, not_an_article, read_articles

GOOD = "وزیر کشور در این نشست گفت: امنیت پایدار است.\n"


def test_cr_only_line_endings_keep_the_date_header() -> None:
    article = article_from_text("date 2024-03-05\r" + GOOD.replace("\n", "\r"), "mac")
    assert article.published == dt.date(2024, 3, 5)
    assert article.text == GOOD.replace("\n", "\r")


@pytest.mark.parametrize(("data", "name"), [
    (("x" + GOOD).encode("utf-16")[:-1], "UTF-16"),  # odd length: the last code unit is cut
    (b"\xff\xfe" + "سلام".encode("utf-16-le") + b"\x00\xdc", "UTF-16"),  # a lone low surrogate
    (b"\xfe\xff" + "سلام".encode("utf-16-be") + b"\xd8\x00", "UTF-16"),  # big-endian, truncated pair
    (b"\xff\xfe\x00\x00" + b"\xff\xff\xff\x7f", "UTF-32"),  # not a code point
])
def test_broken_unicode_with_a_bom_is_an_input_error(data: bytes, name: str) -> None:
    with pytest.raises(InputError, match=f"f.txt: not valid {name} despite its byte-order mark"):
        decode_bytes(data, "f.txt")


@pytest.mark.parametrize("codec", ["utf-32", "utf-32-be"])
def test_utf32_with_a_bom_decodes(codec: str) -> None:
    data = GOOD.encode(codec) if codec == "utf-32" else b"\x00\x00\xfe\xff" + GOOD.encode(codec)
    assert decode_bytes(data) == GOOD


@pytest.mark.parametrize(("text", "kind"), [
    ("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .", "Turtle/TriG"),
    ("# a comment\nPREFIX ex: <http://example.org/>\nex:g { ex:a ex:b ex:c }", "Turtle/TriG"),
    ("<http://e.org/a> <http://e.org/b> \"ج\" .\n", "N-Triples/N-Quads"),
    ("_:b0 <http://e.org/b> <http://e.org/c> <http://e.org/g> .\n", "N-Triples/N-Quads"),
    ('<?xml version="1.0"?>\n<!-- x -->\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
     "RDF/XML"),
    ('[{"@id": "http://e.org/a"}]', "JSON-LD"),
])
def test_rdf_is_not_an_article(tmp_path: Path, text: str, kind: str) -> None:
    f = tmp_path / "x.txt"
    f.write_text(text, "utf-8")
    assert not_an_article(f) == (f"an RDF graph ({kind}), not a news article: kg build reads articles; query a "
                                 "graph with `kg query FILE ...`, or load it with `kg push`")
    (skipped,) = read_articles([f])
    assert isinstance(skipped, Skipped) and f"an RDF graph ({kind})" in skipped.reason


@pytest.mark.parametrize("text", [
    GOOD,
    "<b>خبر</b> " + GOOD,  # a tag, not an IRI
    "date 2024-01-02\n" + GOOD,
    "@ایران: " + GOOD,
    "{\"id\": 1} " + GOOD,
])
def test_articles_are_not_mistaken_for_rdf(tmp_path: Path, text: str) -> None:
    f = tmp_path / "a.txt"
    f.write_text(text, "utf-8")
    assert not_an_article(f) is None
    (article,) = read_articles([f])
    assert isinstance(article, Article)


def test_not_an_article_sees_binaries_and_leaves_the_rest_to_the_reader(tmp_path: Path) -> None:
    pdf, blob, jsonl = tmp_path / "a.pdf", tmp_path / "b.bin", tmp_path / "c.jsonl"
    pdf.write_bytes(b"%PDF-1.4\n")
    blob.write_bytes(b"\x00\x01\x02")
    jsonl.write_bytes(b"\x00")
    assert not_an_article(pdf) == "binary file (PDF), not text"
    assert not_an_article(blob) == "binary file (NUL bytes), not text"
    assert not_an_article(jsonl) is None and not_an_article(tmp_path) is None
    assert not_an_article(tmp_path / "missing.txt") is None


def test_jsonl_lines_are_utf8_only(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    good = '{"id": "a", "paragraphs": ["' + GOOD.strip() + '"]}\n'
    f.write_bytes(b"\xef\xbb\xbf" + good.encode() + b"\xff\xfe{}\n" + good.replace('"a"', '"b"').encode())
    items = list(read_articles([f]))
    assert [type(i).__name__ for i in items] == ["Article", "Skipped", "Article"]
    assert items[1].source == f"{f}:2" and items[1].reason.startswith("not valid UTF-8 (bad byte at offset 0")
