"""The modules' main flows in a real browser against the demo, as the staff would click them."""

from __future__ import annotations

from playwright.sync_api import Browser, expect

from e2e.conftest import as_user


def test_a_report_is_submitted_returned_resubmitted_and_accepted(
    browser: Browser, demo: str
) -> None:
    county = as_user(browser, demo, "qingliu")
    county.goto(f"{demo}/supervision/desk/")
    county.get_by_test_id("write-report").first.click()
    county.get_by_label("完成进度（%）").fill("40")
    county.get_by_label("已完成工作").fill("召开动员会，完成摸底。")
    county.get_by_test_id("submit-report").click()
    expect(county.get_by_test_id("report-state")).to_have_attribute("data-state", "submitted")
    report_url = county.url

    city = as_user(browser, demo, "city")
    city.goto(report_url)
    city.get_by_test_id("return-comment").fill("请补充完成数量和佐证材料。")
    city.get_by_test_id("return-report").click()
    expect(city.get_by_test_id("report-state")).to_have_attribute("data-state", "returned")

    county.goto(f"{demo}/supervision/desk/")
    expect(county.get_by_test_id("returned-reports")).to_contain_text("请补充完成数量")
    county.get_by_test_id("fix-report").first.click()
    county.get_by_label("已完成工作").fill("召开动员会，完成摸底，已上传佐证。")
    county.get_by_test_id("resubmit-report").click()
    expect(county.get_by_test_id("report-state")).to_have_attribute("data-state", "resubmitted")

    city.goto(report_url)
    city.get_by_test_id("accept-report").click()
    expect(city.get_by_test_id("report-state")).to_have_attribute("data-state", "accepted")


def test_the_city_dashboard_shows_the_speechs_figures_and_drills_down(
    browser: Browser, demo: str
) -> None:
    city = as_user(browser, demo, "city")
    city.goto(f"{demo}/dashboard/")
    for name, value in [
        ("hardship.archived_households", "637"),
        ("hardship.archived_local", "260"),
        ("rights.petition_cases", "163"),
        ("rights.petition_persons", "366"),
        ("rights.supervision_committees", "1499"),
        ("supervision.reform_tasks_done", "19"),
    ]:
        expect(city.locator(f"[data-indicator='{name}'] .value")).to_have_text(value)
    expect(city.get_by_test_id("findings")).to_be_visible()
    city.get_by_test_id("comparison").get_by_role("link", name="建宁").click()
    expect(city.get_by_role("heading", level=1)).to_contain_text("建宁县总工会")


def test_a_county_dashboard_shows_only_that_county(browser: Browser, demo: str) -> None:
    county = as_user(browser, demo, "jianning")
    county.goto(f"{demo}/dashboard/")
    expect(county.get_by_role("heading", level=1)).to_contain_text("建宁县总工会")
    expect(county.get_by_test_id("comparison")).not_to_contain_text("泰宁")
