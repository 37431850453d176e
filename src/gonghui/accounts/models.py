"""Staff users, login throttling and personal access tokens."""

import datetime as dt
import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.demo_guard import DEMO_PASSWORD, demo_password_hash
from gonghui.core.paths import PathField
from gonghui.core.scope import Scope, ScopedQuerySet


class StaffQuerySet(ScopedQuerySet):
    pass


class StaffManager(UserManager.from_queryset(StaffQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A staff account. `org` is the organisation the person works for; it decides who may manage the account."""

    full_name = models.CharField(_("姓名"), max_length=60, blank=True)
    org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name=_("所属组织"),
    )
    org_path = PathField(blank=True, editable=False, db_index=True)
    # None: set by an administrator (or never set), so it must be changed at the next sign-in.
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)

    objects = StaffManager()
    # a staff account is seen by whoever manages staff, or security, in the subtree of its organisation
    scope = Scope.of(view="staff.manage", manage="staff.manage", security="security.manage")

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["username"]

    def save(self, *args, **kwargs):
        self.org_path = self.org.path if self.org_id else ""
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.full_name}({self.username})" if self.full_name else self.username

    def set_password(self, raw_password):
        if settings.GONGHUI_DEMO and raw_password == DEMO_PASSWORD:
            # `gonghui demo` gives its accounts the published password: one hash per process, not one per account
            self.password, self._password = demo_password_hash(), raw_password
        else:
            super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def password_expired(self) -> bool:
        """Whether the password must be changed before anything else (GONGHUI_PASSWORD_MAX_AGE_DAYS; 0: never)."""
        days = settings.GONGHUI_PASSWORD_MAX_AGE_DAYS
        if not days or not self.has_usable_password():
            return False
        changed = self.password_changed_at
        return changed is None or timezone.now() - changed > dt.timedelta(days=days)


class LoginThrottle(models.Model):
    """Failed sign-ins per username; after too many, the account is locked for a while."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


class AddressThrottle(models.Model):
    """Failed sign-ins per client address, counted over a window of LOGIN_LOCKOUT_MINUTES. A success does not
    clear it, so guessing many accounts' passwords from one address is stopped too."""

    address = models.GenericIPAddressField(unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_start = models.DateTimeField(null=True, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal access token; only its SHA-256 digest is stored, the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("用途"), max_length=80)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("有效期至"), null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("访问令牌")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is None or self.expires_at <= timezone.now()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired
