"""The briefing writer (讲话素材/情况通报): the speech's three parts, written from records.

Part one reviews each area in sentences whose every number is an indicator; part two names
the problems the modules detect; part three lists the open tasks of the second half. An
appendix states, for each figure, the indicator and the scope that produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec

from gonghui.core.documents import OfficialDocument, format_date
from gonghui.core.indicators import IndicatorValue
from gonghui.dashboard import collect
from gonghui.orgs.models import Level, Org

CHINESE_ORDINALS = "一二三四五六七八九十"


def scope_word(org: Org) -> str:
    """How a speech names the whole of the org's area: 全市, 全县, 全区."""
    if org.level == Level.CITY:
        return "全市"
    name = org.name.removesuffix("总工会")
    if name.endswith("区"):
        return "全区"
    if name.endswith("市"):
        return "全市"
    if org.level == Level.COUNTY:
        return "全县"
    return f"{org.display_name}"


def number(value: object) -> str:
    """A figure as a speech writes it: integers plain, others with at most one decimal."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.1f}"
    return str(value)


@dataclass(frozen=True)
class Rule:
    """A sentence of part one: the area, the figures it needs, and how it reads."""

    area: str
    needs: tuple[str, ...]
    write: Callable[[str, dict[str, str]], str]


# The review, area by area, in the order of the speech's part one.
RULES = (
    Rule(
        "改革任务推进",
        ("supervision.reform_tasks_total", "supervision.reform_tasks_done"),
        lambda s, v: (
            f"{s}工会改革任务{v['supervision.reform_tasks_total']}项，"
            f"已完成{v['supervision.reform_tasks_done']}项。"
        ),
    ),
    Rule(
        "改革任务推进",
        ("supervision.assignments_behind",),
        lambda s, v: (
            f"对照序时进度，有{v['supervision.assignments_behind']}项责任分工落后于序时进度。"
        ),
    ),
    Rule(
        "困难职工帮扶",
        ("hardship.archived_households", "hardship.archived_local"),
        lambda s, v: (
            f"目前，{s}已建档困难职工{v['hardship.archived_households']}户，"
            f"其中地方档{v['hardship.archived_local']}户。"
        ),
    ),
    Rule(
        "困难职工帮扶",
        ("hardship.assistance_count", "hardship.assistance_amount"),
        lambda s, v: (
            f"今年来开展帮扶{v['hardship.assistance_count']}次，"
            f"发放帮扶资金{v['hardship.assistance_amount']}元。"
        ),
    ),
    Rule(
        "依法维权",
        ("rights.supervision_committees",),
        lambda s, v: (
            f"{s}有{v['rights.supervision_committees']}家单位建立了工会劳动法律监督委员会。"
        ),
    ),
    Rule(
        "依法维权",
        ("rights.petition_cases", "rights.petition_persons"),
        lambda s, v: (
            f"今年来，{s}工会已接待职工来信来电来访{v['rights.petition_cases']}件"
            f"{v['rights.petition_persons']}人次。"
        ),
    ),
    Rule(
        "依法维权",
        ("rights.lawyer_shifts",),
        lambda s, v: f"职工维权志愿律师今年来驻点接访{v['rights.lawyer_shifts']}班次。",
    ),
    Rule(
        "经费征缴",
        ("funds.dues_collected", "funds.dues_share_of_plan"),
        lambda s, v: (
            f"工会经费征缴{v['funds.dues_collected']}元，"
            f"完成年度计划的{v['funds.dues_share_of_plan']}%。"
        ),
    ),
    Rule("经费征缴", ("funds.dues_growth",), lambda s, v: f"同比增长{v['funds.dues_growth']}%。"),
    Rule(
        "基层组织建设",
        ("unions.reelections_done", "unions.reelections_due"),
        lambda s, v: (
            f"今年已完成换届{v['unions.reelections_done']}个，"
            f"另有{v['unions.reelections_due']}个工会到期应换届。"
        ),
    ),
    Rule(
        "阵地建设",
        ("facilities.palaces_started",),
        lambda s, v: f"工人文化宫（职工文体中心）已动工或建成{v['facilities.palaces_started']}个。",
    ),
    Rule(
        "阵地建设",
        ("facilities.service_points_open",),
        lambda s, v: (
            f"建成女工憩园、妈妈小屋、清凉驿站等服务阵地{v['facilities.service_points_open']}个。"
        ),
    ),
    Rule(
        "劳模工作",
        ("honors.model_workers",),
        lambda s, v: f"{s}现有各级劳动模范{v['honors.model_workers']}名。",
    ),
    Rule(
        "信息宣传",
        ("supervision.submissions",),
        lambda s, v: f"今年来报送信息{v['supervision.submissions']}篇。",
    ),
    Rule(
        "创新工作",
        ("supervision.innovation_projects",),
        lambda s, v: f"申报工作机制创新项目{v['supervision.innovation_projects']}个。",
    ),
)


@dataclass
class Briefing:
    """The briefing's content, before it becomes a document."""

    org: Org
    as_of: date
    review: list[tuple[str, list[str]]] = field(default_factory=list)
    problems: list[tuple[str, list[str]]] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    used: list[IndicatorValue] = field(default_factory=list)


def compose(org: Org, as_of: date) -> Briefing:
    """Write the three parts from the indicators and findings of the org and date."""
    values = {v.name: v for v in collect.figures(org, as_of)}
    briefing = Briefing(org, as_of)
    scope = scope_word(org)
    areas: dict[str, list[str]] = {}
    used: dict[str, IndicatorValue] = {}
    for rule in RULES:
        if all(name in values for name in rule.needs):
            text = rule.write(scope, {n: number(values[n].value) for n in rule.needs})
            areas.setdefault(rule.area, []).append(text)
            used.update({n: values[n] for n in rule.needs})
    briefing.review = list(areas.items())
    briefing.used = list(used.values())
    briefing.problems = [
        (label, [_problem_sentence(f.title, f.orgs) for f in items])
        for label, items in collect.grouped_findings(collect.findings(org, as_of))
    ]
    briefing.tasks = _open_tasks(org, as_of)
    return briefing


def _problem_sentence(title: str, orgs: list[str]) -> str:
    named = [o for o in orgs if o not in title]
    return f"{title}（{'、'.join(named)}）。" if named else f"{title.rstrip('。')}。"


def _open_tasks(org: Org, as_of: date) -> list[str]:
    """Part three: each module may offer `open_tasks(org, as_of) -> list[str]` in briefing.py."""
    lines: list[str] = []
    for module in ("gonghui.supervision.briefing",):
        if find_spec(module) is not None:
            lines.extend(import_module(module).open_tasks(org, as_of))
    return lines


def document(briefing: Briefing) -> bytes:
    """The briefing as a Word document in the official layout, with the figures' appendix."""
    org, as_of = briefing.org, briefing.as_of
    doc = OfficialDocument(
        f"关于{org.display_name if org.level != Level.CITY else org.name.removesuffix('总工会')}"
        f"工会工作情况的通报（讲话素材）",
        org.name,
        date=as_of,
    )
    doc.paragraph(f"本材料所有数字均由平台记录计算，截至{format_date(as_of)}，口径见附件。")
    doc.heading("一、工作进展情况", 1)
    for index, (area, sentences) in enumerate(briefing.review):
        doc.heading(f"（{CHINESE_ORDINALS[index % 10]}）{area}", 2)
        doc.paragraph("".join(sentences))
    doc.heading("二、存在的问题和不足", 1)
    if briefing.problems:
        for index, (group, sentences) in enumerate(briefing.problems):
            doc.paragraph(f"{CHINESE_ORDINALS[index % 10]}是{group}。" + "".join(sentences))
    else:
        doc.paragraph("截至目前，平台未发现需要通报的问题。")
    doc.heading("三、下一步工作", 1)
    if briefing.tasks:
        for index, line in enumerate(briefing.tasks, start=1):
            doc.paragraph(f"{index}. {line}")
    else:
        doc.paragraph("暂无未完成的重点工作。")
    doc.heading("附件：数据口径", 1)
    doc.table(
        ["指标", "数值", "指标代码", "统计范围"],
        [
            (
                v.label,
                f"{number(v.value)}{v.unit}",
                v.name,
                f"{v.org_name}及其下属工会（含并入单位），截至{v.as_of.isoformat()}",
            )
            for v in briefing.used
        ],
    )
    return doc.to_bytes()
