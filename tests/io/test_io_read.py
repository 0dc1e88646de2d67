"""Reading articles: every bad input gets a one-line reason and the rest of the batch still reads (issue 7)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.io import Article, Skipped, article_from_text, decode_bytes, read_articles

GOOD = "وزیر کشور در این نشست گفت: امنیت پایدار است.\n"


def _read(paths: list[Path]) -> tuple[list[Article], list[Skipped]]:
    items = list(read_articles(paths))
    return [a for a in items if isinstance(a, Article)], [s for s in items if isinstance(s, Skipped)]


# (file bytes, expected words in the skip reason) — each row is one kind of bad input
BAD_FILES = [
    (b"", "empty"),  # empty file
    (b"  \n\t \n", "empty"),  # whitespace only
    (b"\x00\x01\x02binary\x00", "binary"),  # NUL bytes
    (b"%PDF-1.7\n%\xe2\xe3", "PDF"),  # a PDF saved as .txt
    (b"abc \xff\xfe\xfd def \xc3\x28", "not valid UTF-8"),  # invalid UTF-8, not Persian in any code page
    # legacy Windows-1256 Persian (which has Arabic ي, not Persian ی)
    ("وزیر کشور در این نشست گفت که امنیت پایدار است".replace("ی", "ي").encode("cp1256"), "Windows-1256"),
    (b"date 2025-13-45\n" + GOOD.encode(), "bad date"),  # impossible date header
]


@pytest.mark.parametrize(("data", "reason"), BAD_FILES)
def test_io_bad_file_is_skipped_with_reason_and_batch_continues(tmp_path: Path, data: bytes, reason: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    articles, skipped = _read([bad, good])
    assert [a.id for a in articles] == ["good"]
    assert len(skipped) == 1 and reason in skipped[0].reason and str(bad) in skipped[0].reason
    assert "\n" not in skipped[0].reason  # one line for the user


def test_io_utf16_with_bom_decodes(tmp_path: Path) -> None:
    f = tmp_path / "u16.txt"
    f.write_bytes(("date 2024-01-02\n" + GOOD).encode("utf-16"))  # Python writes a BOM
    (article,), skipped = _read([f])
    assert not skipped
    assert article.text == GOOD and article.published == dt.date(2024, 1, 2)


def test_io_utf8_bom_and_crlf_date_line(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbfdate 2025-11-29\r\n" + GOOD.encode())
    (article,), _ = _read([f])
    assert article.published == dt.date(2025, 11, 29) and article.text == GOOD


def test_io_html_page_is_converted_and_noted() -> None:
    page = "<!DOCTYPE html><html><head><title>خبر</title><script>alert(1)</script></head>" \
           "<body><p>وزیر کشور گفت:</p><p>امنیت &amp; آرامش</p></body></html>"
    article = article_from_text(page, "page")
    assert "alert" not in article.text and "<p>" not in article.text
    assert article.text.splitlines() == ["خبر", "وزیر کشور گفت:", "امنیت & آرامش"]
    assert any("HTML" in n for n in article.notes)


def test_io_english_only_article_builds_with_a_note() -> None:
    article = article_from_text("The minister said nothing new today.", "en")
    assert any("no Persian" in n for n in article.notes)


def test_io_jsonl_malformed_lines_are_reported_by_line(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    good = {"id": "a1", "title": "عنوان", "paragraphs": [GOOD], "url": "u", "date": "2020-01-01"}
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "no id", "paragraphs": ["x"]}),
        json.dumps({"id": "e", "paragraphs": []}),
        json.dumps({"id": "p", "paragraphs": "یک بند"}, ensure_ascii=False),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "d", "paragraphs": ["متن"], "date": "yesterday"}, ensure_ascii=False),
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, skipped = _read([corpus])
    assert [a.id for a in articles] == ["a1", "p"]
    assert articles[0].text == "عنوان\n" + GOOD and articles[0].published == dt.date(2020, 1, 1)
    reasons = {s.source.rsplit(":", 1)[1]: s.reason for s in skipped}
    assert set(reasons) == {"2", "3", "4", "7", "8"}
    assert "malformed JSON" in reasons["2"] and "no id" in reasons["3"] and "no text" in reasons["4"]
    assert "not a JSON object" in reasons["7"] and "bad date" in reasons["8"]


def test_io_folder_with_unreadable_and_missing_entries(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "notes.bin").write_bytes(b"\x00")  # not an article suffix: ignored
    articles, skipped = _read([tmp_path, tmp_path / "missing.txt"])
    assert sorted(a.id for a in articles) == ["a", "b"]
    assert sorted(s.reason for s in skipped) == ["cannot read (broken link)", "no such file or folder"]


def test_io_empty_folder_says_so(tmp_path: Path) -> None:
    _, skipped = _read([tmp_path])
    assert skipped and "no .txt or .jsonl" in skipped[0].reason


def test_io_decode_refuses_with_input_error() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x00\x00", "x")


def test_io_seed_reads_with_its_date() -> None:
    seed = Path(__file__).resolve().parents[1] / "data" / "seed.txt"
    (article,), _ = _read([seed])
    assert article.published == dt.date(2025, 11, 29)
    assert not article.text.startswith("date")
    assert article.content_hash == Article(id="other", text=article.text).content_hash  # identity is the text
