from datetime import date

from gonghui.conftest import client_for
from gonghui.unions.models import Election, JointMeeting
from gonghui.unions.tests.helpers import election


def test_an_officer_records_an_election_from_the_union_page(tree, jianning_officer) -> None:
    response = client_for(jianning_officer).post(
        f"/unions/{tree.jianning_union.pk}/elections/",
        {"elected_on": "2018-05-01", "term_years": "3"},
    )
    assert response.status_code == 302
    record = Election.objects.get(org=tree.jianning_union)
    assert record.due_on == date(2021, 5, 1)


def test_an_early_election_without_approval_is_refused_with_the_reason(
    tree, jianning_officer
) -> None:
    election(tree.jianning_union, date(2016, 5, 1), kind="first")
    response = client_for(jianning_officer).post(
        f"/unions/{tree.jianning_union.pk}/elections/",
        {"elected_on": "2018-05-01", "term_years": "5"},
    )
    assert response.status_code == 400
    assert "上一级工会批准" in response.content.decode()
    approved = client_for(jianning_officer).post(
        f"/unions/{tree.jianning_union.pk}/elections/",
        {
            "elected_on": "2018-05-01",
            "term_years": "5",
            "approved": "on",
            "approved_on": "2018-04-01",
        },
    )
    assert approved.status_code == 302
    assert (
        Election.objects.get(org=tree.jianning_union, kind="early").approved_by
        == tree.jianning_town
    )


def test_a_union_cannot_approve_its_own_early_election(tree, chair) -> None:
    election(tree.jianning_union, date(2016, 5, 1), kind="first")
    response = client_for(chair).post(
        f"/unions/{tree.jianning_union.pk}/elections/",
        {
            "elected_on": "2018-05-01",
            "term_years": "5",
            "approved": "on",
            "approved_on": "2018-04-01",
        },
    )
    assert response.status_code == 400
    assert Election.objects.count() == 1


def test_joint_meeting_steps_are_saved_and_a_stale_edit_is_refused(tree, jianning_officer) -> None:
    url = f"/unions/joint-meetings/{tree.jianning.pk}/2018/"
    client = client_for(jianning_officer)
    saved = client.post(
        url, {"version": "0", "preparation_started_on": "2018-09-05", "topics": "经费"}
    )
    assert saved.status_code == 302
    meeting = JointMeeting.objects.get(org=tree.jianning, year=2018)
    assert meeting.preparation_started_on == date(2018, 9, 5) and meeting.version == 1
    stale = client.post(url, {"version": "0", "held_on": "2018-12-01"})
    assert stale.status_code == 400
    assert "已被他人修改" in stale.content.decode()
    JointMeeting.objects.get(org=tree.jianning, year=2018, held_on__isnull=True)
