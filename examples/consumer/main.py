"""An orders service's own stack, composed from the platform-cdktf-aws constructs.

This project does not vendor or copy the platform: it installs the ``platform-cdktf-aws``
package and imports its constructs under ``platform_cdktf.*``. Its configuration lives
here, as a frozen dataclass; the modules only ever see their props.

    python main.py            # synthesizes cdktf.out/stacks/orders/cdk.tf.json
    cdktf synth / cdktf deploy
"""

from __future__ import annotations

from dataclasses import dataclass

from cdktf import App, LocalBackend, TerraformOutput, TerraformStack
from constructs import Construct

from platform_cdktf.modules.aurora_postgres import AuroraPostgres, AuroraPostgresProps
from platform_cdktf.modules.providers import AwsProviderProps, aws_provider
from platform_cdktf.modules.vpc import Vpc, VpcProps


@dataclass(frozen=True, kw_only=True)
class OrdersConfig:
    """Everything this consumer decides; the platform's own environments are not used."""

    name: str = "orders-dev"
    """Prefix of every resource name."""
    region: str = "eu-west-1"
    """AWS Region of the stack."""
    vpc_cidr: str = "10.42.0.0/16"
    """CIDR of the service's VPC."""
    availability_zones: tuple[str, ...] = ("eu-west-1a", "eu-west-1b", "eu-west-1c")
    """Three AZs of ``region``; the subnet tuples below follow this order."""
    public_subnets: tuple[str, ...] = ("10.42.0.0/24", "10.42.1.0/24", "10.42.2.0/24")
    """Load balancers and the NAT gateway."""
    private_subnets: tuple[str, ...] = ("10.42.16.0/20", "10.42.32.0/20", "10.42.48.0/20")
    """The service's compute."""
    database_subnets: tuple[str, ...] = ("10.42.8.0/24", "10.42.9.0/24", "10.42.10.0/24")
    """Aurora only; no route to the internet."""
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
                cidr_block=config.vpc_cidr,
                availability_zones=config.availability_zones,
                public_subnet_cidrs=config.public_subnets,
                private_subnet_cidrs=config.private_subnets,
                database_subnet_cidrs=config.database_subnets,
                nat_gateways="single",
                database_ports=(5432,),
            ),
        )
        database = AuroraPostgres(
            self,
            "orders_db",
            props=AuroraPostgresProps(
                name=f"{config.name}-db",
                vpc_id=vpc.vpc_id,
                subnet_ids=vpc.database_subnet_ids,
                availability_zones=config.availability_zones,
                instance_class=config.db_instance_class,
                instance_count=2,
                database_name="orders",
                # A disposable dev database; production keeps the defaults (protected).
                deletion_protection=False,
                skip_final_snapshot=True,
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


def main() -> None:
    """Synthesize the stack into ``cdktf.out/``."""
    app = App()
    OrdersStack(app, "orders", config=OrdersConfig())
    app.synth()


if __name__ == "__main__":
    main()
