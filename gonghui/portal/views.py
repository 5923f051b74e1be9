"""The worker portal (互联网+普惠服务): browse services, ask for help, follow a request.

No login. Abuse resistance: CSRF on every form, rate limits per address and per code, a code
too long to guess, and one answer for an unknown code and a wrong check alike.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core import ratelimit
from gonghui.core.forms import add_action_errors
from gonghui.orgs.models import Level, Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404
from gonghui.portal import actions, handoff, services
from gonghui.portal.forms import AnswerForm, BookingForm, HelpForm, TrackForm
from gonghui.portal.models import PortalRequest, RequestKind, RequestStatus, normalize_code

FILE_LIMIT = (5, 3600)  # requests filed per address per hour
TRACK_LIMIT = (20, 600)  # look-ups per address per 10 minutes
CODE_FAILURES = (5, 3600)  # wrong checks per code per hour
NOT_FOUND = "查询码或验证信息不正确。请核对后再试；多次输错将暂时无法查询。"


def home(request: HttpRequest) -> HttpResponse:
    """Find services by county."""
    counties = Org.objects.filter(level=Level.COUNTY, successor__isnull=True).order_by("admin_code")
    county_id = request.GET.get("county")
    county_id = int(county_id) if county_id and county_id.isdigit() else None
    on = request.as_of  # type: ignore[attr-defined]
    return render(
        request,
        "portal/home.html",
        {
            "counties": counties,
            "county_id": county_id,
            # A phone screen lists one county's points, not the whole city's.
            "points": services.service_points(county_id, on) if county_id else [],
            "shifts": services.lawyer_shifts(county_id, on),
            "phase": services.mutual_aid_phase(on),
            "title": "职工服务",
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """Ask for help: legal help, a complaint, or an aid application."""
    form = HelpForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.hit("portal-file", ratelimit.client_key(request), *FILE_LIMIT):
            messages.error(request, "提交过于频繁，请一小时后再试，或拨打职工服务热线12351。")
            return render(
                request, "portal/ask.html", {"form": form, "title": "我要求助"}, status=429
            )
        data = form.cleaned_data
        try:
            filed = actions.file_request(
                kind=data["kind"],
                org=data["org"],
                name=data["name"],
                phone=data["phone"],
                content=data["content"],
                consent=data["consent"],
                employer=data["employer"],
                id_number=data["id_number"],
                matter=data["matter"] or "other",
                request=request,
            )
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            # The code is shown once, from the session; it never appears in a URL or a log.
            request.session["portal_code"] = filed.code
            return redirect("portal_filed")
    return render(
        request,
        "portal/ask.html",
        {
            "form": form,
            "title": "我要求助",
            "needs_id": [k for k in RequestKind if RequestKind.needs_id_number(k)],
        },
    )


@never_cache
def filed(request: HttpRequest) -> HttpResponse:
    """The tracking code, shown once after filing."""
    code = request.session.pop("portal_code", None)
    if code is None:
        return redirect("portal_track")
    return render(request, "portal/filed.html", {"code": code, "title": "提交成功"})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Follow a request with its code and the last 4 characters of the ID number (or phone)."""
    form = TrackForm(request.POST or None)
    context: dict[str, object] = {"form": form, "title": "查询办理进度"}
    if request.method == "POST" and form.is_valid():
        code = normalize_code(form.cleaned_data["code"])
        within_address = ratelimit.hit("portal-track", ratelimit.client_key(request), *TRACK_LIMIT)
        code_blocked = ratelimit.blocked("portal-code", code, CODE_FAILURES[0])
        found = None
        if within_address and not code_blocked:
            found = actions.find_by_code(code, form.cleaned_data["last4"])
        if found is None:
            if within_address:
                ratelimit.hit("portal-code", code, *CODE_FAILURES)
            form.add_error(None, NOT_FOUND)
            return render(request, "portal/track.html", context, status=200)
        context.update(found=found, status=actions.public_status(found))
    return render(request, "portal/track.html", context)


@login_required
@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """The union's queue of online requests (scoped: a county sees its own)."""
    requests = PortalRequest.objects.for_user(request.user).select_related("org", "petition")
    status = request.GET.get("status")
    if status in RequestStatus.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/queue.html",
        {"page": page, "status": status, "statuses": RequestStatus.choices, "title": "网上诉求"},
    )


@login_required
@staff_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what the worker asked, what it became, and the answer form for aid requests."""
    item = get_for_user_or_404(
        PortalRequest.objects.select_related("org", "petition", "household__county"),
        request.user,
        pk=pk,
    )
    form = AnswerForm(
        request.POST or None,
        initial={"version": item.version, "status": item.status, "answer": item.answer},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_request(
                item,
                actor=request.user,
                answer=form.cleaned_data["answer"],
                status=form.cleaned_data["status"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, "已保存答复，职工可凭查询码查看。")
            return redirect("portal_request", pk=item.pk)
    return render(
        request,
        "portal/request_detail.html",
        {
            "item": item,
            "form": form,
            "status": actions.public_status(item),
            "may_hand_off": item.kind in handoff.AID_KINDS and not item.household_id,
            "title": "网上诉求",
        },
    )


@login_required
@staff_required
@require_POST
def hand_off(request: HttpRequest, pk: int) -> HttpResponse:
    """转入户调查: the aid application becomes a draft household; staff go on to complete it."""
    item = get_for_user_or_404(PortalRequest.objects.all(), request.user, pk=pk)
    version = request.POST.get("version", "")
    try:
        household = handoff.hand_off_to_survey(
            request.user,
            item.pk,
            version=int(version) if version.isdigit() else -1,
            request=request,
        )
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("portal_request", pk=item.pk)
    messages.success(
        request,
        f"已转入户调查：{household}（{household.county.name}）。请入户调查后填写调查摸底表，"
        "补全家庭成员和收入，再建档。",
    )
    return redirect("hardship:household_detail", pk=household.pk)


BOOK_LIMIT = (10, 3600)  # bookings per address per hour


@never_cache
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, shift_id: int) -> HttpResponse:
    """Book a place on a lawyer's shift; the last place goes to one request only."""
    from gonghui.rights.actions import book_consultation, free_places
    from gonghui.rights.models import LawyerShift

    shift = (
        LawyerShift.objects.select_related("lawyer", "centre", "centre__org")
        .filter(pk=shift_id)
        .first()
    )
    if shift is None:
        raise Http404
    form = BookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["consent"]:
            form.add_error("consent", "请先阅读并同意《个人信息处理告知》")
        elif not ratelimit.hit("portal-book", ratelimit.client_key(request), *BOOK_LIMIT):
            form.add_error(None, "预约过于频繁，请稍后再试，或拨打职工服务热线12351。")
        else:
            data = form.cleaned_data
            try:
                booking = book_consultation(
                    shift_id=shift.pk,
                    name=data["name"],
                    phone=data["phone"],
                    matter=data["matter"],
                    today=request.as_of,  # type: ignore[attr-defined]
                )
            except ValidationError as exc:
                for error in exc.messages:
                    form.add_error(None, error)
            else:
                return render(
                    request, "portal/booked.html", {"booking": booking, "title": "预约成功"}
                )
    return render(
        request,
        "portal/book.html",
        {"shift": shift, "free": free_places(shift), "form": form, "title": "预约律师"},
    )
