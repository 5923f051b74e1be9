"""Booking a lawyer on the portal: free places counted, the last place goes to one worker."""

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from gonghui.rights.actions import book_consultation, free_places
from gonghui.rights.models import Booking
from gonghui.rights.tests import factories


def _book(client: Client, shift_id: int, name: str):
    return client.post(
        reverse("portal_book", args=[shift_id]) + "?as_of=2018-06-01",
        {"name": name, "phone": "13905980000", "matter": "wages_owed", "consent": "on"},
    )


@pytest.mark.django_db
def test_a_worker_books_until_the_shift_is_full(tree) -> None:
    shift = factories.shift(tree.jianning, on=date(2018, 6, 12))
    shift.places = 2
    shift.save()
    client = Client()
    assert 'data-testid="booked"' in _book(client, shift.pk, "李春梅").content.decode()
    assert 'data-testid="booked"' in _book(client, shift.pk, "王强").content.decode()
    full = _book(client, shift.pk, "张伟").content.decode()
    assert "该时段已约满" in full
    assert Booking.objects.count() == 2 and free_places(shift) == 0


@pytest.mark.django_db
def test_consent_is_needed_and_a_past_shift_cannot_be_booked(tree) -> None:
    shift = factories.shift(tree.jianning, on=date(2018, 6, 12))
    no_consent = Client().post(
        reverse("portal_book", args=[shift.pk]) + "?as_of=2018-06-01",
        {"name": "李春梅", "phone": "13905980000", "matter": "wages_owed"},
    )
    assert "请先阅读并同意" in no_consent.content.decode()
    with pytest.raises(ValidationError, match="该时段已过"):
        book_consultation(
            shift_id=shift.pk,
            name="李春梅",
            phone="13905980000",
            matter="wages_owed",
            today=date(2018, 6, 13),
        )
    assert not Booking.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_for_the_last_place_at_once_one_wins_one_is_told(tree) -> None:
    if connection.vendor == "sqlite":
        # In-memory SQLite cannot be shared by two threads; `make test-pg` runs this race.
        pytest.skip("needs a database server (make test-pg)")
    shift = factories.shift(tree.jianning, on=date(2018, 6, 12))
    shift.places = 1
    shift.save()
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def attempt(name: str) -> None:
        start.wait()
        try:
            book_consultation(
                shift_id=shift.pk,
                name=name,
                phone="13905980000",
                matter="wages_owed",
                today=date(2018, 6, 1),
            )
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "该时段已约满，请选择其他时段"]
    assert Booking.objects.count() == 1
