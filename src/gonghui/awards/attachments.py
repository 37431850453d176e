"""The files attached to a nominee's material (推荐材料附件: 事迹材料, 证明材料, photos): PDF, JPEG, PNG or DOCX, at
most 10 MB each, at most 10 per nominee, checked and kept by core's documents (`core/documents.py`)."""

from gonghui.core.documents import DOCUMENT_MAX_BYTES as ATTACHMENT_MAX_BYTES  # noqa: F401
from gonghui.core.documents import document_discard as attachment_discard  # noqa: F401
from gonghui.core.documents import (
    document_kind,
    document_store,
    size_label,  # noqa: F401
)
from gonghui.core.documents import document_response as attachment_response  # noqa: F401

ATTACHMENTS_PER_NOMINATION = 10
FOLDER = "awards/attachments"
ACCEPTED = "PDF、Word（DOCX）、JPG 或 PNG"
FIELD = "file"


def kind_of(upload) -> str | None:
    """The file's format by its bytes: pdf, docx, jpg, png, or None."""
    return document_kind(upload, photos=True)


def attachment_store(upload) -> tuple[str, str]:
    """Check an uploaded file and keep it; returns (storage name, format)."""
    return document_store(upload, folder=FOLDER, field=FIELD, accepted=ACCEPTED, photos=True, unnamed="附件")
