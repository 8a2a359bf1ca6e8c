"""Retried calls answered once: the emulator's guard against a lost answer.

An AWS SDK that does not get an answer (the connection broke after the request was
sent) sends the same call again. If the emulator had already carried out the first
attempt, the second one finds its own work: ``CreateRole`` fails with
``EntityAlreadyExists``, the state lock's conditional ``PutItem`` with
``ConditionalCheckFailedException`` (terraform then reports its own lock as taken and
leaves it behind). Under load, a few calls per local deployment are sent twice (the
provider's debug log shows ``retrying request ..., attempt 2`` with no answer logged for
attempt 1), and two clean-clone CI runs of issue 17 failed this way.

Every AWS SDK names each call with an ``amz-sdk-invocation-id`` header that stays the same
over all its attempts (``amz-sdk-request: attempt=N; max=M`` counts them). So this WSGI
middleware carries out the first attempt of an invocation, keeps its answer, and gives
any later attempt that same answer instead of running the call again; an attempt that
arrives while the first is still running waits for it. A first attempt whose request
did not arrive whole (the connection broke while its body was read) or that failed in
the emulator is forgotten, so its retry runs. Calls without the header (the emulator's
own health check) pass through untouched.

Answers are kept in memory, the most recent :data:`KEPT_ANSWERS` and at most
:data:`KEPT_BYTES` of them (state files are read again and again): SDK retries follow
their attempt within seconds.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

KEPT_ANSWERS = 1024
"""How many invocations' answers are kept for their retries (oldest forgotten first)."""

KEPT_BYTES = 64 * 1024 * 1024
"""How many bytes of answer bodies are kept at most (oldest forgotten first)."""

WAIT_FOR_FIRST_ATTEMPT_SECONDS = 300.0
"""How long a retry waits for a first attempt that is still being carried out."""

INVOCATION_HEADER = "HTTP_AMZ_SDK_INVOCATION_ID"
ATTEMPT_HEADER = "HTTP_AMZ_SDK_REQUEST"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WsgiApp = Callable[[Environ, StartResponse], Iterable[bytes]]


@dataclass
class Answer:
    """What the first attempt of an invocation answered (once ``done`` is set)."""

    done: threading.Event = field(default_factory=threading.Event)
    status: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    failed: bool = False
    kept_bytes: int = 0
    """The body's size once it counts against :data:`KEPT_BYTES`."""


class RetriedCallsAnsweredOnce:
    """WSGI middleware: each SDK invocation is carried out once; its retries get the
    first attempt's answer (see the module's docstring)."""

    def __init__(self, app: WsgiApp, *, log: Callable[[str], None] | None = None) -> None:
        self.app = app
        self.log = log or _log_to_stderr
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._kept_bytes = 0
        self._lock = threading.Lock()
        self.replayed = 0
        """How many retries were answered from their first attempt."""

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        invocation = environ.get(INVOCATION_HEADER)
        if not invocation:
            return self.app(environ, start_response)
        with self._lock:
            answer = self._answers.get(invocation)
            first = answer is None or answer.failed
            if first:
                answer = Answer()
                self._answers[invocation] = answer
                self._answers.move_to_end(invocation)
                self._forget_the_oldest()
        assert answer is not None
        if first:
            return self._carry_out(answer, invocation, environ, start_response)
        return self._replay(answer, invocation, environ, start_response)

    def _carry_out(
        self, answer: Answer, invocation: str, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer.status, answer.headers = status, list(headers)
            return start_response(status, headers, exc_info)

        body = CountingInput(environ["wsgi.input"])
        environ["wsgi.input"] = body
        try:
            result = self.app(environ, keep)
            try:
                answer.body = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            answer.failed = not body.arrived_whole(_content_length(environ))
        except BaseException:
            answer.failed = True
            raise
        finally:
            answer.done.set()
        with self._lock:
            # A failed attempt's answer is never replayed, so it costs nothing.
            if not answer.failed and self._answers.get(invocation) is answer:
                answer.kept_bytes = len(answer.body)
                self._kept_bytes += answer.kept_bytes
                self._forget_the_oldest()
        return [answer.body]

    def _forget_the_oldest(self) -> None:
        """Drop the oldest answers beyond the limits (the caller holds the lock)."""
        while len(self._answers) > KEPT_ANSWERS or (
            self._kept_bytes > KEPT_BYTES and len(self._answers) > 1
        ):
            _invocation, oldest = self._answers.popitem(last=False)
            self._kept_bytes -= oldest.kept_bytes

    def _replay(
        self, answer: Answer, invocation: str, environ: Environ, start_response: StartResponse
    ) -> Iterable[bytes]:
        if not answer.done.wait(WAIT_FOR_FIRST_ATTEMPT_SECONDS) or answer.failed:
            # The first attempt is stuck or broke: carry this one out instead.
            return self.app(environ, start_response)
        with self._lock:
            self.replayed += 1
        self.log(
            f"retried call answered from its first attempt: invocation {invocation} "
            f"({environ.get(ATTEMPT_HEADER, 'attempt unknown')}, "
            f"{environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}"
            f"{' ' + environ['HTTP_X_AMZ_TARGET'] if 'HTTP_X_AMZ_TARGET' in environ else ''}"
            f", {answer.status})"
        )
        start_response(answer.status, answer.headers)
        return [answer.body]


class CountingInput:
    """A request body stream (``wsgi.input``) that counts what is read from it and
    remembers whether a read failed."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.received = 0
        self.broken = False

    def _count(self, read: Callable[..., Any], *arguments: Any) -> Any:
        try:
            data = read(*arguments)
        except Exception:
            self.broken = True
            raise
        self.received += data if isinstance(data, int) else len(data)
        return data

    def read(self, size: int = -1) -> bytes:
        return self._count(self._stream.read, size)  # type: ignore[no-any-return]

    def readline(self, size: int = -1) -> bytes:
        return self._count(self._stream.readline, size)  # type: ignore[no-any-return]

    def readinto(self, buffer: bytearray) -> int:
        return self._count(self._stream.readinto, buffer) or 0

    def readlines(self, hint: int = -1) -> list[bytes]:
        lines: list[bytes] = self._count(self._stream.readlines, hint)
        return lines

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def arrived_whole(self, length: int | None) -> bool:
        """Whether the body was read without error and, if its length was announced,
        to its end (a handler that reads no body at all leaves nothing to check)."""
        if self.broken:
            return False
        return length is None or self.received == 0 or self.received >= length


def _content_length(environ: Environ) -> int | None:
    try:
        return int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _log_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)
