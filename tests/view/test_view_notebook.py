"""The tutorial notebook runs top to bottom, offline, and is stored WITH its outputs so that it reads on GitHub:
outputs that name no path of the machine that ran it, a still picture of the view (SVG; GitHub runs no script),
and a run that gives the same outputs every time (notebooks/run.py re-runs and stores it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "tutorial.ipynb"
RUNNER = NOTEBOOK.parent / "run.py"


def _runner():
    spec = importlib.util.spec_from_file_location("notebook_runner", RUNNER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _shape(nb) -> list[list[tuple[str, tuple[str, ...]]]]:
    """Per code cell: each output's type and mime types (what changes if a cell stops showing something)."""
    return [[(o.output_type, tuple(sorted(o.get("data", {})))) for o in c.outputs]
            for c in nb.cells if c.cell_type == "code"]


def test_notebook_is_stored_with_outputs_that_read_on_github():
    nbformat = pytest.importorskip("nbformat")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))  # run once, top to bottom
    assert all(c.outputs for c in code)
    outputs = [o for c in code for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [c for c in nb.cells if "execution" in c.metadata]  # no timestamps to churn
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert {"image/svg+xml", "text/markdown"} <= mimes  # the view as a picture, the report as Markdown
    assert not any(o.get("data", {}).get("text/html", "").startswith("<iframe") for o in outputs)  # unreadable there
    assert _runner().machine_paths(nb) == []
    text = "".join(o.get("text", "") for o in outputs)
    assert "posts:" in text and "coparticipation:" in text  # competency queries ran


@pytest.mark.slow
def test_notebook_runs_top_to_bottom_the_same_every_time():
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel", reason="the notebook needs a Python kernel (pip install ipykernel)")
    nbformat = pytest.importorskip("nbformat")
    runner = _runner()
    first, second = runner.execute(), runner.execute()
    assert not [o for c in first.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert runner.machine_paths(first) == []
    assert runner.outputs(first) == runner.outputs(second)  # re-running does not churn the stored file
    assert _shape(first) == _shape(nbformat.read(NOTEBOOK, as_version=4))  # the stored outputs are this run's kind
