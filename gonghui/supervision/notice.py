"""The quarterly notice (通报) on key work, as a Word document in the official layout and as a
spreadsheet of its table. Every figure is computed from the records as of the chosen date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from gonghui.core.documents import OfficialDocument, format_date
from gonghui.orgs.models import Level, Org
from gonghui.supervision import schedule
from gonghui.supervision.models import Assignment, Task, WorkPlan
from gonghui.supervision.overview import League, build_league
from gonghui.supervision.progress import assess_assignments, summarize_tasks

CHINESE_NUMBERS = "零一二三四"
TABLE_HEADERS = [
    "排名",
    "单位",
    "任务数",
    "已完成",
    "滞后",
    "平均差距（百分点）",
    "按时报告率",
    "状态",
]
REQUIREMENTS = (
    (
        "各单位要对照序时进度逐项梳理重点工作，进度滞后的单位要认真分析原因，"
        "制定整改措施，明确责任领导和完成时限，确保按期完成全年任务。"
    ),
    (
        "严格执行一季一报制度，于每季度结束后次月{due_day}日前报送进展情况，"
        "如实反映存在问题和下步打算，不得迟报、漏报。"
    ),
    "市总工会将持续开展督查督办，对工作推进不力、进度严重滞后的单位予以通报，并纳入年度考核。",
)


@dataclass
class NoticeData:
    org: Org
    as_of: date
    year: int
    quarter: int
    league: League
    tasks_total: int = 0
    tasks_done: int = 0
    units_total: int = 0
    units_behind: int = 0
    laggards: list[str] = field(default_factory=list)
    no_report: list[str] = field(default_factory=list)
    due_day: int = schedule.DEFAULT_REPORT_DUE_DAY
    has_plans: bool = True

    @property
    def title(self) -> str:
        return f"关于{self.year}年第{CHINESE_NUMBERS[self.quarter]}季度重点工作推进情况的通报"


def status_of(row: Any) -> str:
    """A county's status in the notice: from its share behind and its average gap."""
    if row.average_gap is None:
        return "未开始"
    if row.behind:
        return "进度滞后"
    if row.average_gap < 0:
        return "略有滞后"
    return "按序时推进"


def table_rows(data: NoticeData) -> list[list[object]]:
    rows = []
    for r in data.league.rows:
        rows.append(
            [
                r.rank or "—",
                r.org.display_name,
                r.assignments,
                r.done,
                r.behind,
                "—" if r.average_gap is None else f"{r.average_gap:+.1f}",
                "—" if r.on_time_rate is None else f"{r.on_time_rate:.0f}%",
                status_of(r),
            ]
        )
    return rows


def own_plans(org: Org, year: int) -> list[WorkPlan]:
    """The year's plans the org made: a notice reports on the work the issuer assigned."""
    return list(WorkPlan.objects.filter(org=org, year=year).select_related("org"))


def gather(user: Any, org: Org, as_of: date) -> NoticeData:
    """Every figure of the notice, from the records as of the date."""
    year, quarter = schedule.quarter_of(as_of)
    plans = own_plans(org, as_of.year)
    league = build_league(user, as_of, plans)
    data = NoticeData(org, as_of, year, quarter, league, has_plans=bool(plans))
    if plans:
        data.due_day = plans[0].report_due_day
    tasks = list(Task.objects.filter(plan__in=[p.pk for p in plans]).select_related("plan"))
    units = assess_assignments(
        Assignment.objects.for_user(user).filter(task__plan__in=[p.pk for p in plans]), as_of
    )
    summary = summarize_tasks(tasks, units, as_of)
    tops = [t for t in summary.values() if t.task.parent_id is None and (t.units or t.subtasks)]
    data.tasks_total = len(tops)
    data.tasks_done = sum(1 for t in tops if t.done)
    county_units = [u for u in units if u.assignment.org.level != Level.CITY]
    data.units_total = len(county_units)
    data.units_behind = sum(1 for u in county_units if schedule.is_behind(u.assessment.status))
    data.laggards = [r.org.display_name for r in league.rows if r.behind]
    data.no_report = [r.org.display_name for r in league.rows if r.no_follow_up]
    return data


def document(data: NoticeData, doc_number: str | None = None) -> bytes:
    """The notice as a .docx in the GB/T 9704-2012 layout."""
    doc = OfficialDocument(
        data.title,
        data.org.name,
        doc_number=doc_number or None,
        date=data.as_of,
        recipients="各县（市、区）总工会：",
    )
    spread = data.league.spread
    doc.paragraph(
        f"根据重点工作一季一报制度，现将截至{format_date(data.as_of)}全市工会重点工作推进情况通报如下。"
    )
    doc.heading("一、总体情况", 1)
    summary = (
        f"截至{format_date(data.as_of)}，市总工会部署的{data.tasks_total}项重点工作和改革任务中，"
        f"已完成{data.tasks_done}项；各县（市、区）承担的{data.units_total}项任务中，"
        f"{data.units_behind}项滞后于序时进度。"
    )
    if spread.count >= 2:
        summary += (
            f"各县（市、区）平均进度差距在{spread.minimum:+.1f}至{spread.maximum:+.1f}个百分点之间，"
            f"最大相差{spread.range:.1f}个百分点（标准差{spread.stdev:.1f}），进度快慢不均。"
        )
    doc.paragraph(summary)
    doc.heading("二、各县（市、区）推进情况", 1)
    doc.paragraph("各单位重点工作推进情况见下表（平均差距为完成进度减序时进度）。")
    doc.table(TABLE_HEADERS, table_rows(data), font_size=schedule_font())
    doc.heading("三、进度滞后的单位", 1)
    if data.laggards:
        doc.paragraph(
            f"{'、'.join(data.laggards)}等{len(data.laggards)}个单位有重点工作滞后于序时进度，予以通报。"
        )
    else:
        doc.paragraph("各单位重点工作均按序时进度推进。")
    if data.no_report:
        doc.paragraph(
            f"{'、'.join(data.no_report)}有重点工作上期以来未报告进展，存在有部署、无落实的问题。"
        )
    doc.heading("四、工作要求", 1)
    for index, text in enumerate(REQUIREMENTS, start=1):
        doc.paragraph(
            f"（{CHINESE_NUMBERS[index] if index < 5 else index}）"
            + text.format(due_day=data.due_day)
        )
    return doc.to_bytes()


def schedule_font() -> Any:
    from docx.shared import Pt

    return Pt(12)  # 小四: eight columns fit the 156 mm text width
