"""What the audit log calls sign-in and account actions (security events): codes stored, labels the auditor reads."""

from gonghui.core.audit import Action, AuditActions


class AccountAudit(AuditActions):
    LOGIN = Action("login", "登录")
    LOGIN_FAILED = Action("login.failed", "登录失败（密码错误）")
    LOGIN_LOCKOUT = Action("login.lockout", "登录失败次数过多，账号锁定")
    LOGIN_ADDRESS_LOCKOUT = Action("login.address_lockout", "登录失败次数过多，网络地址锁定")
    LOGIN_BLOCKED = Action("login.blocked", "锁定期间登录被拒绝")
    LOGIN_UNLOCK = Action("login.unlock", "解除账号锁定")
    LOGOUT = Action("logout", "退出登录")
    MFA_FAILED = Action("mfa.failed", "二次验证失败")
    MFA_RECOVERY_USED = Action("mfa.recovery_used", "使用恢复码登录")
    MFA_ENROL = Action("mfa.enrol", "启用身份验证器")
    MFA_ENROL_FAILED = Action("mfa.enrol_failed", "启用身份验证器失败（验证码错误）")
    MFA_RESET = Action("mfa.reset", "重置身份验证器")
    TOKEN_CREATE = Action("token.create", "创建访问令牌")
    TOKEN_REVOKE = Action("token.revoke", "撤销访问令牌")
    USER_CREATE = Action("user.create", "新建工作人员账号")
    USER_ENABLE = Action("user.enable", "启用账号")
    USER_DISABLE = Action("user.disable", "停用账号")
    USER_PASSWORD = Action("user.password", "设置密码")
    USER_PASSWORD_REFUSED = Action("user.password_refused", "修改密码被拒绝（当前密码错误）")
    STAFF_EXPORT = Action("user.export", "导出人员与角色列表")
    STAFF_EXPORT_DOWNLOAD = Action("user.export.download", "下载人员与角色列表（后台导出）")

    FIELDS = {
        "address": "网络地址",
        "mfa": "验证方式",
        "left": "剩余恢复码",
        "recovery_codes": "恢复码数量",
        "token": "访问令牌",
        "username": "用户名",
        "org": "所在组织",
    }
