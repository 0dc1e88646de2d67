"""Identity across the whole Fars corpus: which entities merge across articles, and how often rightly.

Builds every article of ../shared/corpus/fars-news/fars-news.jsonl into a temporary on-disk store (extraction and
mapping on every core, one writer), then reports:
  1. articles read and graphs held by the store (issue 12: one graph per article, duplicates of text included);
  2. per kind, how the identity rules of docs/identity.md scoped the entities (global / qualified / article) and why;
  3. per kind, the ten entities found in the most articles, with the names merged into them (Markdown);
  4. the precision of a random sample of cross-article merges, judged by hand: a merge is one entity IRI and two
     articles that both mention it. The sample is the 100 entities (among those in two or more articles) of
     smallest SHA-256 rank under seed 14, each with its two articles of smallest rank: a stable random draw that
     keeps its members when a rule change moves other entities. ``identity_judgments.tsv`` beside this script
     holds the verdicts (``same`` or ``different``: do both articles mean the same real-world thing?), keyed by
     IRI and article pair, so the figure is reproducible; a merge with no verdict yet is counted apart and
     written to ``--review`` for judging.

    .venv/bin/python bench/identity.py                            # the whole corpus (~1 min on 2 cores)
    .venv/bin/python bench/identity.py --review /tmp/review.tsv   # also write the unjudged sample with evidence
    .venv/bin/python bench/identity.py --limit 300                # a quick look (the sample will not match)
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _data import FARS  # noqa: E402

JUDGMENTS = HERE / "identity_judgments.tsv"
KINDS = ("Person", "Organization", "Event", "Place")
SAMPLE, SEED = 100, 14


@dataclass(frozen=True, slots=True)
class Seen:
    """One entity as one article has it: IRI, kind, name, other names, scope, rule, and the sentence it is in."""

    iri: str
    kind: str
    name: str
    alts: tuple[str, ...]
    scope: str
    reason: str
    context: str


def _work(article):
    """Extract and map one article (in a worker): its N-Quads, graph IRI and the entities as ``Seen``."""
    import pyoxigraph as ox

    from kg.corpus import _extractor
    from kg.graph.identity import resolve
    from kg.graph.iri import article_key, entity_iri
    from kg.io import Skipped

    if isinstance(article, Skipped):
        return article.source, None, b"", ()
    extract, lex, extraction_triples, _, converter = _extractor()
    ex = extract(article, lex)
    gid, triples = extraction_triples(ex)
    data = ox.serialize(converter().quads(triples, gid), format=ox.RdfFormat.N_QUADS) or b""
    ids = resolve(ex, article_key(article))
    mentions = {m.id: m for m in ex.mentions}
    seen = []
    for e in ex.entities:
        ident = ids[e.id]
        first = min((mentions[m].start for m in e.mentions if m in mentions), default=0)
        sent = ex.doc.sentence_at(first) if ex.doc.sents else None
        text = article.text[sent.start:sent.end] if sent else article.text[:200]
        text = " ".join(text.split())
        if len(text) > 260:
            cut = max(0, min(len(text) - 260, text.find(e.name) - 100 if e.name in text else 0))
            text = ("…" if cut else "") + text[cut:cut + 260] + "…"
        seen.append(Seen(str(entity_iri(e.kind, ident.key, qualifiers=ident.qualifiers)), e.kind, e.name,
                         tuple(e.alt_labels), ident.scope, ident.reason, text))
    return article.id, str(gid), data, tuple(seen)


def _rank(*parts: str) -> str:
    """A stable pseudo-random rank: the sample keeps its members when rules change other entities' scope."""
    return hashlib.sha256("\x1f".join((str(SEED), *parts)).encode("utf-8")).hexdigest()


def _judgments() -> dict[tuple[str, str, str], tuple[str, str]]:
    if not JUDGMENTS.exists():
        return {}
    with JUDGMENTS.open(encoding="utf-8") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(r["iri"], r["article_a"], r["article_b"]): (r["verdict"], r.get("note", "")) for r in rows}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, help="only the first N records")
    ap.add_argument("--workers", type=int, help="extraction processes (default: every core)")
    ap.add_argument("--review", type=Path, help="write the sampled merges that have no verdict yet (TSV)")
    args = ap.parse_args()
    if not FARS.exists():
        print(f"skipped: the Fars corpus is not at {FARS} (../shared is absent)")
        return
    import pyoxigraph as ox

    from kg.corpus import _extractor
    from kg.io import read_articles
    from kg.parallel import map_ordered

    _extractor()  # load the lexicons once, before the workers fork
    where: dict[str, dict[str, Seen]] = defaultdict(dict)  # iri -> article id -> Seen
    scopes: dict[str, Counter] = defaultdict(Counter)
    articles = skipped = 0
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-identity-") as tmp:
        store = ox.Store(tmp)
        items = islice(read_articles([FARS]), args.limit)
        for aid, gid, data, seen in map_ordered(_work, items, workers=args.workers):
            if gid is None:
                skipped += 1
                continue
            for g in [q.graph_name for q in store.quads_for_pattern(
                    None, ox.NamedNode("https://schema.org/identifier"), ox.Literal(aid), None)]:
                store.remove_graph(g)  # a repeated id replaces its earlier record, as kg build does
            store.load(data, format=ox.RdfFormat.N_QUADS)
            articles += 1
            for s in seen:
                where[s.iri].setdefault(aid, s)
                scopes[s.kind][(s.scope, s.reason)] += 1
        graphs = sum(1 for g in store.named_graphs() if "/graph/" in g.value)
    took = time.perf_counter() - start
    print(f"built {articles} article(s) ({skipped} skipped) in {took:.0f} s; the store holds {graphs} article graph(s)")

    print("\n## How the identity rules scoped each kind (entity mentions per article)\n")
    for kind in KINDS:
        total = sum(scopes[kind].values())
        parts = ", ".join(f"{scope} {reason} {n}" for (scope, reason), n in scopes[kind].most_common())
        print(f"- {kind} ({total}): {parts}")

    print("\n## The entities found in the most articles\n")
    print("| entity | kind | articles | merged variants (skos:altLabel) |")
    print("|---|---|---:|---|")
    for kind in KINDS:
        top = sorted((iri for iri in where if where[iri] and next(iter(where[iri].values())).kind == kind),
                     key=lambda i: (-len(where[i]), i))[:10]
        for iri in top:
            names = Counter(s.name for s in where[iri].values())
            label = max(names)  # what the queries show: the greatest label
            variants = sorted({n for s in where[iri].values() for n in (s.name, *s.alts)} - {label})
            shown = "، ".join(variants[:6]) + (" …" if len(variants) > 6 else "")
            print(f"| {label} | {kind} | {len(where[iri])} | {shown} |")

    multi = sorted(iri for iri in where if len(where[iri]) > 1)
    by_kind = Counter(next(iter(where[i].values())).kind for i in multi)
    print(f"\n## Cross-article merges\n\n{len(multi)} entities are in two or more articles: "
          + ", ".join(f"{k} {by_kind[k]}" for k in KINDS))
    sample = sorted(multi, key=lambda i: _rank(i))[:SAMPLE]
    judged = _judgments()
    same = different = 0
    unjudged = []
    per_kind: dict[str, Counter] = defaultdict(Counter)
    for iri in sample:
        a, b = sorted(sorted(where[iri], key=lambda aid: _rank(iri, aid))[:2])
        verdict = judged.get((iri, a, b))
        kind = where[iri][a].kind
        if verdict is None:
            unjudged.append((iri, a, b))
            continue
        ok = verdict[0] == "same"
        same += ok
        different += not ok
        per_kind[kind]["same" if ok else "different"] += 1
    n = same + different
    print(f"sample of {len(sample)} merges (seed {SEED}): {n} judged, {len(unjudged)} without a verdict")
    if n:
        print(f"precision {same}/{n} = {same / n:.3f} (goal 0.95); by kind: "
              + ", ".join(f"{k} {c['same']}/{c['same'] + c['different']}" for k, c in per_kind.items()))
        for iri in sample:
            a, b = sorted(sorted(where[iri], key=lambda aid: _rank(iri, aid))[:2])
            verdict = judged.get((iri, a, b))
            if verdict and verdict[0] != "same":
                print(f"  wrong: {where[iri][a].name} ({where[iri][a].kind}) in {a} and {b}: {verdict[1]}")
    if args.review and unjudged:
        with args.review.open("w", encoding="utf-8") as fh:
            fh.write("iri\tarticle_a\tarticle_b\tkind\tlabel_a\tlabel_b\tverdict\tnote\tcontext_a\tcontext_b\n")
            for iri, a, b in unjudged:
                sa, sb = where[iri][a], where[iri][b]
                fh.write("\t".join([iri, a, b, sa.kind, sa.name, sb.name, "", f"{sa.scope}/{sa.reason}",
                                    sa.context, sb.context]) + "\n")
        print(f"wrote {len(unjudged)} unjudged merge(s) with their sentences to {args.review}")


if __name__ == "__main__":
    main()
