"""The governance records, one file per part: what every part shares (`base`: congresses, committees), and each
part's own records in a file of its own."""

from .base import Committee, CommitteeMember, CommitteeRole, Congress, CongressKind  # noqa: F401
from .plans import Plan, PlanItem, PlanItemOwner, PlanKind, PlanStatus, ProgressReport  # noqa: F401
