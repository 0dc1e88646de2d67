"""Dev's errors bucketed by cause, before and after: the counts behind docs/errors.md.

Usage:
    .venv/bin/kg eval tests/gold-sample/dev --json --details > after.json     # (and before.json from an older build)
    .venv/bin/python bench/errors.py before.json after.json

Each miss and false fact of ``kg eval --details`` goes to one cause by a simple test on the names involved (a
person missing from the persons too, an event whose head noun names a happening, …); the causes are the ones the
error analysis found by reading, and the counts say which to fix first. Never run on the test split.
"""

from __future__ import annotations

import collections
import json
import sys
from collections.abc import Callable
from typing import Any

from kg.eval.match import fold

FACTS = ("persons", "organizations", "events", "posts", "participation", "quotes", "suborganizations")
HAPPENINGS = {fold(w) for w in ("حمله", "درگیری", "تهاجم", "ترور", "سرنگونی", "کودتا", "حادثه", "برخورد", "تظاهرات",
                                "قیام", "اشغال", "زلزله", "انفجار", "مذاکرات", "جنگ")}


def _head(name: str) -> str:
    return fold(name.split()[0]) if name.split() else ""


def _tokens(name: str) -> set[str]:
    return {fold(t) for t in name.split()}


def _person(fact: str) -> str:
    return fold(fact.split(" — ")[0].split(":")[0])


def _persons(a: dict[str, Any]) -> tuple[list[str], list[str]]:
    return a["fn"].get("persons", []), a["fp"].get("persons", [])


def _person_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    fn, fp = _persons(a)
    for n in fn:
        near = any(_tokens(n) & _tokens(f) for f in fp)
        add("miss", "name found with other boundaries" if near else "name not found (mostly foreign or untitled)")
    for n in fp:
        near = any(_tokens(n) & _tokens(f) for f in fn)
        add("false", "wrong boundaries of a true name" if near else "not a person (street, saint, club, word)")


def _org_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    fn, fp = a["fn"].get("organizations", []), a["fp"].get("organizations", [])
    for o in fn:
        add("miss", "found, named differently" if any(_head(f) == _head(o) for f in fp)
            else "not found (foreign clubs, media, implied bodies)")
    for o in fp:
        if any(_head(f) == _head(o) for f in fn):
            add("false", "found, named differently")
        elif fold(o).startswith(fold("تیم")):
            add("false", "a team by its place (annotators differ)")
        elif len(o.split()) <= 2:
            add("false", "short or generic name (مجلس، شورای شهر، a head and one word)")
        else:
            add("false", "chain too long or a unit the gold does not list")


def _event_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    fn, fp = a["fn"].get("events", []), a["fp"].get("events", [])
    for e in fn:
        if _head(e) in HAPPENINGS:
            add("miss", "happening told by a verbal noun (attack, clash, coup…)")
        else:
            add("miss", "found, named differently" if any(_head(f) == _head(e) for f in fp) else "not found")
    for e in fp:
        if len(e.split()) == 1:
            add("false", "bare trigger (دیدار، جشن…) the gold names fully")
        elif any(_head(f) == _head(e) for f in fn):
            add("false", "found, named differently")
        else:
            add("false", "not an event for the annotators (occasion, background, chain overrun)")


def _post_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    missing = {fold(x) for x in _persons(a)[0]}
    fn, fp = a["fn"].get("posts", []), a["fp"].get("posts", [])
    for p in fn:
        org = p.rsplit(" @ ", 1)[1]
        same = [f for f in fp if _person(f) == _person(p)]
        if _person(p) in missing:
            add("miss", "holder not found as a person")
        elif same and org != "-" and any(f.endswith("@ -") for f in same):
            add("miss", "organization not attached")
        elif same:
            add("miss", "other role words or organization")
        else:
            add("miss", "role not linked to its holder")
    for p in fp:
        if not any(_person(x) == _person(p) for x in fn):
            add("false", "post the gold does not hold")


def _participation_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    missing = {fold(x) for x in _persons(a)[0]}
    events = set(a["fn"].get("events", []))
    for p in a["fn"].get("participation", []):
        event = p.split(" @ ", 1)[1]
        add("miss", "person not found" if _person(p) in missing else
            "event not found or named differently" if event in events else "link not read")
    for _ in a["fp"].get("participation", []):
        add("false", "wrong person, event or kind")


def _quote_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    missing = {fold(x) for x in _persons(a)[0]}
    fp = a["fp"].get("quotes", [])
    for q in a["fn"].get("quotes", []):
        if _person(q) in missing:
            add("miss", "speaker not found as a person")
        elif any(_person(x) != _person(q) for x in fp):
            add("miss", "given to another speaker or cut")
        else:
            add("miss", "statement not read (verb or span)")
    for _ in fp:
        add("false", "wrong speaker or span")


def _sub_causes(a: dict[str, Any], add: Callable[[str, str], None]) -> None:
    for _ in a["fn"].get("suborganizations", []):
        add("miss", "unit not named as inside its parent")
    for _ in a["fp"].get("suborganizations", []):
        add("false", "provincial branch, news desk or long chain the gold does not list")


CAUSES = {"persons": _person_causes, "organizations": _org_causes, "events": _event_causes, "posts": _post_causes,
          "participation": _participation_causes, "quotes": _quote_causes, "suborganizations": _sub_causes}


def buckets(report: dict[str, Any]) -> dict[str, collections.Counter]:
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for a in report["per_article"]:
        for fact, causes in CAUSES.items():
            causes(a, lambda kind, cause, fact=fact: out[fact].update([(kind, cause)]))
    return out


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as f0, open(sys.argv[2], encoding="utf-8") as f1:
        before, after = json.load(f0), json.load(f1)
    b0, b1 = buckets(before), buckets(after)
    for fact in FACTS:
        c0, c1 = before["totals"][fact], after["totals"][fact]
        print(f"\n### {fact}: F1 {c0['f1']:.2f} → {c1['f1']:.2f} "
              f"(tp/fp/fn {c0['tp']}/{c0['fp']}/{c0['fn']} → {c1['tp']}/{c1['fp']}/{c1['fn']})\n")
        print("| error | cause | before | after |\n|---|---|---:|---:|")
        for kind in ("miss", "false"):
            causes = sorted({c for k, c in b0[fact] | b1[fact] if k == kind}, key=lambda c: -b0[fact][(kind, c)])
            for cause in causes:
                print(f"| {kind} | {cause} | {b0[fact][(kind, cause)]} | {b1[fact][(kind, cause)]} |")


if __name__ == "__main__":
    main()
