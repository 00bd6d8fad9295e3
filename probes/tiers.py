"""Which workload groups each tier measures: one table, the product decision behind it in
docs/benchmarks.md §2.1.

The workers offer every workload of a tier (built lazily, so an unmeasured one costs nothing);
the coordinator runs only the groups this table names. The quick tier keeps the comparisons
that carry the most weight in the recommendation (model-level steps count three kernels in
recommender/evidence.py) and drops those whose information another quick group already carries;
the standard and deep tiers keep everything (``None``). An entry ending in ``_`` is a prefix:
``matmul_`` is whichever GEMM sizes the worker offers on this device (1024 on a small CPU,
2048 and 8192 on a GPU).
"""

from __future__ import annotations

from collections.abc import Sequence

TIER_WORKLOADS: dict[str, tuple[str, ...] | None] = {
    "quick": (
        "matmul_",  # the GEMM kernel: training and inference evidence, and the honest peak
        "dispatch_overhead",  # per-op framework cost: why eager small-batch results differ
        "h2d_transfer",  # host-to-device copies: offered on a GPU only
        "cnn_infer_b1_eager",  # batch-1 inference latency (model)
        "cnn_train_eager",  # CNN training step (model)
        "transformer_train_eager",  # transformer encoder training step (model)
        "embedding_train_eager",  # sparse embedding training step (model)
    ),
    "standard": None,
    "deep": None,
}

# What the quick tier leaves to the standard tier, and which quick group carries its information.
QUICK_DROPPED: dict[str, str] = {
    "conv2d": "cnn_infer_b1_eager and cnn_train_eager (their convolutions, at model level)",
    "mlp_train_eager": "cnn_train_eager and transformer_train_eager (dense layers, SGD)",
    "cnn_infer_b32_eager": "cnn_train_eager (the same network, batch 32, forward included)",
    "memory_copy": "nothing the recommender uses (numpy only, never compared)",
}


GPU_ONLY = ("h2d_transfer",)
ALL_GROUPS_CPU = 10  # what the workers offer on a CPU in every tier (docs/benchmarks.md §5.6)


def expected_groups(tier: str) -> int:
    """How many groups a CPU run of ``tier`` measures (for the ETA only)."""
    table = TIER_WORKLOADS.get(tier)
    return ALL_GROUPS_CPU if table is None else len([e for e in table if e not in GPU_ONLY])


def names(entry: str, name: str) -> bool:
    """Whether table ``entry`` names workload ``name`` (exactly, or as a ``_`` prefix)."""
    return name.startswith(entry) if entry.endswith("_") else name == entry


def select(tier: str, offered: Sequence[str]) -> list[str]:
    """The workloads offered (in their order) that ``tier`` measures."""
    table = TIER_WORKLOADS.get(tier)
    if table is None:
        return list(offered)
    return [n for n in offered if any(names(e, n) for e in table)]
