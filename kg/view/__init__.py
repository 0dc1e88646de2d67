"""Interactive pages: ``to_view_data`` (pure data) → ``render_html``/``write_html`` (pyvis, self-contained)."""

from kg.view.data import isolate, layout, to_view_data
from kg.view.html import iframe, render_html, write_html
from kg.view.svg import to_svg
from kg.view.viz import write_view

__all__ = ["iframe", "isolate", "layout", "render_html", "to_svg", "to_view_data", "write_html", "write_view"]
