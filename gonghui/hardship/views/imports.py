"""The archive sheet import: upload, every error listed, the error report as xlsx."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.spreadsheets import (
    ImportRejected,
    errors_xlsx,
    read_table,
    write_xlsx,
    xlsx_response,
)
from gonghui.hardship import forms, imports
from gonghui.orgs.permissions import staff_required

IMPORT_REPORT_KEY = "hardship_import_report"


@login_required
@staff_required
def import_archive(request: HttpRequest) -> HttpResponse:
    """Upload a county's archive sheet: all rows written, or none and every error listed."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        table = None
        try:
            table = read_table(upload, upload.name)
            count = imports.import_archive(request.user, table)
        except ImportRejected as exc:
            errors = exc.errors
            report = errors_xlsx(table, errors) if table is not None else b""
            request.session[IMPORT_REPORT_KEY] = {
                "name": upload.name[:80],
                "data": base64.b64encode(report).decode("ascii") if report else "",
            }
        else:
            request.session.pop(IMPORT_REPORT_KEY, None)
            messages.success(request, f"已导入{count}户困难职工家庭档案。")
            return redirect(reverse("hardship:archive_list") + "?status=all")
    report = request.session.get(IMPORT_REPORT_KEY) if errors else None
    return render(
        request,
        "hardship/import.html",
        {
            "title": "导入困难职工档案",
            "form": form,
            "errors": errors,
            "has_report": bool(report and report.get("data")),
            "headers": imports.TEMPLATE_HEADERS,
        },
    )


@login_required
@staff_required
def import_errors(request: HttpRequest) -> HttpResponse:
    """The last rejected upload's error report: the rows with the bad cells marked."""
    report = request.session.get(IMPORT_REPORT_KEY)
    if not report or not report.get("data"):
        messages.info(request, "没有可下载的错误报告。")
        return redirect("hardship:import_archive")
    name = report["name"].rsplit(".", 1)[0]
    return xlsx_response(base64.b64decode(report["data"]), f"{name}_错误报告.xlsx")


@login_required
@staff_required
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty archive sheet with the expected headers and one example row."""
    example = [
        "JN-2018-001",
        "建宁县总工会",
        "",
        "建宁县濉溪镇解放路1号",
        "县级档",
        "因病、子女就学",
        "2018-03-01",
        "6000",
        "本人",
        "张三",
        "11010519491231002X",
        "800",
        "慢性病",
        "灵活就业",
    ]
    return xlsx_response(
        write_xlsx(imports.TEMPLATE_HEADERS, [example], "困难职工档案"), "困难职工档案模板.xlsx"
    )
