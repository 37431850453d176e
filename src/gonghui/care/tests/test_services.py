"""W2 as the services keep it: budgets and supplies flow down the tree, stock never goes negative, a person
receives an item once, and every unit's progress counts its subtree."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.care import selectors, services
from gonghui.care.models import CampaignUnit, Distribution, MoveKind, RecipientKind, Stock, StockMove
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.concurrency import in_parallel, postgresql_only
from gonghui.members.tests.factories import enrol
from gonghui.orgs.models import Employer, Level, Place, PlaceKind

from .helpers import PRICES, SIX, items, summer_campaign, to_team

pytestmark = pytest.mark.django_db

PACKAGE_COST = sum(PRICES.values())


def riders_centre(world) -> Place:
    return Place.objects.create(
        org=world.donghu, name="美团骑手党群服务中心", kind=PlaceKind.SERVICE_STATION, address="湖光中街6号"
    )


def site(world):
    return services.Recipient(kind=RecipientKind.SITE, place=riders_centre(world))


def test_a_campaign_allocates_to_a_street_which_hands_out_and_both_see_it(world):
    _, root, package = summer_campaign(world, actor=world.user("chaoyang"))
    donghu = services.unit_allocate(
        actor=world.user("chaoyang"),
        parent=root,
        org=world.donghu,
        target_employers=10,
        target_workers=1_000,
        budget=20_000,
        package=package,
        packages=40,
    )
    assert {s.item.name: s.quantity for s in Stock.objects.filter(unit=root).select_related("item")} == {
        n: 60 for n in SIX
    }
    services.distribution_record(
        actor=world.user("donghu"),
        unit=donghu,
        recipient=site(world),
        people_covered=25,
        handed_out_by="赵子鹏",
        package=package,
        packages=25,
    )
    mine, theirs = selectors.progress_many([root, donghu])
    assert (mine.workers, theirs.workers) == (25, 25)
    assert theirs.target_workers == 1_000 and theirs.workers_pct == 2.5
    assert mine.target_workers == 20_000
    assert theirs.stock == {i.pk: 15 for i in items(*SIX)}
    assert mine.stock == {i.pk: 75 for i in items(*SIX)}
    assert mine.handed == {i.pk: 25 for i in items(*SIX)}
    assert mine.spent == Decimal(PACKAGE_COST * 100)
    assert AuditEvent.objects.filter(action="care.distribution.record", actor=world.user("donghu")).exists()


def test_a_street_cannot_act_on_the_district_unit_nor_see_a_sibling(world):
    campaign, root, package = summer_campaign(world)
    changying = services.unit_allocate(
        actor=SYSTEM, parent=root, org=world.changying, package=package, packages=5
    )
    with pytest.raises(NotFound):
        services.unit_allocate(actor=world.user("donghu"), parent=root, org=world.donghu)
    with pytest.raises(NotFound):
        selectors.unit_get(actor=world.user("donghu"), pk=changying.pk)
    with pytest.raises(NotFound):
        selectors.campaign_get(actor=world.user("xicheng"), pk=campaign.pk)
    assert list(selectors.campaigns_for(actor=world.user("donghu"))) == []
    services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu)
    assert selectors.top_unit(actor=world.user("donghu"), campaign=campaign).org == world.donghu


def test_allocation_only_goes_down_and_within_the_budget(world):
    _, root, _ = summer_campaign(world, budget=100_000)
    with pytest.raises(DomainError, match="不在朝阳区总工会的下级组织中"):
        services.unit_allocate(actor=SYSTEM, parent=root, org=world.dashilan)
    # bought 100 packages (PACKAGE_COST each); what is left of the budget may go to children
    left = 100_000 - PACKAGE_COST * 100
    services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu, budget=left)
    with pytest.raises(DomainError, match="超出朝阳区总工会的预算"):
        services.unit_allocate(actor=SYSTEM, parent=root, org=world.changying, budget=1)
    assert not CampaignUnit.objects.filter(org=world.changying).exists()


def test_a_lowered_budget_still_covers_what_the_unit_has_handed_down(world):
    _, root, _ = summer_campaign(world, budget=1_000_000)
    donghu = services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu, budget=10_000)
    services.unit_allocate(actor=SYSTEM, parent=donghu, org=world.base_donghu, budget=8_000)
    with pytest.raises(DomainError, match="超出东湖街道总工会的预算"):
        services.unit_allocate(actor=SYSTEM, parent=root, org=world.donghu, budget=1_000)
    assert CampaignUnit.objects.get(pk=donghu.pk).budget == 10_000
    services.unit_allocate(
        actor=SYSTEM, parent=root, org=world.donghu, budget=8_000
    )  # exactly what it gave on
    assert CampaignUnit.objects.get(pk=donghu.pk).budget == 8_000


def test_a_purchase_over_budget_is_refused_and_leaves_nothing(world):
    _, root, _ = summer_campaign(world, budget=PACKAGE_COST * 100)
    with pytest.raises(DomainError, match="超出朝阳区总工会的预算"):
        services.stock_receive(actor=SYSTEM, unit=root, lines={items("西瓜")[0]: (100, 2)})
    assert not StockMove.objects.filter(item__name="西瓜").exists()
    assert not Stock.objects.filter(item__name="西瓜").exists()


def test_handing_out_more_than_the_stock_is_refused_whole(world):
    _, root, package = summer_campaign(world, stock=10)
    tea = items("防暑降温茶")[0]
    services.distribution_record(
        actor=SYSTEM,
        unit=root,
        recipient=services.Recipient(kind=RecipientKind.TEAM, name="环卫一队"),
        people_covered=8,
        handed_out_by="张克斌",
        lines={tea: 8},
    )
    with pytest.raises(Conflict, match="防暑降温茶剩余 2 盒，需要 3 盒"):
        to_team(root, package, 3, team="环卫二队")
    # nothing of the refused package left the other items' stock
    assert Stock.objects.get(unit=root, item=items("急救包")[0]).quantity == 10
    assert Distribution.objects.count() == 1


def test_a_person_receives_each_item_once_unless_the_campaign_allows_more(world):
    _, root, package = summer_campaign(world)
    person = enrol(world.base_donghu, "王小骑").person
    worker = services.Recipient(kind=RecipientKind.PERSON, person=person)
    services.distribution_record(
        actor=SYSTEM,
        unit=root,
        recipient=worker,
        people_covered=5,
        handed_out_by="工会",
        package=package,
        packages=1,
    )
    assert Distribution.objects.get().people_covered == 1  # one person is one person
    assert Distribution.objects.get().recipient_name == "王**"
    with pytest.raises(Conflict, match="已领取过本次活动的防晒脖套"):
        services.distribution_record(
            actor=SYSTEM,
            unit=root,
            recipient=worker,
            people_covered=1,
            handed_out_by="工会",
            package=package,
            packages=1,
        )
    assert Stock.objects.get(unit=root, item=items("防晒脖套")[0]).quantity == 99

    again, root2, package2 = summer_campaign(world, allow_repeat=True, budget=200_000)
    for _ in range(2):
        services.distribution_record(
            actor=SYSTEM,
            unit=root2,
            recipient=worker,
            people_covered=1,
            handed_out_by="工会",
            package=package2,
            packages=1,
        )
    assert Distribution.objects.filter(campaign=again).count() == 2


def test_bad_input_names_the_field(world):
    _, root, package = summer_campaign(world)
    team = services.Recipient(kind=RecipientKind.TEAM, name="环卫一队")

    def record(**overrides):
        given = {
            "recipient": team,
            "people_covered": 1,
            "handed_out_by": "张",
            "package": package,
            "packages": 1,
        }
        return services.distribution_record(actor=SYSTEM, unit=root, **(given | overrides))

    with pytest.raises(DomainError) as exc:
        record(package=None, packages=0)
    assert "packages" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        record(handed_out_by=" ")
    assert exc.value.fields == {"handed_out_by": "必填"}
    with pytest.raises(DomainError, match="不在活动期间"):
        record(handed_at=timezone.now() + dt.timedelta(days=60))
    with pytest.raises(DomainError, match="不是 JPG、PNG 或 WebP"):
        record(photo=SimpleUploadedFile("a.jpg", b"<html>not a photo</html>"))
    with pytest.raises(DomainError, match="请扫描或输入职工的电子会员证"):
        record(recipient=services.Recipient(kind=RecipientKind.PERSON))
    assert Distribution.objects.count() == 0
    assert Stock.objects.filter(unit=root, quantity=100).count() == 6


def test_employers_covered_are_counted_once_per_subtree(world):
    campaign, root, package = summer_campaign(world)
    donghu = services.unit_allocate(
        actor=SYSTEM, parent=root, org=world.donghu, target_employers=2, package=package, packages=20
    )
    firm = Employer.objects.create(org=world.donghu, name="北京顺丰速运有限公司望京分部", headcount=120)
    for people in (30, 20):
        services.distribution_record(
            actor=SYSTEM,
            unit=donghu,
            recipient=services.Recipient(kind=RecipientKind.EMPLOYER, employer=firm),
            people_covered=people,
            handed_out_by="赵子鹏",
            package=package,
            packages=5,
        )
    p = selectors.progress(donghu)
    assert (p.employers, p.workers, p.employers_pct, p.distributions) == (1, 50, 50.0, 2)
    assert [d for _, d, _ in selectors.coverage_by_day(campaign, root)] == [50]
    assert StockMove.objects.filter(kind=MoveKind.HAND_OUT, unit=donghu).count() == 12


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_parallel_hand_outs_against_the_last_10_units_of_stock():
    postgresql_only()
    from gonghui.core.testing.world import build_world

    world = build_world()
    _, root, _ = summer_campaign(world, stock=0)
    kit = items("急救包")[0]
    services.stock_receive(actor=SYSTEM, unit=root, lines={kit: (10, 30)})

    def hand_out(i: int):
        return lambda: services.distribution_record(
            actor=SYSTEM,
            unit=CampaignUnit.objects.get(pk=root.pk),
            recipient=services.Recipient(kind=RecipientKind.TEAM, name=f"环卫{i}队"),
            people_covered=1,
            handed_out_by="张克斌",
            lines={kit: 1},
        )

    results = in_parallel([hand_out(i) for i in range(20)], refusal="库存不足")
    assert results == {"ok": 10, "refused": 10}
    assert Stock.objects.get(unit=root, item=kit).quantity == 0
    assert Distribution.objects.count() == 10
    assert selectors.progress(root).handed == {kit.pk: 10}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_parallel_allocations_never_give_away_more_than_the_budget():
    postgresql_only()
    from gonghui.core.testing.world import build_world
    from gonghui.orgs.services import org_create

    world = build_world()
    _, root, _ = summer_campaign(world, stock=0, budget=1_000)
    unions = [
        org_create(actor=SYSTEM, parent=world.donghu, name=f"并发下拨{i:02d}工会", level=Level.BASE)
        for i in range(20)
    ]

    def allocate(org):
        return lambda: services.unit_allocate(
            actor=SYSTEM, parent=CampaignUnit.objects.get(pk=root.pk), org=org, budget=150
        )

    results = in_parallel([allocate(u) for u in unions], refusal="超出朝阳区总工会的预算")
    # 6 × 150 = 900 fits in 1,000; a seventh would make 1,050
    assert results == {"ok": 6, "refused": 14}
    given = CampaignUnit.objects.filter(parent=root).values_list("budget", flat=True)
    assert (len(given), sum(given)) == (6, Decimal(900))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_20_parallel_purchases_never_spend_more_than_the_budget():
    postgresql_only()
    from gonghui.core.testing.world import build_world

    world = build_world()
    _, root, _ = summer_campaign(world, stock=0, budget=1_000)
    # a different item each, so that no stock row happens to queue the purchases one behind the other
    kits = [
        services.supply_item_add(actor=SYSTEM, name=f"并发采购{i:02d}号礼包", unit="份") for i in range(20)
    ]

    def buy(kit):
        return lambda: services.stock_receive(
            actor=SYSTEM, unit=CampaignUnit.objects.get(pk=root.pk), lines={kit: (5, 30)}
        )

    results = in_parallel([buy(kit) for kit in kits], refusal="超出朝阳区总工会的预算")
    # 6 purchases of 5 × 30 = 900 fit in 1,000; a seventh would make 1,050
    assert results == {"ok": 6, "refused": 14}
    assert services.unit_purchases(root) == Decimal(900)
    assert Stock.objects.filter(unit=root).count() == 6


def test_a_hand_out_recorded_in_error_is_voided_and_its_stock_comes_back(world):
    _, root, package = summer_campaign(world)
    person = enrol(world.base_donghu, "吴骑手").person
    worker = services.Recipient(kind=RecipientKind.PERSON, person=person)
    record = services.distribution_record
    wrong = record(
        actor=SYSTEM,
        unit=root,
        recipient=worker,
        people_covered=1,
        handed_out_by="工会",
        package=package,
        packages=1,
    )
    to_team(root, package, 10)
    with pytest.raises(DomainError, match="请填写撤销原因"):
        services.distribution_void(actor=SYSTEM, distribution=wrong, reason=" ")
    with pytest.raises(NotFound):
        services.distribution_void(actor=world.user("xicheng"), distribution=wrong, reason="录错")
    services.distribution_void(actor=world.user("chaoyang"), distribution=wrong, reason="录错了人")
    p = selectors.progress(root)
    assert (p.workers, p.distributions) == (10, 1)
    assert p.stock == {i.pk: 90 for i in items(*SIX)} and p.handed == {i.pk: 10 for i in items(*SIX)}
    # the worker may now receive the package for real, and the void stays on record
    record(
        actor=SYSTEM,
        unit=root,
        recipient=worker,
        people_covered=1,
        handed_out_by="工会",
        package=package,
        packages=1,
    )
    with pytest.raises(Conflict, match="已撤销"):
        services.distribution_void(actor=SYSTEM, distribution=wrong, reason="再撤")
    wrong.refresh_from_db()
    assert wrong.void_reason == "录错了人" and wrong.voided_by == world.user("chaoyang")
    assert StockMove.objects.filter(kind=MoveKind.HAND_OUT_VOID, distribution=wrong).count() == 6
    assert AuditEvent.objects.filter(action="care.distribution.void", reason="录错了人").exists()
