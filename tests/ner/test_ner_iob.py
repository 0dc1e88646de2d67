"""IOB readers: both layouts, tag mapping, sentence breaks, corrupt lines and tags, zip members."""

from __future__ import annotations

import zipfile

import pytest

from kg.errors import InputError
from kg.ner import ReadStats, iob_spans, parse_iob, read_corpus, read_iob, span_scores

SPACE_LAYOUT = """\
دیروز O
مریم B-pers
کاوسی I-pers
به O
شیراز B-loc
رفت O
. O

انجمن B-org
ستاره I-org
در O
جشنواره B-event
بهار I-event
شرکت O
کرد O
"""

# PEYMA-style: tab separated, CRLF, a token with an inner space, classes Peyvand drops (DAT, MON).
TAB_LAYOUT = (
    "ثبت نام\tO\r\nدر\tO\r\nتهران\tB-LOC\r\nامسال\tB-DAT\r\n۱۰۰\tB-MON\r\nریال\tI-MON\r\n"
    "\r\nبانک\tB-ORG\r\nملت\tI-ORG\r\n"
)


def test_ner_iob_space_layout_maps_arman_tags_and_splits_sentences():
    sents = list(parse_iob(SPACE_LAYOUT.splitlines()))
    assert len(sents) == 2
    assert sents[0].tokens[1:3] == ("مریم", "کاوسی")
    assert sents[0].tags == ("O", "B-PER", "I-PER", "O", "B-LOC", "O", "O")
    assert iob_spans(sents[1].tags) == [(0, 2, "ORG"), (3, 5, "EVENT")]


def test_ner_iob_tab_layout_keeps_inner_spaces_and_drops_other_classes():
    stats = ReadStats()
    sents = list(parse_iob(TAB_LAYOUT.splitlines(keepends=True), stats=stats))
    assert [s.tokens[0] for s in sents] == ["ثبت نام", "بانک"]
    assert sents[0].tags == ("O", "O", "B-LOC", "O", "O", "O")
    assert sents[1].tags == ("B-ORG", "I-ORG")
    assert stats.dropped_classes == 3 and stats.bad_lines == 0


@pytest.mark.parametrize(
    ("lines", "tags", "bad_lines", "bad_tags"),
    [
        (["O", "شد O"], ("O",), 1, 0),  # a tag with no token (PEYMA 600K has these)
        (["شدO"], (), 1, 0),  # token and tag glued: no separator at all
        (["رفت\tXYZ-PER"], ("O",), 0, 1),  # unknown prefix -> O, counted
        (["\tB-PER"], (), 1, 0),  # empty token
        (["تهران I-LOC", "و O", "قم I-LOC"], ("B-LOC", "O", "B-LOC"), 0, 0),  # IOB1 I- starts are repaired
        (["علی B-PER", "رضایی I-ORG"], ("B-PER", "B-ORG"), 0, 0),  # I- of another label starts a new span
        (["سازمان S-ORG", "ملل E-ORG"], ("B-ORG", "I-ORG"), 0, 0),  # BIOES is read as IOB2
    ],
)
def test_ner_iob_corrupt_lines_and_tags_are_repaired_or_counted(lines, tags, bad_lines, bad_tags):
    stats = ReadStats()
    sents = list(parse_iob(lines, stats=stats))
    assert tuple(t for s in sents for t in s.tags) == tags
    assert (stats.bad_lines, stats.bad_tags) == (bad_lines, bad_tags)


def test_ner_iob_reads_files_directories_and_zip_members_skipping_readme(tmp_path):
    (tmp_path / "a.txt").write_text(SPACE_LAYOUT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TAB_LAYOUT, encoding="utf-8")
    (tmp_path / "README.md").write_text("This corpus is for research use only.\n", encoding="utf-8")
    assert len(read_iob(tmp_path / "a.txt")) == 2
    assert len(read_iob(tmp_path)) == 4  # README skipped
    archive = tmp_path / "c.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ReadMe.txt", "Each file contains one token per line.\n")
        zf.writestr("train_fold1.txt", SPACE_LAYOUT)
        zf.writestr("sub/test_fold1.txt", TAB_LAYOUT)
    assert len(read_iob(archive)) == 4
    assert len(read_iob(f"{archive}#train_*")) == 2
    assert len(read_iob(f"{archive}#sub/*")) == 2


def test_ner_iob_bad_input_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="no such corpus"):
        read_iob(tmp_path / "missing.txt")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 O\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_iob(tmp_path / "latin1.txt")
    (tmp_path / "empty.txt").write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no tagged sentences"):
        read_corpus([tmp_path / "empty.txt"])
    (tmp_path / "c.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match="zip"):
        read_iob(f"{tmp_path / 'c.zip'}#x")
    (tmp_path / "model.bin").write_bytes(b"\x00\x01 O\n")
    with pytest.raises(InputError, match="binary"):
        read_iob(tmp_path / "model.bin")


def test_ner_span_scores_count_exact_matches_only():
    gold = [("B-PER", "I-PER", "O", "B-ORG")]
    pred = [("B-PER", "O", "O", "B-ORG")]  # PER boundary wrong: one FP and one FN, ORG right
    s = span_scores(gold, pred, ["PER", "ORG"])
    assert (s["PER"].tp, s["PER"].fp, s["PER"].fn) == (0, 1, 1)
    assert s["ORG"].f1 == 1.0
    assert s["ALL"].precision == 0.5 and s["ALL"].recall == 0.5
