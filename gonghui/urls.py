"""URL map: each module mounts its own urls; the scoping matrix test lists every route."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.urls import include, path
from django.views.i18n import set_language

from gonghui.api.core import api
from gonghui.dashboard import views as dashboard_views
from gonghui.orgs import views as org_views


def _superusers_only(request: HttpRequest) -> bool:
    return bool(request.user.is_active and request.user.is_superuser)


# Django's admin is for superusers only; staff work in the application's own pages.
admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
admin.site.site_header = "工会工作平台 · 系统管理"

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path("accounts/login/", org_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", org_views.password_change, name="password_change"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("orgs/", include("gonghui.orgs.urls")),
    path("dashboard/", include("gonghui.dashboard.urls")),
    path("jobs/", include("gonghui.core.urls")),
    path("portal/", include("gonghui.portal.urls")),
    path("api/v1/", api.urls),
    path("supervision/", include("gonghui.supervision.urls")),
    path("hardship/", include("gonghui.hardship.urls")),
    path("matching/", include("gonghui.matching.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("unions/", include("gonghui.unions.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("facilities/", include("gonghui.facilities.urls")),
    path("honors/", include("gonghui.honors.urls")),
    path(f"{settings.GONGHUI_ADMIN_PATH}/", admin.site.urls),
]

handler404 = "gonghui.core.errors.not_found"
handler500 = "gonghui.core.errors.server_error"
