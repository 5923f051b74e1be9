"""System-admin views of the rights records (superusers only; staff use the pages)."""

from django.contrib import admin

from gonghui.rights import models


@admin.register(models.VolunteerLawyer)
class VolunteerLawyerAdmin(admin.ModelAdmin):
    list_display = ["name", "firm", "licence_number", "org", "user"]
    search_fields = ["name", "firm", "licence_number"]
    raw_id_fields = ["org", "user"]


@admin.register(models.ServiceCentre)
class ServiceCentreAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "windows"]
    raw_id_fields = ["org"]


@admin.register(models.LawyerShift)
class LawyerShiftAdmin(admin.ModelAdmin):
    list_display = ["on", "starts_at", "ends_at", "lawyer", "centre", "window"]
    list_filter = ["centre"]
    raw_id_fields = ["lawyer", "centre"]


@admin.register(models.LeaderReceptionDay)
class LeaderReceptionDayAdmin(admin.ModelAdmin):
    list_display = ["held_on", "leader_name", "place", "org"]
    raw_id_fields = ["org"]


@admin.register(models.SupervisionCommittee)
class SupervisionCommitteeAdmin(admin.ModelAdmin):
    list_display = ["union", "set_up_on", "chair", "members_count"]
    raw_id_fields = ["union"]
