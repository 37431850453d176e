"""The governance demo (issue 20 §6): 交通运输工会's plenary of 002-1 with its year plan, 中铁六局's reform plan in
six parts with two subsidiaries reporting (001-4), 通州's ten-action plan (000-2), a district congress with a 差额
election and its approval, one evaluation round of three streets. Each part loads its own, idempotently."""

from . import demo_congresses, demo_elections, demo_evaluations, demo_plans


def load() -> str:
    said = [
        line
        for line in (
            demo_congresses.load(),
            demo_elections.load(),
            demo_plans.load(),
            demo_evaluations.load(),
        )
        if line
    ]
    return "；".join(said) or "工会治理：无"
