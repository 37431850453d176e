"""The registry part's rows of the access matrix: a certificate of 望京科技's union (under 东湖, in 朝阳's subtree)
and one of 大栅栏商贸's union (under 大栅栏, in 西城's), each with a change waiting for re-registration. The helpers
here make certificates for the part's tests too."""

import datetime as dt

from stdnum.cn import uscc as stdnum_uscc

from gonghui.core.scope import SYSTEM
from gonghui.organising import registry_services as services
from gonghui.organising.models import ChangeField


def uscc(body: str, region: str = "110105") -> str:
    """A valid USCC of a base union (prefix 81, GB 32100) from an 8-digit body (the organisation code's check
    character of GB 11714 included)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c, 36) * w for c, w in zip(body, weights, strict=True)) % 11
    first17 = "81" + region + body + ("X" if check == 10 else "0" if check == 11 else str(check))
    return first17 + stdnum_uscc.calc_check_digit(first17)


def certificate(union, *, number: str, body: str, issued_on=dt.date(2024, 3, 1), representative="张建国"):
    return services.legal_person_register(
        actor=SYSTEM,
        union=union,
        data=services.CertificateData(
            certificate_no=number,
            uscc=uscc(body),
            representative=representative,
            address="北京市朝阳区望京街10号",
            issued_on=issued_on,
            issuer="北京市总工会",
        ),
    )


def _sides(world):
    if not hasattr(world, "_registry"):
        made = []
        for union, number, body in (
            (world.base_donghu, "京工法证字第0001号", "10000001"),
            (world.base_xicheng, "京工法证字第0002号", "10000002"),
        ):
            lp = certificate(union, number=number, body=body)
            change = services.legal_person_change(
                actor=SYSTEM,
                legal_person=lp,
                field=ChangeField.REPRESENTATIVE,
                new_value="李明",
                changed_on=dt.date(2024, 5, 1),
            )
            made.append((lp, change))
        world._registry = made
    return world._registry


def page_rows(world) -> dict:
    (lp_in, ch_in), (lp_out, ch_out) = _sides(world)

    def on(lp, **extra):
        return {"pk": lp.pk, **extra}

    return {
        "organising:registry": ("GET", {}, None, "chaoyang"),
        "organising:registry_reminders": ("GET", {}, None, "chaoyang"),
        "organising:registry_missing": ("GET", {}, None, "chaoyang"),
        "organising:legal_person_new": ("GET", {}, None, "chaoyang"),
        "organising:legal_person": ("GET", on(lp_in), on(lp_out), "chaoyang"),
        "organising:legal_person_change": ("POST", on(lp_in), on(lp_out), "chaoyang"),
        "organising:legal_person_reregister": (
            "POST",
            on(lp_in, change=ch_in.pk),
            on(lp_out, change=ch_out.pk),
            "chaoyang",
        ),
        "organising:legal_person_cancel": ("POST", on(lp_in), on(lp_out), "chaoyang"),
    }


def api_rows(world) -> list:
    _sides(world)
    o_in, o_out = world.donghu.pk, world.dashilan.pk
    return [
        (
            "GET",
            f"/api/organising/registry?org={o_in}",
            f"/api/organising/registry?org={o_out}",
            None,
            "chaoyang",
        ),
        (
            "GET",
            f"/api/organising/registry/reminders?org={o_in}",
            f"/api/organising/registry/reminders?org={o_out}",
            None,
            "chaoyang",
        ),
    ]


def api_records(world) -> dict[str, int]:
    return {}
