"""The services' records, one file per part: the providers every part shares (`base`), and each part's own
records in a file of its own."""

from . import volunteers  # noqa: F401
from .base import Provider, ProviderKind  # noqa: F401
