"""A long history is printed as it is read: the same text as printing it whole, in pieces.

`progress log` and `show N --history 0` stream their rows (table, JSON, CSV).
These tests check that the streamed output is exactly what the whole-list
renderers give (JSON parses to the same records, CSV the same rows), that the
pieces of a streamed table line up as one table, that the first piece comes
before the whole history has been read, and that a reader closing the pipe
(`| head`) ends the command quietly with exit 0.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bulk import ProgressRow, append_progress_many
from conftest import SEED, ok
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from cqvet.models import Status
from cqvet.render.records import PROGRESS_KEYS, progress_record
from cqvet.render.terminal import console, progress_table, progress_table_pieces
from cqvet.render.text import JSON_PIECE, csv_chunks, json_array_chunks, to_csv, to_json
from cqvet.store import Store

Run = Callable[..., Any]
UPDATES = 1_200


@pytest.fixture
def long_history(db_path: Path) -> Path:
    """Point 7 with 1,200 updates (some of them corrections), at CQVET_DB."""
    store = Store.open(db_path, seed=SEED)
    rows = (
        ProgressRow(
            7,
            dt.date(2021, 1, 1) + dt.timedelta(days=n * 300 // UPDATES),
            n * 100 // UPDATES,
            Status.IN_PROGRESS,
            f"第{n}次填报",
            f"学院{n % 9}",
            f"{dt.date(2021, 1, 1) + dt.timedelta(days=n * 300 // UPDATES)}T08:00:00Z",  # the day it reports
            correction=n % 100 == 0,
        )
        for n in range(UPDATES)
    )
    with store.transaction():
        append_progress_many(store, store.plan(), rows)
    store.close()
    return db_path


@pytest.mark.parametrize("records", [[], [{"a": 1}], [{"a": 1, "b": [1, 2]}, {"c": {"d": "中文"}}]])
def test_a_streamed_json_array_is_the_text_json_would_write(records: list[dict[str, Any]]) -> None:
    """At the top (`progress log`) and two levels down, where `show` puts its history."""
    assert "".join(json_array_chunks(iter(records))) + "\n" == to_json(records)
    marker = "\x00here\x00"
    head, tail = json.dumps({"x": {"y": marker}}, ensure_ascii=False, indent=2).split(json.dumps(marker))
    nested = json.dumps({"x": {"y": records}}, ensure_ascii=False, indent=2)
    assert head + "".join(json_array_chunks(iter(records), depth=2)) + tail == nested


SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
RECORDS = st.lists(
    st.dictionaries(st.text(max_size=6), SCALARS, max_size=6)
    | st.dictionaries(st.text(max_size=6), st.lists(SCALARS, max_size=3) | SCALARS, max_size=3)
    | SCALARS,
    max_size=2 * JSON_PIECE + 3,
)


@settings(max_examples=60, deadline=None)
@given(records=RECORDS, depth=st.integers(min_value=0, max_value=2))
def test_any_records_stream_as_the_text_json_writes_for_the_whole_list(
    records: list[Any], depth: int
) -> None:
    """Flat objects (laid out by json's C encoder), nested ones and bare values, across several pieces."""
    marker = "\x00here\x00"
    holder: Any = marker
    for _ in range(depth):
        holder = {"x": holder}
    head, tail = to_json(holder).split(json.dumps(marker))
    streamed = head + "".join(json_array_chunks(iter(records), depth=depth)) + tail
    whole: Any = records
    for _ in range(depth):
        whole = {"x": whole}
    assert streamed == to_json(whole)


def test_a_streamed_json_array_sends_its_first_record_alone_then_records_in_pieces() -> None:
    """The first record shows at once; the rest go a few hundred a write, not one write a record."""
    pieces = list(json_array_chunks(iter([{"id": n} for n in range(2 * JSON_PIECE + 1)])))
    assert len(pieces) == 4 and pieces[0] == '[\n  {\n    "id": 0\n  }'
    assert [p.count('"id"') for p in pieces] == [1, JSON_PIECE, JSON_PIECE, 0]


def test_streamed_csv_in_batches_is_the_csv_written_whole() -> None:
    records = [{"id": n, "note": f"=说明{n}", "reverted": n % 2 == 0} for n in range(7)]
    keys = ("id", "note", "reverted")
    batches: Iterator[list[dict[str, Any]]] = (records[i : i + 3] for i in range(0, 7, 3))
    assert "".join(csv_chunks(batches, keys)) == to_csv(records, keys)


@pytest.mark.slow
def test_the_log_as_json_and_csv_streams_every_update_in_order(cqvet: Run, long_history: Path) -> None:
    store = Store.open(long_history)
    expected = [progress_record(e, "zh") for e in store.progress_log(store.plan(), 7)]
    assert json.loads(ok(cqvet("progress", "log", "7", "--format", "json"))) == expected
    rows = list(csv.DictReader(io.StringIO(ok(cqvet("progress", "log", "--format", "csv")).lstrip("\ufeff"))))
    assert [int(r["id"]) for r in rows] == [r["id"] for r in expected]
    assert list(rows[0]) == list(PROGRESS_KEYS)


@pytest.mark.slow
def test_show_with_the_whole_history_streams_it_inside_the_record(cqvet: Run, long_history: Path) -> None:
    shown = json.loads(ok(cqvet("show", "7", "--history", "0", "--format", "json")))
    logged = json.loads(ok(cqvet("progress", "log", "7", "--format", "json")))
    assert shown["progress_history"] == logged and len(logged) == UPDATES
    assert shown["progress_history_truncated"] is False
    assert shown["number"] == 7 and "owner_history" in shown


@pytest.mark.slow
def test_the_pieces_of_a_streamed_table_line_up_as_one_table(long_history: Path) -> None:
    """One header, one top and one bottom border, every row as wide as the header."""
    store = Store.open(long_history)
    out = console(io.StringIO())
    text = "".join(
        progress_table_pieces(store.progress_log_batches(store.plan(), 7), out, "zh", title="进度记录")
    )
    lines = text.splitlines()
    assert sum(line.startswith("┌") for line in lines) == 1
    assert sum(line.startswith("└") for line in lines) == 1
    assert sum(line.startswith("├") for line in lines) == 1  # the rule under the header, and no other
    widths = {cell_len(line) for line in lines[1:]}
    assert len(widths) == 1, widths
    for n in (0, 599, UPDATES - 1):
        assert f"第{n}次填报" in text


def test_a_streamed_table_shows_the_same_rows_as_the_whole_table(long_history: Path) -> None:
    store = Store.open(long_history)
    plan = store.plan()
    entries = store.progress_log(plan, 7, limit=30)
    whole = io.StringIO()
    console(whole).print(progress_table(entries, "zh"))
    streamed = "".join(progress_table_pieces([entries[:10], entries[10:]], console(io.StringIO()), "zh"))

    def cells(text: str) -> list[list[str]]:
        return [
            [c.strip() for c in line.split("│")[1:-1]] for line in text.splitlines() if line.startswith("│")
        ]

    assert cells(streamed) == cells(whole.getvalue())


def test_the_first_rows_are_handed_on_before_the_history_is_read_whole(long_history: Path) -> None:
    store = Store.open(long_history)
    batches = store.progress_log_batches(store.plan(), 7)
    first = next(batches)
    assert len(first) == 50 and first[0].note == f"第{UPDATES - 1}次填报"
    assert all(len(b) <= 200 for b in batches)


@pytest.mark.slow
def test_a_reader_that_closes_the_pipe_ends_the_log_quietly(long_history: Path) -> None:
    """`cqvet progress log 7 | head -n 5`: exit 0, nothing on stderr, long before the end."""
    env = {**os.environ, "CQVET_DB": str(long_history), "COLUMNS": "120"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cqvet", "progress", "log", "7"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    head = [process.stdout.readline() for _ in range(5)]
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
    assert "进度记录" in head[0].decode()
