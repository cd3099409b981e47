"""JSON as cqvet writes it: every string given back exactly, no character a terminal acts on left raw."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cqvet.render.text import to_json

# Written out independently of the renderer's pattern: DEL, C1, bidi marks and overrides, U+2028/9.
TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
CONTROL_C0 = re.compile("[\x00-\x09\x0b-\x1f]")  # json.dumps escapes these itself; a newline is layout

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@pytest.mark.slow
@settings(max_examples=300)
@given(data=json_values)
def test_json_reads_back_unchanged_and_holds_no_raw_terminal_control(data: Any) -> None:
    text = to_json(data)
    assert json.loads(text) == data
    assert not TERMINAL_ACTIVE.search(text)
    assert not CONTROL_C0.search(text)


def test_a_c1_csi_and_a_bidi_override_are_written_as_escapes_and_chinese_stays_readable() -> None:
    assert to_json({"note": "进展\x9b31m\u202e顺利"}) == '{\n  "note": "进展\\u009b31m\\u202e顺利"\n}\n'


def test_progress_log_as_json_on_a_terminal_carries_no_c1_control(
    cqvet: Callable[..., Any], loaded: Path
) -> None:
    """A note with a one-byte CSI (0x9b) and NEL (0x85): stdout escapes both and gives the note back."""
    note = "已完成\x9b2J\x85初评"
    assert cqvet("progress", "set", "3", "--percent", "10", "--note", note).exit_code == 0
    result = cqvet("progress", "log", "3", "--format", "json")
    assert result.exit_code == 0
    assert not TERMINAL_ACTIVE.search(result.stdout)
    assert json.loads(result.stdout)[0]["note"] == note
