"""The rights figures, computed from records for an org subtree as of a date."""

from __future__ import annotations

from datetime import date

from gonghui.conftest import Tree, staff_actor
from gonghui.core import indicators
from gonghui.core.indicators import Number
from gonghui.orgs.models import Org
from gonghui.rights import actions
from gonghui.rights.models import LetterKind
from gonghui.rights.tests import factories


def value(name: str, org: Org, as_of: date) -> Number:
    return indicators.compute(name, org, as_of).value


def test_cases_count_repeats_once_and_person_visits_count_every_visit(tree: Tree) -> None:
    factories.petition(tree.jianning, persons=6, received_on=date(2018, 2, 1))
    factories.petition(tree.jianning, persons=2, received_on=date(2018, 3, 1))  # repeat
    factories.petition(tree.taining, received_on=date(2018, 3, 1), employer_name="泰宁乙公司")
    assert value("rights.petition_cases", tree.city, date(2018, 6, 30)) == 2
    assert value("rights.petition_persons", tree.city, date(2018, 6, 30)) == 9
    assert value("rights.group_petitions", tree.city, date(2018, 6, 30)) == 1
    assert value("rights.petition_cases", tree.jianning, date(2018, 6, 30)) == 1
    assert value("rights.petition_persons", tree.taining, date(2018, 6, 30)) == 1


def test_figures_for_a_past_date_see_only_what_had_happened_then(tree: Tree) -> None:
    factories.petition(tree.jianning, persons=6, received_on=date(2018, 2, 1))
    factories.petition(tree.jianning, persons=1, received_on=date(2018, 5, 1), employer_name="丙")
    assert value("rights.petition_cases", tree.city, date(2018, 3, 31)) == 1
    assert value("rights.petition_persons", tree.city, date(2018, 3, 31)) == 6
    assert value("rights.petition_cases", tree.city, date(2018, 1, 31)) == 0
    # The year to date starts again on 1 January.
    assert value("rights.petition_cases", tree.city, date(2019, 1, 31)) == 0


def test_a_petition_is_overdue_from_the_day_after_its_deadline(tree: Tree) -> None:
    p = factories.petition(tree.jianning, received_on=date(2018, 3, 1))  # decision due 03-16
    assert value("rights.petitions_overdue", tree.city, date(2018, 3, 16)) == 0
    assert value("rights.petitions_overdue", tree.city, date(2018, 3, 17)) == 1
    actions.accept(
        p, version=p.version, actor=staff_actor(), on=date(2018, 3, 20)
    )  # answer due 05-19
    assert value("rights.petitions_overdue", tree.city, date(2018, 3, 19)) == 1
    assert value("rights.petitions_overdue", tree.city, date(2018, 5, 19)) == 0
    assert value("rights.petitions_overdue", tree.city, date(2018, 5, 20)) == 1
    assert value("rights.petitions_overdue", tree.taining, date(2018, 5, 20)) == 0


def test_an_extension_counts_from_the_day_it_is_granted(tree: Tree) -> None:
    p = factories.petition(tree.jianning, received_on=date(2018, 3, 1))
    p = actions.accept(p, version=p.version, actor=staff_actor(), on=date(2018, 3, 1))  # due 04-30
    actions.extend(
        p, version=p.version, actor=staff_actor(), on=date(2018, 4, 20), days=20, reason="复杂"
    )
    assert value("rights.petitions_overdue", tree.city, date(2018, 5, 1)) == 0
    assert value("rights.petitions_overdue", tree.city, date(2018, 5, 21)) == 1


def test_the_on_time_rate_is_the_share_of_answers_within_their_deadline(tree: Tree) -> None:
    factories.answered(tree.jianning, date(2018, 1, 2), date(2018, 1, 3), date(2018, 2, 1))
    factories.answered(
        tree.jianning, date(2018, 1, 2), date(2018, 1, 3), date(2018, 3, 10), employer_name="乙"
    )  # due 03-04: late
    assert value("rights.on_time_rate", tree.city, date(2018, 6, 30)) == 50.0
    assert value("rights.on_time_rate", tree.city, date(2018, 2, 28)) == 100.0
    assert value("rights.on_time_rate", tree.city, date(2018, 1, 31)) == 0.0


def test_committees_count_those_set_up_on_or_before_the_date_in_the_subtree(tree: Tree) -> None:
    actions.set_up_committee(
        actor=staff_actor(),
        union=tree.jianning_union,
        set_up_on=date(2018, 6, 30),
        chair="甲",
        members_count=5,
    )
    actions.set_up_committee(
        actor=staff_actor(),
        union=tree.taining_union,
        set_up_on=date(2018, 7, 1),
        chair="乙",
        members_count=3,
    )
    assert value("rights.supervision_committees", tree.city, date(2018, 6, 30)) == 1
    assert value("rights.supervision_committees", tree.city, date(2018, 7, 1)) == 2
    assert value("rights.supervision_committees", tree.taining, date(2018, 7, 1)) == 1
    assert value("rights.supervision_committees", tree.jianning, date(2018, 6, 29)) == 0


def test_letters_and_their_correction_rate(tree: Tree) -> None:
    first = factories.letter(tree.jianning)
    factories.letter(tree.jianning, issued_on=date(2018, 4, 1), reply_due_on=date(2018, 4, 15))
    actions.record_reply(
        first, actor=staff_actor(), replied_on=date(2018, 3, 10), text="已整改", corrected=True
    )
    assert value("rights.letters_issued", tree.city, date(2018, 6, 30)) == 2
    assert value("rights.letter_correction_rate", tree.city, date(2018, 6, 30)) == 50.0
    assert value("rights.letter_correction_rate", tree.city, date(2018, 3, 9)) == 0.0
    assert value("rights.letters_issued", tree.taining, date(2018, 6, 30)) == 0
    assert first.kind == LetterKind.REMINDER_LETTER


def test_lawyer_shifts_this_year_to_date(tree: Tree) -> None:
    factories.shift(tree.jianning, on=date(2018, 6, 12))
    assert value("rights.lawyer_shifts", tree.city, date(2018, 6, 30)) == 1
    assert value("rights.lawyer_shifts", tree.city, date(2018, 6, 11)) == 0
    assert value("rights.lawyer_shifts", tree.taining, date(2018, 6, 30)) == 0
