"""The compiled cache (``kg.cache``): built once per content of its sources, shared by concurrent first users,
invalidated by any change of a source, the lexicon path override or the code, and never a reason to fail."""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import cache

LEXICONS = Path(__file__).resolve().parents[2] / "kg" / "lexicons"


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("PEYVAND_CACHE_DIR", str(home))
    return home


def _counting_build(log: Path, value: object):
    def build():
        with log.open("a") as fh:
            fh.write("built\n")
        return value

    return build


def _builds(log: Path) -> int:
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_cache_builds_once_then_reads(cache_home: Path, tmp_path: Path) -> None:
    src, log = tmp_path / "words.tsv", tmp_path / "log"
    src.write_text("form\nکتاب\n", encoding="utf-8")
    value = {"words": frozenset({"کتاب"}), "n": 1}
    assert cache.cached("t", [src], _counting_build(log, value)) == value
    assert cache.cached("t", [src], _counting_build(log, value)) == value
    assert _builds(log) == 1
    assert len(list(cache_home.glob("t-*.pickle"))) == 1
    assert (cache_home.stat().st_mode & 0o777) == 0o700  # pickles: only this user may write them


def test_cache_key_follows_content_extra_and_folders(cache_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "lex"
    folder.mkdir()
    (folder / "a.tsv").write_text("form\nالف\n", encoding="utf-8")
    log = tmp_path / "log"
    cache.cached("t", [folder], _counting_build(log, 1))
    (folder / "a.tsv").write_text("form\nب\n", encoding="utf-8")  # same name, new content
    assert cache.cached("t", [folder], _counting_build(log, 2)) == 2
    (folder / "b.tsv").write_text("form\n", encoding="utf-8")  # a new file in the folder
    assert cache.cached("t", [folder], _counting_build(log, 3)) == 3
    assert cache.cached("t", [folder], _counting_build(log, 4), extra="/other/path") == 4
    assert cache.cached("t", [folder], _counting_build(log, 5)) == 3  # back to a known key: read, not built
    assert _builds(log) == 4


def test_cache_rebuilds_a_corrupt_entry(cache_home: Path, tmp_path: Path) -> None:
    src, log = tmp_path / "s", tmp_path / "log"
    src.write_text("x")
    cache.cached("t", [src], _counting_build(log, [1, 2]))
    (entry,) = cache_home.glob("t-*.pickle")
    entry.write_bytes(entry.read_bytes()[:10])  # truncated, as by a full disk
    assert cache.cached("t", [src], _counting_build(log, [1, 2])) == [1, 2]
    assert _builds(log) == 2
    assert cache.cached("t", [src], _counting_build(log, [1, 2])) == [1, 2]
    assert _builds(log) == 2


def test_cache_off_or_unwritable_still_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src, log = tmp_path / "s", tmp_path / "log"
    src.write_text("x")
    monkeypatch.setenv("PEYVAND_CACHE_DIR", "off")
    assert cache.cached("t", [src], _counting_build(log, 7)) == 7
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PEYVAND_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert cache.cached("t", [src], _counting_build(log, 8)) == 8
    assert _builds(log) == 2


def test_cache_build_error_is_not_stored(cache_home: Path, tmp_path: Path) -> None:
    src = tmp_path / "s"
    src.write_text("x")

    def fail():
        raise ValueError("bad lexicon row")

    with pytest.raises(ValueError, match="bad lexicon row"):
        cache.cached("t", [src], fail)
    assert not list(cache_home.glob("t-*.pickle"))


def _slow_first_use(args: tuple[str, str, str]) -> str:
    home, src, log = args
    os.environ["PEYVAND_CACHE_DIR"] = home

    def build() -> str:
        with open(log, "a") as fh:
            fh.write("built\n")
        import time

        time.sleep(0.5)  # long enough for every other process to arrive while this one builds
        return "value-" + Path(src).read_text()

    return cache.cached("t", [src], build)


def test_cache_concurrent_first_use_builds_once(cache_home: Path, tmp_path: Path) -> None:
    src, log = tmp_path / "s", tmp_path / "log"
    src.write_text("1")
    with mp.get_context("spawn").Pool(4) as pool:
        got = pool.map(_slow_first_use, [(str(cache_home), str(src), str(log))] * 8)
    assert got == ["value-1"] * 8
    assert _builds(log) == 1
    assert not list(cache_home.glob("*.tmp"))


def test_cache_lexicon_override_is_rebuilt_when_a_file_changes(cache_home: Path, tmp_path: Path) -> None:
    """A fresh process (as a new ``kg build`` would be) sees an edited lexicon in the override folder."""
    lex = tmp_path / "lexicons"
    shutil.copytree(LEXICONS, lex)
    probe = ("from kg.extract.lexicon import load_lexicons; from kg.text import fold; import sys;"
             "print(fold('سرپرست‌کل‌آزمایشی') in load_lexicons(sys.argv[1]).roles)")
    env = {**os.environ, "PEYVAND_CACHE_DIR": str(cache_home), "HF_HUB_OFFLINE": "1"}

    def probe_run() -> str:
        return subprocess.run([sys.executable, "-c", probe, str(lex)], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()

    assert probe_run() == "False"
    roles = lex / "roles.tsv"
    rows = [ln for ln in roles.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    row = "\t".join(["سرپرست‌کل‌آزمایشی", *rows[1].split("\t")[1:]])  # a copy of a valid row, another form
    roles.write_text(roles.read_text(encoding="utf-8").rstrip("\n") + "\n" + row + "\n", encoding="utf-8")
    assert probe_run() == "True"
    assert len(list(cache_home.glob("lexicons-*.pickle"))) == 2


def test_cache_lexicons_from_cache_match_a_fresh_compile(cache_home: Path) -> None:
    from kg.extract import lexicon

    lexicon._load.cache_clear()
    try:
        first = lexicon.load_lexicons()  # compiled and stored
        lexicon._load.cache_clear()
        again = lexicon.load_lexicons()  # read back from the cache file
    finally:
        lexicon._load.cache_clear()
    assert again is not first
    assert list(cache_home.glob("lexicons-*.pickle"))
    for name in ("first_names", "verb_forms", "known_words", "word_freq", "org_aliases", "numbers"):
        assert getattr(again, name) == getattr(first, name)
    for name in ("roles", "org_heads", "triggers", "places", "known_orgs"):
        assert getattr(again, name).entries == getattr(first, name).entries
