"""The services' demo (issue 19 §6): lawyers paired with stations in two districts, a legal-aid case whose
conflict check found an earlier opposing party, a volunteer team's community service, three hardship households at
different stages and members' requests in every state. Each part loads its own; every part is idempotent."""

from . import demo_cases, demo_hardship, demo_requests, demo_stations, demo_volunteers


def load() -> str:
    said = [
        line
        for line in (
            demo_stations.load(),
            demo_cases.load(),
            demo_volunteers.load(),
            demo_hardship.load(),
            demo_requests.load(),
        )
        if line
    ]
    return "；".join(said) or "维权服务：无"


def lines(base_url: str) -> list[str]:
    """Where a demo visitor finds the services, and the one account that may open hardship files."""
    username, full_name = demo_hardship.HANDLER
    return [
        f"维权服务 services: {base_url}/services/ · 困难职工帮扶 hardship files: 帮扶专员 {username}"
        f"（{full_name}，{demo_hardship.CHAOYANG}，密码同演示账号 demo password）"
    ]
