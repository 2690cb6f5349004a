from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from actions.catalogue.diff import Change, changes, main


def rec(code: str, papers: int = 1, notes: int = 0, **fields: Any) -> dict[str, Any]:
    docs = [{"name": f"Giấy {i}", "is_note": False} for i in range(papers)]
    docs += [{"name": f"Ghi chú {i}", "is_note": True} for i in range(notes)]
    return {"code": code, "name": f"Thủ tục {code}", "documents": docs, "steps": []} | fields


def test_changes_name_the_fields_and_paper_counts() -> None:
    old = [rec("1.000001"), rec("1.000002", papers=0, notes=1), rec("1.000003")]
    new = [rec("1.000001"), rec("1.000002", papers=3, steps=["Bước 1."]), rec("1.000004")]
    assert changes(old, new) == [
        Change("1.000002", "changed", ("documents", "steps"), 0, 3),
        Change("1.000003", "removed", (), 1, None),
        Change("1.000004", "added", (), None, 1),
    ]


@pytest.mark.parametrize(
    ("expect", "status"),
    [([], 1), (["1.000002"], 0), (None, 0)],
)
def test_expect_fails_on_other_changes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    expect: list[str] | None,
    status: int,
) -> None:
    old, new, cards = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "cards"
    old.write_text(json.dumps([rec("1.000002", papers=0)]), encoding="utf-8")
    new.write_text(json.dumps([rec("1.000002", papers=2)]), encoding="utf-8")
    (cards / "social").mkdir(parents=True)
    (cards / "social" / "1.000002.yml").write_text("code: '1.000002'\n", encoding="utf-8")
    argv = [str(old), str(new), "--cards", str(cards)]
    if expect is not None:
        argv += ["--expect", *expect]
    assert main(argv) == status
    out = capsys.readouterr().out
    assert "1.000002\tdocuments\tpapers 0->2\tCARDED" in out
    assert "1 records changed (1 carded)" in out
