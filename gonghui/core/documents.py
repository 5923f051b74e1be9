"""Word documents in the official layout of GB/T 9704-2012 (党政机关公文格式).

A4 paper; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the title in 小标宋 2号
(22 pt) centred; the body in 仿宋_GB2312 3号 (16 pt), 22 lines of 28 characters (a fixed line
pitch of 28.95 pt and a character grid); headings 一、 in 黑体 and （一） in 楷体_GB2312; page
numbers in 4号 半角 宋体 as "— 1 —" below the text, odd pages on the right and even pages on
the left, one character in from the edge. Chinese fonts are set as east-asian fonts
(w:eastAsia), so Word and LibreOffice pick them for the Chinese text.

    doc = OfficialDocument("关于……的通报", issuer="三明市总工会", date=date(2018, 7, 10),
                           doc_number="明工〔2018〕12号", recipients="各县（市、区）总工会：")
    doc.heading("一、总体情况", level=1)
    doc.paragraph("……")
    doc.table(["单位", "状态"], [["建宁", "滞后"]])
    data = doc.to_bytes()
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date as date_type

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docx.text.run import Run

# Fonts (GB/T 9704-2012 §5.2 and common practice for the heading levels).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING1_FONT = "黑体"
HEADING2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
LATIN_FONT = "Times New Roman"

# Sizes: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt.
TITLE_SIZE = Pt(22)
BODY_SIZE = Pt(16)
PAGE_NUMBER_SIZE = Pt(14)
TABLE_SIZE = Pt(14)

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM = Mm(37), Mm(35)
MARGIN_LEFT, MARGIN_RIGHT = Mm(28), Mm(26)

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
# 225 mm of text height ÷ 22 lines ≈ 28.95 pt; as twips for the document grid.
LINE_PITCH = Pt(28.95)
LINE_PITCH_TWIPS = 579
# 156 mm of text width ÷ 28 characters = 15.79 pt a character: 16 pt less 0.207 pt, which Word
# stores as the extra pitch in 1/4096 pt.
CHAR_SPACE = -848
RED = RGBColor(0xE6, 0x00, 0x12)


def set_run_font(
    run: Run, east_asian: str, size: Pt | None = None, latin: str = LATIN_FONT
) -> None:
    """Set a run's fonts: Latin text in `latin`, Chinese text in `east_asian` (w:eastAsia)."""
    run.font.name = latin
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:cs"), latin)
    if size is not None:
        run.font.size = size


def _fixed_spacing(paragraph: Paragraph, pitch: Pt = LINE_PITCH) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = pitch
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def format_date(day: date_type) -> str:
    """成文日期 in Arabic numerals, year, month and day in full (2018年7月10日)."""
    return f"{day.year}年{day.month}月{day.day}日"


class OfficialDocument:
    """A 公文 being written: the title, optional 版头, body paragraphs, tables and signature."""

    def __init__(
        self,
        title: str,
        issuer: str,
        doc_number: str | None = None,
        date: date_type | None = None,
        *,
        recipients: str = "",
        header_mark: bool | None = None,
    ) -> None:
        self.title = title
        self.issuer = issuer
        self.doc_number = doc_number
        self.date = date
        self._signed = False
        self.document = Document()
        self._setup_page()
        self._setup_styles()
        self._setup_page_numbers()
        # The issuer's red mark (版头) goes with a document number, as on a numbered 文件.
        if header_mark if header_mark is not None else bool(doc_number):
            self._header_mark()
        self._title()
        if recipients:
            p = self._plain(recipients, indent=False)
            p.paragraph_format.first_line_indent = None

    # --- setup -------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        # The footer (page number) sits below the text block: 7 mm under it per the standard.
        section.footer_distance = Mm(28)
        section.header_distance = Mm(15)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _setup_styles(self) -> None:
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = BODY_SIZE
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), BODY_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:eastAsia"), "zh-CN")
        fmt = normal.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = LINE_PITCH
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.widow_control = False
        # The document defaults too, so that every part (footers, tables) starts from them.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr_default = defaults.find(qn("w:rPrDefault"))
            if rpr_default is not None:
                inner = rpr_default.find(qn("w:rPr"))
                if inner is not None:
                    dfonts = inner.find(qn("w:rFonts"))
                    if dfonts is None:
                        dfonts = OxmlElement("w:rFonts")
                        inner.insert(0, dfonts)
                    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
                        dfonts.set(qn(attr), LATIN_FONT)
                    dfonts.set(qn("w:eastAsia"), BODY_FONT)
                    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                        if dfonts.get(qn(attr)) is not None:
                            del dfonts.attrib[qn(attr)]
                    for tag in ("w:sz", "w:szCs"):
                        size = inner.find(qn(tag))
                        if size is not None:
                            size.set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
                    dlang = inner.find(qn("w:lang"))
                    if dlang is not None:
                        dlang.set(qn("w:eastAsia"), "zh-CN")

    def _setup_page_numbers(self) -> None:
        # Odd pages on the right, even pages on the left, one character in from the edge.
        settings = self.document.settings.element
        if settings.find(qn("w:evenAndOddHeaders")) is None:
            settings.append(OxmlElement("w:evenAndOddHeaders"))
        section = self.document.sections[0]
        self._page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        section.even_page_footer.is_linked_to_previous = False
        self._page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)

    def _page_number(self, paragraph: Paragraph, align: WD_ALIGN_PARAGRAPH) -> None:
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = PAGE_NUMBER_SIZE
        else:
            fmt.left_indent = PAGE_NUMBER_SIZE
        set_run_font(paragraph.add_run("— "), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, PAGE_NUMBER_FONT)
        run = paragraph.add_run()
        set_run_font(run, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, PAGE_NUMBER_FONT)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
            if kind is None:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = text
                run._element.append(instr)
                continue
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
            if kind == "separate":
                shown = OxmlElement("w:t")
                shown.text = "1"
                run._element.append(shown)
        set_run_font(paragraph.add_run(" —"), PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, PAGE_NUMBER_FONT)

    def _header_mark(self) -> None:
        mark = self.document.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fixed_spacing(mark, Pt(60))
        run = mark.add_run(f"{self.issuer}文件")
        set_run_font(run, TITLE_FONT, Pt(36))
        run.font.color.rgb = RED
        number = self.document.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fixed_spacing(number)
        number.paragraph_format.space_before = LINE_PITCH
        set_run_font(number.add_run(self.doc_number or ""), BODY_FONT, BODY_SIZE)
        # The red separator line (版头中的分隔线) under the number, as a paragraph border.
        ppr = number._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "single")
        bottom.set(qn("w:sz"), "12")
        bottom.set(qn("w:space"), "4")
        bottom.set(qn("w:color"), "E60012")
        borders.append(bottom)
        ppr.append(borders)
        self.document.add_paragraph()

    def _title(self) -> None:
        p = self.document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fixed_spacing(p, Pt(35))
        p.paragraph_format.space_after = LINE_PITCH
        set_run_font(p.add_run(self.title), TITLE_FONT, TITLE_SIZE)

    def _plain(self, text: str, *, indent: bool = True) -> Paragraph:
        p = self.document.add_paragraph()
        _fixed_spacing(p)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)  # two characters
        set_run_font(p.add_run(text), BODY_FONT, BODY_SIZE)
        return p

    # --- content -----------------------------------------------------------------------------

    def heading(self, text: str, level: int = 1) -> Paragraph:
        """A heading: level 1 (一、) in 黑体, level 2 (（一）) in 楷体, level 3+ in 仿宋 bold."""
        p = self.document.add_paragraph()
        _fixed_spacing(p)
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.keep_with_next = True
        font = {1: HEADING1_FONT, 2: HEADING2_FONT}.get(level, BODY_FONT)
        run = p.add_run(text)
        set_run_font(run, font, BODY_SIZE)
        if level >= 3:
            run.bold = True
        return p

    def paragraph(self, text: str) -> Paragraph:
        """A body paragraph in 仿宋_GB2312 3号, indented two characters."""
        return self._plain(text)

    def paragraphs(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.paragraph(text)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[object]],
        *,
        font_size: Pt = TABLE_SIZE,
        widths_mm: Sequence[float] | None = None,
    ) -> DocxTable:
        """A ruled table with a bold header row, centred, in 仿宋 (4号 by default)."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, header in zip(table.rows[0].cells, headers, strict=True):
            self._cell(cell, str(header), font_size, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=False):
                self._cell(cell, "" if value is None else str(value), font_size)
        if widths_mm:
            for row in table.rows:
                for cell, width in zip(row.cells, widths_mm, strict=False):
                    cell.width = Mm(width)
        # Repeat the header row on each page.
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:tblHeader"))
        self.document.add_paragraph()  # a blank line after the table
        return table

    def _cell(self, cell: object, text: str, size: Pt, *, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.space_before = Pt(2)
        fmt.space_after = Pt(2)
        fmt.first_line_indent = None
        run = paragraph.add_run(text)
        set_run_font(run, HEADING1_FONT if bold else BODY_FONT, size)

    def signature(self) -> None:
        """The issuer and the date, right-aligned with four characters to spare (落款)."""
        if self._signed:
            return
        self._signed = True
        self.document.add_paragraph()
        for text in (self.issuer, format_date(self.date) if self.date else ""):
            if not text:
                continue
            p = self.document.add_paragraph()
            _fixed_spacing(p)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.right_indent = Pt(64)
            set_run_font(p.add_run(text), BODY_FONT, BODY_SIZE)

    def to_bytes(self) -> bytes:
        """The .docx file (signed with the issuer and date, once)."""
        self.signature()
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str) -> object:
    """A download of a .docx with a Chinese file name."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX_MIME)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
