"""The README's reliability table and docs/bad-input.md list the same cases with the same messages."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _rows(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.startswith("| ") and not ln.startswith(("| input ", "| case ",
                                                                                          "| request "))]


def test_readme_and_bad_input_doc_hold_the_same_cases() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Reliability"):readme.index("## Views")]
    doc = (ROOT / "docs" / "bad-input.md").read_text("utf-8")
    assert _rows(section) == _rows(doc) and len(_rows(doc)) > 50
