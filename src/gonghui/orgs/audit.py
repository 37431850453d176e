"""What the audit log calls the organisation tree's actions: the codes it stores and the labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class OrgAudit(AuditActions):
    CREATE = Action("org.create", "新建组织")
    RENAME = Action("org.rename", "组织更名")
    UPDATE = Action("org.update", "修改组织信息")
    MOVE = Action("org.move", "迁移组织")
    DISSOLVE = Action("org.dissolve", "撤销组织")
    EMPLOYER_CREATE = Action("employer.create", "新增用人单位")
    EMPLOYER_UPDATE = Action("employer.update", "修改用人单位")
    EMPLOYER_CLOSE = Action("employer.close", "用人单位注销")
    PLACE_CREATE = Action("place.create", "新增服务阵地")
    ROLE_GRANT = Action("role.grant", "授予角色")
    ROLE_REVOKE = Action("role.revoke", "收回角色")
    EXPORT = Action("org.export", "导出组织名册")
    EXPORT_DOWNLOAD = Action("org.export.download", "下载组织名册（后台导出）")
    LIST_EXPORT = Action("org.list.export", "导出组织列表")
    LIST_EXPORT_DOWNLOAD = Action("org.list.download", "下载组织列表（后台导出）")
    EMPLOYERS_EXPORT = Action("employer.export", "导出用人单位列表")
    EMPLOYERS_EXPORT_DOWNLOAD = Action("employer.export.download", "下载用人单位列表（后台导出）")
    PLACES_EXPORT = Action("place.export", "导出服务阵地列表")
    PLACES_EXPORT_DOWNLOAD = Action("place.export.download", "下载服务阵地列表（后台导出）")

    FIELDS = {"role": "角色", "org": "组织", "union": "所属工会", "parent": "上级工会", "on_date": "生效日期"}
