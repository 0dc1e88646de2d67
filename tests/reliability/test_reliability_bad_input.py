"""Bad input through the real `kg build`: one clear line per bad file, no traceback, the rest of the batch builds,
and what the store already held is kept. docs/bad-input.md shows these messages to users."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from _relhelpers import DATA, kg, one_line_error, per_graph, store_quads

pytestmark = pytest.mark.store

FA = "به گزارش خبرگزاری مهر، علی محمدی رئیس سازمان حفاظت محیط زیست در نشست خبری امروز گفت: طرح جدید اجرا می‌شود."
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4

# file name -> (content, the warning `kg build` prints, or None when the file builds)
BAD_FILES: dict[str, tuple[bytes, str | None]] = {
    "empty.txt": (b"", "empty article (no text)"),
    "whitespace.txt": (b"  \n\t\r\n \n", "empty article (no text)"),
    "binary.txt": (b"\x00\x01\x02ELF" * 100, "binary file (NUL bytes), not text"),
    "image.txt": (PNG, "binary file ("),
    "invalid-utf8.txt": (FA.encode() + b"\xff\xfe\xfa" + FA.encode(), "not valid UTF-8 (bad byte at offset "),
    "windows-1256.txt": (FA.encode("cp1256", errors="replace"),
                         "not UTF-8; looks like Windows-1256 — convert it with `iconv -f WINDOWS-1256 -t UTF-8`"),
    "utf16-bom.txt": (FA.encode("utf-16"), None),
    "page.txt": (f"<!DOCTYPE html><html><head><title>خبر</title><script>alert(1)</script></head>"
                 f"<body><p>{FA}</p></body></html>".encode(), None),
    "english.txt": (b"The minister of the interior said on Monday that elections will be held on time.", None),
    "mixed.txt": (f"{FA} The ministry said: «COVID-19» cases rose 12% (۱۲ درصد). وزير كشور گفت.".encode(), None),
    "unbalanced.txt": (f"وزیر کشور گفت: «انتخابات برگزار می‌شود. {FA} \" « « » \"".encode(), None),
    "no-punctuation.txt": (" ".join(["وزیر", "کشور", "علی", "محمدی", "گفت", "و"] * 1667).encode(), None),
}
JSONL_LINES = [
    json.dumps({"id": "good-1", "title": "خبر", "paragraphs": [FA]}, ensure_ascii=False),
    '{"id": "broken", "paragraphs": ["بدون پایان"',
    json.dumps({"title": "بدون شناسه", "paragraphs": [FA]}, ensure_ascii=False),
    json.dumps({"id": "bad-paras", "paragraphs": {"a": 1}}),
    json.dumps(["not", "an", "object"]),
    json.dumps({"id": "no-text", "paragraphs": []}),
    json.dumps({"id": "bad-date", "date": "1402-13-45", "paragraphs": [FA]}, ensure_ascii=False),
    json.dumps({"id": "good-2", "paragraphs": [FA + " دوم"]}, ensure_ascii=False),
]
JSONL_MESSAGES = {
    2: "malformed JSON (Expecting ',' delimiter)",
    3: "record has no id",
    4: "record bad-paras: paragraphs must be a list of strings",
    5: "record is not a JSON object",
    6: "record no-text: no text",
    7: "record bad-date: bad date '1402-13-45'",
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad") / "corpus"
    folder.mkdir()
    for name, (data, _) in BAD_FILES.items():
        (folder / name).write_bytes(data)
    (folder / "records.jsonl").write_text("\n".join(JSONL_LINES) + "\n", "utf-8")
    (folder / "broken-link.txt").symlink_to(folder / "gone.txt")
    (folder / "good.txt").write_bytes((DATA / "seed.txt").read_bytes())
    return folder


@pytest.fixture(scope="module")
def result(batch: Path, tmp_path_factory):
    store = tmp_path_factory.mktemp("bad-store") / "store"
    first = kg("build", DATA / "articles" / "role_first.txt", "-o", store)
    assert first.returncode == 0, first.stderr
    before = per_graph(store_quads(store))
    res = kg("build", batch, "-o", store)
    return res, before, per_graph(store_quads(store))


def _warnings(stderr: str) -> dict[str, str]:
    """``warning: skipped SOURCE: REASON`` lines → {SOURCE: REASON}."""
    out = {}
    for line in stderr.splitlines():
        if line.startswith("warning: skipped "):
            source, _, reason = line.removeprefix("warning: skipped ").partition(": ")
            out[source] = reason
    return out


def test_reliability_bad_batch_builds_the_rest(result) -> None:
    res, _, _ = result
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    n_ok = sum(expected is None for _, expected in BAD_FILES.values()) + 1 + 2  # + good.txt + 2 good records
    assert f"{n_ok} article(s)" in res.stderr.splitlines()[-1]


@pytest.mark.parametrize("name", [n for n, (_, msg) in BAD_FILES.items() if msg])
def test_reliability_bad_file_message(name: str, batch: Path, result) -> None:
    warnings = _warnings(result[0].stderr)
    path = str(batch / name)
    assert path in warnings, result[0].stderr
    assert warnings[path].startswith(path + ": " + BAD_FILES[name][1]) or warnings[path].startswith(
        BAD_FILES[name][1]), warnings[path]


def test_reliability_broken_link_message(batch: Path, result) -> None:
    assert _warnings(result[0].stderr)[str(batch / "broken-link.txt")] == "cannot read (broken link)"


@pytest.mark.parametrize("line", sorted(JSONL_MESSAGES))
def test_reliability_bad_jsonl_line_message(line: int, batch: Path, result) -> None:
    where = f"{batch / 'records.jsonl'}:{line}"
    assert where in _warnings(result[0].stderr), result[0].stderr
    assert JSONL_MESSAGES[line] in _warnings(result[0].stderr)[where]


def test_reliability_bad_batch_keeps_existing_store_content(result) -> None:
    _, before, after = result
    for graph, n in before.items():
        assert after[graph] == n  # the article built earlier is still there, whole


def test_reliability_nothing_readable_is_one_line_exit_1(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    res = kg("build", tmp_path / "empty.txt", tmp_path / "missing.txt", "-o", tmp_path / "out.trig")
    assert res.returncode == 1
    lines = one_line_error(res.stderr)
    assert lines == [f"error: no article could be read from {tmp_path / 'empty.txt'}, {tmp_path / 'missing.txt'} "
                     f"(2 skipped, 0 failed)"]
    assert not (tmp_path / "out.trig").exists()


def test_reliability_unknown_output_extension_is_one_line(tmp_path: Path) -> None:
    res = kg("build", DATA / "seed.txt", "-o", tmp_path / "out.xyz")
    assert res.returncode == 1
    (line,) = one_line_error(res.stderr)
    assert line.startswith(f"error: {tmp_path / 'out.xyz'}: ") and "'.xyz'" in line and "known: " in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_reliability_fifo_in_corpus_folder_is_skipped_not_hung(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes((DATA / "seed.txt").read_bytes())
    os.mkfifo(folder / "pipe.txt")  # a special file: reading it would block forever
    res = kg("build", folder, "-o", tmp_path / "out.nq", timeout=120)
    assert res.returncode == 0, res.stderr
    assert _warnings(res.stderr)[str(folder / "pipe.txt")].startswith("not a regular file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_reliability_unreadable_file_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_bytes((DATA / "seed.txt").read_bytes())
    (folder / "secret.txt").write_bytes(FA.encode())
    (folder / "secret.txt").chmod(0)
    res = kg("build", folder, "-o", tmp_path / "out.nq")
    assert res.returncode == 0, res.stderr
    assert _warnings(res.stderr)[str(folder / "secret.txt")] == f"{folder / 'secret.txt'}: cannot read " \
                                                                 "(Permission denied)"


@pytest.mark.slow
def test_reliability_20mb_article_is_refused_quickly_with_a_clear_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        while fh.tell() < 20_000_000:
            fh.write(FA + "\n")
    (tmp_path / "good.txt").write_bytes((DATA / "seed.txt").read_bytes())
    res = kg("build", big, tmp_path / "good.txt", "-o", tmp_path / "out.nq", timeout=300)
    assert res.returncode == 0, res.stderr
    reason = _warnings(res.stderr)[str(big)]
    assert "too large" in reason, reason
    assert "1 article(s)" in res.stderr.splitlines()[-1]
