"""建会入会 (DOMAIN W1, O3, O4, §6 R1-R2): the organising pipeline from an employer without a union to a base union in
the tree, and the legal-person registry of base unions.

One module in parts, each in files of its own (`pipeline_*`: targets, visits, stalls and opinions; `setup_*`:
筹建, the approval above and the founding; `registry_*`: legal-person certificates and their changes);
`selectors.summary` adds their figures up for the dashboards, the API and the report sentence. 建会率 for any date
is counted by the statistics from the employers' dated coverage (orgs `EmployerPeriod`, R1)."""

from django.apps import AppConfig

from gonghui.core.modules import DemoStep, Module, NavItem, Work, WorkFigure
from gonghui.orgs import hooks as org_hooks


class OrganisingConfig(AppConfig):
    name = "gonghui.organising"
    label = "organising"
    verbose_name = "建会入会"
    contract = Module(
        urls=("organising/", "gonghui.organising.urls"),
        api=(("/organising/", "gonghui.organising.api.router"),),
        nav=(NavItem("organising:index", "建会", "org.view", order=25),),
        # S5 / issue 21 §4: employers visited, new unions formed and the workers they cover
        work=Work(
            figures=(
                WorkFigure("employers_visited", "走访未建会企业", "家"),
                WorkFigure("unions_formed", "新建工会", "家"),
                WorkFigure("workers_covered", "覆盖职工", "人"),
            ),
            count="gonghui.organising.selectors.work_figures",
            links="gonghui.organising.selectors.work_links",
            phrase="走访未建会企业{employers_visited}家，新建工会{unions_formed}家，覆盖职工{workers_covered}人",
            shown_when=("employers_visited", "unions_formed"),
            order=15,
        ),
        todo="gonghui.organising.selectors.todo",
        demo=DemoStep("建会入会 organising (000-4, 002-1)", "gonghui.organising.demo.load", order=15),
        access_rows="gonghui.organising.tests.access_rows",
    )

    def ready(self) -> None:
        # R2: a renamed legal-person union must re-register its name within 30 days (orgs' hook, core.hooks)
        from . import registry_services

        org_hooks.org_renamed.connect(registry_services.on_org_renamed)
