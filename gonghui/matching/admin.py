from django.contrib import admin

from gonghui.matching.models import ComparisonRun, Flag, ReferenceList


@admin.register(ReferenceList)
class ReferenceListAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "uploaded_at", "file_deleted_at"]
    list_filter = ["kind"]


@admin.register(ComparisonRun)
class ComparisonRunAdmin(admin.ModelAdmin):
    list_display = ["reference_list", "status", "stage", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["person", "household", "method", "score", "implication", "state", "raised_on"]
    list_filter = ["state", "method", "implication"]
    raw_id_fields = ["run", "household", "person", "decided_by"]
