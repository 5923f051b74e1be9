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


def test_a_workers_aid_application_is_handed_to_a_survey_and_the_tracker_follows(
    browser: Browser, live_server, tree, jianning_officer
) -> None:
    from e2e.conftest import login

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(f"{live_server.url}/portal/")
    phone.get_by_role("link", name="困难帮扶 / 金秋助学申请").click()
    expect(phone.get_by_label("我要")).to_have_value("hardship_aid")
    phone.get_by_label("所在县（市、区）").select_option(label="建宁")
    phone.get_by_label("姓名").fill("李春梅")
    phone.get_by_label("联系电话").fill("13905981234")
    phone.get_by_label("身份证号").fill("11010519491231002X")
    phone.get_by_label("诉求内容").fill("丈夫重病住院，家里只有我一人收入，申请困难帮扶。")
    phone.get_by_label("我已阅读并同意《个人信息处理告知》").check()
    phone.get_by_role("button", name="提交").click()
    code = phone.get_by_test_id("tracking-code").inner_text().strip()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The county's officer hands it to a survey and lands on the draft household.
    staff = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    login(staff, live_server.url, jianning_officer.username)
    staff.goto(f"{live_server.url}/portal/queue/")
    staff.get_by_role("row", name=re.compile("李春梅")).get_by_role("link").click()
    staff.get_by_test_id("hand-off").click()
    expect(staff.get_by_test_id("household-status")).to_have_text("已调查未建档")
    expect(staff.get_by_test_id("portal-source")).to_contain_text("丈夫重病住院")
    expect(staff.get_by_test_id("draft-notice")).to_be_visible()
    assert "11010519491231002X" not in staff.url

    phone.goto(f"{live_server.url}/portal/track/")
    phone.get_by_label("查询码").fill(code)
    phone.get_by_label("身份证号（或电话）后4位").fill("002X")
    phone.get_by_role("button", name="查询").click()
    expect(phone.get_by_test_id("track-result")).to_contain_text("已转入户调查（县总工会将联系您）")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.context.close()
    staff.context.close()
