"""Typed shape of the knowledge base.

Every YAML file under ``kb/data`` is validated against these models; nothing reaches the
recommender that has not passed them. Models are frozen and forbid unknown keys so that a typo
in YAML is an error, not a silently ignored field.

Rating scale (documented once, used everywhere): **0–10**, where 0 means "not supported / not
usable for this criterion", 5 means "adequate, with notable gaps", and 10 means "best available
today". ``low``/``mode``/``high`` describe how sure we are of the value (a triangular
distribution for the Monte Carlo in the recommender).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

KB_SCHEMA_VERSION = 1
RATING_MIN = 0.0
RATING_MAX = 10.0

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SectionRef = Annotated[str, Field(pattern=r"^§\d+(\.\d+)?$")]
Confidence = Literal["low", "medium", "high"]
SupportLevel = Literal["yes", "no", "experimental", "plugin", "community", "wsl2_only", "unknown"]
OsName = Literal["linux", "windows", "macos"]
# Accelerator vendors: the hardware tables here and the probe report (probes/report.py, which
# adds "other") share this one list; the probe's collector for each is registered in
# probes/inventory.py (README, "Where each kind of change goes").
Vendor = Literal["nvidia", "amd", "intel", "apple", "google"]


class Frozen(BaseModel):
    """Base for every KB model: immutable, strict about keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Frozen):
    """A user-facing text in both UI languages."""

    en: Annotated[str, Field(min_length=1)]
    zh: Annotated[str, Field(min_length=1)]

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


SourceKind = Literal[
    "docs",  # a project's or vendor's own documentation page
    "release_notes",  # release notes, changelog, a tagged release page
    "datasheet",  # a hardware vendor's specification / datasheet page
    "merged_pr",  # a merged pull request or commit in the project's own repository
    "open_proposal",  # an open PR, RFC or proposal: cannot establish a status change alone
    "discussion",  # an issue thread, forum post: cannot establish a status change alone
    "benchmark",  # published benchmark results (MLPerf, a vendor's or project's benchmark page)
    "survey",  # a survey, census or ranking (developer surveys, download statistics)
    "package_index",  # one package's page or metadata on a package index (PyPI, npm)
    "article",  # the seed article this KB reviews
    "blog",  # a project's or vendor's own announcement post
]


class Source(Frozen):
    id: Identifier
    title: str
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    publisher: str
    accessed: date
    published: date | None = None
    kind: SourceKind | None = None  # required by `kb check` (kb/crossref.py)


class Evidence(Frozen):
    """One dated, cited claim supporting a rating or a stale-claim record."""

    source: Identifier
    claim: Annotated[str, Field(min_length=3, max_length=400)]
    as_of: date
    section: SectionRef | None = None  # for the seed article: which § it comes from
    versions: str | None = None  # e.g. "tensorflow>=2.16" or "torch 2.9–2.14"
    # Verbatim words from the source (<= 300 chars) and the day someone read them there.
    # `kb check` requires both unless the item is marked `unconfirmed` (with the reason).
    quote: Annotated[str, Field(min_length=3, max_length=300)] | None = None
    checked: date | None = None
    unconfirmed: str | None = None  # why the claim could not be confirmed at a primary source


class Rating(Frozen):
    """How well one framework serves one criterion, on the 0–10 scale."""

    low: Annotated[float, Field(ge=RATING_MIN, le=RATING_MAX)]
    mode: Annotated[float, Field(ge=RATING_MIN, le=RATING_MAX)]
    high: Annotated[float, Field(ge=RATING_MIN, le=RATING_MAX)]
    confidence: Confidence
    rationale: Text
    evidence: Annotated[list[Evidence], Field(min_length=1)]

    @model_validator(mode="after")
    def _ordered(self) -> Rating:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"low / mode / high out of order: {self.low} / {self.mode} / {self.high}; "
                "allowed: low <= mode <= high"
            )
        return self


class Criterion(Frozen):
    id: Identifier
    group: Identifier
    title: Text
    description: Text
    article_sections: list[SectionRef] = []
    default_weight: Annotated[float, Field(gt=0)]
    # Which benchmark workloads (if any) may replace the general rating on a probed machine.
    measured_by: list[Identifier] = []


class Framework(Frozen):
    id: Identifier
    name: str
    steward: str
    description: Text
    # Distribution names that mean "this framework is installed", in order of preference; the
    # probe reads them (probes/frameworks.py) and reports the first one found.
    packages: Annotated[list[str], Field(min_length=1)]
    homepage: Annotated[str, Field(pattern=r"^https?://\S+$")]
    latest_version: str
    # criterion id -> rating; the loader checks every criterion is rated.
    ratings: dict[Identifier, Rating]


class StaleClaim(Frozen):
    """A claim of the seed article that no longer holds, and what holds instead."""

    id: Identifier
    frameworks: list[Identifier]
    criteria: list[Identifier]
    article_sections: Annotated[list[SectionRef], Field(min_length=1)]
    article_said: Text
    holds_now: Text
    since: date
    evidence: Annotated[list[Evidence], Field(min_length=1)]


class ArticleSection(Frozen):
    """Maps one subsection of the seed article to criteria, or says why none."""

    id: SectionRef
    title: Text
    criteria: list[Identifier] = []
    not_mapped_because: Text | None = None

    @model_validator(mode="after")
    def _mapped_or_explained(self) -> ArticleSection:
        if not self.criteria and self.not_mapped_because is None:
            raise ValueError(
                "neither criteria nor not_mapped_because; allowed: criteria, or not_mapped_because"
            )
        return self


# --- questionnaire -----------------------------------------------------------------------


class WeightEffect(Frozen):
    """Multiply a criterion's weight (before renormalisation)."""

    kind: Literal["weight"]
    criterion: Identifier
    factor: Annotated[float, Field(gt=0, le=20)]
    reason: Text


class VetoEffect(Frozen):
    """Remove a framework from consideration."""

    kind: Literal["veto"]
    framework: Identifier
    reason: Text


class RequireEffect(Frozen):
    """Eliminate any framework whose rating (mode) on a criterion is below a floor."""

    kind: Literal["require"]
    criterion: Identifier
    min: Annotated[float, Field(ge=RATING_MIN, le=RATING_MAX)]
    reason: Text


class PenaltyEffect(Frozen):
    """Subtract points (0–100 scale) from a framework's total, keeping it in the running."""

    kind: Literal["penalty"]
    framework: Identifier
    points: Annotated[float, Field(gt=0, le=50)]
    reason: Text


class SwitchCostEffect(Frozen):
    """Points a framework loses because what exists (code, skills) would have to move to it.

    The cost is uncertain, so it is a triangular ``low``/``points``/``high`` sampled in the Monte
    Carlo; ``scales_with_code`` costs are multiplied by the ``switch_scale`` effects in play
    (code size, tests, rewritten anyway), skills costs are not.
    """

    kind: Literal["switch_cost"]
    framework: Identifier  # the framework you would switch to (it pays)
    low: Annotated[float, Field(ge=0, le=60)]
    points: Annotated[float, Field(gt=0, le=60)]
    high: Annotated[float, Field(gt=0, le=100)]
    scales_with_code: bool = True
    reason: Text

    @model_validator(mode="after")
    def _ordered(self) -> SwitchCostEffect:
        if not self.low <= self.points <= self.high:
            raise ValueError("low / points / high out of order; allowed: low <= points <= high")
        return self


class Spread(Frozen):
    """A triangular low / mode / high, e.g. person-weeks of porting."""

    low: Annotated[float, Field(ge=0)]
    mode: Annotated[float, Field(ge=0)]
    high: Annotated[float, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Spread:
        if not self.low <= self.mode <= self.high:
            raise ValueError("low / mode / high out of order; allowed: low <= mode <= high")
        return self


class SwitchScaleEffect(Frozen):
    """Multiply every code switching cost by an uncertain factor (size, tests, rewrite anyway).

    ``person_weeks`` (on code-size options) is the porting effort the cost stands for, so a
    break-even in points can be told in person-weeks; the factors of the other answers scale it.
    """

    kind: Literal["switch_scale"]
    low: Annotated[float, Field(ge=0, le=10)]
    factor: Annotated[float, Field(ge=0, le=10)]
    high: Annotated[float, Field(ge=0, le=10)]
    person_weeks: Spread | None = None
    reason: Text

    @model_validator(mode="after")
    def _ordered(self) -> SwitchScaleEffect:
        if not self.low <= self.factor <= self.high:
            raise ValueError("low / factor / high out of order; allowed: low <= factor <= high")
        return self


class ShortfallEffect(Frozen):
    """A graded constraint: points off for every rating point below a floor on a criterion.

    Unlike ``require`` it keeps the framework in the running, so a weak-but-possible path (a
    proof-of-concept runtime) costs in proportion instead of deciding alone.
    """

    kind: Literal["shortfall"]
    criterion: Identifier
    min: Annotated[float, Field(ge=RATING_MIN, le=RATING_MAX)]
    points_per_point: Annotated[float, Field(gt=0, le=20)]
    reason: Text


class NoteEffect(Frozen):
    """A warning for answers that do not fit together (TPU training on Windows): it changes no
    weight, rating or cost; its reason, shown as a warning, says which answer does not apply."""

    kind: Literal["note"]
    reason: Text


Effect = Annotated[
    WeightEffect
    | VetoEffect
    | RequireEffect
    | PenaltyEffect
    | SwitchCostEffect
    | SwitchScaleEffect
    | ShortfallEffect
    | NoteEffect,
    Field(discriminator="kind"),
]


class Option(Frozen):
    id: Identifier
    label: Text
    effects: list[Effect] = []
    # Toolchains (ids in toolchains.yaml) this option depends on, as alternatives: a framework
    # must reach at least one of them; how well (native, a conversion path, none) is data there.
    toolchains: list[Identifier] = []
    # Excludes the other options of its (multi-choice) question: "Not deployed", "CPU only".
    # Chosen together with others it contradicts them; the specific answers are kept, this one
    # set aside with a warning (recommender/facts.py), and the app unselects it as it happens.
    exclusive: bool = False


class Question(Frozen):
    id: Identifier
    kind: Literal["single", "multi"]
    group: Identifier
    text: Text
    help: Text
    options: Annotated[list[Option], Field(min_length=2)]
    # The neutral default used when the question is unanswered: option ids (empty = no effect).
    default: list[Identifier] = []
    max_choices: Annotated[int, Field(ge=1)] | None = None
    # Dotted probe fact that can pre-fill this answer (e.g. "host.os"); shown as pre-filled.
    prefill_from: str | None = None
    # Effects that hold while the question is unanswered (e.g. a wide switching-cost spread when
    # the size of the existing code is unknown): not knowing is itself uncertain.
    unanswered_effects: list[Effect] = []
    # Points a framework loses when the best toolchain it has for a chosen option is reached only
    # through a conversion path or has a weak status, keyed by support level or status id (see
    # toolchains.yaml); a toolchain a framework cannot reach at all rules it out.
    toolchain_costs: dict[Identifier, Annotated[float, Field(ge=0, le=50)]] = {}
    # A must-have from this question names a dependency the project chose and could replace at a
    # cost (a serving stack, a library), not where the model must run: a framework that survives
    # only because of it is "lean", not "clear", unless it would lead clearly without it.
    replaceable: bool = False

    @field_validator("options")
    @classmethod
    def _unique_options(cls, options: list[Option]) -> list[Option]:
        ids = [o.id for o in options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate option id {dupes}; allowed: each option id once")
        return options

    @field_validator("default")
    @classmethod
    def _default_is_option(cls, default: list[str], info: ValidationInfo) -> list[str]:
        options = info.data.get("options")
        if options is None:  # options invalid: reported there
            return default
        ids = [o.id for o in options]
        unknown = [d for d in default if d not in ids]
        if unknown:
            raise ValueError(f"default {unknown} is not an option; allowed: {', '.join(ids)}")
        if info.data.get("kind") == "single" and len(default) > 1:
            raise ValueError("more than one default; allowed: at most one for a single choice")
        return default

    @model_validator(mode="after")
    def _exclusive_needs_multi(self) -> Question:
        exclusive = [o.id for o in self.options if o.exclusive]
        if exclusive and self.kind != "multi":
            raise ValueError(
                f"option {exclusive} is exclusive in a single-choice question; allowed: "
                "exclusive only on options of a multi-choice question"
            )
        return self

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def contradicted(self, chosen: list[str]) -> list[str]:
        """The exclusive options in ``chosen`` that other chosen options contradict ("Not
        deployed" beside "Android app"): the specific answers say more, so these give way."""
        exclusive = {o.id for o in self.options if o.exclusive}
        if not any(c not in exclusive for c in chosen):
            return []
        return [c for c in chosen if c in exclusive]


# --- rules over answers and probe facts ---------------------------------------------------


class Condition(Frozen):
    """A test on one fact. Facts are dotted names: ``answers.os``, ``probe.host.os``,
    ``probe.accelerators.vendors``, ``probe.python.version``,
    ``probe.frameworks.tensorflow.status``, ``compat.tensorflow.python_supported`` (computed by
    the recommender from the compatibility table).
    A fact that is unknown never satisfies a condition (unknown is not False)."""

    fact: str
    equals: str | int | float | bool | None = None
    any_of: list[str] | None = None  # the fact (or any element of a list fact) is one of these
    contains: str | None = None  # list fact contains this element

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        set_tests = [t for t in (self.equals, self.any_of, self.contains) if t is not None]
        if len(set_tests) != 1:
            raise ValueError("needs exactly one test; allowed: one of equals, any_of, contains")
        return self


class Rule(Frozen):
    """Constraint or adjustment that fires when all conditions hold."""

    id: Identifier
    description: Text
    when: Annotated[list[Condition], Field(min_length=1)]
    effects: Annotated[list[Effect], Field(min_length=1)]
    evidence: list[Evidence] = []


# --- compatibility and hardware ------------------------------------------------------------


class InstallCommand(Frozen):
    platform: Identifier  # e.g. linux_cpu, linux_cuda, windows_cpu, macos_arm64, rocm, xpu
    command: str
    note: Text | None = None


class CudaBuild(Frozen):
    """One CUDA build a release ships, and what it needs from the machine.

    The install choice (recommender/install.py) compares a probed driver and compute capability
    with these floors, so a V100 or an older driver gets a build that runs there instead of the
    default one. ``None`` means the floor is not recorded (never guessed).
    """

    version: Annotated[str, Field(pattern=r"^\d+\.\d+$")]  # CUDA toolkit, e.g. "13.0"
    role: Literal["default", "stable", "legacy", "experimental"]  # default = what pip gets
    min_driver: str | None = None  # Linux driver floor, e.g. "580" (NVIDIA minor-version compat)
    min_compute_capability: str | None = None  # oldest GPU architecture with code, e.g. "7.5"
    max_compute_capability: str | None = None  # newest GPU architecture with code, e.g. "9.0"
    command: str | None = None  # the pip command for this build (Linux, WSL2 and Windows)


class CompatRow(Frozen):
    """One framework release: what it runs on."""

    framework: Identifier
    version: Annotated[str, Field(pattern=r"^\d+\.\d+$")]
    released: date | None = None
    python: Annotated[list[str], Field(min_length=1)]  # e.g. ["3.10", "3.11", "3.12", "3.13"]
    os: list[OsName]
    cuda: list[str] = []
    cudnn: str | None = None
    rocm: list[str] = []
    windows_gpu: SupportLevel = "unknown"
    mps: SupportLevel = "unknown"
    xpu: SupportLevel = "unknown"
    tpu: SupportLevel = "unknown"
    install: list[InstallCommand] = []
    note: Text | None = None
    evidence: Annotated[list[Evidence], Field(min_length=1)]
    # Appended (older rows stay valid): every CUDA build of the release with its floors.
    cuda_builds: list[CudaBuild] = []

    @field_validator("python")
    @classmethod
    def _python_versions(cls, value: list[str]) -> list[str]:
        bad = [v for v in value if not re.fullmatch(r"3\.\d+", v)]
        if bad:
            raise ValueError(f"bad python versions {bad}; allowed: versions like '3.11'")
        return value


class AcceleratorPeak(Frozen):
    """Datasheet peaks of one accelerator model (dense, no sparsity)."""

    id: Identifier
    vendor: Vendor
    name: str
    match: Annotated[list[str], Field(min_length=1)]  # case-insensitive substrings of device names
    memory_gb: float | None = None
    # None where the vendor publishes no FP32 rate (TPUs publish BF16 only).
    fp32_tflops: Annotated[float, Field(gt=0)] | None = None
    tf32_tflops: float | None = None
    bf16_tflops: float | None = None
    fp16_tflops: float | None = None
    memory_bandwidth_gbs: float | None = None
    estimate: bool = False
    source: Identifier
    note: Text | None = None
    # Appended (older rows stay valid). Device names containing any of these (case-insensitive,
    # at word boundaries) are another product: "Laptop" for a desktop row, "NVL" for an SXM row.
    exclude: list[str] = []
    evidence: list[Evidence] = []  # quoted, dated support for the peaks (or why unconfirmed)

    @model_validator(mode="after")
    def _some_peak(self) -> AcceleratorPeak:
        if self.fp32_tflops is None and self.bf16_tflops is None:
            raise ValueError("no peak given; allowed: fp32_tflops or bf16_tflops (or both)")
        return self


class CpuPeak(Frozen):
    """FP32 FLOP per cycle per core for an ISA / microarchitecture family."""

    id: Identifier
    isa: str  # e.g. "avx512", "avx2_fma", "neon", "sve"
    microarchitectures: list[str] = []  # case-insensitive substrings of the CPU model name
    requires_flags: list[str] = []  # all of these CPU flags must be present
    fp32_flops_per_cycle: Annotated[float, Field(gt=0)]
    estimate: bool = False
    note: Text | None = None
    source: Identifier
    evidence: list[Evidence] = []  # appended: quoted, dated support (or why unconfirmed)


# --- toolchains: the libraries, runtimes and deployment paths a project depends on ---------

ToolchainCategory = Literal[
    "model_library",  # pretrained models and their training code (Transformers, timm, MONAI)
    "training_library",  # training loops, distributed training, RL (Lightning, DeepSpeed, RLlib)
    "serving",  # model servers (TF Serving, TorchServe, Triton, vLLM)
    "runtime",  # on-device / cross-framework inference runtimes (LiteRT, ONNX Runtime)
    "converter",  # model converters (litert-torch, coremltools)
    "compiler",  # graph compilers for a target (TensorRT, OpenVINO)
    "hardware_toolchain",  # a vendor's compiler for its accelerator or MCU (Edge TPU, Hailo)
    "experiment_tooling",  # tracking and visualisation (TensorBoard)
    "framework_api",  # a front end or framework of its own (Keras 3, JAX/Flax)
]
# native: the toolchain takes this framework's models as they are.
# conversion: it takes them through a named conversion path (``path``), with its own losses.
# none: no supported path today.
ToolchainLevel = Literal["native", "conversion", "none"]
ToolchainStatus = Literal["active", "beta", "maintenance", "deprecated"]


class ToolchainEvidence(Evidence):
    """Evidence in the toolchain table: written after the quote rule, so it is enforced here.

    A support level decides recommendations (a pick can become a must-have), so each item must
    show the words it rests on and when they were read, or say why it could not be confirmed.
    """

    @model_validator(mode="after")
    def _quoted(self) -> ToolchainEvidence:
        if self.unconfirmed is None and (self.quote is None or self.checked is None):
            missing = " and ".join(k for k in ("quote", "checked") if getattr(self, k) is None)
            raise ValueError(
                f"evidence without {missing}; allowed: a verbatim quote (<= 300 chars) and the "
                "checked date, or unconfirmed with the reason"
            )
        return self


class FrameworkSupport(Frozen):
    """How one framework's models reach a toolchain, and in what state that path is."""

    level: ToolchainLevel
    path: str | None = None  # the named conversion path, e.g. "torch.export → litert-torch"
    status: ToolchainStatus | None = None  # of this path; not used for level none
    note: Text | None = None
    evidence: list[ToolchainEvidence] = []
    unconfirmed: str | None = None  # why the level or status could not be confirmed

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkSupport:
        if self.level == "conversion" and not self.path:
            raise ValueError(
                "conversion without path; allowed: path naming the conversion, e.g. "
                "'torch.export → litert-torch → .tflite'"
            )
        if self.level != "none" and self.status is None:
            raise ValueError(
                f"level {self.level} without status; allowed: status active, beta, maintenance "
                "or deprecated"
            )
        if self.level == "none" and self.status is not None:
            raise ValueError("level none with a status; allowed: omit status when there is no path")
        if not self.evidence and self.unconfirmed is None:
            raise ValueError(
                "no evidence; allowed: at least one evidence item, or unconfirmed with the reason"
            )
        return self


class ToolchainInstall(Frozen):
    """A command that installs the deployment or runtime side (not the training framework)."""

    command: Annotated[str, Field(min_length=3)]
    framework: Identifier | None = None  # only for this framework's path; None = any
    note: Text | None = None


class Toolchain(Frozen):
    """One library, toolchain, runtime or deployment path that people choose a framework by.

    ``support`` is keyed by framework id (checked against ``frameworks/`` by ``kb check``), so
    a third framework is a new key in the data, not a code change.
    """

    id: Identifier
    name: str
    category: ToolchainCategory
    description: Text
    targets: list[Identifier] = []  # option ids of the deploy_targets question it serves
    support: Annotated[dict[Identifier, FrameworkSupport], Field(min_length=1)]
    install: list[ToolchainInstall] = []
    homepage: Annotated[str, Field(pattern=r"^https?://\S+$")]


class TrackedPackage(Frozen):
    """A package whose releases ``python -m kb freshness`` compares with the KB.

    ``framework``: its releases are the framework's compatibility rows and ``latest_version``;
    otherwise ``known`` is the newest version the KB has recorded (and ``checked`` when)."""

    package: Annotated[str, Field(pattern=r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")]
    framework: Identifier | None = None
    known: Annotated[str, Field(pattern=r"^\d+(\.\d+)*$")] | None = None
    checked: date | None = None

    @model_validator(mode="after")
    def _compared_with_something(self) -> TrackedPackage:
        if self.framework is None and self.known is None:
            raise ValueError("nothing to compare with; allowed: framework, or known (a version)")
        return self


class KbMeta(Frozen):
    schema_version: int
    kb_version: str
    title: Text
    freshness_limit_days: Annotated[int, Field(gt=0)]
    rating_scale: Text
    # The seed article: its source id, and every subsection it has (coverage is checked).
    article_source: Identifier | None = None
    article_outline: list[SectionRef] = []
    # Benchmark workload ids the probes emit; criteria.measured_by must use these (when listed).
    workloads: list[Identifier] = []
    # Platform ids of install commands (linux_cpu, windows_cuda, ...); checked when listed.
    install_platforms: list[Identifier] = []
    # Packages whose newest release `python -m kb freshness` compares with the KB.
    tracked_packages: list[TrackedPackage] = []
    # Criterion groups whose gaps are concrete capabilities of the project's platform (where it
    # runs, on what hardware), as opposed to general ecosystem and usability ratings; a lead with
    # none of these, no charges and only neutral dependencies is "too close"
    # (docs/decision-model.md section 3, "neutral dependencies").
    concrete_groups: list[Identifier] = []


class KnowledgeBase(Frozen):
    """The whole validated knowledge base, as the recommender and app see it."""

    schema_version: int = KB_SCHEMA_VERSION
    kb_version: str
    content_hash: str
    meta: KbMeta
    sources: dict[str, Source]
    criteria: dict[str, Criterion]
    frameworks: dict[str, Framework]
    article_sections: list[ArticleSection]
    stale_claims: list[StaleClaim]
    questions: list[Question]
    rules: list[Rule]
    compatibility: list[CompatRow]
    accelerators: list[AcceleratorPeak]
    cpu_peaks: list[CpuPeak]
    # toolchains.yaml, by id in file order; empty for a KB directory without the table.
    toolchains: dict[str, Toolchain] = {}

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def rating(self, framework_id: str, criterion_id: str) -> Rating:
        return self.frameworks[framework_id].ratings[criterion_id]
