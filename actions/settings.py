"""Action-server settings, read lazily from the environment (prefix ``WARD_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


#: Development-only HMAC key of the dossier factors; never use it in production.
DEV_FACTOR_KEY = "dev-only-ward-dossier-factor-key"


def _sqlite_url(name: str) -> str:
    return f"sqlite:///{PROJECT_ROOT / 'var' / name}"


class Settings(BaseSettings):
    """Configuration of the action server; every field has a working embedded default."""

    model_config = SettingsConfigDict(env_prefix="WARD_", extra="ignore")

    #: Statistics-office code of the ward whose overrides apply (Phường Đống Đa, Hà Nội).
    code: str = "00235"
    #: SQLAlchemy URL of the procedure knowledge base.
    procedures_db_url: str = _sqlite_url("procedures.db")
    #: Folder holding the shipped national catalogue and the ward override files.
    data_dir: Path = PROJECT_ROOT / "data"

    # --- Dossier status lookup (docs/dossiers.md) ---
    #: SQLAlchemy URL of the dossier store: dossiers, attempt counters, lookup audit.
    dossiers_db_url: str = _sqlite_url("dossiers.db")
    #: Where dossiers are looked up: this ward's own store, or the provincial one-stop system.
    dossier_backend: Literal["local", "provincial"] = "local"
    #: Key of the HMAC that protects the owner's last-4 digits. Set it in production:
    #: the default is public, and a warning is logged whenever it is used.
    dossier_factor_key: SecretStr = SecretStr(DEV_FACTOR_KEY)
    #: Receiving-unit prefix that completes a partial code ("H26-251017-0012").
    dossier_unit_prefix: str = "000.00.27.H26"
    #: Provincial one-stop lookup API (WARD_DOSSIER_BACKEND=provincial).
    provincial_base_url: str = "http://127.0.0.1:8089"
    provincial_timeout_s: float = 2.5
    provincial_retries: int = 1
    provincial_backoff_s: float = 0.2
    #: Attempt limits (actions/dossiers/limits.py; docs/dossiers.md has the arithmetic).
    dossier_conversation_max_failures: int = 3
    dossier_conversation_lockout_minutes: int = 15
    #: Per code: free failures, then locks of 1, 2, 4… minutes, capped; a quiet day resets.
    dossier_code_free_failures: int = 3
    dossier_code_first_delay_seconds: int = 60
    dossier_code_max_delay_minutes: int = 15
    dossier_code_forget_after_hours: int = 24
    #: Ward-wide slowdown: failures per hour before each attempt waits for one to leak.
    dossier_global_failures_per_hour: int = 30


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
