"""The sample service: a tiny HTTP application that the dev environment deploys.

It shows what the platform expects of a service (docs/services.md):

* ``GET /health`` answers 200 while the process is alive (the liveness probe);
* ``GET /ready`` answers 200 while it should receive traffic, 503 otherwise (the
  readiness probe and the load balancer's health check): during start-up, and from the
  moment it is told to stop;
* on SIGTERM it turns unready, keeps serving in-flight and late requests for a short
  drain period (endpoints and the load balancer take a few seconds to stop sending), then
  exits 0 well inside Kubernetes' 30-second grace period;
* it writes nothing outside ``/tmp`` and runs as any non-root user.

Standard library only. Configuration by environment: ``PORT`` (default 8080), ``HOST``
(default all interfaces, as a pod must), ``DRAIN_SECONDS`` (default 5), ``LOG_LEVEL``
(default info).
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType

LOG = logging.getLogger("sample-service")


class State:
    """Whether the service should receive traffic; shared by the request threads."""

    def __init__(self) -> None:
        self._ready = threading.Event()
        self.stopping = threading.Event()

    @property
    def ready(self) -> bool:
        """Ready: started and not stopping."""
        return self._ready.is_set() and not self.stopping.is_set()

    def mark_ready(self) -> None:
        """Start-up is complete."""
        self._ready.set()


def handler_for(state: State) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to ``state``."""

    class Handler(BaseHTTPRequestHandler):
        server_version = "sample-service"
        sys_version = ""

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/health":
                self._reply(HTTPStatus.OK, {"status": "alive"})
            elif path == "/ready":
                if state.ready:
                    self._reply(HTTPStatus.OK, {"status": "ready"})
                else:
                    self._reply(HTTPStatus.SERVICE_UNAVAILABLE, {"status": "not ready"})
            elif path == "/":
                self._reply(HTTPStatus.OK, {"service": "sample-service"})
            else:
                self._reply(HTTPStatus.NOT_FOUND, {"error": "not found"})

        def _reply(self, status: HTTPStatus, body: dict[str, str]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            LOG.debug("%s %s", self.address_string(), format % args)

    return Handler


def serve(port: int, *, drain_seconds: float, host: str = "0.0.0.0") -> int:
    """Serve until SIGTERM or SIGINT, then drain and return the exit status (0)."""
    state = State()
    server = ThreadingHTTPServer((host, port), handler_for(state))
    server.daemon_threads = True

    def stop(signum: int, _frame: FrameType | None) -> None:
        if state.stopping.is_set():
            return
        LOG.info("signal %s: unready, draining for %ss", signum, drain_seconds)
        state.stopping.set()
        # shutdown() blocks until serve_forever returns: call it from another thread.
        timer = threading.Timer(drain_seconds, server.shutdown)
        timer.daemon = True
        timer.start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    state.mark_ready()
    LOG.info("listening on %s:%s", host, server.server_address[1])
    try:
        server.serve_forever()
    finally:
        server.server_close()
    LOG.info("stopped")
    return 0


def main() -> int:
    """Entry point: read the environment and serve."""
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "info").upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
        stream=sys.stdout,
    )
    port = int(os.environ.get("PORT", "8080"))
    drain = float(os.environ.get("DRAIN_SECONDS", "5"))
    host = os.environ.get("HOST", "0.0.0.0")  # a pod listens on its IP
    return serve(port, drain_seconds=drain, host=host)


if __name__ == "__main__":
    sys.exit(main())
