"""Hardship archive in a real browser on the demo: archive a surveyed household, review it,
lift it out of hardship — as a county officer would."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import as_user


def test_a_household_is_archived_reviewed_and_lifted(browser: Browser, demo: str) -> None:
    page = as_user(browser, demo, "jianning")
    page.goto(f"{demo}/hardship/?status=surveyed")  # the demo's 建宁 has surveyed households
    page.get_by_test_id("household-row").first.get_by_role("link").first.click()
    status = page.get_by_test_id("household-status")
    expect(status).to_have_text("已调查未建档")
    page.get_by_test_id("archive-submit").click()
    expect(status).to_have_text("在档")
    detail = page.url

    page.get_by_test_id("review").click()
    page.get_by_label("年审结论").select_option("keep")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("timeline")).to_contain_text("年审")

    page.goto(detail)
    page.get_by_test_id("lift").click()
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("household-status")).to_have_text("已解困脱困")


def test_a_sibling_county_cannot_open_the_household(browser: Browser, demo: str) -> None:
    jianning = as_user(browser, demo, "jianning")
    jianning.goto(f"{demo}/hardship/?status=open")
    jianning.get_by_test_id("household-row").first.get_by_role("link").first.click()
    taining = as_user(browser, demo, "taining")
    response = taining.goto(jianning.url)
    assert response is not None and response.status == 404


def _sheet(tmp_path, rows: list[list[str]]):  # type: ignore[no-untyped-def]
    from gonghui.core.spreadsheets import write_xlsx
    from gonghui.hardship.imports import TEMPLATE_HEADERS

    path = tmp_path / "建宁档案.xlsx"
    path.write_bytes(write_xlsx(TEMPLATE_HEADERS, rows, "困难职工档案"))
    return path


def _id(serial: int) -> str:
    from gonghui.core.idnumbers import check_char

    first17 = f"35043019800101{serial:03d}"
    return first17 + check_char(first17)


def test_an_archive_sheet_is_imported_in_the_background_or_refused_with_its_errors(
    browser: Browser, demo: str, tmp_path
) -> None:
    def row(number: str, name: str, id_number: str, income: str = "600") -> list[str]:
        return [number, "建宁县总工会", "", "建宁县濉溪镇解放路1号", "县级档", "因病",
                "2018-03-01", "6000", "本人", name, id_number, income, "慢性病", "灵活就业"]  # fmt: skip

    page = as_user(browser, demo, "jianning")
    bad = _id(901)[:-1] + ("0" if _id(901)[-1] != "0" else "1")
    page.goto(f"{demo}/hardship/import/")
    page.get_by_label("档案表").set_input_files(
        _sheet(tmp_path, [row("E2E-1", "导入甲", _id(903)), row("E2E-2", "导入乙", bad)])
    )
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("job-progress")).to_have_attribute(
        "data-status", "rejected", timeout=30_000
    )
    expect(page.get_by_test_id("job-errors")).to_contain_text("校验位")
    expect(page.get_by_test_id("job-errors")).to_contain_text("3")  # the bad row, header = 1
    with page.expect_download() as info:
        page.get_by_test_id("job-download").click()
    assert info.value.suggested_filename.endswith("_错误报告.xlsx")

    page.goto(f"{demo}/hardship/import/")
    page.get_by_label("档案表").set_input_files(
        _sheet(tmp_path, [row("E2E-1", "导入甲", _id(903)), row("E2E-2", "导入乙", _id(905))])
    )
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("job-message")).to_have_text("已导入2户困难职工家庭档案。")
    page.get_by_test_id("job-link").click()
    expect(page.get_by_text("导入乙")).to_be_visible()
