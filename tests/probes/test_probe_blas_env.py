"""ISA caps in the environment are reported where they distort the measurements."""

from __future__ import annotations

from probes.blas_env import blas_env_warnings
from probes.report import CpuInfo

AVX512 = CpuInfo(flags={"avx2": True, "avx512f": True})


def test_openblas_haswell_on_avx512_cpu_is_flagged() -> None:
    (warning,) = blas_env_warnings({"OPENBLAS_CORETYPE": "Haswell"}, AVX512)
    assert "OPENBLAS_CORETYPE=Haswell" in warning and "numpy" in warning
    assert "256 位" in warning  # bilingual


def test_each_library_cap_is_named() -> None:
    env = {"MKL_ENABLE_INSTRUCTIONS": "AVX2", "ONEDNN_MAX_CPU_ISA": "avx2"}
    warnings = blas_env_warnings(env, AVX512)
    assert [w.split("=")[0] for w in warnings] == ["MKL_ENABLE_INSTRUCTIONS", "ONEDNN_MAX_CPU_ISA"]


def test_no_warning_when_the_cap_costs_nothing_or_is_unknown() -> None:
    avx2_only = CpuInfo(flags={"avx2": True, "avx512f": False})
    unknown = CpuInfo(flags={})
    assert blas_env_warnings({"OPENBLAS_CORETYPE": "Haswell"}, avx2_only) == []
    assert blas_env_warnings({"OPENBLAS_CORETYPE": "Haswell"}, unknown) == []
    assert blas_env_warnings({"OPENBLAS_CORETYPE": "SkylakeX"}, AVX512) == []
    assert blas_env_warnings({}, AVX512) == []
