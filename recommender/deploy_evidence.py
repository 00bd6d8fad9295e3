"""Deployment paths measured on the target machine (``python -m probes --deploy``) as evidence.

Measured beats claimed, in proportion. For each deployment criterion of a chosen target
(``server_deployment``, ``mobile_edge_deployment``, ``microcontrollers``, ``browser_deployment``)
and each framework, the paths the probe tried for that target vote:

* a path that works (its runtime ran the model and agreed with the framework) counts +1; one
  converted but not runnable here (Core ML off macOS, TF.js without a browser) counts +½;
* a path whose conversion or runtime failed on a named unsupported op counts −1, and the op is
  named in the reasons;
* paths that were not installed, timed out or crashed do not vote: they say nothing about what
  the framework can reach.

The mean vote (−1…+1) shifts that framework's rating by at most ``MAX_SHIFT`` points, so two small
reference models can confirm or dent a general rating but never overturn it alone. Reference:
docs/deployment-paths.md.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.schema import KnowledgeBase
from kb.texts import Bilingual, pair
from probes.report import DeploymentPath, ProbeReport
from recommender.evidence import ValueMatrix
from recommender.models import EvidenceRef

MAX_SHIFT = 1.5
# ``--deploy`` target → the KB criterion it informs
CRITERION = {
    "mobile": "mobile_edge_deployment",
    "edge": "mobile_edge_deployment",
    "mcu": "microcontrollers",
    "browser": "browser_deployment",
    "server": "server_deployment",
}
# questionnaire deploy_targets option → ``--deploy`` target (probes/deploy/registry.py)
OPTION_TARGET = {
    "mobile": "mobile",
    "android": "mobile",
    "ios": "mobile",
    "browser": "browser",
    "browser_training": "browser",
    "edge_device": "edge",
    "jetson": "edge",
    "edge_tpu": "edge",
    "hailo": "edge",
    "microcontroller": "mcu",
    "mcu_vendor": "mcu",
    "cloud_server": "server",
    "on_prem_server": "server",
}
VOTE = {"works": 1.0, "converted_not_run": 0.5}


def chosen_targets(answers: dict[str, list[str]]) -> set[str]:
    """The ``--deploy`` targets of the profile's deploy_targets answer (empty: none chosen)."""
    return {OPTION_TARGET[o] for o in answers.get("deploy_targets", []) if o in OPTION_TARGET}


def vote(entry: DeploymentPath) -> float | None:
    """+1 works, +½ converted-not-run, −1 failed on a named op, None: no evidence either way."""
    if entry.status in VOTE:
        return VOTE[entry.status]
    if entry.status == "failed" and entry.failed_ops:
        return -1.0
    return None


def _relevant(entries: Sequence[DeploymentPath], targets: set[str]) -> list[DeploymentPath]:
    return [e for e in entries if not targets or targets & set(e.targets or [e.target])]


def apply_deploy_paths(
    kb: KnowledgeBase, probe: ProbeReport | None, answers: dict[str, list[str]], vm: ValueMatrix
) -> None:
    """Shift the deployment criteria of the chosen targets by the measured paths (in place)."""
    if probe is None or not probe.deployment_paths:
        return
    targets = chosen_targets(answers)
    entries = _relevant(probe.deployment_paths, targets)
    measured_on = probe.collected_at.date().isoformat()
    for crit in dict.fromkeys(CRITERION.values()):
        if crit not in vm.criteria:
            continue
        j = vm.criteria.index(crit)
        serving = {t for t, c in CRITERION.items() if c == crit}
        for fw in vm.frameworks:
            mine = [
                e
                for e in entries
                if e.framework == fw
                and serving & set(e.targets or [e.target])
                and (not targets or targets & serving)
                and vote(e) is not None
            ]
            if not mine:
                continue
            i = vm.frameworks.index(fw)
            mean = sum(vote(e) or 0.0 for e in mine) / len(mine)
            shift = MAX_SHIFT * mean
            general = float(vm.mode[i, j])
            value = min(10.0, max(0.0, general + shift))
            delta = value - general
            vm.mode[i, j] = value
            vm.low[i, j] = min(10.0, max(0.0, vm.low[i, j] + delta))
            vm.high[i, j] = min(10.0, max(0.0, vm.high[i, j] + delta))
            vm.measured[i, j] = True
            summary = _summary(kb, fw, mine)
            en = summary[0]
            note = pair(
                "deploy_evidence_note",
                before=vm.notes.get((i, j), ("", "")),
                summary=summary,
                general=general,
                value=value,
            )
            vm.notes[(i, j)] = (note[0].strip(), note[1].strip())
            vm.evidence[(i, j)] = [
                EvidenceRef(
                    source="probe",
                    title="deployment paths measured on the target machine",
                    url="",
                    claim=f"measured: {en}",
                    as_of=measured_on,
                    stale=False,
                ),
                *vm.evidence.get((i, j), []),
            ]


def _summary(kb: KnowledgeBase, fw: str, entries: list[DeploymentPath]) -> Bilingual:
    works = [e for e in entries if e.status == "works"]
    converted = [e for e in entries if e.status == "converted_not_run"]
    failed = [e for e in entries if e.status == "failed"]
    name = kb.frameworks[fw].name if fw in kb.frameworks else fw
    parts = [pair("deploy_evidence_runs", works=len(works), runs=len(entries), name=name)]
    if converted:
        parts.append(pair("deploy_evidence_converted", n=len(converted)))
    for e in failed:
        ops = ", ".join(e.failed_ops)
        parts.append(
            pair("deploy_evidence_failed_op", path=e.label or e.path, ops=ops, model=e.model)
        )
    sep_en, sep_zh = pair("list_sep")
    return sep_en.join(en for en, _ in parts), sep_zh.join(zh for _, zh in parts)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def deploy_next_steps(
    probe: ProbeReport | None, framework: str | None, answers: dict[str, list[str]], limit: int = 2
) -> list[tuple[str, str]]:
    """The exact command sequence of the fastest paths that worked here for the chosen targets."""
    if probe is None or not probe.deployment_paths or framework is None:
        return []
    targets = chosen_targets(answers)
    if not targets:
        return []
    best: dict[str, DeploymentPath] = {}
    for e in _relevant(probe.deployment_paths, targets):
        if e.framework != framework or e.status != "works" or not e.commands:
            continue
        if e.path not in best or _speed(e) < _speed(best[e.path]):
            best[e.path] = e
    steps: list[tuple[str, str]] = []
    for e in sorted(best.values(), key=_speed)[:limit]:
        lat = f"{_ms(e.latency.median_s)}" if e.latency else "?"
        eager = f"{_ms(e.eager_latency.median_s)}" if e.eager_latency else "?"
        diff = f"{e.max_abs_diff:.1e}" if e.max_abs_diff is not None else "?"
        where = "/".join(t for t in e.targets if t in targets)
        cmds = " → ".join(f"`{c}`" for c in e.commands)
        steps.append(
            pair(
                "deploy_evidence_next_step",
                where=where,
                label=e.label,
                model=e.model,
                lat=lat,
                eager=eager,
                diff=diff,
                cmds=cmds,
            )
        )
    return steps


def _speed(e: DeploymentPath) -> float:
    return e.latency.median_s if e.latency else float("inf")
