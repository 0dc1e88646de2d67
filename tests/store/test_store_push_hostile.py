"""`kg push` against a real (tiny, local) HTTP server that misbehaves, and with options a user gets wrong (issue 12
item 10, issue 16): one line each, no traceback, and nothing sent when the command is wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.remote import RemoteStore, endpoints_for

FIXTURE_TRIG = Path(__file__).resolve().parents[1] / "interop" / "data" / "sample.trig"
KG = str(Path(sys.executable).with_name("kg"))


class Server(ThreadingHTTPServer):
    """Takes Graph Store PUTs and updates; answers queries with ``reply`` (JSON) or ``status``."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[str] = []
        self.reply: object = {"head": {"vars": ["g", "n"]}, "results": {"bindings": [{"x": {"value": "1"}}]}}
        self.status = 200

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: Server

    def _reply(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.requests.append(f"{self.command} {self.path}")
        if self.server.status != 200:
            self.send_response(self.server.status)
            self.send_header("WWW-Authenticate", 'Digest realm="x", nonce="abc", qop="auth"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = json.dumps(self.server.reply).encode() if self.command == "POST" else b""
        self.send_response(200 if body else 204)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_PUT = do_POST = _reply

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    threading.Thread(target=s.serve_forever, daemon=True).start()
    yield s
    s.shutdown()
    s.server_close()


def _push(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("KG_REMOTE_")}
    return subprocess.run([KG, "push", str(FIXTURE_TRIG), *args], capture_output=True, text=True, timeout=120,
                          env={**base, **(env or {})})


def _one_line(res: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in res.stderr, res.stderr
    (line,) = res.stderr.splitlines()
    return line


def test_a_count_reply_without_the_expected_fields_is_one_line(server: Server) -> None:
    res = _push("--to", server.base, "--server", "oxigraph")
    assert res.returncode == 1
    assert "the answer to a count query is not SPARQL JSON results with ?g and ?n" in _one_line(res)
    server.reply = ["not", "an", "object"]
    res = _push("--to", server.base, "--server", "oxigraph")
    assert res.returncode == 1 and "answer is not SPARQL JSON results" in _one_line(res)


@pytest.mark.parametrize("batch", ["0", "-1"])
def test_a_batch_that_is_not_positive_is_refused_before_sending(server: Server, batch: str) -> None:
    res = _push("--to", server.base, "--server", "oxigraph", "--method", "update", "--batch", batch)
    assert res.returncode == 2 and "Traceback" not in res.stderr and "--batch" in res.stderr
    assert server.requests == []
    with RemoteStore(endpoints_for(server.base, "oxigraph")) as remote, pytest.raises(StoreError, match="batch"):
        remote.push(FIXTURE_TRIG, method="update", batch=int(batch))
    assert server.requests == []


def test_user_without_a_password_says_how_to_give_it(server: Server) -> None:
    res = _push("--to", server.base, "--server", "virtuoso", "--user", "dba")
    assert res.returncode == 1
    line = _one_line(res)
    assert line.startswith("error: --user dba needs a password") and "KG_REMOTE_PASSWORD" in line
    assert "--password" in line
    assert server.requests == []


def test_a_refused_password_is_said_in_words(server: Server) -> None:
    server.status = 401
    res = _push("--to", server.base, "--server", "virtuoso", "--user", "dba", env={"KG_REMOTE_PASSWORD": "wrong"})
    assert res.returncode == 1
    line = _one_line(res)
    assert "HTTP 401" in line and "the server refused user 'dba' and its password" in line
