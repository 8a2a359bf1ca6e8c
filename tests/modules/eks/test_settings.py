"""``EksSettings``, ``NodeGroupSettings``, ``SpotNodeGroupSettings`` and ``Taint`` on their
own: defaults, every limit and cross-field check (with the error line), good boundaries.
No cdktf: settings are plain data."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from platform_cdktf.modules.catalogue import load_catalogue
from platform_cdktf.modules.eks import (
    AMI_TYPES,
    CORE_ADDONS,
    SUPPORTED_KUBERNETES_VERSIONS,
    EksSettings,
    NodeGroupSettings,
    SpotNodeGroupSettings,
    Taint,
)
from platform_cdktf.modules.eks.settings import (
    MAX_NODES_PER_GROUP,
    MAX_PUBLIC_ACCESS_CIDRS,
    STANDARD_SUPPORT_ENDS,
    check_label_key,
    check_label_value,
)
from platform_cdktf.modules.shared.settings import SettingsError

X86 = ("m5.large",)
GRAVITON = ("t4g.medium", "m7g.large")
LABEL_KEY_RULE = (
    "is not a Kubernetes label key ([prefix/]name, name of at most 63 letters, digits, - _ . "
    "starting and ending with a letter or digit)"
)
RETENTION_VALUES = (
    "[1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, "
    "2557, 2922, 3288, 3653]"
)


def _lines(model: type[Any], **values: Any) -> tuple[str, ...]:
    with pytest.raises(SettingsError) as caught:
        model(**values)
    lines: tuple[str, ...] = caught.value.lines
    return lines


def _eks(**overrides: Any) -> EksSettings:
    values: dict[str, Any] = {"nodes": {"instance_types": X86}}
    values.update(overrides)
    return EksSettings(**values)


def _eks_lines(**overrides: Any) -> tuple[str, ...]:
    return _lines(EksSettings, **{"nodes": {"instance_types": X86}, **overrides})


def _nodes(**overrides: Any) -> NodeGroupSettings:
    values: dict[str, Any] = {"instance_types": X86}
    values.update(overrides)
    return NodeGroupSettings(**values)


def _nodes_lines(**overrides: Any) -> tuple[str, ...]:
    return _lines(NodeGroupSettings, **{"instance_types": X86, **overrides})


def test_importing_the_settings_never_imports_cdktf() -> None:
    code = (
        "import sys\n"
        "from platform_cdktf.modules.eks import EksSettings, NodeGroupSettings, Taint\n"
        "print(sorted(n for n in sys.modules if n.split('.')[0] in "
        "('cdktf', 'constructs', 'jsii') or n.startswith('cdktf_')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- EksSettings ------------------------------------------------------------------------


def test_cluster_defaults() -> None:
    settings = _eks()
    assert settings.kubernetes_version == "1.35"
    assert settings.spot_nodes is None
    assert settings.public_access_cidrs == ()
    assert settings.public_endpoint is False
    assert settings.admin_role_names == ()
    assert settings.control_plane_log_retention_days == 365
    assert settings.addon_versions == {}
    assert settings.nodes == NodeGroupSettings(instance_types=X86)


def test_node_group_settings_are_required() -> None:
    assert _lines(EksSettings) == ("EksSettings.nodes: required setting is missing",)


def test_unknown_settings_are_named() -> None:
    assert _eks_lines(node_groups=[]) == (
        "EksSettings.node_groups = []: unknown setting (a typo?)",
    )


@pytest.mark.parametrize("version", SUPPORTED_KUBERNETES_VERSIONS)
def test_supported_kubernetes_versions_are_accepted(version: str) -> None:
    assert _eks(kubernetes_version=version).kubernetes_version == version


@pytest.mark.parametrize("version", ["1.37", "1.35.0", "v1.35"])
def test_versions_outside_the_calendar_are_rejected(version: str) -> None:
    # The suite's clock is 2026-11-27 (tests/conftest.py).
    assert _eks_lines(kubernetes_version=version) == (
        f"EksSettings.kubernetes_version = {version!r}: Kubernetes {version} is not in the EKS "
        "support calendar (modules/eks/kubernetes_calendar.toml, reviewed 2026-11-27); "
        "versions in standard support: ['1.34', '1.35', '1.36']",
    )


def test_a_version_past_standard_support_is_rejected() -> None:
    assert _eks_lines(kubernetes_version="1.33") == (
        "EksSettings.kubernetes_version = '1.33': Kubernetes 1.33 left EKS standard support on "
        "2026-07-29 (today is 2026-11-27; extended support, billed extra, ends 2027-07-29); "
        "versions in standard support: ['1.34', '1.35', '1.36']",
    )


@pytest.mark.parametrize("days", [0, 2, 399])
def test_control_plane_log_retention_is_a_cloudwatch_value(days: int) -> None:
    assert _eks_lines(control_plane_log_retention_days=days) == (
        f"EksSettings.control_plane_log_retention_days = {days}: expected one of the "
        f"CloudWatch Logs retention values {RETENTION_VALUES}",
    )


@pytest.mark.parametrize("days", [1, 90, 3653])
def test_control_plane_log_retention_values_are_accepted(days: int) -> None:
    assert _eks(control_plane_log_retention_days=days).control_plane_log_retention_days == days


# -- public access CIDRs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cidr", "expected"),
    [
        ("0.0.0.0/0", "0.0.0.0/0 is too wide for an API endpoint allow-list (at least /8)"),
        ("10.0.0.0/7", "10.0.0.0/7 is too wide for an API endpoint allow-list (at least /8)"),
        (
            "::/0",
            "expected an IPv4 CIDR block such as 10.0.0.0/16 (Expected 4 octets in '::')",
        ),
        (
            "203.0.113.1/24",
            "expected an IPv4 CIDR block such as 10.0.0.0/16 (203.0.113.1/24 has host bits set)",
        ),
    ],
)
def test_public_endpoint_never_opens_to_the_world(cidr: str, expected: str) -> None:
    assert _eks_lines(public_access_cidrs=["203.0.113.0/24", cidr]) == (
        f"EksSettings.public_access_cidrs[1] = {cidr!r}: {expected}",
    )


@pytest.mark.parametrize("cidr", ["10.0.0.0/8", "203.0.113.0/24", "198.51.100.7/32"])
def test_public_access_cidrs_of_8_or_narrower_are_accepted(cidr: str) -> None:
    settings = _eks(public_access_cidrs=[cidr])
    assert settings.public_access_cidrs == (cidr,)
    assert settings.public_endpoint is True


def test_at_most_40_public_access_cidrs() -> None:
    cidrs = [f"198.51.{index}.0/24" for index in range(MAX_PUBLIC_ACCESS_CIDRS + 1)]
    assert _eks_lines(public_access_cidrs=cidrs) == (
        f"EksSettings.public_access_cidrs = {cidrs!r}: Tuple should have at most 40 items "
        "after validation, not 41",
    )
    assert len(_eks(public_access_cidrs=cidrs[:40]).public_access_cidrs) == 40


# -- admin roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["arn:aws:iam::111122223333:role/platform-admin", "a" * 65, "has space", ""]
)
def test_admin_roles_are_role_names(name: str) -> None:
    assert _eks_lines(admin_role_names=["platform-admin", name]) == (
        f"EksSettings.admin_role_names[1] = {name!r}: {name!r}: expected an IAM role name "
        "(not an ARN)",
    )


@pytest.mark.parametrize("name", ["platform-admin", "a" * 64, "Ops+Admin=1,team.a@b_c"])
def test_admin_role_names_are_accepted(name: str) -> None:
    assert _eks(admin_role_names=[name]).admin_role_names == (name,)


# -- add-ons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pins",
    [{"istio": "v1.0.0-eksbuild.1"}, {"1.35": {"istio": "v1.0.0-eksbuild.1"}}],
    ids=["flat", "per-version"],
)
def test_only_core_addons_may_be_pinned(pins: dict[str, Any]) -> None:
    # The flat shape is read as the pins of the configured version (1.35 by default).
    assert _eks_lines(addon_versions=pins) == (
        "EksSettings.addon_versions['1.35']: unknown add-ons ['istio']; expected some of "
        "['vpc-cni', 'kube-proxy', 'coredns', 'aws-ebs-csi-driver', 'eks-pod-identity-agent']",
    )


@pytest.mark.parametrize("version", ["1.12.4", "v1.12.4", "v1.12-eksbuild.1", "latest"])
def test_addon_versions_are_eks_versions(version: str) -> None:
    assert _eks_lines(addon_versions={"1.35": {"coredns": version}}) == (
        f"EksSettings.addon_versions['1.35']['coredns'] = {version!r}: expected an EKS add-on "
        "version such as v1.19.2-eksbuild.1",
    )


def test_every_core_addon_may_be_pinned() -> None:
    versions = dict.fromkeys(CORE_ADDONS, "v1.19.2-eksbuild.12")
    settings = _eks(addon_versions={"1.35": versions})
    assert settings.pinned_addon_versions == versions


def test_core_addon_pins_apply_only_to_their_kubernetes_version() -> None:
    pins = {"1.35": {"coredns": "v1.12.4-eksbuild.1"}, "1.36": {"coredns": "v1.13.1-eksbuild.1"}}
    assert _eks(addon_versions=pins).pinned_addon_versions == {"coredns": "v1.12.4-eksbuild.1"}
    on_1_36 = _eks(addon_versions=pins, kubernetes_version="1.36")
    assert on_1_36.pinned_addon_versions == {"coredns": "v1.13.1-eksbuild.1"}
    # An upgrade to a version without pins falls back to EKS's default versions.
    assert (
        _eks(addon_versions={"1.35": pins["1.35"]}, kubernetes_version="1.34").pinned_addon_versions
        == {}
    )


def test_flat_pins_are_filed_under_the_configured_version() -> None:
    # The shape of earlier releases keeps working; dumped, it shows its version.
    settings = _eks(addon_versions={"coredns": "v1.12.4-eksbuild.1"}, kubernetes_version="1.36")
    assert settings.addon_versions == {"1.36": {"coredns": "v1.12.4-eksbuild.1"}}
    assert settings.pinned_addon_versions == {"coredns": "v1.12.4-eksbuild.1"}


def test_pins_of_a_version_outside_the_calendar_are_refused() -> None:
    assert _eks_lines(addon_versions={"1.30": {"coredns": "v1.12.4-eksbuild.1"}}) == (
        "EksSettings.addon_versions['1.30']['[key]'] = '1.30': expected one of ['1.34', "
        "'1.35', '1.36'] (the versions in EKS standard support when the calendar was reviewed, "
        "2026-11-27; modules/eks/kubernetes_calendar.toml)",
    )


def test_flat_pins_with_an_invalid_version_report_the_version_once() -> None:
    assert _eks_lines(addon_versions={"coredns": "v1.12.4-eksbuild.1"}, kubernetes_version="1.9")[
        0
    ].startswith("EksSettings.kubernetes_version = '1.9': Kubernetes 1.9 is not in the EKS")
    assert len(_eks_lines(addon_versions={"coredns": "1"}, kubernetes_version="1.9")) == 2


# -- node groups: instance types -------------------------------------------------------------


def test_node_group_defaults() -> None:
    nodes = _nodes()
    assert (nodes.min_size, nodes.desired_size, nodes.max_size) == (2, 3, 6)
    assert nodes.disk_size_gib == 50
    assert nodes.max_unavailable == 1
    assert nodes.architecture == "x86_64"
    assert nodes.ami_type == AMI_TYPES["x86_64"] == "AL2023_x86_64_STANDARD"


def test_graviton_types_run_the_arm_ami() -> None:
    nodes = _nodes(instance_types=GRAVITON)
    assert nodes.architecture == "arm64"
    assert nodes.ami_type == AMI_TYPES["arm64"] == "AL2023_ARM_64_STANDARD"


def test_an_unknown_family_is_named_with_a_suggestion() -> None:
    (line,) = _nodes_lines(instance_types=["t4.medium"])
    assert line.startswith(
        "NodeGroupSettings.instance_types = ['t4.medium']: 't4.medium': unknown EC2 family "
        "'t4' (did you mean 't4g.medium'?); known families: "
    )
    assert ", t3a, t4g" in line


def test_a_misspelt_size_gets_a_suggestion() -> None:
    assert _nodes_lines(instance_types=["m5.large", "m5.lrage"]) == (
        "NodeGroupSettings.instance_types = ['m5.large', 'm5.lrage']: 'm5.lrage' is not a "
        "known EC2 instance type; did you mean 'm5.large'?",
    )


def test_instance_types_are_distinct() -> None:
    assert _nodes_lines(instance_types=["m5.large", "m5a.large", "m5.large"]) == (
        "NodeGroupSettings.instance_types = ['m5.large', 'm5a.large', 'm5.large']: expected "
        "distinct instance types, got a duplicate",
    )


def test_x86_and_graviton_types_are_not_mixed() -> None:
    assert _nodes_lines(instance_types=["m5.large", "m7g.large"]) == (
        "NodeGroupSettings.instance_types = ['m5.large', 'm7g.large']: mixes architectures "
        "{'x86_64': ['m5.large'], 'arm64': ['m7g.large']}; one node group runs one AMI type, "
        "so put x86_64 and arm64 (Graviton) types in separate groups",
    )


def test_one_to_twenty_instance_types() -> None:
    x86 = [t.name for t in load_catalogue().ec2.values() if t.architecture == "x86_64"]
    assert _nodes_lines(instance_types=[]) == (
        "NodeGroupSettings.instance_types = []: Tuple should have at least 1 item after "
        "validation, not 0",
    )
    (line,) = _nodes_lines(instance_types=x86[:21])
    assert line.startswith("NodeGroupSettings.instance_types = [")
    assert line.endswith("]: Tuple should have at most 20 items after validation, not 21")
    assert _nodes(instance_types=x86[:20]).instance_types == tuple(x86[:20])


# -- node groups: sizes ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "line"),
    [
        (
            {"min_size": 4, "desired_size": 3},
            "NodeGroupSettings.desired_size = 3: expected min_size (4) <= desired_size <= "
            "max_size (6)",
        ),
        (
            {"desired_size": 7},
            "NodeGroupSettings.desired_size = 7: expected min_size (2) <= desired_size <= "
            "max_size (6)",
        ),
        (
            {"min_size": 5, "desired_size": 5, "max_size": 4},
            "NodeGroupSettings.desired_size = 5: expected min_size (5) <= desired_size <= "
            "max_size (4)",
        ),
    ],
)
def test_min_desired_max_are_ordered(sizes: dict[str, int], line: str) -> None:
    assert _nodes_lines(**sizes) == (line,)


@pytest.mark.parametrize(
    "sizes",
    [
        {"min_size": 0, "desired_size": 0, "max_size": 1},
        {"min_size": 3, "desired_size": 3, "max_size": 3},
        {"min_size": 0, "desired_size": 450, "max_size": 450},
    ],
)
def test_ordered_sizes_are_accepted(sizes: dict[str, int]) -> None:
    nodes = _nodes(**sizes)
    assert (nodes.min_size, nodes.desired_size, nodes.max_size) == (
        sizes["min_size"],
        sizes["desired_size"],
        sizes["max_size"],
    )


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("min_size", -1, "Input should be greater than or equal to 0"),
        ("min_size", 451, "Input should be less than or equal to 450"),
        ("desired_size", 451, "Input should be less than or equal to 450"),
        ("max_size", 0, "Input should be greater than or equal to 1"),
        ("max_size", 451, "Input should be less than or equal to 450"),
        ("disk_size_gib", 19, "Input should be greater than or equal to 20"),
        ("disk_size_gib", 16385, "Input should be less than or equal to 16384"),
        ("max_unavailable", 0, "Input should be greater than or equal to 1"),
        ("max_unavailable", 101, "Input should be less than or equal to 100"),
    ],
)
def test_sizes_within_the_eks_and_ebs_limits(field: str, value: int, expected: str) -> None:
    assert _nodes_lines(**{field: value}) == (f"NodeGroupSettings.{field} = {value}: {expected}",)


def test_size_limits_are_accepted() -> None:
    nodes = _nodes(max_size=MAX_NODES_PER_GROUP, disk_size_gib=16384, max_unavailable=100)
    assert (nodes.max_size, nodes.disk_size_gib, nodes.max_unavailable) == (450, 16384, 100)
    assert _nodes(disk_size_gib=20).disk_size_gib == 20


def test_problems_of_a_nested_node_group_carry_its_path() -> None:
    assert _lines(EksSettings, nodes={"instance_types": ["m5.lrage"]}) == (
        "EksSettings.nodes.instance_types = ['m5.lrage']: 'm5.lrage' is not a known EC2 "
        "instance type; did you mean 'm5.large'?",
    )
    assert _eks_lines(spot_nodes={"instance_types": ["t4.medium"], "min_size": 0})[0].startswith(
        "EksSettings.spot_nodes.instance_types = ['t4.medium']: 't4.medium': unknown EC2 family"
    )


# -- the spot node group ---------------------------------------------------------------------


def test_spot_defaults_start_empty() -> None:
    # Tainted nodes started before a pod tolerates them idle; the autoscaler scales the
    # group up from zero (guardrail EKS-01).
    spot = SpotNodeGroupSettings(instance_types=("m5.large", "m5a.large"))
    assert (spot.min_size, spot.desired_size, spot.max_size) == (0, 0, 6)
    assert (spot.disk_size_gib, spot.max_unavailable) == (50, 1)
    assert spot.ami_type == "AL2023_x86_64_STANDARD"
    settings = _eks(spot_nodes={"instance_types": ["m5.large", "m5a.large"]})
    assert settings.spot_nodes == spot


def test_spot_sizes_are_ordered_too() -> None:
    assert _eks_lines(spot_nodes={"instance_types": X86, "min_size": 3}) == (
        "EksSettings.spot_nodes.desired_size = 0: expected min_size (3) <= desired_size <= "
        "max_size (6)",
    )


def test_spot_types_are_of_one_architecture() -> None:
    (line,) = _lines(SpotNodeGroupSettings, instance_types=["m7g.large", "m5.large"])
    assert line.startswith(
        "SpotNodeGroupSettings.instance_types = ['m7g.large', 'm5.large']: mixes architectures"
    )


# -- taints and labels ----------------------------------------------------------------------


def test_taint_defaults_to_no_schedule() -> None:
    taint = Taint(key="capacity", value="spot")
    assert (taint.key, taint.value, taint.effect) == ("capacity", "spot", "NO_SCHEDULE")


@pytest.mark.parametrize("effect", ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"])
def test_taint_effects_are_accepted(effect: str) -> None:
    assert Taint(key="dedicated", value="gpu", effect=effect).effect == effect


def test_taint_effect_is_an_eks_effect() -> None:
    assert _lines(Taint, key="capacity", value="spot", effect="NoSchedule") == (
        "Taint.effect = 'NoSchedule': Input should be 'NO_SCHEDULE', 'NO_EXECUTE' or "
        "'PREFER_NO_SCHEDULE'",
    )


@pytest.mark.parametrize(
    "key",
    ["-capacity", "capacity-", "a" * 64, "Example.com/capacity", "example.com/", "has space"],
)
def test_taint_key_is_a_label_key(key: str) -> None:
    assert _lines(Taint, key=key, value="spot") == (
        f"Taint.key = {key!r}: {key!r} {LABEL_KEY_RULE}",
    )


@pytest.mark.parametrize("value", ["sp ot", "-spot", "a" * 64])
def test_taint_value_is_a_label_value(value: str) -> None:
    assert _lines(Taint, key="capacity", value=value) == (
        f"Taint.value = {value!r}: {value!r} is not a Kubernetes label value (at most 63 "
        "characters)",
    )


@pytest.mark.parametrize(
    "key",
    [
        "capacity",
        "a" * 63,
        "platform/capacity",
        "node.kubernetes.io/instance-type",
        "example.com/" + "a" * 63,
        "A_b.C-9",
    ],
)
def test_label_keys_are_accepted(key: str) -> None:
    assert check_label_key(key) == key
    assert Taint(key=key, value="x").key == key


@pytest.mark.parametrize("value", ["", "spot", "a" * 63, "On-Demand_1.0"])
def test_label_values_are_accepted(value: str) -> None:
    assert check_label_value(value) == value


def test_every_supported_version_has_its_standard_support_end() -> None:
    # STANDARD_SUPPORT_ENDS is read from the calendar, not a second copy of the dates.
    assert set(STANDARD_SUPPORT_ENDS) >= set(SUPPORTED_KUBERNETES_VERSIONS)
    ends = [STANDARD_SUPPORT_ENDS[version] for version in SUPPORTED_KUBERNETES_VERSIONS]
    assert ends == sorted(ends)
