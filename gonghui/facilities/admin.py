from django.contrib import admin

from gonghui.facilities.models import ConstructionProject, ProjectStage, ServicePoint
from gonghui.orgs.scoping import SysadminQuerysetMixin


class StageInline(SysadminQuerysetMixin, admin.TabularInline):
    model = ProjectStage
    extra = 0


@admin.register(ConstructionProject)
class ConstructionProjectAdmin(SysadminQuerysetMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "org")
    list_filter = ("kind",)
    inlines = [StageInline]
    raw_id_fields = ("org",)


@admin.register(ServicePoint)
class ServicePointAdmin(SysadminQuerysetMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "county", "opened_on", "closed_on")
    list_filter = ("kind",)
    raw_id_fields = ("org",)
