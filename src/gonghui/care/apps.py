"""Care campaigns (DOMAIN W2): 夏送清凉, 冬送温暖 and the like, allocated down the tree, with supplies, stock and hand-outs."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class CareConfig(AppConfig):
    name = "gonghui.care"
    label = "care"
    verbose_name = "关爱"
    contract = Module(
        urls=("care/", "gonghui.care.urls"),
        api=(("/care/", "gonghui.care.api.router"),),
        nav=(NavItem("care:index", "关爱", "org.view", order=90),),
        # S5: people covered, employers visited and hand-outs made in the subtree and period; what was handed out
        # is told item by item in its own unit (details), never added up across units (issue 16 §4)
        work=Work(
            figures=(
                WorkFigure("workers", "关爱覆盖职工", "人次"),
                WorkFigure("employers", "关爱走访企业", "家"),
                WorkFigure("handouts", "慰问发放", "次"),
            ),
            count="gonghui.care.selectors.work_figures",
            links="gonghui.care.selectors.work_links",
            details="gonghui.care.selectors.work_details",
            phrase="关爱慰问覆盖职工{workers}人次、走访企业{employers}家，开展慰问发放{handouts}次",
            shown_when=("workers", "handouts"),
            order=20,
        ),
        member_panels=("gonghui.care.views.received_panel",),
        card_panels=("gonghui.care.views.hand_out_panel",),
        demo=DemoStep("关爱活动 care campaigns (000-3, 001-5, 001-6)", "gonghui.care.demo.load", order=30),
        access_rows="gonghui.care.tests.access_rows",
    )

    def ready(self):
        from . import exports  # noqa: F401  (registers the ledger job kind)
