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

from kg.analyze.bidi import FSI, PDI, RLI, has_rtl, isolate, isolate_runs
from kg.analyze.centrality import centrality
from kg.analyze.communities import communities
from kg.analyze.convert import find_entity, read_dataset, to_networkx, to_undirected
from kg.analyze.cooccurrence import coparticipation
from kg.analyze.generic import is_unnamed_event
from kg.analyze.graphml import write_graphml
from kg.analyze.paths import NoPath, ego_network, explain_path
from kg.errors import InputError

__all__ = ["analyze", "explain_centrality", "md_escape", "no_path", "run_analysis", "to_html", "to_markdown",
           "write_report"]

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


def _graph_facts(G: nx.MultiDiGraph, H: nx.Graph, exact_max: int) -> dict:
    """What centrality is computed on, in numbers the report states."""
    linked = [n for n in H if H.degree(n) > 0]
    parts = sorted((len(c) for c in nx.connected_components(H.subgraph(linked))), reverse=True)
    return {"entities": len(linked), "isolated": len(H) - len(linked), "links": H.number_of_edges(),
            "facts": G.number_of_edges(), "parts": len(parts), "largest": parts[0] if parts else 0,
            "sampled": bool(parts and parts[0] > exact_max), "exact_max": exact_max}


def _path(G: nx.MultiDiGraph, a, b) -> dict:
    out: dict = {"from": _label(G, a), "to": _label(G, b), "found": True, "note": None, "steps": []}
    try:
        steps = explain_path(G, a, b)
    except NoPath as exc:
        return {**out, "found": False, "note": str(exc), "parts": list(exc.sizes)}
    out["steps"] = [{"source": _label(G, s.source), "kind": s.kind, "target": _label(G, s.target),
                     "forward": s.forward, "weight": s.weight,
                     "evidence": [{"text": t, "article": art, **_source(G, art)} for t, art in s.evidence]}
                    for s in steps]
    return out


def analyze(G: nx.MultiDiGraph, *, ego: str | None = None, radius: int = 1, path: tuple[str, str] | None = None,
            seed: int = 0, top: int = 15, exact_max: int = 2000) -> dict:
    """Run every analysis on the projection and return a JSON-ready dict.

    Keys: ``summary`` (entity and fact counts by type/kind), ``graph`` (what centrality is computed on: entities in
    a fact, links, connected parts), ``centrality`` (the ``top`` entities by PageRank, events without a name left
    out: ``left_out`` says how many), ``communities`` (largest first, singletons left out; members most central first),
    ``coparticipation`` (pairs of people and the events they shared), and when asked ``ego`` (the facts around one
    entity) and ``path`` (the shortest connection between two entities, each fact with the sentences that state it;
    ``found`` is False and ``note`` says why when nothing connects them).

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
    >>> r["graph"]["parts"], r["centrality"][0]["label"], r["centrality"][0]["pairs"]
    (1, 'E', 1.0)
    """
    types = Counter(d.get("type", "") for _, d in G.nodes(data=True))
    kinds = Counter(d.get("kind", "") for _, _, d in G.edges(data=True))
    rows = centrality(G, exact_max=exact_max, seed=seed)
    for r in rows:
        r["articles"] = len(G.nodes[r["node"]].get("articles", ())) if r["node"] in G else 0
    unnamed = [r for r in rows if r["type"] == "event" and is_unnamed_event(str(r["label"]))]
    skip = {r["node"] for r in unnamed}
    order = {r["node"]: i for i, r in enumerate(rows)}  # members of a community listed most central first
    result: dict = {
        "summary": {"entities": dict(types.most_common()), "facts": dict(kinds.most_common()),
                    "articles": len({a for _, d in G.nodes(data=True) for a in d.get("articles", ())})},
        "graph": _graph_facts(G, to_undirected(G), exact_max),
        "centrality": [r for r in rows if r["node"] not in skip][:top],
        "left_out": {"unnamed_events": len(unnamed), "examples": [r["label"] for r in unnamed[:5]]},
        "communities": [{"size": len(c), "nodes": c,
                         "members": [_label(G, n) for n in sorted(c, key=lambda n: (n in skip, order[n]))][:top]}
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
        result["path"] = _path(G, a, b)
    return result


def _n(x: float) -> str:
    """A count as the report prints it: thousands separated, a fraction only when sampling made one."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _pct(x: float) -> str:
    return f"{100 * x:.3g}"


def _quote(text: str) -> str:
    return "«" + isolate(text) + "»"


def no_path(path: dict, quote=_quote) -> str:
    """The sentence a report prints when nothing connects the two entities of ``--path``."""
    a, b = path.get("parts", ("?", "?"))
    return (f"no chain of facts joins {quote(path['from'])} and {quote(path['to'])}: they are in different connected "
            f"parts ({a:,} and {b:,} entities).")


def explain_centrality(result: dict, quote=_quote) -> list[str]:
    """The sentences that say what the centrality table is computed on (shared by Markdown and HTML); ``quote``
    makes a name safe for the output format."""
    g = result.get("graph", {})
    lo = result.get("left_out", {})
    out = [f"Computed on the undirected entity graph: {g.get('entities', 0):,} entities that take part in a fact "
           f"({g.get('isolated', 0):,} more take part in none), {g.get('links', 0):,} links (the facts between two "
           f"entities merged, directions ignored) in {g.get('parts', 0):,} connected parts; the largest part has "
           f"{g.get('largest', 0):,} entities.",
           "PageRank (in %, summing to 100 over all entities) weighs each link by the articles that support it. "
           "Betweenness is the number of pairs of other entities whose shortest connection runs through the entity "
           "(shared among equally short ones); it is bounded by the size of the entity's connected part"
           + (f", and estimated from {g['exact_max']:,} sampled sources in parts larger than that." if g.get("sampled")
              else ".")]
    if lo.get("unnamed_events"):
        out.append(f"{lo['unnamed_events']:,} events without a name (a bare head such as "
                   + ", ".join(quote(x) for x in lo["examples"][:3])
                   + ") are left out of this list; they stay in the graph and in every count.")
    return out


_REPORT_TOP = 30  # rows of the long lists rendered; the JSON keeps them all


def to_markdown(result: dict) -> str:
    """The report as Markdown; article-derived strings go through ``md_escape``, lists are numbered tables."""
    e = md_escape

    def name(text: str) -> str:  # one isolated run per name, so neighbouring names and words keep their order
        return (RLI if has_rtl(text) else FSI) + e(text) + PDI

    lines = ["# Peyvand analysis", "", "## Summary", ""]
    s = result["summary"]
    lines += [f"- {s['articles']} article(s)",
              "- entities: " + (", ".join(f"{k} {v}" for k, v in s["entities"].items()) or "none"),
              "- facts: " + (", ".join(f"{k} {v}" for k, v in s["facts"].items()) or "none"), ""]
    lines += ["## Most central entities", ""]
    for line in explain_centrality(result, quote=lambda t: "«" + name(t) + "»"):
        lines += [line, ""]
    lines += [
              "| # | entity | type | articles | links | betweenness (pairs) | part | PageRank % |",
              "|---:|---|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {i} | {name(r['label'])} | {r['type']} | {r.get('articles', 0)} | {r['degree']} | "
              f"{_n(r.get('pairs', 0))} | {r.get('part', 1):,} | {_pct(r['pagerank'])} |"
              for i, r in enumerate(result["centrality"], 1)] or ["| | (none) | | | | | | |"]
    parts = result["communities"]
    lines += ["", "## Communities (Louvain)", "", "| # | size | members |", "|---:|---:|---|"]
    lines += [f"| {i} | {c['size']} | " + "، ".join(name(m) for m in c["members"]) + (" …" if c["size"] > len(
        c["members"]) else "") + " |" for i, c in enumerate(parts[:_REPORT_TOP], 1)] or ["| | | (none) |"]
    if len(parts) > _REPORT_TOP:
        lines += ["", f"{len(parts) - _REPORT_TOP:,} smaller communities are in the JSON output (--json)."]
    co = result["coparticipation"]
    lines += ["", "## People who appear together", "", "| # | people | shared events | events |", "|---:|---|---:|---|"]
    lines += [f"| {i} | {name(p['people'][0])} — {name(p['people'][1])} | {p['weight']} | "
              f"{'، '.join(name(x) for x in p['events'])} |" for i, p in enumerate(co[:_REPORT_TOP], 1)] \
        or ["| | (none) | | |"]
    if len(co) > _REPORT_TOP:
        lines += ["", f"{len(co) - _REPORT_TOP:,} more pairs are in the JSON output (--json)."]
    if "ego" in result:
        eg = result["ego"]
        lines += ["", f"## Around {name(eg['label'])} (radius {eg['radius']})", "", "| # | fact | articles |",
                  "|---:|---|---:|"]
        lines += [f"| {i} | {name(f['source'])} *{f['kind']}* {name(f['target'])} | {f['weight']} |"
                  for i, f in enumerate(eg["facts"], 1)]
    if "path" in result:
        pa = result["path"]
        lines += ["", f"## How {name(pa['from'])} connects to {name(pa['to'])}", ""]
        if not pa.get("found", True):
            lines.append("No path: " + no_path(pa, quote=lambda t: "«" + name(t) + "»"))
        else:
            lines += ["| # | fact | said in |", "|---:|---|---|"]
            for i, st in enumerate(pa["steps"], 1):
                said = "<br>".join(
                    "«" + name(ev["text"]) + "»" + (f" — *{name(ev['headline'])}*" if ev.get("headline") else "")
                    + (f" ({ev['published']})" if ev.get("published") else "") for ev in st["evidence"])
                lines.append(f"| {i} | {name(st['source'])} *{st['kind']}* {name(st['target'])} | {said} |")
    return "\n".join(lines) + "\n"


@cache
def _html_template():
    text = resources.files("kg.analyze").joinpath("report.html").read_text(encoding="utf-8")
    env = Environment(autoescape=True)
    env.filters["bidi"] = isolate_runs
    env.filters["n"] = _n
    env.filters["pct"] = _pct
    return env.from_string(text)


def to_html(result: dict) -> str:
    """The report as a standalone HTML page (autoescaped; PageRank drawn as CSS bars)."""
    missing = "path" in result and not result["path"].get("found", True)
    return _html_template().render(r=result, why=explain_centrality(result), top=_REPORT_TOP,
                                   no_path=no_path(result["path"]) if missing else "")


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
