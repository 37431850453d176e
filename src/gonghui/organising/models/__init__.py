"""The organising records, one file per part: what every part shares (`base`: the target and its stage), and each
part's own records in a file of its own."""

from .base import STAGE_ORDER, Priority, Stage, Target  # noqa: F401
from .pipeline import EventContact, Opinion, OutreachEvent, Visit  # noqa: F401
from .registry import ChangeField, LegalPerson, LegalPersonChange, LegalPersonStatus  # noqa: F401
from .setup import COMMITTEE_MIN_MEMBERS, OPEN_STATUSES, JointCover, SetUp, SetUpStatus  # noqa: F401
