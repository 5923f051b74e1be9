"""Supervision records (督查督办): plans, tasks, assignments, reports, reminders, appraisal."""

from gonghui.supervision.models.appraisal import (
    RUBRIC,
    Adoption,
    Channel,
    InfoSubmission,
    InnovationProject,
    ProjectReview,
    ProjectScore,
)
from gonghui.supervision.models.plans import (
    Area,
    Assignment,
    Measure,
    Milestone,
    PlanKind,
    Task,
    WorkPlan,
)
from gonghui.supervision.models.reports import (
    COUNTED_STATES,
    QuarterlyReport,
    Reminder,
    ReminderKind,
    ReportAttachment,
    ReportEvent,
    ReportState,
)

__all__ = [
    "COUNTED_STATES",
    "RUBRIC",
    "Adoption",
    "Area",
    "Assignment",
    "Channel",
    "InfoSubmission",
    "InnovationProject",
    "Measure",
    "Milestone",
    "PlanKind",
    "ProjectReview",
    "ProjectScore",
    "QuarterlyReport",
    "Reminder",
    "ReminderKind",
    "ReportAttachment",
    "ReportEvent",
    "ReportState",
    "Task",
    "WorkPlan",
]
