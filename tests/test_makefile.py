"""The Makefile: what `make run` exposes, and environment removal that stays in the repo."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def make(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("api", ["", "RASA_ENABLE_API=true"])
def test_run_starts_rasa_without_the_admin_api_on_its_command_line(api: str) -> None:
    result = make("-n", "run", *filter(None, [api]))
    assert result.returncode == 0, result.stderr
    rasa = [line for line in result.stdout.splitlines() if "--credentials" in line]
    assert rasa and "bot.cli.serve_rasa" in rasa[0]
    assert "--enable-api" not in result.stdout
    assert "--auth-token" not in result.stdout


def test_run_checks_production_before_starting_servers() -> None:
    lines = make("-n", "run").stdout.splitlines()
    preflight = next(i for i, line in enumerate(lines) if "actions.preflight" in line)
    servers = next(i for i, line in enumerate(lines) if "--actions actions" in line)
    assert preflight < servers


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the Makefile with the lock files, and a fake Python that creates nothing."""
    repo = tmp_path / "repo"
    for lock in ("bot/requirements.lock", "actions/requirements.lock"):
        (repo / lock).parent.mkdir(parents=True)
        (repo / lock).write_text("")
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    fake = tmp_path / "python3.10"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    # Someone else's environments, reachable through a symlinked .venv.
    for env in ("rasa", "actions"):
        (tmp_path / "elsewhere" / env).mkdir(parents=True)
        (tmp_path / "elsewhere" / env / "keep-me").write_text("")
    return repo


@pytest.mark.parametrize("env", ["rasa", "actions"])
def test_symlinked_venv_is_not_deleted_through(checkout: Path, env: str) -> None:
    (checkout / ".venv").symlink_to(checkout.parent / "elsewhere")
    result = make(
        f".venv/{env}/.installed", f"PYTHON={checkout.parent / 'python3.10'}", cwd=checkout
    )
    assert result.returncode != 0
    assert "refusing to delete" in result.stderr and "symbolic link" in result.stderr
    assert (checkout.parent / "elsewhere" / env / "keep-me").exists()


def test_venv_outside_the_repository_is_not_deleted(checkout: Path) -> None:
    result = make(
        "../elsewhere/rasa/.installed", "VENV=../elsewhere",
        f"PYTHON={checkout.parent / 'python3.10'}", cwd=checkout,
    )  # fmt: skip
    assert "resolves outside" in result.stderr
    assert (checkout.parent / "elsewhere" / "rasa" / "keep-me").exists()


def test_a_real_venv_folder_is_still_rebuilt(checkout: Path) -> None:
    (checkout / ".venv" / "rasa").mkdir(parents=True)
    (checkout / ".venv" / "rasa" / "stale").write_text("")
    result = make(".venv/rasa/.installed", f"PYTHON={checkout.parent / 'python3.10'}", cwd=checkout)
    assert "refusing" not in result.stderr
    assert not (checkout / ".venv" / "rasa" / "stale").exists()
