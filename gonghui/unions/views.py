"""Organization pages: the re-election tracker (换届进度), the unions by term state, a union's
terms and bodies, and the joint meetings with the government."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.orgs.counties import merged_into, visible_counties
from gonghui.orgs.models import Headcount, Level, Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, scope_for_user
from gonghui.unions import actions, queries, rules
from gonghui.unions.forms import BodyForm, ElectionForm, JointMeetingForm, WomenCommitteeForm
from gonghui.unions.models import Activity, Body, Election, JointMeeting


@login_required
@staff_required
def tracker(request: HttpRequest) -> HttpResponse:
    """Due, overdue and done re-elections per county, and each county union's own term."""
    as_of = request.as_of  # type: ignore[attr-defined]
    counties = visible_counties(request.user, as_of)
    rows = queries.reelection_table(counties, as_of)
    bodies = queries.latest_bodies(counties, as_of)
    compliant = {c.pk: queries.front_line_compliant(bodies.get(c.pk, {})) for c in counties}
    return render(
        request,
        "unions/tracker.html",
        {
            "title": _("换届工作进度"),
            "rows": [(r, compliant[r.county.pk]) for r in rows],
            "totals": {
                "due": sum(r.due for r in rows),
                "overdue": sum(r.overdue for r in rows),
                "done": sum(r.done for r in rows),
                "compliant": sum(compliant.values()),
            },
            "deadline": queries.county_deadline(as_of),
        },
    )


STATES = {
    rules.State.DUE: _("本年应换届"),
    rules.State.OVERDUE: _("逾期未换届"),
    "done": _("本年已换届"),
}


@login_required
@staff_required
def reelections(request: HttpRequest) -> HttpResponse:
    """The unions in one state (due, overdue, done), optionally of one county."""
    as_of = request.as_of  # type: ignore[attr-defined]
    state = request.GET.get("state", rules.State.OVERDUE)
    if state not in STATES:
        state = rules.State.OVERDUE
    if state == "done":
        records = queries.done_in_year(as_of)
    else:
        records = queries.current_elections(as_of).filter(queries.state_q(state, as_of))
    records = scope_for_user(records, request.user)
    county = request.GET.get("county", "")
    if county.isdigit():
        chosen = Org(pk=int(county))
        records = records.filter(county_id__in=merged_into([chosen]))
    records = records.select_related("org", "county").order_by("due_on", "org__path")
    return render(
        request,
        "unions/reelections.html",
        {
            "title": STATES[state],
            "state": state,
            "states": STATES,
            "county": county,
            "counties": visible_counties(request.user, as_of),
            "page": Paginator(records, 50).get_page(request.GET.get("page")),
        },
    )


def _union_page(request: HttpRequest, org: Org, form: ElectionForm | None = None) -> HttpResponse:
    as_of = request.as_of  # type: ignore[attr-defined]
    elections = list(
        Election.objects.filter(org=org, elected_on__lte=as_of).select_related("approved_by")
    )
    current = elections[0] if elections else None
    bodies = queries.latest_bodies([org], as_of).get(org.pk, {})
    state = rules.reelection_state(current.due_on, as_of) if current else ""
    return render(
        request,
        "unions/union_detail.html",
        {
            "title": org.name,
            "org": org,
            "elections": elections,
            "current": current,
            "state": rules.State.LABELS.get(state, ""),
            "bodies": [(label, bodies.get(value)) for value, label in Body.choices],
            "headcount": Headcount.objects.filter(org=org, reported_on__lte=as_of)
            .order_by("-reported_on")
            .first(),
            "activities": Activity.objects.filter(org=org, held_on__lte=as_of)[:20],
            "meetings": JointMeeting.objects.filter(org=org).order_by("-year")[:5],
            "form": form or ElectionForm(),
            "body_form": BodyForm(initial={"reported_on": as_of}),
            "women_committee": _committee(org, "women_committee"),
            # Kept by the rights module (劳动法律监督委员会); read through the org's relation.
            "supervision_committee": _committee(org, "supervision_committee"),
            "women_form": WomenCommitteeForm(initial={"set_up_on": as_of}),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@staff_required
def union_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A union's terms, the make-up of its bodies, recent activities and joint meetings."""
    return _union_page(request, get_for_user_or_404(Org, request.user, pk=pk))


@login_required
@staff_required
@require_POST
def record_election(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an election of the union; the approval of an early or late one is entered by
    the union above (a union cannot approve its own)."""
    org = get_for_user_or_404(Org, request.user, pk=pk)
    form = ElectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        approver = None
        if data["approved"]:
            if request.user.org_id == org.pk and not request.user.is_superuser:  # type: ignore[union-attr]
                form.add_error("approved", _("提前或延期换届的批准须由上一级工会录入"))
            else:
                approver = org.parent
        if not form.errors:
            try:
                actions.record_election(
                    org,
                    data["elected_on"],
                    data["term_years"],
                    actor=request.user,
                    approved_by=approver,
                    approved_on=data["approved_on"] if approver else None,
                    note=data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("已记录换届选举。"))
                return redirect("unions:union_detail", pk=org.pk)
    return _union_page(request, org, form)


@login_required
@staff_required
@require_POST
def record_body(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the make-up of one of the union's bodies (the front-line share is then checked)."""
    org = get_for_user_or_404(Org, request.user, pk=pk)
    form = BodyForm(request.POST)
    if form.is_valid():
        try:
            actions.record_body(org, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已记录领导机构构成。"))
    else:
        problems = [
            f"{form.fields[f].label}：{'；'.join(e)}" if f in form.fields else "；".join(e)
            for f, e in form.errors.items()
        ]
        messages.error(request, _("未保存：") + "；".join(problems))
    return redirect("unions:union_detail", pk=org.pk)


@login_required
@staff_required
@require_POST
def record_women_committee(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the union's women workers' committee."""
    org = get_for_user_or_404(Org, request.user, pk=pk)
    form = WomenCommitteeForm(request.POST)
    if form.is_valid():
        try:
            actions.set_up_women_committee(org, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已登记女职工委员会。"))
    else:
        messages.error(request, _("未保存：请填写成立日期和主任。"))
    return redirect("unions:union_detail", pk=org.pk)


def _committee(org: Org, name: str) -> object:
    """The org's committee of that kind (a reverse one-to-one), or None."""
    try:
        return getattr(org, name)
    except ObjectDoesNotExist:
        return None


@login_required
@staff_required
def joint_meetings(request: HttpRequest) -> HttpResponse:
    """The county unions' joint meetings of a year, with their steps and what is missing."""
    as_of = request.as_of  # type: ignore[attr-defined]
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 1950 <= int(raw) <= 2100 else as_of.year
    counties = visible_counties(request.user, date(year, 12, 31) if year < as_of.year else as_of)
    meetings = {m.org_id: m for m in JointMeeting.objects.filter(org__in=counties, year=year)}
    return render(
        request,
        "unions/joint_meetings.html",
        {
            "title": _("政府联席会议"),
            "year": year,
            "years": range(as_of.year - 2, as_of.year + 1),
            "rows": [(c, meetings.get(c.pk)) for c in counties],
            "closed": as_of >= date(year, 12, 31),
        },
    )


@login_required
@staff_required
def joint_meeting_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Record a county's (or the city's) joint meeting steps for a year."""
    org = get_for_user_or_404(
        Org.objects.filter(level__in=[Level.CITY, Level.COUNTY]), request.user, pk=pk
    )
    if not 1950 <= year <= 2100:
        raise Http404
    meeting = JointMeeting.objects.filter(org=org, year=year).first()
    initial = {"version": meeting.version if meeting else 0}
    if meeting:
        initial |= {f: getattr(meeting, f) for f in JointMeetingForm.base_fields if f != "version"}
    form = JointMeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            actions.record_joint_meeting(
                org, year, actor=request.user, version=version if meeting else None, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存联席会议情况。"))
            return redirect(f"{reverse('unions:joint_meetings')}?year={year}")
    return render(
        request,
        "unions/joint_meeting_edit.html",
        {"title": _("政府联席会议"), "org": org, "year": year, "form": form},
        status=400 if form.errors else 200,
    )
