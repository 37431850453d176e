"""The document attached to a congress's report (工作报告, 财务报告, 经审报告 …): PDF or DOCX, at most 10 MB, checked
and kept by core's documents (`core/documents.py`)."""

from gonghui.core.documents import document_response as attachment_response  # noqa: F401
from gonghui.core.documents import (
    document_store,
    size_label,  # noqa: F401
)

FOLDER = "governance/reports"
ACCEPTED = "PDF 或 Word（DOCX）"
FIELD = "upload"


def attachment_store(upload) -> tuple[str, str]:
    """Check an uploaded report and keep it; (storage name, format)."""
    return document_store(upload, folder=FOLDER, field=FIELD, accepted=ACCEPTED, photos=False)
