"""The petition workflow in a real browser against the demo: register → accept → assign →
answer → close → follow-up, as a county officer would click it."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from e2e.conftest import as_user


def _open_step(page: Page, step: str) -> None:
    """Open the step's card (only the usual next step is open at first)."""
    form = page.get_by_test_id(f"form-{step}")
    if not form.is_visible():
        page.locator("details", has=form).locator("summary").click()


def test_a_petition_goes_from_registration_to_the_follow_up_call(
    browser: Browser, demo: str
) -> None:
    county = as_user(browser, demo, "jianning")
    county.goto(f"{demo}/rights/petitions/new/")
    county.get_by_label("渠道").select_option("visit")
    county.get_by_label("人数").fill("2")
    county.get_by_label("用人单位", exact=True).fill("建宁县浏览器测试机械有限公司")
    county.get_by_label("反映事项").select_option("wages_owed")
    county.get_by_label("反映内容").fill("反映公司拖欠两个月工资。")
    county.locator("[name='p-0-name']").fill("张三")
    county.locator("[name='p-0-phone']").fill("13912345678")
    county.locator("[name='p-0-id_number']").fill("11010519491231002X")
    county.get_by_test_id("save-petition").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已登记")
    expect(county.get_by_test_id("petitioners")).to_contain_text("110105********002X")
    expect(county.get_by_test_id("petitioners")).not_to_contain_text("11010519491231002X")
    petition_url = county.url

    county.get_by_test_id("step-accept").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已受理")

    county.get_by_test_id("form-assign").get_by_label("承办人").fill("李四")
    county.get_by_test_id("step-assign").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已交办")
    expect(county.get_by_test_id("event-assigned")).to_contain_text("承办人：李四")

    _open_step(county, "answer")
    county.get_by_test_id("form-answer").get_by_label("答复意见").fill(
        "经协调，公司已承诺于7月10日前补发工资。"
    )
    county.get_by_test_id("step-answer").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已答复")
    expect(county.get_by_test_id("answer")).to_contain_text("补发工资")

    county.get_by_test_id("step-close").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已办结")

    county.get_by_test_id("form-follow_up").get_by_label("满意度").select_option("4")
    county.get_by_test_id("form-follow_up").get_by_label("回访情况").fill("工资已到账。")
    county.get_by_test_id("step-follow_up").click()
    expect(county.get_by_test_id("petition-state")).to_have_text("已回访")
    expect(county.get_by_test_id("satisfaction")).to_contain_text("满意度4分")
    for kind in ("registered", "accepted", "assigned", "answered", "closed", "followed_up"):
        expect(county.get_by_test_id(f"event-{kind}")).to_be_visible()

    # 泰宁 cannot open the 建宁 petition.
    sibling = as_user(browser, demo, "taining")
    response = sibling.goto(petition_url)
    assert response is not None and response.status == 404
