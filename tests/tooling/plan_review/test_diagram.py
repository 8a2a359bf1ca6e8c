"""The Mermaid picture of a review: grouped by stack and module, findings marked, bounded."""

from __future__ import annotations

import re

from platform_cdktf.tooling.plan_review import (
    Action,
    ResourceChange,
    Review,
    StackPlan,
    construct_group,
)
from platform_cdktf.tooling.plan_review.diagram import MAX_MODULES, MAX_STACKS, render_mermaid


def _change(address: str, action: Action, module: str | None = None) -> ResourceChange:
    resource_type, name = address.removeprefix(f"{module}.").split(".")[-2:]
    return ResourceChange(
        address=address,
        resource_type=resource_type,
        name=name,
        module_address=module,
        mode="managed",
        action=action,
        group=construct_group(name, module),
    )


def test_modules_are_nodes_in_their_stack_and_findings_are_marked() -> None:
    review = Review(
        stacks=(
            StackPlan(
                stack="prod-core",
                changes=(
                    _change("aws_rds_cluster.aurora_cluster_059EF40F", Action.DELETE),
                    _change("aws_subnet.vpc_subnet_a_1A2B3C4D", Action.CREATE),
                    _change("aws_subnet.vpc_subnet_b_1A2B3C4E", Action.CREATE),
                    _change("aws_vpc.vpc_6776A399", Action.NO_OP),
                ),
            ),
            StackPlan(stack="dev-core", changes=()),
        )
    )

    assert render_mermaid(review) == [
        "```mermaid",
        "flowchart LR",
        "  classDef finding fill:#ffd7d5,stroke:#cf222e,color:#1f2328",
        '  subgraph s0["prod-core"]',
        '    s0m0["aurora<br/>-1<br/>1 gated"]:::finding',
        '    s0m1["vpc<br/>+2"]',
        "  end",
        "```",
        "",
    ]


def test_nothing_to_draw_without_changes() -> None:
    review = Review(stacks=(StackPlan(stack="dev-core", changes=()),))

    assert render_mermaid(review) == []


def test_the_diagram_is_bounded_in_stacks_and_modules() -> None:
    stacks = tuple(
        StackPlan(
            stack=f"stack-{s}",
            changes=tuple(
                _change(f"module.m{m}.aws_sns_topic.t{m}", Action.CREATE, module=f"module.m{m}")
                for m in range(50)
            ),
        )
        for s in range(20)
    )

    lines = render_mermaid(Review(stacks=stacks))

    assert sum(line.startswith("  subgraph") for line in lines) == MAX_STACKS
    assert (
        sum(bool(re.match(r"    s\d+m\d+\[", line)) for line in lines) == MAX_STACKS * MAX_MODULES
    )
    assert '    s0more["42 more modules<br/>42 changes"]' in lines
    assert '  more_stacks["14 more stacks: 700 changes"]' in lines
    assert len("\n".join(lines)) < 4_000


def test_names_from_the_plan_cannot_break_out_of_a_label() -> None:
    module = 'module.x["a\\"]; click s0m0 call alert()%%"]'
    review = Review(
        stacks=(
            StackPlan(
                stack='prod"]\nend',
                changes=(_change(f"{module}.aws_sns_topic.t", Action.CREATE, module=module),),
            ),
        )
    )

    lines = render_mermaid(review)
    labels = [line for line in lines if "[" in line]

    assert all(line.count('"') == 2 for line in labels), labels
    assert not any(";" in line or "%%" in line or "\n" in line for line in lines)
