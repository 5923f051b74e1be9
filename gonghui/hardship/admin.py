"""The system administrators' view of the hardship tables (superusers only; staff use the pages)."""

from django.contrib import admin

from gonghui.hardship.models import (
    EducationAidRound,
    MedicalAidPhase,
    MinimumLivingStandard,
    WinterCampaign,
)


@admin.register(MinimumLivingStandard)
class MinimumLivingStandardAdmin(admin.ModelAdmin):
    list_display = ("org", "year", "monthly_amount")
    list_filter = ("year",)


@admin.register(EducationAidRound)
class EducationAidRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "opens_on", "closes_on")


@admin.register(WinterCampaign)
class WinterCampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "year", "starts_on", "ends_on")


@admin.register(MedicalAidPhase)
class MedicalAidPhaseAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "starts_on", "ends_on", "premium_per_person")
