"""Builders for organisation data in tests."""

import uuid

from gonghui.core.paths import depth_of, segment
from gonghui.orgs.models import Level, Org


def bulk_subtree(
    parent: Org, *, fanout: int, depth: int, level_path=(Level.JOINT, Level.BASE, Level.BRANCH)
) -> int:
    """Create a full subtree under `parent` set-wise (fanout children per node, `depth` levels); returns its size."""
    created, frontier = 0, [parent]
    for d in range(depth):
        level = level_path[min(d, len(level_path) - 1)]
        batch = [
            Org(parent=p, name=f"{p.name}-{i}", level=level, path="~" + uuid.uuid4().hex)
            for p in frontier
            for i in range(fanout)
        ]
        Org.objects.bulk_create(batch, batch_size=1000)
        parents = {p.pk: p for p in frontier}
        for org in batch:
            org.path = parents[org.parent_id].path + segment(org.pk)
            org.depth = depth_of(org.path)
        Org.objects.bulk_update(batch, ["path", "depth"], batch_size=500)
        created += len(batch)
        frontier = batch
    return created
