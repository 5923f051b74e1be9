"""The demo, opened at the mid-year date, tells the speech's story — computed, not typed in."""

import io
from datetime import date

from docx import Document

from gonghui.core import indicators
from gonghui.dashboard import briefing, collect
from gonghui.orgs.models import Org
from gonghui.testing import Demo

MID_YEAR = date(2018, 6, 30)


def _text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_mid_year_briefing_states_the_speechs_figures_and_names_the_late_counties(
    demo: Demo,
) -> None:
    city = Org.objects.get(admin_code="350400")

    def value(name: str) -> object:
        return indicators.compute(name, city, MID_YEAR).value

    assert value("hardship.archived_households") == 637
    assert value("hardship.archived_local") == 260
    assert value("rights.supervision_committees") == 1499
    assert value("rights.petition_cases") == 163
    assert value("rights.petition_persons") == 366
    assert value("supervision.reform_tasks_total") == 25
    assert value("supervision.reform_tasks_done") == 19

    text = _text(briefing.document(briefing.compose(city, MID_YEAR)))
    for sentence in (
        "全市已建档困难职工637户，其中地方档260户",
        "全市有1499家单位建立了工会劳动法律监督委员会",
        "来信来电来访163件366人次",
        "改革任务25项，已完成19项",
    ):
        assert sentence in text, sentence
    named = {org for f in collect.findings(city, MID_YEAR) for org in f.orgs}
    assert named, "the demo should make some counties late"
    problems = text.split("二、存在的问题和不足")[1].split("三、下一步工作")[0]
    assert any(name in problems for name in named)
    assert "附件：数据口径" in text and "hardship.archived_households" in text
