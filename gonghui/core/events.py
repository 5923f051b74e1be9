"""Every audited action, declared once with what it does to the records (变更事件).

`audit.record(action)` looks the action up here: a write makes stale the cached figures of
the modules whose records it changes (and of the modules whose figures read them, see
`figure_cache`); a read (a sign-in, a view, a download, an export) makes nothing stale. An
action missing from this list is an error in tests and debug runs; in production it is
logged and treated as changing every module's records (stale figures are worse than slow
ones).

To add an action: one line below, in its module's block. `grep '"rights.petition.closed"'`
answers "what does this action change". Actions whose last part is an enum value (a petition's
event kind, a report's step, a flag's decision) are listed value by value; the tests check
that each enum value and each `audit.record` call in the code is declared, and that each
declared action is recorded somewhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# `changes` of an action whose writes cannot be attributed to a module: every module's figures.
EVERYTHING: None = None


@dataclass(frozen=True)
class Event:
    """An audited action: the modules (app labels) whose records it changes; () for a read,
    None (EVERYTHING) when it cannot be said."""

    name: str
    changes: tuple[str, ...] | None

    @property
    def reads_only(self) -> bool:
        return self.changes == ()


class UndeclaredEvent(LookupError):
    """An audited action that is not declared in gonghui.core.events."""


def read(name: str) -> Event:
    """An action that changes no record a figure reads (a view, a sign-in, an export)."""
    return Event(name, ())


def write(name: str, *modules: str) -> Event:
    """An action that changes the records of the given modules (app labels)."""
    assert modules, f"{name}: a write names the modules whose records it changes"
    return Event(name, tuple(modules))


def _declare(*declared: Event) -> dict[str, Event]:
    events: dict[str, Event] = {}
    for event in declared:
        assert event.name not in events, f"{event.name} is declared twice"
        events[event.name] = event
    return events


EVENTS: dict[str, Event] = _declare(
    # Sign-ins, refusals, views of personal data, jobs asked for and downloaded.
    read("login.succeeded"),
    read("login.failed"),
    read("login.locked"),
    read("login.locked_out"),
    read("logout"),
    read("access.denied"),
    read("access.refused"),
    read("access.petition.viewed"),
    read("access.petition.attachment_downloaded"),
    read("personal.id_revealed"),
    read("personal.id_reveal_refused"),
    read("job.requested"),
    read("job.downloaded"),
    # A job refused at run time (its requester lost the scope), failed by the reaper after its
    # worker went silent, or its files deleted at the end of the retention period: job rows and
    # files are no module's records.
    read("job.refused"),
    read("job.interrupted"),
    read("job.files_expired"),
    # Accounts: passwords changed, reset by an administrator, accounts made in the admin.
    read("login.password_changed"),
    read("login.password_reset"),
    read("login.account_created"),
    # The audit chain's own tests append entries under this name.
    read("test.event"),
    read("test.seen"),
    # api: tokens are no figure's records.
    write("api.token_issued", "api"),
    write("api.token_revoked", "api"),
    # dashboard
    read("dashboard.records.exported"),
    # orgs: every figure is keyed by the tree's version ("orgs"), so a move or merge makes
    # every figure stale.
    write("org.merged", "orgs"),
    write("org.moved", "orgs"),
    # hardship (困难职工帮扶)
    read("hardship.archive_exported"),
    # Views of households (page, API) and the deliberate full-ID export: audited reads.
    read("hardship.household_viewed"),
    read("hardship.households_viewed"),
    read("hardship.full_id_export_requested"),
    read("hardship.full_id_export_refused"),
    read("hardship.full_ids_exported"),
    write("hardship.archive_imported", "hardship"),
    write("hardship.household_surveyed", "hardship"),
    write("hardship.household_archived", "hardship"),
    write("hardship.household_reviewed", "hardship"),
    write("hardship.household_lifted", "hardship"),
    write("hardship.household_removed", "hardship"),
    write("hardship.assistance_recorded", "hardship"),
    write("hardship.education_aid_applied", "hardship"),
    write("hardship.education_aid_decided", "hardship"),
    write("hardship.education_aid_paid", "hardship"),
    write("hardship.medical_enrolled", "hardship"),
    write("hardship.medical_claimed", "hardship"),
    write("hardship.medical_claim_paid", "hardship"),
    write("hardship.standard_set", "hardship"),
    write("hardship.winter_target_added", "hardship"),
    write("hardship.winter_delivered", "hardship"),
    # matching (数据比对)
    write("matching.list_uploaded", "matching"),
    # The retention clean-up: a list's file deleted, or a never-compared list with its record.
    write("matching.list_file_expired", "matching"),
    write("matching.list_abandoned", "matching"),
    write("matching.run_queued", "matching"),
    write("matching.run_finished", "matching"),
    write("matching.run_failed", "matching"),
    write("matching.flag_confirmed", "matching"),
    write("matching.flag_dismissed", "matching"),
    # rights (维权): petitions, lawyers, supervision committees and letters
    write("rights.petition.registered", "rights"),
    write("rights.petition.accepted", "rights"),
    write("rights.petition.declined", "rights"),
    write("rights.petition.assigned", "rights"),
    write("rights.petition.reassigned", "rights"),
    write("rights.petition.escalated", "rights"),
    write("rights.petition.handled", "rights"),
    write("rights.petition.extended", "rights"),
    write("rights.petition.answered", "rights"),
    write("rights.petition.closed", "rights"),
    write("rights.petition.followed_up", "rights"),
    write("rights.petition.attachment_added", "rights"),
    write("rights.lawyer.added", "rights"),
    write("rights.centre.added", "rights"),
    write("rights.shift.scheduled", "rights"),
    write("rights.rota.copied", "rights"),
    write("rights.consultation.recorded", "rights"),
    write("rights.consultation_booked", "rights"),
    write("rights.committee.set_up", "rights"),
    write("rights.letter.issued", "rights"),
    write("rights.letter.replied", "rights"),
    write("rights.letter.referred", "rights"),
    read("rights.letter.downloaded"),
    # portal: a filed request may register a petition (rights); a handed-off one a household.
    write("portal.request_filed", "portal", "rights"),
    write("portal.request_answered", "portal"),
    write("portal.request_handed_off", "portal", "hardship"),
    # supervision (督查督办)
    write("supervision.plan.imported", "supervision"),
    write("supervision.report.submitted", "supervision"),
    write("supervision.report.resubmitted", "supervision"),
    write("supervision.report.returned", "supervision"),
    write("supervision.report.accepted", "supervision"),
    write("supervision.report.attached", "supervision"),
    write("supervision.milestone.done", "supervision"),
    write("supervision.project.scored", "supervision"),
    read("supervision.overview.exported"),
    read("supervision.league.exported"),
    read("supervision.notice.generated"),
    # unions (基层组织)
    write("unions.election_recorded", "unions"),
    write("unions.extension_approved", "unions"),
    write("unions.body_recorded", "unions"),
    write("unions.joint_meeting_recorded", "unions"),
    write("unions.women_committee_set_up", "unions"),
    # funds (工会经费)
    write("funds.plan_set", "funds"),
    write("funds.receipts_imported", "funds"),
    # facilities (阵地建设)
    write("facilities.project_added", "facilities"),
    write("facilities.stage_recorded", "facilities"),
    write("facilities.service_point_added", "facilities"),
    write("facilities.service_point_closed", "facilities"),
    # honors (劳模与竞赛)
    write("honors.model_workers_imported", "honors"),
    write("honors.benefits_changed", "honors"),
    write("honors.visit_recorded", "honors"),
    write("honors.competition_started", "honors"),
    write("honors.participant_registered", "honors"),
    write("honors.nomination_recommended", "honors"),
    write("honors.nomination_accepted", "honors"),
    write("honors.nomination_returned", "honors"),
    write("honors.round_sent", "honors"),
    write("honors.award_given", "honors"),
)


def lookup(action: str) -> Event:
    """The declared event of an action. Undeclared: raises UndeclaredEvent when events are
    strict (tests, debug), else logs and answers "changes every module's records"."""
    event = EVENTS.get(action)
    if event is not None:
        return event
    if getattr(settings, "GONGHUI_STRICT_EVENTS", settings.DEBUG):
        raise UndeclaredEvent(f"审计动作“{action}”未在 gonghui/core/events.py 中声明")
    logger.error("audited action %r is not declared in gonghui.core.events", action)
    return Event(action, EVERYTHING)
