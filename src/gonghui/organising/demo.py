"""The organising demo (issue 21 §5): 大栅栏's stall of 000-4 with the shops contacted, their stages and next steps
and the opinions collected; several streets' pipelines over two years, so 建会率 moves month by month; unions with
certificate changes due. Each part loads its own, idempotently."""

from . import demo_pipeline, demo_registry, demo_setup


def load() -> str:
    said = [line for line in (demo_pipeline.load(), demo_setup.load(), demo_registry.load()) if line]
    return "；".join(said) or "建会入会：无"
