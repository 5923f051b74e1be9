"""Org tree pages: the user's org and its children, with counts; login with lockout."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from gonghui.core import indicators
from gonghui.orgs import actions
from gonghui.orgs.forms import LoginForm, OwnPasswordChangeForm
from gonghui.orgs.models import Level, Org
from gonghui.orgs.permissions import staff_required
from gonghui.orgs.scoping import get_for_user_or_404, visible_ancestors


class LoginView(auth_views.LoginView):
    """Django's login (a fresh session on success) with the lockout message."""

    form_class = LoginForm
    template_name = "orgs/login.html"
    redirect_authenticated_user = True


@sensitive_post_parameters()
@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password (修改密码): forced after a reset, or when it has expired."""
    user = request.user
    form = OwnPasswordChangeForm(user, request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    if request.method == "POST" and form.is_valid():
        actions.change_own_password(user, form.cleaned_data["new_password1"], request)
        messages.success(request, _("密码已修改。"))
        return redirect(next_url or "home")
    reason = ""
    if user.must_change_password:  # type: ignore[union-attr]
        reason = _("管理员已为您设置了初始密码或重置了密码，请先修改密码再继续使用。")
    elif user.password_expired():  # type: ignore[union-attr]
        reason = _("您的密码已超过有效期，请修改密码后继续使用。")
    return render(
        request,
        "orgs/password_change.html",
        {"form": form, "next": next_url, "reason": reason, "title": _("修改密码")},
    )


def _descendant_count(level: str) -> Subquery:
    return Subquery(
        Org.objects.filter(path__startswith=OuterRef("path"), level=level)
        .order_by()
        .values("level")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )


@login_required
@staff_required
def org_tree(request: HttpRequest) -> HttpResponse:
    """The user's own org page (组织架构)."""
    if request.user.org_id is None:  # a superuser without an org starts at the top
        top = Org.objects.filter(parent__isnull=True).order_by("pk").first()
        if top is None:
            return render(request, "orgs/empty.html")
        return redirect("org_detail", pk=top.pk)
    return redirect("org_detail", pk=request.user.org_id)


@login_required
@staff_required
def org_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An org with its figures and its children; 404 outside the user's subtree."""
    org = get_for_user_or_404(Org, request.user, pk=pk)
    as_of = request.as_of  # type: ignore[attr-defined]
    breadcrumb = list(visible_ancestors(request.user, org))
    query = request.GET.get("q", "").strip()
    children = (
        Org.objects.filter(parent=org)
        .annotate(
            township_count=_descendant_count(Level.TOWNSHIP),
            grassroots_count=_descendant_count(Level.GRASSROOTS),
        )
        .order_by("level", "admin_code", "name")
    )
    if query:
        children = children.filter(Q(name__icontains=query) | Q(credit_code__iexact=query))
    page = Paginator(children, 50).get_page(request.GET.get("page"))
    figures = indicators.compute_all(org, as_of, prefix="orgs.")
    return render(
        request,
        "orgs/org_detail.html",
        {
            "org": org,
            "breadcrumb": breadcrumb,
            "page": page,
            "query": query,
            "figures": figures,
            "predecessors": org.predecessors.all(),
            "title": org.name,
            "empty_label": _("没有下级工会"),
        },
    )
