"""The petition pages by hand: register → accept → assign → handle → answer → close → follow-up."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from gonghui.conftest import Tree, client_for, staff_actor
from gonghui.orgs.models import User
from gonghui.rights.actions import CONFLICT_MESSAGE
from gonghui.rights.models import Petition, State
from gonghui.rights.tests import factories


def _register(client: Client, tree: Tree, **overrides: str) -> HttpResponse:
    data = {
        "org": str(tree.jianning.pk),
        "channel": "visit",
        "received_on": "2018-03-01",
        "persons": "2",
        "employer_name": "建宁溪源机械有限公司",
        "employer_credit_code": "",
        "matter": "wages_owed",
        "content": "反映拖欠工资三个月",
        "p-TOTAL_FORMS": "5",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "0",
        "p-MAX_NUM_FORMS": "5",
        "p-0-name": "张三",
        "p-0-phone": "13912345678",
        "p-0-id_number": factories.ID_A,
        "p-1-name": "李四",
        **overrides,
    }
    return client.post(reverse("rights:petition_register"), data)


def _step(client: Client, petition: Petition, step: str, **fields: str) -> HttpResponse:
    data = {f"{step}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{step}-version", str(Petition.objects.get(pk=petition.pk).version))
    return client.post(reverse("rights:petition_step", args=[petition.pk, step]), data, follow=True)


def test_an_officer_takes_a_petition_through_every_step_by_hand(
    tree: Tree, jianning_officer: User
) -> None:
    client = client_for(jianning_officer)
    response = _register(client, tree)
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert response.url == reverse("rights:petition_detail", args=[petition.pk])
    page = client.get(response.url).content.decode()
    assert "110105********002X" in page
    assert factories.ID_A not in page
    assert "139****5678" in page

    _step(client, petition, "accept", on="2018-03-05", notice_on="2018-03-05")
    _step(client, petition, "assign", on="2018-03-06", unit=str(tree.jianning.pk), handler="王五")
    _step(client, petition, "handle", on="2018-04-01", note="约谈企业负责人")
    _step(client, petition, "answer", on="2018-04-03", text="企业已补发工资")
    _step(client, petition, "close", on="2018-04-05")
    response = _step(client, petition, "follow_up", on="2018-04-10", satisfaction="4", note="满意")
    petition.refresh_from_db()
    assert petition.state == State.FOLLOWED_UP
    assert petition.satisfaction == 4
    page = response.content.decode()
    assert 'data-testid="event-followed_up"' in page
    assert "满意度4分" in page


def test_a_stale_form_shows_the_conflict_message_and_changes_nothing(
    tree: Tree, jianning_officer: User, city_officer: User
) -> None:
    petition = factories.petition(tree.jianning)
    stale_version = str(petition.version)
    _step(client_for(city_officer), petition, "accept", on="2018-03-02")
    response = _step(
        client_for(jianning_officer),
        petition,
        "decline",
        on="2018-03-02",
        reason="不属于受理范围",
        notice_on="2018-03-02",
        version=stale_version,
    )
    assert CONFLICT_MESSAGE in response.content.decode()
    petition.refresh_from_db()
    assert petition.state == State.ACCEPTED


def test_a_refused_step_says_why(tree: Tree, jianning_officer: User) -> None:
    petition = factories.petition(tree.jianning)
    response = _step(
        client_for(jianning_officer), petition, "decline", on="2018-03-02", reason="", notice_on=""
    )
    assert "不予受理理由" in response.content.decode()
    assert Petition.objects.get(pk=petition.pk).state == State.REGISTERED


def test_a_bad_id_number_on_the_form_is_reported_with_the_petitioner(
    tree: Tree, jianning_officer: User
) -> None:
    response = _register(
        client_for(jianning_officer), tree, **{"p-0-id_number": "110105194912310021"}
    )
    assert response.status_code == 200
    assert "第1名信访人张三" in response.content.decode()
    assert not Petition.objects.exists()


def test_a_county_sees_only_its_own_petitions(
    tree: Tree, jianning_officer: User, taining_officer: User
) -> None:
    factories.petition(tree.jianning, employer_name="建宁甲公司")
    factories.petition(tree.taining, employer_name="泰宁乙公司")
    page = client_for(jianning_officer).get(reverse("rights:petition_list")).content.decode()
    assert "建宁甲公司" in page
    assert "泰宁乙公司" not in page


def test_the_list_filters_by_channel_matter_county_period_and_overdue(
    tree: Tree, city_officer: User
) -> None:
    factories.petition(tree.jianning, employer_name="甲公司", received_on=date(2018, 6, 20))
    factories.petition(
        tree.taining, employer_name="乙公司", received_on=date(2018, 1, 2), channel="letter"
    )
    client = client_for(city_officer)

    def names(query: str) -> set[str]:
        page = client.get(reverse("rights:petition_list") + "?" + query).content.decode()
        return {n for n in ("甲公司", "乙公司") if n in page}

    assert names("channel=letter") == {"乙公司"}
    assert names(f"county={tree.jianning.pk}") == {"甲公司"}
    assert names("start=2018-05-01&end=2018-06-30") == {"甲公司"}
    assert names("matter=dismissal") == set()
    # As of 2018-06-30 the January petition is 5 months without a decision; June's is not late.
    assert names("overdue=on&as_of=2018-06-30") == {"乙公司"}


def test_a_late_answer_is_flagged_on_the_detail_page_the_day_after_its_deadline(
    tree: Tree, jianning_officer: User
) -> None:
    p = factories.petition(tree.jianning, received_on=date(2018, 3, 1))
    from gonghui.rights import actions

    actions.accept(
        p, version=p.version, actor=staff_actor(), on=date(2018, 3, 1)
    )  # answer due 2018-04-30
    client = client_for(jianning_officer)
    url = reverse("rights:petition_detail", args=[p.pk])
    assert 'data-testid="overdue"' not in client.get(url + "?as_of=2018-04-30").content.decode()
    assert 'data-testid="overdue"' in client.get(url + "?as_of=2018-05-01").content.decode()


def test_the_statistics_page_counts_cases_and_person_visits(tree: Tree, city_officer: User) -> None:
    factories.petition(tree.jianning, persons=5, received_on=date(2018, 2, 1))
    factories.petition(
        tree.jianning, persons=2, received_on=date(2018, 3, 1)
    )  # repeat of the first
    factories.petition(tree.taining, persons=1, received_on=date(2018, 3, 1), employer_name="乙")
    page = (
        client_for(city_officer)
        .get(reverse("rights:petition_statistics") + "?as_of=2018-06-30")
        .content.decode()
    )
    assert 'data-testid="stat-cases">2<' in page
    assert 'data-testid="stat-persons">8<' in page
    assert 'data-testid="stat-group">1<' in page


def test_escalating_hands_the_petition_up_and_takes_the_officer_back_to_the_list(
    tree: Tree, jianning_officer: User, city_officer: User
) -> None:
    petition = factories.petition(tree.jianning)
    response = client_for(jianning_officer).post(
        reverse("rights:petition_step", args=[petition.pk, "escalate"]),
        {"escalate-on": "2018-03-02", "escalate-note": "涉及市直企业", "escalate-version": "1"},
    )
    assert response.url == reverse("rights:petition_list")
    petition.refresh_from_db()
    assert petition.org == tree.city
    page = client_for(city_officer).get(reverse("rights:petition_detail", args=[petition.pk]))
    assert "上报上级工会" in page.content.decode()
    assert "涉及市直企业" in page.content.decode()


def test_an_assigned_petition_can_be_answered_directly(tree: Tree, jianning_officer: User) -> None:
    client = client_for(jianning_officer)
    petition = factories.petition(tree.jianning)
    _step(client, petition, "accept", on="2018-03-05")
    _step(client, petition, "assign", on="2018-03-06", unit=str(tree.jianning.pk), handler="王五")
    _step(client, petition, "answer", on="2018-03-20", text="已协调解决")
    _step(client, petition, "close", on="2018-03-21")
    _step(client, petition, "follow_up", on="2018-03-25", satisfaction="5")
    petition.refresh_from_db()
    assert petition.state == State.FOLLOWED_UP
    assert petition.handled_on == date(2018, 3, 20)
