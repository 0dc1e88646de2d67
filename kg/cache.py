"""A compiled cache of loaded data: build an object once, then every process unpickles it instead of rebuilding it.

Reading the lexicons, hazm's word lists and wordfreq's list costs ≈ 2 s of parsing and folding per process (every
``kg build``, ``kg eval``, spawned worker and notebook); unpickling the finished objects costs ≈ 0.1 s. ``cached``
is generic: it stores whatever ``build()`` returns (``pickle``), under a key made of

- the content hash (BLAKE2b) of every source file the object is built from (lexicon TSVs, hazm's ``*.dat``, …),
  so editing a lexicon, or pointing the lexicon path override elsewhere, gives a new key;
- ``extra`` (anything else the object depends on, e.g. the override path itself);
- the code that builds it: the hash of every ``.py`` file of the ``code`` packages (default: all of ``kg``), so a
  changed loader never returns a stale object;
- the Python version and this module's format number.

Safe under concurrent first use: the first process to miss takes an exclusive ``flock`` on the key's lock file and
builds; the others wait on the lock and then read its file. Files are written to a temporary name in the same
folder and renamed, so a reader never sees half a file. A corrupt or unreadable entry is rebuilt; a cache folder
that cannot be written (read-only home, full disk) only means building in memory, as without a cache.

Where: ``$PEYVAND_CACHE_DIR``, else ``$XDG_CACHE_HOME/peyvand``, else ``~/.cache/peyvand`` (created with mode
0700: the entries are pickles, to be read only from a folder that only this user can write).
``PEYVAND_CACHE_DIR=off`` disables the cache. ``python -m kg.cache`` builds every entry ahead of first use (at
install time).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import importlib.util
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

__all__ = ["cache_dir", "cached", "entry_path", "package_dir", "source_key", "warm"]

_FORMAT = 1  # bump when the file layout or key recipe changes
_KEEP = 6  # entries kept per name: older keys (earlier lexicon or code versions) are pruned on write
_ENV = "PEYVAND_CACHE_DIR"
_building: set[Path] = set()  # entries this process is building now (a build that asks for itself is not cached)


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when the cache is switched off."""
    env = os.environ.get(_ENV)
    if env is not None:
        return None if env.strip().lower() in {"", "off", "0", "none"} else Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "peyvand"


def package_dir(name: str) -> Path | None:
    """The folder of an installed top-level package, found WITHOUT importing it (``import hazm`` costs 2 s)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _digest_of(path: str, stat: tuple[int, int, int]) -> bytes:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "blake2b").digest()


def _digest(path: Path) -> bytes:
    """A file's content hash, computed once per process for each version (inode, size, mtime) of the file."""
    st = path.stat()
    return _digest_of(str(path), (st.st_ino, st.st_size, st.st_mtime_ns))


def _files(source: Path) -> list[Path]:
    """A source file, or every file under a source folder (compiled-bytecode folders aside)."""
    if not source.is_dir():
        return [source]
    return sorted(p for p in source.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@cache
def _code_hash(packages: tuple[str, ...]) -> str:
    """Hash of every ``.py`` file of these packages: a change to any loader gives new keys."""
    h = hashlib.blake2b(digest_size=16)
    for name in packages:
        root = package_dir(name)
        if root is None:
            h.update(f"missing:{name}".encode())
            continue
        for path in sorted(root.rglob("*.py")):
            h.update(str(path.relative_to(root)).encode() + b"\0" + _digest(path))
    return h.hexdigest()


def source_key(sources: Iterable[Path | str], extra: str = "", code: tuple[str, ...] = ("kg",)) -> str:
    """The key of an object built from ``sources``: files, or folders (every file under them), by content."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_FORMAT}|{sys.implementation.name}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}|".encode())
    h.update(_code_hash(code).encode() + b"|" + extra.encode() + b"|")
    for source in sorted(str(s) for s in sources):
        for path in _files(Path(source)):
            try:
                h.update(str(path).encode() + b"\0" + _digest(path))
            except OSError:
                h.update(str(path).encode() + b"\0missing")
    return h.hexdigest()


def entry_path(name: str, key: str) -> Path | None:
    """Where the entry ``name`` with ``key`` lives (None when the cache is off)."""
    folder = cache_dir()
    return None if folder is None else folder / f"{name}-{key}.pickle"


def _read(path: Path) -> tuple[bool, object]:
    """(found, object); a missing, truncated or stale-class file is "not found"."""
    collecting = gc.isenabled()
    gc.disable()  # unpickling allocates ~10^5 containers: without this the collector runs over them again and again
    try:
        with open(path, "rb") as fh:
            return True, pickle.load(fh)
    except FileNotFoundError:
        return False, None
    except Exception:  # corrupt or written by other code: rebuild it
        return False, None
    finally:
        if collecting:
            gc.enable()


def _write(path: Path, obj: object) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _prune(folder: Path, name: str, keep: Path) -> None:
    """Drop all but the ``_KEEP`` newest entries of ``name`` (stale keys) with their lock files, and lock files
    older than a day whose entry was never written (a build that failed)."""
    entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
                old.with_suffix(".lock").unlink()
    for lock in folder.glob(f"{name}-*.lock"):
        with contextlib.suppress(OSError):
            if not lock.with_suffix(".pickle").exists() and time.time() - lock.stat().st_mtime > 86_400:
                lock.unlink()


def cached[T](name: str, sources: Iterable[Path | str], build: Callable[[], T], *, extra: str = "",
              code: tuple[str, ...] = ("kg",)) -> T:
    """``build()``'s result, from the cache when an entry with the same sources, ``extra`` and code exists.

    ``name`` names the entry (a file-name-safe word); ``sources`` are the files (or folders) ``build`` reads.
    Errors raised by ``build`` propagate and nothing is stored.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{name}-{source_key(sources, extra, code)}.pickle"
    if path in _building:  # build() asked for its own entry: flock would wait on ourselves
        return build()
    found, obj = _read(path)
    if found:
        return obj  # type: ignore[return-value]
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held across the build
    except OSError:  # read-only or missing home: no cache, same result
        return build()
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # concurrent first users wait here for the one that builds
        found, obj = _read(path)
        if found:
            return obj  # type: ignore[return-value]
        _building.add(path)
        try:
            obj = build()
        finally:
            _building.discard(path)
        with contextlib.suppress(OSError):
            _write(path, obj)
            _prune(folder, name, path)
        return obj


def warm() -> list[str]:
    """Build every cached object the pipeline loads (lexicons, the text layer's word data); returns their names."""
    from kg.extract.lexicon import load_lexicons
    from kg.text import warm as warm_text

    load_lexicons()
    warm_text()
    return ["lexicons", "text"]


if __name__ == "__main__":
    names = warm()
    print(f"cache ready in {cache_dir()}: {', '.join(names)}")
