"""Start-up work that moved off the critical path: the neighbour check overlaps the inventory,
and torch pays its one-time lazy imports before the first workload is prepared."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from probes import noise
from probes.api import PRE_CHECK_S, _threads_for_host
from probes.inventory import Inventory
from probes.report import CpuInfo, HostInfo, MemoryInfo, PythonInfo
from tests.probes.conftest import REPO


def _inventory() -> Inventory:
    return Inventory(
        host=HostInfo(os="linux", os_name="Linux", arch="x86_64"),
        python=PythonInfo(version="3.11.7", implementation="CPython"),
        cpu=CpuInfo(model="Test CPU", logical_cores=2, usable_cores=2),
        memory=MemoryInfo(total_gb=16.0),
        accelerators=[],
        packages={},
        env={},
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/stat")
def test_the_neighbour_check_counts_from_before_the_inventory() -> None:
    before = noise.sample()
    assert before is not None
    time.sleep(PRE_CHECK_S)  # the inventory took the whole look already: no extra wait
    t0 = time.monotonic()
    threads, pre = _threads_for_host(_inventory(), before)
    assert time.monotonic() - t0 < 0.1
    assert pre is not None and 0.0 <= pre[0] <= 1.0 and threads in (1, 2)
    # a look that started just now still lasts PRE_CHECK_S (a reading needs >= 0.05 s)
    t0 = time.monotonic()
    _threads_for_host(_inventory(), noise.sample())
    assert time.monotonic() - t0 >= PRE_CHECK_S - 0.01


@pytest.mark.frameworks
def test_torch_warm_up_loads_the_lazy_optimizer_machinery() -> None:
    """The first torch.optim optimizer imports torch._dynamo (and sympy): warm_up must pay it,
    or the first training workload's preparation still does (docs/benchmarks.md §2.1)."""
    code = (
        "import sys, torch\n"
        "from probes.workers.torch_worker import warm_up\n"
        "before = 'torch._dynamo' in sys.modules\n"
        "warm_up(torch)\n"
        "print(before, 'torch._dynamo' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True"]
