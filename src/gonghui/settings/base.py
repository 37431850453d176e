"""Settings shared by every deployment; the default for `gonghui` (embedded SQLite under ./var)."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GONGHUI_VAR_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# The embedded default is for a laptop or a demo; production.py insists on a real secret.
SECRET_KEY = os.environ.get(
    "GONGHUI_SECRET_KEY", "gonghui-insecure-embedded-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("GONGHUI_DEBUG", False)
ALLOWED_HOSTS = [
    h for h in os.environ.get("GONGHUI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks_db",
    "gonghui.core",
    "gonghui.accounts",
    "gonghui.orgs",
    "gonghui.members",
    "gonghui.stats",
    "gonghui.imports",
    "gonghui.outreach",
    "gonghui.dashboards",
    "gonghui.activities",
    "gonghui.care",
    "gonghui.demo",
]
# A new module is one folder (docs/adding-a-module.md): every package of gonghui with an apps.py is installed after
# the apps above, in name order, and modules kept outside the package are named in GONGHUI_EXTRA_MODULES.
INSTALLED_APPS += sorted(
    f"gonghui.{p.name}"
    for p in PACKAGE_DIR.iterdir()
    if (p / "apps.py").is_file() and f"gonghui.{p.name}" not in INSTALLED_APPS
)
INSTALLED_APPS += [m for m in os.environ.get("GONGHUI_EXTRA_MODULES", "").split(",") if m.strip()]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.sessions.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gonghui.core.access.AccessRuleMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
# where the members' own pages (access rule MEMBER) send a worker who has not signed in with their mobile
GONGHUI_MEMBER_LOGIN_URL = "/me/login/"
LOGIN_REDIRECT_URL = "orgs:tree"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.context.navigation",
            ],
        },
    },
]

VAR_DIR_DEFAULT_DB = f"sqlite:///{VAR_DIR / 'gonghui.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", VAR_DIR_DEFAULT_DB), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # The web server and the task worker share the file: WAL lets readers run beside the writer, and
    # IMMEDIATE transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Idle timeout: a request renews the session (at most once a minute, core/sessions.py), so it ends after this
# many idle minutes.
SESSION_IDLE_MINUTES = int(os.environ.get("GONGHUI_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# a refused form (expired page, signed out elsewhere) answers the Chinese 403 page with the navigation
CSRF_FAILURE_VIEW = "gonghui.core.views.csrf_failure"

# Lockout after repeated failed logins (per username).
LOGIN_FAILURE_LIMIT = int(os.environ.get("GONGHUI_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("GONGHUI_LOGIN_LOCKOUT_MINUTES", "15"))

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": VAR_DIR / "media"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Personal data keys (core/personal.py). Unset here, they are derived from SECRET_KEY for development and
# the demo; production requires both (see docs/operations.md, "Keys for personal data").
GONGHUI_DATA_KEYS = os.environ.get("GONGHUI_DATA_KEYS", "")
GONGHUI_LOOKUP_KEY = os.environ.get("GONGHUI_LOOKUP_KEY", "")

# Exports up to this many rows are written while the user waits; larger ones run as background jobs.
# SMS codes for workers (joining, signing in): a class with send(mobile, text). The demo sender sends nothing; it
# keeps the message for the demo page. Production sets the gateway's sender.
GONGHUI_SMS_SENDER = os.environ.get("GONGHUI_SMS_SENDER", "gonghui.outreach.sms.DemoSender")

# Behind a proxy, the request header carrying the client's address (e.g. HTTP_X_REAL_IP), for rate limits.
GONGHUI_CLIENT_IP_HEADER = os.environ.get("GONGHUI_CLIENT_IP_HEADER", "")

# Rate-limit counters: Redis when GONGHUI_CACHE_URL is set (needed with several server processes), else memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["GONGHUI_CACHE_URL"],
    }
    if os.environ.get("GONGHUI_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# With Redis, a page reads its session from Redis and a change is written to both (the database stays the record):
# the worker's join pages no longer read PostgreSQL for their session on every request. Without Redis each process
# would keep a copy of its own, so sessions stay in the database alone.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("GONGHUI_CACHE_URL")
    else "django.contrib.sessions.backends.db"
)

# Processes checking a big roster's rows (imports); unset: one per core, at most 4.
GONGHUI_IMPORT_WORKERS = (
    int(os.environ["GONGHUI_IMPORT_WORKERS"]) if os.environ.get("GONGHUI_IMPORT_WORKERS") else None
)
GONGHUI_SYNC_EXPORT_MAX_ROWS = int(os.environ.get("GONGHUI_SYNC_EXPORT_MAX_ROWS", "5000"))
# An application to join waiting longer than this many days is overdue: marked in 入会审批 and on the dashboard.
GONGHUI_APPLICATION_OVERDUE_DAYS = int(os.environ.get("GONGHUI_APPLICATION_OVERDUE_DAYS", "30"))
# Records entered after the fact (joins from a past stall, stock, hand-outs, activities) may be dated this many
# days back without a reason; further back needs one, which is audited (core/backdating.py).
GONGHUI_BACKDATE_DAYS = int(os.environ.get("GONGHUI_BACKDATE_DAYS", "30"))

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Statistics: subtrees holding at least this many member spans read monthly rollups; smaller ones are counted
# directly from the facts (fast at that size). A fold is queued at most once per GONGHUI_STATS_FOLD_WAIT seconds.
GONGHUI_STATS_ROLLUP_MIN = int(os.environ.get("GONGHUI_STATS_ROLLUP_MIN", "2000"))
GONGHUI_STATS_FOLD_WAIT = 10

# ---- 等保: staff sign-in (GB/T 22239-2019 §8.1.4.1, §8.1.4.2; docs/security.md)
# Second factor: TOTP (django-otp) with single-use recovery codes.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
# After the messages middleware: it signs out sessions that are too old or lack their second factor, and keeps
# a user whose password has expired on the change-password page.
MIDDLEWARE.insert(
    MIDDLEWARE.index("gonghui.core.access.AccessRuleMiddleware"),
    "gonghui.accounts.middleware.SignInPolicyMiddleware",
)
# Off in the embedded demo and the tests; on in production (production.py). Users who have enrolled are always
# asked for their code; when on, holders of orgs.permissions.MFA_PERMISSIONS must enrol at their next sign-in.
GONGHUI_MFA_REQUIRED = env_bool("GONGHUI_MFA_REQUIRED", False)
OTP_TOTP_ISSUER = os.environ.get("GONGHUI_MFA_ISSUER", "工会工作平台")
# Password rules: length and character classes (lower, upper, digit, symbol); the days before it must change
# (0: never); personal API tokens last this many days and are revoked when the password changes.
GONGHUI_PASSWORD_MIN_LENGTH = int(os.environ.get("GONGHUI_PASSWORD_MIN_LENGTH", "10"))
GONGHUI_PASSWORD_MIN_CLASSES = int(os.environ.get("GONGHUI_PASSWORD_MIN_CLASSES", "3"))
GONGHUI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("GONGHUI_PASSWORD_MAX_AGE_DAYS", "90"))
GONGHUI_TOKEN_MAX_AGE_DAYS = int(os.environ.get("GONGHUI_TOKEN_MAX_AGE_DAYS", "90"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {
        "NAME": "gonghui.accounts.validators.CharacterClassValidator",
        "OPTIONS": {"min_length": GONGHUI_PASSWORD_MIN_LENGTH, "min_classes": GONGHUI_PASSWORD_MIN_CLASSES},
    },
]
# A session ends this many hours after sign-in however busy it is (the idle timeout above still applies).
GONGHUI_SESSION_MAX_HOURS = int(os.environ.get("GONGHUI_SESSION_MAX_HOURS", "12"))
# Failed sign-ins from one client address within LOGIN_LOCKOUT_MINUTES before that address is refused for as
# long (besides the per-account LOGIN_FAILURE_LIMIT).
GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))

# ---- 等保: audit and backup
# The audit log's hash chain is an HMAC-SHA256 (decision 0006) under "kid:base64key[,kid:base64key…]": the first
# key seals new records, every listed key verifies. Unset, it is derived from SECRET_KEY (development, demo).
GONGHUI_AUDIT_KEYS = os.environ.get("GONGHUI_AUDIT_KEYS", "")
# Days audit records are kept before `gonghui audit prune` may remove archived ones; never less than 180.
GONGHUI_AUDIT_RETENTION_DAYS = int(os.environ.get("GONGHUI_AUDIT_RETENTION_DAYS", "180"))

# ---- hardening
# Demo mode: only `gonghui demo` (which sets GONGHUI_DEMO=1 before the settings load) may derive the personal-data
# keys from the embedded SECRET_KEY above; anywhere else that secret without real keys is refused (core/personal.py).
GONGHUI_DEMO = env_bool("GONGHUI_DEMO", False)
# Request bodies larger than this are refused with 413 from their Content-Length, before they are read
# (core/limits_middleware.py); the roster upload page may take a roster of GONGHUI_ROSTER_MAX_BYTES. A photo is at
# most 8 MB (core/uploads.py). Hold the same bounds in the proxy (nginx client_max_body_size).
GONGHUI_UPLOAD_MAX_BYTES = int(os.environ.get("GONGHUI_UPLOAD_MAX_BYTES", str(20 * 1024 * 1024)))
# A roster of a million rows is about 50 MB as .xlsx; bigger ones go through `gonghui importroster`.
GONGHUI_ROSTER_MAX_BYTES = int(os.environ.get("GONGHUI_ROSTER_MAX_BYTES", str(100 * 1024 * 1024)))
# the roster upload page: the roster and the rest of its form
GONGHUI_UPLOAD_MAX_BYTES_BY_PATH = {"/imports/": GONGHUI_ROSTER_MAX_BYTES + 1024 * 1024}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "gonghui.core.limits_middleware.RequestSizeLimitMiddleware",
)
# Form fields and JSON bodies (files excepted) held in memory: the largest is a bulk decision of a few thousand ids.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The production SMS sender (GONGHUI_SMS_SENDER=gonghui.core.sms_gateway.HttpGatewaySender): where it POSTs
# {"mobile", "text"} as JSON, the bearer token it sends, and how many seconds it waits for an answer.
GONGHUI_SMS_GATEWAY_URL = os.environ.get("GONGHUI_SMS_GATEWAY_URL", "")
GONGHUI_SMS_GATEWAY_TOKEN = os.environ.get("GONGHUI_SMS_GATEWAY_TOKEN", "")
GONGHUI_SMS_GATEWAY_TIMEOUT = float(os.environ.get("GONGHUI_SMS_GATEWAY_TIMEOUT", "10"))
