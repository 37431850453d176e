"""The services' records, one file per part: the providers every part shares (`base`), and each part's own
records in a file of its own."""

from .base import Provider, ProviderKind  # noqa: F401
from .requests import RequestStep, ServiceRequest  # noqa: F401
