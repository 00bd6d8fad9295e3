"""The clock a core really runs at, timed with a chain of dependent register adds.

Virtual machines rarely expose cpufreq, and their "cpu MHz" is the nominal clock, not the turbo
or AVX clock a GEMM runs at. Each ``add rax, rcx`` in a dependent chain takes one cycle on x86-64
cores, so ``adds / thread CPU time`` is the core's clock while the chain ran, unaffected by time
the thread spent descheduled (thread CPU time, not wall time). An *immediate* add would not do:
Intel's Golden Cove cores (Sapphire Rapids hosts) fold ``add reg, imm`` chains in the renamer and
read twice the clock (7.8 GHz on an H200 host). So the reading is checked once against a second
chain, ``imul rax, rcx`` (three cycles on every x86-64 core of the last fifteen years): when the
two disagree by more than 15 %, the clock is unknown rather than wrong.

The chains are a few hundred bytes of fixed machine code run through ``ctypes`` from an anonymous
executable mapping. Only x86-64 Linux; anywhere else, or where the kernel refuses executable
memory (SELinux ``execmem``, PaX), :func:`open_counter` returns None and the caller keeps its
nominal clock. No framework is involved: this is safe in the probe coordinator.
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
IMUL_LATENCY = 3  # cycles, x86-64 since Core 2 / K10
AGREEMENT = 0.15
# SysV: rdi = iterations. mov ecx,1; xor eax,eax; body: 64 x OP; dec rdi; jnz body; ret
_ADD_RAX_RCX = b"\x48\x01\xc8"
_IMUL_RAX_RCX = b"\x48\x0f\xaf\xc1"
_DEC_RDI = b"\x48\xff\xcf"


def _chain(op: bytes) -> bytes:
    loop = op * ADDS_PER_ITERATION + _DEC_RDI
    back = -(len(loop) + 6)  # jnz rel32 (6 bytes) back to the first op
    head = b"\xb9\x01\x00\x00\x00" + b"\x31\xc0"
    return head + loop + b"\x0f\x85" + back.to_bytes(4, "little", signed=True) + b"\xc3"


class CycleCounter:
    """The two chains, callable: ``run(n)`` executes ``n × ADDS_PER_ITERATION`` dependent adds."""

    def __init__(
        self, buf: mmap.mmap, add: Callable[[int], int], imul: Callable[[int], int]
    ) -> None:
        self._buf = buf  # keeps the executable page alive as long as the functions
        self._add = add
        self._imul = imul

    def run(self, iterations: int) -> int:
        """The add chain's result: rax counts every add that ran."""
        return int(self._add(iterations))

    def _mhz(self, fn: Callable[[int], int], iterations: int, cycles_per_op: int) -> float | None:
        start = time.thread_time_ns()
        fn(iterations)
        spent = time.thread_time_ns() - start
        if spent <= 0:
            return None
        return iterations * ADDS_PER_ITERATION * cycles_per_op / spent * 1000.0

    def mhz(self, iterations: int = 30_000) -> float | None:
        """One reading: cycles over this thread's CPU time (about 0.5 ms at 4 GHz)."""
        return self._mhz(self._add, iterations, 1)

    def imul_mhz(self, iterations: int = 10_000) -> float | None:
        """The same clock from the multiply chain (three cycles an op)."""
        return self._mhz(self._imul, iterations, IMUL_LATENCY)

    def agrees(self, readings: int = 15) -> bool:
        """Do both chains read the same clock (within ``AGREEMENT``)? Each chain's fastest
        reading is compared: an interrupt or a busy SMT sibling only ever slows a chain down, so
        the fastest of a few is the least disturbed (medians disagreed on a loaded machine)."""
        adds = [m for m in (self.mhz() for _ in range(readings)) if m]
        muls = [m for m in (self.imul_mhz() for _ in range(readings)) if m]
        if len(adds) < readings // 2 or len(muls) < readings // 2:
            return False
        a, b = max(adds), max(muls)
        return abs(a - b) <= AGREEMENT * b

    def close(self) -> None:
        with contextlib.suppress(BufferError, ValueError):
            self._buf.close()


def supported() -> bool:
    return sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")


def open_counter(*, check: bool = True) -> CycleCounter | None:
    """The chains ready to run, or None where they cannot run here or disagree (see module
    docstring; ``check=False`` skips the agreement test, for tests of the chains themselves)."""
    if not supported():
        return None
    add, imul = _chain(_ADD_RAX_RCX), _chain(_IMUL_RAX_RCX)
    try:
        buf = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError, AttributeError):
        return None
    buf.write(add)
    buf.seek(1024)
    buf.write(imul)
    base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    proto = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_uint64)
    counter = CycleCounter(buf, proto(base), proto(base + 1024))
    if check and not counter.agrees():
        counter.close()
        return None
    return counter
