"""The hardship part of the services' demo (SCENARIOS / issue 19 §6): 北京's lines for 2025 and 2026, and three
fictional households of 东湖's joint union of new-form workers at different stages (submitted; approved, with aid
from a 冬送温暖 campaign; approved last year, its re-review due within the month), and a 帮扶专员 of 朝阳 to see
them. Idempotent: a second run finds each household's file and the account, and creates nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.accounts import services as account_services
from gonghui.accounts.models import User
from gonghui.core.demo_guard import DEMO_PASSWORD
from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Role, RoleGrant

from . import hardship_services as hs
from .models.hardship import FileStatus, GrantKind, HardshipCategory, HardshipFile, IncomeLine

CITY = "北京市总工会"
CHAOYANG = "朝阳区总工会"
UNION = "东湖街道新就业形态劳动者联合工会"
# Demo figures, not the published 北京 standard: monthly income per head, whole yuan.
LINES = {2025: 1450, 2026: 1520}
HANDLER = ("bangfu", "郑晓红")  # fictional
HOUSEHOLDS = (
    # (stage, household size, monthly income, category, reasons, evidence)
    ("submitted", 4, 3900, HardshipCategory.RELATIVE, "配偶下岗，两个孩子上学", "街道困难证明"),
    (
        "aided",
        3,
        2100,
        HardshipCategory.DEEP,
        "本人送餐途中受伤，左腿骨折，数月无法工作",
        "医院诊断证明\n交通事故认定书",
    ),
    ("due", 2, 1800, HardshipCategory.ACCIDENT, "家中老人重病住院，医疗费用负担重", "住院费用清单"),
)


def _members(limit: int) -> list[Membership]:
    rows = Membership.objects.filter(
        org=demo_org(UNION), status=MembershipStatus.ACTIVE, number__isnull=False
    ).select_related("person", "org")
    return list(rows.order_by("-id")[:limit])  # the last joined: apart from the members other demos use


def _handler() -> bool:
    """A 帮扶专员 of 朝阳 (role "hardship"): the demo's district admin does not hold hardship.handle."""
    username, full_name = HANDLER
    org = demo_org(CHAOYANG)
    user = User.objects.filter(username=username).first()
    made = user is None
    if user is None:
        user = account_services.user_create(
            actor=SYSTEM, username=username, full_name=full_name, org=org, password=DEMO_PASSWORD
        )
    role = Role.objects.get(code="hardship")
    if not RoleGrant.objects.filter(user=user, org=org, role=role).exists():
        org_services.role_grant(actor=SYSTEM, user=user, org=org, role=role)
    return made


def _stage(f: HardshipFile, stage: str, today: dt.date) -> None:
    if stage == "submitted":
        return
    hs.review_base(actor=SYSTEM, file=f, approve=True, reason="经走访核实，情况属实")
    hs.review_upper(actor=SYSTEM, file=f, approve=True, reason="同意认定")
    if stage == "aided":
        approved_on = today - dt.timedelta(days=120)
        given_on = today - dt.timedelta(days=30)
    else:  # approved last year: the year runs out within the month
        approved_on = today - dt.timedelta(days=355)
        given_on = approved_on + dt.timedelta(days=20)
    HardshipFile.objects.filter(pk=f.pk).update(
        submitted_on=approved_on - dt.timedelta(days=10),
        base_reviewed_on=approved_on - dt.timedelta(days=5),
        approved_on=approved_on,
        valid_until=hs.a_year_after(approved_on),
    )
    f.refresh_from_db()
    campaign = f"{given_on.year}年冬送温暖" if stage == "aided" else f"{given_on.year}年春节送温暖"
    hs.grant_add(
        actor=SYSTEM,
        file=f,
        data=hs.GrantData(given_on=given_on, kind=GrantKind.MONEY, amount_yuan=3000, campaign=campaign),
    )
    hs.grant_add(
        actor=SYSTEM,
        file=f,
        data=hs.GrantData(
            given_on=given_on, kind=GrantKind.GOODS, goods="米面油一套、棉被一床", campaign=campaign
        ),
    )


@transaction.atomic
def load() -> str:
    today = timezone.localdate()
    city = demo_org(CITY)
    lines = dict(LINES)
    lines.setdefault(
        today.year, LINES[2026]
    )  # a demo run after 2026 tests households against this year's line
    made_lines = 0
    for year, yuan in lines.items():
        if not IncomeLine.objects.filter(region_code="110000", year=year).exists():
            hs.line_set(actor=SYSTEM, org=city, region_code="110000", year=year, monthly_line=yuan)
            made_lines += 1
    made_user = _handler()
    # the households are made once: the members loaded later (a larger demo) must not make three more
    already = HardshipFile.objects.filter(org=demo_org(UNION))
    members = [] if already.exists() else _members(len(HOUSEHOLDS))
    if not already.exists() and len(members) < len(HOUSEHOLDS):
        return "困难职工帮扶：跳过（联合工会会员不足）"
    made = 0
    for m, (stage, size, income, category, reasons, evidence) in zip(
        members, HOUSEHOLDS[: len(members)], strict=True
    ):
        if HardshipFile.objects.filter(person=m.person, org=m.org).exists():
            continue
        f = hs.file_create(
            actor=SYSTEM,
            membership=m,
            data=hs.HouseholdData(size, income, category, reasons, evidence),
            consent=True,
            submit=True,
        )
        _stage(f, stage, today)
        made += 1
    live = HardshipFile.objects.filter(
        org__name=UNION, status__in=(FileStatus.SUBMITTED, FileStatus.APPROVED)
    )
    if not (made_lines or made or made_user):
        return f"困难职工帮扶：已有 present（共{live.count()}份在办或有效）"
    return f"困难职工帮扶：认定标准新建{made_lines}条，档案新建{made}份（共{live.count()}份在办或有效）" + (
        "，新建帮扶专员账号 bangfu" if made_user else ""
    )
