"""The probe report: everything learnt about one machine, as versioned JSON.

``python -m probes`` writes it, the app and ``python -m recommender --probe`` read it. Fields
that could not be read are ``None`` ("unknown"), never ``False``: a missing ``nvidia-smi`` does
not prove there is no GPU.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from kb.schema import Vendor as KnownVendor

# 2: ``deployment_paths`` (python -m probes --deploy); version-1 reports still load.
PROBE_SCHEMA_VERSION = 2

FrameworkStatus = Literal["ok", "missing", "import_error", "crashed", "timeout", "oom", "error"]
Vendor = Literal[KnownVendor, "other"]  # the KB's list (kb/schema.py) plus "other"


class ReportModel(BaseModel):
    # Reports come from other machines and newer tool versions may add fields: ignore unknown
    # keys inside, but the top-level schema_version is checked by the loader. Every number in a
    # report is a size, a count, a time, a rate or a ratio: NaN, infinities and negative values
    # are refused here, so no page can show "nan GB RAM" (docs/security.md).
    model_config = ConfigDict(extra="ignore", allow_inf_nan=False)

    @field_validator("*", mode="after")
    @classmethod
    def _no_negative_numbers(cls, value: object) -> object:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, int | float) and not isinstance(item, bool) and item < 0:
                raise ValueError("must not be negative (sizes, counts, times and rates are >= 0)")
        return value


class HostInfo(ReportModel):
    os: Literal["linux", "windows", "macos", "other"]
    os_name: str  # e.g. "Linux", "Windows", "Darwin"
    os_release: str | None = None  # kernel or OS version
    distro: str | None = None  # e.g. "Debian GNU/Linux 12 (bookworm)", "macOS 15.1"
    arch: str  # machine(): x86_64, aarch64, arm64, AMD64
    wsl: bool | None = None
    container: str | None = None  # docker / podman / kubernetes / lxc, None if unknown or none
    in_container: bool | None = None
    libc: str | None = None  # e.g. "glibc 2.36": manylinux wheels need a recent enough glibc


class PythonInfo(ReportModel):
    version: str  # "3.11.7"
    implementation: str  # CPython
    executable: str | None = None
    virtualenv: bool | None = None
    conda: bool | None = None
    bits: int | None = None  # 64 on every platform the frameworks ship wheels for
    free_threaded: bool | None = None  # 3.13t / 3.14t builds (no GIL): few framework wheels


class CpuInfo(ReportModel):
    model: str | None = None
    vendor: str | None = None
    physical_cores: int | None = None
    logical_cores: int | None = None
    cgroup_cpu_limit: float | None = None  # CPUs granted by a cgroup quota, None = no quota/unknown
    usable_cores: int | None = None  # what the benchmarks use as thread count
    frequency_mhz: float | None = None
    max_frequency_mhz: float | None = None
    flags: dict[str, bool | None] = {}  # avx2, avx512f, amx_tile, fma, neon, sve …
    fp32_flops_per_cycle: float | None = None
    peak_fp32_gflops: float | None = None
    peak_is_estimate: bool = True
    peak_basis: str | None = None  # how the peak was derived, in words
    # where the clock in the peak came from: measured under the GEMM load (cpufreq), the OS's
    # nominal/max figure, or unknown (withdrawn because a result exceeded 105 % of it)
    peak_clock_source: (
        Literal["os_under_load", "cycles_under_load", "nominal", "unknown"] | None
    ) = None
    sustained_mhz: float | None = None  # clock measured while the GEMM blocks ran


class MemoryInfo(ReportModel):
    total_gb: float | None = None
    available_gb: float | None = None
    swap_gb: float | None = None
    disk_free_gb: float | None = None
    shm_gb: float | None = None


class Accelerator(ReportModel):
    vendor: Vendor
    name: str
    index: int = 0
    memory_gb: float | None = None
    driver: str | None = None
    cuda_driver_version: str | None = None  # highest CUDA the driver supports (NVIDIA)
    compute_capability: str | None = None
    mig: bool | None = None
    peak_fp32_tflops: float | None = None  # from the KB hardware table when matched
    source: str  # nvml, nvidia-smi, amd-smi, rocm-smi, sysctl, /dev/accel, lspci …


class DeviceSeen(ReportModel):
    kind: str  # cpu, cuda, mps, xpu, tpu, gpu
    name: str
    compute_capability: str | None = None
    memory_gb: float | None = None


class FrameworkProbe(ReportModel):
    """What one framework's worker subprocess reported (or why it could not)."""

    status: FrameworkStatus
    reason: str | None = None
    package: str | None = None  # distribution found, e.g. tensorflow-cpu
    version: str | None = None
    import_time_s: float | None = None
    import_rss_mb: float | None = None
    build: dict[str, str | bool | None] = {}  # cuda, cudnn, rocm, is_cuda_build …
    devices: list[DeviceSeen] = []
    sees_accelerators: bool | None = None
    mismatch: str | None = None  # e.g. "nvidia GPU present but torch is a CPU-only build"
    peak_rss_mb: float | None = None  # worker's peak resident memory (import + benchmarks)
    benchmark_errors: list[str] = []  # workloads that failed while the framework itself worked


class BenchmarkResult(ReportModel):
    workload: str  # e.g. matmul_1024, conv2d, mlp_train_eager, dispatch_overhead
    framework: str  # tensorflow, pytorch, numpy
    device: str = "cpu"
    variant: str | None = None  # eager / tf.function / xla / torch.compile
    median_s: float
    iqr_s: float
    samples: int
    threads: int | None = None
    gflops: float | None = None
    peak_share: float | None = None  # gflops / theoretical peak
    unstable: bool = False
    note: str | None = None
    min_s: float | None = None  # fastest sample: the "capability" estimate (Chen & Revels)
    first_call_s: float | None = None  # first call incl. lazy init / tracing / compile
    loops: int | None = None  # calls per sample after calibration
    rounds: int = 1  # fresh processes aggregated (median of per-process medians)
    spread: float | None = None  # (max - min) / median of the per-process medians
    gbps: float | None = None  # for memory-bound workloads (copy, host→device)
    kind: Literal["kernel", "model"] = "kernel"  # a single op, or a whole model step
    items_per_s: float | None = None  # throughput in ``unit`` (images/s, tokens/s)
    unit: str | None = None
    compile_s: float | None = None  # first call minus a steady call, for compiled variants
    dtype: str | None = None  # float32, tf32, bfloat16, float16 (None in v1 reports: float32)


class Comparison(ReportModel):
    """Per workload: how much faster framework ``a`` is than ``b`` (ratio of median times b/a)."""

    workload: str
    a: str
    b: str
    ratio: float
    verdict: Literal["faster", "tie"]
    faster: str | None = None  # framework id when verdict is "faster"
    noise: float | None = None  # relative spread used to decide the tie band
    a_variant: str | None = None  # the variant of each side that was compared (its fastest)
    b_variant: str | None = None
    device: str = "cpu"
    rounds_agreeing: int | None = None  # rounds whose ratio points the same way as the verdict
    rounds: int = 1
    unreliable: bool = False  # a side was unstable (noise, busy host): verdict forced to "tie"
    # paired method: median of per-pair ratios with a bootstrap CI; "faster" only when the CI
    # lies outside the tie band [1/(1+noise), 1+noise]
    ci_low: float | None = None
    ci_high: float | None = None
    pairs_used: int | None = None  # undisturbed pairs the verdict rests on
    pairs_run: int | None = None  # pairs measured in all (disturbed ones dropped)
    method: Literal["sequential", "paired"] = "sequential"


class BenchSettings(ReportModel):
    """How the benchmarks ran: the knobs that make numbers comparable (docs/benchmarks.md §1)."""

    threads: int | None = None  # intra-op threads for every framework (inter-op = 1)
    tf32: bool = False  # TF32 math pinned the same way for both frameworks
    rounds: int = 1
    order: list[str] = []  # process order inside each round
    foreign_load: list[float] = []  # CPU share used by other processes, per worker run
    steal: list[float] = []  # hypervisor steal share, per worker run
    coordinator_peak_rss_mb: float | None = None
    method: Literal["sequential", "paired"] = "sequential"  # v1 reports ran one after another
    block_samples: int | None = None  # timed samples per block (paired method)
    tie_band: float | None = None


DeployStatus = Literal[
    "works", "converted_not_run", "failed", "not_installed", "timeout", "crashed", "error"
]
DeployTarget = Literal["mobile", "browser", "edge", "mcu", "server"]


class DeployLatency(ReportModel):
    """Batch-1 latency: median and a ~95 % distribution-free interval of the median."""

    median_s: float
    ci_low_s: float | None = None
    ci_high_s: float | None = None
    samples: int = 0


class DeploymentPath(ReportModel):
    """One reference model taken through one deployment path on this machine (``--deploy``).

    ``max_abs_diff`` compares the target runtime's output with the framework's own eager output
    on the same input; ``latency`` and ``eager_latency`` were measured in alternating blocks.
    """

    framework: str  # pytorch, tensorflow
    path: str  # registered path id, e.g. pt_onnx, tf_litert (docs/deployment-paths.md)
    label: str = ""  # e.g. "PyTorch → ONNX (dynamo) → ONNX Runtime"
    target: DeployTarget  # the first requested target this path serves
    targets: list[DeployTarget] = []  # every requested target it serves
    toolchains: list[str] = []  # ids in kb/data/toolchains.yaml
    model: str = "cnn"  # cnn | encoder (the reference models)
    status: DeployStatus
    versions: dict[str, str | None] = {}
    artefact_bytes: int | None = None
    int8_bytes: int | None = None
    latency: DeployLatency | None = None
    eager_latency: DeployLatency | None = None
    int8_latency: DeployLatency | None = None
    max_abs_diff: float | None = None
    int8_max_abs_diff: float | None = None
    error: str | None = None  # the converter's or runtime's own first error line
    failed_ops: list[str] = []  # ops a failed conversion named
    stage: str | None = None  # export | convert | load | run: where it failed
    install: str | None = None  # the install command when a tool is missing
    commands: list[str] = []  # the exact steps that worked here, for the next steps
    convert_s: float | None = None
    wall_s: float | None = None


class ProbeReport(ReportModel):
    schema_version: int = Field(default=PROBE_SCHEMA_VERSION)
    tool: str = "framework-advisor probes"
    tool_version: str = "0"
    collected_at: datetime
    duration_s: float = 0.0
    tier: Literal["none", "quick", "standard", "deep"] = "none"
    host: HostInfo
    python: PythonInfo
    cpu: CpuInfo
    memory: MemoryInfo
    accelerators: list[Accelerator] = []
    packages: dict[str, str | None] = {}
    env: dict[str, str] = {}
    frameworks: dict[str, FrameworkProbe] = {}
    benchmarks: list[BenchmarkResult] = []
    comparisons: list[Comparison] = []
    bench_settings: BenchSettings | None = None
    coordinator_peak_rss_mb: float | None = None  # the probe's own process (no framework in it)
    warnings: list[str] = []
    # the host stayed too busy for usable pairs: shown prominently, not only as a warning
    host_busy: bool | None = None
    rerun_advice: str | None = None
    # --deploy: reference models through each deployment path (schema v2; None = not probed)
    deployment_paths: list[DeploymentPath] | None = None
    # largest difference between PyTorch's and TensorFlow's eager outputs, per reference model
    deploy_cross_framework_diff: dict[str, float] = {}
