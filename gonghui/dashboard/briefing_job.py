"""The briefing as a background job: figures, problems and tasks, then the Word file."""

from __future__ import annotations

from datetime import date

from gonghui.core.jobs import Outcome, Progress, handler
from gonghui.core.models import BackgroundJob
from gonghui.dashboard import briefing, collect

KIND = "briefing"


def title(org_name: str, as_of: date) -> str:
    return f"{org_name}情况通报（截至{as_of.isoformat()}）"


@handler(KIND)
def write_briefing(job: BackgroundJob, progress: Progress) -> Outcome:
    """Compose the briefing of the job's org and date; each step fills the caches the next
    one reads, so the progress tells where the time goes."""
    org, as_of = job.org, date.fromisoformat(job.params["as_of"])
    progress("计算各项指标", 5)
    collect.figures(org, as_of)
    progress("查找存在的问题", 45)
    collect.findings(org, as_of)
    progress("整理下一步工作", 75)
    composed = briefing.compose(org, as_of)
    progress("生成 Word 文件", 90)
    return Outcome(briefing.document(composed), f"{org.display_name}情况通报_{as_of}.docx")
