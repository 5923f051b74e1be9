"""Labour-law supervision pages: committees per county, 一函两书 with reply tracking,
and the leaders' reception days."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.documents import docx_response
from gonghui.orgs.models import Level
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, visible_orgs
from gonghui.rights import actions, documents
from gonghui.rights.forms import DATE, BootstrapMixin
from gonghui.rights.models import LeaderReceptionDay, SupervisionCommittee, SupervisionLetter


@login_required
@staff_required
def committee_list(request: HttpRequest) -> HttpResponse:
    """Supervision committees set up by the as-of date, counted per county, and listed."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    committees = SupervisionCommittee.objects.for_user(request.user).filter(set_up_on__lte=as_of)  # type: ignore[attr-defined]
    counties = list(visible_orgs(request.user).filter(level=Level.COUNTY).order_by("admin_code"))
    # One query for all counties: a conditional count per county path.
    per_county = committees.aggregate(
        **{f"c{c.pk}": Count("pk", filter=Q(union__path__startswith=c.path)) for c in counties}
    )
    unions = (
        visible_orgs(request.user)
        .filter(level=Level.GRASSROOTS)
        .aggregate(**{f"c{c.pk}": Count("pk", filter=Q(path__startswith=c.path)) for c in counties})
    )
    summary = [
        {
            "county": c,
            "committees": per_county.get(f"c{c.pk}") or 0,
            "unions": unions.get(f"c{c.pk}") or 0,
        }
        for c in counties
    ]
    for row in summary:
        row["share"] = round(100 * row["committees"] / row["unions"], 1) if row["unions"] else 0.0
    page = Paginator(committees.select_related("union").order_by("union__path"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "rights/committee_list.html",
        {
            "summary": summary,
            "page": page,
            "total": page.paginator.count,
            "title": "劳动法律监督委员会",
        },
    )


def letter_status(letter: SupervisionLetter, as_of: date) -> str:
    """Where a letter stands as of the date, in Chinese."""
    if letter.referred_on and letter.referred_on <= as_of:
        return "已提请检察机关"
    if letter.replied_on and letter.replied_on <= as_of:
        return "已回复，已整改" if letter.corrected else "已回复，未整改"
    if as_of > letter.reply_due_on:
        return "逾期未回复"
    return "等待回复"


class ReplyForm(BootstrapMixin, django_forms.Form):
    replied_on = django_forms.DateField(label="回复日期", widget=DATE)
    text = django_forms.CharField(label="回复内容", widget=django_forms.Textarea(attrs={"rows": 2}))
    corrected = django_forms.BooleanField(label="已整改", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ReferForm(BootstrapMixin, django_forms.Form):
    on = django_forms.DateField(label="提请日期", widget=DATE)
    note = django_forms.CharField(label="提请说明", widget=django_forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


@login_required
@staff_required
def letter_list(request: HttpRequest) -> HttpResponse:
    """The 一函两书 of the user's scope with where each stands (reply tracking)."""
    as_of: date = request.as_of  # type: ignore[attr-defined]
    letters = (
        SupervisionLetter.objects.for_user(request.user)  # type: ignore[attr-defined]
        .select_related("org", "follows")
        .order_by("-issued_on", "-pk")
    )
    page = Paginator(letters, 50).get_page(request.GET.get("page"))
    rows = [(letter, letter_status(letter, as_of)) for letter in page]
    return render(
        request,
        "rights/letter_list.html",
        {
            "page": page,
            "rows": rows,
            "reply_form": ReplyForm(initial={"replied_on": timezone.localdate()}),
            "refer_form": ReferForm(initial={"on": timezone.localdate()}),
            "title": "一函两书",
        },
    )


@login_required
@staff_required
@require_POST
def letter_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the employer's reply to a letter."""
    letter = get_for_user_or_404(SupervisionLetter, request.user, pk=pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写回复日期和回复内容")
        return redirect("rights:letter_list")
    try:
        actions.record_reply(letter, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已登记{letter.employer_name}的回复")
    return redirect("rights:letter_list")


@login_required
@staff_required
@require_POST
def letter_refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the employer of a recommendation to the procuratorate (county level or up)."""
    letter = get_for_user_or_404(
        SupervisionLetter.objects.select_related("org"), request.user, pk=pk
    )
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写提请日期和说明")
        return redirect("rights:letter_list")
    try:
        actions.refer_to_procuratorate(letter, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已提请检察机关：{letter.employer_name}")
    return redirect("rights:letter_list")


@login_required
@staff_required
def reception_list(request: HttpRequest) -> HttpResponse:
    """Leaders' reception days (领导干部定期接访) and the petitions received at each."""
    days = (
        LeaderReceptionDay.objects.for_user(request.user)  # type: ignore[attr-defined]
        .select_related("org")
        .annotate(
            petition_count=Count("petitions", distinct=True),
        )
        .order_by("-held_on")
    )
    page = Paginator(days, 50).get_page(request.GET.get("page"))
    return render(request, "rights/reception_list.html", {"page": page, "title": "领导接访日"})


@login_required
@staff_required
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter as a Word file in the official layout (一函两书 文书下载)."""
    letter = get_for_user_or_404(
        SupervisionLetter.objects.select_related("org", "follows"), request.user, pk=pk
    )
    content = documents.letter_docx(letter)
    audit.record("rights.letter.downloaded", request=request, obj=letter)
    filename = f"{documents.letter_title(letter)}-{letter.employer_name}-{letter.issued_on}.docx"
    return docx_response(content, filename)  # type: ignore[return-value]
