from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from gonghui.orgs.models import Headcount, Org, User


@admin.register(Org)
class OrgAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "admin_code", "credit_code", "parent", "successor"]
    list_filter = ["level"]
    search_fields = ["name", "admin_code", "credit_code"]
    raw_id_fields = ["parent", "successor"]


@admin.register(User)
class GonghuiUserAdmin(UserAdmin):
    list_display = ["username", "full_name", "org", "roles", "department", "is_active"]
    raw_id_fields = ["org"]
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
                    "may_export_ids",
                )
            },
        ),
    )


admin.site.register(Headcount)
