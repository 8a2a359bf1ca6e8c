"""The sample service's own tests (standard library only): what its release workflow runs
with ``make test`` before any image is built."""

from __future__ import annotations

import json
import sys
import threading
import unittest
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import State, handler_for


class ProbesTest(unittest.TestCase):
    """The probes answer as the platform's Deployment expects (docs/services.md)."""

    def setUp(self) -> None:
        self.state = State()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self.state))
        self.server.daemon_threads = True
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)

    def get(self, path: str) -> tuple[int, dict[str, str]]:
        url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def test_alive_from_the_start(self) -> None:
        assert self.get("/health") == (200, {"status": "alive"})

    def test_ready_only_between_start_up_and_stop(self) -> None:
        assert self.get("/ready")[0] == 503
        self.state.mark_ready()
        assert self.get("/ready") == (200, {"status": "ready"})
        self.state.stopping.set()
        assert self.get("/ready")[0] == 503
        assert self.get("/health")[0] == 200

    def test_unknown_paths_are_not_found(self) -> None:
        assert self.get("/nope")[0] == 404
        assert self.get("/?x=1") == (200, {"service": "sample-service"})


if __name__ == "__main__":
    unittest.main()
