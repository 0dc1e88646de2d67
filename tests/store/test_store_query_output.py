"""`kg query` prints data as data (issue 12 item 5, issue 16): article text never drives the terminal or rich's
markup; a table off a terminal is TSV with whole rows; every query form answers in every --format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

KG = str(Path(sys.executable).with_name("kg"))
EVIL = "x\x1b[2Jy [/b] [red]r[/red] [link=http://e.example]l[/link] \x1b[31mred\x07"
LONG = "«" + "این یک نقل قول بسیار طولانی از یک مقام است " * 12 + "»"
LABELS = "SELECT ?l WHERE { GRAPH ?g { ?s rdfs:label ?l } } ORDER BY ?l"


def _lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=True)  # a valid N-Quads literal: \uXXXX escapes for the controls


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> Path:
    f = tmp_path_factory.mktemp("q") / "evil.nq"
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    f.write_text(f"<urn:x-t:a> {label} {_lit(EVIL)} <urn:x-t:g> .\n"
                 f"<urn:x-t:b> {label} {_lit(LONG)} <urn:x-t:g> .\n", "utf-8")
    return f


def _kg(*args: str | Path, terminal: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE")}
    env.update({"COLUMNS": "80", "HF_HUB_OFFLINE": "1"})
    if terminal:  # rich then draws its table as it would on a terminal (colours off, to read the bytes)
        env.update({"FORCE_COLOR": "1", "NO_COLOR": "1"})
    return subprocess.run([KG, *map(str, args)], capture_output=True, text=True, timeout=120, env=env)


def test_table_on_a_terminal_escapes_control_characters_and_ignores_markup(graph: Path) -> None:
    res = _kg("query", graph, LABELS, terminal=True)
    assert res.returncode == 0, res.stderr
    assert "\x1b[2J" not in res.stdout and "\x1b[31m" not in res.stdout and "\x07" not in res.stdout
    flat = "".join(line.strip("│ ") for line in res.stdout.splitlines())  # the cell may fold over lines
    assert "x\\x1b[2Jy [/b] [red]r[/red] [link=http://e.example]l[/link] \\x1b[31mred\\x07" in flat


def test_table_in_a_pipe_is_tsv_with_whole_rows(graph: Path) -> None:
    res = _kg("query", graph, LABELS)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines == ["l", "x\\x1b[2Jy [/b] [red]r[/red] [link=http://e.example]l[/link] \\x1b[31mred\\x07", LONG]


def test_csv_in_a_pipe_is_the_data_itself(graph: Path) -> None:
    res = _kg("query", graph, LABELS, "-f", "csv")
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows == [["l"], [EVIL], [LONG]]


def test_csv_on_a_terminal_escapes_control_characters(graph: Path) -> None:
    res = _kg("query", graph, LABELS, "-f", "csv", terminal=True)
    assert res.returncode == 0 and "\x1b" not in res.stdout and "\\x1b[2J" in res.stdout


@pytest.mark.parametrize("query", ["CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "DESCRIBE <urn:x-t:a>"])
def test_graph_answers_in_every_format(graph: Path, query: str) -> None:
    as_csv = _kg("query", graph, query, "-f", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["subject", "predicate", "object"] and ["urn:x-t:a", rows[1][1], EVIL] in rows
    as_json = _kg("query", graph, query, "-f", "json")
    assert as_json.returncode == 0, as_json.stderr
    doc = json.loads(as_json.stdout)  # JSON-LD
    assert any(n.get("@id") == "urn:x-t:a" for n in doc)
    table = _kg("query", graph, query)
    assert table.returncode == 0 and table.stdout.splitlines()[0] == "subject\tpredicate\tobject"


def test_ask_answers_in_every_format(graph: Path) -> None:
    q = "ASK { GRAPH ?g { ?s ?p ?o } }"
    assert _kg("query", graph, q, "-f", "csv").stdout.splitlines() == ["ask", "true"]
    assert json.loads(_kg("query", graph, q, "-f", "json").stdout)["boolean"] is True
    assert _kg("query", graph, q).stdout.splitlines() == ["ask", "true"]


def test_rq_file_that_is_not_utf8_is_one_line(graph: Path, tmp_path: Path) -> None:
    rq = tmp_path / "bad.rq"
    rq.write_bytes(b'SELECT * { ?s ?p "\xff\xfe" }')
    res = _kg("query", graph, rq)
    assert res.returncode == 1
    assert res.stderr == f"error: {rq}: not a UTF-8 text file (bad byte at offset 18); SPARQL files are UTF-8\n"
