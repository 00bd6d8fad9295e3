"""The clock a core really runs at, timed with a chain of dependent integer adds.

Virtual machines rarely expose cpufreq, and their "cpu MHz" is the nominal clock, not the turbo
or AVX clock a GEMM runs at. Each ``add rax, 1`` in a dependent chain takes exactly one cycle on
every x86-64 core since the 1990s, so ``adds / thread CPU time`` is the core's clock while the
chain ran, unaffected by time the thread spent descheduled (thread CPU time, not wall time).

The chain is 300 bytes of fixed machine code run through ``ctypes`` from an anonymous executable
mapping. Only x86-64 Linux; anywhere else, or where the kernel refuses executable memory
(SELinux ``execmem``, PaX), :func:`open_counter` returns None and the caller keeps its nominal
clock. No framework is involved: this is safe in the probe coordinator.
"""

from __future__ import annotations

import contextlib
import ctypes
import mmap
import platform
import sys
import time
from collections.abc import Callable

ADDS_PER_ITERATION = 64
# xor eax,eax; body: 64 x (add rax,1); dec rdi; jnz body; ret  (SysV: rdi = iterations)
_ADD = b"\x48\x83\xc0\x01"
_DEC_RDI = b"\x48\xff\xcf"


def _code() -> bytes:
    loop = _ADD * ADDS_PER_ITERATION + _DEC_RDI
    back = -(len(loop) + 6)  # jnz rel32 (6 bytes) back to the first add
    return b"\x31\xc0" + loop + b"\x0f\x85" + back.to_bytes(4, "little", signed=True) + b"\xc3"


class CycleCounter:
    """A callable add chain: ``run(n)`` executes ``n × ADDS_PER_ITERATION`` dependent adds."""

    def __init__(self, buf: mmap.mmap, fn: Callable[[int], int]) -> None:
        self._buf = buf  # keeps the executable page alive as long as the function
        self._fn = fn

    def run(self, iterations: int) -> int:
        return int(self._fn(iterations))

    def mhz(self, iterations: int = 30_000) -> float | None:
        """One reading: cycles over this thread's CPU time (about 0.5 ms at 4 GHz)."""
        start = time.thread_time_ns()
        done = self.run(iterations)
        spent = time.thread_time_ns() - start
        if done != iterations * ADDS_PER_ITERATION or spent <= 0:
            return None
        return done / spent * 1000.0

    def close(self) -> None:
        with contextlib.suppress(BufferError, ValueError):
            self._buf.close()


def supported() -> bool:
    return sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")


def open_counter() -> CycleCounter | None:
    """The add chain ready to run, or None where it cannot run here (see module docstring)."""
    if not supported():
        return None
    code = _code()
    try:
        buf = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError, AttributeError):
        return None
    buf.write(code)
    address = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    fn = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_uint64)(address)
    counter = CycleCounter(buf, fn)
    return counter if counter.run(10) == 10 * ADDS_PER_ITERATION else None
