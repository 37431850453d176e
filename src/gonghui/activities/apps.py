"""Activities (DOMAIN W6 and the activity side of W1-W5): visits, training, lectures, meetings, family events, with registration, check-in and people reached."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动"
    contract = Module(
        urls=("activities/", "gonghui.activities.urls"),
        api=(("/activities/", "gonghui.activities.api.router"),),
        nav=(NavItem("activities:index", "活动", "org.view", order=80),),
        # S5: activities started in the subtree and period, and the people they reached
        work=Work(
            figures=(WorkFigure("activities", "开展活动", "场"), WorkFigure("reach", "活动服务职工", "人次")),
            count="gonghui.activities.selectors.work_figures",
            links="gonghui.activities.selectors.work_links",
            phrase="开展各类活动{activities}场，服务职工{reach}人次",
            shown_when=("activities",),
            order=10,
        ),
        demo=DemoStep(
            "工会活动 activities (000-1, 000-3, 001-2, 001-3, 002-4, 002-6)",
            "gonghui.activities.demo.load",
            order=20,
        ),
        member_panels=("gonghui.activities.views.member_link_panel",),
        access_rows="gonghui.activities.tests.access_rows",
        # who spoke at the activities of a subtree (a lecture by model workers, 002-2), and the activities that
        # belong to another module's record (the ceremony of an award round)
        answers={
            "speakers": "gonghui.activities.selectors.speakers",
            "linked": "gonghui.activities.selectors.linked",
            "new_linked": "gonghui.activities.selectors.new_linked",
        },
    )
