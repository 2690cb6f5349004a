"""Fill the dossier store with a realistic, clearly fictional, reproducible demo set.

    python -m actions.dossiers.demo --count 3000 --seed 42 [--url URL] [--as-of 2025-11-20]

Procedures come from data/procedures/national.json (due dates follow each procedure's time
limit), codes are in the official format for the ward's Hà Nội unit (H26), the status mix
has many cancelled dossiers (docs/dossiers.md), some finished late, some open past their
date. The same seed and --as-of give the same dossiers. The fixed SAMPLE_DOSSIERS are
always included: the documentation and the end-to-end tests know their owners' factors.
Replaces the store's content (dossiers, logs, attempt counters, audit).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from actions.db import make_engine
from actions.dossiers.codes import format_code, reception_date
from actions.dossiers.factors import (
    ID_NUMBER,
    PHONE,
    factor_key,
    factor_mac,
    last4,
    mask_id_number,
    mask_name,
    mask_phone,
)
from actions.dossiers.models import Dossier, DossierLogEntry, LookupAudit, LookupCounter
from actions.dossiers.statuses import Status
from actions.dossiers.store import upgrade_to_head
from actions.settings import PROJECT_ROOT, get_settings

VOCABULARY = PROJECT_ROOT / "data" / "dossiers" / "demo.yml"
UNITS = ("000.00.27.H26", "000.00.27.H26", "000.00.27.H26", "000.20.27.H26")
POPULAR = {"1.001193": 40, "1.000894": 15, "1.004194": 25, "2.000815": 30, "1.001612": 5}
GROUP_WEIGHTS = {"ho_tich": 4, "chung_thuc": 4, "cu_tru_can_cuoc_cong_an": 4}
# A ward's month: most online filings are abandoned drafts ("Đã hủy"), then results returned.
STATUS_WEIGHTS: dict[Status, int] = {
    Status.CANCELLED: 38,
    Status.RETURNED: 30,
    Status.PROCESSED: 5,
    Status.PROCESSING: 7,
    Status.RECEIVED: 3,
    Status.NEW: 2,
    Status.SUPPLEMENT_REQUESTED: 4,
    Status.FEE_REQUESTED: 2,
    Status.SUSPENDED: 1,
    Status.WITHDRAWN: 3,
    Status.NOT_ACCEPTED: 3,
    Status.REFUSED: 2,
}
PATHS: dict[Status, tuple[Status, ...]] = {
    Status.NEW: (Status.NEW,),
    Status.RECEIVED: (Status.RECEIVED,),
    Status.NOT_ACCEPTED: (Status.NEW, Status.NOT_ACCEPTED),
    Status.PROCESSING: (Status.RECEIVED, Status.PROCESSING),
    Status.SUPPLEMENT_REQUESTED: (Status.RECEIVED, Status.PROCESSING, Status.SUPPLEMENT_REQUESTED),
    Status.FEE_REQUESTED: (Status.RECEIVED, Status.PROCESSING, Status.FEE_REQUESTED),
    Status.WITHDRAWN: (Status.RECEIVED, Status.PROCESSING, Status.WITHDRAWN),
    Status.SUSPENDED: (Status.RECEIVED, Status.PROCESSING, Status.SUSPENDED),
    Status.PROCESSED: (Status.RECEIVED, Status.PROCESSING, Status.PROCESSED),
    Status.RETURNED: (Status.RECEIVED, Status.PROCESSING, Status.PROCESSED, Status.RETURNED),
    Status.REFUSED: (Status.RECEIVED, Status.PROCESSING, Status.REFUSED),
    Status.CANCELLED: (Status.NEW, Status.CANCELLED),
}
FEES_VND = (8_000, 15_000, 30_000, 50_000, 75_000, 100_000, 200_000)
HISTORY_DAYS = 180
OPEN_DAYS = 25
LATE_SHARE = 0.12


@dataclass(frozen=True)
class SampleDossier:
    """A demo dossier whose (fictional) owner's numbers are published for tests and demos."""

    code: str
    procedure_code: str
    procedure_name: str
    owner_name: str
    phone: str
    id_number: str
    status: Status
    citizen_note: str | None = None
    fee_due_vnd: int | None = None


SAMPLE_DOSSIERS = (
    SampleDossier(
        code="000.00.27.H26-251017-0012",
        procedure_code="1.001193",
        procedure_name="Thủ tục đăng ký khai sinh",
        owner_name="Nguyễn Văn An",
        phone="0912 345 678",
        id_number="001090001234",
        status=Status.PROCESSED,
    ),
    SampleDossier(
        code="000.00.27.H26-251020-0031",
        procedure_code="1.004194",
        procedure_name="Đăng ký tạm trú",
        owner_name="Trần Thị Bình",
        phone="0987 654 321",
        id_number="001185004321",
        status=Status.SUPPLEMENT_REQUESTED,
        citizen_note="Bổ sung Giấy xác nhận thông tin về cư trú (bản chính).",
    ),
)


@dataclass(frozen=True)
class ProcedureChoice:
    code: str
    name: str
    working_days: int
    weight: int


def add_working_days(start: datetime, days: int) -> datetime:
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def load_procedures(path: Path) -> list[ProcedureChoice]:
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    choices = []
    for record in records:
        limits = []
        for channel in record.get("channels", []):
            value, unit = channel.get("time_limit_value"), channel.get("time_limit_unit")
            if not value:
                continue
            if unit == "hour":
                limits.append(1)
            elif unit == "day":
                limits.append(max(1, round(value * 5 / 7)))
            else:
                limits.append(max(1, round(value)))
        days = min(min(limits, default=5), 60)
        weight = POPULAR.get(record["code"], GROUP_WEIGHTS.get(record.get("group", ""), 1))
        choices.append(ProcedureChoice(record["code"], record["name"], days, weight))
    return choices


class Generator:
    def __init__(self, seed: int, as_of: date, key: bytes, vocabulary: dict[str, Any]) -> None:
        self.rng = random.Random(seed)
        self.as_of = datetime.combine(as_of, datetime.min.time()).replace(hour=17)
        self.key = key
        self.vocabulary = vocabulary
        self.sequences: dict[tuple[str, date], int] = {}

    def person(self) -> tuple[str, str, str]:
        v, rng = self.vocabulary, self.rng
        name = " ".join(
            [
                rng.choice(v["family_names"]),
                rng.choice(v["middle_names"]),
                rng.choice(v["given_names"]),
            ]
        )
        phone = rng.choice(("09", "03", "08", "07")) + "".join(rng.choices("0123456789", k=8))
        id_number = f"001{rng.randint(0, 3)}{rng.randint(50, 99):02d}" + "".join(
            rng.choices("0123456789", k=6)
        )
        return name, phone, id_number

    def owner_columns(self, name: str, phone: str, id_number: str) -> dict[str, Any]:
        salt = f"{self.rng.getrandbits(128):032x}"
        return {
            "owner_name_masked": mask_name(name),
            "phone_masked": mask_phone(phone),
            "id_number_masked": mask_id_number(id_number),
            "factor_salt": salt,
            "phone_last4_mac": factor_mac(self.key, salt, PHONE, last4(phone)),
            "id_last4_mac": factor_mac(self.key, salt, ID_NUMBER, last4(id_number)),
        }

    def received_at(self, status: Status) -> datetime:
        days = OPEN_DAYS if status.is_open or status is Status.PROCESSED else HISTORY_DAYS
        while True:
            day = self.as_of - timedelta(days=self.rng.randint(0, days))
            if day.weekday() < 6:  # the desk opens on Saturday mornings too
                hour = self.rng.randint(8, 11) if day.weekday() == 5 else self.rng.randint(8, 16)
                return day.replace(hour=hour, minute=self.rng.randint(0, 59))

    def code_for(self, received: datetime, taken: set[str]) -> str:
        unit = self.rng.choice(UNITS)
        while True:
            key = (unit, received.date())
            self.sequences[key] = self.sequences.get(key, 0) + 1
            code = format_code(unit, received.date(), self.sequences[key])
            if code not in taken:
                return code

    def timeline(
        self, status: Status, received: datetime, due: datetime
    ) -> tuple[list[datetime], datetime | None, datetime | None]:
        """Times of each step of the status path, and the finished/returned times."""
        path = PATHS[status]
        rng = self.rng
        finished = returned = None
        if status in (Status.PROCESSED, Status.RETURNED, Status.REFUSED):
            span = (due - received).total_seconds()
            if rng.random() < LATE_SHARE:
                finished = add_working_days(due, rng.randint(1, 10))
            else:
                finished = received + timedelta(seconds=span * rng.uniform(0.3, 0.98))
            office_hours = finished.replace(
                hour=rng.randint(8, 16), minute=rng.randint(0, 59), second=0, microsecond=0
            )
            finished = min(max(office_hours, received + timedelta(hours=1)), self.as_of)
            if status is Status.RETURNED:
                returned = min(finished + timedelta(days=rng.randint(0, 6)), self.as_of)
        end = returned or finished or min(self.as_of, received + timedelta(days=rng.randint(0, 8)))
        steps = len(path)
        times = [received + (end - received) * (i / max(1, steps - 1)) for i in range(steps)]
        if finished is not None:
            index = path.index(Status.REFUSED if status is Status.REFUSED else Status.PROCESSED)
            times[index] = finished
        return times, finished, returned

    def dossier(
        self, dossier_id: int, procedure: ProcedureChoice, status: Status, taken: set[str]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rng, notes = self.rng, self.vocabulary["notes"]
        received = self.received_at(status)
        code = self.code_for(received, taken)
        due = add_working_days(received, procedure.working_days).replace(hour=16, minute=30)
        times, finished, returned = self.timeline(status, received, due)
        channel = 2 if status in (Status.CANCELLED, Status.NEW) else rng.choice((1, 1, 2, 2, 3))
        name, phone, id_number = self.person()
        note = rng.choice(notes[status.value]) if status.value in notes else None
        row = {
            "id": dossier_id,
            "code": code,
            "procedure_code": procedure.code,
            "procedure_name": procedure.name,
            "channel": channel,
            **self.owner_columns(name, phone, id_number),
            "status": status.value,
            "received_at": received,
            "due_at": None if status in (Status.NEW, Status.CANCELLED) else due,
            "finished_at": finished,
            "returned_at": returned,
            "fee_due_vnd": rng.choice(FEES_VND) if status is Status.FEE_REQUESTED else None,
            "citizen_note": note,
            "updated_at": times[-1],
        }
        return row, self.log_rows(dossier_id, PATHS[status], times, due, note)

    def log_rows(
        self,
        dossier_id: int,
        path: Sequence[Status],
        times: Sequence[datetime],
        due: datetime,
        note: str | None,
    ) -> list[dict[str, Any]]:
        units = self.vocabulary["units"]
        rows = []
        for position, (step, at) in enumerate(zip(path, times, strict=True)):
            unit = (
                units["reception"] if step in (Status.NEW, Status.RECEIVED) else units["processing"]
            )
            if step in (Status.PROCESSED, Status.REFUSED):
                unit = units["approval"]
            rows.append(
                {
                    "dossier_id": dossier_id,
                    "position": position,
                    "at": at,
                    "status": step.value,
                    "unit": unit,
                    "note": note if position == len(path) - 1 else None,
                    "deadline": due if step in (Status.RECEIVED, Status.PROCESSING) else None,
                }
            )
        return rows

    def sample(
        self, dossier_id: int, sample: SampleDossier
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        received = datetime.combine(reception_date(sample.code), datetime.min.time()).replace(
            hour=9, minute=15
        )
        due = add_working_days(received, 5).replace(hour=16, minute=30)
        path = PATHS[sample.status]
        finished = (
            add_working_days(received, 3).replace(hour=15)
            if sample.status is Status.PROCESSED
            else None
        )
        times = [received + timedelta(days=i) for i in range(len(path))]
        if finished is not None:
            times[-1] = finished
        row = {
            "id": dossier_id,
            "code": sample.code,
            "procedure_code": sample.procedure_code,
            "procedure_name": sample.procedure_name,
            "channel": 1,
            **self.owner_columns(sample.owner_name, sample.phone, sample.id_number),
            "status": sample.status.value,
            "received_at": received,
            "due_at": due,
            "finished_at": finished,
            "returned_at": None,
            "fee_due_vnd": sample.fee_due_vnd,
            "citizen_note": sample.citizen_note,
            "updated_at": times[-1],
        }
        return row, self.log_rows(dossier_id, path, times, due, sample.citizen_note)


def generate(
    session: Session, count: int, seed: int, as_of: date, key: bytes, data_dir: Path
) -> int:
    """Replace the store's content with ``count`` dossiers plus the samples."""
    vocabulary = yaml.safe_load(VOCABULARY.read_text(encoding="utf-8"))
    procedures = load_procedures(data_dir / "procedures" / "national.json")
    generator = Generator(seed, as_of, key, vocabulary)
    for table in (LookupAudit, LookupCounter, DossierLogEntry, Dossier):
        session.execute(delete(table))
    dossiers, logs = [], []
    taken = {s.code for s in SAMPLE_DOSSIERS}
    for index, sample in enumerate(SAMPLE_DOSSIERS, start=1):
        row, log = generator.sample(index, sample)
        dossiers.append(row)
        logs += log
    statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
    procedure_weights = [p.weight for p in procedures]
    for dossier_id in range(len(SAMPLE_DOSSIERS) + 1, len(SAMPLE_DOSSIERS) + count + 1):
        status = generator.rng.choices(statuses, weights)[0]
        procedure = generator.rng.choices(procedures, procedure_weights)[0]
        row, log = generator.dossier(dossier_id, procedure, status, taken)
        taken.add(row["code"])
        dossiers.append(row)
        logs += log
    session.execute(insert(Dossier), dossiers)
    session.execute(insert(DossierLogEntry), logs)
    session.commit()
    return len(dossiers)


def main(argv: Sequence[str] | None = None) -> None:
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--url", default=settings.dossiers_db_url)
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="today's date of the demo"
    )
    args = parser.parse_args(argv)
    from actions.dossiers.service import vietnam_now

    as_of = args.as_of or vietnam_now().date()
    started = time.monotonic()
    if args.url.startswith("sqlite:///"):
        Path(args.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    upgrade_to_head(args.url)
    engine = make_engine(args.url)
    try:
        with Session(engine) as session:
            total = generate(session, args.count, args.seed, as_of, factor_key(), settings.data_dir)
    finally:
        engine.dispose()
    print(
        f"{total} demo dossiers (seed {args.seed}, as of {as_of})"
        f" in {time.monotonic() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
