"""Request bodies too large for any form are refused from their Content-Length, before a byte of them is read.

GONGHUI_UPLOAD_MAX_BYTES bounds every request; GONGHUI_UPLOAD_MAX_BYTES_BY_PATH lets a page that takes big files
(the roster upload) have its own bound. The answer is 413 with a short Chinese page, or the API's error shape
under /api/. The proxy in front (nginx `client_max_body_size`) should hold the same bound, so that the body never
reaches the application server at all; this is the line Gonghui itself holds when it does.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

from .access import API_PREFIX


def body_limit(path: str) -> int:
    by_path = getattr(settings, "GONGHUI_UPLOAD_MAX_BYTES_BY_PATH", {}) or {}
    return int(by_path.get(path, settings.GONGHUI_UPLOAD_MAX_BYTES))


def megabytes(n: int) -> str:
    """A size as people read it: `20 MB`, `20.5 MB`, `300 KB`."""
    if n < 1024 * 1024:
        return f"{max(n // 1024, 1)} KB"
    return f"{n / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def too_large_message(limit: int) -> str:
    return f"提交的内容超过 {megabytes(limit)} 的上限，未被接收。请压缩文件或分批提交。"


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django's own parsing refuses a malformed length
        limit = body_limit(request.path_info)
        if length > limit:
            return self.refuse(request, limit)
        return self.get_response(request)

    @staticmethod
    def refuse(request, limit: int) -> HttpResponse:
        message = too_large_message(limit)
        if request.path_info.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse(
                {"code": "too_large", "message": message, "fields": {}}, status=413
            )
        else:
            response = HttpResponse(
                '<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>内容过大</title>'
                f'<h1>内容过大</h1><p>{escape(message)}</p><p><a href="/">返回首页</a></p>',
                status=413,
                content_type="text/html; charset=utf-8",
            )
        return response
