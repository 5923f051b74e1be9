"""Data comparison end to end in a real browser: upload → map → preview → run → review →
confirm → the hardship archive adjusted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from gonghui.conftest import PASSWORD
from gonghui.matching.tests import factories


def test_a_county_officer_runs_a_death_list_and_adjusts_the_archive(
    page: Page,
    live_server: Any,
    tree: Any,
    jianning_officer: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.VAR_DIR = tmp_path / "var"
    zhang = factories.make_id("350430", date(1970, 3, 5))
    home, _ = factories.household(tree.jianning_union, tree.jianning, [("张伟", zhang)])
    listing = tmp_path / "deaths.csv"
    listing.write_text(
        f"身份证号,姓名,出生日期,死亡日期\n{zhang},张伟,1970-03-05,2018-04-30\n,李四,1960-01-01,\n",
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("jianning")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/matching/")
    page.get_by_label("名单类别").select_option("deceased")
    page.get_by_label("名单名称").fill("2018年4月死亡名单")
    page.locator("input[type=file]").set_input_files(str(listing))
    page.get_by_test_id("upload").click()
    expect(page.get_by_test_id("map-id")).to_have_value("身份证号")
    page.get_by_test_id("map-fact_date").select_option("死亡日期")
    page.get_by_test_id("preview").click()
    counts = page.get_by_test_id("preview-counts")
    expect(counts).to_contain_text("有效身份证号 1")
    expect(counts).to_contain_text("缺少身份证号 1")
    page.get_by_test_id("run").click()
    expect(page.get_by_test_id("run-progress")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("run-counts")).to_contain_text("精确匹配疑点")
    page.get_by_test_id("run-flags").click()
    page.get_by_role("link", name="张伟").first.click()
    expect(page.get_by_test_id("evidence")).to_contain_text("2018-04-30")
    page.get_by_test_id("confirm").click()
    # The hardship module's removal form (退档) opens for the household.
    assert f"/hardship/{home.pk}/remove/" in page.url
    page.get_by_label("退档原因").select_option("deceased")
    page.get_by_role("button", name="确认").click()
    home.refresh_from_db()
    assert home.closed_on is not None and home.removal_reason == "deceased"
