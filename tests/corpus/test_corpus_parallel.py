"""Ordered, bounded parallel map: in-process, process pool and a real Dask LocalCluster give the same results."""

from __future__ import annotations

import os

import pytest

from kg.parallel import map_ordered


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_parallel_map_keeps_order(workers: int) -> None:
    out = list(map_ordered(_square_and_pid, range(50), workers=workers, window=3))
    assert [v for v, _ in out] == [x * x for x in range(50)]
    pids = {pid for _, pid in out}
    assert (pids == {os.getpid()}) if workers == 1 else (os.getpid() not in pids)


def test_parallel_map_window_bounds_what_is_read_ahead() -> None:
    consumed: list[int] = []

    def items():
        for i in range(100):
            consumed.append(i)
            yield i

    it = map_ordered(_square_and_pid, items(), workers=2, window=5)
    next(it)
    assert len(consumed) <= 6  # never reads the whole corpus ahead of the writer
    assert len(list(it)) == 99


@pytest.mark.slow
def test_parallel_map_on_dask_local_cluster() -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cl, \
            distributed.Client(cl) as client:
        out = list(map_ordered(_square_and_pid, range(20), scheduler=client))
        assert [v for v, _ in out] == [x * x for x in range(20)]
        out2 = list(map_ordered(_square_and_pid, range(5), scheduler=cl.scheduler_address))
        assert [v for v, _ in out2] == [0, 1, 4, 9, 16]


def test_parallel_workers_die_with_a_killed_parent(tmp_path) -> None:
    """A build killed with SIGKILL leaves no worker processes behind (they would hold memory forever)."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "run.py"
    script.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(tmp_path)!r})\n"
        "from kg.parallel import map_ordered\n"
        "import time\n"
        "def slow(x):\n    time.sleep(30)\n    return x\n"
        "if __name__ == '__main__':\n"
        "    it = map_ordered(slow, range(4), workers=2)\n"
        "    next(it)\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([sys.executable, str(script)])
    deadline = time.monotonic() + 20
    children: list[int] = []
    while time.monotonic() < deadline and len(children) < 2:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True)
        children = [int(p) for p in out.stdout.split()]
        time.sleep(0.2)
    assert len(children) >= 2, "the pool never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    alive = children
    while time.monotonic() < deadline and alive:
        alive = [p for p in alive if _alive(p)]
        time.sleep(0.2)
    assert not alive, f"workers {alive} outlived their killed parent"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"  # a zombie is dead, only not yet reaped
    except FileNotFoundError:
        return False
