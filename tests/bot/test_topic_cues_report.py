"""The topic-cue report's arithmetic: precision and recall per topic, answers per row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation import topic_cues_report as tcr
from bot.evaluation.evaluate import Question


def q(intent: str, text: str = "x") -> Question:
    return Question(text=text, intent=intent, procedure="1.000894", tags=())


@pytest.mark.parametrize(
    ("intent", "gold"),
    [
        ("ask_papers+ask_duration", {"papers", "duration"}),
        ("ask_procedure+ask_fee", {"fee"}),
        ("ask_steps", set()),
        ("thank+goodbye", set()),
    ],
)
def test_gold_topics(intent: str, gold: set[str]) -> None:
    assert tcr.gold_topics(q(intent)) == gold


def test_tally_counts_precision_and_recall_per_topic() -> None:
    tallies = tcr.tally(
        [({"papers", "fee"}, {"papers"}), ({"fee"}, {"fee", "duration"}), (set(), {"papers"})]
    )
    assert (tallies["papers"].tp, tallies["papers"].fp, tallies["papers"].fn) == (1, 1, 0)
    assert tallies["fee"].recall == 0.5
    assert tallies["duration"].precision == 0.0
    assert tallies["forms"].precision is None
    assert (tallies["(all)"].tp, tallies["(all)"].fp, tallies["(all)"].fn) == (2, 2, 1)


def test_report_reads_the_files_and_the_last_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = tmp_path / "dev.csv"
    questions.write_text(
        "text,intent,procedure,tags\n"
        '"kết hôn lên đâu làm, cần mang giấy gì",ask_submission+ask_papers,1.000894,multi\n'
        "kết hôn mất bao nhiêu ngày,ask_duration,1.000894,\n",
        encoding="utf-8",
    )
    run = {"rows": [{"text": "kết hôn lên đâu làm, cần mang giấy gì", "predicted": "ask_papers"}]}
    (tmp_path / "results-ours-dev.json").write_text(json.dumps(run), encoding="utf-8")
    monkeypatch.setattr(tcr, "RESULTS_DIR", tmp_path)
    lines = tcr.report([questions], show_errors=5)
    multi = lines[lines.index("== cues on multi-question rows (n=1)") + 1 :]
    assert multi[1].split()[:6] == ["papers", "1", "0", "0", "1.000", "1.000"]
    assert any(line.startswith("all_topics_answered=1/1 ") for line in lines)
    # The single-question row: its time words are no fee cue.
    every = lines[lines.index("== cues on every row (n=2)") + 1 :]
    assert every[3].split()[:4] == ["fee", "0", "0", "0"]


def test_answered_topics_mirror_the_action() -> None:
    text = "cần mang giấy gì, mất bao lâu"
    # No word asks the fee the intent read: what the words ask leads, the fee follows.
    assert tcr.answered_topics(text, "ask_fee") == ["papers", "duration", "fee"]
    assert tcr.answered_topics(text, "ask_papers") == ["papers", "duration"]
    assert tcr.answered_topics(text, "ask_procedure") == ["papers", "duration"]
    assert tcr.answered_topics(text, "greet") == ["greet"]
