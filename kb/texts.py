"""The tool's own words in English and Simplified Chinese: one catalog, one lookup.

The app's pages, the exported reports, ``python -m recommender diff``, the probe's progress steps
and Markdown report, and the messages built from values (a refused file or field, a reason, a
note with measured numbers) all read this catalog: ``t(key, lang, **fmt)`` for a text in one
language, ``pair(key, **fmt)`` for an (English, Chinese) pair, ``text(key, **fmt)`` for the same
as a :class:`kb.schema.Text`, ``inline(key, **fmt)`` for the "English / 中文" string a probe
report stores. Sentences are templates with ``{name}`` placeholders, the same in both languages;
a value given as an (English, Chinese) pair or a ``Text`` fills each language with its own part.
A missing translation, a key the code names but the catalog lacks, an unused entry and the same
words under two keys each fail tests/kb/test_texts.py. Domain texts (questions, criteria,
evidence) come from the knowledge base as :class:`kb.schema.Text`; :func:`tx` shows either kind
in a language.

Keys are unique across the catalog. Words the reports put differently from the app carry a
``report_`` prefix, the diff's ``diff_``; a family looked up by a value (``verdict_{v}``,
``badge_{v}``, ``fw_status_{s}``, ``deploy_status_{s}``) keeps its prefix.
"""

from __future__ import annotations

from typing import Any

from kb.schema import Text

LANGS: tuple[str, ...] = ("en", "zh")
LANG_NAMES = {"en": "English", "zh": "中文"}

# An (English, Chinese) pair: a catalog entry read with pair(), or a sentence composed at run time
# from measured values. A KB text is a :class:`Text`.
Bilingual = tuple[str, str]

# key -> (English, Chinese). Values may hold ``{name}`` placeholders filled by ``t(..., **fmt)``.

CATALOG: dict[str, tuple[str, str]] = {
    # ---- The app (app.py, app_pages/): frame, pages, messages.
    # frame
    "app_tagline": (
        "TensorFlow or PyTorch, for your project on your hardware, and why.",
        "为你的项目和硬件选择 TensorFlow 还是 PyTorch，并说明理由。",
    ),
    "language": ("Language", "语言"),
    "error_generic": (
        "Something went wrong on this page. Your answers are kept; reload the page or try "
        "another page. If it keeps happening, export your profile and report the problem.",
        "此页面出了点问题。你的回答已保留；请刷新页面或切换到其他页面。"
        "如果问题持续出现，请导出你的配置并报告该问题。",
    ),
    "error_kb": (
        "The knowledge base could not be loaded, so no questions can be shown. Ask the maintainer "
        "to run `python -m kb check`. Details:",
        "无法加载知识库，因此无法显示问题。请维护者运行 `python -m kb check`。详情：",
    ),
    "error_unavailable": (
        "This part of the advisor is not installed or failed to load:",
        "顾问的这一部分未安装或加载失败：",
    ),
    "error_recommend": (
        "The recommendation could not be computed for these answers. Details:",
        "无法根据这些回答计算推荐。详情：",
    ),
    # page titles
    "page_describe": ("Describe your project", "描述你的项目"),
    "page_this_machine": ("This machine", "本机"),
    "page_target": ("Target machine", "目标机器"),
    "page_recommendation": ("Recommendation", "推荐结果"),
    "page_kb": ("Knowledge base", "知识库"),
    "page_export": ("Export", "导出"),
    # describe
    "describe_intro": (
        "Answer what you know; anything left blank takes a neutral default. About 3 minutes.",
        "回答你知道的问题即可；未回答的问题采用中性默认值。大约需要 3 分钟。",
    ),
    "description": ("Project description (optional)", "项目描述（可选）"),
    "description_help": (
        "Free text kept in your profile and printed in the report; it does not change the score. "
        "Up to 4,000 characters (longer text is cut, with a notice); it survives a reload of "
        "this page.",
        "自由文本，保存在你的配置中并打印到报告里，不影响评分。"
        "最多 4000 个字符（超出部分会被截断并提示）；刷新页面后仍会保留。",
    ),
    "questions_progress": (
        "{done} of {total} questions answered — {groups}",
        "已回答 {done}/{total} 个问题——{groups}",
    ),
    "next_group": ("Next: {group}", "下一组：{group}"),
    "prefilled_from": ("Pre-filled from the probe of {machine}", "已根据 {machine} 的探测结果预填"),
    "exclusive_kept_alone": (
        "“{option}” excludes the other answers here, so they were unselected.",
        "“{option}”与此处的其他答案互斥，已取消选择其他答案。",
    ),
    "exclusive_unselected": (
        "“{option}” was unselected: it excludes the other answers here.",
        "已取消选择“{option}”：它与此处的其他答案互斥。",
    ),
    "max_choices": ("Pick at most {n}; kept the first {n}.", "最多选择 {n} 项；已保留前 {n} 项。"),
    "profile_section": ("Save or load your answers", "保存或加载你的回答"),
    "profile_download_yaml": ("Download profile (YAML)", "下载配置（YAML）"),
    "profile_download_json": ("Download profile (JSON)", "下载配置（JSON）"),
    "profile_upload": (
        "Load a profile file (.yaml, .yml, .json)",
        "加载配置文件（.yaml、.yml、.json）",
    ),
    "profile_loaded": ("Loaded profile from {name}.", "已从 {name} 加载配置。"),
    "profile_rejected": (
        "This profile was not loaded; your answers are unchanged.",
        "未加载该配置；你的回答保持不变。",
    ),
    "reset_answers": ("Clear all answers", "清除所有回答"),
    "live_result": ("Current recommendation", "当前推荐"),
    "see_details": ("See the full explanation", "查看完整解释"),
    "group_other": ("Other", "其他"),
    # question groups (ids from questions.yaml); an unknown group shows its id, capitalised
    "group_project": ("Project", "项目"),
    "group_deployment": ("Deployment", "部署"),
    "group_hardware": ("Hardware", "硬件"),
    "group_team": ("Team", "团队"),
    "group_priorities": ("Priorities", "优先事项"),
    # recommendation summary
    "winner": ("Recommended", "推荐"),
    "no_winner": ("Too close to call", "难分高下"),
    "slightly_ahead": (
        "{fw} is slightly ahead, within the uncertainty: either is a sound choice.",
        "{fw} 略微领先，但在不确定范围之内：两者都是合理的选择。",
    ),
    "verdict": ("Verdict", "结论"),
    "verdict_clear": ("clear", "明确"),
    "verdict_lean": ("lean", "倾向"),
    "verdict_too_close": ("too close", "难分高下"),
    "verdict_conflict": ("conflicting requirements", "要求冲突"),
    "score": ("Score (0–100)", "得分（0–100）"),
    "p_win": ("P(win)", "胜出概率"),
    "margin": ("Margin", "差距"),
    "for_machine": ("Recommendation for: {machine}", "推荐针对：{machine}"),
    "no_machine": (
        "no machine probed (general claims only)",
        "未探测机器（仅使用一般性结论）",
    ),
    "why": ("Why", "理由"),
    "question": ("Question", "问题"),
    "answer": ("Answer", "回答"),
    "origin": ("From", "来源"),
    "origin_answered": ("your answer", "你的回答"),
    "origin_prefilled": ("pre-filled from the probe", "根据探测结果预填"),
    "origin_default": ("neutral default", "中性默认值"),
    "contrib_chart_caption": (
        "Points each criterion adds to each framework's 0–100 total (weight × rating).",
        "每个评估维度为各框架 0–100 总分贡献的分数（权重 × 评分）。",
    ),
    "per_criterion": ("Per criterion", "逐项评估"),
    "criterion": ("Criterion", "评估维度"),
    "weight": ("Weight", "权重"),
    "points": ("+points", "+得分"),
    "evidence": ("Evidence", "证据"),
    "measured_here": ("measured on the machine", "在该机器上实测"),
    "stale_evidence": ("older than the freshness limit", "超过时效期限"),
    "eliminated": ("Eliminated or penalised", "被排除或扣分的选项"),
    "none_eliminated": ("No option was eliminated or penalised.", "没有选项被排除或扣分。"),
    "kind_veto": ("eliminated", "已排除"),
    "kind_require": ("eliminated (requirement)", "已排除（不满足要求）"),
    "kind_penalty": ("penalised {points} points", "扣 {points} 分"),
    "flip_points": ("What would change the answer", "什么会改变结论"),
    "no_flip_points": (
        "No single weight change within range flips the result.",
        "在范围内单独调整任一权重都不会改变结果。",
    ),
    "whatif_help": (
        "Move a slider to change how much a criterion matters; the result updates immediately. "
        "Your answers are not changed.",
        "拖动滑块改变某个维度的重要程度，结果会立即更新。你的回答不会被修改。",
    ),
    "whatif_reset": ("Reset weights", "重置权重"),
    "whatif_changed": ("With your weights", "按你调整后的权重"),
    "export_use_whatif": (
        "Use my what-if weights (the report lists them as manual overrides)",
        "使用我在“假如”中调整的权重（报告会将其标为手动调整）",
    ),
    "stale_claims": ("Where the article is out of date", "文章中已过时的说法"),
    "article_said": ("The article said", "文章说"),
    "holds_now": ("What holds now", "现在的情况"),
    "since": ("since", "自"),
    "install": ("Install", "安装"),
    "consequences": ("What this means", "这意味着什么"),
    "revisit": ("Revisit when", "何时重新评估"),
    "uncertainty_note": (
        "P(win) is the share of {n} random draws over rating ranges and weights in which the "
        "framework came first.",
        "P(胜出) 是在评分区间和权重上进行 {n} 次随机抽样时该框架排名第一的比例。",
    ),
    # probes
    "probe_intro": (
        "Probe the machine this app runs on: OS, CPU, memory, accelerators, installed frameworks "
        "and, from the quick tier up, short benchmarks of both frameworks side by side.",
        "探测运行本应用的机器：操作系统、CPU、内存、加速器、已安装的框架，"
        "以及（quick 及以上级别）两个框架的并列简短基准测试。",
    ),
    "tier": ("Probe depth", "探测深度"),
    "tier_quick": ("quick (~20 s)", "quick（约 20 秒）"),
    "tier_standard": ("standard (~1–2 min)", "standard（约 1–2 分钟）"),
    "tier_deep": ("deep (several minutes)", "deep（数分钟）"),
    "run_probe": ("Probe this machine", "探测本机"),
    "cancel_probe": ("Cancel", "取消"),
    "probe_busy": (
        "Another browser tab is probing this machine right now. Try again when it finishes.",
        "另一个浏览器标签页正在探测本机。请在它完成后重试。",
    ),
    "probe_running": ("Probing: {step}", "正在探测：{step}"),
    "probe_starting": ("starting", "启动中"),
    "probe_done": ("Probe finished in {s:.1f} s.", "探测完成，用时 {s:.1f} 秒。"),
    "probe_failed": (
        "The probe did not produce a report (exit code {code}). Try the quick tier, or run "
        "`python -m probes` in a terminal to see why.",
        "探测未生成报告（退出码 {code}）。请尝试 quick 级别，"
        "或在终端运行 `python -m probes` 查看原因。",
    ),
    "probe_timeout": (
        "The probe took longer than {s} s and was stopped.",
        "探测超过 {s} 秒，已停止。",
    ),
    "probe_cancelled": ("The probe was cancelled.", "探测已取消。"),
    "probe_in_background": (
        "A probe of this machine is running; its result appears when it finishes.",
        "正在探测本机；完成后会显示结果。",
    ),
    "probe_bad_output": ("The probe's report could not be read:", "无法读取探测报告："),
    "eta": ("about {s:.0f} s left", "约剩 {s:.0f} 秒"),
    "use_for_rec": ("Use this machine for the recommendation", "以此机器作为推荐依据"),
    "using_for_rec": ("The recommendation uses this machine.", "推荐结果基于此机器。"),
    "prefilled_note": (
        "Pre-filled from the probe: {answers}. You can change them on the first page.",
        "已根据探测结果预填：{answers}。你可以在第一页修改。",
    ),
    # report tables
    "fact": ("Fact", "项目"),
    "value": ("Value", "值"),
    "host": ("System", "系统"),
    "frameworks": ("Frameworks", "框架"),
    "accelerators": ("Accelerators", "加速器"),
    "no_accelerators": ("none detected", "未检测到"),
    "comparisons": ("Side by side", "并列比较"),
    "probe_warnings": ("Probe warnings", "探测警告"),
    "status": ("Status", "状态"),
    "version": ("Version", "版本"),
    "reason": ("Reason", "原因"),
    "unknown": ("unknown", "未知"),
    "n_cores": ("{n} cores", "{n} 核"),
    "n_gb_ram": ("{n} GB RAM", "{n} GB 内存"),
    "no_gpu": ("no GPU", "无 GPU"),
    "estimate": ("estimate", "估计值"),
    "f_os": ("OS", "操作系统"),
    "f_arch": ("Architecture", "架构"),
    "f_python": ("Python", "Python"),
    "f_cpu": ("CPU", "CPU"),
    "f_cores": ("Cores (physical / logical)", "核心数（物理 / 逻辑）"),
    "f_usable_cores": ("Usable cores", "可用核心数"),
    "f_flags": ("CPU features", "CPU 指令集特性"),
    "f_peak": ("FP32 peak (GFLOP/s)", "FP32 峰值（GFLOP/s）"),
    "f_ram": ("RAM (GB)", "内存（GB）"),
    "f_ram_free": ("Available RAM (GB)", "可用内存（GB）"),
    "f_container": ("Container", "容器"),
    "f_tier": ("Probe tier", "探测级别"),
    "f_collected": ("Collected", "采集时间"),
    "c_package": ("Package", "软件包"),
    "c_import_s": ("Import (s)", "导入耗时（秒）"),
    "c_devices": ("Devices", "设备"),
    "c_vendor": ("Vendor", "厂商"),
    "c_name": ("Name", "名称"),
    "c_memory_gb": ("Memory (GB)", "显存（GB）"),
    "c_driver": ("Driver", "驱动"),
    "c_peak_tflops": ("FP32 peak (TFLOP/s)", "FP32 峰值（TFLOP/s）"),
    "c_workload": ("Workload", "负载"),
    "c_variant": ("Variant", "变体"),
    "c_device": ("Device", "设备"),
    "c_peak_share": ("% of peak", "占峰值 %"),
    "c_threads": ("Threads", "线程"),
    "c_unstable": ("Unstable", "不稳定"),
    "c_result": ("Result", "结果"),
    "c_noise": ("Noise", "噪声"),
    "faster_by": ("{fw} faster ×{x}", "{fw} 快 {x} 倍"),
    "tie": ("tie (within noise)", "持平（在噪声范围内）"),
    # target machine
    "target_intro": (
        "On the machine that will do the work, run `python -m probes --out my-machine.json` "
        "(no browser needed), then upload the file here.",
        "在实际运行任务的机器上执行 `python -m probes --out my-machine.json`（无需浏览器），"
        "然后在此上传该文件。",
    ),
    "upload_probe": (
        "Upload a probe report (.json, up to {mb} MB)",
        "上传探测报告（.json，最大 {mb} MB）",
    ),
    "upload_rejected": (
        "This file was not added; your answers and machines are unchanged.",
        "未添加该文件；你的回答和机器保持不变。",
    ),
    "too_large": (
        "{name}: file is {size} bytes; allowed: at most {limit} bytes.",
        "{name}：文件大小为 {size} 字节；允许：最多 {limit} 字节。",
    ),
    "machines": ("Machines", "机器"),
    "no_machines": (
        "No machine yet: probe this one or upload a report.",
        "还没有机器：请探测本机或上传报告。",
    ),
    "remove": ("Remove", "移除"),
    "compare": ("Compare two machines", "比较两台机器"),
    "compare_need_two": ("Add a second machine to compare.", "添加第二台机器以进行比较。"),
    "left": ("Left", "左"),
    "right": ("Right", "右"),
    "this_machine_label": ("this machine", "本机"),
    # KB
    "kb_intro": (
        "Every rating has dated, cited evidence. Filter by the section of the source article.",
        "每项评分都有注明日期和出处的证据。可按源文章的章节筛选。",
    ),
    "kb_version": ("Knowledge base {v}, hash {h}", "知识库 {v}，哈希 {h}"),
    "filter_section": ("Article sections", "文章章节"),
    "all_sections": ("All sections (choose to filter)", "全部章节（选择以筛选）"),
    "criteria": ("Criteria", "评估维度"),
    "sources": ("Sources", "来源"),
    "fresh": ("fresh", "未过期"),
    "stale": ("stale", "已过期"),
    "days_old": ("{d} days old", "{d} 天前"),
    "rating": ("Rating", "评分"),
    "range": ("range", "区间"),
    "confidence": ("confidence", "置信度"),
    "not_mapped": ("Not mapped to a criterion", "未映射到评估维度"),
    "only_stale": ("Only evidence past the freshness limit", "只看超过时效期限的证据"),
    "title": ("Title", "标题"),
    "publisher": ("Publisher", "发布方"),
    "accessed": ("Accessed", "访问日期"),
    "published": ("Published", "发布日期"),
    "link": ("Link", "链接"),
    "source": ("Source", "来源"),
    "framework": ("Framework", "框架"),
    "section": ("Section", "章节"),
    # decision card, tabs, what-if comparison, presets (issue 13)
    "card_give_up": ("What you give up", "你放弃的"),
    "card_nothing_given_up": (
        "Nothing measurable: the runner-up is not stronger on any weighted criterion.",
        "没有可衡量的损失：次选框架在任何加权维度上都不更强。",
    ),
    "card_what_ifs": ("What would change it", "什么会改变结论"),
    "card_no_what_ifs": (
        "No single different answer changes the leader.",
        "改变任何单个回答都不会改变领先者。",
    ),
    "card_next": ("Next steps", "后续步骤"),
    "card_install": ("Install {fw} for", "安装 {fw}，目标硬件"),
    "card_no_install": (
        "No install command: no framework is recommended yet.",
        "没有安装命令：目前没有推荐的框架。",
    ),
    "card_no_command": (
        "The knowledge base has no install command for this hardware.",
        "知识库中没有适用于此硬件的安装命令。",
    ),
    "card_install_recommended": (
        "This is the command the recommendation chose for your machine.",
        "这是推荐结果为你的机器选择的命令。",
    ),
    "card_install_close": (
        "Too close to call: this command is for {fw}, the framework slightly ahead.",
        "难分高下：此命令针对略微领先的 {fw}。",
    ),
    "tab_whatif": ("What if", "假设分析"),
    "tab_charts": ("Charts", "图表"),
    "tab_flips": ("Flip points", "翻转点"),
    "tab_answers": ("Answers used", "使用的回答"),
    "tab_claims": ("Article claims", "文章观点"),
    "tab_warnings": ("Warnings ({n})", "警告（{n}）"),
    "whatif_compare": ("Your answers vs your what-if weights", "按回答的结果与按假设权重的结果"),
    "baseline": ("From your answers", "按你的回答"),
    "whatif_col": ("With your what-if weights", "按你的假设权重"),
    "no_install_short": ("no install command", "无安装命令"),
    "whatif_range_note": (
        "Each slider reaches past the weight at which its criterion would flip the result "
        "(see Flip points).",
        "每个滑块的范围都覆盖了该维度会翻转结果的权重（见“翻转点”）。",
    ),
    "flip_at": ("flips at {w}", "在 {w} 时翻转"),
    "scenario_name": ("Scenario name", "场景名称"),
    "scenario_save": ("Save this scenario", "保存此场景"),
    "scenario_default": ("Scenario {n}", "场景 {n}"),
    "scenarios": ("Saved scenarios side by side", "已保存场景对比"),
    "scenario_delete": ("Delete saved scenarios", "删除已保存的场景"),
    "scenario_weights": ("Weights changed", "修改的权重"),
    "scenario_answers_only": ("none (answers only)", "无（仅按回答）"),
    "impact_top": (
        "The criteria that separate the two most; every other criterion is in the tables below.",
        "区分两者最多的维度；其他维度见下方表格。",
    ),
    "all_criteria_chart": ("All criteria", "全部维度"),
    "whatif_not_here": (
        "This result uses the weights from your answers; your what-if weights are compared with "
        "it on the Recommendation page.",
        "此结果使用按你的回答得出的权重；你的假设权重在“推荐结果”页面与之对比。",
    ),
    "presets": ("Start from an example", "从示例开始"),
    "preset_loaded": (
        "Filled the questionnaire from “{name}”. Change any answer below.",
        "已按“{name}”填写问卷。你可以修改下面的任何回答。",
    ),
    "preset_failed": ("The example could not be loaded:", "无法加载示例："),
    # export
    "export_intro": (
        "Download the recommendation as a report, or your answers as a profile file that "
        "`python -m recommender --profile` also reads.",
        "下载推荐报告，或将你的回答下载为配置文件（`python -m recommender --profile` 也可读取）。",
    ),
    "report_lang": ("Report language", "报告语言"),
    "download": ("Download {label}", "下载 {label}"),
    "no_exporters": ("No report format is available.", "没有可用的报告格式。"),
    # explicit target, nothing lost (issue 13 part B)
    "target_label": ("Recommend for", "推荐针对"),
    "target_help": (
        "The machine the advice and the install command are for. Adding a machine (probe or "
        "upload) never changes this choice for you.",
        "建议和安装命令所针对的机器。添加机器（探测或上传）不会替你更改此选择。",
    ),
    "target_answers_only": ("Answers only (no machine)", "仅按回答（不指定机器）"),
    "target_hint_none": (
        "Probe this machine or upload a probe report to add a machine to this choice.",
        "探测本机或上传探测报告后，即可在此选择机器。",
    ),
    "target_mismatch_chip": (
        "Your answers and the target machine disagree",
        "你的回答与目标机器不一致",
    ),
    "machine_added": (
        "Added {name}: {machine}. It is now one of the choices under “Recommend for”; "
        "the recommendation is still for: {target}.",
        "已添加 {name}：{machine}。它已成为“推荐针对”中的一个选项；推荐仍针对：{target}。",
    ),
    "machine_added_target": (
        "Added {name}: {machine}. As your first machine it is now the target; choose "
        "“Answers only” under “Recommend for” to go back.",
        "已添加 {name}：{machine}。作为你的第一台机器，它现在是目标；"
        "如需恢复，请在“推荐针对”中选择“仅按回答”。",
    ),
    "too_many_machines": (
        "At most {n} machines can be kept; remove one first.",
        "最多只能保留 {n} 台机器；请先移除一台。",
    ),
    "desc_truncated": (
        "Your text had {n} characters; the first {limit} were kept (the longest description a "
        "profile holds). The rest was not saved.",
        "你的文本有 {n} 个字符；已保留前 {limit} 个（配置所能保存的最长描述），其余部分未保存。",
    ),
    "cleared": (
        "All answers and the description were cleared.",
        "已清除所有回答和项目描述。",
    ),
    "undo": ("Undo", "撤销"),
    "restored": ("Your answers are back.", "你的回答已恢复。"),
    "not_kept": (
        "This tab's machines are too large to be kept across a reload; they stay while the tab "
        "is open. Export the report or profile to keep them.",
        "此标签页中的机器数据过大，刷新后无法保留；标签页打开期间仍然可用。请导出报告或配置以保存。",
    ),
    "kb_search": ("Search the knowledge base", "搜索知识库"),
    "kb_search_hint": (
        "Words from a title, rationale, evidence or source, e.g. LiteRT mobile",
        "标题、理由、证据或来源中的词，例如 LiteRT 移动",
    ),
    "kb_no_match": (
        "No criterion card contains all of these words.",
        "没有同时包含这些词的评估维度卡片。",
    ),
    "kb_focus": ("Showing the card for: {name}", "正在显示此评估维度的卡片：{name}"),
    "kb_show_all": ("Show all cards", "显示全部卡片"),
    "kb_open_card": ("Open its knowledge-base card", "打开其知识库卡片"),
    "kb_card_short": ("KB card", "知识库卡片"),
    # ---- A framework's status in a probe report (probes/report.py FrameworkStatus), as words.
    "fw_status_ok": ("installed, works", "已安装，可用"),
    "fw_status_missing": ("not installed", "未安装"),
    "fw_status_import_error": ("installed, import fails", "已安装，导入失败"),
    "fw_status_crashed": ("crashed", "已崩溃"),
    "fw_status_timeout": ("timed out", "超时"),
    "fw_status_oom": ("out of memory", "内存不足"),
    "fw_status_error": ("error", "出错"),
    # ---- A framework's status in a probe report as the reports and warnings word it
    # (recommender/labels.py framework_status).
    "report_fw_status_ok": ("works", "可用"),
    "report_fw_status_missing": ("not installed", "未安装"),
    "report_fw_status_import_error": ("import failed", "导入失败"),
    "report_fw_status_crashed": ("crashed", "崩溃"),
    "report_fw_status_timeout": ("timed out", "超时"),
    "report_fw_status_oom": ("ran out of memory", "内存不足"),
    "report_fw_status_error": ("failed", "出错"),
    # ---- The probe's progress steps and workloads in words (probes/steps.py).
    # the probe's raw step names and warnings, stored as "English / 中文" (probes/api.py): the
    # English side is what the patterns above read; the Chinese side shows when none matches
    "step_tag_inventory": ("inventory", "硬件清单"),
    "step_tag_framework_info": ("framework info", "框架信息"),
    "step_tag_info_done": ("info done", "完成"),
    "step_tag_workers": ("starting workers", "启动工作进程"),
    "step_tag_interleaved": ("interleaved", "交替测量"),
    "step_tag_deploy": ("deploy", "部署路径"),
    "step_tag_report_ready": ("report ready", "报告完成"),
    "probe_cancelled_before_end": ("probe cancelled before the end", "探测被取消，结果不完整"),
    "probe_rerun_busy": (
        "The machine stayed too busy to measure: {n} of {m} comparisons had fewer than {k} "
        "undisturbed pairs and are not judged. Re-run on an idle machine (close other programs) "
        "before acting on these numbers.",
        "机器持续繁忙：{m} 项对比中有 {n} 项的未受干扰配对少于 {k} 组，未作判断。"
        "请在空闲的机器上重新运行后再参考这些数字。",
    ),
    "probe_cancelled_by_user": ("cancelled by the user", "用户已取消"),
    "probe_blas_capped": (
        "{name}={value} limits {library} to 256-bit kernels on this AVX-512 CPU: its matmul rates "
        "(and the numpy anchor) understate the hardware",
        "{name}={value} 使 {library} 在支持 AVX-512 的 CPU 上只用 256 位内核，相关矩阵乘法速率"
        "（及 numpy 基准）偏低",
    ),
    "probe_no_worker": (
        "{name} {version} is installed ({package}), but this probe has no worker for it: not "
        "imported, not benchmarked",
        "已安装 {name} {version}（{package}），但探测没有它的工作进程：未导入，未测量",
    ),
    "probe_host_busy_threads": (
        "host busy before benchmarks (other processes used {share:.0%} of the CPUs): every "
        "framework ran with {fewer} thread(s) instead of {threads} to stay comparable",
        "基准测试前主机繁忙（其他进程占用了 {share:.0%} 的 CPU）：所有框架改用 {fewer} 个线程"
        "（原为 {threads} 个），以保持可比",
    ),
    "probe_kb_not_loaded": (
        "frameworks: knowledge base not loaded ({first}); probing only the frameworks with a "
        "worker ({workers})",
        "框架：知识库未能加载（{first}）；只探测有工作进程的框架（{workers}）",
    ),
    "probe_peak_threads": ("{n} thread(s)", "{n} 个线程"),
    "probe_peak_all_cores": ("all cores", "全部核心"),
    "probe_cpu_peak_withdrawn": (
        "CPU peak withdrawn: {fw} {workload} reached {gflops:.0f} GFLOP/s on {on}, above 105 % "
        "of the computed {stated:.0f} (clock or FLOP/cycle underestimated); peak unknown",
        "CPU 峰值已撤回：{fw} {workload}（{on}）达到 {gflops:.0f} GFLOP/s，超过计算峰值 "
        "{stated:.0f} 的 105%（时钟或每周期 FLOP 被低估）；峰值改为未知",
    ),
    "probe_gpu_peak_withdrawn": (
        "GPU FP32 peak withdrawn: {fw} {workload} ({variant}) reached {gflops:.0f} GFLOP/s, "
        "above 105 % of the table's {peak:.0f}; peak unknown",
        "GPU FP32 峰值已撤回：{fw} {workload}（{variant}）达到 {gflops:.0f} GFLOP/s，"
        "超过表中峰值 {peak:.0f} 的 105%；峰值改为未知",
    ),
    # one progress line on stderr (probes/progress.py)
    "progress_line": (
        "[{done}/{total}] {step} ({elapsed:.1f} s{eta})",
        "[{done}/{total}] {step}（{elapsed:.1f} 秒{eta}）",
    ),
    "progress_eta": (", ~{eta:.0f} s left", "，剩余约 {eta:.0f} 秒"),
    "step_inventory": ("System inventory", "硬件清单"),
    "step_framework_info": ("Framework info ({fws})", "框架信息（{fws}）"),
    "step_info_done": ("{fw}: framework info done", "{fw}：框架信息完成"),
    "step_workers": ("Starting workers ({fws})", "启动工作进程（{fws}）"),
    "step_interleaved": ("{workload} — {fws}, interleaved", "{workload}——{fws}，交替测量"),
    "step_deploy": ("Deployment path: {path}", "部署路径：{path}"),
    "step_report_ready": ("Report ready", "报告完成"),
    "model_cnn": ("small CNN", "小型 CNN"),
    "model_mlp": ("MLP", "多层感知机"),
    "model_transformer": ("small transformer", "小型 Transformer"),
    "model_embedding": ("embedding model", "嵌入模型"),
    "mode_eager": ("eager", "即时模式"),
    "mode_compiled": ("compiled", "编译模式"),
    "kernel_conv2d": ("2-D convolution", "二维卷积"),
    "kernel_dispatch_overhead": ("per-operation dispatch overhead", "单算子调度开销"),
    "kernel_memory_copy": ("memory copy", "内存复制"),
    "kernel_h2d_transfer": ("host-to-GPU copy", "主机到 GPU 的复制"),
    "workload_matmul": ("matrix multiply {n}²", "矩阵乘法 {n}²"),
    "workload_train": ("{model} training step ({mode})", "{model}训练步（{mode}）"),
    "workload_infer": (
        "{model} inference, batch {batch} ({mode})",
        "{model}推理，批大小 {batch}（{mode}）",
    ),
    # ---- The machine page's benchmark tables (app_pages/common/machine_view.py).
    "bench_rerun_title": ("Re-run on an idle machine", "请在空闲的机器上重新运行"),
    "bench_kind": ("Kind", "类型"),
    "bench_kind_model": ("model", "模型"),
    "bench_kind_kernel": ("kernel", "算子"),
    "bench_throughput": ("Throughput", "吞吐量"),
    "bench_ms_step": ("ms per step", "每步毫秒"),
    "bench_compile_s": ("Compile s", "编译秒数"),
    "bench_ci": ("95% interval (ratio)", "95% 区间（比值）"),
    "bench_pairs": ("Pairs used / run", "采用 / 测量配对数"),
    "bench_host_busy": ("not judged: host busy", "未判断：主机繁忙"),
    "bench_title_model": ("Model-level benchmarks", "模型级基准测试"),
    "bench_title_kernel": ("Kernel benchmarks", "算子基准测试"),
    # ---- The machine page's deployment-path tables (app_pages/common/deploy_table.py).
    "deploy_target_mobile": ("mobile", "移动端"),
    "deploy_target_browser": ("browser", "浏览器"),
    "deploy_target_edge": ("edge device", "边缘设备"),
    "deploy_target_mcu": ("microcontroller", "微控制器"),
    "deploy_target_server": ("server", "服务器"),
    "deploy_status_works": ("works", "可用"),
    "deploy_status_converted_not_run": ("converted, not run here", "已转换，本机未运行"),
    "deploy_status_failed": ("failed", "失败"),
    "deploy_status_not_installed": ("not installed", "未安装"),
    "deploy_status_timeout": ("timed out (killed)", "超时（已终止）"),
    "deploy_status_crashed": ("crashed", "崩溃"),
    "deploy_status_error": ("error", "错误"),
    "deploy_title": ("Deployment paths", "部署路径"),
    "deploy_path": ("Path", "路径"),
    "deploy_model": ("Model", "模型"),
    "deploy_size": ("Size KiB", "大小 KiB"),
    "deploy_int8": ("int8 KiB", "int8 KiB"),
    "deploy_latency": ("Latency ms (95% CI)", "延迟 ms（95% 区间）"),
    "deploy_eager": ("Eager ms", "原生 ms"),
    "deploy_diff": ("Max abs diff", "最大绝对差"),
    # the "Deployment paths" table of the probe's Markdown report (probes/deploy/markdown.py)
    "deploy_md_path": ("path", "路径"),
    "deploy_md_targets": ("targets", "目标"),
    "deploy_md_latency": ("latency ms (95% CI)", "延迟 ms（95% 区间）"),
    "deploy_md_max_abs_diff": ("max abs diff", "最大绝对误差"),
    "deploy_md_no_path": ("(no path serves these targets)", "（没有路径服务这些目标）"),
    "deploy_md_cross_diff": (
        "PyTorch vs TensorFlow eager outputs ({model}): max abs diff {d:.1e}",
        "PyTorch 与 TensorFlow eager 输出（{model}）：最大绝对误差 {d:.1e}",
    ),
    "deploy_note": ("Error / ops / install", "错误 / 算子 / 安装"),
    "deploy_cross": (
        "PyTorch and TensorFlow compute the same reference models here: max difference {d}.",
        "PyTorch 与 TensorFlow 在本机计算同一参考模型：最大差异 {d}。",
    ),
    # ---- The probe report as Markdown (probes/markdown.py).
    "probe_md_estimate": ("estimate", "估算"),
    "probe_md_vendor": ("vendor", "厂商"),
    "probe_md_name": ("name", "名称"),
    "probe_md_memory_gb": ("memory GB", "显存 GB"),
    "probe_md_driver": ("driver", "驱动"),
    "probe_md_cuda_driver": ("CUDA (driver)", "CUDA（驱动）"),
    "probe_md_cc_gfx": ("CC/gfx", "CC/gfx"),
    "probe_md_fp32_tflop_s": ("FP32 TFLOP/s", "FP32 TFLOP/s"),
    "probe_md_source": ("source", "来源"),
    "probe_md_workload": ("workload", "负载"),
    "probe_md_kind": ("kind", "类型"),
    "probe_md_framework": ("framework", "框架"),
    "probe_md_device": ("device", "设备"),
    "probe_md_variant": ("variant", "变体"),
    "probe_md_median": ("median", "中位数"),
    "probe_md_iqr": ("IQR %", "IQR %"),
    "probe_md_throughput": ("throughput", "吞吐量"),
    "probe_md_compile_s": ("compile s", "编译 s"),
    "probe_md_flags": ("flags", "标记"),
    "probe_md_yes": ("yes", "是"),
    "probe_md_no": ("no", "否"),
    "probe_md_distribution": ("distribution", "发行版"),
    "probe_md_architecture": ("architecture", "架构"),
    "probe_md_container": ("container", "容器"),
    "probe_md_virtualenv": ("virtualenv", "虚拟环境"),
    "probe_md_cpu_vendor": ("CPU vendor", "厂商"),
    "probe_md_cores_phys_logical": ("cores phys/logical", "物理/逻辑核"),
    "probe_md_cgroup_cpu_limit": ("cgroup CPU limit", "配额"),
    "probe_md_benchmark_threads": ("benchmark threads", "基准线程数"),
    "probe_md_isa_flags": ("ISA flags", "指令集"),
    "probe_md_peak_basis": ("peak basis", "峰值依据"),
    "probe_md_peak_clock": ("peak clock", "峰值所用时钟"),
    "probe_md_ram_gb": ("RAM GB", "内存"),
    "probe_md_available_gb": ("available GB", "可用内存"),
    "probe_md_swap_gb": ("swap GB", "交换区"),
    "probe_md_free_disk_gb": ("free disk GB", "磁盘剩余"),
    "probe_md_none_found": ("None found", "未发现加速器"),
    "probe_md_not_probed": ("Not probed", "未探测"),
    "probe_md_none": ("(none)", "（无）"),
    "probe_md_machine_probe": ("Machine probe", "机器探测"),
    "probe_md_collected": ("collected", "采集时间"),
    "probe_md_tier": ("tier", "档位"),
    "probe_md_duration": ("duration", "耗时"),
    "probe_md_host": ("Host", "主机"),
    "probe_md_field": ("field", "字段"),
    "probe_md_value": ("value", "值"),
    "probe_md_fp32_peak": ("FP32 peak", "理论峰值"),
    "probe_md_packages": ("Packages", "软件包"),
    "probe_md_unstable": ("unstable", "不稳定"),
    "probe_md_comparisons": ("Comparisons", "对比"),
    "probe_md_status": ("status", "状态"),
    "probe_md_version": ("version", "版本"),
    "probe_md_import_s": ("import s", "导入耗时 s"),
    "probe_md_devices": ("devices", "设备"),
    "probe_md_note": ("note", "说明"),
    "probe_md_environment": ("Environment", "环境变量"),
    "probe_md_host_busy": ("host busy", "主机繁忙"),
    "probe_md_settings": ("Settings", "设置"),
    "probe_md_on": ("on", "开"),
    "probe_md_off": ("off", "关"),
    # sentences of the probe's Markdown report built from its measurements
    "probe_md_how_paired": (
        "workers stay alive and alternate in short blocks ({samples} samples each), rotating "
        "who goes first; up to {rounds} undisturbed pairs per workload, ratios judged by a "
        "bootstrap 95 % interval against a ±{band:.0%} tie band",
        "工作进程常驻，以短块交替运行（每块 {samples} 个样本），轮流先行；"
        "每个负载最多 {rounds} 对未受干扰的配对，比值按 bootstrap 95% 区间与 "
        "±{band:.0%} 的持平带比较",
    ),
    "probe_md_how_sequential": (
        "{rounds} round(s) of {order} in fresh processes",
        "在新进程中按 {order} 运行 {rounds} 轮",
    ),
    "probe_md_settings_line": (
        "{settings}: {threads} threads for every framework (inter-op 1), TF32 {tf32}; {how}; "
        "other processes' CPU share up to {load:.0%}.",
        "{settings}：每个框架 {threads} 个线程（inter-op 1），TF32 {tf32}；{how}；"
        "其他进程的 CPU 占用最高 {load:.0%}。",
    ),
    "probe_md_ci": (
        " [95% CI {low:.2f}–{high:.2f}, {pairs} pairs]",
        "［95% 区间 {low:.2f}–{high:.2f}，{pairs} 对］",
    ),
    "probe_md_not_compared": ("not compared, host too busy or unstable", "测量受干扰，不作比较"),
    "probe_md_cmp_unreliable": (
        "{a} vs {b} — not compared, host too busy or unstable (raw ratio {ratio:.2f}){ci}",
        "{a} 对 {b}：测量受干扰，不作比较（原始比值 {ratio:.2f}）{ci}",
    ),
    "probe_md_cmp_tie": (
        "{a} vs {b} — tie (ratio {ratio:.2f}, within {band}){ci}",
        "{a} 对 {b}：持平（比值 {ratio:.2f}，在 {band} 以内）{ci}",
    ),
    "probe_md_cmp_faster": (
        "{faster} {factor:.2f}× faster than {other}{ci}",
        "{faster} 比 {other} 快 {factor:.2f} 倍{ci}",
    ),
    "clock_os_under_load": ("read from the OS under the GEMM load", "负载下由操作系统读取"),
    "clock_cycles_under_load": (
        "timed with a dependent-add chain under the GEMM load",
        "负载下用相关加法链计时测得",
    ),
    "clock_nominal": ("nominal, not measured under load", "标称值，未在负载下测量"),
    "clock_unknown": ("unknown (withdrawn)", "未知（已撤回）"),
    # ---- Fixed parts of messages composed at run time (refusals of a file or field, reasons),
    # looked up as pairs with pair(key) by kb/safe_input.py, kb/atomic_write.py, the parsers and
    # the recommender.
    "out_a_device": ("a device, FIFO or socket", "设备、FIFO 或套接字"),
    "out_cannot_inspect": ("cannot inspect ({why})", "无法检查（{why}）"),
    "out_folder_missing": ("folder does not exist ({folder})", "文件夹不存在（{folder}）"),
    "out_allowed_target": (
        "a new file or an existing regular file, in an existing folder",
        "已存在文件夹中的新文件或已有的普通文件",
    ),
    "out_is_symlink": (
        "is a symbolic link (refused, it would be replaced rather than followed)",
        "这是符号链接（拒绝：它会被替换而不是跟随）",
    ),
    "input_a_block_device": ("a block device", "块设备"),
    "input_a_character_device": ("a character device", "字符设备"),
    "input_a_date": ("a date such as 2026-11-28", "日期，例如 2026-11-28"),
    "input_a_datetime": (
        "a date and time such as 2026-11-28T03:00:00+00:00",
        "日期时间，例如 2026-11-28T03:00:00+00:00",
    ),
    "input_a_fifo_named_pipe": ("a FIFO (named pipe)", "FIFO（命名管道）"),
    "input_a_folder": ("a folder", "文件夹"),
    "input_a_list": ("a list", "列表"),
    "input_a_mapping": ("a mapping", "映射"),
    "input_a_number": ("a number", "数值"),
    "input_a_single_document": ("a single document", "单个文档"),
    "input_a_socket": ("a socket", "套接字"),
    "input_a_whole_number": ("a whole number", "整数"),
    "input_bad_alias": ("alias to an undefined or enclosing anchor", "别名指向未定义或外层的锚点"),
    "input_each_key_once_per_mapping": ("each key once per mapping", "每个映射中每个键只出现一次"),
    "input_each_key_once_per_object": ("each key once per object", "每个对象中每个键只出现一次"),
    "input_file_is_empty": ("file is empty", "文件为空"),
    "input_finite_numbers": ("finite numbers", "有限的数值"),
    "input_is_not_a_regular_file": ("is not a regular file", "不是普通文件"),
    "input_malformed_json": ("malformed JSON", "JSON 格式错误"),
    "input_missing": ("missing", "缺失"),
    "input_more_than_one_yaml_document": ("more than one YAML document", "包含多个 YAML 文档"),
    "input_no_alias_bombs": ("plain data without alias bombs", "不含别名炸弹的普通数据"),
    "input_no_anchors": ("plain data without anchors or aliases", "不含锚点或别名的普通数据"),
    "input_not_a_regular_file": ("not a regular file", "不是普通文件"),
    "input_plain_data": ("plain data", "普通数据"),
    "input_plain_types": ("text, numbers, lists and mappings", "文本、数值、列表和映射"),
    "input_printable_text": (
        "printable text (tabs and newlines are fine)",
        "可打印文本（制表符和换行符可以）",
    ),
    "input_text": ("text", "文本"),
    "input_true_or_false": ("true or false", "true 或 false"),
    "input_truncated_json": ("truncated JSON", "JSON 不完整（被截断）"),
    # refusals composed with values (kb/safe_input.py): where, problem, what is allowed
    "input_refusal": ("{where}: {problem}", "{where}：{problem}"),
    "input_refusal_allowed": ("; allowed: {allowed}", "；允许：{allowed}"),
    "input_top_level_is": ("top level is {kind}", "顶层是 {kind}"),
    "input_field_at": ("{name}: field “{path}”", "{name}：字段“{path}”"),
    "input_one_more_problem": (" (and {n} more problem)", "（另有 {n} 处问题）"),
    "input_more_problems": (" (and {n} more problems)", "（另有 {n} 处问题）"),
    "input_int_of_about_digits": ("an integer of about {n} digits", "约 {n} 位的整数"),
    "input_mapping_of_keys": ("a mapping of {n} keys", "含 {n} 个键的映射"),
    "input_list_of_items": ("a list of {n} items", "含 {n} 项的列表"),
    "input_value_of_type": ("a {type} value", "{type} 值"),
    "input_text_of_chars": ('"{text}" ({n} characters)', '"{text}"（{n} 个字符）'),
    "input_bytes": ("{n} bytes", "{n} 字节"),
    "input_readable_file_of_at_most": (
        "a readable regular file of at most {size}",
        "可读取的普通文件，最大 {size}",
    ),
    "input_is_kind": ("is {kind}", "这是{kind}"),
    "input_file_is_size": ("file is {size}", "文件大小为 {size}"),
    "input_file_larger_than": ("file is larger than {size}", "文件大于 {size}"),
    "input_cannot_read": ("cannot read ({why})", "无法读取（{why}）"),
    "input_not_utf8": ("not UTF-8 text (byte {at})", "不是 UTF-8 文本（第 {at} 字节）"),
    "input_what_in_utf8": ("{what} in UTF-8", "UTF-8 编码的{what}"),
    "input_what_of_printable_text": (
        "{what} of printable text (tabs and newlines are fine)",
        "由可打印文本组成的{what}（制表符和换行符可以）",
    ),
    "input_control_character": ("control character {code}", "控制字符 {code}"),
    "input_duplicate_key": ("duplicate key {key}", "重复的键 {key}"),
    "input_duplicate_key_first_on": (
        "duplicate key {key} (first on line {line})",
        "重复的键 {key}（首次出现在第 {line} 行）",
    ),
    "input_constant_not_a_number": ("{name} is not a number", "{name} 不是数值"),
    "input_int_of_digits": ("an integer of {n} digits", "{n} 位的整数"),
    "input_at_most_n": ("at most {n}", "最多 {n} 位"),
    "input_at_most_n_digits": ("at most {n} digits", "最多 {n} 位"),
    "input_overflows": ("{value} overflows to infinity", "{value} 溢出为无穷大"),
    "input_nesting_deeper_than": ("nesting deeper than {n} levels", "嵌套超过 {n} 层"),
    "input_at_most_levels": ("at most {n}", "最多 {n} 层"),
    "input_not_a_valid_tag": ("{value} is not a valid {tag}", "{value} 不是有效的 {tag}"),
    "input_a_valid_tag": (
        "a valid {tag} (quote it to make it text)",
        "有效的 {tag}（加引号即可作为文本）",
    ),
    "input_malformed_yaml": ("malformed YAML ({what})", "YAML 格式错误（{what}）"),
    "input_syntax_error": ("syntax error", "语法错误"),
    "input_unexpected_event": ("unexpected {kind}", "意外的 {kind}"),
    "input_at_most_aliases": ("at most {n} aliases", "最多 {n} 个别名"),
    "input_alias": ("alias *{alias}", "别名 *{alias}"),
    "input_more_nodes_than": (
        "more than {n} nodes once aliases are expanded",
        "展开别名后超过 {n} 个节点",
    ),
    "input_not_plain_data": ("not plain data ({what})", "不是普通数据（{what}）"),
    "input_one_of": ("one of {values}", "以下之一：{values}"),
    "input_a_list_each_item": ("a list, each item {item}", "列表，每项为{item}"),
    "input_an_object_with_fields": (
        "an object with the fields {fields}",
        "含字段 {fields} 的对象",
    ),
    "input_or_null": ("{allowed}, or null", "{allowed}，或 null"),
    "input_a_number_bound": ("a number {sign} {bound}", "{sign} {bound} 的数值"),
    "input_not_valid_json": ("not valid JSON ({reason})", "不是有效的 JSON（{reason}）"),
    "input_value_reason": ("{value} — {reason}", "{value}——{reason}"),
    "input_not_accepted": ("{value} is not accepted", "不接受 {value}"),
    "probe_input_a_probe_report": ("a probe report", "探测报告"),
    "probe_input_json_object": ("a JSON object (a probe report)", "JSON 对象（探测报告）"),
    "probe_input_size_limit": ("a probe report of at most 5 MB", "不超过 5 MB 的探测报告"),
    "probe_input_what": (
        "the complete JSON written by `python -m probes`",
        "`python -m probes` 写出的完整 JSON",
    ),
    # refusals of a probe report composed with values (probes/report_io.py)
    "probe_input_not_an_integer": ("{value} is not an integer", "{value} 不是整数"),
    "probe_input_an_integer_in": ("an integer {supported}", "{supported} 的整数"),
    "probe_input_version_unsupported": (
        "{version} is not supported (newer than this tool?)",
        "不支持 {version}（比本工具更新？）",
    ),
    "probe_input_supported_update": (
        "{supported} (update framework-advisor to read newer reports)",
        "{supported}（要读取更新的报告，请升级 framework-advisor）",
    ),
    "profile_input_answers": (
        "a YAML or JSON profile with answers",
        "含 answers 的 YAML 或 JSON 配置文件",
    ),
    "profile_input_size_limit": ("a profile of at most 1 MB", "不超过 1 MB 的配置文件"),
    "profile_input_unknown_field": ("unknown field", "未知字段"),
    "profile_input_unknown_question": ("unknown question", "未知问题"),
    "profile_input_what": (
        "a YAML or JSON profile with description and answers",
        "含 description 和 answers 的 YAML 或 JSON 配置文件",
    ),
    # refusals of a profile composed with values (recommender/profile_io.py)
    "profile_mapping_with_keys": ("a mapping with keys {keys}", "含 {keys} 键的映射"),
    "profile_version_from_1_to": ("an integer from 1 to {n}", "1 到 {n} 的整数"),
    "profile_version_newer": (
        "{version} is newer than this tool understands",
        "{version} 比本工具能读取的版本更新",
    ),
    "profile_version_up_to": ("up to {n}", "最高 {n}"),
    "profile_description_allowed": (
        "{where}: allowed: free text (a string)",
        "{where}：允许：自由文本（字符串）",
    ),
    "profile_n_characters": ("{n} characters", "{n} 个字符"),
    "profile_at_most_characters": ("at most {n}", "最多 {n} 个字符"),
    "profile_answers_allowed": (
        "{where}: allowed: a mapping of question id to option id(s)",
        "{where}：允许：从问题 id 到选项 id 的映射",
    ),
    "profile_list_for_single": (
        "a list was given but this question (“{question}”) takes one choice",
        "给出了列表，但该问题（“{question}”）只能选一项",
    ),
    "profile_any_of": ("any of {ids}", "以下任意项：{ids}"),
    "profile_n_choices": ("{n} choices given", "选了 {n} 项"),
    "profile_at_most_of": ("at most {n} of {ids}", "从 {ids} 中最多选 {n} 项"),
    "profile_not_an_option": ("{value} is not an option", "{value} 不是可选项"),
    "json_input_too_big": (
        "{name}: file is {size} bytes; at most {most} allowed",
        "{name}：文件大小为 {size} 字节；最多允许 {most} 字节",
    ),
    "json_input_newer": (
        "{name}: schema_version {version} is newer than this tool supports (at most {most})",
        "{name}：schema_version {version} 比本工具支持的版本更新（最高 {most}）",
    ),
    # the report formats' names (recommender/export/__init__.py EXPORTERS)
    "export_label_html": ("HTML (self-contained)", "HTML（单文件）"),
    "export_label_json": ("JSON (data)", "JSON（数据）"),
    # a paired comparison's interval in the reports' benchmark table (recommender/export/)
    "report_ci95": ("(95 % CI {low:.2f}–{high:.2f})", "（95% 置信区间 {low:.2f}–{high:.2f}）"),
    "json_input_what": (
        "a Recommendation JSON exported by Framework Advisor",
        "Framework Advisor 导出的推荐 JSON",
    ),
    "cli_no_diff": ("diff is not available in this installation", "此安装中没有 diff 功能"),
    # the command lines' own lines (recommender/cli.py, probes/cli.py)
    "cli_zero_to": ("0 to {most}", "0 到 {most}"),
    "cli_kb_failed": ("knowledge base: {first}", "知识库：{first}"),
    "cli_no_exporters": (
        "the report exporters are not available ({why})",
        "报告导出模块不可用（{why}）",
    ),
    "cli_format_not_installed": (
        "{format} is not available in this installation",
        "此安装中没有 {format}",
    ),
    "cli_cannot_render": ("could not render {format}: {why}", "无法生成 {format}：{why}"),
    "cli_cannot_write": ("{path}: cannot write ({why})", "{path}：无法写入（{why}）"),
    "cli_wrote": ("recommender: wrote {out} ({chosen})", "recommender：已写入 {out}（{chosen}）"),
    "cli_wrote_chosen": ("{fw}, {verdict}", "推荐 {fw}，{verdict}"),
    "cli_not_a_deploy_target": ("{value} is not a target", "{value} 不是部署目标"),
    "cli_interrupted": ("interrupted", "已中断"),
    "cli_report_written": ("report written to {path}", "报告已写入 {path}"),
    "probe_cli_description": (
        "Probe this machine for the TensorFlow-vs-PyTorch advisor.",
        "探测本机硬件与框架，供 TensorFlow / PyTorch 选型使用。",
    ),
    "probe_cli_lang_help": (
        "language of progress, messages and the Markdown summary (without it: English lines and "
        "a bilingual Markdown summary; the JSON report is the same in every language)",
        "进度、消息与 Markdown 摘要的语言",
    ),
    "probe_cli_deploy_help": (
        "also take two reference models through every deployment path serving these targets "
        "(comma-separated: mobile,browser,edge,mcu,server; default: the profile's deploy targets "
        "with --profile, else all)",
        "测量各部署路径",
    ),
    # argparse's own complaints (kb/cli_messages.py matches the English, shows the Chinese)
    "argparse_required": ("the following arguments are required: {a}", "缺少必需的参数：{a}"),
    "argparse_invalid_choice": (
        "argument {a}: invalid choice: {v} (choose from {c})",
        "参数 {a}：无效的选项 {v}（可选：{c}）",
    ),
    "argparse_invalid_value": (
        "argument {a}: invalid {t} value: {v}",
        "参数 {a}：无效的 {t} 值 {v}",
    ),
    "argparse_expected_one": ("argument {a}: expected one argument", "参数 {a}：需要一个值"),
    "argparse_expected_at_most_one": (
        "argument {a}: expected at most one argument",
        "参数 {a}：最多一个值",
    ),
    "argparse_ignored_explicit": (
        "argument {a}: ignored explicit argument {v}",
        "参数 {a}：不接受值 {v}",
    ),
    "argparse_unrecognized": ("unrecognized arguments: {a}", "无法识别的参数：{a}"),
    "argparse_ambiguous": (
        "ambiguous option: {a} could match {m}",
        "有歧义的选项：{a} 可能是 {m}",
    ),
    "argparse_not_allowed_with": (
        "argument {a}: not allowed with argument {b}",
        "参数 {a}：不能与参数 {b} 同时使用",
    ),
    # the probed machine in one line and its framework problems (recommender/probe_summary.py)
    "machine_no_accelerator": ("no accelerator found", "未发现加速器"),
    "probe_fw_not_installed": (
        "{name} is not installed on the probed machine.",
        "被探测的机器上没有安装 {name}。",
    ),
    "probe_fw_not_working": (
        "{name} did not work on the probed machine ({state}{reason}).",
        "{name} 在被探测的机器上无法正常工作（{state}{reason}）。",
    ),
    "evidence_host_busy": (
        "the probed host was too busy to compare the frameworks",
        "探测时机器过于繁忙，无法比较框架",
    ),
    "evidence_too_noisy": (
        "the probe's timings were too noisy to compare the frameworks",
        "探测计时噪声过大，无法比较框架",
    ),
    # where a thing ran or is meant for, after its name: " on linux", "（cuda:0）"
    "on_place": (" on {place}", "（{place}）"),
    # machine evidence in words (recommender/evidence.py)
    "evidence_unstable": (
        "The {workload} benchmark was unstable on this machine; it was not used.",
        "本机上的 {workload} 基准测试结果不稳定，未被采用。",
    ),
    "evidence_not_used": (
        "Machine evidence not used: {why}{dropped}; the general ratings stand. {advice}",
        "未采用本机实测：{why}{dropped}；沿用一般评分。{advice}",
    ),
    "evidence_rerun_idle": ("Re-run the probe on an idle machine.", "请在空闲的机器上重新探测。"),
    "evidence_cpu_only_blind": (
        "CPU-only measurements were not used for “{criterion}”: {names} cannot see this "
        "machine's accelerator, which is a setup task; re-probe once it does.",
        "“{criterion}”未采用仅 CPU 的实测：{names} 看不到本机的加速器，这是配置问题；"
        "修复后请重新探测。",
    ),
    "evidence_measured_note": (
        "Measured on this machine ({summary}): rating {value:.1f} replaces the general rating "
        "{general:.1f}.",
        "本机实测（{summary}）：评分 {value:.1f} 取代一般评分 {general:.1f}。",
    ),
    "evidence_tie": (
        "{workload}{where}: a tie within noise",
        "{workload}{where}：在噪声范围内持平",
    ),
    "evidence_interval": (" (interval {lo:.2f}–{hi:.2f}×)", "（区间 {lo:.2f}–{hi:.2f}×）"),
    "evidence_faster": (
        "{workload}{where}: {fast} {ratio:.2f}× faster than {slow}{ci}",
        "{workload}{where}：{fast} 比 {slow} 快 {ratio:.2f} 倍{ci}",
    ),
    # deployment paths measured by the probe, in words (recommender/deploy_evidence.py)
    "deploy_evidence_note": (
        "{before} Deployment paths measured on this machine: {summary}; rating {general:.1f} → "
        "{value:.1f}.",
        "{before} 本机实测部署路径：{summary}；评分 {general:.1f} → {value:.1f}。",
    ),
    "deploy_evidence_runs": (
        "{works} of {runs} {name} path runs worked",
        "{name} 的 {runs} 次路径运行中 {works} 次成功",
    ),
    "deploy_evidence_converted": (
        "{n} converted but not runnable here",
        "{n} 次已转换但无法在本机运行",
    ),
    "deploy_evidence_failed_op": (
        "{path} failed on unsupported op {ops} ({model})",
        "{path} 在不受支持的算子 {ops} 上失败（{model}）",
    ),
    "deploy_evidence_next_step": (
        "Worked on this machine for {where}: {label} ({model}: {lat} vs {eager} eager, max "
        "difference {diff}). Steps: {cmds}",
        "已在本机验证（{where}）：{label}（{model}：{lat}，框架原生 {eager}，最大差异 {diff}）。"
        "步骤：{cmds}",
    ),
    "narrative_code_rewritten": (
        "the existing code is rewritten anyway",
        "现有代码无论如何都要重写",
    ),
    "narrative_no_code_to_keep": ("there were no existing code to keep", "没有需要保留的现有代码"),
    "narrative_dependency_decides": (
        "Too close to call: the dependency decides, not the evidence — keep it and {a} is the"
        " only option; drop it and {b} leads clearly.",
        "难分高下：起决定作用的是这项依赖，而不是证据——保留它，{a} 是唯一选项；"
        "放弃它，{b} 明显领先。",
    ),
    "narrative_shared_cost": (
        "both pay {points} points for {what}, so it does not separate them",
        "两者都要为{what}付出 {points} 分，因此它不能区分二者",
    ),
    # the decision's sentences built from its numbers (recommender/narrative.py)
    "narrative_uncertain_penalty": (
        "{reason} (uncertain: {lo:.0f}–{hi:.0f} points, 80 % range)",
        "{reason}（不确定：{lo:.0f}–{hi:.0f} 分，80% 区间）",
    ),
    "narrative_must": ("{label} ({fw}: {reason})", "{label}（{fw}：{reason}）"),
    "narrative_all_ruled_out": (
        "Every framework was ruled out by a hard constraint: {musts}.",
        "所有框架都被硬性约束排除：{musts}。",
    ),
    "narrative_still_lead_without": (
        "; without it {a} would still lead by {gap:.1f} points",
        "；即使没有这项要求，{a} 仍将领先 {gap:.1f} 分",
    ),
    "narrative_lead_without": (
        "; without it {b} would lead by {gap:.1f} points",
        "；若没有这项要求，{b} 将领先 {gap:.1f} 分",
    ),
    "narrative_only_option": (
        "{a} is the only option that meets {musts}{tail}.",
        "{a} 是唯一满足 {musts} 的选项{tail}。",
    ),
    "narrative_simulations": (
        ", ahead in {shown} of {draws} simulations",
        "，在 {draws} 次模拟中 {shown} 领先",
    ),
    "narrative_scores": (
        "{a} scores {lead:.1f} against {b}'s {run:.1f} (margin {margin:.1f} points{sims})",
        "{a} 得分 {lead:.1f}，{b} 得分 {run:.1f}（差距 {margin:.1f} 分{sims}）",
    ),
    "narrative_mainly_because": (", mainly because of {reasons}", "，主要因为{reasons}"),
    "narrative_reason_points": ("{what} (+{p:.1f})", "{what}（+{p:.1f}）"),
    "narrative_against": (
        "; against {a}: {what} ({p:.1f})",
        "；对 {a} 不利的是：{what}（{p:.1f}）",
    ),
    "narrative_too_close": (
        "Too close to call: {head}. Let the what-ifs below and your team decide.",
        "难分高下：{head}。请参考下面的假设分析并由团队决定。",
    ),
    "narrative_neutral_dependencies": (
        "What the project depends on ({deps}) reaches {a} and {b} the same way, and nothing "
        "concrete (where it runs, the hardware, existing code, costs) puts {a} ahead: its lead "
        "comes from general ecosystem and usability ratings, which describe the frameworks, not "
        "this project.",
        "项目所依赖的{deps}以同样的方式支持 {a} 和 {b}，而且没有任何具体因素（运行位置、硬件、"
        "现有代码、代价）让 {a} 领先：它的领先来自通用的生态与易用性评分，这些评分描述的是框架"
        "本身，而不是这个项目。",
    ),
    "narrative_relevant_side": (
        "Leaning {a}: on what your answers made relevant, costs included, {a} leads by "
        "{rel:.1f} points; {b}'s overall lead of {margin:.1f} points comes from criteria no "
        "answer touched, which describe the frameworks in general, not this project.",
        "倾向 {a}：在你的回答使之相关的评估维度上（含各项代价），{a} 领先 {rel:.1f} 分；{b} "
        "总分领先的 {margin:.1f} 分来自没有任何回答涉及的评估维度，它们描述的是框架的一般情况，"
        "而不是这个项目。",
    ),
    "narrative_general_only": (
        "Not “clear”: {name}'s lead comes from general ecosystem and usability ratings; nothing "
        "concrete about this project (where it runs, the hardware, existing code, costs, a "
        "dependency only one framework serves) puts it ahead.",
        "结论不是“明确”：{name} 的领先来自通用的生态与易用性评分；这个项目没有任何具体因素（运行"
        "位置、硬件、现有代码、代价、只有一个框架支持的依赖）让它领先。",
    ),
    "narrative_penalty_of": ("{who}'s penalty: {reason}", "{who} 被扣分：{reason}"),
    "narrative_conflict_step": (
        "Decide which requirement to drop (“What would change it” shows where each choice "
        "leads); if training and deployment are separate parts, describe each part as a project "
        "of its own.",
        "决定放弃哪一项要求（“什么会改变结论”列出了每种选择的结果）；如果训练与部署是相互独立的"
        "部分，请把每个部分分别作为一个项目来描述。",
    ),
    "narrative_not_depend": ("you did not depend on “{option}”", "项目不依赖“{option}”"),
    "narrative_drop": ("you drop “{option}” from “{q}”", "从“{q}”中去掉“{option}”"),
    "narrative_add": ("you add “{option}” to “{q}”", "在“{q}”中加上“{option}”"),
    "narrative_answer_is": ("the answer to “{q}” is “{option}”", "“{q}”的答案为“{option}”"),
    "narrative_only_left": ("{name} would be the only option left", "{name} 将是唯一剩下的选项"),
    "narrative_would_lead": (
        "{name} would lead by {margin:.1f} points",
        "{name} 将领先 {margin:.1f} 分",
    ),
    "narrative_would_be_recommended": (
        "{name} would be recommended: it would lead on what your answers made relevant",
        "将推荐 {name}：在你的回答所涉及的方面它将领先",
    ),
    "narrative_would_tie": (
        "the two would be level (less than 0.1 points apart)",
        "两者将持平（相差不到 0.1 分）",
    ),
    "narrative_would_still_lead": (
        "{name} would still lead, by {margin:.1f} points",
        "{name} 仍将领先，差距 {margin:.1f} 分",
    ),
    "narrative_what_if": ("If {cond}, {then}.", "如果{cond}，{then}。"),
    # several picks of one question, each leaving one framework: {n} is how many more (English)
    # or how many in all (Chinese), so it is given as a pair
    "narrative_add_any": ("you add {any}{options} to “{q}”", "在“{q}”中加上{options}{any}"),
    "narrative_any_of": ("any of ", "中的任何一项"),
    "narrative_and_more": (" and {n} more", "等 {n} 项"),
    "narrative_charge": ("{reason} ({points:.0f} points)", "{reason}（{points:.0f} 分）"),
    "narrative_leader_cost": (
        "Not “clear”: {name} leads but costs this project {cost:.0f} points itself — a trade-off,"
        " not a free choice.{charges}",
        "结论不是“明确”：{name} 领先，但它本身要让项目付出 {cost:.0f} 分的代价——这是权衡，"
        "而非无代价的选择。{charges}",
    ),
    "narrative_untouched_share": (
        "Criteria that no answer made relevant carry {share:.0%} of the weight; each counts at "
        "half its default weight.",
        "没有任何答案使之相关的评估维度占权重的 {share:.0%}；它们各按默认权重的一半计算。",
    ),
    "narrative_few_answered": (
        "Only {answered} question(s) answered: the verdict cannot be “clear” until at least "
        "{min} are.",
        "只回答了 {answered} 个问题：至少回答 {min} 个之前，结论不会是“明确”。",
    ),
    "narrative_broken_install": (
        "Setup task: the {name} install on the probed machine is broken ({status}); reinstall "
        "it. A broken install is not a reason to change frameworks and does not count against it.",
        "配置任务：被探测机器上的 {name} 安装已损坏（{status}），请重新安装。"
        "安装损坏不是更换框架的理由，也不计入对它的评价。",
    ),
    "narrative_no_accelerator": (
        "Setup task: {name} is installed but does not see the accelerator ({accel}); install "
        "its GPU build. This is not a reason to change frameworks.",
        "配置任务：{name} 已安装但看不到加速器（{accel}），请安装其 GPU 版本。"
        "这不是更换框架的理由。",
    ),
    "narrative_hardware_not_probed": (
        "The answers say {label}, but the probed machine has none: probe the machine that will "
        "do the work. The recommendation and install command follow the answers.",
        "答案中选择了 {label}，但被探测的机器上没有：请探测实际运行的机器。"
        "推荐与安装命令以答案为准。",
    ),
    "narrative_os_differs": (
        "The answers say the OS is {said}, but the probed machine runs {os}.",
        "答案中的操作系统是 {said}，但被探测的机器运行的是 {os}。",
    ),
    "narrative_port_estimate": (
        "Moving the existing code to {p} is estimated at {points:.1f} points.",
        "把现有代码迁移到 {p} 估计相当于 {points:.1f} 分。",
    ),
    "narrative_switch_not_deciding": (
        "{h} leads by {merit:.1f} points even if porting cost nothing: the switching cost does "
        "not decide.",
        "即使移植毫无成本，{h} 仍领先 {merit:.1f} 分：切换成本不是决定因素。",
    ),
    "narrative_break_even_pw": (" (about {pw:.0f} person-weeks)", "（约 {pw:.0f} 人周）"),
    "narrative_break_even": (
        "Staying on {h} is right while porting to {p} costs more than {be:.1f} points{pw}; below "
        "that, moving pays off.",
        "只要迁移到 {p} 的成本高于 {be:.1f} 分{pw}，留在 {h} 就是对的；低于此值则迁移更划算。",
    ),
    "narrative_porting_cost": (
        " Estimated porting cost: {points:.1f} points ({low:.0f}–{high:.0f}, 80 % range){pw}",
        "估计移植成本：{points:.1f} 分（{low:.0f}–{high:.0f}，80% 区间）{pw}",
    ),
    "narrative_porting_pw": (
        ", about {mode:.0f} person-weeks ({lo:.0f}–{hi:.0f}).",
        "，约 {mode:.0f} 人周（{lo:.0f}–{hi:.0f}）。",
    ),
    "narrative_person_weeks_assumption": (
        "Person-weeks are for one engineer who knows both frameworks; they scale with the same "
        "factors as the points (size, tests, rewritten anyway).",
        "人周按一名熟悉两个框架的工程师计算；与分数按相同系数（规模、测试、是否重写）缩放。",
    ),
    "narrative_port_step": (
        "Port the existing code to {name}: {reason}",
        "把现有代码迁移到 {name}：{reason}",
    ),
    "narrative_via": ("via {path}", "经由 {path}"),
    "narrative_target_step": ("{label}: {name} → {tc} {how}.", "{label}：{name} → {tc}（{how}）。"),
    # the decision's reasons and consequences composed with values (recommender/constraints.py,
    # elicit.py, explain.py)
    "constraint_needs_rating": (
        " (needs “{criterion}” ≥ {min:g}; rated {rating:g})",
        "（要求“{criterion}”≥ {min:g}；评分 {rating:g}）",
    ),
    "elicit_untouched": (
        "No answer made this criterion relevant, so its default weight counts half.",
        "没有任何答案使这项评估维度变得相关，因此其默认权重按一半计。",
    ),
    "elicit_override": ("weight set by hand to {w:.0%}", "权重被手动设为 {w:.0%}"),
    "explain_consequence": (
        "{criterion}: {name} rates {value:.1f}/10 — {why}",
        "{criterion}：{name} 评分 {value:.1f}/10 —— {why}",
    ),
    "explain_penalty": ("Penalty of {points:g} points: {reason}", "扣 {points:g} 分：{reason}"),
    "pipeline_all_ruled_out": (
        "Every framework was ruled out by a hard constraint.",
        "所有框架都被硬性约束排除。",
    ),
    "pipeline_not_clear_shaky": (
        "Not “clear”: one plausible answer changes the lead. {what_if}",
        "结论不是“明确”：一个合理的答案就能改变领先者。{what_if}",
    ),
    "pipeline_ignored_answer": (
        "The answer {answer} is not in this knowledge base and was ignored.",
        "答案{answer}不在当前知识库中，已忽略。",
    ),
    "pipeline_set_aside_answer": (
        "“{option}” was set aside: it contradicts the other answers chosen with it ({kept}), "
        "which were kept.",
        "“{option}”已搁置：它与同时选择的其他答案（{kept}）相矛盾，已保留后者。",
    ),
    "pipeline_prefilled": (
        "The answer {answer} was pre-filled from the probe.",
        "答案{answer}由探测结果预填。",
    ),
    "pipeline_stale_evidence": (
        "{n} evidence items on the heaviest criteria are older than {days} days (the KB's "
        "freshness limit).",
        "权重最高的几项评估维度中有 {n} 条证据超过 {days} 天（知识库的时效期限）。",
    ),
    "pipeline_low_confidence": (
        "Low-confidence ratings for {name} on: {criteria}.",
        "{name} 在以下评估维度上的评分置信度低：{criteria}。",
    ),
    "revisit_all_ruled_out": ("every framework would be ruled out", "所有框架都会被排除"),
    # what would change the ranking (recommender/sensitivity.py)
    "sensitivity_no_weight_flips": (
        "No weight on “{criterion}” alone makes {b} overtake {a} (now {now}).",
        "仅调整“{criterion}”的权重无法让 {b} 超过 {a}（当前 {now}）。",
    ),
    "sensitivity_weight_rises": (
        "{a} stays ahead unless the weight of “{criterion}” rises above {flip} (now {now}, "
        "the other weights shrinking in proportion).",
        "除非“{criterion}”的权重升至 {flip} 以上（当前 {now}，其余权重按比例缩小），"
        "否则 {a} 保持领先。",
    ),
    "sensitivity_weight_falls": (
        "{a} stays ahead unless the weight of “{criterion}” falls below {flip} (now {now}, "
        "the other weights growing in proportion).",
        "除非“{criterion}”的权重降至 {flip} 以下（当前 {now}，其余权重按比例增大），"
        "否则 {a} 保持领先。",
    ),
    "sensitivity_rating_ties": (
        " A tie would also follow if {fw}'s rating on it went from {old:.1f} to {new:.1f}.",
        "若 {fw} 在此项的评分从 {old:.1f} 变为 {new:.1f}，两者也会持平。",
    ),
    "sensitivity_no_rating_ties": (
        " No single change of either rating on it (0–10) would close the gap.",
        "此项任一评分在 0–10 范围内单独变化都无法抹平差距。",
    ),
    "revisit_release": (
        "Re-run when {name} {version} ships.",
        "{name} {version} 发布后请重新运行。",
    ),
    "revisit_would_lead": ("{name} would lead", "{name} 将领先"),
    "revisit_if_added": (
        "Re-run if you add “{option}” to “{question}” ({then}).",
        "如果在“{question}”中加上“{option}”，请重新运行（{then}）。",
    ),
    "revisit_if_answer": (
        "Re-run if your answer to “{question}” becomes “{option}” ({then}).",
        "如果“{question}”的答案变为“{option}”，请重新运行（{then}）。",
    ),
    "revisit_stale": (
        "Re-run after the knowledge base is refreshed: {n} evidence items behind this decision "
        "are older than its freshness limit.",
        "知识库更新后请重新运行：本决策依据中有 {n} 条证据已超过时效期限。",
    ),
    "revisit_run_probe": (
        "Run the machine probe on the computer that will do the work and decide again with its "
        "report: measured results replace general claims.",
        "请在实际运行的那台机器上运行机器探测，再结合探测报告重新决策：实测结果会取代一般结论。",
    ),
    "toolchain_natively": ("natively", "原生支持"),
    "toolchain_only_via": ("only via {path}", "只能经由 {path}"),
    # a path's status after how it is reached, looked up by ToolchainStatus (kb/schema.py)
    "toolchain_status_beta": (", beta", "，测试阶段"),
    "toolchain_status_maintenance": (", maintenance", "，仅维护"),
    "toolchain_status_deprecated": (", deprecated", "，已弃用"),
    "toolchain_no_path": (
        "Needs {names}: {name} has no supported path{notes}.",
        "需要 {names}：{name} 没有受支持的路径{notes}。",
    ),
    "toolchain_reaches": ("{toolchain}: {name} reaches it {how}.", "{toolchain}：{name} {how}。"),
    # where a veto, requirement or penalty came from (recommender/labels.py)
    "label_left_unanswered": ("“{topic}” left unanswered", "“{topic}”未回答"),
    "label_your_answer": ("Your answer {answer}", "你的回答{answer}"),
    "label_the_rule": ("the rule “{rule}”", "规则“{rule}”"),
    # ---- Install command notes composed from the machine and the KB (recommender/install.py).
    "install_accelerators": ("{names} accelerators", "{names} 加速器"),
    "install_no_accelerator": ("no accelerator (CPU only)", "无加速器（仅 CPU）"),
    "install_disagreement": (
        "Your answers describe {answered}{where}, but the probed machine ({probed_os}) has "
        "{probed}. The install command is for the machine you described; run the probe on that "
        "machine to fit the command to its driver and GPU.",
        "你的回答中的硬件为：{answered}{where}，但被探测的机器（{probed_os}）上的硬件为：{probed}。"
        "安装命令按你描述的机器给出；请在那台机器上运行探测，以便按其驱动和 GPU 选择安装包。",
    ),
    "install_need_driver": (
        "need NVIDIA driver >= {floor} (this machine: {driver})",
        "需要 NVIDIA 驱动 >= {floor}（这台机器：{driver}）",
    ),
    "install_no_code_for_cc": (
        "carry no code for compute capability {cc}",
        "不包含计算能力 {cc} 的代码",
    ),
    "install_and_also": (" and ", "，且"),
    "install_build_misses": ("CUDA {version} builds {misses}", "CUDA {version} 构建{misses}"),
    "install_builds_not_recorded": (
        "{fw} {version}: its CUDA builds are not recorded in the knowledge base, so it cannot be "
        "checked against this machine",
        "{fw} {version}：知识库未记录其 CUDA 构建，无法对照这台机器检查",
    ),
    "install_default_build_misses": (
        "{fw} {version}'s default build is CUDA {default}, but {why}: using its CUDA {best} build",
        "{fw} {version} 的默认构建是 CUDA {default}，但 {why}：改用其 CUDA {best} 构建",
    ),
    "install_no_build_fits": (
        "{fw} {version} has no CUDA build for this machine ({why})",
        "{fw} {version} 没有适合这台机器的 CUDA 构建（{why}）",
    ),
    "install_no_kb_build_fits": (
        "No {fw} CUDA build in the knowledge base fits this machine (driver {driver}, compute "
        "capability {cc}); update the driver or use the CPU build",
        "知识库中没有适合这台机器的 {fw} CUDA 构建（驱动 {driver}，计算能力 {cc}）；"
        "请更新驱动或使用 CPU 版本",
    ),
    "install_python_older": (
        "{fw} {newest} needs Python {lowest} or newer and this machine runs Python {py}: "
        "{release} is the newest {fw} release for it (or move to a newer Python for {newest})",
        "{fw} {newest} 需要 Python {lowest} 或更高版本，而这台机器运行 Python {py}："
        "{release} 是适用于它的最新 {fw} 版本（或升级 Python 以使用 {newest}）",
    ),
    "install_python_none": (
        "No {fw} release in the knowledge base lists Python {py} (this machine): the command is "
        "for the newest release; install a Python version it supports first",
        "知识库中没有任何 {fw} 版本支持 Python {py}（这台机器）：命令针对最新版本；"
        "请先安装其支持的 Python 版本",
    ),
    "install_cpu_build_only": (
        "The knowledge base has no {fw} install command for {hardware} on {os}: this is the CPU "
        "build",
        "知识库中没有 {fw} 在 {os} 上用于 {hardware}的安装命令：这是 CPU 版本",
    ),
    # ---- Knowledge base page: the freshness panel.
    "kb_fresh_as_of": (
        "Facts checked at their sources up to {d}; evidence older than {n} days is "
        "flagged as stale.",
        "知识库中的事实已在来源处核对至 {d}；早于 {n} 天的证据标记为已过期。",
    ),
    "kb_fresh_check": ("Check for newer releases", "检查是否有更新的版本"),
    "kb_fresh_check_help": (
        "Asks the package index pip is configured with for the newest releases of the "
        "packages the knowledge base tracks.",
        "向 pip 所配置的软件包索引查询知识库所跟踪软件包的最新版本。",
    ),
    "kb_fresh_running": (
        "Checking the package index… the page stays usable meanwhile.",
        "正在查询软件包索引……期间页面仍可正常使用。",
    ),
    "kb_fresh_up_to_date": (
        "Up to date: no release newer than the knowledge base records ({n} packages).",
        "已是最新：没有比知识库记录更新的版本（共 {n} 个软件包）。",
    ),
    "kb_fresh_behind": (
        "The knowledge base is behind: {n} newer release(s), {m} piece(s) of evidence "
        "past the freshness limit.",
        "知识库已落后：{n} 个更新的版本，{m} 条证据超出时效期限。",
    ),
    "kb_fresh_offline": (
        "Offline: the package index could not be reached, so nothing was compared.",
        "离线：无法连接软件包索引，因此未做任何比较。",
    ),
    "kb_fresh_failed": (
        "The freshness check did not finish; the rest of the page is unaffected.",
        "时效检查未能完成；页面其余部分不受影响。",
    ),
    "kb_fresh_on_index": ("On the index", "索引中的版本"),
    "kb_fresh_kb_has": ("The knowledge base records", "知识库记录"),
    "kb_fresh_old_evidence": ("Evidence past the freshness limit", "超出时效期限的证据"),
    "kb_fresh_asked": ("Index asked: {x}", "查询的索引：{x}"),
    # ---- Reports (recommender/export): the decision record, the card, charts and tables.
    "colon": (": ", "："),
    "list_sep": ("; ", "；"),
    "paren": (" ({x})", "（{x}）"),
    "report_title": ("Decision record: TensorFlow or PyTorch", "决策记录：TensorFlow 还是 PyTorch"),
    "status_value": (
        "proposed (generated by Framework Advisor)",
        "提议（由 Framework Advisor 生成）",
    ),
    "date": ("Date", "日期"),
    "input_notes": ("Input notes", "输入说明"),
    "warnings": ("Warnings", "警告"),
    "context": ("Context and problem statement", "背景与问题"),
    "report_description": ("Project description", "项目描述"),
    "no_description": ("No project description was given.", "未提供项目描述。"),
    "answers": ("Answers", "问卷回答"),
    "no_answers": (
        "No questions were answered; neutral defaults apply.",
        "未回答任何问题；使用中性默认值。",
    ),
    "report_origin_answered": ("answered", "用户回答"),
    "report_origin_prefilled": ("pre-filled from the probe", "由机器探测预填"),
    "report_origin_default": ("default", "默认值"),
    "leader": ("Ahead (within noise)", "暂时领先（在误差范围内）"),
    "drivers": ("Decision drivers", "决策驱动因素"),
    "default_weight": ("Default weight", "默认权重"),
    "set_by": ("Set by", "由此设定"),
    "default_only": ("default", "默认"),
    "override": ("Set by hand (what-if)", "手动设定（假设分析）"),
    "options": ("Considered options", "备选方案"),
    "state": ("State", "状态"),
    "in_running": ("considered", "参与比较"),
    "penalised": ("penalised", "被扣分"),
    "outcome": ("Decision outcome", "决策结果"),
    "chosen": ("Chosen option: {winner}", "选择：{winner}"),
    "report_no_winner": (
        "No single option is chosen: the result is too close to call.",
        "未选出单一方案：结果过于接近，无法判定。",
    ),
    "report_verdict_clear": ("clear", "明确"),
    "report_verdict_lean": ("lean", "倾向"),
    "report_verdict_too_close": ("too close to call", "难分高下"),
    "report_verdict_conflict": (
        "no framework meets every requirement",
        "没有任何框架满足全部要求",
    ),
    "report_no_option": (
        "No option is chosen: every framework fails one of the requirements.",
        "未选出方案：每个框架都不满足其中某项要求。",
    ),
    "report_margin": ("Margin", "分差"),
    "report_points": ("{value} points", "{value} 分"),
    "runner_up": ("Runner-up", "次选"),
    "report_because": ("Because", "理由"),
    "report_consequences": ("Consequences", "影响"),
    "good": ("Good", "好处"),
    "neutral": ("Neutral", "中性"),
    "bad": ("Bad", "代价"),
    "eliminations": ("Eliminations and penalties", "排除与扣分"),
    "chart_contribution": (
        "Contribution of each criterion to the total score (points)",
        "各评估维度对总分的贡献（分）",
    ),
    "chart_criteria": (
        "Rating per criterion (0–10, bars show the likely range)",
        "各评估维度的评分（0–10，横线为可能范围）",
    ),
    "points_axis": ("points of the 0–100 total", "占 0–100 总分的分数"),
    "rating_axis": ("rating 0–10", "评分 0–10"),
    "report_per_criterion": ("Per-criterion comparison", "逐项对比"),
    "report_rating": ("rating", "评分"),
    "contribution": ("points", "得分"),
    "report_sources": ("Sources", "资料来源"),
    "measured": ("measured on this machine", "在本机实测"),
    "stale_marker": ("older than the KB freshness limit", "超出知识库时效期限"),
    "report_stale_claims": (
        "Claims of the article that no longer hold",
        "原文中已过时的说法",
    ),
    "report_article_said": ("The article said", "原文说"),
    "report_since": ("Since", "自"),
    "sections": ("Article sections", "原文章节"),
    "stale_claim_heading": (
        "Claim {n} (article sections {sections})",
        "第 {n} 条（原文章节 {sections}）",
    ),
    "unknown_claim": (
        "{id} (not found in this knowledge base version)",
        "{id}（当前知识库版本中未找到）",
    ),
    "no_stale": (
        "None of the article's outdated claims bear on this decision.",
        "原文中的过时说法均不影响本决策。",
    ),
    "machine": ("Machine", "机器"),
    "no_probe": (
        "No machine probe was used: ratings are general, not measured on the target machine.",
        "未使用机器探测：评分为通用评估，而非在目标机器上实测。",
    ),
    "collected_at": ("Probed at", "探测时间"),
    "none": ("none", "无"),
    "frameworks_found": ("Frameworks", "已安装框架"),
    "benchmarks": ("Benchmarks", "基准测试"),
    "no_benchmarks": ("No benchmarks were run.", "未运行基准测试。"),
    "bench_variant": ("Mode", "模式"),
    "bench_ratio": ("Ratio", "速度比"),
    "bench_verdict": ("Faster / tie", "更快 / 持平"),
    "report_tie": ("tie", "持平"),
    "bench_unreliable": ("not compared (unstable measurement)", "不比较（测量不稳定）"),
    "bench_over_peak": (
        "Some shares exceed 100 %: the estimated peak of this machine is too low, so read the "
        "shares as relative, not absolute.",
        "部分峰值占比超过 100 %：本机的峰值估计偏低，请把占比当作相对值而非绝对值。",
    ),
    "bench_caption": (
        "Each cell: GFLOP/s (share of the hardware's peak), or the median time where a workload "
        "has no FLOP count. Ratio: how many times faster the quicker framework is.",
        "每格：GFLOP/s（占硬件峰值的比例）；若负载无浮点运算量，则为中位耗时。"
        "速度比：较快框架快多少倍。",
    ),
    "not_judged": (
        "{fw} ahead; not tested against noise",
        "{fw} 领先；未做噪声检验",
    ),
    "faster": ("faster", "更快"),
    "no_flips": (
        "No single weight change within reason flips this result.",
        "在合理范围内，单个权重的变化不会改变结果。",
    ),
    "report_install": ("Install command", "安装命令"),
    "no_install": ("No install command applies.", "没有适用的安装命令。"),
    "report_revisit": ("Revisit this decision when", "出现以下情况时请重新评估"),
    "no_revisit": ("No revisit triggers were given.", "未给出重新评估的条件。"),
    "provenance": ("Provenance", "来源信息"),
    "report_kb_version": ("Knowledge base version", "知识库版本"),
    "kb_hash": ("Knowledge base hash", "知识库哈希"),
    "generated_at": ("Generated at", "生成时间"),
    "schema_version": ("Recommendation schema version", "推荐结果结构版本"),
    "monte_carlo": ("Monte Carlo draws / seed", "蒙特卡洛抽样次数 / 随机种子"),
    "note_truncated": (
        "{field} was {length} characters long; only the first {limit} are shown.",
        "{field} 长 {length} 个字符；只显示前 {limit} 个。",
    ),
    "note_cleaned": (
        "{field}: {count} control or invisible formatting characters were removed.",
        "{field}：已删除 {count} 个控制字符或不可见格式字符。",
    ),
    "note_no_cjk_font": (
        "No CJK font was found on this machine: {count} Chinese/Japanese/Korean characters "
        "in this document are shown as '?'. Install fonts-noto-cjk for a complete PDF.",
        "本机未找到中日韩字体：本文档中的 {count} 个中日韩字符显示为“?”。"
        "请安装 fonts-noto-cjk 以生成完整的 PDF。",
    ),
    "note_unrenderable": (
        "{count} characters have no glyph in the available fonts and are shown as '?'.",
        "{count} 个字符在可用字体中没有字形，显示为“?”。",
    ),
    # decision card (issue 13): what a lead reads first
    "card": ("Decision", "结论"),
    "badge_clear": ("Clear choice", "明确推荐"),
    "badge_lean": ("Leaning", "倾向推荐"),
    "badge_too_close": ("Too close to call", "难分高下"),
    "badge_conflict": ("Requirements conflict", "要求相互冲突"),
    "card_headline_conflict": (
        "No framework meets every requirement",
        "没有框架能满足全部必需条件",
    ),
    "card_give_up_conflict": (
        "One of the requirements above: whichever you drop.",
        "上述要求之一：取决于你放弃哪一项。",
    ),
    "whatif_conflict": (
        "Weights cannot change this result: every framework fails a must-have. “What would "
        "change it” above names the requirements whose removal leaves one.",
        "调整权重无法改变这一结果：每个框架都不满足某项必需条件。上方“什么会改变结论”列出了去掉后"
        "会留下一个框架的要求。",
    ),
    "card_no_what_ifs_conflict": (
        "Dropping one requirement is not enough: more than one rules out each framework.",
        "只放弃一项要求还不够：每个框架都被不止一项要求排除。",
    ),
    "card_headline": ("Use {fw}", "选用 {fw}"),
    "card_headline_close": (
        "No clear winner — {fw} is slightly ahead",
        "没有明显胜出者——{fw} 略微领先",
    ),
    "card_ahead_in": ("ahead in {p} of simulations", "在 {p} 的模拟中领先"),
    "card_strength": ("{fw} is stronger on {criterion}", "{fw} 在“{criterion}”上更强"),
    "card_penalty": ("{fw} pays: {reason}", "{fw} 需付出代价：{reason}"),
    "report_card_install": ("Install ({fw}, {target})", "安装（{fw}，{target}）"),
    "card_install_other": ("Install on other hardware", "在其他硬件上安装"),
    "card_docs": ("Read the {fw} install guide", "阅读 {fw} 安装指南"),
    "target_cuda": ("NVIDIA CUDA", "NVIDIA CUDA"),
    "target_rocm": ("AMD ROCm", "AMD ROCm"),
    "target_cpu": ("CPU only", "仅 CPU"),
    "target_apple": ("Apple silicon", "Apple 芯片"),
    "target_tpu": ("Google TPU", "Google TPU"),
    "appendix": ("Appendix: details behind the decision", "附录：结论背后的细节"),
    "switching": ("Switching cost", "切换成本"),
    "note": ("Note", "说明"),
    "chart_impact": ("Points gap per criterion", "各维度分差"),
    "impact_axis": ("points gap (of the 0–100 total)", "分差（占 0–100 总分）"),
    "favours": ("favours {fw}", "有利于 {fw}"),
    # ---- The comparison of two recommendations (python -m recommender diff).
    "diff_same": ("No differences.", "没有差异。"),
    "diff_inputs": ("Inputs", "输入"),
    "diff_outcome": ("Outcome", "结果"),
    "diff_answer": ("answer {q}", "回答 {q}"),
    "diff_description": ("project description", "项目描述"),
    "diff_kb_version": ("knowledge base version", "知识库版本"),
    "diff_kb_hash": ("knowledge base content hash", "知识库内容哈希"),
    "diff_probe": ("machine probe", "机器探测"),
    "diff_probe_field": ("probe {f}", "探测 {f}"),
    "diff_bench": ("benchmark {w} / {fw} GFLOP/s", "基准 {w} / {fw} GFLOP/s"),
    "diff_winner": ("winner", "胜出者"),
    "diff_verdict": ("verdict", "结论"),
    "diff_score": ("score {fw}", "得分 {fw}"),
    "diff_margin": ("margin", "分差"),
    "diff_p_win": ("P(win) {fw}", "胜出概率 {fw}"),
    "diff_eliminated": ("eliminated/penalised {fw}", "排除/扣分 {fw}"),
    "diff_weight": ("weight of {c}", "{c} 的权重"),
    "diff_rating": ("rating of {fw} on {c}", "{fw} 在 {c} 上的评分"),
    "diff_flip": ("flip point on {c}", "{c} 的翻转点"),
    "diff_stale": ("stale claims that matter", "相关的过时说法"),
    "diff_warnings": ("warnings", "警告"),
    "diff_absent": ("(absent)", "（无）"),
    "diff_because_answer": ("because {q} changed", "因为 {q} 的回答改变"),
    "diff_because_kb": ("knowledge base changed", "知识库已更改"),
    "diff_because_probe": ("measured on the probed machine", "来自机器实测"),
    "diff_because_weights": ("weights changed", "权重已更改"),
    "diff_because_ratings": ("ratings changed", "评分已更改"),
    "diff_because_inputs": (
        "no input changed: randomness or tool version",
        "输入未变：随机性或工具版本",
    ),
    "diff_never": ("never", "永不"),
    "diff_usage": (
        "usage: python -m recommender diff OLD.json NEW.json [--lang en|zh]",
        "用法：python -m recommender diff OLD.json NEW.json [--lang en|zh]",
    ),
}


def t(key: str, lang: str, /, **fmt: Any) -> str:
    """The catalog entry ``key`` in ``lang``, placeholders filled.

    An unknown key shows the key itself, so a gap is visible on the page, not a crash; the test
    of the catalog makes sure every key the code names exists.
    """
    pair = CATALOG.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**fmt) if fmt else text


def text(key: str, /, **fmt: Any) -> Text:
    """The catalog entry ``key`` as the KB's bilingual :class:`~kb.schema.Text`, filled as
    :func:`pair` fills it."""
    en, zh = pair(key, **fmt)
    return Text(en=en, zh=zh)


def pair(key: str, /, **fmt: Any) -> Bilingual:
    """The catalog entry ``key`` as an (English, Chinese) pair, for messages composed of parts.

    Placeholders are filled in both languages; a value that is itself an (English, Chinese) pair
    or a :class:`Text` fills each language with its own part (``size=("3 bytes", "3 字节")``).
    """
    en, zh = CATALOG[key]
    if not fmt:
        return en, zh
    return en.format(**_side(fmt, 0)), zh.format(**_side(fmt, 1))


def _side(fmt: dict[str, Any], i: int) -> dict[str, Any]:
    """``fmt`` with every bilingual value reduced to its English (0) or Chinese (1) part."""
    out: dict[str, Any] = {}
    for name, value in fmt.items():
        if isinstance(value, Text):
            value = (value.en, value.zh)
        if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
            value = value[i]
        out[name] = value
    return out


def inline(key: str, /, **fmt: Any) -> str:
    """The catalog entry ``key`` as one "English / 中文" string, filled as :func:`pair` fills it:
    the form a probe report keeps its warnings and steps in (probes/progress.py shows one side)."""
    en, zh = pair(key, **fmt)
    return f"{en} / {zh}"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is supported; otherwise raise ValueError naming the allowed values."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return lang


def pick(en: str, zh: str, lang: str) -> str:
    """Choose between a pair of model texts; fall back to English when the Chinese is empty."""
    return zh if lang == "zh" and zh else en


def tx(value: Any, lang: str) -> str:
    """A KB ``Text`` (or a ``{en, zh}`` mapping) in ``lang``, falling back to English."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or "")
    shown = getattr(value, lang, None) or getattr(value, "en", None)
    return str(shown) if shown is not None else str(value)


def colon(lang: str) -> str:
    """The label separator: a full-width colon after Chinese (no space), ": " in English."""
    return "：" if lang == "zh" else ": "


def framework_status(status: str, lang: str) -> str:
    """A probe's framework status (probes/report.py FrameworkStatus) in words; unknown as is."""
    key = f"fw_status_{status}"
    return t(key, lang) if key in CATALOG else status
