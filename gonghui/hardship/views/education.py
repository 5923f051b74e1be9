"""金秋助学 pages: the applications, applying for a household's child, approving and paying."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import add_action_errors
from gonghui.hardship import programme_actions
from gonghui.hardship.models import EducationAidApplication, EducationAidRound, Household
from gonghui.hardship.programme_forms import DecideForm, EducationApplyForm
from gonghui.hardship.views.archive import PAGE_SIZE
from gonghui.hardship.views.household import _default_day
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404

Status = EducationAidApplication.Status


def _rounds() -> list[EducationAidRound]:
    return list(EducationAidRound.objects.select_related("org").order_by("-year", "pk"))


@login_required
@staff_required
def education(request: HttpRequest) -> HttpResponse:
    """金秋助学: the applications in the user's scope, with approval and payment for the
    staff of the round's org."""
    rounds = _rounds()
    year = request.GET.get("year") or (str(rounds[0].year) if rounds else "")
    status = request.GET.get("status", "")
    applications = EducationAidApplication.objects.for_user(request.user)
    if year.isdigit():
        applications = applications.filter(year=int(year))
    totals = applications.aggregate(
        n=Count("pk"),
        applied=Count("pk", filter=Q(status=Status.APPLIED)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
        paid=Count("pk", filter=Q(status=Status.PAID)),
        amount=Sum("amount", filter=Q(status=Status.PAID)),
    )
    if status in Status.values:
        applications = applications.filter(status=status)
    page = Paginator(
        applications.select_related("org", "household").order_by("-applied_on", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    deciding = {r.pk for r in rounds if programme_actions.may_decide(request.user, r)}
    for application in page:
        application.actionable = application.round_id in deciding and application.status in (  # type: ignore[attr-defined]
            Status.APPLIED,
            Status.APPROVED,
        )
    return render(
        request,
        "hardship/education.html",
        {
            "title": "金秋助学",
            "rounds": rounds,
            "year": year,
            "status": status,
            "statuses": Status.choices,
            "page": page,
            "totals": totals,
            "query": f"year={year}&status={status}",
            "may_decide": bool(deciding),
            "decide_form": DecideForm(initial={"on": _default_day(request)}),
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("query", "")
    return redirect(f"{reverse('hardship:education')}?{query}" if query else "hardship:education")


@login_required
@staff_required
@require_POST
def education_act(request: HttpRequest) -> HttpResponse:
    """Approve, reject or pay one application (act=approve:<pk>) or the selected ones
    (act=approve:selected); the selected are done all together or not at all."""
    verb, _, target = request.POST.get("act", "").partition(":")
    form = DecideForm(request.POST)
    if verb not in ("approve", "reject", "pay") or not form.is_valid():
        messages.error(request, "请填写审批/发放日期并选择操作")
        return _back(request)
    ids = request.POST.getlist("selected") if target == "selected" else [target]
    ids = [int(i) for i in ids if i.isdigit()]
    found = list(
        EducationAidApplication.objects.for_user(request.user)
        .select_related("round__org")
        .filter(pk__in=ids)
        .order_by("applied_on", "pk")
    )
    if not ids:
        messages.error(request, "请先勾选要办理的申请")
        return _back(request)
    if len(found) != len(set(ids)):
        messages.error(request, "所选申请中有的不存在或不在您的范围内，本次未办理任何申请")
        return _back(request)
    on: date = form.cleaned_data["on"]
    try:
        if verb == "pay":
            programme_actions.pay_education_aids(request.user, found, on)
        else:
            programme_actions.decide_education_aids(request.user, found, verb == "approve", on)
    except ValidationError as exc:
        if len(found) > 1:
            messages.error(request, f"所选{len(found)}份申请均未办理：")
        for message in exc.messages:
            messages.error(request, message)
    else:
        done = {"approve": "审批通过", "reject": "审批不通过", "pay": "登记发放"}[verb]
        names = "、".join(a.child_name for a in found[:5]) + ("等" if len(found) > 5 else "")
        messages.success(request, f"已{done}{len(found)}份申请（{names}）。")
    return _back(request)


@login_required
@staff_required
def education_pick(request: HttpRequest) -> HttpResponse:
    """Find an archived household of the user's scope to apply for one of its children."""
    q = request.GET.get("q", "").strip()
    households = (
        Household.objects.for_user(request.user)
        .filter(archived_on__isnull=False, closed_on__isnull=True)
        .select_related("org")
    )
    if q:
        households = households.filter(Q(head_name__contains=q) | Q(file_number=q))
    return render(
        request,
        "hardship/education_pick.html",
        {"title": "金秋助学 · 选择家庭", "q": q, "households": households.order_by("pk")[:30]},
    )


@login_required
@staff_required
def education_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply for a child of the household in a round open to it (amount from the round's table)."""
    household = get_for_user_or_404(
        Household.objects.select_related("org", "county"), request.user, pk=pk
    )
    rounds = [r for r in _rounds() if r.org.contains(household.org)]
    form = EducationApplyForm(
        request.POST or None,
        rounds=rounds,
        members=household.members.all(),
        initial={"applied_on": _default_day(request), "round": rounds[0].pk if rounds else None},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = programme_actions.apply_education_aid(
                request.user,
                data["round"],
                data["child"],
                school=data["school"],
                level=data["level"],
                applied_on=data["applied_on"],
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request,
                f"已为{application.child_name}申报{data['round'].name}，"
                f"{application.get_level_display()}资助{application.amount}元。",
            )
            return redirect("hardship:household_detail", pk=household.pk)
    labels = dict(form.fields["level"].choices)  # type: ignore[attr-defined]
    tables = [(r, [(labels.get(k, k), v) for k, v in r.amounts.items()]) for r in rounds]
    return render(
        request,
        "hardship/education_apply.html",
        {"title": f"{household} · 申请金秋助学", "h": household, "form": form, "tables": tables},
    )
