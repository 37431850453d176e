"""The services' records, one file per part: the providers every part shares (`base`), and each part's own
records in a file of its own."""

from . import volunteers  # noqa: F401
from .base import Provider, ProviderKind  # noqa: F401
from .cases import CaseEvent, ConflictHit, LegalCase, Party  # noqa: F401
from .hardship import HardshipFile, HardshipGrant, IncomeLine  # noqa: F401
from .requests import RequestStep, ServiceRequest  # noqa: F401
from .stations import (  # noqa: F401
    Channel,
    Consultation,
    Material,
    Outcome,
    Pairing,
    Risk,
    RiskKind,
    RiskLevel,
    ScreeningVisit,
    Shift,
    Topic,
)
