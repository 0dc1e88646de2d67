"""The hostile tester's cases (issue 12) and the rough edges of `kg build` (issue 16), through the real CLI:
nothing lost, one clear line, no hang. Each case is a row of docs/bad-input.md."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from _relhelpers import DATA, KG, env, kg, make_corpus, one_line_error, per_graph, store_quads

pytestmark = pytest.mark.store

SEED = DATA / "seed.txt"
ARTICLE = DATA / "articles" / "role_first.txt"
FA = "به گزارش خبرگزاری مهر، علی محمدی رئیس سازمان حفاظت محیط زیست در نشست خبری امروز گفت: طرح جدید اجرا می‌شود."


def _limited(*args: str | Path, fsize: int, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """`kg ARGS` with a file-size limit: a write past ``fsize`` bytes fails with EFBIG, as on a full disk."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run([*KG, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env(),
                          preexec_fn=limit)


def _warnings(stderr: str) -> dict[str, str]:
    out = {}
    for line in stderr.splitlines():
        if line.startswith("warning: skipped "):
            source, _, reason = line.removeprefix("warning: skipped ").partition(": ")
            out[source] = reason
    return out


# -- outputs: checked first, written atomically, never replaced silently ----------------------------------------------

def test_failed_write_keeps_the_previous_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.nq"
    assert kg("build", SEED, "-o", out).returncode == 0
    good = out.read_bytes()
    corpus = make_corpus(tmp_path / "corpus", 12)
    res = _limited("build", corpus, "-o", out, "--force", "--workers", "1", fsize=len(good) // 2)
    assert res.returncode == 1, res.stderr
    (line,) = one_line_error(res.stderr)
    assert line.startswith(f"error: {out}: cannot write") and "unchanged" in line
    assert out.read_bytes() == good  # not truncated, not half-replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out.nq"]  # no temporary file left


@pytest.mark.parametrize("case", ["parent-is-a-file", "name-too-long", "read-only-folder"])
def test_bad_output_path_fails_before_extraction(tmp_path: Path, case: str) -> None:
    """The path is checked before any article is read: no `skipped` warning for the bad input comes first."""
    (tmp_path / "empty.txt").write_bytes(b"")  # reading it would print a warning
    if case == "parent-is-a-file":
        (tmp_path / "file").write_text("x")
        out, expect = tmp_path / "file" / "sub" / "out.nq", "is a file, not a folder"
    elif case == "name-too-long":
        out, expect = tmp_path / ("x" * 300 + ".nq"), "name too long"
    else:
        if os.geteuid() == 0 and shutil.which("chattr") is None:
            pytest.skip("root ignores modes, and chattr is not installed")
        ro = tmp_path / "ro"
        ro.mkdir()
        out, expect = ro / "out.nq", "cannot write in"
    with _read_only(tmp_path / "ro" if case == "read-only-folder" else None):
        res = kg("build", tmp_path / "empty.txt", SEED, "-o", out)
    assert res.returncode == 1, res.stderr
    assert one_line_error(res.stderr) == [ln for ln in res.stderr.splitlines() if ln.strip()], res.stderr
    (line,) = one_line_error(res.stderr)
    assert line.startswith(f"error: {out}") and expect in line, line


@contextlib.contextmanager
def _read_only(folder: Path | None):
    if folder is None:
        yield
        return
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a folder read-only for root (chattr +i refused)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)


def test_existing_output_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "graph.trig"
    assert kg("build", SEED, "-o", out).returncode == 0
    before = out.read_bytes()
    res = kg("build", ARTICLE, "-o", out)
    assert res.returncode == 1
    (line,) = one_line_error(res.stderr)
    assert f"{out}: exists" in line and "--force" in line and "store" in line
    assert out.read_bytes() == before
    forced = kg("build", ARTICLE, "-o", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert "replaced the previous file" in forced.stderr.splitlines()[-1]
    assert out.read_bytes() != before


def test_store_output_adds_articles(tmp_path: Path) -> None:
    """A store is never replaced: a second build adds its articles beside the first build's."""
    store = tmp_path / "kg.oxigraph"
    assert kg("build", SEED, "-o", store).returncode == 0
    first = set(per_graph(store_quads(store)))
    assert kg("build", ARTICLE, "-o", store).returncode == 0
    second = set(per_graph(store_quads(store)))
    assert first < second and len(second - first) == 1


def test_export_to_an_existing_file_needs_force(tmp_path: Path) -> None:
    out = tmp_path / "graph.nq"
    assert kg("build", SEED, "-o", tmp_path / "g.trig").returncode == 0
    out.write_text("keep me\n")
    res = kg("export", tmp_path / "g.trig", "-o", out)
    assert res.returncode == 1 and "--force" in one_line_error(res.stderr)[0]
    assert out.read_text() == "keep me\n"
    assert kg("export", tmp_path / "g.trig", "-o", out, "--force").returncode == 0
    assert out.read_text() != "keep me\n"
    (tmp_path / "dir.nq").mkdir()
    res = kg("export", tmp_path / "g.trig", "-o", tmp_path / "dir.nq", "--force")
    assert res.returncode == 1 and one_line_error(res.stderr) == [f"error: {tmp_path / 'dir.nq'}: is a folder; give a "
                                                                  "file name"]


def test_disk_full_while_writing_a_store_is_one_line_and_keeps_the_store(tmp_path: Path) -> None:
    store = tmp_path / "kg.oxigraph"
    assert kg("build", SEED, "-o", store).returncode == 0
    before = set(store_quads(store))
    corpus = make_corpus(tmp_path / "corpus", 40)
    res = _limited("build", corpus, "-o", store, "--workers", "1", fsize=100_000)
    assert res.returncode == 1
    (line,) = one_line_error(res.stderr)
    assert line.startswith(f"error: {store}: ") and "rerun" in line, line
    after = set(store_quads(store))
    assert before <= after  # the seed article and the ontology are still there, whole
    assert kg("build", corpus, "-o", store).returncode == 0  # and a rerun completes it


def test_bad_base_iri_is_one_line_before_extraction(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    for base in ("not an iri", "http://example.org/kg", "example.org/kg/"):
        res = kg("build", tmp_path / "empty.txt", SEED, "-o", tmp_path / "out.nq", "--base-iri", base)
        assert res.returncode == 1
        (line,) = [ln for ln in res.stderr.splitlines() if ln.strip()]
        assert line.startswith(f"error: --base-iri {base!r} is not a usable base IRI"), line


# -- inputs that are not articles ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "data", "expect"), [
    ("graph.trig", b"@prefix ex: <http://example.org/> .\nex:g { ex:a ex:b ex:c . }\n", "an RDF graph (Turtle/TriG)"),
    ("graph.nq", b"<http://e.org/a> <http://e.org/b> \"c\" <http://e.org/g> .\n", "an RDF graph (N-Triples"),
    ("graph.rdf", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
     "an RDF graph (RDF/XML)"),
    ("graph.jsonld", b'{"@context": {"ex": "http://e.org/"}, "@id": "ex:a"}', "an RDF graph (JSON-LD)"),
    ("paper.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file (PDF), not text"),
    ("tool", b"\x7fELF\x02\x01\x01\x00" + bytes(200), "binary file (NUL bytes), not text"),
])
def test_what_is_not_an_article_is_refused_in_one_line(tmp_path: Path, name: str, data: bytes, expect: str) -> None:
    f = tmp_path / name
    f.write_bytes(data)
    res = kg("build", f, "-o", tmp_path / "out.nq")
    assert res.returncode == 1
    assert [ln for ln in res.stderr.splitlines() if ln.strip()] == [ln for ln in one_line_error(res.stderr)]
    (line,) = one_line_error(res.stderr)
    assert line.startswith(f"error: {f}: {expect}"), line
    assert not (tmp_path / "out.nq").exists()


def test_an_rdf_file_among_articles_is_skipped(tmp_path: Path) -> None:
    rdf = tmp_path / "graph.txt"  # the content decides, not the name
    rdf.write_text("PREFIX ex: <http://example.org/>\nex:a ex:b ex:c .\n")
    res = kg("build", rdf, SEED, "-o", tmp_path / "out.nq")
    assert res.returncode == 0, res.stderr
    assert _warnings(res.stderr)[str(rdf)].startswith("an RDF graph (Turtle/TriG), not a news article")
    assert "1 article(s)" in res.stderr.splitlines()[-1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("where", ["given", "in-folder"])
def test_fifo_named_jsonl_never_hangs(tmp_path: Path, where: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    fifo = folder / "stream.jsonl"
    os.mkfifo(fifo)
    args = [fifo, folder / "good.txt"] if where == "given" else [folder]
    res = kg("build", *args, "-o", tmp_path / "out.nq", timeout=120)
    assert res.returncode == 0, res.stderr
    assert _warnings(res.stderr)[str(fifo)] == "not a regular file (a pipe, socket or device)"


_GOOD_UTF16 = ("date 2024-01-02\n" + FA).encode("utf-16")


@pytest.mark.parametrize(("data", "expect"), [
    (_GOOD_UTF16[:-1], "not valid UTF-16 despite its byte-order mark"),  # truncated: odd length
    (b"\xff\xfe" + "سلام".encode("utf-16-le") + b"\x00\xd8" + "دنیا".encode("utf-16-le"),
     "not valid UTF-16 despite its byte-order mark"),  # a lone surrogate
    (b"\xff\xfe\x00\x00" + b"\x00\x00\x11\x00", "not valid UTF-32 despite its byte-order mark"),
])
def test_broken_utf16_or_utf32_is_skipped_and_the_rest_builds(tmp_path: Path, data: bytes, expect: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    res = kg("build", bad, SEED, "-o", tmp_path / "out.nq")
    assert res.returncode == 0, res.stderr
    assert _warnings(res.stderr)[str(bad)].startswith(expect)
    assert "1 article(s)" in res.stderr.splitlines()[-1]


def test_utf32_is_decoded_not_built_as_garbage(tmp_path: Path) -> None:
    f = tmp_path / "u32.txt"
    f.write_bytes(SEED.read_text("utf-8").encode("utf-32"))
    as_utf32 = kg("build", f, "-o", tmp_path / "a.nq")
    as_utf8 = kg("build", SEED, "-o", tmp_path / "b.nq")
    assert as_utf32.returncode == 0, as_utf32.stderr
    summary = as_utf8.stderr.splitlines()[-1].split(" → ")[0]  # "1 article(s), N quads"
    assert as_utf32.stderr.splitlines()[-1].split(" → ")[0] == summary


def test_jsonl_in_utf16_or_with_a_bom_line_is_a_clear_skip(tmp_path: Path) -> None:
    good = '{"id": "ok", "paragraphs": ["' + FA + '"]}\n'
    utf16 = tmp_path / "u16.jsonl"
    utf16.write_bytes(good.encode("utf-16"))
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(good.encode() + b"\xff\xfe" + '{"id": "x"}'.encode("utf-16-le") + b"\n" + good.replace(
        '"ok"', '"ok2"').encode())
    res = kg("build", utf16, mixed, "-o", tmp_path / "out.nq")
    assert res.returncode == 0, res.stderr
    w = _warnings(res.stderr)
    assert w[str(utf16)] == "a UTF-16 file; JSONL corpora are UTF-8 (convert it with `iconv -f UTF-16 -t UTF-8`)"
    assert w[f"{mixed}:2"].startswith("not valid UTF-8 (bad byte at offset 0")
    assert "2 article(s)" in res.stderr.splitlines()[-1]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files and folders whatever their mode")
def test_unreadable_inputs_are_warnings_not_usage_errors(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "a.txt").write_text(FA)
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text(FA)
    secret.chmod(0)
    (folder / "locked").chmod(0)
    try:
        res = kg("build", secret, folder, "-o", tmp_path / "out.nq")
    finally:
        (folder / "locked").chmod(0o755)
    assert res.returncode == 0, res.stderr
    w = _warnings(res.stderr)
    assert w[str(secret)] == f"{secret}: cannot read (Permission denied)"
    assert w[str(folder / "locked")] == "cannot read folder (Permission denied)"


# -- stores: only what is a store is used as one ------------------------------------------------------------------

def test_remove_refuses_a_file(tmp_path: Path) -> None:
    trig = tmp_path / "g.trig"
    assert kg("build", SEED, "-o", trig).returncode == 0
    before = trig.read_bytes()
    res = kg("remove", trig, "seed")
    assert res.returncode == 1
    (line,) = one_line_error(res.stderr)
    assert "kg remove edits a store directory" in line
    assert trig.read_bytes() == before


@pytest.mark.parametrize("command", [["remove", "{dir}", "seed"], ["query", "{dir}", "posts"],
                                     ["export", "{dir}", "-o", "{tmp}/x.nq"], ["serve", "{dir}", "--port", "0"]])
def test_a_folder_of_articles_is_not_a_store(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(FA)
    res = kg(*[c.replace("{dir}", str(folder)).replace("{tmp}", str(tmp_path)) for c in command], timeout=120)
    assert res.returncode == 1
    (line,) = one_line_error(res.stderr)
    assert "not a store" in line, line
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]  # no empty store created inside it


def test_build_into_a_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(FA)
    res = kg("build", SEED, "-o", folder)
    assert res.returncode == 1 and "a folder of other files, not a store" in one_line_error(res.stderr)[0]
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_writer_blocked_by_kg_serve_is_told_who_holds_the_store(tmp_path: Path) -> None:
    store = tmp_path / "kg.oxigraph"
    assert kg("build", SEED, "-o", store).returncode == 0
    exe = str(Path(KG[0]).with_name("kg"))
    serve = subprocess.Popen([exe, "serve", str(store), "--port", "0"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True, env=env())
    try:
        assert serve.stdout.readline().startswith("SPARQL endpoint: ")
        res = kg("build", ARTICLE, "-o", store)
        query = kg("query", store, "posts", "-f", "csv")
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(30)
    (line,) = one_line_error(res.stderr)
    assert "in use by another writer (kg serve, pid" in line and "kg query and kg export still read it" in line
    assert query.returncode == 0 and "personName" in query.stdout


# -- commands ---------------------------------------------------------------------------------------------------------

def test_unreachable_dask_scheduler_is_one_line_within_seconds(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="needs the dask extra")
    t = time.monotonic()
    res = kg("build", SEED, "-o", tmp_path / "out.nq", "--scheduler", "tcp://127.0.0.1:1", timeout=60)
    took = time.monotonic() - t
    assert res.returncode == 1
    assert [ln for ln in res.stderr.splitlines() if ln.strip()] == one_line_error(res.stderr)
    (line,) = one_line_error(res.stderr)
    assert line.startswith("error: --scheduler tcp://127.0.0.1:1: cannot reach a Dask scheduler"), line
    assert took < 30  # Dask's own connect timeout alone is 30 s


def test_version() -> None:
    res = kg("--version")
    assert res.returncode == 0 and res.stdout.startswith("kg (peyvand) ") and res.stdout.count("\n") == 1
