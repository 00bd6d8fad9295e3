"""Operating system, Python, installed packages and environment variables.

Pure parsers take text so recorded files from other machines can be replayed in tests; the
collectors read the live machine and never raise.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import platform
import sys
import sysconfig
from pathlib import Path

from probes.report import HostInfo, PythonInfo
from probes.runner import Runner

# Distributions that matter to the TF-vs-torch decision, read via metadata (never imported).
PACKAGES = (
    "torch",
    "torchvision",
    "torchaudio",
    "triton",
    "pytorch-triton-rocm",
    "intel-extension-for-pytorch",
    "tensorflow",
    "tensorflow-cpu",
    "tensorflow-gpu",
    "tensorflow-macos",
    "tensorflow-metal",
    "tensorflow-intel",
    "tf-keras",
    "tf-nightly",
    "keras",
    "tensorboard",
    "tensorflow-serving-api",
    "tensorflow-probability",
    "tensorflow-datasets",
    "tensorflowjs",
    "jax",
    "jaxlib",
    "libtpu",
    "libtpu-nightly",
    "flax",
    "numpy",
    "scipy",
    "pandas",
    "scikit-learn",
    "transformers",
    "accelerate",
    "datasets",
    "huggingface-hub",
    "safetensors",
    "deepspeed",
    "lightning",
    "pytorch-lightning",
    "onnx",
    "onnxruntime",
    "onnxruntime-gpu",
    "executorch",
    "ai-edge-litert",
    "ai-edge-torch",
    "tflite-runtime",
    "tensorrt",
    "openvino",
    "coremltools",
    "nvidia-ml-py",
    "pynvml",
    "nvidia-cudnn-cu12",
    "nvidia-cudnn-cu13",
    "nvidia-cuda-runtime-cu12",
    "nvidia-cuda-runtime-cu13",
    "nvidia-nccl-cu12",
    "nvidia-nccl-cu13",
    "psutil",
    "pip",
)

# Environment variables that change what the frameworks do (threads, devices, allocators).
ENV_VARS = (
    "CUDA_HOME",
    "CUDA_PATH",
    "CUDA_VISIBLE_DEVICES",
    "CUDA_MODULE_LOADING",
    "NVIDIA_VISIBLE_DEVICES",
    "HIP_VISIBLE_DEVICES",
    "ROCR_VISIBLE_DEVICES",
    "ROCM_PATH",
    "LD_LIBRARY_PATH",
    "DYLD_LIBRARY_PATH",
    "LD_PRELOAD",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "OPENBLAS_CORETYPE",
    "OPENBLAS_L2_SIZE",
    "MKL_ENABLE_INSTRUCTIONS",
    "MKL_DEBUG_CPU_TYPE",
    "ONEDNN_MAX_CPU_ISA",
    "DNNL_MAX_CPU_ISA",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "TF_ENABLE_ONEDNN_OPTS",
    "TF_CPP_MIN_LOG_LEVEL",
    "TF_FORCE_GPU_ALLOW_GROWTH",
    "TF_USE_LEGACY_KERAS",
    "TF_XLA_FLAGS",
    "KERAS_BACKEND",
    "PYTORCH_CUDA_ALLOC_CONF",
    "PYTORCH_HIP_ALLOC_CONF",
    "PYTORCH_ALLOC_CONF",
    "PYTORCH_ENABLE_MPS_FALLBACK",
    "TORCHINDUCTOR_CACHE_DIR",
    "TORCH_LOGS",
    "XLA_FLAGS",
    "JAX_PLATFORMS",
    "TPU_NAME",
    "TPU_WORKER_ID",
    "TPU_ACCELERATOR_TYPE",
    "TPU_CHIPS_PER_HOST_BOUNDS",
    "TPU_SKIP_MDS_QUERY",
    "HF_HOME",
    "MALLOC_MMAP_THRESHOLD_",
    "MALLOC_TRIM_THRESHOLD_",
    "VIRTUAL_ENV",
    "CONDA_PREFIX",
    "CONDA_DEFAULT_ENV",
    "WSL_DISTRO_NAME",
)


def read_text(path: str | Path, limit: int = 1_000_000) -> str | None:
    """Read a small system file; None when it does not exist or cannot be read."""
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(limit)
    except OSError:
        return None


def parse_os_release(text: str) -> dict[str, str]:
    """Parse /etc/os-release ``KEY="value"`` lines."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        out[key.strip()] = value.strip().strip('"').strip("'")
    return out


def detect_wsl(kernel_release: str | None, proc_version: str | None, env: dict[str, str]) -> bool:
    """WSL kernels say 'microsoft' in their release; WSL also sets WSL_DISTRO_NAME."""
    text = f"{kernel_release or ''} {proc_version or ''}".lower()
    return "microsoft" in text or "wsl" in text or "WSL_DISTRO_NAME" in env


def detect_container(
    cgroup_text: str | None,
    dockerenv: bool,
    containerenv: bool,
    env: dict[str, str],
    mountinfo_text: str | None = None,
) -> str | None:
    """Name the container runtime from well-known markers; None when none is visible."""
    if "KUBERNETES_SERVICE_HOST" in env:
        return "kubernetes"
    if containerenv or env.get("container") == "podman":
        return "podman"
    if dockerenv:
        return "docker"
    text = (cgroup_text or "") + (mountinfo_text or "")
    for marker, name in (
        ("kubepods", "kubernetes"),
        ("docker", "docker"),
        ("containerd", "containerd"),
        ("libpod", "podman"),
        ("lxc", "lxc"),
    ):
        if marker in text:
            return name
    if env.get("container"):
        return env["container"]
    return None


def collect_host(runner: Runner) -> HostInfo:
    system = platform.system()
    os_id = {"Linux": "linux", "Windows": "windows", "Darwin": "macos"}.get(system, "other")
    release = platform.release() or None
    distro: str | None = None
    wsl: bool | None = None
    container: str | None = None
    in_container: bool | None = None
    env = dict(os.environ)
    if os_id == "linux":
        osr = read_text("/etc/os-release")
        if osr:
            fields = parse_os_release(osr)
            distro = fields.get("PRETTY_NAME") or fields.get("NAME")
        wsl = detect_wsl(release, read_text("/proc/version"), env)
        cgroup = read_text("/proc/1/cgroup")
        mountinfo = read_text("/proc/self/mountinfo")
        container = detect_container(
            cgroup,
            Path("/.dockerenv").exists(),
            Path("/run/.containerenv").exists(),
            env,
            mountinfo,
        )
        # A host's PID 1 sits in /init.scope; without that or a marker we cannot tell (None).
        if container:
            in_container = True
        elif cgroup is not None and "init.scope" in cgroup:
            in_container = False
    elif os_id == "macos":
        res = runner(["sw_vers", "-productVersion"], 3.0)
        if res.ok and res.stdout.strip():
            distro = f"macOS {res.stdout.strip()}"
        wsl, in_container = False, False
    elif os_id == "windows":
        distro = f"Windows {platform.version()}"
        wsl, in_container = False, None
    libc = None
    if os_id == "linux":
        name, version = platform.libc_ver()
        libc = f"{name} {version}".strip() or None
    return HostInfo(
        libc=libc,
        os=os_id,
        os_name=system or "unknown",
        os_release=release,
        distro=distro,
        arch=platform.machine() or "unknown",
        wsl=wsl,
        container=container,
        in_container=in_container,
    )


def collect_python() -> PythonInfo:
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    conda = bool(os.environ.get("CONDA_PREFIX")) or Path(sys.prefix, "conda-meta").exists()
    gil = sysconfig.get_config_var("Py_GIL_DISABLED")
    return PythonInfo(
        version=platform.python_version(),
        implementation=platform.python_implementation(),
        executable=sys.executable or None,
        virtualenv=in_venv,
        conda=conda,
        bits=64 if sys.maxsize > 2**32 else 32,
        free_threaded=bool(gil) if gil is not None else False,
    )


def collect_packages(names: tuple[str, ...] = PACKAGES) -> dict[str, str | None]:
    """Installed versions through package metadata; frameworks are never imported here."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
        except Exception:  # a broken dist-info must not break the probe
            out[name] = None
    return out


def collect_env(names: tuple[str, ...] = ENV_VARS) -> dict[str, str]:
    return {k: os.environ[k] for k in names if k in os.environ}
