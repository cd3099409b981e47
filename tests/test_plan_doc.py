"""Tests for cqvet.plan_doc: reading a 工作要点 text into a PlanDoc."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cqvet.errors import PlanDocumentError
from cqvet.labels import section_heading
from cqvet.models import TargetKind
from cqvet.numerals import chinese_number, chinese_value
from cqvet.plan_doc import PlanDoc, PointDoc, parse_plan

DATA = Path(__file__).resolve().parent / "data"

SEED_SECTIONS = (
    "坚持党对职业教育的全面领导",
    "推进职业教育重点领域改革",
    "实施职业教育提质培优行动",
    "提升职业教育精准供给水平",
    "进一步推进终身教育",
    "营造职业教育发展良好氛围",
)
SEED_POINTS = {  # number: (section, title)
    1: (1, "加强职业院校党建工作"),
    2: (1, "加强思想政治和德育工作"),
    3: (2, "开展国家职业教育改革创新发展试点"),
    4: (2, "持续深化三教改革"),
    5: (2, "推进职业教育评价改革"),
    6: (3, "施固本强基夯实中职基础地位"),
    7: (3, "实施“双高”“双优”领航计划"),
    8: (3, "高质量办好各类技能大赛和活动"),
    9: (3, "规范招生和学生管理"),
    10: (4, "优化院校布局和专业结构设置"),
    11: (4, "深化产教融合、校企合作"),
    12: (4, "助力乡村振兴和城乡融合发展"),
    13: (4, "推动职业教育更高水平对外开放"),
    14: (5, "持续完善终身学习体系"),
    15: (5, "规范发展高等继续教育"),
    16: (6, "加强理论研究"),
    17: (6, "构建全方位宣传格局"),
}


def targets_of(point: PointDoc) -> list[tuple[float, str, TargetKind, str]]:
    return [(t.value, t.unit, t.kind, t.qualifier) for t in point.targets]


def read(name: str) -> PlanDoc:
    return parse_plan((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> PlanDoc:
    return parse_plan(SEED.read_text(encoding="utf-8"))


# --- the bundled 2021 plan -------------------------------------------------


def test_the_seed_has_its_title_and_year(seed: PlanDoc) -> None:
    """It finds the plan's own title line among the news page around it."""
    assert seed.title == "2021年全市职业教育与继续教育工作要点"
    assert seed.year == 2021


def test_the_seed_has_six_sections_with_their_titles(seed: PlanDoc) -> None:
    """It reads the six 一、…六、 sections of the plan, not the 十三五 achievements printed before it."""
    assert [(s.seq, s.numeral, s.title) for s in seed.sections] == [
        (i, numeral, title)
        for i, (numeral, title) in enumerate(zip("一二三四五六", SEED_SECTIONS, strict=True), start=1)
    ]
    assert not any("顶层设计" in s.title for s in seed.sections)


def test_the_seed_has_seventeen_points_each_in_its_section(seed: PlanDoc) -> None:
    """It reads points 1 to 17 with their titles and the section each belongs to."""
    assert [(p.number, p.section_seq, p.title) for p in seed.points] == [
        (number, section, title) for number, (section, title) in SEED_POINTS.items()
    ]


def test_a_long_first_sentence_gives_its_first_clause_as_title(seed: PlanDoc) -> None:
    """Point 6 runs on without a full stop, so its title is the first clause only."""
    point = seed.points[5]
    assert point.title == "施固本强基夯实中职基础地位"
    assert point.measures[0].startswith("优化中职学校布局")


def test_the_preamble_is_the_text_between_title_and_first_section(seed: PlanDoc) -> None:
    """The general approach (总体思路) is kept as the preamble, and the news text before the title is not."""
    assert seed.preamble.startswith("2021年全市职业教育与继续教育工作的总体思路是")
    assert seed.preamble.endswith("增强职业教育对重庆经济社会发展的适应性、支撑力和贡献度。")
    assert "顶层设计" not in seed.preamble and "会议" not in seed.preamble


def test_measures_are_the_sentences_of_the_body(seed: PlanDoc) -> None:
    """Point 1's body has three sentences, so three measures, without their full stops."""
    assert seed.points[0].measures == (
        "深入推进职业院校党史、新中国史、改革开放史、社会主义发展史教育,开展庆祝中国共产党成立100周年系列活动",
        "组织中职学校书记党建培训班",
        "“红动职教 匠心筑梦”党建品牌建设为抓手,联合区县教委、职业院校开展形式多样的支部活动,"
        "推进党建和业务工作同推进、共提升",
    )
    assert [len(p.measures) for p in seed.points] == [3, 6, 4, 7, 6, 5, 3, 4, 7, 4, 6, 5, 4, 6, 6, 1, 1]
    assert all(not m.endswith(("。", "；", ",")) for p in seed.points for m in p.measures)


def test_point_11_has_five_targets_and_not_the_parenthetical(seed: PlanDoc) -> None:
    """The (含20个培育) aside inside point 11 is not a target; 80, 10, 30, 15 and 20 个 are."""
    point = seed.points[10]
    assert [(t.seq, t.value, t.unit, t.kind) for t in point.targets] == [
        (1, 80, "个", TargetKind.COUNT),
        (2, 10, "个", TargetKind.COUNT),
        (3, 30, "个", TargetKind.COUNT),
        (4, 15, "个", TargetKind.COUNT),
        (5, 20, "个", TargetKind.COUNT),
    ]
    assert point.targets[0].text == "对高职首批80个双基地(含20个培育)、10个校企合作示范项目进行验收"
    assert point.targets[4].text == "评选市级现代学徒制试点项目20个"


def test_point_2_targets_about_150_courses(seed: PlanDoc) -> None:
    """`150门左右` is a count of 150 门 with the qualifier 左右."""
    assert targets_of(seed.points[1]) == [(150, "门", TargetKind.COUNT, "左右")]


def test_point_7_has_four_targets_with_their_qualifiers(seed: PlanDoc) -> None:
    """50所左右, 130个, 15所左右 and 60个左右, in the order written."""
    assert targets_of(seed.points[6]) == [
        (50, "所", TargetKind.COUNT, "左右"),
        (130, "个", TargetKind.COUNT, ""),
        (15, "所", TargetKind.COUNT, "左右"),
        (60, "个", TargetKind.COUNT, "左右"),
    ]


def test_point_10_targets_a_percentage(seed: PlanDoc) -> None:
    """`达到90%` is a percent target."""
    [target] = seed.points[9].targets
    assert (target.value, target.unit, target.kind) == (90, "%", TargetKind.PERCENT)


def test_point_12_targets_a_ratio(seed: PlanDoc) -> None:
    """`在校生人数的2倍` is a ratio target."""
    [target] = seed.points[11].targets
    assert (target.value, target.unit, target.kind) == (2, "倍", TargetKind.RATIO)


def test_years_anniversaries_versions_and_formulas_are_not_targets(seed: PlanDoc) -> None:
    """Points with 2020年度, 100周年, 2.0, 3+2 and 1+X have no targets from them."""
    by_number = {p.number: p for p in seed.points}
    assert "100周年" in " ".join(by_number[1].measures)
    assert "2020年度" in " ".join(by_number[5].measures)
    assert "2.0" in " ".join(by_number[6].measures)
    assert "3+2" in " ".join(by_number[9].measures)
    for number in (1, 3, 4, 5, 6, 8, 9, 13, 14, 15, 16, 17):
        assert by_number[number].targets == (), number
    assert [t.value for t in by_number[11].targets] == [80, 10, 30, 15, 20]  # 1+X is in point 11 too
    assert sum(len(p.targets) for p in seed.points) == 12


# --- documents written for these tests ---------------------------------------


def test_a_fullwidth_document_reads_like_an_ascii_one() -> None:
    """Full-width digits and punctuation, NBSP and ideographic spaces, 1． and 2、 numbering all read."""
    doc = read("2022-work-plan-fullwidth.txt")
    assert doc.title == "2022年全市职业教育与继续教育工作要点"
    assert doc.year == 2022
    assert [(s.seq, s.title) for s in doc.sections] == [
        (1, "坚持党对职业教育的全面领导"),
        (2, "深化职业教育重点领域改革"),
        (3, "提升职业教育服务发展能力"),
    ]
    assert [(p.number, p.section_seq, p.title) for p in doc.points] == [
        (1, 1, "加强职业院校党建工作"),
        (2, 1, "加强思想政治和德育工作"),
        (3, 2, "深化“三教”改革"),
        (4, 2, "推进职业教育评价改革"),
        (5, 3, "深化产教融合、校企合作"),
        (6, 3, "营造职业教育发展良好氛围"),
    ]
    assert doc.preamble.startswith("2022年全市职业教育与继续教育工作的总体思路是：")


def test_a_fullwidth_document_has_its_targets() -> None:
    """Full-width digits are numbers; （含10个培育）, 1＋X, 3＋2, 2021年度, 100周年, 2.0 are not targets."""
    points = read("2022-work-plan-fullwidth.txt").points
    assert [targets_of(p) for p in points] == [
        [(2, "期", TargetKind.COUNT, "")],
        [(100, "门", TargetKind.COUNT, "左右")],
        [(200, "门", TargetKind.COUNT, "左右")],
        [(95, "%", TargetKind.PERCENT, "达到")],
        [(30, "个", TargetKind.COUNT, ""), (20, "个", TargetKind.COUNT, "")],
        [(50, "篇", TargetKind.COUNT, "以上")],
    ]
    assert points[3].measures == (
        "发布2021年度重庆市职业教育质量年报",
        "推动中职毕业生就业质量评价覆盖率达到95％",
    )


def test_a_plan_without_sections_reads_its_points() -> None:
    """Sections are optional: every point then belongs to no section."""
    doc = read("no-sections-plan.txt")
    assert (doc.title, doc.year, doc.sections) == ("2023年全市社区教育与老年教育工作要点", 2023, ())
    assert [(p.number, p.section_seq, p.title) for p in doc.points] == [
        (1, None, "完善终身学习体系"),
        (2, None, "大力发展老年教育"),
        (3, None, "提升社区教育服务能力"),
        (4, None, "加强宣传和理论研究"),
    ]
    assert [targets_of(p) for p in doc.points] == [
        [(10, "所", TargetKind.COUNT, "左右")],
        [(5, "万人次", TargetKind.COUNT, "以上"), (200, "个", TargetKind.COUNT, "")],
        [(80, "%", TargetKind.PERCENT, "以上"), (50, "名", TargetKind.COUNT, "")],
        [],
    ]


def test_a_paragraph_continues_on_the_following_lines() -> None:
    """Lines that are neither heading nor point belong to the point above, even mid-sentence."""
    doc = read("continued-lines-plan.txt")
    first, second, third = doc.points
    assert first.measures == (
        "落实国家关于深化新时代教育评价改革的总体方案,推进职业院校人才培养质量评价改革",
        "定期向社会公布办学条件监测报告",
    )
    assert second.measures == ("遴选建设市级优质中职学校20所左右,建设高水平专业群40个",)
    assert targets_of(second) == [(20, "所", TargetKind.COUNT, "左右"), (40, "个", TargetKind.COUNT, "")]
    assert third.measures == ("举办全民终身学习活动周",)


def test_a_footer_line_ends_the_plan() -> None:
    """`下一篇：…` ends the plan, so the numbered list of related news after it is not read."""
    doc = read("continued-lines-plan.txt")
    assert doc.title == "2024年全市职业教育与继续教育工作要点"
    assert [p.number for p in doc.points] == [1, 2, 3]
    assert [s.title for s in doc.sections] == ["深化职业教育改革", "推进终身教育"]
    assert not any("下一篇" in m or "年会" in m for p in doc.points for m in p.measures)


def test_a_title_quoted_in_a_sentence_before_the_plan_is_not_the_plan() -> None:
    """A news line naming the plan is passed over for the title line that the points follow."""
    text = "市教委印发2024年全市职业教育工作要点\n2024年全市职业教育工作要点\n前言。\n1.加强党建。开展培训。"
    doc = parse_plan(text)
    assert doc.title == "2024年全市职业教育工作要点"
    assert doc.preamble == "前言。"


def test_windows_line_ends_and_a_byte_order_mark_read_the_same() -> None:
    """A copy saved by Notepad (BOM, CRLF) parses to the same plan."""
    text = SEED.read_text(encoding="utf-8")
    assert parse_plan("\ufeff" + text.replace("\n", "\r\n")) == parse_plan(text)


def test_a_fullwidth_decimal_point_keeps_the_fraction() -> None:
    """`达到９２．５％` is 92.5 %, not 5 %."""
    doc = parse_plan("2022年全市职业教育工作要点\n1.提升就业质量。毕业生就业率达到９２．５％。")
    assert targets_of(doc.points[0]) == [(92.5, "%", TargetKind.PERCENT, "达到")]


def test_a_point_opening_with_a_year_is_still_a_point() -> None:
    """`2.2021年举办…` is point 2, not a continuation of point 1; `2.0` at a line start is not a point."""
    doc = parse_plan(
        "2021年某某工作要点\n1.甲。\n2.2021年举办技能大赛。\n2.0版本上线。\n3．２０２１年度评估。"
    )
    assert [(p.number, p.title) for p in doc.points] == [
        (1, "甲"),
        (2, "2021年举办技能大赛"),
        (3, "2021年度评估"),
    ]
    assert doc.points[1].measures == ("2.0版本上线",)


def test_a_section_heading_written_with_a_fullwidth_stop_is_a_section() -> None:
    """`二．` is read like `二、`."""
    doc = parse_plan("2022年某某工作要点\n一、第一部分\n1.甲。\n二．第二部分\n2.乙。")
    assert [(s.seq, s.title) for s in doc.sections] == [(1, "第一部分"), (2, "第二部分")]
    assert [p.section_seq for p in doc.points] == [1, 2]


# --- documents that cannot be read -------------------------------------------


def raises(text: str) -> PlanDocumentError:
    with pytest.raises(PlanDocumentError) as info:
        parse_plan(text)
    return info.value


@pytest.mark.parametrize("text", ["", "\n\n", " \u3000\u00a0\n\t\n"])
def test_an_empty_document_is_refused(text: str) -> None:
    """Nothing but blank lines is an empty document, reported at line 1."""
    error = raises(text)
    assert (error.key, error.params["line"]) == ("plan_empty", 1)
    assert error.exit_code == 2


def test_a_document_without_a_title_line_names_its_last_line() -> None:
    """Without a title line, reading stops at the last line, which the error names."""
    error = raises("重庆职业教育“十三五”时期主要成绩\n一、加强顶层设计\n1.组织领导不断强化。\n")
    assert (error.key, error.params["line"]) == ("plan_no_title", 3)


def test_a_title_without_numbered_points_is_refused() -> None:
    """A title and sections but no numbered point is not a plan."""
    error = raises("2021年全市职业教育与继续教育工作要点\n一、坚持党的领导\n加强党建工作。\n")
    assert error.key == "plan_no_points"
    assert error.params["line"] == 3
    assert error.params["title"] == "2021年全市职业教育与继续教育工作要点"


def test_points_out_of_order_name_the_line_of_the_stray_number() -> None:
    """1, 2, 4: the error names the line of `4.` and what was expected there."""
    error = raises("2021年全市职业教育工作要点\n\n1.甲项。\n2.乙项。\n\n4.丁项。\n")
    assert error.key == "plan_point_order"
    assert error.params == {"line": 6, "expected": 3, "found": 4}


def test_a_repeated_point_number_is_out_of_order() -> None:
    """Two points numbered 1 are refused at the second."""
    error = raises("2021年全市职业教育工作要点\n1.甲项。\n1.乙项。")
    assert (error.key, error.params["line"], error.params["expected"]) == ("plan_point_order", 3, 2)


def test_sections_out_of_order_name_the_line_of_the_stray_numeral() -> None:
    """一、 then 三、: the error names the line of `三、`."""
    error = raises("2021年全市职业教育工作要点\n一、第一部分\n1.甲项。\n三、第三部分\n2.乙项。")
    assert error.key == "plan_section_order"
    assert error.params == {"line": 4, "expected": 2, "found": "三"}


def test_a_point_with_no_text_is_refused() -> None:
    """`2.。` is a numbered point with nothing in it."""
    error = raises("2021年全市职业教育工作要点\n1.甲项。\n2.。\n")
    assert (error.key, error.params["line"], error.params["number"]) == ("plan_point_empty", 3, 2)


def test_the_error_message_names_the_line_in_both_languages() -> None:
    """The message a person reads carries the line number."""
    from cqvet.labels import message

    error = raises("2021年全市职业教育工作要点\n1.甲项。\n3.丙项。")
    assert "第3行" in message(error.key, "zh", **error.params)
    assert "line 3" in str(error)


# --- properties ---------------------------------------------------------------

# Characters that cannot start a unit, a qualifier, a numeral, a footer or a
# title, so generated prose never forms one by accident.
PROSE = "建设推进职业教育改革发展校专课程基地示范培训质量评价体系机制创新融合服务乡村振兴城技能竞赛师资队伍"
UNITS = ("个", "所", "门", "项", "名", "人次", "万人次", "万元", "学时", "篇", "%", "倍")
DISTRACTORS = ("2021年度", "100周年", "2.0", "3+2", "1+X", "第2批", "3＋4", "1＋X")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

prose = st.text(alphabet=PROSE, min_size=2, max_size=12)


@dataclass(frozen=True)
class Style:
    """How one generated document writes its punctuation and digits."""

    fullwidth: bool
    comma: str
    semicolon: str
    paren: tuple[str, str]
    point_sep: str
    indent: str
    fullwidth_digits: bool

    def digits(self, text: str) -> str:
        return text.translate(FULLWIDTH) if self.fullwidth_digits else text


styles = st.builds(
    Style,
    fullwidth=st.booleans(),
    comma=st.sampled_from(["，", ","]),
    semicolon=st.sampled_from(["；", ";", "。"]),
    paren=st.sampled_from([("（", "）"), ("(", ")")]),
    point_sep=st.sampled_from([".", "．", "、", ". ", "．\u00a0"]),
    indent=st.sampled_from(["", "\u3000\u3000", "\u00a0", "  "]),
    fullwidth_digits=st.booleans(),
)


@st.composite
def target_chunk(draw: st.DrawFn, style: Style) -> tuple[str, str, tuple[float, str, TargetKind, str]]:
    """A target as written, as expected in the measure, and as expected parsed."""
    unit = draw(st.sampled_from(UNITS))
    kind = {"%": TargetKind.PERCENT, "倍": TargetKind.RATIO}.get(unit, TargetKind.COUNT)
    if kind is TargetKind.COUNT or draw(st.booleans()):
        value: float = draw(st.integers(1, 9999 if kind is TargetKind.COUNT else 100))
        number = str(value)
    else:
        value = draw(st.integers(1, 999)) / 10
        number = f"{value:.1f}"
    before = draw(st.sampled_from(["", "达到", "不少于"]))
    after = draw(st.sampled_from(["", "左右", "以上"]))
    written_unit = "％" if unit == "%" and style.fullwidth else unit
    # Full-width digits come with a full-width decimal point; the parser folds the digits, not the point.
    decimal = "．" if style.fullwidth_digits else "."
    written = f"{before}{style.digits(number).replace('.', decimal)}{written_unit}{after}"
    expected = f"{before}{number.replace('.', decimal)}{written_unit}{after}"
    return written, expected, (value, unit, kind, after or before)


@st.composite
def measure(draw: st.DrawFn, style: Style) -> tuple[str, str, list[tuple[float, str, TargetKind, str]]]:
    """One sentence: prose with targets, asides and false numbers among it."""
    opening = draw(prose)
    written, expected = [opening], [opening]
    targets = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["target", "aside", "distractor", "comma"]))
        if kind == "target":
            w, e, t = draw(target_chunk(style))
            targets.append(t)
        elif kind == "aside":
            n = str(draw(st.integers(1, 99)))
            w = f"{style.paren[0]}含{style.digits(n)}个培育{style.paren[1]}"
            e = f"{style.paren[0]}含{n}个培育{style.paren[1]}"
        elif kind == "distractor":
            d = draw(st.sampled_from(DISTRACTORS))
            w, e = style.digits(d), d
        else:
            w = e = style.comma
        tail = draw(prose)
        written += [w, tail]
        expected += [e, tail]
    return "".join(written), "".join(expected), targets


@dataclass(frozen=True)
class GenPoint:
    number: int
    section: int | None
    title: str
    measures: tuple[str, ...]
    targets: tuple[tuple[float, str, TargetKind, str], ...]
    lines: tuple[str, ...]


@st.composite
def point(draw: st.DrawFn, style: Style, number: int, section: int | None) -> GenPoint:
    """A numbered point: a short title, then sentences, sometimes over several lines."""
    title = draw(prose)
    drawn = draw(st.lists(measure(style), max_size=4))
    clause_title = bool(drawn) and draw(st.booleans())
    if clause_title:  # a first sentence too long to be the title: the title is its first clause
        padding = "建设" * 16
        first_w, first_e, first_t = drawn[0]
        drawn[0] = (padding + first_w, padding + first_e, first_t)
    sentences = [w + (style.semicolon if i < len(drawn) - 1 else "。") for i, (w, _, _) in enumerate(drawn)]
    # break the paragraph over lines between sentences, never inside the title
    breaks = set(draw(st.lists(st.integers(1, max(1, len(sentences) - 1)), max_size=2)))
    title_end = style.comma if clause_title else "。"
    lines, current = [], f"{style.indent}{style.digits(str(number))}{style.point_sep}{title}{title_end}"
    for i, sentence in enumerate(sentences):
        if i in breaks:
            lines.append(current)
            current = style.indent
        current += sentence
    lines.append(current)
    return GenPoint(
        number,
        section,
        title,
        tuple(e for _, e, _ in drawn),
        tuple(t for _, _, ts in drawn for t in ts),
        tuple(lines),
    )


@dataclass(frozen=True)
class GenPlan:
    text: str
    title: str
    year: int
    sections: tuple[str, ...]
    points: tuple[GenPoint, ...]


@st.composite
def plans(draw: st.DrawFn) -> GenPlan:
    """A well-formed plan, with news before it and a footer after it, in a random style."""
    style = draw(styles)
    year = draw(st.integers(2000, 2099))
    name = draw(prose)
    title = f"{year}年{name}工作要点"
    lines = [draw(prose) + "：" + draw(prose) + "。", "一、" + draw(prose), "1." + draw(prose) + "。"]
    lines += ["", style.indent + style.digits(title), ""]
    if draw(st.booleans()):
        lines.append(style.indent + draw(prose) + "：" + draw(prose) + style.comma + draw(prose) + "。")
    section_titles = tuple(draw(st.lists(prose, max_size=4)))
    counts = [draw(st.integers(1, 3)) for _ in section_titles] or [draw(st.integers(1, 6))]
    points: list[GenPoint] = []
    for index, count in enumerate(counts):
        section = None
        if section_titles:
            section = index + 1
            lines += ["", f"{style.indent}{'一二三四五'[index]}、{section_titles[index]}", ""]
        for _ in range(count):
            generated = draw(point(style, len(points) + 1, section))
            points.append(generated)
            lines += generated.lines
    if draw(st.booleans()):
        lines += ["", "下一篇：" + draw(prose), "1." + draw(prose), "5." + draw(prose)]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return GenPlan(newline.join(lines), title, year, section_titles, tuple(points))


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_a_generated_plan_parses_back_to_what_was_written(plan: GenPlan) -> None:
    """Sections, points, titles, measures and targets come back exactly, in any punctuation style."""
    doc = parse_plan(plan.text)
    assert (doc.title, doc.year) == (plan.title, plan.year)
    assert [(s.seq, s.title) for s in doc.sections] == list(enumerate(plan.sections, start=1))
    assert [(p.number, p.section_seq, p.title) for p in doc.points] == [
        (p.number, p.section, p.title) for p in plan.points
    ]
    assert [p.measures for p in doc.points] == [p.measures for p in plan.points]
    assert [tuple(targets_of(p)) for p in doc.points] == [p.targets for p in plan.points]
    assert [[t.seq for t in p.targets] for p in doc.points] == [
        list(range(1, len(p.targets) + 1)) for p in plan.points
    ]


def parses_or_refuses(text: str) -> None:
    try:
        doc = parse_plan(text)
    except PlanDocumentError as error:
        assert 1 <= error.params["line"] <= max(1, len(text.splitlines()) + 1)
        assert str(error)  # the message renders with the parameters it carries
    else:
        assert isinstance(doc, PlanDoc)
        assert [p.number for p in doc.points] == list(range(1, len(doc.points) + 1))


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_parses_or_is_refused_as_a_plan_document(text: str) -> None:
    """Whatever the text, the parser returns a plan or raises PlanDocumentError, nothing else."""
    parses_or_refuses(text)


numerals = st.text(alphabet="一二三四五六七八九十", min_size=1, max_size=3)
pieces = st.one_of(
    st.builds(lambda y, n: f"{y}年{n}工作要点", st.integers(1990, 2099), prose),
    st.builds(
        lambda n, s, t: f"{n}{s}{t}",
        numerals,
        st.sampled_from(["、", "．", ",", "，", "."]),
        st.text(max_size=8),
    ),
    st.builds(
        lambda n, s, t: f"{n}{s}{t}",
        st.integers(0, 20),
        st.sampled_from([".", "．", "、"]),
        st.text(max_size=8),
    ),
    st.sampled_from(["", "下一篇：x", "。", "（含20个培育）", "2.0", "1.", "1.。", "一、", "\u3000"]),
    st.text(max_size=20),
)


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(st.lists(pieces, max_size=12), st.sampled_from(["\n", "\r\n", "\r"]))
def test_plausible_pieces_parse_or_are_refused_as_a_plan_document(lines: list[str], newline: str) -> None:
    """Title lines, headings with any numeral, numbered lines and junk in any order never crash it."""
    parses_or_refuses(newline.join(["2021年全市职业教育工作要点", *lines]))


def test_a_short_first_line_without_a_full_stop_is_the_title_and_a_signature_block_ends_the_plan() -> None:
    """A title alone on its line stays apart from its body; 重庆市教育委员会 and the date are not measures."""
    doc = parse_plan(
        "2023年全市职业教育工作要点\n1.加强党建工作\n深入推进党史教育。每3个月检查一次，15个工作日内反馈。"
        "评选示范项目10个。\n2.构建宣传格局。拓宽渠道。\n重庆市教育委员会\n2023年3月1日\n"
    )
    first, second = doc.points
    assert first.title == "加强党建工作"
    assert first.measures == ("深入推进党史教育", "每3个月检查一次，15个工作日内反馈", "评选示范项目10个")
    assert [(t.value, t.unit) for t in first.targets] == [(10.0, "个")]
    assert second.measures == ("拓宽渠道",)


@given(st.integers(1, 99))
def test_section_numerals_are_written_as_the_parser_reads_them(n: int) -> None:
    """一 … 九十九: what `list` and the report write is what a plan document writes."""
    assert chinese_value(chinese_number(n)) == n


@pytest.mark.parametrize(
    ("seq", "lang", "heading"),
    [
        (1, "zh", "一、坚持党的领导"),
        (10, "zh", "十、坚持党的领导"),
        (11, "zh", "十一、坚持党的领导"),
        (23, "zh", "二十三、坚持党的领导"),
        (100, "zh", "100、坚持党的领导"),
        (11, "en", "11. 坚持党的领导"),
    ],
)
def test_a_section_heading_numbers_the_section_as_a_plan_does(seq: int, lang: str, heading: str) -> None:
    assert section_heading(seq, "坚持党的领导", lang) == heading
