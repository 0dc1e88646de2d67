"""`kg serve` (a SPARQL 1.1 endpoint over a store) and `kg push` (load a store into a remote SPARQL server)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import app
from kg.cli._util import console, out


@app.command("serve")
def serve_cli(
    store: Annotated[Path, typer.Argument(help="An Oxigraph store directory, or any file `kg build` writes.")],
    host: Annotated[str, typer.Option(help="Address to bind; anything but loopback exposes the data.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (0: any free port).")] = 7878,
    timeout: Annotated[float, typer.Option(help="Seconds a query may run before it is stopped.")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="Results are cut at this many rows or triples.")] = 10_000,
    workers: Annotated[int, typer.Option(help="Query worker processes (one when updates are allowed).")] = 2,
    allow_update: Annotated[bool, typer.Option(help="Accept SPARQL Update with a bearer token.")] = False,
    token: Annotated[str | None, typer.Option(envvar="KG_SERVE_TOKEN",
                                              help="Bearer token for updates (default: a random one).")] = None,
    allow_service: Annotated[bool, typer.Option(help="Allow SERVICE calls to other endpoints.")] = False,
    allow_load: Annotated[bool, typer.Option(help="Allow LOAD <url> in updates.")] = False,
    union_default_graph: Annotated[bool, typer.Option(help="Default graph = union of all graphs.")] = True,
    cors: Annotated[str | None, typer.Option("--cors", metavar="ORIGIN", help="Let web pages from ORIGIN (e.g. "
                                             "http://localhost:8080, or '*' for any) read answers; default: none.")
                    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every request.")] = False,
) -> None:
    """Serve STORE as a SPARQL 1.1 Protocol endpoint at /sparql (read-only and on 127.0.0.1 unless told)."""
    from kg.store.serve import ServeConfig, serve

    if allow_update and not token:
        token = secrets.token_urlsafe(24)
        console.print(f"update token (send as 'Authorization: Bearer …'): {token}", markup=False, highlight=False)
    config = ServeConfig(
        store=store, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
        allow_update=allow_update, token=token, allow_service=allow_service, allow_load=allow_load,
        union_default_graph=union_default_graph, cors_origin=cors or "", quiet=not verbose,
    )
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"warning: listening on {host}: anyone who can reach it can query the store", style="yellow")

    def ready(server) -> None:
        out.print(f"SPARQL endpoint: {server.url}", markup=False, highlight=False)
        out.file.flush()

    serve(config, ready)


@app.command("push")
def push_cli(
    store: Annotated[Path, typer.Argument(help="An Oxigraph store directory, or any file `kg build` writes.")],
    to: Annotated[str, typer.Option("--to", help="The server's base URL (or SPARQL endpoint for generic).")],
    server: Annotated[str, typer.Option(help="generic, oxigraph, virtuoso, fuseki or kg.")] = "generic",
    method: Annotated[str, typer.Option(help="auto, gsp (Graph Store PUT) or update (SPARQL Update).")] = "auto",
    update_url: Annotated[str | None, typer.Option(help="Update endpoint, if not derived from --to.")] = None,
    gsp_url: Annotated[str | None, typer.Option(help="Graph Store Protocol endpoint, if not derived.")] = None,
    user: Annotated[str | None, typer.Option(help="User for HTTP digest auth (Virtuoso: dba).")] = None,
    password: Annotated[str | None, typer.Option(envvar="KG_REMOTE_PASSWORD", help="Password (env KG_REMOTE_PASSWORD).")
                        ] = None,
    basic: Annotated[bool, typer.Option(help="Use HTTP basic auth instead of digest.")] = False,
    token: Annotated[str | None, typer.Option(envvar="KG_REMOTE_TOKEN", help="Bearer token (kg serve).")] = None,
    default_graph: Annotated[str | None, typer.Option(help="Graph IRI for default-graph triples.")] = None,
    batch: Annotated[int, typer.Option(min=1, help="Triples per INSERT DATA request.")] = 2000,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each HTTP answer.")] = 120.0,
) -> None:
    """Replace on a remote SPARQL server every graph STORE holds, then check the server's count of each."""
    import httpx

    from kg.errors import RemoteStoreError, StoreError
    from kg.store.remote import Endpoints, RemoteStore, endpoints_for

    if server not in ("generic", "oxigraph", "virtuoso", "fuseki", "kg"):
        raise StoreError(f"unknown --server {server!r}")
    if method not in ("auto", "gsp", "update"):
        raise StoreError(f"unknown --method {method!r}")
    ends = endpoints_for(to, server)  # type: ignore[arg-type]
    ends = Endpoints(ends.query, update_url or ends.update, gsp_url or ends.gsp)
    auth = None
    if user:
        password = password if password is not None else os.environ.get("KG_REMOTE_PASSWORD")
        if password is None:
            raise StoreError(f"--user {user} needs a password: set KG_REMOTE_PASSWORD (e.g. "
                             f"`KG_REMOTE_PASSWORD=... kg push ...`) or give --password")
        auth = httpx.BasicAuth(user, password) if basic else httpx.DigestAuth(user, password)
    with RemoteStore(ends, auth=auth, token=token, timeout=timeout) as remote:
        try:
            report = remote.push(store, method=method, batch=batch,  # type: ignore[arg-type]
                                 default_graph=default_graph)
        except RemoteStoreError as exc:
            if " HTTP 401" in str(exc):
                who = f"user {user!r} and its password" if user else "no credentials"
                raise RemoteStoreError(f"{exc} — the server refused {who}; give --user and the password "
                                       "(KG_REMOTE_PASSWORD or --password), or --token for kg serve") from None
            raise
    unverified = len(report.graphs) - len(report.verified)
    out.print(
        f"pushed {report.triples} triples in {len(report.graphs)} graph(s) by {report.method} in "
        f"{report.seconds:.2f} s; {len(report.verified)} graph count(s) verified on the server"
        + (f", {unverified} (default graph) not verifiable" if unverified else ""),
        markup=False, highlight=False,
    )
