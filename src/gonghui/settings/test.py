"""Settings for the test suite: SQLite in memory unless DATABASE_URL names PostgreSQL."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, MIDDLEWARE

SECRET_KEY = "gonghui-test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT = None

# Every response passes the personal-data leak watch (core/testing/leaks.py; checked after each test).
MIDDLEWARE = ["gonghui.core.testing.leaks.LeakWatchMiddleware", *MIDDLEWARE]
