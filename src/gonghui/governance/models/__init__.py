"""The governance records, one file per part: what every part shares (`base`: congresses, committees), and each
part's own records in a file of its own."""

from .base import Committee, CommitteeMember, CommitteeRole, Congress, CongressKind  # noqa: F401
from .congresses import *  # noqa: F403
from .elections import Ballot, Candidate, Election, ElectionBody, ElectionStatus, ShortfallRule, TallyMode  # noqa: F401
from .evaluations import (  # noqa: F401
    EvaluationCategory,
    EvaluationIndicator,
    EvaluationRound,
    EvaluationScheme,
    EvaluationScore,
    EvaluationUnit,
    Method,
    RoundStatus,
    SelfAssessment,
    SiteVisit,
)
from .plans import Plan, PlanItem, PlanItemOwner, PlanKind, PlanStatus, ProgressReport  # noqa: F401
