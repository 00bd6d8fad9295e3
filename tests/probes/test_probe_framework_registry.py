"""The probe's frameworks come from the KB (ids, packages); how to run one from ``WORKERS``."""

from __future__ import annotations

import pytest

import kb
from kb import snapshot
from probes import api, workers_run
from probes.frameworks import ANCHOR, WORKERS, KnownFramework, Registry, load_registry


def test_the_registry_is_the_kb_frameworks_with_their_packages() -> None:
    base = kb.load()
    registry = load_registry()
    assert registry.problem is None
    assert registry.ids == tuple(base.frameworks)
    for fw in registry.frameworks:
        assert fw.packages == tuple(base.frameworks[fw.id].packages)
        assert fw.name == base.frameworks[fw.id].name


def test_every_kb_distribution_counts_as_installed_in_kb_order() -> None:
    tf = load_registry().get("tensorflow")
    assert tf is not None
    # tensorflow-gpu was missing from the probe's old copy of this list
    assert tf.installed({"tensorflow-gpu": "2.11.0", "numpy": "2.0"}) == "tensorflow-gpu"
    assert tf.installed({"tensorflow-cpu": "2.21.0", "tensorflow": "2.21.0"}) == "tensorflow"
    assert tf.installed({"torch": "2.13.0"}) is None


def test_a_kb_that_does_not_load_leaves_the_frameworks_with_a_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(_dir: object = None) -> object:
        raise kb.KBError(["frameworks/pytorch.yaml:3: id: mid-edit"])

    monkeypatch.setattr(kb, "load", broken)
    monkeypatch.setattr(snapshot, "load", broken)  # no cached copy may hide the broken YAML
    registry = load_registry()
    assert registry.ids == tuple(WORKERS)
    assert registry.problem is not None and "mid-edit" in registry.problem
    assert all(f.packages == () for f in registry.frameworks)


def test_worker_modules_are_the_anchor_and_every_worker() -> None:
    expected = {ANCHOR, *WORKERS}
    assert expected <= set(workers_run.WORKER_MODULES)
    for fid, spec in WORKERS.items():
        assert workers_run.WORKER_MODULES[fid] == spec.module
        assert set(spec.sees) <= {"nvidia", "amd", "intel", "apple", "google"}


@pytest.mark.parametrize(
    ("packages", "status"), [(("fakefw-core",), "missing"), (("fakefw-core", "pip"), None)]
)
def test_a_framework_without_a_worker_is_reported_from_package_metadata(
    monkeypatch: pytest.MonkeyPatch, packages: tuple[str, ...], status: str | None
) -> None:
    registry = Registry((KnownFramework("fakefw", "FakeFW", packages),))
    monkeypatch.setattr(api, "load_registry", lambda: registry)
    monkeypatch.delenv("FA_PROBES_FRAMEWORKS", raising=False)
    report = api.run_probes(no_bench=True)
    if status is None:  # pip is installed here: a warning, and no status is made up
        assert "fakefw" not in report.frameworks
        assert report.packages.get("pip")
        assert any(w.startswith("FakeFW ") and "no worker" in w for w in report.warnings)
    else:
        probe = report.frameworks["fakefw"]
        assert probe.status == status and probe.reason is not None
        assert "fakefw-core" in probe.reason


def test_compared_pairs_follow_the_registry() -> None:
    from probes import interleave

    def pairs(frameworks: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        plan = api._resolve("quick", False, None, None, frameworks, None, None)
        return api._pairs(plan)

    assert pairs(("pytorch", "tensorflow")) == interleave.PAIRS  # unchanged for the two
    assert pairs(("pytorch",)) == (("pytorch", "numpy"),)
    assert pairs(()) == ()
