"""Fixtures for interop tests: exports of real builds, and real SPARQL servers on loopback.

Servers are session-scoped, bound to 127.0.0.1 on free ports, started with a bounded wait and always killed at
teardown; each skips with a reason when its binary is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = REPO / "tests" / "data" / "seed.txt"
FIXTURE_TRIG = HERE / "data" / "sample.trig"
EXTS = (".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf")
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}: {log.read_text(errors='replace')[-800:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within {START_TIMEOUT:g} s: {log.read_text(errors='replace')[-800:]}")


def _stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM the server's process group, then SIGKILL it if it is still there after ``grace`` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


# -- exports --------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def sample_exports(tmp_path_factory) -> dict[str, Path]:
    """The graph layer's hand-made sample build, written by ``kg.export.write_rdf`` in every export format."""
    from kg.export import write_rdf
    from kg.graph import build_dataset
    from kg.graph.sample import sample_extractions

    out = tmp_path_factory.mktemp("sample-exports")
    ds = build_dataset(sample_extractions())
    return {ext: write_rdf(ds, out / f"sample{ext}") for ext in EXTS}


@pytest.fixture(scope="session")
def seed_exports(tmp_path_factory) -> dict[str, Path]:
    """The seed article through the real pipeline (`kg build`), exported in every format (`kg export`)."""
    out = tmp_path_factory.mktemp("seed-exports")
    kg = [str(Path(sys.executable).parent / "kg")]
    trig = out / "seed.trig"
    built = subprocess.run([*kg, "build", str(SEED), "-o", str(trig)], capture_output=True, text=True, timeout=600)
    if built.returncode != 0 or not trig.exists():
        pytest.skip(f"kg build does not run yet: {(built.stderr or built.stdout).strip()[-200:]}")
    from kg.export import export_file

    files = {".trig": trig}
    for ext in EXTS:
        if ext != ".trig":
            files[ext] = export_file(trig, out / f"seed{ext}")
    return files


@pytest.fixture(scope="session", params=["sample", "seed"])
def exports(request) -> dict[str, Path]:
    return request.getfixturevalue(f"{request.param}_exports")


# -- servers --------------------------------------------------------------------------------------------------------

@dataclass
class Server:
    """A running server: its base URL, and (Virtuoso) the isql port and the folder it may bulk-load from."""

    base: str
    data_dir: Path
    isql_port: int = 0

    def isql(self, sql: str, timeout: float = 120) -> str:
        isql = shutil.which("isql-vt") or shutil.which("isql")
        assert isql, "isql-vt is missing"
        r = subprocess.run([isql, f"127.0.0.1:{self.isql_port}", "dba", "dba", f"exec={sql}"],
                           capture_output=True, text=True, timeout=timeout)
        if r.returncode != 0 or "*** Error" in r.stdout + r.stderr:
            raise RuntimeError(f"isql failed: {(r.stdout + r.stderr)[-800:]}")
        return r.stdout


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory) -> Iterator[Server]:
    """``oxigraph serve`` (from the `oxigraph` PyPI package) on a free loopback port, on a fresh directory."""
    binary = _oxigraph_binary()
    if not binary:
        pytest.skip("the Oxigraph server is missing (pip install oxigraph)")
    tmp = tmp_path_factory.mktemp("oxigraph-server")
    port = free_port()
    log = tmp / "server.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([binary, "serve", "--location", str(tmp / "db"), "--bind", f"127.0.0.1:{port}"],
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", proc, "oxigraph serve", log)
        yield Server(f"http://127.0.0.1:{port}", tmp)
    finally:
        _stop(proc)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory) -> Iterator[Server]:
    """Virtuoso Open Source (Debian `virtuoso-opensource`) on free loopback ports, on a fresh database."""
    binary = shutil.which("virtuoso-t")
    if not binary or not (shutil.which("isql-vt") or shutil.which("isql")):
        pytest.skip("Virtuoso is missing (apt-get install virtuoso-opensource)")
    tmp = tmp_path_factory.mktemp("virtuoso")
    data = tmp / "data"
    data.mkdir()
    (tmp / "vsp").mkdir()
    isql, http = free_port(), free_port()
    ini = tmp / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(d=tmp, data=data, isql=isql, http=http))
    log = tmp / "console.log"
    with log.open("wb") as fh:
        proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=tmp,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_http(f"http://127.0.0.1:{http}/sparql?query=ASK%7B%7D", proc, "virtuoso-t", log)
        yield Server(f"http://127.0.0.1:{http}", data, isql)
    finally:
        _stop(proc, grace=20)
