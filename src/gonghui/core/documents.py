"""Documents staff attach to a record (a nominee's material, a congress's report): PDF or DOCX, and where a module
allows them photos, at most 10 MB. A file is known by its bytes, never by its name: a PDF begins with `%PDF-`, a
DOCX is a zip holding `[Content_Types].xml` and `word/document.xml` (its directory read, never extracted), and a
photo passes core.uploads's checks, which also draw it again without its metadata. Each file is kept in the
default storage under a name Gonghui chooses; the name it was uploaded under stays on the module's row, for the
list and the download only."""

import secrets
import zipfile
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse

from .errors import DomainError
from .uploads import photo_store

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# A DOCX is a handful of XML parts and media; a zip naming thousands of entries, or claiming gigabytes once
# unpacked, is not a document someone wrote (a zip bomb)
_DOCX_MAX_ENTRIES = 2000
_DOCX_MAX_UNPACKED = 200 * 1024 * 1024
_DOCX_PARTS = ("[Content_Types].xml", "word/document.xml")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def _is_docx(upload) -> bool:
    """A zip whose directory names the parts every Word document has. Only the directory is read (zipfile
    never writes anything out here), and a zip claiming too many entries or too many bytes is refused."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if len(entries) > _DOCX_MAX_ENTRIES:
                return False
            if sum(e.file_size for e in entries) > _DOCX_MAX_UNPACKED:
                return False
            names = {e.filename for e in entries}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return all(part in names for part in _DOCX_PARTS)


def document_kind(upload, *, photos: bool) -> str | None:
    """The file's format by its first bytes (and, for a zip, its directory): pdf, docx, with `photos` also jpg
    and png; None for anything else."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if photos and head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if photos and head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and _is_docx(upload):
        return "docx"
    return None


def document_store(
    upload, *, folder: str, field: str, accepted: str, photos: bool, unnamed: str = "文件"
) -> tuple[str, str]:
    """Check an uploaded file and keep it under `folder`; returns (storage name, format). Raises a DomainError on
    `field` naming the file when it is too big, empty or not one of the formats (`accepted` says which, as the
    form does). Photos go through core.uploads (metadata removed, its own limits)."""
    name = getattr(upload, "name", "") or unnamed
    refused = DomainError(
        "attachment_type",
        f"文件“{name}”不是 {accepted} 格式，未上传",
        fields={field: f"只接受 {accepted} 文件"},
    )
    if upload.size > DOCUMENT_MAX_BYTES:
        raise DomainError(
            "attachment_too_big",
            f"文件“{name}”超过 {DOCUMENT_MAX_BYTES // 1024 // 1024} MB，未上传",
            fields={field: "文件过大"},
        )
    if upload.size == 0:
        raise DomainError("attachment_empty", f"文件“{name}”是空文件，未上传", fields={field: "空文件"})
    kind = document_kind(upload, photos=photos)
    if kind is None:
        raise refused
    if kind in ("jpg", "png"):
        # a photo keeps core's own limits (8 MB, 60 megapixels): it is decoded and drawn again
        try:
            return photo_store(upload, folder=folder, field=field), kind
        except DomainError as exc:
            if exc.code == "photo_type":  # a photo's signature on something that is not a photo
                raise refused from exc
            raise
    upload.seek(0)
    stored = default_storage.save(f"{folder}/{secrets.token_hex(12)}.{kind}", ContentFile(upload.read()))
    return stored, kind


def document_discard(stored_name: str) -> None:
    """Remove a stored file once the transaction that dropped its row has committed (a rollback keeps both)."""
    transaction.on_commit(lambda: default_storage.delete(stored_name))


def document_response(stored_name: str, download_name: str) -> FileResponse:
    """Serve a stored file as a download under the name it was uploaded with; its type comes from the name
    Gonghui gave it, and the browser is told not to guess another."""
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
    """A file's size as a list shows it: 820 KB, 2.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"
