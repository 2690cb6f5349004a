"""Action-server settings, read lazily from the environment (prefix ``WARD_``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
