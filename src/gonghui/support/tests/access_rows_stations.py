"""The stations part's rows of the access matrix (core/tests/test_access.py): a provider paired with a station,
a shift, a consultation and a screening visit with a risk on each side of the scope line, 东湖 in 朝阳's subtree
and 大栅栏 in 西城's."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.orgs import services as orgs
from gonghui.orgs.models import PlaceKind
from gonghui.support import stations_services as services
from gonghui.support.models import Channel, Outcome, ProviderKind, RiskKind, RiskLevel, Topic

DAY = dt.date(2025, 6, 18)  # a fixed past day: tests never read today's


def side(org, tag: str):
    """A station, a lawyer paired with it and one shift, a consultation and a screening visit with a risk."""
    place = orgs.place_create(
        actor=SYSTEM, org=org, name=f"{tag}工会服务站", kind=PlaceKind.SERVICE_STATION, address=f"{tag}路1号"
    )
    provider = services.provider_register(
        actor=SYSTEM, org=org, name=f"{tag}律师", kind=ProviderKind.PRO_BONO_LAWYER, firm="示例律师事务所"
    )
    pairing = services.pairing_create(actor=SYSTEM, provider=provider, place=place, starts_on=DAY)
    shift = services.shift_add(
        actor=SYSTEM, pairing=pairing, date=DAY, starts_at=dt.time(9), ends_at=dt.time(12)
    )
    consultation = services.consultation_record(
        actor=SYSTEM,
        data=services.ConsultationData(
            org=org,
            date=DAY,
            channel=Channel.STATION,
            place=place,
            topic=Topic.WAGES,
            outcome=Outcome.ANSWERED,
            summary="询问加班费计算",
            provider=provider,
            materials=[("劳动法宣传册", 2)],
        ),
    )
    employer = orgs.employer_create(actor=SYSTEM, org=org, name=f"{tag}示例用人单位有限公司")
    visit = services.screening_record(
        actor=SYSTEM, org=org, employer=employer, date=DAY, visitors="张三、李四"
    )
    risk = services.risk_add(
        actor=SYSTEM, visit=visit, kind=RiskKind.WAGES, description="拖欠工资两个月", level=RiskLevel.SERIOUS
    )
    return {
        "place": place,
        "provider": provider,
        "pairing": pairing,
        "shift": shift,
        "consultation": consultation,
        "visit": visit,
        "risk": risk,
    }


def _sides(world):
    if not hasattr(world, "_stations"):
        world._stations = (side(world.donghu, "东湖矩阵"), side(world.dashilan, "大栅栏矩阵"))
    return world._stations


def page_rows(world) -> dict:
    a, b = _sides(world)

    def pk(s, key, **extra):
        return {"pk": s[key].pk, **extra}

    return {
        "support:providers": ("GET", {}, None, "chaoyang"),
        "support:provider_new": ("GET", {}, None, "chaoyang"),
        "support:provider": ("GET", pk(a, "provider"), pk(b, "provider"), "chaoyang"),
        "support:provider_edit": ("GET", pk(a, "provider"), pk(b, "provider"), "chaoyang"),
        "support:pairing_new": ("POST", pk(a, "provider"), pk(b, "provider"), "chaoyang"),
        "support:shift_add": ("POST", pk(a, "pairing"), pk(b, "pairing"), "chaoyang"),
        "support:shift_pattern": ("POST", pk(a, "pairing"), pk(b, "pairing"), "chaoyang"),
        "support:shift_remove": ("POST", pk(a, "shift"), pk(b, "shift"), "chaoyang"),
        "support:station": ("GET", pk(a, "place"), pk(b, "place"), "chaoyang"),
        "support:consultations": ("GET", {}, None, "chaoyang"),
        "support:consultation_new": ("GET", {}, None, "chaoyang"),
        "support:consultation": ("GET", pk(a, "consultation"), pk(b, "consultation"), "chaoyang"),
        "support:screenings": ("GET", {}, None, "chaoyang"),
        "support:screening_new": ("GET", {}, None, "chaoyang"),
        "support:screening": ("GET", pk(a, "visit"), pk(b, "visit"), "chaoyang"),
        "support:risk_add": ("POST", pk(a, "visit"), pk(b, "visit"), "chaoyang"),
        "support:risk_follow_up": (
            "POST",
            pk(a, "visit", risk=a["risk"].pk),
            pk(b, "visit", risk=b["risk"].pk),
            "chaoyang",
        ),
        # last: in scope, this retires the provider
        "support:provider_retire": ("POST", pk(a, "provider"), pk(b, "provider"), "chaoyang"),
    }


def api_rows(world) -> list:
    a, b = _sides(world)
    duty = "/api/services/stations/{}/duty"
    return [("GET", duty.format(a["place"].pk), duty.format(b["place"].pk), None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a station in 朝阳's subtree."""
    return {"place_id": _sides(world)[0]["place"].pk}
