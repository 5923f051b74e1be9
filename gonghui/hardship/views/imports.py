"""The archive sheet import: upload, then the background job (see hardship.import_job)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gonghui.core import jobs
from gonghui.core.spreadsheets import write_xlsx, xlsx_response
from gonghui.hardship import forms, import_job, imports
from gonghui.orgs.models import Level
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import visible_orgs


@login_required
@staff_required
def import_archive(request: HttpRequest) -> HttpResponse:
    """Upload a county's archive sheet; the worker checks and writes it (all rows or none)
    and the job's page shows the outcome."""
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        org = request.user.org or visible_orgs(request.user).order_by("depth", "pk").first()  # type: ignore[union-attr]
        job = jobs.start(
            request.user,
            import_job.KIND,
            org,
            f"导入困难职工档案：{upload.name[:80]}",
            upload=upload,
            request=request,
        )
        return redirect("job", job.pk)
    return render(
        request,
        "hardship/import.html",
        {"title": "导入困难职工档案", "form": form, "headers": imports.TEMPLATE_HEADERS},
        status=400 if form.errors else 200,
    )


@login_required
@staff_required
def import_template(request: HttpRequest) -> HttpResponse:
    """An empty archive sheet with the expected headers and one example row, which names a
    county the user may import for, so that the template imports as it is."""
    county = visible_orgs(request.user).filter(level=Level.COUNTY).order_by("path").first()
    example = imports.template_example(county.name if county is not None else "某某县总工会")
    return xlsx_response(
        write_xlsx(imports.TEMPLATE_HEADERS, [example], "困难职工档案"), "困难职工档案模板.xlsx"
    )
