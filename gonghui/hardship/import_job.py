"""The archive sheet import as a background job: read, check every row, write all or none.

A 20,000-household sheet takes half a minute to check and write, longer than a page may
wait; the worker does it and the job's page shows the outcome: the count written, or every
error with its row and column and the sheet with the bad cells marked red.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from gonghui.core.jobs import Outcome, Progress, handler
from gonghui.core.models import BackgroundJob
from gonghui.core.spreadsheets import ImportRejected, errors_xlsx, mask_id_numbers, read_table
from gonghui.hardship import imports

KIND = "hardship.import"
ERRORS_SHOWN = 200  # on the page; the xlsx report has them all


@handler(KIND)
def import_sheet(job: BackgroundJob, progress: Progress) -> Outcome:
    """Import the job's uploaded sheet as its requester (whose scope each row is checked in)."""
    progress("读取文件", 5)
    table = None
    try:
        with job.upload.open("rb") as upload:
            table = read_table(upload, job.upload_name)
        progress(f"逐行校验（{len(table.rows)}行）", 15)
        count = imports.import_archive(
            job.requested_by, table, on_valid=lambda: progress("写入档案", 60)
        )
    except ImportRejected as exc:
        errors = [
            {
                "row": e.row,
                "column": e.column,
                "field": e.field,
                "message": mask_id_numbers(e.message),
            }
            for e in exc.errors
        ]
        report = errors_xlsx(table, exc.errors) if table is not None else None
        return Outcome(
            report,
            f"{Path(job.upload_name).stem}_错误报告.xlsx" if report else "",
            {
                "message": f"文件“{job.upload_name}”有{len(errors)}处错误，未导入任何数据。"
                + ("请下载错误报告（错误单元格标红），改正后重新上传。" if report else ""),
                "errors": errors[:ERRORS_SHOWN],
                "errors_total": len(errors),
            },
            rejected=True,
        )
    return Outcome(
        result={
            "message": f"已导入{count}户困难职工家庭档案。",
            "count": count,
            "link": {"url": reverse("hardship:archive_list") + "?status=all", "label": "查看档案"},
        }
    )
