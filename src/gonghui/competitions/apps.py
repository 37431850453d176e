"""竞赛 (DOMAIN W4, §6 C1-C7): skill contests judged and scored, leagues and knockouts, heats and finals, photo
contests, with their entrants, prizes and the figures reports quote."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class CompetitionsConfig(AppConfig):
    name = "gonghui.competitions"
    label = "competitions"
    verbose_name = "竞赛"
    contract = Module(
        urls=("competitions/", "gonghui.competitions.urls"),
        public_urls="gonghui.competitions.public_urls",
        api=(("/competitions/", "gonghui.competitions.api.router"),),
        nav=(NavItem("competitions:index", "竞赛", "org.view", order=82),),
        # S5: competitions begun in the subtree and period, and the people taking part; the prizes in details
        work=Work(
            figures=(
                WorkFigure("competitions", "举办竞赛", "场"),
                WorkFigure("contestants", "参赛职工", "人"),
            ),
            count="gonghui.competitions.selectors.work_figures",
            links="gonghui.competitions.selectors.work_links",
            details="gonghui.competitions.selectors.work_details",
            phrase="举办各类竞赛{competitions}场，参赛职工{contestants}人",
            shown_when=("competitions",),
            order=35,
        ),
        demo=DemoStep("竞赛 competitions (000-3, 001-1, 002-5)", "gonghui.competitions.demo.load", order=35),
        member_panels=("gonghui.competitions.phone_views.member_link_panel",),
        access_rows="gonghui.competitions.tests.access_rows",
        # the competition a link key names: its showcase or prize-giving recorded as an activity
        answers={"link_label": "gonghui.competitions.selectors.link_label"},
    )
