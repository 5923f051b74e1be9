from django.contrib import admin

from gonghui.unions.models import Activity, BodyComposition, Election, JointMeeting


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("org", "elected_on", "term_years", "kind", "due_on")
    list_filter = ("kind", "term_years")
    raw_id_fields = ("org", "approved_by")


@admin.register(BodyComposition)
class BodyCompositionAdmin(admin.ModelAdmin):
    list_display = ("org", "body", "reported_on", "members", "front_line")
    raw_id_fields = ("org",)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("org", "held_on", "title")
    raw_id_fields = ("org",)


@admin.register(JointMeeting)
class JointMeetingAdmin(admin.ModelAdmin):
    list_display = ("org", "year", "preparation_started_on", "plan_reported_on", "held_on")
    list_filter = ("year",)
