"""A small hand-built knowledge base and recommendation for exporter tests.

Built independently of ``kb.load()`` and ``recommender.recommend()`` so exporter tests do not move
when the KB data changes; the golden tests use the real pipeline.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from kb.schema import (
    Criterion,
    Evidence,
    Framework,
    KbMeta,
    KnowledgeBase,
    Option,
    Question,
    Rating,
    Source,
    StaleClaim,
    Text,
    WeightEffect,
)
from recommender.models import (
    Consequence,
    Contribution,
    CriterionWeight,
    Elimination,
    EvidenceRef,
    FlipPoint,
    FrameworkValue,
    ProbeSummary,
    Profile,
    Recommendation,
    WeightSource,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
XSS_DESCRIPTION = (
    "Vision app <script>alert(1)</script> <img src=x onerror=alert(1)> \"quoted\" & 'single' "
    "| pipe | `tick` [link](javascript:alert(1)) 视觉项目"
)


def _ev(source: str, claim: str) -> Evidence:
    return Evidence(source=source, claim=claim, as_of=date(2026, 10, 1))


def _rating(mode: float, why: str) -> Rating:
    return Rating(
        low=max(mode - 1, 0),
        mode=mode,
        high=min(mode + 1, 10),
        confidence="medium",
        rationale=Text(en=why, zh="理由：" + why),
        evidence=[_ev("pytorch_docs", why)],
    )


CRITERIA = {
    "deployment_mobile": ("Mobile and edge deployment", "移动端与边缘部署", 0.3),
    "ecosystem": ("Ecosystem and pretrained models", "生态与预训练模型", 0.4),
    "training_speed": ("Training speed", "训练速度", 0.3),
}


def sample_kb() -> KnowledgeBase:
    """Two frameworks, three criteria, two questions, one stale claim."""
    sources = {
        "pytorch_docs": Source(
            id="pytorch_docs",
            title="PyTorch documentation",
            url="https://docs.pytorch.org/docs/stable/",
            publisher="PyTorch Foundation",
            accessed=date(2026, 11, 1),
        ),
        "litert_blog": Source(
            id="litert_blog",
            title="TensorFlow Lite is now LiteRT",
            url="https://developers.googleblog.com/en/tensorflow-lite-is-now-litert/",
            publisher="Google",
            accessed=date(2026, 11, 1),
            published=date(2024, 9, 4),
        ),
    }
    criteria = {
        cid: Criterion(
            id=cid,
            group="general",
            title=Text(en=en, zh=zh),
            description=Text(en=en + ".", zh=zh + "。"),
            default_weight=w,
        )
        for cid, (en, zh, w) in CRITERIA.items()
    }
    modes = {"tensorflow": (8.0, 6.0, 6.5), "pytorch": (7.0, 9.0, 7.0)}
    frameworks = {
        fid: Framework(
            id=fid,
            name=name,
            steward="x",
            description=Text(en=name, zh=name),
            packages=[fid],
            homepage="https://example.org/",
            latest_version="1.0",
            ratings={
                cid: _rating(m, f"{name} on {cid}")
                for cid, m in zip(CRITERIA, modes[fid], strict=False)
            },
        )
        for fid, name in (("tensorflow", "TensorFlow"), ("pytorch", "PyTorch"))
    }
    questions = [
        Question(
            id="stage",
            kind="single",
            group="project",
            text=Text(en="Project stage", zh="项目阶段"),
            help=Text(en="Where the project is.", zh="项目所处阶段。"),
            options=[
                Option(id="research", label=Text(en="Research", zh="研究")),
                Option(
                    id="production",
                    label=Text(en="Production", zh="生产"),
                    effects=[
                        WeightEffect(
                            kind="weight",
                            criterion="deployment_mobile",
                            factor=2,
                            reason=Text(en="production needs deployment", zh="生产需要部署"),
                        )
                    ],
                ),
            ],
        ),
        Question(
            id="deploy_targets",
            kind="multi",
            group="deploy",
            text=Text(en="Deployment targets", zh="部署目标"),
            help=Text(en="Where models run.", zh="模型运行位置。"),
            options=[
                Option(id="mobile", label=Text(en="Mobile", zh="移动端")),
                Option(id="browser", label=Text(en="Browser", zh="浏览器")),
            ],
        ),
    ]
    stale = [
        StaleClaim(
            id="tflite_renamed",
            frameworks=["tensorflow"],
            criteria=["deployment_mobile"],
            article_sections=["§3.2"],
            article_said=Text(
                en="TensorFlow Lite serves mobile.", zh="TensorFlow Lite 用于移动端。"
            ),
            holds_now=Text(en="TF Lite is now LiteRT.", zh="TF Lite 已更名为 LiteRT。"),
            since=date(2024, 9, 4),
            evidence=[_ev("litert_blog", "TF Lite renamed LiteRT on 4 Sep 2024")],
        )
    ]
    return KnowledgeBase(
        kb_version="2026.11-test",
        content_hash="sha256:feedface",
        meta=KbMeta(
            schema_version=1,
            kb_version="2026.11-test",
            title=Text(en="Test KB", zh="测试知识库"),
            freshness_limit_days=365,
            rating_scale=Text(en="0–10", zh="0–10"),
        ),
        sources=sources,
        criteria=criteria,
        frameworks=frameworks,
        article_sections=[],
        stale_claims=stale,
        questions=questions,
        rules=[],
        compatibility=[],
        accelerators=[],
        cpu_peaks=[],
    )


def _ref(source: str, title: str, url: str, stale: bool = False) -> EvidenceRef:
    return EvidenceRef(
        source=source, title=title, url=url, claim="c", as_of="2026-10-01", stale=stale
    )


def sample_recommendation(description: str = "An image classifier for phones.") -> Recommendation:
    """A PyTorch 'lean' recommendation with a probe, penalties and flips."""
    weights = [
        CriterionWeight(
            criterion="deployment_mobile",
            default_weight=0.3,
            raw_weight=0.6,
            weight=0.46,
            sources=[
                WeightSource(
                    question="stage",
                    option="production",
                    factor=2,
                    reason_en="production needs deployment",
                    reason_zh="生产需要部署",
                )
            ],
        ),
        CriterionWeight(criterion="ecosystem", default_weight=0.4, raw_weight=0.4, weight=0.31),
        CriterionWeight(
            criterion="training_speed", default_weight=0.3, raw_weight=0.3, weight=0.23
        ),
    ]
    vals = {
        "deployment_mobile": ((8, 7, 9), (7, 6, 8)),
        "ecosystem": ((6, 5, 7), (9, 8, 10)),
        "training_speed": ((6.5, 5.5, 7.5), (7, 6, 8)),
    }
    contributions = []
    for w in weights:
        (tv, tl, th), (pv, pl, ph) = vals[w.criterion]
        en, zh, _ = CRITERIA[w.criterion]
        contributions.append(
            Contribution(
                criterion=w.criterion,
                title_en=en,
                title_zh=zh,
                weight=w.weight,
                values=[
                    FrameworkValue(
                        framework="tensorflow",
                        value=tv,
                        low=tl,
                        high=th,
                        contribution=round(w.weight * tv * 10, 2),
                    ),
                    FrameworkValue(
                        framework="pytorch",
                        value=pv,
                        low=pl,
                        high=ph,
                        contribution=round(w.weight * pv * 10, 2),
                        measured=w.criterion == "training_speed",
                    ),
                ],
                evidence={
                    "tensorflow": [
                        _ref(
                            "litert_blog",
                            "TensorFlow Lite is now LiteRT",
                            "https://developers.googleblog.com/en/tensorflow-lite-is-now-litert/",
                        )
                    ],
                    "pytorch": [
                        _ref(
                            "pytorch_docs",
                            "PyTorch documentation",
                            "https://docs.pytorch.org/docs/stable/",
                            stale=True,
                        )
                    ],
                },
            )
        )
    return Recommendation(
        generated_at=NOW,
        winner="pytorch",
        runner_up="tensorflow",
        verdict="lean",
        scores={"tensorflow": 70.5, "pytorch": 74.9},
        margin=4.4,
        win_probability={"tensorflow": 0.28, "pytorch": 0.72},
        eliminated=[
            Elimination(
                framework="tensorflow",
                rule="questions.yaml:deploy_targets=browser",
                kind="penalty",
                reason_en="TF.js development has stalled",
                reason_zh="TF.js 开发已停滞",
                points=3,
            )
        ],
        weights=weights,
        contributions=contributions,
        flip_points=[
            FlipPoint(
                criterion="deployment_mobile",
                current_weight=0.46,
                flip_weight=0.71,
                sentence_en=(
                    "If mobile deployment weighed 71 % instead of 46 %, TensorFlow would win."
                ),
                sentence_zh="如果移动端部署的权重从 46 % 升至 71 %，TensorFlow 将胜出。",
            )
        ],
        warnings=["Benchmark of conv2d was unstable (IQR 18 %)."],
        drivers=["deployment_mobile", "ecosystem"],
        because_en="PyTorch leads on ecosystem and pretrained models.",
        because_zh="PyTorch 在生态与预训练模型方面领先。",
        consequences=[
            Consequence(
                kind="good",
                text_en="Most new models ship PyTorch weights.",
                text_zh="大多数新模型提供 PyTorch 权重。",
            ),
            Consequence(
                kind="bad",
                text_en="Mobile export goes through ExecuTorch.",
                text_zh="移动端导出需通过 ExecuTorch。",
            ),
        ],
        revisit_triggers_en=["ExecuTorch drops Android support"],
        revisit_triggers_zh=["ExecuTorch 放弃 Android 支持"],
        install_command="pip install torch --index-url https://download.pytorch.org/whl/cpu",
        stale_claims=["tflite_renamed", "no_such_claim"],
        monte_carlo_draws=10000,
        seed=0,
        kb_version="2026.11-test",
        kb_hash="sha256:feedface",
        profile=Profile(
            description=description,
            answers={"stage": "production", "deploy_targets": ["mobile", "browser"]},
        ),
        probe=ProbeSummary(
            machine="Linux x86_64, 2 cores, no GPU",
            collected_at="2026-11-26T11:00:00+00:00",
            os="linux",
            arch="x86_64",
            python="3.11.2",
            cpu="Intel Xeon",
            accelerators=[],
            frameworks={"tensorflow": "ok 2.21.0", "pytorch": "ok 2.13.0"},
            benchmarks=[
                {
                    "workload": "matmul_1024",
                    "framework": "pytorch",
                    "gflops": 95.2,
                    "peak_share": 0.62,
                    "median_s": 0.0225,
                },
                {
                    "workload": "matmul_1024",
                    "framework": "tensorflow",
                    "gflops": 90.1,
                    "peak_share": 0.59,
                    "median_s": 0.0238,
                },
                {"workload": "matmul_1024", "ratio": 1.06, "verdict": "tie", "faster": None},
            ],
        ),
    )
