"""The superuser pages for the tree's moves and merges (组织调整): forms in front of
`gonghui.orgs.tree`, which validates, writes and audits."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.forms import add_action_errors
from gonghui.orgs import tree
from gonghui.orgs.models import Org

View = Callable[..., HttpResponse]


def superuser_required(view: View) -> View:
    """Only superusers change the tree; others are refused (403, audited)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_superuser:
            audit.record("access.refused", request=request, detail={"path": request.path[:200]})
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class OrgField(forms.CharField):
    """An org named by its administrative code or its id (the commands take the same)."""

    def clean(self, value: Any) -> Org:
        text = super().clean(value)
        try:
            return tree.find_org(text)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


HELP = "行政区划代码（6位）或工会编号"


class MoveForm(forms.Form):
    org = OrgField(label="要移动的工会", help_text=HELP)
    new_parent = OrgField(label="新的上级工会", help_text=HELP)
    on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))


class MergeForm(forms.Form):
    org = OrgField(label="被合并的工会", help_text=HELP)
    into = OrgField(label="并入的工会", help_text=HELP)
    on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))


@login_required
@superuser_required
def move(request: HttpRequest) -> HttpResponse:
    """Move a unit (with everything under it) under a new parent from a date."""
    form = MoveForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moved = tree.move_org(data["org"], data["new_parent"], data["on"], request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(
                request, f"{moved.name}自{data['on']}起隶属于{data['new_parent'].name}。"
            )
            return redirect("org_detail", pk=moved.pk)
    return render(
        request, "orgs/tree_form.html", {"title": "移动工会（变更隶属关系）", "form": form}
    )


@login_required
@superuser_required
def merge(request: HttpRequest) -> HttpResponse:
    """Merge a unit into another of the same level from a date."""
    form = MergeForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            merged = tree.merge_org(data["org"], data["into"], data["on"], request.user)
        except ValidationError as exc:
            add_action_errors(form, exc)
        else:
            messages.success(request, f"{merged.name}自{data['on']}起并入{data['into'].name}。")
            return redirect("org_detail", pk=data["into"].pk)
    return render(request, "orgs/tree_form.html", {"title": "合并工会", "form": form})
