"""examples/sample-service laid out as a service repository: its own tests pass with the
command its release workflow runs, and the image carries only the application."""

from __future__ import annotations

import shutil
import subprocess

from tests.conftest import REPO_ROOT

SAMPLE = REPO_ROOT / "examples" / "sample-service"


def test_the_repository_has_what_its_release_needs() -> None:
    for path in ("Dockerfile", "Makefile", "app.py", "tests/test_app.py", ".dockerignore"):
        assert (SAMPLE / path).is_file(), path
    assert (SAMPLE / ".github" / "workflows" / "release.yml").is_file()
    # The README explains the loop it takes part in.
    assert "docs/service-delivery.md" in (SAMPLE / "README.md").read_text()


def test_make_test_runs_the_services_own_tests() -> None:
    # make is part of the toolchain (the suite itself runs under `make test`): its absence
    # is a broken machine, not a reason to leave the example's Makefile unchecked.
    assert shutil.which("make"), "make not found on PATH; install it (Debian: apt install make)"
    result = subprocess.run(
        ["make", "--no-print-directory", "test"],
        cwd=SAMPLE,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ran 3 tests" in result.stderr
    assert result.stderr.rstrip().endswith("OK")


def test_the_image_context_holds_only_the_application() -> None:
    # Tests, Makefile and workflows stay out of the image (a smaller, clearer image).
    assert (SAMPLE / ".dockerignore").read_text().split() == ["*", "!app.py"]
