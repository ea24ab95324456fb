# Weekly reports: a generator on a schedule, a queue consumer, an image-based renderer, and a
# function on Managed Instances.
from aws_cdk import Duration, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk.aws_lambda_event_sources import SqsEventSource
from constructs import Construct

TIMEOUT_SECONDS = 120
common = dict(runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler", memory_size=1024)


class ReportsStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)

        vpc = ec2.Vpc(self, "Vpc", max_azs=2)
        generator = lambda_.Function(
            self,
            "Generator",
            code=lambda_.Code.from_asset("lambda"),
            timeout=Duration.seconds(TIMEOUT_SECONDS),
            architecture=lambda_.Architecture.ARM_64,
            ephemeral_storage_size=Size.gibibytes(1),
            **common,
        )
        events.Rule(
            self,
            "Weekly",
            schedule=events.Schedule.cron(minute="0", hour="6", week_day="MON"),
            targets=[targets.LambdaFunction(generator)],
        )

        jobs = sqs.Queue(self, "Jobs", visibility_timeout=Duration.minutes(5))
        consumer = lambda_.Function(
            self,
            "Consumer",
            code=lambda_.Code.from_asset("lambda"),
            timeout=Duration.seconds(60),
            reserved_concurrent_executions=2,
            vpc=vpc,
            **common,
        )
        consumer.add_event_source(SqsEventSource(jobs, batch_size=5))
        consumer.add_function_url(auth_type=lambda_.FunctionUrlAuthType.NONE)

        lambda_.DockerImageFunction(
            self,
            "Renderer",
            code=lambda_.DockerImageCode.from_image_asset("renderer"),
            memory_size=2048,
        )

        heavy = lambda_.Function(
            self,
            "Heavy",
            code=lambda_.Code.from_asset("lambda"),
            **common,
        )
        provider = lambda_.CapacityProvider(
            self,
            "Fleet",
            security_groups=[ec2.SecurityGroup(self, "FleetSg", vpc=vpc)],
            subnets=vpc.private_subnets,
        )
        provider.add_function(heavy)
        heavy.current_version.add_alias("live", provisioned_concurrent_executions=1)
