"""Start ``kg serve`` on a free loopback port for interop tests (the serve tests have their own fixture)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

KG = str(Path(sys.executable).parent / "kg")
START_TIMEOUT = 60.0


@dataclass
class Served:
    proc: subprocess.Popen
    url: str


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it if it is still there after 15 s."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def start_kg_serve(*args: str) -> Served:
    """Run ``kg serve ARGS --port 0`` and wait (bounded) for the endpoint URL it prints."""
    proc = subprocess.Popen([KG, "serve", *args, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    lines: list[str] = []
    errors: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()
    threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        found = [ln for ln in list(lines) if ln.startswith("SPARQL endpoint: ")]
        if found:
            return Served(proc, found[0].split(": ", 1)[1].strip())
        time.sleep(0.05)
    stop(proc)
    raise RuntimeError(f"kg serve did not start: {''.join(errors)[-800:]}")
