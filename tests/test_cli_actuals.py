"""Target actuals with units, through the command line (issue 13, item 8): `150门`, `1.8倍`, `86%`
and `86` on a percent target are read; a unit that is not the target's, a fraction on a percent
target and an actual ten times beyond its target are refused, with nothing written."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, snapshot
from hypothesis import given
from hypothesis import strategies as st

from cqvet.errors import UsageError
from cqvet.models import Target, TargetKind
from cqvet.parsing import parse_actual

Run = Callable[..., Any]


def actual_of(cqvet: Run, ref: str) -> float | None:
    rows = json.loads(ok(cqvet("target", "list", "--format", "json")))
    return next(r["actual"] for r in rows if r["ref"] == ref)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("ref", "typed", "stored"),
    [
        ("2.1", "150门", 150),
        ("2.1", "132", 132),
        ("2.1", " 150 门 ", 150),
        ("12.1", "1.8倍", 1.8),
        ("10.1", "86%", 86),
        ("10.1", "８６％", 86),
        ("10.1", "86", 86),
        ("10.1", "0.88%", 0.88),
        ("10.1", "0", 0),
    ],
)
def test_an_actual_is_read_with_or_without_the_targets_unit(
    cqvet: Run, loaded: Path, ref: str, typed: str, stored: float
) -> None:
    ok(cqvet("target", "set", ref, "--actual", typed, "--date", "2021-06-30"))
    assert actual_of(cqvet, ref) == stored


@pytest.mark.parametrize(
    ("ref", "typed", "fragment"),
    [
        ("2.1", "150所", "指标2.1以“门”计，实际值“150所”的单位“所”与之不符；请写成如 150门、150"),
        ("2.1", "86%", "单位“%”与之不符"),
        ("10.1", "150门", "指标10.1以“%”计"),
        ("12.1", "1.8", None),  # a bare ratio is fine: checked below as accepted
        ("10.1", "0.88", "指标10.1是百分比（目标 90%），实际值“0.88”像是小数；请写成 88%"),
        ("10.1", "1", "请写成 100%"),
        ("10.1", "0.905", "请写成 90.5%"),
        ("2.1", "1501", "实际值 1501 超过指标2.1目标值 150 的十倍；如确实如此，请加 --force"),
        ("2.1", "很多", "实际值“很多”不是数字；请写成如 150门、150"),
        ("2.1", "150门左右", "单位“门左右”与之不符"),
    ],
)
def test_a_doubtful_actual_is_refused_with_one_line_and_nothing_written(
    cqvet: Run, loaded: Path, ref: str, typed: str, fragment: str | None
) -> None:
    before = snapshot(loaded)
    result = cqvet("target", "set", ref, "--actual", typed, "--date", "2021-06-30")
    if fragment is None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith("错误：") and result.stderr.count("\n") == 1
    assert fragment in result.stderr, result.stderr
    assert snapshot(loaded) == before


def test_an_actual_far_beyond_its_target_is_recorded_with_force(cqvet: Run, loaded: Path) -> None:
    ok(cqvet("target", "set", "2.1", "--actual", "1501", "--date", "2021-06-30", "--force"))
    assert actual_of(cqvet, "2.1") == 1501


def test_the_fraction_hint_is_in_english_too(cqvet: Run, loaded: Path) -> None:
    result = cqvet("--lang", "en", "target", "set", "10.1", "--actual", "0.88", "--date", "2021-06-30")
    assert result.exit_code == 2
    expected = "target 10.1 is a percentage (target 90%) and '0.88' looks like a fraction; write 88%"
    assert expected in result.stderr


# --- the parser, for any value -------------------------------------------------------------

COUNT = Target(1, 2, 1, 150.0, "门", TargetKind.COUNT, "左右", "150门左右")
PERCENT = Target(2, 10, 1, 90.0, "%", TargetKind.PERCENT, "达到", "达到90%")
UNITS = ("门", "所", "个", "%", "倍", "人次", "家")
values = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)


@given(values, st.sampled_from(("", "门")), st.sampled_from(("", " ")))
def test_any_count_written_with_or_without_its_unit_reads_as_that_number(
    value: Decimal, unit: str, space: str
) -> None:
    assert parse_actual(f"{value}{space}{unit}", COUNT) == float(value)


@given(values, st.sampled_from([u for u in UNITS if u != "门"]))
def test_any_other_unit_on_a_count_is_refused(value: Decimal, unit: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_actual(f"{value}{unit}", COUNT)
    assert refused.value.key == "actual_unit"


@given(st.decimals(min_value=Decimal("0.01"), max_value=1, places=2))
def test_a_bare_fraction_on_a_percent_target_is_refused_with_its_percent(value: Decimal) -> None:
    with pytest.raises(UsageError) as refused:
        parse_actual(str(value), PERCENT)
    assert refused.value.key == "actual_fraction"
    assert Decimal(refused.value.params["hint"].rstrip("%")) == value * 100
    assert parse_actual(f"{value}%", PERCENT) == float(value)  # said explicitly, taken as written
