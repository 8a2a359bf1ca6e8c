"""The smoke check's real I/O: the subprocess runner and the HTTPS probe (loopback only)."""

from __future__ import annotations

import datetime
import http.server
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from typer.testing import CliRunner

from platform_cdktf.tooling.cli import app
from platform_cdktf.tooling.smoke import (
    CommandFailedError,
    ProbeRequest,
    SubprocessRunner,
    ToolMissingError,
    https_probe,
    require_tools,
)
from platform_cdktf.tooling.smoke.runner import write_kubeconfig

HOST = "sample.smoke.test"


# -- runner ----------------------------------------------------------------------------


def test_the_runner_parses_the_command_s_json() -> None:
    assert SubprocessRunner()([sys.executable, "-c", "print('{\"items\": []}')"]) == {"items": []}


def test_a_failing_command_fails_with_its_stderr() -> None:
    command = [sys.executable, "-c", "import sys; sys.exit('Error from server (NotFound): x')"]
    with pytest.raises(CommandFailedError) as caught:
        SubprocessRunner()(command)
    assert caught.value.detail == "Error from server (NotFound): x"
    assert caught.value.not_found


def test_output_that_is_not_json_fails() -> None:
    with pytest.raises(CommandFailedError, match="not JSON"):
        SubprocessRunner()([sys.executable, "-c", "print('NAME STATUS')"])


def test_a_hung_command_fails_after_the_timeout() -> None:
    with pytest.raises(CommandFailedError, match=r"no answer within 0\.5s"):
        SubprocessRunner(timeout=0.5)([sys.executable, "-c", "import time; time.sleep(5)"])


def test_a_missing_executable_is_a_usage_error() -> None:
    with pytest.raises(ToolMissingError, match="not found on PATH"):
        SubprocessRunner()(["/nonexistent/kubectl", "get", "nodes"])


def test_require_tools_names_every_missing_tool() -> None:
    with pytest.raises(ToolMissingError) as caught:
        require_tools("platform-dev-eks", "us-east-1", which=lambda tool: None)
    message = str(caught.value)
    assert "kubectl not found on PATH" in message
    assert "aws not found on PATH" in message


def test_the_cli_exits_2_on_an_unknown_environment() -> None:
    result = CliRunner().invoke(app, ["smoke", "--environment", "staging", "--wait", "0"])
    assert result.exit_code == 2
    assert "unknown environment 'staging'" in result.output


# -- HTTPS probe -----------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str | None]] = []  # noqa: RUF012 (shared with the test)

    def do_GET(self) -> None:
        type(self).seen.append((self.path, self.headers.get("Host")))
        status = {"/ready": 200, "/moved": 301}.get(self.path, 503)
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/ready")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def _certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOST)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(HOST)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path = directory / "cert.pem"
    key_path = directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, list[str]]]:
    """A loopback HTTPS server for ``HOST`` only; yields its port, its certificate and the
    server names (SNI) clients asked for."""
    cert_path, key_path = _certificate(tmp_path_factory.mktemp("tls"))
    server_names: list[str] = []
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)

    def remember_server_name(_socket: ssl.SSLObject, name: str | None, _: ssl.SSLContext) -> None:
        server_names.append(name or "")

    context.sni_callback = remember_server_name
    server = http.server.HTTPServer(("127.0.0.1", 0), _Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], cert_path, server_names
    server.shutdown()
    server.server_close()


def _trusting(cert_path: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert_path))


def test_the_probe_connects_to_the_load_balancer_as_the_service_host(
    tls_server: tuple[int, Path, list[str]],
) -> None:
    port, cert_path, server_names = tls_server
    request = ProbeRequest(host=HOST, path="/ready", connect_to="127.0.0.1", port=port)
    response = https_probe(request, context=_trusting(cert_path))
    assert response.status == 200
    assert response.error is None
    assert server_names[-1] == HOST  # TLS server name: the host, not the address
    assert _Handler.seen[-1] == ("/ready", HOST)


def test_the_probe_reports_the_status_it_got(tls_server: tuple[int, Path, list[str]]) -> None:
    port, cert_path, _ = tls_server
    request = ProbeRequest(host=HOST, path="/unready", connect_to="127.0.0.1", port=port)
    assert https_probe(request, context=_trusting(cert_path)).status == 503


def test_the_probe_does_not_follow_a_redirect(tls_server: tuple[int, Path, list[str]]) -> None:
    port, cert_path, _ = tls_server
    request = ProbeRequest(host=HOST, path="/moved", connect_to="127.0.0.1", port=port)
    assert https_probe(request, context=_trusting(cert_path)).status == 301


def test_the_probe_verifies_the_certificate(tls_server: tuple[int, Path, list[str]]) -> None:
    port, _, _ = tls_server
    request = ProbeRequest(host=HOST, path="/ready", connect_to="127.0.0.1", port=port)
    response = https_probe(request)  # the system trust store does not know this certificate
    assert response.status is None
    assert response.error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in response.error


def test_the_probe_rejects_a_certificate_for_another_host(
    tls_server: tuple[int, Path, list[str]],
) -> None:
    port, cert_path, _ = tls_server
    request = ProbeRequest(
        host="other.smoke.test", path="/ready", connect_to="127.0.0.1", port=port
    )
    response = https_probe(request, context=_trusting(cert_path))
    assert response.error is not None
    assert "CERTIFICATE_VERIFY_FAILED" in response.error


def test_an_unreachable_address_is_an_error_not_an_exception() -> None:
    # Port 9 (discard) on loopback: nothing listens there in a test environment.
    request = ProbeRequest(host=HOST, path="/ready", connect_to="127.0.0.1", port=9, timeout=2)
    response = https_probe(request)
    assert response.status is None
    assert response.error is not None
    assert response.error.startswith("ConnectionRefusedError")


def test_the_kubeconfig_is_written_by_update_kubeconfig() -> None:
    calls: list[list[str]] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        return subprocess.CompletedProcess(command, 0, "Added new context", "")

    write_kubeconfig("platform-dev-eks", "us-east-1", "/tmp/k", run=run)
    assert calls == [
        [
            "aws",
            "eks",
            "update-kubeconfig",
            "--name",
            "platform-dev-eks",
            "--region",
            "us-east-1",
            "--kubeconfig",
            "/tmp/k",
        ]
    ]


def test_a_failed_update_kubeconfig_raises_with_its_stderr() -> None:
    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 254, "", "No cluster found for name")

    with pytest.raises(CommandFailedError, match="No cluster found for name"):
        write_kubeconfig("platform-dev-eks", "us-east-1", "/tmp/k", run=run)
