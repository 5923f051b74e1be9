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
