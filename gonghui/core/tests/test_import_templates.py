"""Every template an import page offers imports as it is: its example row has no error."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.core.models import BackgroundJob
from gonghui.funds.models import DuesReceipt
from gonghui.hardship.models import Household, MinimumLivingStandard
from gonghui.honors.models import ModelWorker

# The import pages; each offers its template as a link, which is where a user finds it.
IMPORT_PAGES = {
    "hardship:import_archive": Household,
    "honors:model_workers_import": ModelWorker,
    "funds:import": DuesReceipt,
    "supervision:import": None,
}
TEMPLATE_LINK = re.compile(r'<a href="([^"]+)"[^>]*>下载模板</a>')


def _templates(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found = {}
    for page in IMPORT_PAGES:
        body = client.get(reverse(page)).content.decode()
        for href in TEMPLATE_LINK.findall(body):
            found[page] = href
    return found


def test_every_downloadable_template_imports_as_it_is(
    tree, jianning_officer, django_capture_on_commit_callbacks
) -> None:
    for year in range(2016, 2019):
        MinimumLivingStandard.objects.create(
            org=tree.jianning, year=year, monthly_amount=Decimal(540)
        )
    client = client_for(jianning_officer)
    templates = _templates(client)
    # The pages that offer a template today; a new one is imported below without more code.
    assert {"hardship:import_archive", "honors:model_workers_import", "funds:import"} <= (
        templates.keys()
    )
    for page, href in templates.items():
        response = client.get(href)
        assert response.status_code == 200
        content = response.content
        upload = SimpleUploadedFile("模板.xlsx", content)
        model = IMPORT_PAGES[page]
        before = model.objects.count() if model else 0
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(reverse(page), {"file": upload})
        assert answer.status_code == 302, (page, answer.content.decode()[:2000])
        if page == "hardship:import_archive":
            job = BackgroundJob.objects.latest("pk")
            assert job.status == "done", job.result
        if model is not None:
            assert model.objects.count() == before + 1, page


@pytest.mark.parametrize(
    ("template", "column"),
    [
        ("hardship:import_template", "县（市、区）"),
        ("honors:model_workers_template", "所在基层工会"),
        ("funds:import_template", "县（市、区）"),
    ],
)
def test_a_template_names_a_unit_in_the_users_own_scope(
    tree, taining_officer, template: str, column: str
) -> None:
    import io

    from openpyxl import load_workbook

    content = client_for(taining_officer).get(reverse(template)).content
    headers, example = load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    unit = dict(zip(headers, example, strict=True))[column]
    taining = {tree.taining.name, tree.taining.display_name, tree.taining_union.name}
    assert unit in taining | {tree.taining_union.credit_code}
