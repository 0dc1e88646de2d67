"""Embedded stores: a persistent Oxigraph directory, or any RDF file ``kg build`` writes, as an rdflib ``Dataset``.

Every store is an rdflib ``Dataset`` over oxrdflib's ``OxigraphStore`` (so SPARQL runs in Oxigraph), with
``default_union=True``. A directory (or a path ending in ``.oxigraph``) is opened on disk; a file is parsed by
pyoxigraph into an in-memory store and is NOT written back (use ``kg.export.write_rdf``). Triple-only formats
(.ttl .nt .rdf) have no named graphs, so their triples go into ``FILE_GRAPH`` to keep ``GRAPH ?g`` queries working.

Known traps (oxrdflib 0.5): transactions are no-ops (a failed bulk write is not rolled back; rebuild from an
N-Quads/TriG export); only one writer may hold a directory; the on-disk format may change between versions.
Bulk writes go straight to pyoxigraph (``bulk_extend``), terms converted once each.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.errors import StoreError
from kg.graph.vocab import DEFAULT_BASE, bind_prefixes
from kg.store.formats import FORMATS, rdf_format

__all__ = [
    "FILE_FORMATS",
    "FILE_GRAPH",
    "QuadConverter",
    "close_store",
    "file_format",
    "is_store",
    "is_store_dir",
    "memory_store",
    "open_store",
    "ox_store",
    "replace_graphs",
]

FILE_FORMATS: dict[str, ox.RdfFormat] = {suffix: f.rdf for suffix, f in FORMATS.items()}  # the registry's view
FILE_GRAPH = ox.NamedNode("urn:x-peyvand:file-triples")
_OPEN_ATTEMPTS = 6  # read-only opens racing a writer's compaction: retry with backoff (~1.6 s in all)


def file_format(path: str | Path) -> ox.RdfFormat:
    """The RDF format a file name implies (``kg.store.formats``), or ``StoreError`` listing the known extensions."""
    return rdf_format(path)


def is_store_dir(target: str | Path) -> bool:
    """True when ``target`` names a persistent store: an existing directory, a path ending in ``.oxigraph`` or
    ``/``, or a path that does not exist yet and has no file extension."""
    p = Path(target)
    text = str(target)
    try:
        is_dir, exists = p.is_dir(), p.exists()
    except OSError:  # a name too long to stat: it names nothing yet
        is_dir = exists = False
    return (is_dir or text.endswith("/") or text.rstrip("/").endswith(".oxigraph")
            or (not exists and p.suffix == ""))


def _wrap(store: ox.Store, base_iri: str = DEFAULT_BASE) -> Dataset:
    ds = Dataset(store=OxigraphStore(store=store), default_union=True)
    bind_prefixes(ds, base_iri)
    return ds


def memory_store(base_iri: str = DEFAULT_BASE) -> Dataset:
    """An empty in-memory Oxigraph-backed dataset (fast bulk writes and SPARQL; nothing persists)."""
    return _wrap(ox.Store(), base_iri)


def ox_store(ds: Dataset) -> ox.Store | None:
    """The pyoxigraph store behind ``ds``, or None for a plain rdflib dataset."""
    st = ds.store
    return st._inner if isinstance(st, OxigraphStore) else None


def close_store(ds: Dataset) -> None:
    """Release the Oxigraph store behind ``ds`` now (flushing it), so another writer can open the directory.

    pyoxigraph frees a store (and its lock) only when the last reference goes; rdflib's reference cycles would
    delay that to the next garbage collection. The dataset must not be used afterwards. A flush that fails (disk
    full) is a ``StoreError``: what was committed before stays, each article being its own transaction.
    """
    st = ds.store
    if isinstance(st, OxigraphStore) and st._store is not None:
        inner, st._store = st._store, None
        try:
            inner.flush()
        except RuntimeError:  # read-only stores cannot flush (and need not)
            pass
        except OSError as exc:
            raise StoreError(f"cannot finish writing the store ({_first_line(exc)}); every article written "
                             "before this is kept, rerun the build to complete it") from None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a directory holding an Oxigraph (RocksDB) database."""
    return (Path(path) / "CURRENT").is_file()


def _kg_command(pid: int) -> str | None:
    """``kg serve`` / ``kg build`` / ``kg remove`` when ``pid`` or its parent (a query worker) runs one, else None."""
    for _ in range(2):
        args = [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")]
        if any(Path(a).name == "kg" or "kg.cli" in a for a in args[:3]):  # the kg script, or python -c kg.cli
            for cmd in ("serve", "build", "remove"):
                if cmd in args[1:5]:
                    return f"kg {cmd}"
        pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return None


def _lock_holder(path: Path) -> str:
    """Who holds a store's write lock, from ``/proc/locks`` (Linux): ``" (kg serve, pid 123)"``, or ``""``."""
    try:
        st = (path / "LOCK").stat()
        dev = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if len(fields) > 5 and fields[5] == dev:
                pid = int(fields[4])
                cmd = _kg_command(pid)
                return f" ({cmd}, pid {pid})" if cmd else f" (pid {pid})"
    except (OSError, ValueError, IndexError):
        pass
    return ""


def _open_dir(path: Path, create: bool, read_only: bool) -> ox.Store:
    try:
        path.exists()
    except OSError as exc:
        raise StoreError(f"{path}: cannot use this path ({exc.strerror})") from None
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: exists and is not a store directory")
    if path.is_dir() and not is_store(path):
        if not create or read_only:
            raise StoreError(f"{path}: a folder, but not a store (no Oxigraph database in it); build one with "
                             f"`kg build ... -o STORE`, or give an RDF file")
        if any(path.iterdir()):
            raise StoreError(f"{path}: a folder of other files, not a store; a store goes into a new or empty "
                             "folder (e.g. -o graph.oxigraph)")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such store (build one with `kg build ... -o {path}`)")
        if read_only:
            raise StoreError(f"{path}: cannot create a store read-only")
        try:
            path.mkdir(parents=True)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the store folder ({exc.strerror})") from None
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
        except OSError as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(f"{path}: store is in use by another writer{_lock_holder(path)}; one writer at "
                                 "a time (kg query and kg export still read it)") from None
            raise StoreError(f"{path}: cannot open store ({msg.splitlines()[0]})") from None
        except RuntimeError as exc:  # RocksDB: a writer compacted files away while a reader opened them
            if not read_only or attempt == _OPEN_ATTEMPTS - 1:
                raise StoreError(f"{path}: cannot open store, a build may be writing it; retry "
                                 f"({_first_line(exc)})") from None
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def _load_file(path: Path, create: bool) -> ox.Store:
    fmt = file_format(path)
    store = ox.Store()
    if not path.exists():
        if create:
            return store
        raise StoreError(f"{path}: no such file")
    to_graph = None if fmt.supports_datasets else FILE_GRAPH
    try:
        store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot parse as {fmt.name} ({_first_line(exc)})") from None
    return store


def open_store(target: str | Path, *, create: bool = False, read_only: bool = False,
               base_iri: str = DEFAULT_BASE) -> Dataset:
    """Open ``target`` as a Dataset: an Oxigraph directory on disk, or an RDF file parsed into memory.

    ``create`` makes a missing directory (or starts an empty dataset for a missing file); ``read_only`` opens a
    directory without taking the writer lock (many readers may share it).
    """
    path = Path(target)
    if is_store_dir(path):
        return _wrap(_open_dir(path, create, read_only), base_iri)
    return _wrap(_load_file(path, create), base_iri)


class QuadConverter:
    """rdflib terms → pyoxigraph terms, each distinct term converted once (IRIs and predicates repeat a lot)."""

    def __init__(self) -> None:
        self._memo: dict = {}

    def term(self, t):
        try:
            return self._memo[t]
        except KeyError:
            pass
        if isinstance(t, URIRef):
            o = ox.NamedNode(str(t))
        elif isinstance(t, Literal):
            if t.language:
                o = ox.Literal(str(t), language=t.language)
            else:
                o = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)
        elif isinstance(t, BNode):
            o = ox.BlankNode(str(t))
        else:
            raise TypeError(f"cannot convert {t!r} to an Oxigraph term")
        self._memo[t] = o
        return o

    def graph(self, g) -> ox.NamedNode | ox.DefaultGraph:
        ident = getattr(g, "identifier", g)
        if ident is None or ident == DATASET_DEFAULT_GRAPH_ID:
            return ox.DefaultGraph()
        return self.term(ident)

    def quads(self, triples: Iterable[tuple], graph) -> list[ox.Quad]:
        g, t = self.graph(graph), self.term
        return [ox.Quad(t(s), t(p), t(o), g) for s, p, o in triples]


def replace_graphs(ds: Dataset, graphs: Iterable[tuple[URIRef, Iterable[tuple]]]) -> int:
    """Write each ``(graph IRI, triples)``, replacing that graph; return the number of quads written.

    On an Oxigraph-backed dataset this goes straight to pyoxigraph (``remove_graph`` + ``bulk_extend``), which is
    what makes corpus builds fast; on a plain rdflib dataset it uses ``remove_graph`` + ``addN``.
    """
    store = ox_store(ds)
    n = 0
    if store is None:
        for gid, triples in graphs:
            ds.remove_graph(gid)
            g = ds.graph(gid)
            ds.addN((s, p, o, g) for s, p, o in triples)
            n += len(g)
        return n
    conv = QuadConverter()
    batch: list[ox.Quad] = []
    pending: set = set()
    for gid, triples in graphs:
        name = conv.term(gid)
        if name in pending:  # the same graph twice in one batch: flush, then replace
            store.bulk_extend(batch)
            batch, pending = [], set()
        if store.contains_named_graph(name):
            store.remove_graph(name)
        quads = conv.quads(triples, gid)
        batch += quads
        pending.add(name)
        n += len(quads)
        if len(batch) > 200_000:
            store.bulk_extend(batch)
            batch, pending = [], set()
    if batch:
        store.bulk_extend(batch)
    return n
