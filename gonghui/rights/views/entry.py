"""Entry pages: lawyers, service centres, shifts and the rota copy, committees and letters.

Each page is a form that calls one action and redirects (POST-redirect-GET); every choice the
form offers (unions, lawyers, centres) is limited to the user's subtree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import add_action_errors
from gonghui.orgs.permissions import staff_required
from gonghui.rights import actions, forms


def _entry(
    request: HttpRequest,
    form_class: type,
    save: Callable[[dict[str, Any]], str],
    *,
    title: str,
    back: str,
    initial: dict[str, Any] | None = None,
    intro: str = "",
) -> HttpResponse:
    """Show the form; on a valid POST run `save` (an action) and redirect to `back`."""
    form = form_class(request.POST or None, user=request.user, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form.cleaned_data)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(back)
    return render(
        request,
        "rights/entry_form.html",
        {"form": form, "title": title, "back": back, "intro": intro},
    )


@login_required
@staff_required
def lawyer_new(request: HttpRequest) -> HttpResponse:
    """Add a volunteer lawyer (新增维权志愿律师)."""

    def save(data: dict[str, Any]) -> str:
        lawyer = actions.add_lawyer(actor=request.user, **data)
        return f"已添加律师{lawyer.name}"

    return _entry(
        request,
        forms.LawyerForm,
        save,
        title="新增维权志愿律师",
        back=reverse("rights:lawyer_list"),
    )


@login_required
@staff_required
def centre_new(request: HttpRequest) -> HttpResponse:
    """Add a workers' service centre (新增职工服务中心)."""

    def save(data: dict[str, Any]) -> str:
        centre = actions.add_centre(actor=request.user, **data)
        return f"已添加{centre.name}"

    return _entry(
        request, forms.CentreForm, save, title="新增职工服务中心", back=reverse("rights:shift_rota")
    )


@login_required
@staff_required
def shift_new(request: HttpRequest) -> HttpResponse:
    """Put a lawyer on a centre's window for a day (排班)."""

    def save(data: dict[str, Any]) -> str:
        shift = actions.schedule_shift(actor=request.user, **data)
        return f"已排班：{shift}"

    return _entry(
        request,
        forms.ShiftForm,
        save,
        title="排班",
        back=reverse("rights:shift_rota"),
        initial={"on": request.as_of},  # type: ignore[attr-defined]
    )


@login_required
@staff_required
def rota_copy(request: HttpRequest) -> HttpResponse:
    """Copy a centre's rota of a month to the next month, weekday for weekday (复制排班)."""

    def save(data: dict[str, Any]) -> str:
        copied, skipped = actions.copy_rota(
            actor=request.user, centre=data["centre"], month=data["month"]
        )
        month = data["month"]
        text = f"已将{data['centre'].name}{month.year}年{month.month}月的{copied}个值班复制到下月"
        return text + (f"，{skipped}个因日期不存在或时段冲突未复制" if skipped else "")

    return _entry(
        request,
        forms.RotaCopyForm,
        save,
        title="复制排班到下月",
        back=reverse("rights:shift_rota"),
        initial={"month": request.as_of.replace(day=1)},  # type: ignore[attr-defined]
        intro="按“第几个星期几”复制：本月第二个星期二的值班复制到下月第二个星期二。",
    )


@login_required
@staff_required
def committee_new(request: HttpRequest) -> HttpResponse:
    """Record a grassroots union's labour-law supervision committee."""

    def save(data: dict[str, Any]) -> str:
        committee = actions.set_up_committee(actor=request.user, **data)
        return f"已登记{committee}"

    return _entry(
        request,
        forms.CommitteeForm,
        save,
        title="登记劳动法律监督委员会",
        back=reverse("rights:committee_list"),
    )


@login_required
@staff_required
def letter_new(request: HttpRequest) -> HttpResponse:
    """Issue one of 一函两书; an opinion needs a reminder letter first, a recommendation an opinion."""

    def save(data: dict[str, Any]) -> str:
        letter = actions.issue_letter(actor=request.user, **data)
        return f"已发出{letter}"

    return _entry(
        request,
        forms.LetterForm,
        save,
        title="发出一函两书",
        back=reverse("rights:letter_list"),
        initial={"issued_on": request.as_of},  # type: ignore[attr-defined]
        intro="提示函 → 意见书 → 建议书：同一用人单位、同一监督事项，须先发出前一文书。",
    )
