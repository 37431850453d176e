"""The e-member card's code and its reader (M3): what the card's QR code carries, and what a scanned or typed code
says. Staff pages, activities' check-in and care's hand-outs all read cards through `card_check`."""

import datetime as dt
import hmac
from dataclasses import dataclass

from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import audit_record

from .audit import MemberAudit
from .models import Membership, MembershipStatus

CARD_PURPOSE = (
    "outreach.card"  # the lookup key's purpose for card codes (kept: cards already shown stay valid)
)


def _card_digits(number: str, day: dt.date) -> str:
    digest = personal.lookup_hash(f"{number}:{day.isoformat()}", purpose=CARD_PURPOSE)
    return f"{int(digest[:12], 16) % 1_000_000:06d}"


def card_code(membership: Membership, today: dt.date | None = None) -> str:
    """What the e-card's QR code carries: the member number and a check code that changes every day, so a copy
    of yesterday's card stops working tomorrow."""
    today = today or timezone.localdate()
    return f"{membership.number}-{_card_digits(membership.number or '', today)}"


@dataclass
class CardCheck:
    valid: bool
    message: str
    membership: Membership | None = None

    @property
    def masked_name(self) -> str:
        """The surname only (张**): enough to match the person in front of you."""
        return personal.mask_name(self.membership.person.full_name if self.membership else "")


def card_check(code_text: str, today: dt.date | None = None) -> CardCheck:
    """What a scanned or typed card code says: whose card, and whether it is a live member's today. Callers
    record what they did with it (a check, a check-in, a receipt) in their own audit entry."""
    today = today or timezone.localdate()
    text = "".join(code_text.split()).replace("—", "-")
    number, _, digits = text.rpartition("-")
    membership = (
        Membership.objects.select_related("person", "org").filter(number=number).first() if number else None
    )
    if membership is None or not any(
        hmac.compare_digest(digits, _card_digits(number, today - dt.timedelta(days=d))) for d in (0, 1)
    ):
        result = CardCheck(False, "无效的会员码：请让会员刷新电子会员证后重新扫码")
    else:
        status = membership.status_on(today)
        if status in (MembershipStatus.ACTIVE, MembershipStatus.RETAINED, MembershipStatus.IN_TRANSFER):
            result = CardCheck(True, f"有效会员（{membership.status_label()}）", membership)
        else:
            result = CardCheck(False, f"会籍状态：{membership.status_label()}，不是有效会员", membership)
    return result


def card_verify(*, actor, code_text: str, today: dt.date | None = None) -> CardCheck:
    """Staff check a scanned or typed card code. Any staff member may check any card (a worker is checked
    wherever they are served); the answer shows masked data only, and each check is audited."""
    result = card_check(code_text, today)
    membership = result.membership
    audit_record(
        actor=actor,
        action=MemberAudit.CARD_VERIFY,
        category="access",
        org=membership.org if membership else None,
        target=membership,
        target_label=f"{membership.number}：{'有效' if result.valid else '无效'}"
        if membership
        else "无效的会员码",
    )
    return result
