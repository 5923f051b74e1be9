"""What a viewer may learn of a petition's repeats (重复件) across the county wall.

The repeat lookup runs city-wide, so that the city counts a case once wherever it comes back.
Who looks decides what is shown: a viewer who may see the linked petition sees its number and
a link; any other viewer (a county whose petitioner went to a sibling county) learns only that
the petitioner has petitioned elsewhere: no number, no county, no content.
"""

from __future__ import annotations

from typing import Any

from gonghui.rights.models import Petition

ELSEWHERE_NOTE = "信访人曾在别处反映同一事项，计为一件"
ELSEWHERE_REPEATS = "另有{count}件在别处登记的重复件"


def linked_note(first: Petition) -> str:
    """The history note of a repeat whose first petition the viewer may see."""
    return f"与{first.number}为同一事项，计为一件"


def visible_first(petition: Petition, user: Any) -> Petition | None:
    """The first petition this one repeats, when the user may see it; else None."""
    if not petition.repeat_of_id:
        return None
    return Petition.objects.for_user(user).filter(pk=petition.repeat_of_id).first()  # type: ignore[attr-defined]


def repeat_note(petition: Petition, user: Any) -> str:
    """One sentence on what this petition repeats, as the user may learn it ('' for a new case)."""
    if not petition.repeat_of_id:
        return ""
    first = visible_first(petition, user)
    return linked_note(first) if first is not None else ELSEWHERE_NOTE


def visible_repeats(petition: Petition, user: Any) -> tuple[list[Petition], int]:
    """The repeats of this petition the user may see, and how many others there are elsewhere."""
    everywhere = Petition.objects.filter(repeat_of=petition)  # counted only, never shown
    shown = list(
        Petition.objects.for_user(user).filter(repeat_of=petition).order_by("received_on", "pk")  # type: ignore[attr-defined]
    )
    return shown, everywhere.count() - len(shown)
