"""Writing output files safely: check the path before any work, then write atomically.

``check_output`` fails with one line, before a long build or export starts, when the file could not be written
(a parent is a file, a folder cannot be created, a name is too long, the folder is read-only) or would replace a
file the caller did not agree to replace. ``write_atomic`` writes a temporary file in the same folder, fsyncs it
and renames it over the target, so a failed write (disk full, a file-size limit, a kill) leaves the previous file
exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kg.errors import OutputError

__all__ = ["check_output", "write_atomic"]

_TMP_PREFIX = ".kg-"  # short: the temporary name must fit wherever the target's name fits


_NAME_MAX = 255  # bytes in one file name on every common Linux, macOS and Windows file system
def check_output(path: str | Path, *, overwrite: bool = True, hint: str = "") -> Path:
    """Make sure ``path`` can be written as a file (creating its missing folders); ``OutputError`` if not.

    With ``overwrite=False`` an existing file is refused too; ``hint`` is added to that message (how to replace it).
    """
    path = Path(path)
    for part in (path, *path.parents):
        if len(os.fsencode(part.name)) > _NAME_MAX:
            raise OutputError(f"{path}: name too long ({len(os.fsencode(part.name))} bytes; at most {_NAME_MAX})")
    try:
        if path.is_dir():
            raise OutputError(f"{path}: is a folder; give a file name")
        if path.exists() and not overwrite:
            raise OutputError(f"{path}: exists{hint}")
        existing = path.parent
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
    except OSError as exc:
        raise OutputError(f"{path}: cannot use this path ({exc.strerror})") from None
    if existing.exists() and not existing.is_dir():
        raise OutputError(f"{path}: cannot write it, {existing} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".probe", dir=path.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    return path


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, chunks: bytes | Iterable[bytes]) -> Path:
    """Write ``chunks`` to ``path`` through a temporary file in the same folder, fsync'ed and renamed into place.

    Any failure removes the temporary file and raises ``OutputError``; the previous ``path``, if any, is unchanged.
    """
    path = Path(path)
    data = [chunks] if isinstance(chunks, bytes | bytearray) else chunks
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            for chunk in data:
                fh.write(chunk)
            fh.flush()
            os.fchmod(fh.fileno(), _mode_for(path))
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        with contextlib.suppress(OSError):  # make the rename itself durable
            dfd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc}); the previous file, if any, is "
                          "unchanged") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path
