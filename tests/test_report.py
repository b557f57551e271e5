"""The clinician report: both formats, escaping, and the `report` command's errors and files."""

from __future__ import annotations

import argparse
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.cli.main import main
from backtimer.cli.stats import run_report
from backtimer.domain import stats as st
from backtimer.domain.stats.rows import Details, SessionRow, SetRow
from backtimer.render.report import build, to_html, to_markdown
from backtimer.storage.paths import Dirs
from tests.support.history import make_history

TODAY = date(2026, 11, 1)
EVIL = "<script>alert(1)</script> | *bold* [link](x)"


def evil_stats() -> st.Stats:
    rows, details = [], {}
    for n in range(20):
        day = TODAY - timedelta(days=n)
        started = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        rows.append(SessionRow(n, f"id{n}", "mine", EVIL, started, day, "completed", 1.0,
                               n == 3, 2, f"/{n}.toml"))  # fmt: skip
        details[n] = Details(
            (
                SetRow("plank", EVIL, "hold", "standard", "left", "s", 30, 20 + n % 3, 1, None),
                SetRow("plank", EVIL, "hold", "standard", "right", "s", 30, 26, 6, "pain"),
            ),
            (("before", 2), ("after", 1)),
        )
    rows.reverse()
    return st.compute(rows, details, today=TODAY, range_key="all", prescribed={"mine": 7.0})


def test_markdown_has_every_section_and_escapes_routine_text() -> None:
    text = to_markdown(build(evil_stats(), since=None, generated=TODAY))
    for heading in (
        "Adherence",
        "Holds and reps",
        "Left and right",
        "Pain (0–10)",
        "Warning signs",
    ):
        assert f"## {heading}" in text
    assert "not medical advice" in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\| \\*bold\\*" in text  # a pipe in a name cannot break the table
    assert "leg symptoms reported" in text
    assert "stopped for pain" in text
    assert "| left |" in text  # the weaker side is named


def test_html_is_self_contained_printable_and_escaped() -> None:
    page = to_html(build(evil_stats(), since=date(2026, 10, 13), generated=TODAY))
    assert page.splitlines()[1] == "<!DOCTYPE html>"
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "@media print" in page
    assert "http" not in page  # nothing fetched from anywhere
    assert page.count("<table>") == 5


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data")
    make_history(data, years=0.25, seed=5, end=TODAY)
    return data


def args(**values: object) -> argparse.Namespace:
    return argparse.Namespace(**{"since": None, "until": None, "output": None, **values})


def test_report_writes_html_or_markdown_by_name_privately(history: Path, tmp_path: Path) -> None:
    dirs = Dirs(config=tmp_path / "config", data=history)
    for name, marker in (("r.html", "<!DOCTYPE html>"), ("r.md", "# Back training report")):
        out = tmp_path / name
        assert run_report(args(output=str(out), since="2026-10-01"), dirs, TODAY) == 0
        assert marker in out.read_text(encoding="utf-8")
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "Period: 1 Oct – 1 Nov 2026" in text
    assert "Static hold" in text and "Static holds" in text


def test_report_to_stdout_and_clear_errors(
    history: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = ["--data-dir", str(history)]
    assert main([*data, "report", "--since", "2026-10-01"]) == 0
    assert "## Adherence" in capsys.readouterr().out
    assert main([*data, "report", "--since", "yesterday"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert main([*data, "report", "-o", str(tmp_path / "r.pdf")]) == 2
    assert ".md or .html" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
    assert main([*data, "report", "-o", str(tmp_path / "missing" / "r.md")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_streak_of_one_day_reads_in_the_singular() -> None:
    rows = [
        SessionRow(1, "id1", "mine", "Mine", datetime(2026, 11, 1, 8, tzinfo=UTC), TODAY,
                   "completed", 1.0, False, 1, "/1.toml"),
    ]  # fmt: skip
    details = {
        1: Details(
            (SetRow("plank", "Plank", "hold", "standard", "both", "s", 30, 30, 1, None),), ()
        )
    }
    stats = st.compute(rows, details, today=TODAY, range_key="all", prescribed={"mine": 7.0})
    text = to_markdown(build(stats, since=None, generated=TODAY))
    assert "Current streak: 1 day; longest: 1 day." in text


def test_the_report_judges_pain_by_the_one_limit_from_config(tmp_path: Path) -> None:
    """Pain rule: at most 1–2/10; a lower limit in config.toml is the one the report uses."""
    from backtimer.services.stats_loading import read_side_data

    dirs = Dirs(config=tmp_path / "config", data=tmp_path / "data")
    dirs.config.mkdir()
    assert read_side_data(dirs).pain_limit == 2
    (dirs.config / "config.toml").write_text("pain_limit = 1\n", encoding="utf-8")
    limit = read_side_data(dirs).pain_limit
    assert limit == 1
    rows, details = [], {}
    for n, before in enumerate((1, 2, 3)):
        day = TODAY - timedelta(days=n)
        started = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        rows.append(SessionRow(n, f"id{n}", "mine", "Mine", started, day, "completed", 1.0,
                               False, 1, f"/{n}.toml"))  # fmt: skip
        details[n] = Details((), (("before", before),))
    rows.reverse()
    stats = st.compute(rows, details, today=TODAY, range_key="all", pain_limit=limit)
    assert stats.pain_series("before").over_limit_days == 2  # 2 and 3 are over 1
    text = to_markdown(build(stats, since=None, generated=TODAY))
    assert "the limit set is 1" in text and "Days over 1" in text
    default = st.compute(rows, details, today=TODAY, range_key="all")
    assert default.pain_series("before").over_limit_days == 1


def test_the_first_line_of_the_file_says_it_holds_private_health_information(
    history: Path, tmp_path: Path
) -> None:
    dirs = Dirs(config=tmp_path / "config", data=history)
    for name in ("r.html", "r.md"):
        out = tmp_path / name
        assert run_report(args(output=str(out)), dirs, TODAY) == 0
        first = out.read_text(encoding="utf-8").splitlines()[0]
        assert "Private health record" in first and "pain" in first, first
        assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_the_report_covers_the_last_12_weeks_unless_told_otherwise(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(history)]
    today = date.today()
    assert main([*data, "report"]) == 0
    start = today - timedelta(weeks=12) + timedelta(days=1)
    from backtimer.domain.formatting import format_date_range

    assert f"Period: {format_date_range(start, today)};" in capsys.readouterr().out


def test_since_and_until_choose_the_period(history: Path, tmp_path: Path) -> None:
    dirs = Dirs(config=tmp_path / "config", data=history)
    out = tmp_path / "r.md"
    chosen = args(output=str(out), since="2026-09-01", until="2026-09-30")
    assert run_report(chosen, dirs, TODAY) == 0
    text = out.read_text(encoding="utf-8")
    assert "Period: 1–30 Sep 2026" in text or "Period: 1 Sep – 30 Sep 2026" in text, text[:400]


def test_until_after_today_or_before_since_is_refused(
    history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(history)]
    assert main([*data, "report", "--until", "2999-01-01"]) == 2
    assert "--until" in capsys.readouterr().err
    assert main([*data, "report", "--since", "2026-10-02", "--until", "2026-10-01"]) == 2
    assert "after --until" in capsys.readouterr().err
    assert main([*data, "report", "--until", "soon"]) == 2
    assert "--until expects a date as YYYY-MM-DD" in capsys.readouterr().err
