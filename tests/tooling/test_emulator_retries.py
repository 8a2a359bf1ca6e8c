"""A retried SDK call is carried out once: its retries get the first attempt's answer.

The middleware is tested with a counting WSGI app; one test starts the real emulator and
sends IAM ``CreateRole`` twice under one ``amz-sdk-invocation-id``, as the AWS SDK does
when the first answer is lost.
"""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from platform_cdktf.tooling import emulator_retries
from platform_cdktf.tooling.emulator_retries import (
    KEPT_ANSWERS,
    CountingInput,
    RetriedCallsAnsweredOnce,
)
from platform_cdktf.tooling.local_emulator import WorkspaceEmulator


class CountingApp:
    """Answers ``created <n>`` with a new n per call; reads the body as moto does."""

    def __init__(self, *, status: str = "200 OK", gate: threading.Event | None = None) -> None:
        self.calls = 0
        self.status = status
        self.gate = gate
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        number = self.calls
        length = int(environ.get("CONTENT_LENGTH") or 0)
        self.bodies.append(environ["wsgi.input"].read(length) if length else b"")
        if self.gate is not None:
            self.gate.wait(10)
        start_response(self.status, [("Content-Type", "text/plain")])
        return [f"created {number}".encode()]


def call(
    app: RetriedCallsAnsweredOnce,
    invocation: str | None,
    *,
    body: Any = b"Action=CreateRole",
    attempt: int = 1,
    length: int | None = None,
) -> tuple[str, bytes]:
    stream = io.BytesIO(body) if isinstance(body, bytes) else body
    size = len(body) if isinstance(body, bytes) else 0
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/",
        "CONTENT_LENGTH": str(size if length is None else length),
        "wsgi.input": stream,
    }
    if invocation is not None:
        environ["HTTP_AMZ_SDK_INVOCATION_ID"] = invocation
        environ["HTTP_AMZ_SDK_REQUEST"] = f"attempt={attempt}; max=3"
    seen: list[str] = []
    answer = b"".join(app(environ, lambda status, _headers, *_: seen.append(status)))
    return seen[0], answer


def test_a_retry_gets_the_first_attempts_answer_and_the_call_runs_once() -> None:
    inner = CountingApp()
    logged: list[str] = []
    app = RetriedCallsAnsweredOnce(inner, log=logged.append)

    first = call(app, "invocation-1")
    retry = call(app, "invocation-1", attempt=2)

    assert first == retry == ("200 OK", b"created 1")
    assert inner.calls == 1
    assert app.replayed == 1
    assert "invocation invocation-1 (attempt=2; max=3, POST /, 200 OK)" in logged[0]


def test_other_invocations_and_calls_without_the_header_always_run() -> None:
    inner = CountingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)

    assert call(app, "invocation-1")[1] == b"created 1"
    assert call(app, "invocation-2")[1] == b"created 2"
    assert call(app, None)[1] == b"created 3"
    assert call(app, None)[1] == b"created 4"
    assert app.replayed == 0


def test_an_error_answer_is_kept_too() -> None:
    """A first attempt that failed for real (``EntityAlreadyExists``) fails the same way
    on its retry, without running again."""
    inner = CountingApp(status="409 Conflict")
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)

    assert call(app, "invocation-1") == call(app, "invocation-1", attempt=2)
    assert inner.calls == 1


class BrokenStream(io.RawIOBase):
    def readinto(self, _buffer: Any) -> int:
        raise ConnectionResetError(104, "Connection reset by peer")

    def read(self, _size: int = -1) -> bytes:
        raise ConnectionResetError(104, "Connection reset by peer")


def test_a_first_attempt_whose_body_broke_off_is_forgotten_and_its_retry_runs() -> None:
    class ForgivingApp(CountingApp):
        """moto answers 400 when the body cannot be read; it does not raise."""

        def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            try:
                return super().__call__(environ, start_response)
            except ConnectionError:
                start_response("400 Bad Request", [])
                return [b"client disconnected"]

    inner = ForgivingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)

    assert call(app, "invocation-1", body=BrokenStream(), length=17)[0] == "400 Bad Request"
    assert call(app, "invocation-1", attempt=2) == ("200 OK", b"created 2")
    assert inner.calls == 2


def test_a_short_body_is_not_kept_either() -> None:
    inner = CountingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)

    call(app, "invocation-1", body=b"Action=Cre", length=17)
    assert call(app, "invocation-1", attempt=2)[1] == b"created 2"


def test_a_first_attempt_that_raised_is_forgotten() -> None:
    class RaisingOnce(CountingApp):
        def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
            if self.calls == 0:
                self.calls += 1
                raise RuntimeError("the emulator broke")
            return super().__call__(environ, start_response)

    inner = RaisingOnce()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)
    with pytest.raises(RuntimeError):
        call(app, "invocation-1")
    assert call(app, "invocation-1", attempt=2)[1] == b"created 2"


def test_a_retry_that_overtakes_its_first_attempt_waits_for_it() -> None:
    gate = threading.Event()
    inner = CountingApp(gate=gate)
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)
    answers: dict[str, tuple[str, bytes]] = {}
    first = threading.Thread(target=lambda: answers.update(first=call(app, "invocation-1")))
    first.start()
    while inner.calls == 0:
        threading.Event().wait(0.01)
    retry = threading.Thread(
        target=lambda: answers.update(retry=call(app, "invocation-1", attempt=2))
    )
    retry.start()
    retry.join(0.2)
    assert retry.is_alive(), "the retry ran instead of waiting for the first attempt"
    gate.set()
    first.join(10)
    retry.join(10)

    assert answers["first"] == answers["retry"] == ("200 OK", b"created 1")
    assert inner.calls == 1


def test_only_the_most_recent_answers_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emulator_retries, "KEPT_ANSWERS", 2)
    inner = CountingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)
    for invocation in ("a", "b", "c"):
        call(app, invocation)

    assert call(app, "c", attempt=2)[1] == b"created 3"
    assert call(app, "a", attempt=2)[1] == b"created 4", "the oldest answer was kept"
    assert KEPT_ANSWERS >= 256, "too few answers kept for ~90 calls in flight at once"


def test_answers_beyond_the_byte_budget_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(emulator_retries, "KEPT_BYTES", len(b"created 1") * 2)
    inner = CountingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)
    for invocation in ("a", "b", "c"):
        call(app, invocation)

    assert call(app, "b", attempt=2)[1] == b"created 2"
    assert call(app, "c", attempt=2)[1] == b"created 3"
    assert call(app, "a", attempt=2)[1] == b"created 4", "an answer beyond the budget was kept"


def test_the_body_is_passed_on_unchanged_and_counted() -> None:
    inner = CountingApp()
    app = RetriedCallsAnsweredOnce(inner, log=lambda _line: None)
    call(app, "invocation-1", body=b"Action=CreateRole&RoleName=x")

    assert inner.bodies == [b"Action=CreateRole&RoleName=x"]
    counted = CountingInput(io.BytesIO(b"line one\nline two\n"))
    assert list(counted) == [b"line one\n", b"line two\n"]
    assert counted.received == 18
    assert counted.arrived_whole(18)
    assert not counted.arrived_whole(19)


@pytest.fixture
def emulator_url(tmp_path: Path) -> Iterator[str]:
    emulators = WorkspaceEmulator(tmp_path, report=lambda _line: None)
    emulator = emulators.start()
    try:
        yield emulator.url
    finally:
        emulators.stop(emulator)


def create_role(url: str, invocation: str) -> tuple[int, str]:
    body = urllib.parse.urlencode(
        {
            "Action": "CreateRole",
            "Version": "2010-05-08",
            "RoleName": "platform-github-dev-apply",
            "AssumeRolePolicyDocument": '{"Version":"2012-10-17","Statement":[]}',
        }
    ).encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            # moto picks the service from the credential scope; it checks no signature.
            "Authorization": "AWS4-HMAC-SHA256 Credential=emulator-access-key/20261127/"
            "us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
            "amz-sdk-invocation-id": invocation,
            "amz-sdk-request": "attempt=1; max=2",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_emulator_answers_a_retried_create_role_once(emulator_url: str) -> None:
    status, first = create_role(emulator_url, "9d1c7a52-retried")
    retry_status, retry = create_role(emulator_url, "9d1c7a52-retried")
    other_status, other = create_role(emulator_url, "5b0e8f1d-another")

    assert status == retry_status == 200
    assert retry == first, "the retry was not given the first attempt's answer"
    assert other_status == 409
    assert "EntityAlreadyExists" in other
