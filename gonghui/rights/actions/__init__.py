"""Named writes of the rights module (STYLE: writes are actions that validate, write and audit).

Views, the portal and the API call these; they never repeat them. By topic: petitions,
lawyers, supervision.
"""

from gonghui.rights.actions.lawyers import (
    add_centre,
    add_lawyer,
    book_consultation,
    copy_rota,
    free_places,
    record_consultation,
    schedule_shift,
)
from gonghui.rights.actions.petitions import (
    CONFLICT_MESSAGE,
    ConflictError,
    PetitionerData,
    accept,
    answer,
    assign,
    attach_file,
    close,
    county_of,
    decline,
    escalate,
    extend,
    find_repeat,
    follow_up,
    mark_handled,
    register_petition,
)
from gonghui.rights.actions.supervision import (
    issue_letter,
    record_reply,
    refer_to_procuratorate,
    set_up_committee,
)

__all__ = [
    "CONFLICT_MESSAGE",
    "ConflictError",
    "PetitionerData",
    "accept",
    "add_centre",
    "add_lawyer",
    "answer",
    "assign",
    "attach_file",
    "book_consultation",
    "close",
    "copy_rota",
    "county_of",
    "decline",
    "escalate",
    "extend",
    "find_repeat",
    "follow_up",
    "free_places",
    "issue_letter",
    "mark_handled",
    "record_consultation",
    "record_reply",
    "refer_to_procuratorate",
    "register_petition",
    "schedule_shift",
    "set_up_committee",
]
