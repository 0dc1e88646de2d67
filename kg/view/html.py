"""Render view data as a self-contained pyvis page: the only module that imports pyvis.

The page works from a file with no network: vis-network is inlined (``cdn_resources="in_line"``) from pyvis's
bundled copy, our own template replaces pyvis's (which links Bootstrap from a CDN), the Persian font is embedded as
base64, and a Content-Security-Policy forbids any request. Files are written as UTF-8 by us, not by pyvis.
"""

from __future__ import annotations

import base64
import html as _html
from functools import cache
from importlib import resources
from pathlib import Path

import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pyvis.network import Network

__all__ = ["iframe", "render_html", "write_html"]

_ASSETS = Path(str(resources.files("kg.view").joinpath("assets")))
_PYVIS_TEMPLATES = Path(pyvis.__file__).parent / "templates"


@cache
def _env() -> Environment:
    loader = ChoiceLoader([FileSystemLoader(str(_ASSETS)), FileSystemLoader(str(_PYVIS_TEMPLATES))])
    env = Environment(loader=loader, autoescape=select_autoescape(["html"], default_for_string=True))
    # |tojson still escapes < > & ' (so no text can close the <script>); keep Persian readable in the file.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


@cache
def _font_b64() -> str:
    return base64.b64encode((_ASSETS / "Vazirmatn-Regular.woff2").read_bytes()).decode("ascii")


@cache
def _page_js() -> Markup:
    """The page's own script (``assets/page.js``), inlined as is: it is our code, never article text."""
    return Markup((_ASSETS / "page.js").read_text(encoding="utf-8"))


def _options(physics: bool) -> dict:
    font = {"face": "Vazirmatn, Tahoma, sans-serif", "size": 20, "strokeWidth": 3, "strokeColor": "#ffffff"}
    # Without physics (big pages) labels are sized by centrality and drawn only once DRAW_PX tall on screen, up
    # to 26 px however far one zooms in; edge labels appear once one has zoomed in close.
    labels = {"drawThreshold": 9, "maxVisible": 26} if not physics else {"drawThreshold": 5, "maxVisible": 30}
    return {
        "nodes": {"font": font, "borderWidth": 1, "scaling": {"label": labels}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False,
                  "font": {**font, "size": 14 if physics else 11, "align": "horizontal"}, "color": {"inherit": False},
                  "scaling": {"label": {"drawThreshold": 5 if physics else 9}}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False,
                        "zoomSpeed": 0.6},
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "physics": {"enabled": physics, "solver": "barnesHut",
                    "barnesHut": {"gravitationalConstant": -9000, "springLength": 220, "springConstant": 0.03,
                                  "avoidOverlap": 0.3},
                    "stabilization": {"enabled": physics, "iterations": 150, "fit": True}},
    }


def _network(data: dict) -> Network:
    """Fill a pyvis Network by assigning node and edge lists directly (``from_nx`` is quadratic). Every entity of
    the page is here; the page's script decides which of them are drawn."""
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    net.nodes = [{"id": n["id"], "label": n["label"], "shape": n["shape"], "color": n["color"],
                  "size": n["size"] * (1.5 if n.get("focus") else 1), "borderWidth": 4 if n.get("focus") else 1,
                  "font": {"size": n.get("font", 20)}, "x": n["x"], "y": n["y"]} for n in data["nodes"]]
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.edges = [{"id": f"e{i}", "from": e["from"], "to": e["to"], "label": e["label"] or None,
                  "color": e["color"], "width": min(1 + e["weight"], 6)} for i, e in enumerate(data["edges"])]
    net.options = _options(bool(data["physics"]))
    return net


def render_html(data: dict) -> str:
    """The page for ``to_view_data`` output, as a string (no file, no network).

    Examples
    --------
    >>> page = render_html({"title": "t", "nodes": [], "edges": [], "legend": [], "notices": ["<b>"],
    ...                     "physics": False, "stats": {"nodes": 0, "edges": 0, "total_nodes": 0}})
    >>> '<span class="notice">&lt;b&gt;</span>' in page, "bootstrap" in page
    (True, False)
    """
    net = _network(data)
    nodes, edges, _heading, _h, _w, _opts = net.get_network_data()
    return _env().get_template("page.html").render(
        title=data["title"], payload={"data": data, "nodes": nodes, "edges": edges, "options": net.options},
        legend=data["legend"],
        notices=data["notices"], stats=data["stats"], font_b64=_font_b64(), page_js=_page_js())


def write_html(data: dict, path: str | Path) -> Path:
    """Write the page as UTF-8 and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(data), encoding="utf-8")
    return path


def iframe(page: str, height: int = 600) -> str:
    """Embed a rendered page in an ``<iframe srcdoc>`` (for notebooks): the page keeps its own CSP and scripts."""
    return (f'<iframe srcdoc="{_html.escape(page, quote=True)}" style="width:100%;height:{height}px;border:0" '
            'sandbox="allow-scripts"></iframe>')
