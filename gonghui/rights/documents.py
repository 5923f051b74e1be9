"""一函两书 as Word files in the official layout (the shared writer gonghui.core.documents)."""

from __future__ import annotations

from gonghui.core.documents import OfficialDocument, format_date
from gonghui.rights.models import LetterKind, SupervisionLetter

LEGAL_BASIS = (
    "根据《中华人民共和国工会法》《中华人民共和国劳动法》《中华人民共和国劳动合同法》"
    "和《工会劳动法律监督办法》的有关规定，"
)

# What each document says about the matter and what it asks of the employer.
OPENING = {
    LetterKind.REMINDER_LETTER: "本会在劳动法律监督中发现，你单位在{topic}方面存在不符合劳动法律法规规定的情形，现予提示。",
    LetterKind.OPINION: "本会于{previous}向你单位发出提示函后，你单位在{topic}方面的问题仍未整改，现提出如下监督意见。",
    LetterKind.RECOMMENDATION: "本会于{previous}向你单位发出劳动法律监督意见书后，你单位在{topic}方面的问题仍未整改，现提出如下建议。",
}
DEMAND = {
    LetterKind.REMINDER_LETTER: "请你单位对照有关规定认真自查，于{due}前予以纠正，并将整改情况书面回复本会。",
    LetterKind.OPINION: "请你单位于{due}前依法纠正上述问题，并将整改情况书面回复本会。",
    LetterKind.RECOMMENDATION: "请你单位于{due}前依法纠正上述问题，并将整改情况书面回复本会；"
    "逾期不整改的，本会将提请有关部门依法处理。",
}
TITLES = {
    LetterKind.REMINDER_LETTER: "劳动法律监督提示函",
    LetterKind.OPINION: "劳动法律监督意见书",
    LetterKind.RECOMMENDATION: "劳动法律监督建议书",
}


def letter_title(letter: SupervisionLetter) -> str:
    """The document's title, e.g. 劳动法律监督提示函."""
    return TITLES[LetterKind(letter.kind)]


def letter_docx(letter: SupervisionLetter) -> bytes:
    """The letter as a .docx: recipient, topic, legal basis, the demand with its date, signature."""
    kind = LetterKind(letter.kind)
    topic = letter.get_topic_display()
    previous = format_date(letter.follows.issued_on) if letter.follows_id and letter.follows else ""
    doc = OfficialDocument(
        letter_title(letter),
        issuer=letter.org.name,
        doc_number=letter.number or None,
        date=letter.issued_on,
        recipients=f"{letter.employer_name}：",
    )
    doc.paragraph(OPENING[kind].format(topic=topic, previous=previous))
    doc.heading("一、监督事项", level=1)
    doc.paragraph(f"{topic}。" + (letter.content.strip() or ""))
    doc.heading("二、依据", level=1)
    doc.paragraph(LEGAL_BASIS + f"用人单位应当依法履行{topic}方面的义务，保障职工的合法权益。")
    doc.heading("三、整改要求", level=1)
    doc.paragraph(DEMAND[kind].format(due=format_date(letter.reply_due_on)))
    if letter.employer_credit_code:
        doc.paragraph(f"（用人单位统一社会信用代码：{letter.employer_credit_code}）")
    return doc.to_bytes()
