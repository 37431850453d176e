"""The competitions' records, one file per part: the competition with its groups, stages, entrants and placings
(`base`), and each format's own records in a file of its own."""

from .base import (  # noqa: F401
    Channel,
    Competition,
    CompetitionKind,
    Entrant,
    EntrantKind,
    EntrantStatus,
    EntrantUnit,
    Format,
    Group,
    Placing,
    PrizeTier,
    Stage,
    StageEntrant,
    TieRule,
)
from .heats import HeatRun, RunStatus  # noqa: F401
from .judged import Criterion, CriterionKind, Judge, Score  # noqa: F401
from .league import Match, Side  # noqa: F401
from .photo import JuryMark, JuryRound, RoundKind, Submission, SubmissionStatus, Vote  # noqa: F401
