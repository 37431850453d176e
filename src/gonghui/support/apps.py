"""维权服务 (DOMAIN W5, §6 V1-V4): lawyers paired with service stations and their consultations, legal-aid cases
with their conflict check, dispute screening, volunteer teams and their services, hardship aid for 困难职工, and the
requests members make, routed to their own union and answered in time.

One module in parts, each in files of its own (`stations_*`, `cases_*`, `volunteers_*`, `hardship_*`,
`requests_*`); `selectors.summary` adds their figures up for the dashboards, the API and the report sentence."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure


class SupportConfig(AppConfig):
    name = "gonghui.support"
    label = "support"
    verbose_name = "维权服务"
    # V3: household income and health are sensitive (PIPL art. 29): only a holder of this permission sees a
    # hardship file, and every full view leaves an audit row. No built-in role holds it but 帮扶专员, made by
    # migration 0002 for a node to grant to the few who review hardship files.
    permissions = {"hardship.handle": "困难职工帮扶：查看和审核家庭收入、健康等敏感信息（每次查看留痕）"}
    contract = Module(
        urls=("services/", "gonghui.support.urls"),
        public_urls="gonghui.support.public_urls",
        api=(("/services/", "gonghui.support.api.router"),),
        nav=(NavItem("support:index", "维权服务", "org.view", order=60),),
        # S5: the services of the subtree in the period, as reports quote them
        work=Work(
            figures=(
                WorkFigure("consultations", "法律咨询", "次"),
                WorkFigure("legal_cases", "法律援助案件", "件"),
                WorkFigure("volunteer_served", "志愿服务", "人次"),
                WorkFigure("hardship_households", "帮扶困难职工", "户"),
                WorkFigure("requests", "受理职工诉求", "件"),
            ),
            count="gonghui.support.selectors.work_figures",
            links="gonghui.support.selectors.work_links",
            details="gonghui.support.selectors.work_details",
            # the sentence names only the services that happened (selectors.Summary.sentence)
            phrase="{details}",
            shown_when=(
                "consultations",
                "legal_cases",
                "volunteer_served",
                "hardship_households",
                "requests",
            ),
            order=45,
        ),
        todo="gonghui.support.selectors.todo",
        member_panels=("gonghui.support.selectors.member_panel",),
        demo=DemoStep(
            "维权服务 services (lawyers, volunteers, hardship, requests)",
            "gonghui.support.demo.load",
            order=45,
            lines="gonghui.support.demo.lines",
        ),
        access_rows="gonghui.support.tests.access_rows",
        answers={"link_label": "gonghui.support.volunteers_selectors.link_label"},
    )
