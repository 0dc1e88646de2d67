"""Tools for annotators writing gold files with offsets: show an article's text, find strings in it, check a file.

They read the article exactly as ``kg build`` and ``kg eval`` do (``kg.io.article_from_record``: title, abstract and
each paragraph on lines of their own), so offsets written with them are offsets into the text the system sees. They
never run the extractor.

    python -m kg.eval.annotate text fars-0123             # the text, each line led by its start offset
    python -m kg.eval.annotate find fars-0123 "وزیر" "سازمان"  # every occurrence: start, end, context
    python -m kg.eval.annotate fill tests/gold-sample/train/fars-0123.json    # offsets for "nth"/"all" mentions
    python -m kg.eval.annotate check tests/gold-sample/train/fars-0123.json   # offsets and references

``fill`` lets a mention be written without offsets: ``{"text": "…", "label": "PER", "entity": "…", "nth": 2}``
takes the second whole-word occurrence of the text, ``"all": true`` every whole-word occurrence (one mention each);
mentions that already have ``start``/``end`` are kept as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

from kg.errors import InputError
from kg.eval.gold import GoldError, check_text, load_gold
from kg.io import article_from_record

__all__ = ["article_text", "dump", "fill", "main", "word_occurrences"]

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "fars-news" / "fars-news.jsonl"


def article_text(article_id: str, corpus: str | Path = DEFAULT_CORPUS) -> str:
    """The text ``kg build`` reads for one corpus record."""
    with Path(corpus).open(encoding="utf-8") as fh:
        for line in fh:
            if f'"{article_id}"' in line:
                rec = json.loads(line)
                if rec.get("id") == article_id:
                    return article_from_record(rec).text
    raise InputError(f"{article_id}: not in {corpus}")


def _show(text: str) -> None:
    pos = 0
    for line in text.split("\n"):
        print(f"[{pos}] {line}")
        pos += len(line) + 1


def _find(text: str, needles: list[str]) -> None:
    for needle in needles:
        hits = []
        i = text.find(needle)
        while i >= 0:
            hits.append(i)
            i = text.find(needle, i + 1)
        print(f"{needle!r}: {len(hits)} occurrence(s)")
        for h in hits:
            ctx = text[max(0, h - 30):h + len(needle) + 30].replace("\n", " ⏎ ")
            print(f"  {h}\t{h + len(needle)}\t…{ctx}…")


def _is_word_char(ch: str) -> bool:
    return ch == "\u200c" or unicodedata.category(ch)[0] in "LM"


def word_occurrences(text: str, needle: str) -> list[int]:
    """Starts of ``needle`` in ``text`` where it is not part of a longer word (ZWNJ joins words)."""
    out, i = [], text.find(needle)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + len(needle)] if i + len(needle) < len(text) else " "
        if not (_is_word_char(before) and _is_word_char(needle[0])) and not (
                _is_word_char(after) and _is_word_char(needle[-1])):
            out.append(i)
        i = text.find(needle, i + 1)
    return out


def fill(data: dict, text: str) -> list[str]:
    """Resolve ``nth``/``all`` mentions of a decoded gold file in place; the problems found, if any."""
    problems, out = [], []
    for i, m in enumerate(data.get("mentions") or []):
        if not isinstance(m, dict) or "start" in m:
            out.append(m)
            continue
        needle = m.get("text") or ""
        hits = word_occurrences(text, needle) if needle else []
        rest = {k: v for k, v in m.items() if k not in ("nth", "all")}
        if not hits:
            problems.append(f"mentions[{i}]: {needle!r} does not occur as a whole word")
            out.append(m)
        elif m.get("all"):
            out.extend({**rest, "start": h, "end": h + len(needle)} for h in hits)
        else:
            nth = m.get("nth", 1)
            if not isinstance(nth, int) or not 1 <= nth <= len(hits):
                problems.append(f"mentions[{i}]: {needle!r} has {len(hits)} whole-word occurrence(s), nth={nth!r}")
                out.append(m)
            else:
                out.append({**rest, "start": hits[nth - 1], "end": hits[nth - 1] + len(needle)})
    spans = [(m["start"], m["end"], m.get("label")) for m in out if isinstance(m, dict) and "start" in m]
    seen, uniq = set(), []
    for m in out:
        if isinstance(m, dict) and "start" in m:
            key = (m["start"], m["end"], m.get("label"))
            # the same span twice, or a surname inside its own full name («all» of «کریمی» in «رضا کریمی»): once
            if key in seen or any(lab == key[2] and s <= key[0] and key[1] <= e and (s, e) != key[:2]
                                  for s, e, lab in spans):
                continue
            seen.add(key)
        uniq.append(m)
    uniq.sort(key=lambda m: (m.get("start", 0), m.get("end", 0)) if isinstance(m, dict) else (0, 0))
    data["mentions"] = uniq
    return problems


def dump(data: dict) -> str:
    """A gold file as JSON that reads and diffs well: one top-level field, and one list item, a line."""
    lines = []
    for k, v in data.items():
        if isinstance(v, list) and v:
            items = ",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in v)
            lines.append(f" {json.dumps(k)}: [\n{items}\n ]")
        else:
            lines.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _fill(paths: list[str], corpus: str) -> int:
    bad = 0
    for p in paths:
        try:
            data = json.loads(Path(p).read_text(encoding="utf-8"))
            problems = fill(data, article_text(data["id"], corpus))
        except (OSError, ValueError, KeyError, InputError) as exc:
            problems = [f"cannot fill: {exc}"]
        else:
            Path(p).write_text(dump(data), encoding="utf-8")
        bad += bool(problems)
        print(f"{p}: " + ("filled" if not problems else f"{len(problems)} problem(s)"))
        for pr in problems:
            print(f"  - {pr}")
    return 1 if bad else 0


def _check(paths: list[str], corpus: str) -> int:
    bad = 0
    for p in paths:
        try:
            g = load_gold(p)
            problems = check_text(g, article_text(g.id, corpus))
        except (GoldError, InputError) as exc:
            problems = [str(exc)]
        bad += bool(problems)
        print(f"{p}: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
        for pr in problems:
            print(f"  - {pr}")
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kg.eval.annotate", description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("text").add_argument("id")
    f = sub.add_parser("find")
    f.add_argument("id")
    f.add_argument("needles", nargs="+")
    sub.add_parser("check").add_argument("files", nargs="+")
    sub.add_parser("fill").add_argument("files", nargs="+")
    args = ap.parse_args(argv)
    try:
        if args.cmd == "text":
            _show(article_text(args.id, args.corpus))
        elif args.cmd == "find":
            _find(article_text(args.id, args.corpus), args.needles)
        elif args.cmd == "fill":
            return _fill(args.files, args.corpus)
        else:
            return _check(args.files, args.corpus)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
