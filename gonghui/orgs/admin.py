from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

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


@admin.register(User)
class GonghuiUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "org", "roles", "department", "is_active"]
    raw_id_fields = ["org"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("工会", {"fields": ("full_name", "org", "roles", "department", "may_reveal_ids")}),
    )


admin.site.register(Headcount)
