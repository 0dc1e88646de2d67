"""The analysis report: one JSON-ready result, rendered as Markdown or HTML with every article string escaped."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment

from kg.analyze.bidi import isolate_runs
from kg.analyze.centrality import centrality
from kg.analyze.communities import communities
from kg.analyze.convert import find_entity, read_dataset, to_networkx
from kg.analyze.cooccurrence import coparticipation
from kg.analyze.graphml import write_graphml
from kg.analyze.paths import ego_network, explain_path
from kg.errors import InputError

__all__ = ["analyze", "md_escape", "run_analysis", "to_html", "to_markdown", "write_report"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_escape(text: str) -> str:
    """Make article text inert in Markdown: HTML-escape it, backslash Markdown syntax, fold newlines; Latin/digit
    runs inside Persian are bidi-isolated so dates read in order.

    Examples
    --------
    >>> md_escape("<img src=x onerror=alert(1)> *bold* [a](b)")
    '&lt;img src=x onerror=alert\\\\(1\\\\)&gt; \\\\*bold\\\\* \\\\[a\\\\]\\\\(b\\\\)'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(isolate_runs(" ".join(str(text).split())), quote=True))


def _label(G: nx.Graph, n) -> str:
    return str(G.nodes[n].get("label", n)) if n in G else str(n)


def _source(G: nx.Graph, article: str) -> dict:
    """Headline and publication date of an article, when the graph has them."""
    meta = G.graph.get("articles", {}).get(article, {})
    return {"headline": meta.get("headline") or meta.get("name"), "published": meta.get("datePublished")}


def analyze(G: nx.MultiDiGraph, *, ego: str | None = None, radius: int = 1, path: tuple[str, str] | None = None,
            seed: int = 0, top: int = 15) -> dict:
    """Run every analysis on the projection and return a JSON-ready dict.

    Keys: ``summary`` (entity and fact counts by type/kind), ``centrality`` (top entities), ``communities``
    (labelled members, largest first, singletons left out), ``coparticipation`` (pairs of people and the events
    they shared), and when asked ``ego`` (the facts around one entity) and ``path`` (the shortest connection
    between two entities, each fact with the sentences that state it).

    Examples
    --------
    >>> M = nx.MultiDiGraph()
    >>> M.add_nodes_from([("a", {"type": "person", "label": "A"}), ("b", {"type": "person", "label": "B"}),
    ...                   ("e", {"type": "event", "label": "E"})])
    >>> for p in "ab":
    ...     _ = M.add_edge(p, "e", key="attended", kind="attended", weight=1, evidence=[])
    >>> r = analyze(M)
    >>> r["summary"]["entities"], r["coparticipation"][0]["people"], r["coparticipation"][0]["events"]
    ({'person': 2, 'event': 1}, ['A', 'B'], ['E'])
    """
    types = Counter(d.get("type", "") for _, d in G.nodes(data=True))
    kinds = Counter(d.get("kind", "") for _, _, d in G.edges(data=True))
    result: dict = {
        "summary": {"entities": dict(types.most_common()), "facts": dict(kinds.most_common()),
                    "articles": len({a for _, d in G.nodes(data=True) for a in d.get("articles", ())})},
        "centrality": centrality(G, top=top),
        "communities": [{"size": len(c), "members": [_label(G, n) for n in c][:top], "nodes": c}
                        for c in communities(G, seed=seed) if len(c) > 1],
    }
    co = coparticipation(G)
    pairs = sorted(co.edges(data=True), key=lambda e: (-e[2]["weight"], _label(G, e[0]), _label(G, e[1])))
    result["coparticipation"] = [{"people": sorted([_label(G, a), _label(G, b)]), "nodes": [a, b],
                                  "weight": d["weight"], "events": [_label(G, e) for e in d["events"]]}
                                 for a, b, d in pairs]
    if ego is not None:
        center = find_entity(G, ego)
        E = ego_network(G, center, radius=radius)
        result["ego"] = {"center": center, "label": _label(G, center), "radius": radius,
                         "facts": [{"source": _label(G, u), "kind": d.get("kind", ""), "target": _label(G, v),
                                    "weight": d.get("weight", 1)}
                                   for u, v, d in sorted(E.edges(data=True),
                                                         key=lambda e: (e[2].get("kind", ""), _label(G, e[0]),
                                                                        _label(G, e[1])))]}
    if path is not None:
        a, b = (find_entity(G, p) for p in path)
        result["path"] = {"from": _label(G, a), "to": _label(G, b),
                          "steps": [{"source": _label(G, s.source), "kind": s.kind, "target": _label(G, s.target),
                                     "forward": s.forward, "weight": s.weight,
                                     "evidence": [{"text": t, "article": art, **_source(G, art)}
                                                  for t, art in s.evidence]}
                                    for s in explain_path(G, a, b)]}
    return result


def to_markdown(result: dict) -> str:
    """The report as Markdown; article-derived strings go through ``md_escape``."""
    e = md_escape
    lines = ["# Peyvand analysis", "", "## Summary", ""]
    s = result["summary"]
    lines += [f"- {s['articles']} article(s)",
              "- entities: " + (", ".join(f"{k} {v}" for k, v in s["entities"].items()) or "none"),
              "- facts: " + (", ".join(f"{k} {v}" for k, v in s["facts"].items()) or "none"), ""]
    lines += ["## Most central entities", "", "| entity | type | degree | betweenness | PageRank |",
              "|---|---|---:|---:|---:|"]
    lines += [f"| {e(r['label'])} | {r['type']} | {r['degree']} | {r['betweenness']:.3f} | {r['pagerank']:.3f} |"
              for r in result["centrality"]]
    lines += ["", "## Communities (Louvain)", ""]
    lines += [f"{i}. ({c['size']}) " + "، ".join(e(m) for m in c["members"])
              for i, c in enumerate(result["communities"], 1)] or ["(none)"]
    lines += ["", "## People who appear together", "", "| people | shared events | events |", "|---|---:|---|"]
    lines += [f"| {e(p['people'][0])} — {e(p['people'][1])} | {p['weight']} | {'، '.join(e(x) for x in p['events'])} |"
              for p in result["coparticipation"]] or ["| (none) | | |"]
    if "ego" in result:
        eg = result["ego"]
        lines += ["", f"## Around {e(eg['label'])} (radius {eg['radius']})", ""]
        lines += [f"- {e(f['source'])} —*{f['kind']}*→ {e(f['target'])} ({f['weight']} article(s))"
                  for f in eg["facts"]]
    if "path" in result:
        pa = result["path"]
        lines += ["", f"## How {e(pa['from'])} connects to {e(pa['to'])}", ""]
        for i, st in enumerate(pa["steps"], 1):
            lines.append(f"{i}. {e(st['source'])} —*{st['kind']}*→ {e(st['target'])}")
            lines += [f"   > {e(ev['text'])}" + (f" — *{e(ev['headline'])}*" if ev.get("headline") else "")
                      + (f" ({ev['published']})" if ev.get("published") else "") for ev in st["evidence"]]
    return "\n".join(lines) + "\n"


@cache
def _html_template():
    text = resources.files("kg.analyze").joinpath("report.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    env.filters["bidi"] = isolate_runs
    return env.from_string(text)


def to_html(result: dict) -> str:
    """The report as a standalone HTML page (autoescaped; PageRank drawn as CSS bars)."""
    return _html_template().render(r=result)


def write_report(result: dict, out: str | Path, *, json_out: str | Path | None = None) -> Path:
    """Write the report as Markdown or HTML (by ``out``'s extension), and optionally the JSON, as UTF-8."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = to_markdown(result)
    elif suffix in (".html", ".htm"):
        text = to_html(result)
    else:
        raise InputError(f"{out}: report must end in .md or .html")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if json_out is not None:
        Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def run_analysis(source: str | Path, out: str | Path, *, json_out: str | Path | None = None,
                 graphml_out: str | Path | None = None, ego: str | None = None, radius: int = 1,
                 path: tuple[str, str] | None = None, seed: int = 0) -> dict:
    """``kg analyze``: open SOURCE, project it, analyse, write the report (and JSON / GraphML when asked)."""
    if Path(out).suffix.lower() not in (".md", ".markdown", ".html", ".htm"):
        raise InputError(f"{out}: report must end in .md or .html")
    G = to_networkx(read_dataset(source))
    result = analyze(G, ego=ego, radius=radius, path=path, seed=seed)
    write_report(result, out, json_out=json_out)
    if graphml_out is not None:
        write_graphml(G, graphml_out)
    return result
