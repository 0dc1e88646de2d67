"""The corpus progress bar shows count, articles/s and ETA on a terminal, and stays silent in pipes and logs."""

from __future__ import annotations

import io
import json

from rich.console import Console

from kg.corpus import count_inputs, progress


def test_corpus_progress_shows_rate_and_eta_on_a_terminal() -> None:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=120, color_system=None)
    with progress(console) as bar:
        task = bar.add_task("build", total=4)
        for _ in range(4):
            bar.advance(task)
    text = buf.getvalue()
    assert "4/4" in text and "art/s" in text and "ETA" in text


def test_corpus_progress_is_silent_when_not_a_terminal() -> None:
    buf = io.StringIO()
    with progress(Console(file=buf, force_terminal=False)) as bar:
        bar.advance(bar.add_task("build", total=2), 2)
    assert buf.getvalue() == ""


def test_corpus_count_inputs_counts_records_and_files(tmp_path) -> None:
    (tmp_path / "a.txt").write_text("متن", "utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("متن", "utf-8")
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps({"id": i}) for i in range(5)) + "\n\n", "utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    assert count_inputs([tmp_path]) == 7
    assert count_inputs([tmp_path / "missing.txt"]) is None
