"""What the audit log calls the demo data set's writes: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class DemoAudit(AuditActions):
    MEMBERS_LOAD = Action("member.demo_load", "载入演示会员数据")
