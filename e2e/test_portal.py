"""A worker on a phone files a legal-help request, gets a code, and later sees the answer."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

PHONE = {"width": 360, "height": 740}


def test_a_worker_on_a_phone_files_a_request_and_reads_the_answer(
    browser: Browser, live_server, tree, jianning_officer, taining_officer
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="法律咨询与援助").click()
    expect(page.get_by_test_id("privacy-notice")).to_be_visible()
    page.get_by_label("所在县（市、区）").select_option(label="建宁")
    page.get_by_label("姓名").fill("李春梅")
    page.get_by_label("联系电话").fill("13905981234")
    page.get_by_label("诉求内容").fill("公司拖欠三个月工资，想咨询如何维权。")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("请先阅读并同意")).to_be_visible()  # consent is explicit
    page.get_by_label("诉求内容").fill("公司拖欠三个月工资，想咨询如何维权。")
    page.get_by_label("我已阅读并同意《个人信息处理告知》").check()
    page.get_by_role("button", name="提交").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    # Nothing overflows a 360-px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The county answers the petition the request became.
    from gonghui.portal.models import PortalRequest

    petition = PortalRequest.objects.get().petition
    petition.state, petition.answer_text = (
        "answered",
        "请于周三到县总工会职工服务中心律师窗口面谈。",
    )
    petition.save()

    page.goto(f"{live_server.url}/portal/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("身份证号（或电话）后4位").fill("1234")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("answer")).to_contain_text("律师窗口面谈")
    context.close()
