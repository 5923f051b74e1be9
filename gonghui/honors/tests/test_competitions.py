"""Competitions: visible to organisers and participants, each seeing only their own part."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.conftest import client_for
from gonghui.honors import actions
from gonghui.honors.models import Award, Competition, Participant
from gonghui.honors.tests import factories

pytestmark = pytest.mark.django_db


def test_a_county_sees_the_city_competition_with_its_own_participants_only(
    tree, jianning_officer, taining_officer
) -> None:
    comp = factories.competition(tree.city, title="2018年“安康杯”竞赛")
    factories.participant(comp, tree.jianning_union, team="建宁机修班")
    factories.participant(comp, tree.taining_union, team="泰宁导游班")
    url = reverse("honors:competition", args=[comp.pk])

    page = client_for(jianning_officer).get(url).content.decode()

    assert "建宁机修班" in page and "泰宁导游班" not in page
    assert "登记参赛单位" not in page  # only the organiser registers
    assert client_for(taining_officer).get(url).status_code == 200


def test_the_list_counts_the_users_own_participants(tree, jianning_officer) -> None:
    comp = factories.competition(tree.city, title="2018年“安康杯”竞赛")
    factories.participant(comp, tree.jianning_union, team="甲")
    factories.participant(comp, tree.taining_union, team="乙")
    factories.participant(comp, tree.taining_union, team="丙")
    factories.competition(tree.taining, title="泰宁县内竞赛")

    page = client_for(jianning_officer).get(reverse("honors:competitions")).content.decode()

    assert "安康杯" in page and "泰宁县内竞赛" not in page
    assert '<td class="text-end">1</td>' in page


def test_the_organiser_registers_a_participant_and_gives_it_an_award(tree, city_officer) -> None:
    comp = factories.competition(tree.city)
    client = client_for(city_officer)

    client.post(
        reverse("honors:competition_participant", args=[comp.pk]),
        {"unit": tree.jianning_union.credit_code, "team": "机修班", "joined_on": "2018-04-02"},
    )
    response = client.post(
        reverse("honors:competition_award", args=[comp.pk]),
        {
            "kind": "team",
            "name": "机修班",
            "title": "“安康杯”竞赛优胜班组",
            "org": tree.jianning_union.pk,
            "awarded_on": "2018-12-20",
        },
        follow=True,
    )

    assert Participant.objects.get().team == "机修班"
    assert Award.objects.get().org == tree.jianning_union
    assert "优胜班组" in response.content.decode()


def test_an_award_to_a_unit_that_did_not_take_part_is_refused(tree, city_officer) -> None:
    comp = factories.competition(tree.city)
    with pytest.raises(ValidationError, match="没有登记参加本竞赛"):
        actions.give_award(
            city_officer,
            comp,
            kind="team",
            name="机修班",
            title="优胜班组",
            org=tree.jianning_union,
            awarded_on=date(2018, 12, 20),
        )


def test_a_county_cannot_run_a_city_competition_nor_enter_units_outside_the_organiser(
    tree, jianning_officer
) -> None:
    city_comp = factories.competition(tree.city)
    with pytest.raises(PermissionDenied):
        actions.register_participant(
            jianning_officer, city_comp, org=tree.jianning_union, joined_on=date(2018, 4, 2)
        )
    county_comp = factories.competition(tree.jianning, title="建宁县竞赛")
    with pytest.raises(ValidationError, match="不在主办单位"):
        actions.register_participant(
            jianning_officer, county_comp, org=tree.taining_union, joined_on=date(2018, 4, 2)
        )


def test_a_unit_is_registered_once_per_team(tree, city_officer) -> None:
    comp = factories.competition(tree.city)
    actions.register_participant(
        city_officer, comp, org=tree.jianning_union, team="机修班", joined_on=date(2018, 4, 2)
    )
    with pytest.raises(ValidationError, match="已报名"):
        actions.register_participant(
            city_officer, comp, org=tree.jianning_union, team="机修班", joined_on=date(2018, 4, 3)
        )


def test_a_county_starts_a_competition_that_its_sibling_cannot_see(
    tree, jianning_officer, taining_officer
) -> None:
    response = client_for(jianning_officer).post(
        reverse("honors:competitions"),
        {"kind": "key_project", "title": "建宁县重点项目劳动竞赛", "starts_on": "2018-03-01"},
    )
    competition = Competition.objects.get()
    assert response.status_code == 302
    assert competition.org == tree.jianning
    url = reverse("honors:competition", args=[competition.pk])
    assert client_for(taining_officer).get(url).status_code == 404


def test_a_competition_ending_before_it_starts_is_refused(tree, jianning_officer) -> None:
    with pytest.raises(ValidationError, match="早于开始日期"):
        actions.start_competition(
            jianning_officer,
            kind="skills",
            title="技能竞赛",
            starts_on=date(2018, 5, 1),
            ends_on=date(2018, 4, 1),
        )


def test_the_competition_pages_load_with_a_bounded_number_of_queries(
    tree, city_officer, django_assert_max_num_queries
) -> None:
    comps = [factories.competition(tree.city, title=f"竞赛{n}") for n in range(5)]
    for comp in comps:
        for n in range(8):
            factories.participant(comp, tree.jianning_union, team=f"班组{n}")
            Award.objects.create(
                kind="team",
                name=f"班组{n}",
                title="优胜班组",
                competition=comp,
                org=tree.jianning_union,
                awarded_on=date(2018, 6, 1),
            )
    client = client_for(city_officer)
    with django_assert_max_num_queries(25):
        client.get(reverse("honors:competitions"))
    with django_assert_max_num_queries(15):
        page = client.get(reverse("honors:competition", args=[comps[0].pk]))
    assert page.content.decode().count("班组7") >= 2
