"""The HTTP API: one NinjaAPI mounting each module's routers (core.modules); OpenAPI at /api/openapi.json."""

from functools import wraps

from django.http import JsonResponse
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from gonghui.accounts.services import token_authenticate
from gonghui.core.access import LOGIN
from gonghui.core.api import HTTP_ERRORS, install_error_handlers, refuse_nul
from gonghui.core.modules import load, registered


def docs_access(view):
    """The schema and its viewer are for signed-in staff or token holders, like the rest of the API."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and (user := token_authenticate(header[7:].strip())) is not None:
            request.user = user
        if not request.user.is_authenticated:
            code, message = HTTP_ERRORS[401]
            return JsonResponse({"code": code, "message": message, "fields": {}}, status=401)
        return view(request, *args, **kwargs)

    checked.access_rule = LOGIN  # type: ignore[attr-defined]
    return checked


class BearerToken(HttpBearer):
    """Personal access tokens: `Authorization: Bearer ghp_…`."""

    def authenticate(self, request, token):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


api = NinjaAPI(
    title="Gonghui 工会 API",
    version="1",
    description="工会组织、会员与工作数据接口。认证：个人访问令牌 (Authorization: Bearer …) 或已登录会话。",
    auth=[BearerToken(), django_auth],
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs_decorator=docs_access,
    urls_namespace="api",
)


install_error_handlers(api)
api.add_decorator(refuse_nul)


for _, module in registered():
    for prefix, router in module.api:
        api.add_router(prefix, load(router))
