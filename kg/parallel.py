"""Running one function over many articles: in-process, on every core, or on a Dask cluster.

All three keep the input order and a bounded number of articles in flight, so memory does not grow with the
corpus and the single writer downstream sees results as a stream. The function must be a top-level (picklable)
function; any per-process setup (loading lexicons) belongs in a cache inside it, not in the caller.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from kg.errors import PeyvandError

__all__ = ["default_workers", "map_ordered"]

CONNECT_TIMEOUT = 5.0  # seconds to reach a Dask scheduler before the build gives up (Dask's own default: 30)


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def map_ordered[T, R](
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    window: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for every item, in input order.

    ``workers=1`` (or a single item) runs in this process; more use a process pool; ``scheduler="tcp://host:8786"``
    (or a ``distributed.Client``) sends the work to a Dask cluster. At most ``window`` items are in flight
    (default: 4 per worker).
    """
    if scheduler is not None:
        yield from _map_dask(fn, items, scheduler, window)
        return
    n = workers or default_workers()
    items = iter(items)
    head = list(itertools.islice(items, 2))
    if n <= 1 or len(head) < 2:  # one item (a one-article build): a pool would only add its start-up
        yield from map(fn, itertools.chain(head, items))
        return
    items = itertools.chain(head, items)
    window = window or 4 * n
    with ProcessPoolExecutor(max_workers=n, initializer=_die_with_parent) as pool:
        yield from _windowed(pool.submit, fn, items, window)


def _die_with_parent() -> None:
    """Worker start-up: a build killed with SIGKILL must not leave its workers behind (Linux: PR_SET_PDEATHSIG)."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pool's own shutdown is all there is
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _windowed[T, R](
    submit: Callable[..., Future], fn: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[R]:
    pending: deque[Future] = deque()
    for item in items:
        pending.append(submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _map_dask[T, R](fn: Callable[[T], R], items: Iterable[T], scheduler: object, window: int | None) -> Iterator[R]:
    try:
        from distributed import Client  # optional: the dask extra
    except ImportError:  # pragma: no cover - depends on the install
        raise PeyvandError("--scheduler needs dask.distributed: pip install 'peyvand[dask]'") from None
    client = scheduler if isinstance(scheduler, Client) else _connect(Client, str(scheduler))
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # pure=False: the same article sent twice must run twice, not be served from Dask's cache by key.
        yield from _windowed(lambda f, x: client.submit(f, x, pure=False), fn, items, window or 4 * workers)
    finally:
        if client is not scheduler:
            client.close()


def _connect(client_class: type, address: str):
    """A Dask client for ``address``, or one ``PeyvandError`` line within ``CONNECT_TIMEOUT`` seconds."""
    try:
        return client_class(address, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError, TypeError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise PeyvandError(f"--scheduler {address}: cannot reach a Dask scheduler ({first}); start one with "
                           "`dask scheduler` and its workers with `dask worker ADDRESS`") from None
