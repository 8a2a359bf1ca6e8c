"""The PagerDuty forwarder's handler against a loopback HTTP server standing in for the
Events API (never the internet): alarms trigger and resolve under the alarm's ARN,
EventBridge events delivered through SNS trigger with a readable summary, a missing
routing key fails with a message saying how to put it."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar
from urllib.error import HTTPError

import pytest

from platform_cdktf.modules.alert_routing.forwarder import pagerduty

SECRET = "arn:aws:secretsmanager:us-east-1:111122223333:secret:platform-dev/pd-AbCdEf"
CRITICAL = "arn:aws:sns:us-east-1:111122223333:platform-dev-alarms-alarms"
WARNING = "arn:aws:sns:us-east-1:111122223333:platform-dev-alarms-warning"
ALARM_ARN = "arn:aws:cloudwatch:us-east-1:111122223333:alarm:platform-dev-aurora-1-memory-low"
KEY = "R0UT1NGKEY0000000000000000000000"


class _Recorder(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []
    status: ClassVar[int] = 202

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(type(self).status)
        self.end_headers()
        self.wfile.write(b'{"status":"success","message":"Event processed"}')

    def log_message(self, *args: object) -> None:
        del args


@pytest.fixture
def events_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Recorder]]:
    _Recorder.received = []
    _Recorder.status = 202
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("EVENTS_URL", f"http://127.0.0.1:{server.server_port}/v2/enqueue")
    monkeypatch.setenv("ROUTING_KEY_SECRET_ARN", SECRET)
    monkeypatch.setenv("TOPIC_SEVERITIES", f"{CRITICAL}=critical,{WARNING}=warning")
    monkeypatch.setenv("SOURCE", "platform-dev-alarms")
    yield _Recorder
    server.shutdown()
    server.server_close()


def _key(arn: str) -> str:
    assert arn == SECRET
    return KEY


def _record(message: object, topic: str = CRITICAL, subject: str | None = None) -> dict[str, Any]:
    text = message if isinstance(message, str) else json.dumps(message)
    return {
        "EventSource": "aws:sns",
        "Sns": {"TopicArn": topic, "MessageId": "m-1", "Subject": subject, "Message": text},
    }


def _alarm(state: str) -> dict[str, Any]:
    return {
        "AlarmName": "platform-dev-aurora-1-memory-low",
        "AlarmDescription": "Aurora platform-dev-aurora-1: freeable memory below 268435456 bytes",
        "AlarmArn": ALARM_ARN,
        "AWSAccountId": "111122223333",
        "Region": "US East (N. Virginia)",
        "NewStateValue": state,
        "NewStateReason": "Threshold Crossed: 3 out of the last 5 datapoints",
        "StateChangeTime": "2026-11-27T03:00:00.000+0000",
        "Trigger": {"MetricName": "FreeableMemory", "Namespace": "AWS/RDS"},
    }


def test_alarm_triggers_with_the_alarm_arn_as_dedup_key(events_api: type[_Recorder]) -> None:
    result = pagerduty.handler({"Records": [_record(_alarm("ALARM"))]}, None, read=_key)
    assert result == {"sent": 1, "skipped": 0}
    (event,) = events_api.received
    assert event["routing_key"] == KEY
    assert event["event_action"] == "trigger"
    assert event["dedup_key"] == ALARM_ARN
    payload = event["payload"]
    assert payload["summary"] == (
        "platform-dev-aurora-1-memory-low: Aurora platform-dev-aurora-1: freeable memory "
        "below 268435456 bytes"
    )
    assert (payload["severity"], payload["source"]) == ("critical", "platform-dev-alarms")
    assert (payload["component"], payload["class"]) == ("AWS/RDS", "FreeableMemory")


def test_ok_resolves_the_same_dedup_key(events_api: type[_Recorder]) -> None:
    pagerduty.handler({"Records": [_record(_alarm("OK"))]}, None, read=_key)
    assert events_api.received == [
        {"routing_key": KEY, "event_action": "resolve", "dedup_key": ALARM_ARN}
    ]


def test_insufficient_data_sends_nothing(events_api: type[_Recorder]) -> None:
    result = pagerduty.handler({"Records": [_record(_alarm("INSUFFICIENT_DATA"))]}, None, read=_key)
    assert result == {"sent": 0, "skipped": 1}
    assert events_api.received == []


def test_topic_gives_the_severity(events_api: type[_Recorder]) -> None:
    pagerduty.handler({"Records": [_record(_alarm("ALARM"), WARNING)]}, None, read=_key)
    assert events_api.received[0]["payload"]["severity"] == "warning"


def test_guardduty_finding_triggers_keyed_by_finding(events_api: type[_Recorder]) -> None:
    finding = {
        "version": "0",
        "id": "event-1",
        "detail-type": "GuardDuty Finding",
        "source": "aws.guardduty",
        "account": "111122223333",
        "time": "2026-11-27T03:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {
            "id": "finding-42",
            "type": "CryptoCurrency:EC2/BitcoinTool.B!DNS",
            "title": "EC2 instance is querying a domain name associated with Bitcoin.",
            "severity": 8,
        },
    }
    pagerduty.handler({"Records": [_record(finding)]}, None, read=_key)
    (event,) = events_api.received
    assert event["event_action"] == "trigger"
    assert event["dedup_key"] == "guardduty:finding-42"
    assert event["payload"]["summary"] == (
        "GuardDuty finding CryptoCurrency:EC2/BitcoinTool.B!DNS: EC2 instance is querying "
        "a domain name associated with Bitcoin. (severity 8)"
    )
    assert event["payload"]["class"] == "GuardDuty Finding"


def test_backup_job_event_triggers_with_state_and_resource(events_api: type[_Recorder]) -> None:
    job = {
        "id": "event-7",
        "detail-type": "Backup Job State Change",
        "source": "aws.backup",
        "account": "111122223333",
        "region": "us-east-1",
        "time": "2026-11-27T03:00:00Z",
        "resources": [],
        "detail": {
            "backupJobId": "job-1",
            "state": "FAILED",
            "resourceArn": "arn:aws:rds:us-east-1:111122223333:cluster:platform-dev",
        },
    }
    pagerduty.handler({"Records": [_record(job)]}, None, read=_key)
    (event,) = events_api.received
    assert event["dedup_key"] == "backup:event-7"
    assert event["payload"]["summary"] == (
        "AWS Backup Backup Job State Change: FAILED "
        "arn:aws:rds:us-east-1:111122223333:cluster:platform-dev"
    )


def test_plain_message_uses_the_subject(events_api: type[_Recorder]) -> None:
    pagerduty.handler({"Records": [_record("disk is full", subject="Disk")]}, None, read=_key)
    (event,) = events_api.received
    assert (event["dedup_key"], event["payload"]["summary"]) == ("sns:m-1", "Disk")


def test_routing_key_may_be_json(events_api: type[_Recorder]) -> None:
    pagerduty.handler(
        {"Records": [_record(_alarm("OK"))]},
        None,
        read=lambda arn: json.dumps({"routing_key": KEY}),
    )
    assert events_api.received[0]["routing_key"] == KEY


@pytest.mark.parametrize("value", ["", "   ", '{"other": "x"}'])
def test_missing_routing_key_says_how_to_put_it(events_api: type[_Recorder], value: str) -> None:
    with pytest.raises(pagerduty.RoutingKeyMissingError) as caught:
        pagerduty.handler({"Records": [_record(_alarm("ALARM"))]}, None, read=lambda arn: value)
    assert str(caught.value) == (
        f"PagerDuty routing key secret {SECRET} has no value: put the Events API v2 "
        f"integration key with `aws secretsmanager put-secret-value --secret-id {SECRET} "
        "--secret-string <key>` (docs/alerting.md)"
    )
    assert events_api.received == []


def test_refused_event_raises_so_that_lambda_retries(events_api: type[_Recorder]) -> None:
    events_api.status = 400
    with pytest.raises(HTTPError):
        pagerduty.handler({"Records": [_record(_alarm("ALARM"))]}, None, read=_key)


def test_long_summaries_are_clipped_to_the_api_limit() -> None:
    alarm = _alarm("ALARM") | {"AlarmDescription": "x" * 2000}
    event = pagerduty.pagerduty_event(_record(alarm), {}, "s")
    assert event is not None
    assert len(event["payload"]["summary"]) == pagerduty.MAX_SUMMARY


def test_secrets_manager_secret_without_value_is_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The real read (Boto3) against moto in process: a secret created without a value
    (as Terraform creates it) has no version, which is the missing-key error; once a
    value is put, it is the key."""
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    for name, value in (
        ("AWS_DEFAULT_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
    ):
        monkeypatch.setenv(name, value)
    with moto.mock_aws():
        client = boto3.client("secretsmanager")
        arn = client.create_secret(Name="platform-dev-alarms/pagerduty-routing-key")["ARN"]
        with pytest.raises(pagerduty.RoutingKeyMissingError, match="has no value: put"):
            pagerduty.routing_key(arn)
        client.put_secret_value(SecretId=arn, SecretString=KEY)
        assert pagerduty.routing_key(arn) == KEY
