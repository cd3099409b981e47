"""`cqvet calendar`: each point's current deadline as an all-day event that calendar apps import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from cqvet.deadline_calendar import DeadlineCalendar, build_calendar
from cqvet.labels import message
from cqvet.render.ics import PRODID, REMIND_BEFORE, categories, description, fold, ical_text, render_ics
from cqvet.render.text import strip_controls
from cqvet.store import Store

Run = Callable[..., Any]

# 、，,；; separate offices in a name as typed (`--lead 高教处、职成教处`), so the semicolon and comma
# that iCalendar must escape come in the postponement's note instead.
HOSTILE_LEAD = "职成教处\n二科\\c"
HOSTILE_SUPPORT = "财务处 \\n 不是换行"
HOSTILE_NOTE = "受疫情影响; 顺延, 见\\文件"


def export(cqvet: Run, path: Path, *args: str) -> Calendar:
    result = cqvet("calendar", "--output", str(path), "--force", *args)
    assert result.exit_code == 0, result.output
    return Calendar.from_ical(path.read_bytes())


def events(calendar: Calendar) -> dict[int, Any]:
    """The VEVENTs by point number, read from their UID."""
    found = {}
    for event in calendar.walk("VEVENT"):
        number = int(str(event["uid"]).split("-point-")[1].split("@")[0])
        assert number not in found
        found[number] = event
    return found


@pytest.fixture
def planned(cqvet: Run, loaded: Path) -> Path:
    """The 2021 plan with owners, deadlines (one postponed), progress, and hostile unit names on point 9."""
    for args in (
        ("deadline", "set", "3", "6月底"),
        ("deadline", "set", "7", "6月底"),
        ("deadline", "set", "7", "9月底", "--note", HOSTILE_NOTE),
        ("deadline", "set", "12", "2021-11-15"),
        ("owner", "set", "7", "--lead", "职成教处", "--support", "发展规划处", "--support", "财务处"),
        ("owner", "set", "9", "--lead", HOSTILE_LEAD, "--support", HOSTILE_SUPPORT),
        ("progress", "set", "7", "-p", "40", "-s", "推进中", "--date", "2021-06-30"),
        ("progress", "set", "12", "-p", "100", "-s", "已完成", "--date", "2021-10-30"),
    ):
        result = cqvet(*args)
        assert result.exit_code == 0, result.output
    return loaded


@pytest.mark.slow
def test_there_is_one_all_day_event_per_point_on_its_deadline(
    cqvet: Run, planned: Path, tmp_path: Path
) -> None:
    """17 VEVENTs, DTSTART;VALUE=DATE the due day and DTEND the next; unset deadlines fall on year end."""
    calendar = export(cqvet, tmp_path / "deadlines.ics")
    found = events(calendar)
    assert sorted(found) == list(range(1, 18))
    due = {3: dt.date(2021, 6, 30), 7: dt.date(2021, 9, 30), 12: dt.date(2021, 11, 15)}
    for number, event in found.items():
        start, end = event["dtstart"].dt, event["dtend"].dt
        assert type(start) is dt.date and type(end) is dt.date
        assert start == due.get(number, dt.date(2021, 12, 31))
        assert end == start + dt.timedelta(days=1)
    raw = (tmp_path / "deadlines.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20210930\r\n" in raw
    assert b"DTEND;VALUE=DATE:20211001\r\n" in raw


def test_the_calendar_names_itself_and_stamps_every_event(cqvet: Run, planned: Path, tmp_path: Path) -> None:
    """PRODID, VERSION 2.0, X-WR-CALNAME from the plan title, and a UTC DTSTAMP on each event."""
    calendar = export(cqvet, tmp_path / "deadlines.ics")
    assert str(calendar["prodid"]) == PRODID == "-//cqvet//cqvet//ZH"
    assert str(calendar["version"]) == "2.0"
    assert "2021年全市职业教育与继续教育工作要点" in str(calendar["x-wr-calname"])
    for event in calendar.walk("VEVENT"):
        assert event["dtstamp"].dt.utcoffset() == dt.timedelta(0)


@pytest.mark.slow
def test_summary_says_deadline_number_and_title(cqvet: Run, planned: Path, tmp_path: Path) -> None:
    """SUMMARY reads 【完成时限】7. 实施“双高”“双优”领航计划 in Chinese and [Deadline] 7. … in English."""
    chinese = events(export(cqvet, tmp_path / "zh.ics"))
    assert str(chinese[7]["summary"]) == "【完成时限】7. 实施“双高”“双优”领航计划"
    result = cqvet("--lang", "en", "calendar", "-o", str(tmp_path / "en.ics"), "--plan", "2021")
    assert result.exit_code == 0, result.output
    english = events(Calendar.from_ical((tmp_path / "en.ics").read_bytes()))
    assert str(english[7]["summary"]) == "[Deadline] 7. 实施“双高”“双优”领航计划"
    assert str(english[7]["description"]).startswith("Lead: 职成教处\nSupporting: 发展规划处, 财务处\n")


@pytest.mark.slow
def test_description_holds_owners_deadline_postponement_and_progress(
    cqvet: Run, planned: Path, tmp_path: Path
) -> None:
    """Lead and supporting units, the deadline as written, original date and reason, the latest progress."""
    found = events(export(cqvet, tmp_path / "deadlines.ics"))
    text = str(found[7]["description"])
    assert text.split("\n") == [
        "牵头单位：职成教处",
        "配合单位：发展规划处、财务处",
        "完成时限：9月底（2021年9月30日）",
        "已延期：原定2021年6月30日；原因：" + HOSTILE_NOTE,
        "当前进度：40%，推进中（2021年6月30日填报）",
    ]
    assert "职成教处" in [str(c) for c in found[7]["categories"].cats]


@pytest.mark.slow
def test_a_point_without_a_deadline_says_the_default_applies(
    cqvet: Run, planned: Path, tmp_path: Path
) -> None:
    """The plan's default (year end) is named as such, and an unowned point says it has no lead yet."""
    text = str(events(export(cqvet, tmp_path / "deadlines.ics"))[1]["description"])
    assert message("ics.deadline_default", "zh", date="2021年12月31日") in text
    assert message("ics.lead_none", "zh") in text
    assert message("ics.progress_none", "zh") in text


@pytest.mark.slow
def test_open_points_remind_a_week_before_and_done_points_do_not(
    cqvet: Run, planned: Path, tmp_path: Path
) -> None:
    """One DISPLAY VALARM at -P7D on each open point; a finished point (12) has no reminder."""
    found = events(export(cqvet, tmp_path / "deadlines.ics"))
    for number, event in found.items():
        alarms = event.walk("VALARM")
        if number == 12:
            assert alarms == []
            continue
        assert len(alarms) == 1
        assert str(alarms[0]["action"]) == "DISPLAY"
        assert alarms[0]["trigger"].dt == -dt.timedelta(days=7)
        assert str(number) in str(alarms[0]["description"])


@pytest.mark.slow
def test_uids_are_unique_and_stable_across_exports(cqvet: Run, planned: Path, tmp_path: Path) -> None:
    """Two exports give the same 17 distinct UIDs, so re-importing updates instead of duplicating."""
    first = events(export(cqvet, tmp_path / "a.ics"))
    assert cqvet("progress", "set", "3", "-p", "50", "--date", "2021-05-01").exit_code == 0
    second = events(export(cqvet, tmp_path / "b.ics"))
    uids = [str(e["uid"]) for e in first.values()]
    assert len(set(uids)) == 17
    assert uids == [str(e["uid"]) for e in second.values()]
    assert all(uid.startswith("cqvet-2021-") and uid.endswith("@cqvet") for uid in uids)


@pytest.mark.slow
def test_sequence_counts_deadline_revisions_and_never_goes_down(
    cqvet: Run, planned: Path, tmp_path: Path
) -> None:
    """0 for an unset or once-set deadline, 1 after a postponement, 2 once that postponement is undone."""
    found = events(export(cqvet, tmp_path / "a.ics"))
    assert {n: int(e["sequence"]) for n, e in found.items() if int(e["sequence"])} == {7: 1}
    assert int(found[3]["sequence"]) == 0
    assert cqvet("deadline", "set", "3", "7月底", "--note", "推迟").exit_code == 0
    assert int(events(export(cqvet, tmp_path / "b.ics"))[3]["sequence"]) == 1
    assert cqvet("undo", "--yes").exit_code == 0
    event = events(export(cqvet, tmp_path / "c.ics"))[3]
    assert event["dtstart"].dt == dt.date(2021, 6, 30)
    assert int(event["sequence"]) == 2
    assert "已延期" not in str(event["description"])


@pytest.mark.slow
def test_hostile_unit_names_round_trip(cqvet: Run, planned: Path, tmp_path: Path) -> None:
    """Newlines and backslashes in unit names, semicolons and commas in a note come back as typed."""
    path = tmp_path / "deadlines.ics"
    event = events(export(cqvet, path))[9]
    lines = str(event["description"]).split("\n")
    assert lines[0] + "\n" + lines[1] == "牵头单位：" + HOSTILE_LEAD
    assert f"配合单位：{HOSTILE_SUPPORT}" in str(event["description"])
    assert HOSTILE_LEAD in [str(c) for c in event["categories"].cats]
    assert HOSTILE_NOTE in str(events(export(cqvet, path))[7]["description"])
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded as RFC 5545 asks
    assert b"\\;" in raw and b"\\," in raw and b"\\\\" in raw


@pytest.mark.slow
def test_it_refuses_to_replace_a_file_without_force(cqvet: Run, planned: Path, tmp_path: Path) -> None:
    """An existing .ics is kept unless --force is given."""
    path = tmp_path / "deadlines.ics"
    path.write_text("mine", encoding="utf-8")
    result = cqvet("calendar", "--output", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "mine"


def icalendar_file(calendar: DeadlineCalendar, lang: str, stamp: dt.datetime) -> bytes:
    """The file as the icalendar library writes it from the same events (how cqvet wrote it before)."""
    from icalendar import Alarm, Event, vText

    ics = Calendar()
    ics.add("prodid", PRODID)
    ics.add("version", "2.0")
    ics.add("calscale", "GREGORIAN")
    ics.add("method", "PUBLISH")
    ics.add("x-wr-calname", vText(strip_controls(message("ics.calname", lang, plan=calendar.plan_title))))
    for event in calendar.events:
        title = strip_controls(event.title)
        vevent = Event()
        vevent.add("uid", event.uid)
        vevent.add("dtstamp", stamp)
        vevent.add("sequence", event.sequence)
        vevent.add("dtstart", event.due)
        vevent.add("dtend", event.due + dt.timedelta(days=1))
        vevent.add("summary", message("ics.summary", lang, number=event.number, title=title))
        vevent.add("description", description(event, lang))
        vevent.add("categories", categories(event, lang))
        vevent.add("transp", "TRANSPARENT")
        if event.is_open:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", -REMIND_BEFORE)
            alarm.add("description", message("ics.alarm", lang, number=event.number, title=title))
            vevent.add_component(alarm)
        ics.add_component(vevent)
    return bytes(ics.to_ical())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_file_is_byte_for_byte_what_icalendar_writes(planned: Path, lang: str) -> None:
    """Written by hand for speed, the file is what the icalendar library writes from the same events,
    hostile unit names, long folded lines and the semicolons and commas of a note included."""
    store = Store.open(planned)
    try:
        plan = store.plan()
        calendar = build_calendar(store, plan, dt.date(2021, 7, 1))
    finally:
        store.close()
    stamp = dt.datetime(2021, 7, 1, 8, 30, 15, tzinfo=dt.UTC)
    assert render_ics(calendar, lang, stamp) == icalendar_file(calendar, lang, stamp)


TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\\;,^"), max_size=300)


@settings(deadline=None)
@given(text=TEXT, name=st.sampled_from(["SUMMARY", "DESCRIPTION", "LOCATION"]))
def test_any_text_folds_into_short_lines_and_reads_back_as_written(text: str, name: str) -> None:
    """Escaped and folded, any text reads back whole through icalendar; no line exceeds 75 octets
    and each line is whole UTF-8."""
    line = fold(f"{name}:{ical_text(text)}")
    raw = ("BEGIN:VEVENT\r\n" + line + "\r\nEND:VEVENT\r\n").encode("utf-8")
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")
    event = Event.from_ical(raw)
    assert str(event[name]) == text
