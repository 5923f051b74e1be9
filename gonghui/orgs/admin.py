from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.http import HttpRequest, HttpResponse

from gonghui.core import audit
from gonghui.orgs.models import Headcount, Org, User


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "admin_code", "credit_code", "parent", "successor"]
    list_filter = ["level"]
    search_fields = ["name", "admin_code", "credit_code"]
    # The tree is dated: a unit's place (parent, path) and its merge (successor) change only
    # through the move and merge actions (/orgs/tree/move/, /orgs/tree/merge/), never here.
    exclude = ["parent", "path", "depth", "successor", "succeeded_on"]
    raw_id_fields = ["parent"]
    readonly_fields = ["parent", "successor", "succeeded_on"]

    def get_readonly_fields(self, request: object, obj: Org | None = None) -> list[str]:
        # A new unit takes its parent once, when it is set up; afterwards only a move changes it.
        return ["successor", "succeeded_on"] if obj is None else self.readonly_fields

    def get_exclude(self, request: object, obj: Org | None = None) -> list[str]:
        if obj is None:
            return ["path", "depth", "successor", "succeeded_on"]
        return self.exclude


class ResetPasswordForm(AdminPasswordChangeForm):
    """An administrator's reset: the user must choose their own password at the next login."""

    def save(self, commit: bool = True) -> Any:
        self.user.must_change_password = True
        return super().save(commit=commit)


@admin.register(User)
class GonghuiUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "org", "roles", "department", "is_active"]
    raw_id_fields = ["org"]
    change_password_form = ResetPasswordForm
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            "工会",
            {
                "fields": (
                    "full_name",
                    "org",
                    "roles",
                    "department",
                    "may_reveal_ids",
                    "must_change_password",
                    "may_export_ids",
                )
            },
        ),
    )

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        """A new account's password is the administrator's: the user changes it first."""
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)
        if not change:
            audit.record(
                "login.account_created",
                actor=request.user,
                obj=obj,
                request=request,
                detail={"username": obj.username},
            )

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            audit.record(
                "login.password_reset",
                actor=request.user,
                obj=user,
                request=request,
                detail={"username": user.username},
            )
        return response


admin.site.register(Headcount)
