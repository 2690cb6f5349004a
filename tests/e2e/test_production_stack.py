"""The same assistant on the production stack: PostgreSQL for every store, Redis locks.

Runs when CI (or a developer) points TEST_DATABASE_URL at a PostgreSQL server and
TEST_REDIS_URL at a Redis server (.ci/services.sh starts both); skipped otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from actions.dossiers.demo import SAMPLE_DOSSIERS
from tests.e2e.conftest import MODEL, RASA, ROOT, Servers, launch, seed_dossiers

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = pytest.mark.skipif(
    not (DATABASE_URL.startswith("postgresql") and REDIS_URL),
    reason="needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL",
)
KHAI_SINH = "Thủ tục đăng ký khai sinh"


def text_of(replies: list[dict[str, object]]) -> str:
    assert replies, "the assistant answered nothing (Rasa answers [] on any internal error)"
    return "\n".join(str(r.get("text", "")) for r in replies)


def fresh_database(name: str) -> str:
    """An empty database ``name`` on the test server; its SQLAlchemy URL (psycopg 3)."""
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return DATABASE_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Servers, str]]:
    if not RASA.exists() or not MODEL.exists():
        pytest.fail("run through `make test-e2e`, which builds the environments and the model")
    url = fresh_database("ward_e2e")
    subprocess.run(
        [sys.executable, "-m", "actions.catalogue.build_db", "--url", url],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)}, check=True, capture_output=True,
    )  # fmt: skip
    seed_dossiers(url)
    redis = urlsplit(REDIS_URL)
    env = {
        "WARD_PROCEDURES_DB_URL": url,
        "WARD_DOSSIERS_DB_URL": url,
        # Rasa's own environment talks to PostgreSQL through psycopg2.
        "TRACKER_STORE_URL": url.replace("postgresql+psycopg://", "postgresql://"),
        "LOCK_STORE_TYPE": "redis",
        "REDIS_HOST": redis.hostname or "127.0.0.1",
        "REDIS_PORT": str(redis.port or 6379),
        "REDIS_DB": (redis.path or "/1").lstrip("/") or "1",
    }
    with launch(tmp_path_factory.mktemp("stack"), env) as servers:
        yield servers, url


def test_answers_from_the_catalogue_on_postgresql(stack: tuple[Servers, str]) -> None:
    servers, _ = stack
    answer = text_of(servers.say(f"pg-{uuid.uuid4().hex}", "làm giấy khai sinh cần gì"))
    assert "đăng ký khai sinh" in answer.casefold()  # the card's title, or the record's name


def test_dossier_lookup_on_postgresql(stack: tuple[Servers, str]) -> None:
    servers, _ = stack
    dossier = SAMPLE_DOSSIERS[0]
    sender = f"pg-{uuid.uuid4().hex}"
    servers.say(sender, f"tra cứu hồ sơ {dossier.code}")
    answer = text_of(servers.say(sender, dossier.phone.replace(" ", "")[-4:]))
    assert dossier.code in answer
    assert KHAI_SINH in answer


def test_concurrent_messages_of_one_citizen_are_all_answered(stack: tuple[Servers, str]) -> None:
    """Redis serialises one conversation's messages; none is lost or answered empty."""
    servers, url = stack
    sender = f"pg-burst-{uuid.uuid4().hex}"
    questions = ["khai sinh cần gì", "lệ phí bao nhiêu", "mất bao lâu", "nộp ở đâu", "cảm ơn"]
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        replies = list(pool.map(lambda q: servers.say(sender, q), questions))
    assert all(replies), replies
    engine = create_engine(url)
    with engine.connect() as connection:
        users = connection.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
            {"s": f"rest:{sender}"},  # REST conversations are "rest:<sender>"
        ).scalar_one()
    engine.dispose()
    assert users == len(questions)
