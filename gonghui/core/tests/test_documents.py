"""The official-document writer: GB/T 9704-2012 page setup, fonts and page numbers, read back
from the .docx XML (and, where LibreOffice is installed, converted to PDF)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from gonghui.core.documents import OfficialDocument, format_date

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def sample() -> bytes:
    doc = OfficialDocument(
        "关于2018年第二季度重点工作推进情况的通报",
        issuer="三明市总工会",
        doc_number="明工〔2018〕12号",
        date=date(2018, 7, 10),
        recipients="各县（市、区）总工会：",
    )
    doc.heading("一、总体情况", level=1)
    doc.paragraph("截至2018年6月30日，全市25项改革任务已完成19项。")
    doc.heading("（一）各单位进展", level=2)
    doc.table(
        ["单位", "状态", "差距"], [["建宁", "进度滞后", "-25.0"], ["泰宁", "按序时推进", "2.0"]]
    )
    return doc.to_bytes()


@pytest.fixture(scope="module")
def parts() -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(sample())) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        }


def test_the_page_is_a4_with_the_standard_margins(parts: dict[str, etree._Element]) -> None:
    sect = parts["word/document.xml"].find(f".//{W}sectPr")
    size = sect.find(f"{W}pgSz")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (twips(210), twips(297))
    margins = sect.find(f"{W}pgMar")
    assert int(margins.get(f"{W}top")) == twips(37)
    assert int(margins.get(f"{W}bottom")) == twips(35)
    assert int(margins.get(f"{W}left")) == twips(28)
    assert int(margins.get(f"{W}right")) == twips(26)


def test_the_text_block_holds_22_lines_of_28_characters(parts: dict[str, etree._Element]) -> None:
    grid = parts["word/document.xml"].find(f".//{W}sectPr/{W}docGrid")
    assert grid.get(f"{W}type") == "linesAndChars"
    pitch_pt = int(grid.get(f"{W}linePitch")) / 20
    text_height_pt = (297 - 37 - 35) / 25.4 * 72
    assert round(text_height_pt / pitch_pt) == 22
    char_pitch_pt = 16 + int(grid.get(f"{W}charSpace")) / 4096
    text_width_pt = (210 - 28 - 26) / 25.4 * 72
    assert round(text_width_pt / char_pitch_pt) == 28
    # Body paragraphs use the same fixed pitch.
    normal = _style(parts, "Normal")
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact"
    assert int(spacing.get(f"{W}line")) == 579


def _style(parts: dict[str, etree._Element], style_id: str) -> etree._Element:
    for style in parts["word/styles.xml"].iter(f"{W}style"):
        if style.get(f"{W}styleId") == style_id:
            return style
    raise AssertionError(style_id)


def _runs_with(parts: dict[str, etree._Element], text: str) -> list[etree._Element]:
    return [
        r
        for r in parts["word/document.xml"].iter(f"{W}r")
        if text in "".join(t.text or "" for t in r.iter(f"{W}t"))
    ]


def test_the_body_is_fangsong_3hao_as_east_asian_font(parts: dict[str, etree._Element]) -> None:
    fonts = _style(parts, "Normal").find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}eastAsia") == "仿宋_GB2312"
    assert _style(parts, "Normal").find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"
    run = _runs_with(parts, "25项改革任务")[0]
    assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋_GB2312"
    assert run.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"


def test_the_title_is_xiaobiaosong_2hao_centred(parts: dict[str, etree._Element]) -> None:
    run = _runs_with(parts, "重点工作推进情况的通报")[0]
    assert run.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    assert run.find(f"{W}rPr/{W}sz").get(f"{W}val") == "44"
    paragraph = run.getparent()
    assert paragraph.find(f"{W}pPr/{W}jc").get(f"{W}val") == "center"


def test_headings_use_heiti_and_kaiti(parts: dict[str, etree._Element]) -> None:
    first = _runs_with(parts, "一、总体情况")[0]
    second = _runs_with(parts, "（一）各单位进展")[0]
    assert first.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "黑体"
    assert second.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "楷体_GB2312"


def test_pages_are_numbered_with_dashes_in_4hao(parts: dict[str, etree._Element]) -> None:
    footers = [root for name, root in parts.items() if "footer" in name]
    assert len(footers) == 2  # odd (right) and even (left) pages
    alignments = set()
    for footer in footers:
        text = "".join(t.text or "" for t in footer.iter(f"{W}t"))
        instr = "".join(t.text or "" for t in footer.iter(f"{W}instrText"))
        assert text.startswith("— ") and text.endswith(" —")
        assert "PAGE" in instr
        sizes = {sz.get(f"{W}val") for sz in footer.iter(f"{W}sz")}
        assert sizes == {"28"}
        alignments.add(footer.find(f".//{W}jc").get(f"{W}val"))
    assert alignments == {"left", "right"}
    assert parts["word/settings.xml"].find(f"{W}evenAndOddHeaders") is not None


def test_the_table_and_signature_are_there(parts: dict[str, etree._Element]) -> None:
    body = parts["word/document.xml"]
    table = body.find(f".//{W}tbl")
    assert table is not None
    cells = ["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in table.iter(f"{W}tc")]
    assert cells[:3] == ["单位", "状态", "差距"]
    assert "建宁" in cells
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert text.endswith("三明市总工会2018年7月10日")
    assert "明工〔2018〕12号" in text


def test_dates_are_written_in_full() -> None:
    assert format_date(date(2018, 7, 1)) == "2018年7月1日"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_converts_it_to_pdf(tmp_path: Path) -> None:
    source = tmp_path / "notice.docx"
    source.write_bytes(sample())
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert (tmp_path / "notice.pdf").read_bytes().startswith(b"%PDF")
