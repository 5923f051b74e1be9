"""Petition pages: the list with filters, registration, the detail with its workflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.forms import add_action_errors
from gonghui.core.personal import can_reveal_ids
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404
from gonghui.rights import actions, forms, repeats
from gonghui.rights.models import EventKind, Petition, State
from gonghui.rights.models.petitions import overdue_q

PAGE_SIZE = 50


def overdue_flag(as_of: date) -> Case:
    """An SQL boolean: the petition is late as of the date (the same rule as the indicator)."""
    return Case(
        When(Q(received_on__lte=as_of) & overdue_q(as_of), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def filtered_petitions(request: HttpRequest, form: forms.FilterForm) -> QuerySet[Petition]:
    """The user's petitions narrowed by the filter form, with the overdue flag as of the date."""
    as_of = request.as_of  # type: ignore[attr-defined]
    queryset = Petition.objects.for_user(request.user)  # type: ignore[attr-defined]
    if form.is_valid():
        data = form.cleaned_data
        for field in ("channel", "matter", "state"):
            if data[field]:
                queryset = queryset.filter(**{field: data[field]})
        if data["county"]:
            queryset = queryset.filter(county=data["county"])
        if data["start"]:
            queryset = queryset.filter(received_on__gte=data["start"])
        if data["end"]:
            queryset = queryset.filter(received_on__lte=data["end"])
        if data["overdue"]:
            queryset = queryset.overdue(as_of)
        if data["group"]:
            queryset = queryset.filter(is_group=True)
    return queryset


@login_required
@staff_required
def petition_list(request: HttpRequest) -> HttpResponse:
    """The petitions the user may see (信访件列表), filtered and paginated."""
    as_of = request.as_of  # type: ignore[attr-defined]
    form = forms.FilterForm(request.GET or None, user=request.user)
    queryset = (
        filtered_petitions(request, form)
        .select_related("org", "county", "employer_org")
        .annotate(late=overdue_flag(as_of))
        .order_by("-received_on", "-pk")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "rights/petition_list.html",
        {"form": form, "page": page, "query": params.urlencode(), "title": "信访件"},
    )


def _petitioner_rows(request: HttpRequest) -> list[actions.PetitionerData]:
    formset = forms.PetitionerFormSet(request.POST, prefix="p")
    rows = []
    if formset.is_valid():
        for data in formset.cleaned_data:
            if data and data.get("name", "").strip():
                rows.append(
                    actions.PetitionerData(
                        name=data["name"],
                        phone=data.get("phone", ""),
                        id_number=data.get("id_number", ""),
                    )
                )
    return rows


@login_required
@staff_required
def petition_register(request: HttpRequest) -> HttpResponse:
    """Register a petition (登记信访件); POST-redirect-GET to its page."""
    user = request.user
    if request.method == "POST":
        form = forms.PetitionForm(request.POST, user=user)
        formset = forms.PetitionerFormSet(request.POST, prefix="p")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                petition = actions.register_petition(
                    actor=user,
                    org=data["org"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    persons=data["persons"],
                    matter=data["matter"],
                    content=data["content"],
                    petitioners=_petitioner_rows(request),
                    employer_name=data["employer_name"],
                    employer_credit_code=data["employer_credit_code"],
                    reception_day=data["reception_day"],
                    request=request,
                )
            except ValidationError as exc:
                add_action_errors(form, exc)
            else:
                message = f"已登记信访件 {petition.number}"
                if petition.repeat_of_id:
                    message += f"（{repeats.repeat_note(petition, user)}）"
                messages.success(request, message)
                return redirect("rights:petition_detail", pk=petition.pk)
    else:
        form = forms.PetitionForm(user=user, initial={"received_on": request.as_of})  # type: ignore[attr-defined]
        formset = forms.PetitionerFormSet(prefix="p")
    return render(
        request,
        "rights/petition_form.html",
        {"form": form, "formset": formset, "title": "登记信访件"},
    )


STEP_FORMS: dict[str, tuple[type[forms.StepForm], tuple[str, ...], str]] = {
    # step: (form, states in which it is offered, button label)
    "accept": (forms.AcceptForm, (State.REGISTERED,), "受理"),
    "decline": (forms.DeclineForm, (State.REGISTERED,), "不予受理"),
    "assign": (forms.AssignForm, (State.ACCEPTED, State.ASSIGNED), "交办"),
    "handle": (forms.NoteForm, (State.ASSIGNED,), "登记办理情况"),
    "extend": (forms.ExtendForm, (State.ACCEPTED, State.ASSIGNED, State.HANDLED), "延期"),
    "answer": (forms.AnswerForm, (State.ASSIGNED, State.HANDLED), "答复"),
    "close": (forms.StepForm, (State.ANSWERED,), "办结"),
    "follow_up": (forms.FollowUpForm, (State.CLOSED,), "回访"),
    "escalate": (
        forms.NoteForm,
        (State.REGISTERED, State.ACCEPTED, State.ASSIGNED, State.HANDLED),
        "上报上级工会",
    ),
}


NEXT_STEP = {
    State.REGISTERED: "accept",
    State.ACCEPTED: "assign",
    State.ASSIGNED: "handle",
    State.HANDLED: "answer",
    State.ANSWERED: "close",
    State.CLOSED: "follow_up",
}


def _label(step: str, petition: Petition) -> str:
    if step == "assign" and petition.state == State.ASSIGNED:
        return "改派"
    return STEP_FORMS[step][2]


def _make_form(
    step: str, petition: Petition, user: Any, data: Any = None, as_of: date | None = None
) -> forms.StepForm:
    form_class = STEP_FORMS[step][0]
    kwargs: dict[str, Any] = {"prefix": step}
    if form_class is forms.AssignForm:
        kwargs["user"] = user
    # The page's as-of date when it lies in the past (entering old records), else today.
    today = timezone.localdate()
    initial = {"on": min(as_of or today, today), "version": petition.version}
    if step == "assign":
        initial.update(unit=petition.assigned_unit_id or petition.org_id, handler=petition.handler)
    return form_class(data, initial=initial, **kwargs)


@login_required
@staff_required
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A petition with its petitioners (masked), deadlines, history and the next steps."""
    petition = get_for_user_or_404(
        Petition.objects.select_related(
            "org", "county", "employer_org", "assigned_unit", "repeat_of", "reception_day"
        ),
        request.user,
        pk=pk,
    )
    # Petition contents are sensitive personal information (PIPL): every view is audited.
    audit.record("access.petition.viewed", request=request, obj=petition)
    as_of = request.as_of  # type: ignore[attr-defined]
    steps = [
        (step, _label(step, petition), _make_form(step, petition, request.user, as_of=as_of))
        for step, (_form, states, _text) in STEP_FORMS.items()
        if petition.state in states
        and not (step == "extend" and petition.extended)
        and not (step == "escalate" and petition.org.parent_id is None)
    ]
    # The usual next step first (its form is shown open).
    steps.sort(key=lambda item: item[0] != NEXT_STEP.get(petition.state))
    events = list(petition.events.select_related("from_org", "to_org").order_by("at", "pk"))
    # A repeat across the county wall is named only to those who may see the other petition.
    first = repeats.visible_first(petition, request.user)
    note = repeats.repeat_note(petition, request.user)
    for event in events:
        if event.kind == EventKind.LINKED:
            event.note = note
    shown_repeats, repeats_elsewhere = repeats.visible_repeats(petition, request.user)
    return render(
        request,
        "rights/petition_detail.html",
        {
            "petition": petition,
            "petitioners": petition.petitioners.all(),
            "attachments": petition.attachments.all(),
            "attachment_form": forms.AttachmentForm(),
            "can_reveal": can_reveal_ids(request.user),
            "events": events,
            "first": first,
            "repeat_note": note,
            "repeats": shown_repeats,
            "repeats_elsewhere": repeats_elsewhere,
            "deadline_steps": petition.steps(as_of),
            "late": petition.overdue_on(as_of),
            "workflow": steps,
            "title": f"信访件 {petition.number}",
        },
    )


def _form_errors(form: forms.StepForm) -> str:
    """The form's errors as one Chinese sentence, naming each field."""
    if "version" in form.errors:
        return actions.CONFLICT_MESSAGE
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}：{'，'.join(errors)}" if label else "，".join(errors))
    return "；".join(parts)


ACTIONS: dict[str, Callable[..., Petition]] = {
    "accept": actions.accept,
    "decline": actions.decline,
    "assign": actions.assign,
    "handle": actions.mark_handled,
    "extend": actions.extend,
    "answer": actions.answer,
    "close": actions.close,
    "follow_up": actions.follow_up,
    "escalate": actions.escalate,
}


@login_required
@staff_required
@require_POST
def petition_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Apply one workflow step from the detail page, then redirect back to it."""
    if step not in ACTIONS:
        raise Http404
    petition = get_for_user_or_404(Petition.objects.select_related("org"), request.user, pk=pk)
    form = _make_form(step, petition, request.user, request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("rights:petition_detail", pk=petition.pk)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    try:
        ACTIONS[step](petition, version=version, actor=request.user, request=request, **data)
    except actions.ConflictError:
        messages.error(request, actions.CONFLICT_MESSAGE)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{STEP_FORMS[step][2]}")
        if not Petition.objects.for_user(request.user).filter(pk=petition.pk).exists():  # type: ignore[attr-defined]
            # Escalated out of the user's subtree: its page is now the union above's.
            return redirect("rights:petition_list")
    return redirect("rights:petition_detail", pk=petition.pk)


@login_required
@staff_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a file to the petition (pdf, Word, Excel, jpg, png; at most 10 MB)."""
    petition = get_for_user_or_404(Petition, request.user, pk=pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的附件")
    else:
        try:
            attachment = actions.attach_file(
                petition, actor=request.user, upload=form.cleaned_data["file"], request=request
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已上传附件“{attachment.original_name}”")
    return redirect("rights:petition_detail", pk=petition.pk)


@login_required
@staff_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Download an attachment, reached only through a petition the user may see."""
    petition = get_for_user_or_404(Petition, request.user, pk=pk)
    attachment = petition.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    audit.record(
        "access.petition.attachment_downloaded",
        request=request,
        obj=petition,
        detail={"attachment": attachment.pk},
    )
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@staff_required
def petitioner_reveal(request: HttpRequest, pk: int, petitioner_pk: int) -> HttpResponse:
    """Show a petitioner's full ID number to a permitted user who gives a reason (audited)."""
    petition = get_for_user_or_404(Petition, request.user, pk=pk)
    petitioner = petition.petitioners.filter(pk=petitioner_pk).first()
    if petitioner is None or not petitioner.id_number_cipher:
        raise Http404
    if not can_reveal_ids(request.user):
        raise PermissionDenied("您没有查看完整身份证号的权限")
    form = forms.RevealForm(request.POST or None)
    full = ""
    if request.method == "POST" and form.is_valid():
        try:
            full = petitioner.reveal_id_number(
                request.user, form.cleaned_data["reason"], request=request
            )
        except ValidationError as exc:
            form.add_error("reason", exc.messages)
    return render(
        request,
        "rights/petitioner_reveal.html",
        {
            "petition": petition,
            "petitioner": petitioner,
            "form": form,
            "full": full,
            "title": f"查看完整身份证号：{petitioner.name}",
        },
    )
