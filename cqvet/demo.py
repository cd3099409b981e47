"""A plausible 2021 for the bundled plan, so a newcomer can see reports without typing a year.

`fill_demo` replays a year of work through the same recording functions the
commands use (so every rule applies): owners for all 17 points, deadlines
written as the plan's staff write them, monthly progress with notes, target
actuals, one postponed deadline, one blocked point, a few updates recorded
late (after their quarter had ended) and one correction. The year is
deterministic: the same seed gives the same history (only the loading of the
plan itself is stamped with the real time).
"""

from __future__ import annotations

import datetime as dt
import random

from cqvet import recording
from cqvet.clock import utc_stamp
from cqvet.dates import month_end, parse_date
from cqvet.models import Plan, Status, TargetKind
from cqvet.store import Store

# Lead, supports and deadline (as written) for each of the 17 points.
ASSIGNMENTS: dict[int, tuple[str, tuple[str, ...], str]] = {
    1: ("市委教育工委组织处", ("职成教处",), "6月底"),
    2: ("思政处", ("职成教处", "德育处"), "年底前"),
    3: ("职成教处", ("发展规划处",), "三季度末"),
    4: ("职成教处", ("教师工作处", "市教科院"), "年底"),
    5: ("市教育评估院", ("职成教处",), "年底"),
    6: ("发展规划处", ("职成教处", "财务处"), "年底前"),
    7: ("职成教处", ("财务处",), "三季度末"),
    8: ("职成教处", ("市职教学会",), "9月中旬"),
    9: ("职成教处", ("市教育考试院", "学生处"), "9月底"),
    10: ("发展规划处", ("职成教处",), "年底"),
    11: ("职成教处", ("市经济信息委",), "年底前"),
    12: ("职成教处", ("市乡村振兴局",), "年底"),
    13: ("国际交流处", ("职成教处",), "10月底"),
    14: ("市社区教育指导服务中心", ("职成教处",), "年底"),
    15: ("高教处", ("职成教处",), "上半年"),
    16: ("市教科院", ("市职教学会",), "年底"),
    17: ("新闻宣传处", ("职成教处",), "年底"),
}

NOTES = (
    "已印发工作方案，明确分工",
    "召开专题推进会，部署阶段任务",
    "完成区县调研，形成初步报告",
    "组织专家评审，结果待公示",
    "完成阶段性目标，进入验收准备",
    "经费下达，项目全面启动",
    "与相关区县对接，推进落实",
)
DEMO_YEAR = 2021  # the bundled plan's year
POSTPONED = 9  # 招生: moved from 9月底 to 年底 in August
BLOCKED = 13  # 对外开放: international exchange stopped by the epidemic in Q3


def fill_demo(store: Store, plan: Plan, seed: int = 2021) -> int:
    """Write a plausible year of history for `plan`; returns the number of events written."""
    rng = random.Random(seed)
    with store.transaction():
        return _fill(store, plan, rng)


def _fill(store: Store, plan: Plan, rng: random.Random) -> int:
    events = 0
    for number, (lead, supports, written) in ASSIGNMENTS.items():
        _at(store, dt.date(plan.year, 1, 15))
        day = dt.date(plan.year, 1, 15)
        recording.assign_owner(
            store,
            plan,
            number,
            lead=lead,
            supports=supports,
            contact="",
            effective_on=None,
            author="职成教处 王敏",
            today=day,
        )
        due = parse_date(written, plan_year=plan.year)
        recording.set_deadline(
            store,
            plan,
            number,
            due_on=due,
            as_written=written,
            note="",
            effective_on=None,
            author="职成教处 王敏",
            today=day,
        )
        events += 2
    events += _postpone(store, plan)
    for month in range(1, 13):
        events += _month(store, plan, month, rng)
    return events


def _at(store: Store, day: dt.date, hour: int = 17) -> None:
    """Stamp the next events as recorded at `hour` o'clock (UTC+8) on `day`."""
    stamp = dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    store.now = lambda: utc_stamp(stamp)


def _postpone(store: Store, plan: Plan) -> int:
    day = dt.date(plan.year, 8, 10)
    _at(store, day)
    recording.set_deadline(
        store,
        plan,
        POSTPONED,
        due_on=dt.date(plan.year, 12, 31),
        as_written="年底",
        note="受秋季招生延期影响，顺延至年底",
        effective_on=day,
        author="职成教处 王敏",
        today=day,
    )
    return 1


def _month(store: Store, plan: Plan, month: int, rng: random.Random) -> int:
    """Each point reports at month end; most on time, a few late, a few skipped."""
    reported_on = month_end(plan.year, month)
    events = 0
    for state in store.point_states(plan, reported_on):
        if state.status is Status.DONE or rng.random() < 0.12:
            continue
        percent, status = _next_progress(plan, state.number, state.percent, state.deadline, reported_on, rng)
        late = rng.random() < 0.06
        recorded = reported_on + dt.timedelta(days=rng.randint(35, 60) if late else 0)
        _at(store, recorded, hour=rng.randint(9, 18))
        recording.record_progress(
            store,
            plan,
            state.number,
            percent=percent,
            status=status,
            note=_note(state.number, status, rng),
            reported_on=reported_on,
            author=rng.choice(("张伟", "李娜", "刘洋", "陈静")),
            today=recorded,
        )
        events += 1
    if month == 7:
        events += _correction(store, plan, reported_on)
    if month in (3, 6, 9, 12):
        events += _actuals(store, plan, reported_on, rng)
    return events


def _next_progress(
    plan: Plan, number: int, current: int, deadline: dt.date, on: dt.date, rng: random.Random
) -> tuple[int, Status]:
    if number == BLOCKED and on.month >= 7:
        return current, Status.BLOCKED
    start = plan.start
    share = min(1.0, ((on - start).days + 1) / max(1, (deadline - start).days + 1))
    pace = {4: 0.7, 6: 0.75, 11: 1.1}.get(number, 1.0)  # two points lag, one runs ahead
    aim = min(100, round(100 * share * pace + rng.randint(-6, 6)))
    percent = max(current, aim)
    if percent >= 100 or (on >= deadline and pace >= 1.0):
        return 100, Status.DONE
    return percent, Status.IN_PROGRESS if percent else Status.NOT_STARTED


def _note(number: int, status: Status, rng: random.Random) -> str:
    if status is Status.BLOCKED:
        return "受疫情影响，境外交流活动暂停"
    if status is Status.DONE:
        return "已全面完成年度任务"
    return rng.choice(NOTES)


def _correction(store: Store, plan: Plan, day: dt.date) -> int:
    """Point 4's July figure was overstated; the office corrects it three days later."""
    state = store.point_states(plan, day, [4])[0]
    if state.reported_on != day or state.percent < 10:
        return 0
    _at(store, day + dt.timedelta(days=3))
    recording.record_progress(
        store,
        plan,
        4,
        percent=state.percent - 8,
        status=None,
        note="更正：上次误将计划数填为完成数",
        reported_on=day,
        author="李娜",
        correct=True,
        today=day + dt.timedelta(days=3),
    )
    return 1


def _actuals(store: Store, plan: Plan, day: dt.date, rng: random.Random) -> int:
    events = 0
    share = day.month / 12
    for target in store.targets(plan, day):
        value = round(
            target.value * min(1.05, share * rng.uniform(0.85, 1.1)),
            0 if target.kind is TargetKind.COUNT else 1,
        )
        if target.actual is not None:
            value = max(value, target.actual)
        _at(store, day + dt.timedelta(days=5))
        recording.record_actual(
            store,
            plan,
            target.ref,
            value=value,
            reported_on=day,
            note="",
            author="职成教处 王敏",
            today=day + dt.timedelta(days=5),
        )
        events += 1
    return events
