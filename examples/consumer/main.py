"""An orders service's own stack, composed from the platform-cdktf-aws constructs.

This project does not vendor or copy the platform: it installs the ``platform-cdktf-aws``
package (without the ``kubernetes`` extra: it needs AWS resources only) and imports its
modules under ``platform_cdktf.*``. What it decides lives in the modules' own settings
models, so it gets exactly the checks the platform's environments get: a typo such as
``db.r6g.lrage`` exits 2 naming the field, and nothing is written.

    python main.py            # synthesizes cdktf.out/stacks/orders/cdk.tf.json
    cdktf synth / cdktf deploy
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from cdktf import LocalBackend, TerraformOutput, TerraformStack
from constructs import Construct

from platform_cdktf.modules.aurora_postgres import (
    AuroraPostgres,
    AuroraPostgresProps,
    AuroraPostgresSettings,
)
from platform_cdktf.modules.providers import (
    AwsProviderProps,
    aws_provider,
    require_terraform,
)
from platform_cdktf.modules.vpc import (
    Vpc,
    VpcProps,
    VpcSettings,
    standard_subnet_plan,
)
from platform_cdktf.stacks.synthesis import run


@dataclass(frozen=True, kw_only=True)
class OrdersConfig:
    """Everything this consumer decides; the platform's own environments are not used."""

    name: str = "orders-dev"
    """Prefix of every resource name."""
    region: str = "eu-west-1"
    """AWS Region of the stack."""
    vpc_cidr: str = "10.42.0.0/16"
    """CIDR of the service's VPC; the platform's standard three-tier plan divides it."""
    availability_zones: tuple[str, ...] = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
    """Three AZs of ``region``."""
    db_instance_class: str = "db.t4g.medium"
    """Aurora PostgreSQL instance class of writer and reader."""
    tags: tuple[tuple[str, str], ...] = (
        ("Project", "orders"),
        ("Environment", "dev"),
        ("ManagedBy", "cdktf"),
        ("Owner", "orders-team"),
        ("CostCenter", "CC-2002"),
    )
    """Default tags; the provider factory requires these five keys."""


class OrdersStack(TerraformStack):
    """A VPC (one NAT gateway, to save cost in dev) and an Aurora PostgreSQL cluster."""

    def __init__(self, scope: Construct, id_: str, *, config: OrdersConfig) -> None:
        super().__init__(scope, id_)
        require_terraform(self)
        # Local state keeps the example self-contained; use the platform's S3 backend
        # (platform_cdktf.modules.providers.s3_backend) for anything real.
        LocalBackend(self, path="terraform.tfstate")
        aws_provider(
            self, "aws", props=AwsProviderProps(region=config.region, tags=dict(config.tags))
        )
        vpc = Vpc(
            self,
            "vpc",
            props=VpcProps(
                name=config.name,
                settings=VpcSettings(
                    vpc_cidr=config.vpc_cidr,
                    availability_zones=config.availability_zones,
                    nat_gateways="single",
                    **standard_subnet_plan(config.vpc_cidr),
                ),
                # Only PostgreSQL lives in the database tier.
                database_ports=(5432,),
            ),
        )
        database = AuroraPostgres(
            self,
            "orders_db",
            props=AuroraPostgresProps(
                name=f"{config.name}-db",
                settings=AuroraPostgresSettings(
                    instance_class=config.db_instance_class,
                    instance_count=2,
                    database_name="orders",
                    # A disposable dev database; production keeps the defaults (protected).
                    deletion_protection=False,
                    skip_final_snapshot=True,
                ),
                network=vpc,
            ),
        )
        TerraformOutput(self, "vpc_id", value=vpc.vpc_id, description="The service's VPC")
        TerraformOutput(
            self,
            "database_endpoint",
            value=database.writer_endpoint,
            description="Writer endpoint of the orders database",
        )
        TerraformOutput(
            self,
            "database_secret_arn",
            value=database.master_user_secret_arn,
            description="Secrets Manager secret holding the master password (rotated by RDS)",
        )


def synth(config: OrdersConfig) -> int:
    """Synthesize the stack into ``cdktf.out/``: exit status 0, or 2 for invalid settings."""
    return run(lambda app: OrdersStack(app, "orders", config=config))


if __name__ == "__main__":
    sys.exit(synth(OrdersConfig()))
