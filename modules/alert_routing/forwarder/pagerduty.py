"""AWS Lambda handler: forwards alerts from the SNS alert topics to PagerDuty.

Runs on the AWS Lambda Python runtime with the standard library and the AWS SDK for
Python that the runtime includes (AWS Lambda Developer Guide, "Building Lambda functions
with Python": the runtimes include Boto3). The PagerDuty routing key is read from AWS
Secrets Manager at run time, so it never appears in code, in the function's
configuration or in Terraform state.

Each SNS record becomes one PagerDuty Events API v2 event (PagerDuty developer docs,
"Send an Alert Event": ``POST https://events.pagerduty.com/v2/enqueue`` with
``routing_key``, ``event_action`` trigger/acknowledge/resolve, ``dedup_key`` of at most
255 characters, and for a trigger ``payload.summary`` of at most 1024 characters,
``payload.source`` and ``payload.severity`` critical/error/warning/info):

- a CloudWatch alarm notification in ``ALARM`` triggers, in ``OK`` resolves, with the
  alarm's ARN as ``dedup_key`` (so the recovery resolves the incident the alarm opened);
  ``INSUFFICIENT_DATA`` is ignored;
- an EventBridge event (a GuardDuty finding, an AWS Backup job, an RDS event, delivered
  through a rule to the topic) triggers, keyed by the finding id or the event id;
- any other message triggers with its subject as summary, keyed by the SNS message id.

Environment: ``ROUTING_KEY_SECRET_ARN`` (the secret holding the routing key, as plain
text or as JSON ``{"routing_key": "..."}``), ``TOPIC_SEVERITIES`` (``<topic ARN>=<severity>``
pairs separated by commas), ``EVENTS_URL`` (default the PagerDuty endpoint) and
``SOURCE`` (what PagerDuty shows as the source, e.g. ``platform-prod``).
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any

EVENTS_URL = "https://events.pagerduty.com/v2/enqueue"
"""The PagerDuty Events API v2 endpoint."""
MAX_SUMMARY = 1024
MAX_DEDUP_KEY = 255
PAGERDUTY_SEVERITIES = ("critical", "error", "warning", "info")

LOGGER = logging.getLogger()
LOGGER.setLevel(logging.INFO)


class RoutingKeyMissingError(RuntimeError):
    """The secret that should hold the routing key has no usable value."""


def _secret_string(secret_arn: str) -> str:
    import boto3  # type: ignore[import-untyped]  # noqa: PLC0415 (in the Lambda runtime)

    client = boto3.client("secretsmanager")
    try:
        value = client.get_secret_value(SecretId=secret_arn)
    except client.exceptions.ResourceNotFoundException as error:
        # A secret created without a value has no version yet: GetSecretValue reports
        # ResourceNotFoundException (Secrets Manager API Reference, GetSecretValue).
        raise RoutingKeyMissingError(_missing(secret_arn)) from error
    return str(value.get("SecretString") or "")


def _missing(secret_arn: str) -> str:
    return (
        f"PagerDuty routing key secret {secret_arn} has no value: put the Events API v2 "
        f"integration key with `aws secretsmanager put-secret-value --secret-id "
        f"{secret_arn} --secret-string <key>` (docs/alerting.md)"
    )


def routing_key(secret_arn: str, read: Callable[[str], str] = _secret_string) -> str:
    """The routing key held by the secret: its plain-text value or the ``routing_key``
    of a JSON value."""
    text = read(secret_arn).strip()
    if text.startswith("{"):
        text = str(json.loads(text).get("routing_key", "")).strip()
    if not text:
        raise RoutingKeyMissingError(_missing(secret_arn))
    return text


def topic_severities(text: str) -> dict[str, str]:
    """``arn=severity,arn=severity`` as a mapping."""
    pairs = (item.rsplit("=", 1) for item in text.split(",") if item.strip())
    return {arn.strip(): severity.strip() for arn, severity in pairs}


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _alarm_event(message: Mapping[str, Any], severity: str, source: str) -> dict[str, Any] | None:
    state = message.get("NewStateValue")
    dedup_key = message.get("AlarmArn") or (
        f"{message.get('AWSAccountId')}:{message.get('Region')}:{message.get('AlarmName')}"
    )
    if state == "OK":
        return {"event_action": "resolve", "dedup_key": _clip(dedup_key, MAX_DEDUP_KEY)}
    if state != "ALARM":
        return None
    trigger = message.get("Trigger") or {}
    summary = f"{message.get('AlarmName')}: {message.get('AlarmDescription') or ''}".strip()
    return {
        "event_action": "trigger",
        "dedup_key": _clip(dedup_key, MAX_DEDUP_KEY),
        "payload": {
            "summary": _clip(summary.rstrip(":"), MAX_SUMMARY),
            "source": source,
            "severity": severity,
            "timestamp": message.get("StateChangeTime"),
            "component": trigger.get("Namespace"),
            "class": trigger.get("MetricName"),
            "custom_details": {
                "reason": message.get("NewStateReason"),
                "region": message.get("Region"),
                "account": message.get("AWSAccountId"),
            },
        },
    }


def _event_summary(event: Mapping[str, Any]) -> tuple[str, str]:
    """Summary and dedup key of an EventBridge event."""
    detail = event.get("detail") or {}
    detail_type = str(event.get("detail-type", ""))
    origin = str(event.get("source", ""))
    if origin == "aws.guardduty":
        # GuardDuty finding events carry the finding in detail (GuardDuty User Guide,
        # "EventBridge event format for GuardDuty"): id, type, title, severity.
        summary = (
            f"GuardDuty finding {detail.get('type')}: {detail.get('title')} "
            f"(severity {detail.get('severity')})"
        )
        return summary, f"guardduty:{detail.get('id') or event.get('id')}"
    if origin == "aws.backup":
        subject = detail.get("resourceArn") or detail.get("backupVaultName") or ""
        summary = f"AWS Backup {detail_type}: {detail.get('state', '')} {subject}"
        return " ".join(summary.split()), f"backup:{event.get('id')}"
    if origin == "aws.rds":
        summary = f"RDS {detail.get('SourceIdentifier', '')}: {detail.get('Message', detail_type)}"
        return summary, f"rds:{event.get('id')}"
    return f"{origin}: {detail_type}", f"event:{event.get('id')}"


def _eventbridge_event(message: Mapping[str, Any], severity: str, source: str) -> dict[str, Any]:
    summary, dedup_key = _event_summary(message)
    return {
        "event_action": "trigger",
        "dedup_key": _clip(dedup_key, MAX_DEDUP_KEY),
        "payload": {
            "summary": _clip(summary, MAX_SUMMARY),
            "source": source,
            "severity": severity,
            "timestamp": message.get("time"),
            "component": message.get("source"),
            "class": message.get("detail-type"),
            "custom_details": {
                "account": message.get("account"),
                "region": message.get("region"),
                "resources": message.get("resources"),
                "detail": message.get("detail"),
            },
        },
    }


def pagerduty_event(
    record: Mapping[str, Any], severities: Mapping[str, str], source: str
) -> dict[str, Any] | None:
    """The Events API v2 event (without routing key) for one SNS record, or ``None`` when
    the record needs none (an alarm entering ``INSUFFICIENT_DATA``)."""
    sns = record["Sns"]
    severity = severities.get(sns.get("TopicArn", ""), "critical")
    if severity not in PAGERDUTY_SEVERITIES:
        severity = "critical"
    text = sns.get("Message", "")
    try:
        message = json.loads(text)
    except ValueError:
        message = None
    if isinstance(message, dict) and "AlarmName" in message and "NewStateValue" in message:
        return _alarm_event(message, severity, source)
    if isinstance(message, dict) and "detail-type" in message:
        return _eventbridge_event(message, severity, source)
    summary = sns.get("Subject") or text or "Alert"
    return {
        "event_action": "trigger",
        "dedup_key": _clip(f"sns:{sns.get('MessageId')}", MAX_DEDUP_KEY),
        "payload": {
            "summary": _clip(str(summary), MAX_SUMMARY),
            "source": source,
            "severity": severity,
            "custom_details": {"message": text},
        },
    }


def send(url: str, event: Mapping[str, Any], timeout: float = 10.0) -> int:
    """POST ``event`` to the Events API; the HTTP status (202 when accepted). Anything
    but a 2xx raises, so that Lambda retries and finally hands the alert to the
    dead-letter queue."""
    request = urllib.request.Request(
        url,
        data=json.dumps(event).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        status: int = response.status
    return status


def handler(
    event: Mapping[str, Any], context: object = None, *, read: Callable[[str], str] | None = None
) -> dict[str, int]:
    """Forward every SNS record of ``event``; the count of events sent and skipped."""
    del context
    environment = os.environ
    key = routing_key(environment["ROUTING_KEY_SECRET_ARN"], read or _secret_string)
    severities = topic_severities(environment.get("TOPIC_SEVERITIES", ""))
    url = environment.get("EVENTS_URL", EVENTS_URL)
    source = environment.get("SOURCE", "aws")
    sent = skipped = 0
    for record in event.get("Records", []):
        body = pagerduty_event(record, severities, source)
        if body is None:
            skipped += 1
            continue
        status = send(url, {"routing_key": key, **body})
        LOGGER.info("sent %s %s: HTTP %s", body["event_action"], body["dedup_key"], status)
        sent += 1
    return {"sent": sent, "skipped": skipped}
