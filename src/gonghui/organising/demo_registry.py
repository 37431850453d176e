"""The registry part's demo (issue 21 §5, O4, R2): 工会法人资格证书 for base unions of the demo world, issued month
by month over the last two years, with a representative changed 25 days ago (due in 5 days), an address changed 40
days ago (overdue), and a representative change re-registered with a new certificate. The other base unions with a
chair and no certificate make the list of those that qualify without one.

Each certificate takes its union's USCC from the demo world (prefix 81, 工会). Idempotent: a union that already has
a certificate is left as it is, and changes are recorded only with a certificate made in this run."""

import datetime as dt

from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.demo.world import build_world
from gonghui.orgs.models import Coverage, Employer, Level, Org

from . import registry_services as services
from .models import ChangeField, LegalPerson

# (the federation above, which of its base unions with a USCC in the demo world (0 = first), a change or None):
# a change is (field, new value, days ago it changed, days ago it was re-registered or None)
STREET_UNIONS: tuple[tuple[str, int, tuple | None], ...] = (
    ("东湖街道总工会", 0, (ChangeField.REPRESENTATIVE, "李卫东", 25, None)),
    ("东湖街道总工会", 1, (ChangeField.ADDRESS, "北京市朝阳区东湖渠路9号院2号楼", 40, None)),
    ("大栅栏街道总工会", 0, (ChangeField.REPRESENTATIVE, "孙国强", 70, 62)),
    ("常营地区总工会", 0, None),
    ("望京街道总工会", 0, None),
    ("望京街道总工会", 1, None),
)
NAMED_UNIONS = ("北京市朝阳区环境卫生服务中心工会", "北京排水集团工会", "北京工商大学工会", "中铁六局工会")
REPRESENTATIVES = ("王建华", "刘淑敏", "陈志远", "赵红梅")


def _unions() -> list[tuple[str, tuple | None]]:
    world = build_world()
    found: list[tuple[str, tuple | None]] = []
    for parent, index, change in STREET_UNIONS:
        names = [o.name for o in world.orgs if o.parent == parent and o.level == Level.BASE and o.uscc]
        if index < len(names):
            found.append((names[index], change))
    known = {o.name for o in world.orgs}
    found += [(name, None) for name in NAMED_UNIONS if name in known]
    return found


def _issuer(org: Org) -> str:
    """The district (or zone) federation above the union issues its certificate; else the city federation."""
    node: Org | None = org.parent
    while node is not None:
        if node.level in (Level.DISTRICT, Level.ZONE):
            return node.name
        node = node.parent
    return "北京市总工会"


def _address(org: Org) -> str:
    employer = Employer.objects.filter(union=org, coverage=Coverage.OWN).first()
    if employer is not None and employer.address:
        return employer.address
    return f"北京市{org.parent.name if org.parent else ''}辖区"


def load() -> str:
    today = timezone.localdate()
    made = changes = 0
    for k, (name, change) in enumerate(_unions()):
        org = demo_org(name)
        if not org.uscc or LegalPerson.objects.filter(org=org).exists():
            continue
        issued = today - dt.timedelta(days=100 + 70 * k)  # month by month over the last two years
        lp = services.legal_person_register(
            actor=SYSTEM,
            union=org,
            data=services.CertificateData(
                certificate_no=f"京工法证字第{org.district_code or '110000'}{issued.year}{k + 1:03d}号",
                uscc=org.uscc,
                representative=org.committee_chair or REPRESENTATIVES[k % len(REPRESENTATIVES)],
                address=_address(org),
                issued_on=issued,
                issuer=_issuer(org),
            ),
        )
        made += 1
        if change is None:
            continue
        field, value, ago, reregistered_ago = change
        recorded = services.legal_person_change(
            actor=SYSTEM,
            legal_person=lp,
            field=field,
            new_value=value,
            changed_on=today - dt.timedelta(days=ago),
            note="演示数据",
        )
        changes += 1
        if reregistered_ago is not None:
            on = today - dt.timedelta(days=reregistered_ago)
            services.legal_person_reregister(
                actor=SYSTEM,
                change=recorded,
                reregistered_on=on,
                certificate_no=f"京工法证字第{org.district_code or '110000'}{on.year}{k + 101:03d}号",
            )
    if not made:
        return "工会法人登记：已有"
    return f"工会法人登记：证书{made}本，变更{changes}项"
