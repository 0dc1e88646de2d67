"""Run the tutorial top to bottom and store it WITH its outputs, so that it reads on GitHub.

    .venv/bin/python notebooks/run.py            # re-run and store
    .venv/bin/python notebooks/run.py --check    # re-run, store nothing; exit 1 if the outputs would change

Outputs are made stable: no timing metadata, no absolute paths (the run fails if one appears), the kernel's own
metadata dropped, and the graph seeded, so the same articles give the same notebook.
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parent / "tutorial.ipynb"
# what a machine-specific path looks like in an output: the repository, the temp dir, a home directory
ABSOLUTE = re.compile(r"(/tmp/|/var/folders/|/home/|/root/|/Users/|[A-Z]:\\\\)")


def execute(path: Path = NOTEBOOK, timeout: int = 600) -> nbformat.NotebookNode:
    """The notebook at ``path`` executed in its own folder, with outputs normalised (see the module doc)."""
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _coalesce(cell.outputs)
    return nb


def _coalesce(outs: list) -> list:
    """Consecutive writes to one stream as one output: how the kernel splits them depends on timing."""
    merged: list = []
    for out in outs:
        if (out.output_type == "stream" and merged and merged[-1].output_type == "stream"
                and merged[-1].name == out.name):
            merged[-1].text += out.text
        else:
            merged.append(out)
    return merged


def outputs(nb: nbformat.NotebookNode) -> list:
    """Every code cell's outputs, as stored (what a diff of the file would show)."""
    return [copy.deepcopy(c.outputs) for c in nb.cells if c.cell_type == "code"]


def machine_paths(nb: nbformat.NotebookNode) -> list[str]:
    """Output text that names a path of the machine that ran it."""
    root = str(NOTEBOOK.parents[1])
    found = []
    for out in (o for c in nb.cells if c.cell_type == "code" for o in c.outputs):
        text = out.get("text", "") + "".join(str(v) for v in out.get("data", {}).values())
        found += [m for m in ABSOLUTE.findall(text)] + ([root] if root in text else [])
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if re-running changes the stored outputs")
    args = ap.parse_args()
    nb = execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    if errors:
        print(f"error: the notebook failed: {errors[0].get('ename')}: {errors[0].get('evalue')}", file=sys.stderr)
        return 1
    if paths := machine_paths(nb):
        print(f"error: outputs name paths of this machine: {sorted(set(paths))}", file=sys.stderr)
        return 1
    if args.check:
        same = outputs(nb) == outputs(nbformat.read(NOTEBOOK, as_version=4))
        print("outputs unchanged" if same else "outputs changed: run notebooks/run.py and commit the notebook")
        return 0 if same else 1
    nbformat.write(nb, NOTEBOOK)
    print(f"stored {NOTEBOOK.name} with outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
