"""The page as text: self-contained (no network resource), UTF-8, article text only inside escaped JSON."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app
from kg.view import iframe, render_html, to_view_data, write_html

SMALL = Path(__file__).resolve().parent / "data" / "small.trig"


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


def test_view_page_is_self_contained(small_graph):
    page = render_html(to_view_data(small_graph))
    p = _Refs()
    p.feed(page)
    assert p.refs == []  # no script, stylesheet or font is fetched from anywhere
    assert "bootstrap" not in page and "cdnjs" not in page and "jsdelivr" not in page
    assert "default-src 'none'" in page
    assert re.search(r"src: url\(data:font/woff2;base64,[A-Za-z0-9+/=]{1000,}\)", page)
    assert "vis.Network" in page  # vis-network is inlined


def test_view_page_has_no_markup_from_articles(small_graph):
    page = render_html(to_view_data(small_graph))
    assert "<img src=x" not in page and "<script>window" not in page and "<b>باید" not in page
    assert "\\u003cscript\\u003ewindow.__xss" in page  # present, as inert escaped JSON
    p = _Refs()
    p.feed(page)
    assert "img" not in p.tags and "b" not in p.tags


def test_view_write_html_is_utf8(small_graph, tmp_path):
    path = write_html(to_view_data(small_graph), tmp_path / "sub" / "page.html")
    raw = path.read_bytes()
    assert raw.decode("utf-8") and "علی رضایی".encode() in raw
    assert b'<meta charset="utf-8">' in raw


def test_view_iframe_escapes_the_page(small_graph):
    frame = iframe(render_html(to_view_data(small_graph)))
    assert frame.startswith("<iframe srcdoc=\"") and frame.count("<") == 2  # only the iframe's own tags


def test_viz_cli_writes_page_and_reports_notices(tmp_path):
    out = tmp_path / "page.html"
    res = CliRunner().invoke(app, ["viz", str(SMALL), "-o", str(out), "--focus", "علی رضایی", "--depth", "2"])
    assert res.exit_code == 0, res.output
    assert "Focus" in res.output and out.exists()


def test_viz_cli_rejects_non_html_output(tmp_path):
    res = CliRunner().invoke(app, ["viz", str(SMALL), "-o", str(tmp_path / "page.png")])
    assert res.exit_code != 0 and "must end in .html" in str(res.exception)
