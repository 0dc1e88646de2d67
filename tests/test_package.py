"""The package surface: the public names exist, and importing kg keeps hazm offline."""

from __future__ import annotations

import os
import subprocess
import sys

import kg


def test_package_all_names_are_exported() -> None:
    missing = [name for name in kg.__all__ if not hasattr(kg, name)]
    assert not missing


def test_package_import_sets_hub_offline_before_hazm() -> None:
    code = (
        "import os, sys; os.environ.pop('HF_HUB_OFFLINE', None); import kg; "
        "assert os.environ['HF_HUB_OFFLINE'] == '1'; "
        "assert 'hazm' not in sys.modules, 'importing kg must not import hazm'; "
        "import kg.text; kg.text.make_doc('سلام'); print('ok')"
    )
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "ok"
