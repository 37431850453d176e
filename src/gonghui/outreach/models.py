"""Join codes and outreach events (W1), the consent a worker gives (PIPL), SMS codes, and what each join produced.

A join code belongs to a union that holds members (base union, joint union, street federation); it may belong to
an outreach event (a stall, a 集中入会 ceremony, a visit to a riders' station) with a joining gift. Scans, joins,
approvals and gifts are counted from the rows here and the memberships they link to.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import OrgOwned
from gonghui.core.paths import BytewiseCharField
from gonghui.core.scope import Scope, ScopedQuerySet

CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: read aloud or typed from a poster
CODE_LENGTH = 8


def new_code_token() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class OutreachEvent(OrgOwned):
    """A stall, a joining ceremony or a visit where workers join on the spot (W1)."""

    name = models.CharField(_("活动名称"), max_length=200)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    on_date = models.DateField(_("日期"), default=timezone.localdate)
    staff_present = models.CharField(_("参加人员"), max_length=500, blank=True)
    gift = models.CharField(
        _("入会礼品"), max_length=100, blank=True, help_text=_("入会有礼，如：防晒冰袖一副")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.view", manage="member.manage")

    class Meta:
        verbose_name = _("入会活动")
        ordering = ["-on_date", "-id"]
        indexes = [models.Index(fields=["org_path", "-on_date"], name="outreach_event_scope_idx")]

    def __str__(self) -> str:
        return self.name


class JoinCode(OrgOwned):
    """A QR code and short URL through which workers join `org`."""

    token = BytewiseCharField(max_length=16, unique=True, default=new_code_token, editable=False)
    label = models.CharField(_("名称"), max_length=100, help_text=_("如：大栅栏商业街摆摊点"))
    event = models.ForeignKey(
        OutreachEvent,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="codes",
        verbose_name=_("入会活动"),
    )
    auto_approve = models.BooleanField(
        _("自动审批"), default=False, help_text=_("扫码提交即入会，不经工会审批（新就业形态联合工会常用）")
    )
    expires_at = models.DateTimeField(_("有效期至"), null=True, blank=True)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.view", manage="member.manage")

    class Meta:
        verbose_name = _("入会二维码")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.closed_at is None and (self.expires_at is None or self.expires_at > now)

    @property
    def gift(self) -> str:
        return self.event.gift if self.event_id and self.event else ""


class JoinScan(models.Model):
    """A join page opened from a code (one per browser session and code)."""

    code = models.ForeignKey(JoinCode, on_delete=models.CASCADE, related_name="scans")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["code", "at"], name="join_scan_code_at_idx")]


class Consent(models.Model):
    """What a worker agreed to before giving personal data (PIPL Art.13-14, and Art.29 for the ID number, a
    sensitive item needing separate consent): when, and which version of the notice."""

    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="consents")
    notice_version = models.CharField(_("告知书版本"), max_length=32)
    agreed_at = models.DateTimeField(_("同意隐私告知时间"))
    id_number_agreed_at = models.DateTimeField(_("单独同意处理身份证号码时间"))
    code = models.ForeignKey(JoinCode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class JoinRecord(OrgOwned):
    """What one submission through a code produced: an application, a membership (auto approval), or a transfer
    request for a worker active elsewhere; and the joining gift, once handed out."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("申请入会")
        JOINED = "joined", _("已入会")
        TRANSFER = "transfer", _("申请转入")

    code = models.ForeignKey(JoinCode, on_delete=models.PROTECT, related_name="joins")
    event = models.ForeignKey(
        OutreachEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="joins"
    )
    membership = models.ForeignKey(
        "members.Membership", on_delete=models.PROTECT, related_name="join_records"
    )
    outcome = models.CharField(_("结果"), max_length=16, choices=Outcome.choices)
    at = models.DateTimeField(default=timezone.now)
    gift_given_at = models.DateTimeField(_("礼品发放时间"), null=True, blank=True)
    gift_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()
    scope = Scope.of(view="member.view", manage="member.manage")

    class Meta:
        indexes = [
            models.Index(fields=["code", "at"], name="join_record_code_at_idx"),
            models.Index(fields=["event", "at"], name="join_record_event_at_idx"),
        ]


class SmsPurpose(models.TextChoices):
    JOIN = "join", _("入会验证")
    LOGIN = "login", _("会员登录")


class SmsCode(models.Model):
    """A one-time code sent to a mobile; only hashes are kept (the number's lookup hash, the code's digest)."""

    mobile_hash = BytewiseCharField(max_length=64)
    purpose = models.CharField(max_length=16, choices=SmsPurpose.choices)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["mobile_hash", "purpose", "-created_at"], name="sms_code_lookup_idx")]


class DemoMessage(models.Model):
    """Messages the demo SMS sender 'sent' (no SMS gateway in the demo): shown on the demo page, with the
    mobile masked."""

    mobile_masked = models.CharField(max_length=16)
    text = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
