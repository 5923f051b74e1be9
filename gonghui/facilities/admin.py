from django.contrib import admin

from gonghui.facilities.models import ConstructionProject, ProjectStage, ServicePoint


class StageInline(admin.TabularInline):
    model = ProjectStage
    extra = 0


@admin.register(ConstructionProject)
class ConstructionProjectAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "org")
    list_filter = ("kind",)
    inlines = [StageInline]
    raw_id_fields = ("org",)


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "county", "opened_on", "closed_on")
    list_filter = ("kind",)
    raw_id_fields = ("org",)
