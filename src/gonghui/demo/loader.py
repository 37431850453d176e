"""Write the demo world through the services, idempotently: a second run finds everything and creates nothing.

Nodes are found by name under their parent (or by their USCC), employers by USCC (or by name under their
federation), places by name under their node. Everything goes through `orgs.services` with `actor=SYSTEM` (the
system), so each record has its audit entry like any other.
"""

import datetime as dt
import time
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from gonghui.accounts import services as account_services
from gonghui.accounts.models import LoginThrottle, User
from gonghui.core.demo_guard import DEMO_PASSWORD, has_demo_password
from gonghui.core.scope import SYSTEM
from gonghui.orgs import services
from gonghui.orgs.models import Employer, Org, Place, Role, RoleGrant, Status

from .world import DEMO_STAFF, build_world

REASON = "演示数据"


class Writer(Protocol):
    """Where progress lines go: a file, or a management command's stdout."""

    def write(self, msg: str, /) -> object: ...


def _say(stdout: Writer | None, line: str) -> None:
    if stdout is not None:
        stdout.write(line + "\n")


def counts() -> dict[str, int]:
    return {
        "orgs": Org.objects.count(),
        "employers": Employer.objects.count(),
        "places": Place.objects.count(),
        "users": User.objects.count(),
        "grants": RoleGrant.objects.count(),
    }


@transaction.atomic
def load_world(*, stdout: Writer | None = None) -> dict:
    """Create whatever of the demo world is missing. Returns what was created and the totals afterwards."""
    started = time.monotonic()
    world = build_world()
    created = {"orgs": 0, "employers": 0, "places": 0}

    live = Org.objects.exclude(status=Status.DISSOLVED)
    by_parent_name = {(o.parent_id, o.name): o for o in live}
    by_uscc = {o.uscc: o for o in live if o.uscc}
    orgs: dict[str, Org] = {}
    for spec in world.orgs:
        parent = orgs[spec.parent] if spec.parent else None
        org = by_parent_name.get((parent.pk if parent else None, spec.name)) or by_uscc.get(spec.uscc)
        if org is None:
            org = services.org_create(
                actor=SYSTEM, parent=parent, name=spec.name, level=spec.level, reason=REASON, **spec.fields()
            )
            created["orgs"] += 1
        orgs[spec.name] = org
    _say(stdout, f"  组织 organisations: {created['orgs']} 新建 new, {len(world.orgs)} 共 in the demo world")

    # R1: the reports' employers are on the register from 1 January two years back, so 建会率 has a history
    recorded_on = dt.date(timezone.localdate().year - 2, 1, 1)
    employers_by_uscc = {e.uscc: e for e in Employer.objects.exclude(uscc="")}
    employers_by_name = {(e.org_id, e.name) for e in Employer.objects.all()}
    for e in world.employers:
        org = orgs[e.org]
        if e.uscc in employers_by_uscc or (org.pk, e.name) in employers_by_name:
            continue
        services.employer_create(
            actor=SYSTEM,
            org=org,
            union=orgs[e.union] if e.union else None,
            name=e.name,
            uscc=e.uscc,
            industry=e.industry,
            ownership=e.ownership,
            headcount=e.headcount,
            address=e.address,
            district_code=e.district_code,
            on_date=recorded_on,
        )
        created["employers"] += 1
    _say(
        stdout,
        f"  用人单位 employers: {created['employers']} 新建 new, {len(world.employers)} 共 in the demo world",
    )

    places = set(Place.objects.values_list("org_id", "name"))
    for p in world.places:
        org = orgs[p.org]
        if (org.pk, p.name) in places:
            continue
        services.place_create(
            actor=SYSTEM,
            org=org,
            name=p.name,
            kind=p.kind,
            address=p.address,
            district_code=p.district_code,
            opening_hours=p.opening_hours,
            facilities=list(p.facilities),
        )
        created["places"] += 1
    _say(stdout, f"  服务阵地 places: {created['places']} 新建 new, {len(world.places)} 共 in the demo world")

    return {"created": created, "totals": counts(), "seconds": round(time.monotonic() - started, 2)}


def demo_org(name: str) -> Org:
    """The node of the demo world with this name, found by walking down from the root (names repeat elsewhere)."""
    spec = build_world().org(name)
    parent = demo_org(spec.parent) if spec.parent else None
    return Org.objects.exclude(status=Status.DISSOLVED).get(parent=parent, name=name)


@transaction.atomic
def ensure_demo_staff(*, stdout: Writer | None = None) -> list[dict]:
    """Create the demo accounts and their role grants if missing, and reset them to the demo password.

    Returns one row per account (username, full name, organisation, role) for the summary.
    """
    rows = []
    for spec in DEMO_STAFF:
        org = demo_org(spec.org)
        role = Role.objects.get(code=spec.role)
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = account_services.user_create(
                actor=SYSTEM,
                username=spec.username,
                full_name=spec.full_name,
                org=org,
                password=DEMO_PASSWORD,
            )
            _say(stdout, f"  账号 account {spec.username}: 新建 created")
        else:
            if (user.org_id, user.full_name) != (org.pk, spec.full_name):
                user.org, user.full_name = org, spec.full_name
                user.save()
            if not user.is_active:
                account_services.user_set_active(actor=SYSTEM, user=user, active=True)
            if not has_demo_password(user):
                account_services.user_set_password(actor=SYSTEM, user=user, password=DEMO_PASSWORD)
                _say(stdout, f"  账号 account {spec.username}: 密码已重置 password reset")
        if LoginThrottle.objects.filter(username=spec.username, locked_until__isnull=False).exists():
            account_services.login_unlock(actor=SYSTEM, user=user)
        if not RoleGrant.objects.filter(user=user, org=org, role=role).exists():
            services.role_grant(actor=SYSTEM, user=user, org=org, role=role)
        rows.append(
            {
                "username": spec.username,
                "full_name": spec.full_name,
                "org": org.name,
                "role": role.name,
                "role_code": role.code,
            }
        )
    return rows
