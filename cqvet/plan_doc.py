"""Read a 工作要点 (annual work plan) text into a `PlanDoc`.

Pure: text in, objects out. It never touches the database or the terminal.

The genre, as published by Chinese education authorities, and the rules this
parser applies (each one is where it is because a real document needed it):

* The plan starts at its **title line**, a line of its own such as
  `2021年全市职业教育与继续教育工作要点`. News pages quote the title in
  passing and print other numbered lists before it (the seed's 十三五
  achievements also use `一、` headings), so the *last* such line that is
  followed by a numbered point is the one that counts.
* **Sections** are `一、标题` headings; they are optional.
* **Points** are `1.` / `1．` / `1、` paragraphs numbered 1, 2, 3… across the
  whole plan. A number out of sequence is an error, not a guess.
* A point's **title** is its first sentence when that is short (at most
  `TITLE_MAX` characters), otherwise its first clause. The rest of the
  paragraph is its body; its **measures** are the body's sentences. A short
  first line without a full stop (`1.加强党建工作` alone on its line) is the
  title by itself; longer lines broken mid-sentence are joined without a
  space, as hard-wrapped Chinese text is.
* **Targets** are numbers with a counting unit (`150门左右`, `90%`, `2倍`) in
  the measures. Years (`2021年`), ordinals (`第2批`), versions (`2.0`),
  formulas (`3+2`, `1+X`) and parenthetical asides (`(含20个培育)`) are not
  targets.
* A paragraph that is neither heading nor point continues the current point;
  page furniture (`下一篇`, `上一篇`, `责任编辑`…) and the signature block
  (an issuing body such as `重庆市教育委员会`, a date of issue alone on its
  line) end the plan.
* `3个月` and `15个工作日` are periods, not targets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from cqvet.errors import PlanDocumentError
from cqvet.models import TargetKind

# --- what a plan document says (the parser's output) -------------------------------


class TargetDoc(NamedTuple):
    """A quantitative target found in a point's text: `150门左右`."""

    seq: int
    value: float
    unit: str
    kind: TargetKind
    qualifier: str
    text: str


class SectionDoc(NamedTuple):
    """A section heading of the plan: `一、坚持党对职业教育的全面领导`."""

    seq: int
    numeral: str
    title: str


class PointDoc(NamedTuple):
    """A numbered work point as the document states it."""

    number: int
    section_seq: int | None
    title: str
    body: str
    measures: tuple[str, ...]
    targets: tuple[TargetDoc, ...]


class PlanDoc(NamedTuple):
    """A whole plan document: title, year, sections and points."""

    title: str
    year: int
    sections: tuple[SectionDoc, ...]
    points: tuple[PointDoc, ...]
    preamble: str = ""


TITLE_MAX = 30

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff"), " ")
_FULLWIDTH_DIGITS = {ord("０") + i: str(i) for i in range(10)}

_TITLE_LINE = re.compile(
    r"^[^，,。！!：:；;]{0,30}?(?P<year>(?:19|20)\d{2})\s*年[^，,。！!：:；;]{1,60}?工作要点(?:的通知)?$"
)
_SECTION = re.compile(r"^(?P<numeral>[一二三四五六七八九十]{1,3})\s*[、，,.．]\s*(?P<title>\S.*)$")
# The text may open with a year (`8.2021年举办…`), never with another number (`2.0`, `3.5%`).
_POINT = re.compile(r"^(?P<number>\d{1,3})\s*[.．、]\s*(?P<rest>(?:[^\d\s]|(?:19|20)\d{2}\s*年).*)$")
# Page furniture and the signature block (issuer, date of issue) end the plan.
_FOOTER = re.compile(
    r"^(下一篇|上一篇|责任编辑|【打印|打印本页|关闭窗口|扫一扫|附件[:：]?"
    r"|[\u4e00-\u9fff]{2,24}(委员会|人民政府|办公厅|办公室|教委|教育厅|教育局)$"
    r"|(19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$)"
)
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")
_CLAUSE_END = re.compile(r"[，,：:；;]")
_PARENTHETICAL = re.compile(r"[（(][^（()）]*[)）]")
_FULLWIDTH_DECIMAL = re.compile(r"(?<=\d)．(?=\d)")

# 个 as in 3个月 or 15个工作日 is a period, not a count.
_UNITS = (
    "万人次|人次|万人|亿元|万元|学时|学分|小时|门|所|个(?!月|工作日|小时)|项|家|名|人|场|次|本|套|篇|部|支|座|元"
    "|条|期|种|类|届|间|台|节|天"
)
_TARGET = re.compile(
    r"(?P<before>达到|不少于|不低于|超过|至少|力争)?"
    r"(?<![\d.+＋第])(?P<value>\d+(?:\.\d+)?)(?![\d.]|\s*[+＋])\s*"
    rf"(?P<unit>%|％|倍|{_UNITS})"
    r"(?P<after>左右|以上|以内|以下|余)?"
)
_NUMERALS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}


def chinese_numeral(text: str) -> int:
    """Value of a section numeral from 一 to 九十九 (`十二` is 12, `二十` is 20)."""
    if "十" not in text:
        return _NUMERALS[text]
    tens, _, units = text.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def normalise(text: str) -> str:
    """Fold the invisible differences between copies of one document.

    Non-breaking and ideographic spaces become plain spaces and full-width
    digits become ASCII, so the same plan pasted from a web page or a Word
    file reads the same. Punctuation is kept as written.
    """
    return text.translate(_SPACES).translate(_FULLWIDTH_DIGITS).replace("\r\n", "\n").replace("\r", "\n")


def parse_plan(text: str) -> PlanDoc:
    """Parse a whole 工作要点 document; raise PlanDocumentError naming the line it gave up on."""
    lines = [line.strip() for line in normalise(text).split("\n")]
    if not any(lines):
        raise PlanDocumentError("plan_empty", line=1)
    while not lines[-1]:  # "the end" is the last line with text, not the empty one after a final newline
        lines.pop()
    title_index = _find_title(lines)
    match = _TITLE_LINE.match(lines[title_index])
    assert match is not None  # _find_title only returns matching lines
    return _Reader(lines, title_index).read(title=lines[title_index], year=int(match["year"]))


def _find_title(lines: list[str]) -> int:
    candidates = [i for i, line in enumerate(lines) if _TITLE_LINE.match(line)]
    if not candidates:
        raise PlanDocumentError("plan_no_title", line=len(lines))
    followed = [i for i in candidates if any(_POINT.match(line) for line in lines[i + 1 :])]
    if not followed:
        raise PlanDocumentError("plan_no_points", line=len(lines), title=lines[candidates[-1]])
    return followed[-1]


class _Reader:
    """One pass over the lines after the title, collecting sections and points."""

    def __init__(self, lines: list[str], title_index: int) -> None:
        self.lines = lines
        self.start = title_index + 1
        self.sections: list[SectionDoc] = []
        self.points: list[tuple[int, int, int | None, list[str]]] = []  # line, number, section, paragraphs
        self.preamble: list[str] = []

    def read(self, *, title: str, year: int) -> PlanDoc:
        for line_no, line in self._numbered_lines():
            if _FOOTER.match(line):
                break
            self._take(line_no, line)
        if not self.points:
            raise PlanDocumentError("plan_no_points", line=len(self.lines), title=title)
        points = tuple(
            _build_point(number, section, parts, line) for line, number, section, parts in self.points
        )
        return PlanDoc(title, year, tuple(self.sections), points, "\n".join(self.preamble))

    def _numbered_lines(self) -> Iterator[tuple[int, str]]:
        for index in range(self.start, len(self.lines)):
            if self.lines[index]:
                yield index + 1, self.lines[index]

    def _take(self, line_no: int, line: str) -> None:
        section = _SECTION.match(line)
        if section and len(section["title"]) <= TITLE_MAX * 2 and _is_numeral(section["numeral"]):
            self._add_section(line_no, section["numeral"], section["title"])
            return
        point = _POINT.match(line)
        if point:
            self._add_point(line_no, int(point["number"]), point["rest"])
        elif self.points:
            self.points[-1][3].append(line)
        else:
            self.preamble.append(line)

    def _add_section(self, line_no: int, numeral: str, title: str) -> None:
        expected = len(self.sections) + 1
        if chinese_numeral(numeral) != expected:
            raise PlanDocumentError("plan_section_order", line=line_no, expected=expected, found=numeral)
        self.sections.append(SectionDoc(expected, numeral, title.rstrip("。.;；:： ")))

    def _add_point(self, line_no: int, number: int, rest: str) -> None:
        expected = len(self.points) + 1
        if number != expected:
            raise PlanDocumentError("plan_point_order", line=line_no, expected=expected, found=number)
        section = self.sections[-1].seq if self.sections else None
        self.points.append((line_no, number, section, [rest]))


def _is_numeral(text: str) -> bool:
    """Whether `text` is a numeral at all: `十十、` or `一一、` opens a sentence, not a section."""
    try:
        chinese_numeral(text)
    except KeyError:
        return False
    return True


def _build_point(number: int, section: int | None, paragraphs: list[str], line_no: int) -> PointDoc:
    first = paragraphs[0]
    if len(paragraphs) > 1 and len(first) <= TITLE_MAX and not _SENTENCE_END.search(first):
        # `1.加强党建工作` on a line of its own is the title; the lines below are the body.
        title, body = first.strip().rstrip("，,：:"), "".join(paragraphs[1:])
    else:
        # Chinese text hard-wrapped over lines joins without a space.
        title, body = split_title("".join(paragraphs))
    if not title:
        raise PlanDocumentError("plan_point_empty", line=line_no, number=number)
    measures = tuple(split_measures(body))
    return PointDoc(number, section, title, body, measures, tuple(find_targets(measures)))


def split_title(text: str) -> tuple[str, str]:
    """Split a point's paragraph into its title and the rest."""
    first, sep, rest = text.partition("。")
    if len(first) > TITLE_MAX or not sep:
        clause = _CLAUSE_END.search(first)
        if clause and clause.start() <= TITLE_MAX * 2:
            return first[: clause.start()].strip(), text[clause.end() :].strip()
    return first.strip(), rest.strip()


def split_measures(body: str) -> Iterator[str]:
    """The body's sentences, without their closing punctuation and stray separators."""
    for sentence in _SENTENCE_END.split(body.replace("\n", "")):
        measure = sentence.strip().strip("，,。；;！!？? ").strip()
        if measure:
            yield measure


def find_targets(measures: tuple[str, ...]) -> Iterator[TargetDoc]:
    """Quantitative targets in the measures, numbered 1, 2, 3… within the point."""
    seq = 0
    for measure in measures:
        scanned = _PARENTHETICAL.sub(lambda m: " " * len(m.group()), measure)
        # ９２．５％ folds to 92．5％: that ． is a decimal point (same length, so offsets hold).
        scanned = _FULLWIDTH_DECIMAL.sub(".", scanned)
        for match in _TARGET.finditer(scanned):
            seq += 1
            yield _target(seq, match, measure)


def _target(seq: int, match: re.Match[str], measure: str) -> TargetDoc:
    unit = match["unit"].replace("％", "%")
    kind = TargetKind.PERCENT if unit == "%" else TargetKind.RATIO if unit == "倍" else TargetKind.COUNT
    qualifier = match["after"] or match["before"] or ""
    return TargetDoc(
        seq, float(match["value"]), unit, kind, qualifier, _clause_around(measure, match.start("value"))
    )


def _clause_around(measure: str, position: int) -> str:
    """The clause of the measure holding `position`, as the target's description."""
    start = max((m.end() for m in _CLAUSE_END.finditer(measure, 0, position)), default=0)
    end_match = _CLAUSE_END.search(measure, position)
    return measure[start : end_match.start() if end_match else len(measure)].strip()
