"""Photos staff upload with their records (an activity, a hand-out of supplies): checked by their bytes, not their
names, re-encoded without their metadata (a phone's photo carries where and when it was taken, and with what),
kept in the default storage under a name Gonghui chooses, and served only through a view that checks scope.
"""

import io
import secrets
import warnings

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse
from PIL import Image, ImageOps

from .errors import DomainError

PHOTO_MAX_BYTES = 8 * 1024 * 1024
# A few kilobytes of a crafted PNG can claim an image of billions of pixels (a decompression bomb); no camera's
# photo comes near this (a 50-megapixel phone: 8160 × 6120).
PHOTO_MAX_PIXELS = 60_000_000
_PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# the first bytes of each accepted format: a renamed .exe or .html never passes as a photo
_SIGNATURES = (
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
)
CONTENT_TYPES = {ext: ctype for _, ext, ctype in _SIGNATURES} | {"webp": "image/webp"}


def _kind(head: bytes) -> str | None:
    for signature, ext, _ in _SIGNATURES:
        if head.startswith(signature):
            return ext
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def photo_store(upload, *, folder: str, field: str = "photo") -> str:
    """Check an uploaded photo (JPEG, PNG or WebP, at most 8 MB) and store it; returns the storage name.

    Raises DomainError naming the field and the file when it is not a photo or is too big."""
    name = getattr(upload, "name", "") or "照片"
    if upload.size > PHOTO_MAX_BYTES:
        raise DomainError(
            "photo_too_big",
            f"照片“{name}”超过 {PHOTO_MAX_BYTES // 1024 // 1024} MB，请压缩后再上传",
            fields={field: "文件过大"},
        )
    upload.seek(0)
    head = upload.read(16)
    ext = _kind(head)
    if ext is None:
        raise DomainError(
            "photo_type",
            f"文件“{name}”不是 JPG、PNG 或 WebP 格式的照片",
            fields={field: "只接受 JPG、PNG、WebP 照片"},
        )
    upload.seek(0)
    content = _without_metadata(upload.read(), ext, name=name, field=field)
    return default_storage.save(f"{folder}/{secrets.token_hex(12)}.{ext}", ContentFile(content))


def _without_metadata(data: bytes, ext: str, *, name: str, field: str) -> bytes:
    """The photo drawn again from its pixels alone: EXIF (GPS position, time, camera), XMP and comments are
    left behind. The EXIF orientation is applied first, so the photo still stands the right way up."""
    not_a_photo = DomainError(
        "photo_type",
        f"文件“{name}”不是 JPG、PNG 或 WebP 格式的照片",
        fields={field: "只接受 JPG、PNG、WebP 照片"},
    )
    too_many_pixels = DomainError(
        "photo_too_big",
        f"照片“{name}”的像素过多（上限 {PHOTO_MAX_PIXELS // 1_000_000} 百万像素），请缩小后再上传",
        fields={field: "照片尺寸过大"},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=[_PILLOW_FORMATS[ext]])
            if opened.width * opened.height > PHOTO_MAX_PIXELS:
                raise too_many_pixels
            image: Image.Image = ImageOps.exif_transpose(opened)  # loaded; a copy, orientation applied
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels from exc
    except DomainError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a damaged or disguised file
        raise not_a_photo from exc
    # colours and transparency are not metadata: kept so the photo looks the same; everything else goes
    image.info = {k: v for k, v in image.info.items() if k in ("icc_profile", "transparency")}
    if ext == "jpg" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if ext == "webp" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    options: dict[str, object] = {"quality": 90} if ext in ("jpg", "webp") else {"optimize": True}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    out = io.BytesIO()
    image.save(out, format=_PILLOW_FORMATS[ext], **options)
    return out.getvalue()


def photo_discard(stored_name: str) -> None:
    """Remove a stored photo once the transaction that dropped its row has committed (never before: a rollback
    would leave a row pointing at nothing)."""
    transaction.on_commit(lambda: default_storage.delete(stored_name))


def photo_response(stored_name: str) -> FileResponse:
    """Serve a stored photo inline, with its type taken from the name Gonghui gave it."""
    ext = stored_name.rsplit(".", 1)[-1]
    response = FileResponse(default_storage.open(stored_name, "rb"), content_type=CONTENT_TYPES[ext])
    response["X-Content-Type-Options"] = "nosniff"
    # Opened on its own, the browser wraps the photo in a viewer page that styles itself inline; this response
    # holds nothing but the image, so it gets a policy of its own instead of the site's (which the CSP
    # middleware leaves alone when a response already has one).
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    return response
