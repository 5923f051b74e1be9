"""System administration of the honours records (superusers only; staff use the pages)."""

from django.contrib import admin

from gonghui.honors.models import (
    Award,
    Competition,
    Craftsman,
    ModelWorker,
    ModelWorkerVisit,
    Nomination,
    Participant,
    Studio,
)


@admin.register(ModelWorker)
class ModelWorkerAdmin(admin.ModelAdmin):
    list_display = ["name", "id_number_masked", "level", "awarded_on", "org", "pension_status"]
    list_filter = ["level", "pension_status", "front_line"]
    search_fields = ["name"]
    raw_id_fields = ["org"]
    readonly_fields = ["id_number_masked"]


@admin.register(ModelWorkerVisit)
class ModelWorkerVisitAdmin(admin.ModelAdmin):
    list_display = ["model_worker", "visited_on", "visitor"]
    raw_id_fields = ["model_worker", "recorded_by"]


@admin.register(Studio)
class StudioAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "set_up_on", "org"]
    raw_id_fields = ["org", "lead"]


@admin.register(Craftsman)
class CraftsmanAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "trade", "org"]
    raw_id_fields = ["org"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee", "year", "level_sought", "recommended_by", "status", "front_line"]
    list_filter = ["year", "level_sought", "status"]
    raw_id_fields = ["org", "recommended_by"]
    readonly_fields = ["status", "version"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    raw_id_fields = ["org"]
    extra = 0


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "starts_on", "ends_on"]
    list_filter = ["kind"]
    raw_id_fields = ["org"]
    inlines = [ParticipantInline]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "kind", "awarded_on", "org"]
    raw_id_fields = ["org", "competition"]
