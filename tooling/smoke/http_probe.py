"""An HTTPS GET of a service's readiness path, through its load balancer.

The request names the service's host (TLS server name, certificate check and ``Host``
header), so the ALB's HTTPS listener picks the service's certificate and rule exactly as
for a user. It connects either to the load balancer's own DNS name (independent of the
host's DNS record, which may live elsewhere) or, when the load balancer admits only a CDN's
ranges, to the host through public DNS.
"""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass

PROBE_TIMEOUT_SECONDS = 10.0
"""Longest the connection and the answer may take."""


@dataclass(frozen=True)
class ProbeRequest:
    """One readiness request."""

    host: str
    """The service's host name (SNI, certificate, ``Host``)."""
    path: str
    """The readiness path, e.g. ``/ready``."""
    connect_to: str
    """Where to open the TCP connection: the load balancer's DNS name, or ``host``."""
    timeout: float = PROBE_TIMEOUT_SECONDS
    port: int = 443

    @property
    def url(self) -> str:
        via = "" if self.connect_to == self.host else f" via {self.connect_to}"
        return f"https://{self.host}{self.path}{via}"


@dataclass(frozen=True)
class ProbeResponse:
    """The answer: an HTTP status, or why there was none."""

    status: int | None = None
    error: str | None = None


Probe = Callable[[ProbeRequest], ProbeResponse]
"""Performs a :class:`ProbeRequest`; tests pass one that answers from a table."""


class _HostConnection(http.client.HTTPSConnection):
    """HTTPS to ``connect_to`` while TLS and the certificate check use ``server_name``."""

    def __init__(self, request: ProbeRequest, context: ssl.SSLContext | None = None) -> None:
        self._tls = context or ssl.create_default_context()
        super().__init__(
            request.connect_to, request.port, timeout=request.timeout, context=self._tls
        )
        self._server_name = request.host

    def connect(self) -> None:
        raw = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self._server_name)


def https_probe(request: ProbeRequest, *, context: ssl.SSLContext | None = None) -> ProbeResponse:
    """GET ``request`` without following redirects (a redirect is not readiness).

    ``context``: the TLS settings; default: the system's trust store, certificate and
    host name verified.
    """
    connection = _HostConnection(request, context)
    try:
        connection.request(
            "GET", request.path, headers={"Host": request.host, "User-Agent": "platform-smoke"}
        )
        response = connection.getresponse()
        response.read(4096)
        return ProbeResponse(status=response.status)
    except (OSError, http.client.HTTPException) as error:  # ssl.SSLError is an OSError
        return ProbeResponse(error=f"{type(error).__name__}: {error}")
    finally:
        connection.close()
