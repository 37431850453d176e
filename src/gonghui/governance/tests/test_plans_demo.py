"""The plans demo loads once (a second run adds nothing): 交通运输工会's year plan, 中铁六局's reform plan in six
parts with 丰桥公司 and 广州公司 each seeing and reporting on its own items, 通州's ten actions (G3)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import make_user
from gonghui.demo.loader import demo_org, load_world
from gonghui.governance import demo_plans, plans_selectors
from gonghui.governance.models import Plan, ProgressReport

pytestmark = pytest.mark.django_db


def test_the_plans_demo_loads_once_and_each_branch_sees_its_own_items():
    with time_machine.travel(dt.datetime(2026, 7, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        load_world()
        assert demo_plans.load().startswith("工作计划：交通运输工会、中铁六局、通州")
        reports = ProgressReport.objects.count()
        assert demo_plans.load() == "工作计划：已有 present"
        assert ProgressReport.objects.count() == reports and Plan.objects.count() == 3
        crec = Plan.objects.get(title=demo_plans.CREC_PLAN)
        assert crec.items.filter(parent__isnull=True).count() == 6
        tongzhou = Plan.objects.get(title=demo_plans.TONGZHOU_PLAN)
        assert tongzhou.items.count() == 10
        branch = demo_org(demo_plans.CREC).children.get(name="丰桥公司分工会")
        cadre = make_user("fengqiao_demo", branch, "operator")
        view = plans_selectors.plan_view(actor=cadre, pk=crec.pk)
        titles = {r.item.title for r in view.rows}
        assert "建设项目部职工培训基地" in titles and "开展盾构、桥梁技能比武" not in titles
        assert not view.whole and view.progress is None
        whole = plans_selectors.plan_view(actor=SYSTEM, pk=crec.pk)
        assert whole.whole and 0 < whole.progress < 100 and len(whole.rows) == 13
        fig = plans_selectors.figures(demo_org("北京市总工会"), dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert fig["plans"] == 3 and fig["plan_items"] == 5 + 7 + 10 and fig["plan_items_done"] >= 2
