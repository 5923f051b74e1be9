"""Rights protection records (维权): petitions, lawyers and shifts, labour-law supervision."""

from gonghui.rights.models.lawyers import (
    Booking,
    Consultation,
    LawyerShift,
    Referral,
    ServiceCentre,
    VolunteerLawyer,
)
from gonghui.rights.models.petitions import (
    Channel,
    EventKind,
    LeaderReceptionDay,
    Matter,
    Petition,
    PetitionAttachment,
    Petitioner,
    PetitionEvent,
    State,
)
from gonghui.rights.models.supervision import (
    LetterKind,
    LetterTopic,
    SupervisionCommittee,
    SupervisionLetter,
)

__all__ = [
    "Booking",
    "Channel",
    "Consultation",
    "EventKind",
    "LawyerShift",
    "LeaderReceptionDay",
    "LetterKind",
    "LetterTopic",
    "Matter",
    "Petition",
    "PetitionAttachment",
    "PetitionEvent",
    "Petitioner",
    "Referral",
    "ServiceCentre",
    "State",
    "SupervisionCommittee",
    "SupervisionLetter",
    "VolunteerLawyer",
]
