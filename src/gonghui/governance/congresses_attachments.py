"""The document attached to a congress's report (工作报告, 财务报告, 经审报告 …): PDF or DOCX, at most 10 MB. A file is
known by its bytes, never by its name (the approach of awards/attachments.py, kept here since work modules do not
import each other): a PDF begins with `%PDF-`, a DOCX is a zip holding `[Content_Types].xml` and
`word/document.xml` (its directory read, never extracted). It is kept in the default storage under a name Gonghui
chooses; the name it was uploaded under is kept on the row for the download only."""

import secrets
import zipfile
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse

from gonghui.core.errors import DomainError

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
FOLDER = "governance/reports"
_DOCX_MAX_ENTRIES = 2000
_DOCX_MAX_UNPACKED = 200 * 1024 * 1024
_DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ACCEPTED = "PDF 或 Word（DOCX）"
FIELD = "upload"


def _is_docx(upload) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > _DOCX_MAX_ENTRIES or sum(e.file_size for e in entries) > _DOCX_MAX_UNPACKED:
                return False
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return all(part in names for part in _DOCX_PARTS)


def kind_of(upload) -> str | None:
    """The file's format by its first bytes (and, for a zip, its directory): pdf, docx, or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return "docx"
    return None


def attachment_store(upload) -> tuple[str, str]:
    """Check an uploaded report and keep it; (storage name, format). A DomainError names the file when it is
    too big, empty, or neither PDF nor DOCX."""
    name = getattr(upload, "name", "") or "文件"
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise DomainError(
            "attachment_too_big",
            f"文件“{name}”超过 {ATTACHMENT_MAX_BYTES // 1024 // 1024} MB，未上传",
            fields={FIELD: "文件过大"},
        )
    if upload.size == 0:
        raise DomainError("attachment_empty", f"文件“{name}”是空文件，未上传", fields={FIELD: "空文件"})
    kind = kind_of(upload)
    if kind is None:
        raise DomainError(
            "attachment_type",
            f"文件“{name}”不是 {ACCEPTED} 格式，未上传",
            fields={FIELD: f"只接受 {ACCEPTED}"},
        )
    upload.seek(0)
    stored = default_storage.save(f"{FOLDER}/{secrets.token_hex(12)}.{kind}", ContentFile(upload.read()))
    return stored, kind


def attachment_response(stored_name: str, download_name: str) -> FileResponse:
    ext = stored_name.rsplit(".", 1)[-1]
    response = FileResponse(
        default_storage.open(stored_name, "rb"),
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def size_label(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"
