"""The briefing from the dashboard: asked for, written in the background, downloaded, opened."""

from __future__ import annotations

import io
import zipfile

from playwright.sync_api import Browser, expect

from e2e.conftest import as_user


def test_the_city_asks_for_the_briefing_and_downloads_it_with_the_speechs_figures(
    browser: Browser, demo: str
) -> None:
    city = as_user(browser, demo, "city")
    city.goto(f"{demo}/dashboard/?as_of=2018-06-30")
    city.get_by_test_id("briefing").click()
    progress = city.get_by_test_id("job-progress")
    expect(progress).to_have_attribute("data-status", "done", timeout=60_000)
    with city.expect_download() as info:
        city.get_by_test_id("job-download").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as docx:
        text = docx.read("word/document.xml").decode()
    for figure in ("637户", "地方档260户", "163件366人次", "1499家单位"):
        assert figure in text, figure

    city.goto(f"{demo}/jobs/")
    expect(city.get_by_test_id("job-list")).to_contain_text("情况通报")
