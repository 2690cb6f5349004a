"""The Rasa launcher of `make run`: admin API off by default, never without a token."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from bot.cli.serve_rasa import PolicyError, api_arguments, rasa_arguments, read_or_create_token


@pytest.mark.parametrize(
    "env",
    [{}, {"RASA_ENABLE_API": "false"}, {"RASA_ENABLE_API": ""}, {"RASA_AUTH_TOKEN": "x" * 40}],
)
def test_api_off_by_default(env: dict[str, str], tmp_path: Path) -> None:
    assert api_arguments(env, tmp_path / "token") == []
    assert not (tmp_path / "token").exists()


def test_api_with_the_operators_token(tmp_path: Path) -> None:
    env = {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN": "s3cret-" * 6}
    assert api_arguments(env, tmp_path / "token") == ["--enable-api", "--auth-token", "s3cret-" * 6]


@pytest.mark.parametrize("flag", ["true", "1", "YES", "on"])
def test_api_without_token_generates_one_0600(flag: str, tmp_path: Path) -> None:
    token_file = tmp_path / "var" / "rasa-auth-token"
    first = api_arguments({"RASA_ENABLE_API": flag}, token_file)
    assert first[:2] == ["--enable-api", "--auth-token"]
    assert len(first[2]) >= 32
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert token_file.read_text().strip() == first[2]
    # The same token on the next start: clients keep working.
    assert api_arguments({"RASA_ENABLE_API": flag}, token_file) == first


def test_production_refuses_api_without_explicit_token(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="RASA_AUTH_TOKEN"):
        api_arguments({"RASA_ENABLE_API": "true", "WARD_ENV": "production"}, tmp_path / "t")
    assert not (tmp_path / "t").exists()


def test_token_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("a" * 40)
    token_file.chmod(0o644)
    with pytest.raises(PolicyError, match="chmod 600"):
        read_or_create_token(token_file)


def test_token_file_symlink_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_text("a" * 40)
    target.chmod(0o600)
    (tmp_path / "token").symlink_to(target)
    with pytest.raises(PolicyError):
        read_or_create_token(tmp_path / "token")


def test_short_token_file_is_refused(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("short")
    token_file.chmod(0o600)
    with pytest.raises(PolicyError, match="shorter"):
        read_or_create_token(token_file)


@pytest.mark.parametrize("option", ["--enable-api", "--auth-token=abc", "--jwt-secret"])
def test_policy_options_on_the_command_line_are_refused(option: str, tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="RASA_ENABLE_API"):
        rasa_arguments(["--port", "5005", option], {}, tmp_path / "t")


def test_arguments_are_passed_to_rasa_run(tmp_path: Path) -> None:
    assert rasa_arguments(["--model", "m.tar.gz", "--port", "1"], {}, tmp_path / "t") == [
        "run", "--model", "m.tar.gz", "--port", "1",
    ]  # fmt: skip


def test_token_file_from_the_environment(tmp_path: Path) -> None:
    env = {"RASA_ENABLE_API": "true", "RASA_AUTH_TOKEN_FILE": str(tmp_path / "other")}
    token = api_arguments(env)[2]
    assert (tmp_path / "other").read_text().strip() == token
