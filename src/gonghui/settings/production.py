"""Production settings: PostgreSQL from DATABASE_URL, secrets from the environment, HTTPS-only cookies."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"环境变量 {name} 未设置 (required in production)")
    return value


SECRET_KEY = required("GONGHUI_SECRET_KEY")
GONGHUI_DATA_KEYS = required("GONGHUI_DATA_KEYS")
GONGHUI_LOOKUP_KEY = required("GONGHUI_LOOKUP_KEY")
# Workers receive their codes only through a real gateway's sender (docs/operations.md); say which, explicitly.
GONGHUI_SMS_SENDER = required("GONGHUI_SMS_SENDER")
DEBUG = False
ALLOWED_HOSTS = required("GONGHUI_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("生产环境须使用 PostgreSQL: set DATABASE_URL=postgres://…")

SECURE_SSL_REDIRECT = os.environ.get("GONGHUI_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
