"""Care's rows of the access matrix (core/tests/test_access.py): a campaign of 朝阳 with a unit at 东湖, and one of
西城 the 朝阳 cadre must not reach."""

from django.utils import timezone

from gonghui.care import services
from gonghui.care.models import CampaignKind, Distribution, RecipientKind, SupplyItem
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images
from gonghui.core.uploads import photo_store


class CareWorld:
    def __init__(self, world):
        today = timezone.localdate()
        kind = CampaignKind.objects.get(name="夏送清凉")
        self.item = SupplyItem.objects.get(name="冰袖")

        def campaign(org, child):
            made = services.campaign_create(
                actor=SYSTEM, org=org, kind=kind, name="矩阵清凉", starts_on=today, ends_on=today, budget=1000
            )
            root = made.units.get()
            services.stock_receive(actor=SYSTEM, unit=root, lines={self.item: (10, 1)})
            lines = {self.item: 5}
            return made, root, services.unit_allocate(actor=SYSTEM, parent=root, org=child, lines=lines)

        self.campaign_in, self.root_in, self.unit_in = campaign(world.chaoyang, world.donghu)
        self.campaign_out, self.root_out, self.unit_out = campaign(world.xicheng, world.dashilan)
        self.photo_in, self.photo_out = (self._photo(unit) for unit in (self.unit_in, self.unit_out))

    @staticmethod
    def _photo(unit) -> Distribution:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return Distribution.objects.create(
            org=unit.org,
            campaign=unit.campaign,
            unit=unit,
            recipient_kind=RecipientKind.TEAM,
            recipient_name="矩阵班组",
            people_covered=1,
            handed_out_by="矩阵",
            photo=photo_store(SimpleUploadedFile("a.png", images.png()), folder="care"),
        )


def care_world(world) -> CareWorld:
    if not hasattr(world, "_care"):
        world._care = CareWorld(world)
    return world._care


def page_rows(world) -> dict:
    """{url name: (method, kwargs in scope, kwargs out of scope or None, username in scope)}"""
    cw = care_world(world)
    rows = {name: ("GET", {}, None, "chaoyang") for name in ("care:index", "care:new")}
    for name in ("campaign", "edit"):
        rows[f"care:{name}"] = ("GET", {"pk": cw.campaign_in.pk}, {"pk": cw.campaign_out.pk}, "chaoyang")
    for name in ("unit", "receive", "package_new", "allocate", "distribute", "ledger"):
        rows[f"care:{name}"] = ("GET", {"pk": cw.unit_in.pk}, {"pk": cw.unit_out.pk}, "chaoyang")
    rows["care:photo"] = ("GET", {"pk": cw.photo_in.pk}, {"pk": cw.photo_out.pk}, "chaoyang")
    rows["care:void"] = ("POST", {"pk": cw.photo_in.pk}, {"pk": cw.photo_out.pk}, "chaoyang")
    return rows


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope[, body out of scope])]"""
    cw = care_world(world)
    hand_out = {
        "recipient_kind": "team",
        "recipient_name": "矩阵班组",
        "handed_out_by": "矩阵",
        "people_covered": 1,
        "lines": [{"item_id": cw.item.pk, "quantity": 1}],
    }
    return [
        ("GET", "/api/care/campaigns", None, None, "chaoyang"),
        ("GET", f"/api/care/units/{cw.unit_in.pk}", f"/api/care/units/{cw.unit_out.pk}", None, "chaoyang"),
        (
            "POST",
            f"/api/care/units/{cw.unit_in.pk}/distributions",
            f"/api/care/units/{cw.unit_out.pk}/distributions",
            hand_out,
            "chaoyang",
        ),
    ]
