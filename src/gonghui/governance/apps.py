"""工会治理 (DOMAIN W7, W8, §6 G1-G4): a node's congresses and members' assemblies with their delegates, reports and
votes, committee plenaries, 差额 elections counted exactly and approved above, the committee each node has now and
had before, work plans whose items units report on, and evaluation rounds with their scores and ranking.

One module in parts, each in files of its own (`congresses_*`, `elections_*`, `plans_*`, `evaluations_*`);
`selectors.summary` adds their figures up for the dashboards, the API and the report sentence."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class GovernanceConfig(AppConfig):
    name = "gonghui.governance"
    label = "governance"
    verbose_name = "工会治理"
    contract = Module(
        urls=("governance/", "gonghui.governance.urls"),
        public_urls="gonghui.governance.public_urls",
        api=(("/governance/", "gonghui.governance.api.router"),),
        nav=(NavItem("governance:index", "治理", "org.view", order=88),),
        # S5: congresses and plenaries held, elections, plans and their progress in the subtree and period
        work=Work(
            figures=(
                WorkFigure("congresses", "召开代表大会和全委会", "次"),
                WorkFigure("elections", "完成换届选举", "次"),
                WorkFigure("plan_items", "工作计划事项", "项"),
            ),
            count="gonghui.governance.selectors.work_figures",
            links="gonghui.governance.selectors.work_links",
            details="gonghui.governance.selectors.work_details",
            # the sentence names only what happened (selectors.Summary.sentence)
            phrase="{details}",
            shown_when=("congresses", "elections", "plan_items"),
            order=50,
        ),
        todo="gonghui.governance.selectors.todo",
        org_figures="gonghui.governance.selectors.org_figures",
        demo=DemoStep("工会治理 governance (000-2, 001-4, 002-1)", "gonghui.governance.demo.load", order=50),
        access_rows="gonghui.governance.tests.access_rows",
    )
