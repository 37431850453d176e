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
# The audit chain's own key (decision 0006): derived from SECRET_KEY, rotating that secret would break the chain.
GONGHUI_AUDIT_KEYS = required("GONGHUI_AUDIT_KEYS")
# Workers receive their codes only through a real gateway's sender (docs/operations.md); say which, explicitly.
GONGHUI_SMS_SENDER = required("GONGHUI_SMS_SENDER")
DEBUG = False
ALLOWED_HOSTS = required("GONGHUI_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GONGHUI_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("生产环境须使用 PostgreSQL: set DATABASE_URL=postgres://…")

SECURE_SSL_REDIRECT = os.environ.get("GONGHUI_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# ---- 等保: staff sign-in
# Level 3 asks two factors of everyone who can reveal personal data and of the three administrators; turning it
# off here is flagged by `check --deploy` (gonghui.W101).
GONGHUI_MFA_REQUIRED = env_bool("GONGHUI_MFA_REQUIRED", True)  # noqa: F405 - from .base

# ---- hardening
# Never demo mode in production: personal-data keys are required above.
GONGHUI_DEMO = False
# Behind a TLS-terminating proxy (docs/operations.md, "在反向代理之后"). Only then is X-Forwarded-Proto believed,
# and only a proxy that overwrites the header on every request may be put in front: a client could otherwise
# claim HTTPS.
GONGHUI_BEHIND_PROXY = env_bool("GONGHUI_BEHIND_PROXY", False)  # noqa: F405 - from .base
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if GONGHUI_BEHIND_PROXY else None
# The host the browser asked for, from X-Forwarded-Host (when the proxy sets it and passes another Host).
USE_X_FORWARDED_HOST = GONGHUI_BEHIND_PROXY and env_bool("GONGHUI_USE_X_FORWARDED_HOST", False)  # noqa: F405
