"""The registry part's writes (legal-person certificates and their changes, rule O4 / R2)."""


def on_org_renamed(*, org, old: str, new: str, on, actor) -> None:
    """orgs' `org_renamed` hook: a legal-person union's new name is a change to re-register within 30 days (R2)."""
