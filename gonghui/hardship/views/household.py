"""A household's pages: detail and timeline, survey, archive, review, close, assistance, reveal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.personal import can_reveal_ids
from gonghui.hardship import actions, forms
from gonghui.hardship.models import (
    Household,
    MinimumLivingStandard,
    Person,
    RigidExpense,
)
from gonghui.hardship.views.archive import visible_counties
from gonghui.orgs.models import Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404


def _default_day(request: HttpRequest) -> date:
    """Forms open at the page's as-of date (today unless the user chose a past date)."""
    return min(request.as_of, actions.today())  # type: ignore[attr-defined]


def _household(request: HttpRequest, pk: int) -> Household:
    return get_for_user_or_404(
        Household.objects.select_related("county", "org"), request.user, pk=pk
    )


def timeline(household: Household) -> list[dict[str, Any]]:
    """Survey, archiving, reviews, assistance and closing, newest first."""
    events: list[dict[str, Any]] = [
        {"on": household.surveyed_on, "kind": "survey", "text": "调查摸底"}
    ]
    if household.archived_on:
        events.append(
            {
                "on": household.archived_on,
                "kind": "archive",
                "text": f"建档（{household.get_level_display()}）",
            }
        )
    for review in household.reviews.all():
        events.append(
            {
                "on": review.reviewed_on,
                "kind": "review",
                "text": f"年审：{review.get_decision_display()}，人均月收入{review.per_capita_income}元，"
                f"{review.get_category_display()}",
            }
        )
    for a in household.assistances.all():
        events.append(
            {
                "on": a.given_on,
                "kind": "assistance",
                "text": f"{a.get_kind_display()} {a.amount}元（{a.get_funding_source_display()}"
                f"{'，' + a.get_programme_display() if a.programme else ''}）",
            }
        )
    if household.closed_on:
        reason = f"：{household.get_removal_reason_display()}" if household.removal_reason else ""
        events.append(
            {
                "on": household.closed_on,
                "kind": household.close_kind,
                "text": f"{household.get_close_kind_display()}{reason} {household.close_note}",
            }
        )
    return sorted(events, key=lambda e: e["on"], reverse=True)


@login_required
@staff_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A household: members (masked IDs), computation, timeline, and the next actions."""
    household = _household(request, pk)
    # A household's members, incomes and health are sensitive (PIPL): every view is audited.
    audit.record(
        "hardship.household_viewed",
        request=request,
        obj=household,
        detail={"via": "page", "household": household.pk},
    )
    archive_form = forms.ArchiveForm(
        initial={
            "archived_on": _default_day(request),
            "level": household.level,
            "version": household.version,
        }
    )
    return render(
        request,
        "hardship/household_detail.html",
        {
            "title": str(household),
            "h": household,
            "members": household.members.all(),
            "expenses": household.expenses.all(),
            "events": timeline(household),
            "archive_form": archive_form,
            "may_reveal": can_reveal_ids(request.user),
            "overdue": household.review_overdue(request.as_of),  # type: ignore[attr-defined]
        },
    )


def _refuse(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@staff_required
def survey(request: HttpRequest) -> HttpResponse:
    """The survey form (调查摸底): household, members, the computation as it is typed."""
    counties = visible_counties(request)
    # A confirmed new candidate of a comparison opens the form with its county and name.
    prefill = {k: v for k, v in request.GET.items() if k in ("county", "union")}
    form = forms.SurveyForm(
        request.POST or None,
        counties=counties,
        initial={"surveyed_on": _default_day(request), "county": counties.first(), **prefill},
    )
    head = request.GET.get("head_name", "").strip()[:60]
    members = forms.MemberFormSet(
        request.POST or None, prefix="m", initial=[{"name": head}] if head else None
    )
    if request.method == "POST" and form.is_valid() and members.is_valid():
        data = form.cleaned_data
        org = _union(data["county"], data["union"])
        if org is None:
            form.add_error("union", f"在{data['county'].name}下找不到工会“{data['union']}”")
        else:
            try:
                household = actions.survey_household(
                    request.user,
                    actions.SurveyInput(
                        org=org,
                        surveyed_on=data["surveyed_on"],
                        members=[
                            actions.MemberInput(**{k: v for k, v in m.items() if k != "DELETE"})
                            for m in members.cleaned_data
                            if m and (m.get("name") or m.get("id_number"))
                        ],
                        address=data["address"],
                        employer=data["employer"],
                        phone=data["phone"],
                        migrant_worker=data["migrant_worker"],
                        level=data["level"],
                        causes=data["causes"],
                        other_yearly_income=data["other_yearly_income"],
                        expenses=[
                            (RigidExpense.Kind.MEDICAL, data["medical_expenses"], ""),
                            (RigidExpense.Kind.EDUCATION, data["education_expenses"], ""),
                            (RigidExpense.Kind.OTHER, data["other_expenses"], ""),
                        ],
                        accident_losses=data["accident_losses"],
                        category_override=data["category_override"],
                        override_reason=data["override_reason"],
                    ),
                    request=request,
                )
            except ValidationError as exc:
                _refuse(request, exc)
            else:
                messages.success(request, f"已登记{household}的调查信息，请核对后建档。")
                return redirect("hardship:household_detail", pk=household.pk)
    standards: dict[str, dict[str, str]] = {}
    for row in MinimumLivingStandard.objects.filter(org__in=counties).order_by("year"):
        standards.setdefault(str(row.org_id), {})[str(row.year)] = str(row.monthly_amount)
    return render(
        request,
        "hardship/survey_form.html",
        {
            "title": "困难职工家庭调查摸底",
            "form": form,
            "members": members,
            "standards": standards,
        },
    )


def _union(county: Org, ref: str) -> Org | None:
    """The union named (or coded) under the county, or the county itself when none is named."""
    ref = (ref or "").strip()
    if not ref:
        return county
    return (
        Org.objects.filter(path__startswith=county.path)
        .filter(Q(name=ref) | Q(credit_code=ref.upper()))
        .first()
    )


@login_required
@staff_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Archive (建档) a surveyed household; refused when a member is in another open archive."""
    household = _household(request, pk)
    form = forms.ArchiveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写建档日期和档案级别")
    else:
        try:
            actions.archive_household(
                request.user,
                household,
                form.cleaned_data["archived_on"],
                level=form.cleaned_data["level"],
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except ValidationError as exc:
            _refuse(request, exc)
        else:
            messages.success(request, f"{household}已建档。")
    return redirect("hardship:household_detail", pk=household.pk)


def _versioned_page(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.VersionedForm],
    template: str,
    title: str,
    act: Any,
    initial: dict[str, Any],
    form_kwargs: dict[str, Any] | None = None,
) -> HttpResponse:
    household = _household(request, pk)
    kwargs = form_kwargs or {}
    # Other pages open this form pre-filled through the query (a confirmed comparison flag
    # sends its reason and note); only the form's own fields are taken, never the version.
    prefill = {
        name: value
        for name, value in request.GET.items()
        if name in form_class.base_fields and name != "version"
    }
    form = form_class(
        request.POST or None,
        initial={**initial, **prefill, "version": household.version},
        **kwargs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = act(household, form.cleaned_data)
        except ValidationError as exc:
            _refuse(request, exc)
        else:
            messages.success(request, done)
            return redirect("hardship:household_detail", pk=household.pk)
    return render(
        request, template, {"title": f"{household} · {title}", "h": household, "form": form}
    )


@login_required
@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """The yearly review form (年审): new incomes, recomputed category, decision."""

    def act(household: Household, data: dict[str, Any]) -> str:
        incomes = {
            int(name.removeprefix("income_")): value
            for name, value in data.items()
            if name.startswith("income_")
        }
        actions.review_household(
            request.user,
            household,
            actions.ReviewInput(
                reviewed_on=data["reviewed_on"],
                member_incomes=incomes,
                decision=data["decision"],
                other_yearly_income=data["other_yearly_income"],
                rigid_expenses=data["rigid_expenses"],
                accident_losses=data["accident_losses"],
                category_override=data["category_override"],
                override_reason=data["override_reason"],
                removal_reason=data["removal_reason"],
                note=data["note"],
            ),
            expected_version=data["version"],
            request=request,
        )
        return f"已记录{household}的年审。"

    household = _household(request, pk)
    return _versioned_page(
        request,
        pk,
        forms.ReviewForm,
        "hardship/review_form.html",
        "年审",
        act,
        {
            "reviewed_on": _default_day(request),
            "other_yearly_income": household.other_yearly_income,
            "rigid_expenses": household.rigid_expenses,
            "accident_losses": household.accident_losses,
        },
        {"members": list(household.members.all())},
    )


@login_required
@staff_required
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the archive as lifted out of hardship (解困脱困)."""

    def act(household: Household, data: dict[str, Any]) -> str:
        actions.lift_household(
            request.user,
            household,
            data["closed_on"],
            data["note"],
            expected_version=data["version"],
            request=request,
        )
        return f"{household}已解困脱困出档，档案保留备查。"

    return _versioned_page(
        request,
        pk,
        forms.LiftForm,
        "hardship/close_form.html",
        "解困脱困",
        act,
        {"closed_on": _default_day(request)},
    )


@login_required
@staff_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove the household from the archive (退档) with a reason."""

    def act(household: Household, data: dict[str, Any]) -> str:
        actions.remove_household(
            request.user,
            household,
            data["closed_on"],
            data["reason"],
            data["note"],
            expected_version=data["version"],
            request=request,
        )
        return f"{household}已退档，档案保留备查。"

    return _versioned_page(
        request,
        pk,
        forms.RemoveForm,
        "hardship/close_form.html",
        "退档",
        act,
        {"closed_on": _default_day(request)},
    )


@login_required
@staff_required
def assistance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an assistance given to the household (帮扶)."""
    household = _household(request, pk)
    form = forms.AssistanceForm(request.POST or None, initial={"given_on": _default_day(request)})
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_assistance(request.user, household, request=request, **form.cleaned_data)
        except ValidationError as exc:
            _refuse(request, exc)
        else:
            messages.success(request, "已登记帮扶。")
            return redirect("hardship:household_detail", pk=household.pk)
    return render(
        request,
        "hardship/assistance_form.html",
        {"title": f"{household} · 登记帮扶", "h": household, "form": form},
    )


@login_required
@staff_required
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one member's full ID number to a permitted user who gives a reason (audited)."""
    person = get_for_user_or_404(Person.objects.select_related("household"), request.user, pk=pk)
    if not can_reveal_ids(request.user):
        audit.record("personal.id_reveal_refused", request=request, obj=person)
        raise PermissionDenied
    form = forms.RevealForm(request.POST or None)
    full = ""
    if request.method == "POST" and form.is_valid():
        try:
            full = person.reveal_id_number(request.user, form.cleaned_data["reason"], request)
        except ValidationError as exc:
            form.add_error("reason", exc.messages[0])
    response = render(
        request,
        "hardship/reveal.html",
        {"title": "查看完整身份证号", "person": person, "form": form, "full": full},
    )
    response["Cache-Control"] = "no-store"
    return response
