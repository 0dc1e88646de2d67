"""Start `kg serve` in a subprocess on a free loopback port; always stop it (and its workers) at teardown."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KG = str(Path(sys.executable).parent / "kg")
FIXTURE_TRIG = Path(__file__).resolve().parents[1] / "interop" / "data" / "sample.trig"
START_TIMEOUT = 60.0


@dataclass
class Served:
    proc: subprocess.Popen
    url: str
    stderr: list[str] = field(default_factory=list)


def _stop(proc: subprocess.Popen) -> None:
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
    served = Served(proc, "")
    lines: list[str] = []

    def read_stdout() -> None:
        for line in proc.stdout:
            lines.append(line)

    def read_stderr() -> None:
        for line in proc.stderr:
            served.stderr.append(line)

    threading.Thread(target=read_stdout, daemon=True).start()
    threading.Thread(target=read_stderr, daemon=True).start()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        found = [ln for ln in lines if ln.startswith("SPARQL endpoint: ")]
        if found:
            served.url = found[0].split(": ", 1)[1].strip()
            return served
        time.sleep(0.05)
    _stop(proc)
    raise RuntimeError(f"kg serve did not start: {''.join(served.stderr)[-800:]}")


@pytest.fixture
def kg_serve() -> Iterator[Callable[..., Served]]:
    """A factory: ``kg_serve(STORE, *options)``; every server it starts is stopped at teardown."""
    started: list[Served] = []

    def start(*args: str) -> Served:
        s = start_kg_serve(*args)
        started.append(s)
        return s

    yield start
    for s in started:
        _stop(s.proc)


@pytest.fixture(scope="session")
def readonly_server() -> Iterator[Served]:
    """The hand-written fixture served read-only with a short timeout and a small row limit."""
    s = start_kg_serve(str(FIXTURE_TRIG), "--timeout", "2", "--max-rows", "50")
    yield s
    _stop(s.proc)
