"""评选表彰 (DOMAIN W3, §6 A1-A6): award types, the honours register, and the honours counted as reports count them."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class AwardsConfig(AppConfig):
    name = "gonghui.awards"
    label = "awards"
    verbose_name = "评选表彰"
    contract = Module(
        urls=("awards/", "gonghui.awards.urls"),
        api=(("/awards/", "gonghui.awards.api.router"),),
        nav=(
            NavItem("awards:index", "表彰", "org.view", order=85),
            NavItem("awards:rounds", "评选", "org.view", order=86),
            NavItem("awards:workers", "劳模", "org.view", order=87),
        ),
        # S5: honours received in the subtree in the period's years, as units and as people
        work=Work(
            figures=(
                WorkFigure("honours", "获得荣誉", "项"),
                WorkFigure("honoured_people", "获表彰个人", "人"),
            ),
            count="gonghui.awards.selectors.work_figures",
            links="gonghui.awards.selectors.work_links",
            phrase="获得各级荣誉{honours}项，其中个人{honoured_people}人",
            shown_when=("honours",),
            order=40,
        ),
        # the honours held on an organisation's page, on a member's e-card and on the staff's page of a member
        org_figures="gonghui.awards.registry_selectors.org_figures",
        member_panels=("gonghui.awards.registry_selectors.honours_panel",),
        person_panels=("gonghui.awards.registry_selectors.person_honours_panel",),
        demo=DemoStep("评选表彰 honours (000-2, 002-3)", "gonghui.awards.demo.load", order=40),
        access_rows="gonghui.awards.tests.access_rows",
        # what the registry tells other modules: a registered person's model-worker title (an activity's
        # speakers, rule A6), and the round a link key names (the ceremony recorded as an activity)
        answers={
            "person_marks": "gonghui.awards.registry_selectors.person_marks",
            "link_label": "gonghui.awards.round_selectors.link_label",
        },
    )
