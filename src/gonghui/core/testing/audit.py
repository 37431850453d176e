"""Audit actions only the tests write: the log's own tests (chain, retention, backup, export flow) need entries
that no business action makes. Importing this module declares them, as an app's audit.py does."""

from gonghui.core.audit import Action, AuditActions


class SampleAudit(AuditActions):
    EVENT = Action("test.event", "测试记录")
    EXPORT = Action("test.export", "测试导出")
