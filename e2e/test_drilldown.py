"""Drill-down in a real browser on the demo: a figure opens exactly the records that make it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Browser, Locator, Page, expect

from e2e.conftest import as_user

FIGURE = "hardship.archived_households"


def _org_of(href: str) -> int:
    return int(parse_qs(urlparse(href).query)["org"][0])


def _records_links(page: Page) -> list[str]:
    return page.locator("a[href*='/dashboard/records/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def _county_row(page: Page, name: str) -> Locator:
    table = page.get_by_test_id("comparison")
    return table.locator("tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))


def test_the_city_officer_clicks_a_figure_and_a_countys_cell_to_their_records(
    browser: Browser, demo: str
) -> None:
    city = as_user(browser, demo, "city")
    city.goto(f"{demo}/dashboard/")
    city.locator(f"[data-indicator='{FIGURE}'] a").click()
    expect(city.get_by_test_id("figure-statement")).to_contain_text(
        "截至2018-06-30 在档困难职工家庭"
    )
    expect(city.get_by_test_id("figure-value")).to_have_text("637")
    expect(city.get_by_test_id("records-summary")).to_contain_text("共 637 条记录")
    expect(city.get_by_test_id("records").locator("tbody tr")).to_have_count(50)
    expect(city.get_by_test_id("pager")).to_contain_text("第 1 / 13 页")
    expect(city.get_by_test_id("records-mismatch")).to_have_count(0)

    city.goto(f"{demo}/dashboard/")
    cell = _county_row(city, "建宁").locator(f"[data-indicator='{FIGURE}']")
    value = cell.inner_text().strip()
    assert value.isdigit() and 0 < int(value) < 637
    cell.click()
    expect(city.get_by_test_id("figure-statement")).to_contain_text("建宁 截至2018-06-30")
    expect(city.get_by_test_id("figure-value")).to_have_text(value)
    expect(city.get_by_test_id("records").locator("tbody tr")).to_have_count(min(int(value), 50))
    expect(city.get_by_test_id("records")).not_to_contain_text("泰宁")


def test_a_county_officers_dashboard_links_only_to_its_own_county(
    browser: Browser, demo: str
) -> None:
    city = as_user(browser, demo, "city")
    city.goto(f"{demo}/dashboard/")
    taining = _county_row(city, "泰宁").get_by_role("link", name="泰宁", exact=True)
    taining_pk = _org_of(taining.get_attribute("href") or "")

    county = as_user(browser, demo, "jianning")
    county.goto(f"{demo}/dashboard/")
    own = _org_of(county.locator(f"[data-indicator='{FIGURE}'] a").get_attribute("href") or "")
    units = {
        _org_of(href)
        for href in county.get_by_test_id("comparison")
        .locator("tbody tr td:first-child a")
        .evaluate_all("links => links.map(a => a.getAttribute('href'))")
    }
    linked = {_org_of(href) for href in _records_links(county)}
    assert linked and linked <= {own} | units
    assert taining_pk not in linked

    refused = county.goto(f"{demo}/dashboard/records/{FIGURE}/?org={taining_pk}")
    assert refused is not None and refused.status == 404
