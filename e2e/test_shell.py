"""The shell in a real browser: Chinese login page, each persona's home, scoping by 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import login


def test_the_login_page_speaks_chinese(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    expect(page.get_by_role("heading", name="登录工会工作平台")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "zh-hans"


@pytest.mark.parametrize(
    "persona", ["city_officer", "jianning_officer", "chair", "lawyer", "judge", "worker"]
)
def test_each_persona_reaches_its_home_page(page: Page, live_server, personas, persona) -> None:
    user = personas[persona]
    login(page, live_server.url, user.username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("whoami")).to_contain_text(user.org.name)


def test_the_city_officer_sees_the_tree_figures(page: Page, live_server, city_officer) -> None:
    login(page, live_server.url, "city")
    card = page.locator("[data-indicator='orgs.grassroots_units'] .value")
    expect(card).to_have_text("2")
    page.get_by_role("link", name="查看下级工会").click()
    page.get_by_role("link", name="建宁县总工会").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("建宁县总工会")


def test_a_county_officer_cannot_open_a_sibling_countys_page(
    page: Page, live_server, tree, jianning_officer
) -> None:
    login(page, live_server.url, "jianning")
    response = page.goto(f"{live_server.url}/orgs/{tree.taining.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    response = page.goto(f"{live_server.url}/orgs/{tree.jianning.pk}/")
    assert response is not None and response.status == 200


def test_a_wrong_password_says_so_in_chinese(page: Page, live_server, worker) -> None:
    login(page, live_server.url, "worker", "Wrong@Pass1")
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")


def test_a_user_changes_their_password_from_the_user_menu(
    page: Page, live_server, jianning_officer
) -> None:
    login(page, live_server.url, "jianning")
    page.get_by_test_id("password-change-link").click()
    page.get_by_label("原密码").fill("Test@Pass2018")
    page.get_by_label("新密码", exact=True).fill("Passw0rd!")
    page.get_by_label("再次输入新密码").fill("Passw0rd!")
    page.get_by_test_id("password-submit").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("容易被猜到")
    page.get_by_label("原密码").fill("Test@Pass2018")
    page.get_by_label("新密码", exact=True).fill("Hj8%dw2Lq-Tide")
    page.get_by_label("再次输入新密码").fill("Hj8%dw2Lq-Tide")
    page.get_by_test_id("password-submit").click()
    expect(page.get_by_role("alert")).to_contain_text("密码已修改")


def test_the_as_of_date_submits_itself_without_inline_script(
    page: Page, live_server, city_officer
) -> None:
    login(page, live_server.url, "city")
    page.locator("#as-of").fill("2017-12-31")
    page.locator("#as-of").dispatch_event("change")
    expect(page).to_have_url(f"{live_server.url}/?as_of=2017-12-31")


def test_the_api_docs_render_under_the_content_security_policy(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("工会工作平台 API")
