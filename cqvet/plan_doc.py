"""Read a plan document (工作要点, 工作计划, 实施方案, 任务分解表…) into a `PlanDoc`.

Pure: text lines and table rows in, objects out. It never touches the
database, the terminal or a file; `cqvet.documents` turns a file of any form
into the blocks read here (a paragraph is a `str`, a table row a tuple of its
cells), so every form of one document gives the same plan.

The genre, as published by Chinese authorities, and the rules this parser
applies (each one is where it is because a real document needed it):

* The plan starts at its **title line**: a line of its own (or two short
  consecutive lines that together form one) holding a year (`2024年`,
  `2024 年`, `二〇二四年`, `2024年度`, anywhere in it) and ending in a genre
  word (`工作要点`, `工作计划`, `实施方案`, `任务分解表`… in simplified or
  traditional characters). News pages quote the title in passing and print
  other numbered lists before it (the seed's 十三五 achievements also use
  `一、` headings), so the *last* such line followed by a numbered point is
  the one that counts. Without a title line, the caller may give the title
  and year (`cqvet load --title --year`); the plan then starts at its last
  `一、` heading that is followed by points, else at its first point.
* **Sections** are `一、标题` headings numbered 一, 二, 三… (at most 99).
* **Points** are numbered paragraphs in one of the forms `1.` `1．` `1、`
  `（1）` `（一）`; the first form met after the title is the plan's, and the
  others are text inside a point. Points are numbered 1, 2, 3… through the
  plan; a plan whose numbering restarts at 1 under each section (common with
  `（一）`) is numbered through the plan in reading order. Any other number
  out of sequence is an error, not a guess.
* **Task tables** (任务分解表): a row with 序号 and a task heading starts a
  table; each row below with a number in its 序号 cell is a point that keeps
  the document's number (3, 68, 69: numbers need only rise), its lead and
  supporting units are its owners, its deadline cell its deadline. A table
  pasted as text, one cell per line, is read in rows of as many cells as
  its header has, and refused when a row does not start with its number.
* **Measures in task tables** (one row per 举措): the rows below a point's
  row are its measures, in order, each with the lead units (all of them: a
  measure may have several), supporting units and deadline its row names. A
  measure row is numbered `1.1`, `1-1`, `（1）` in 序号, or `1.` `（1）` `①` at the
  start of its 具体举措 cell (one cell may list several on lines of their
  own), or not at all; a number written must be the measure's place under
  its point. Its 序号 and 重点任务 cells may be merged with the point's row
  (Word and rowspan repeat the text, a pasted table leaves them empty), or
  its 重点任务 repeated; where 序号 counts the rows one by one under a merged
  重点任务, the points are numbered 1, 2, 3 in order. A second task column
  (具体举措, 工作措施…) holds the measures, and a point row with text there is
  its own first measure; without one, the measure's text is in the task
  column. An empty unit or deadline cell in a measure row is a cell merged
  with the one above: it names what that one does. The point's lead is the
  first lead named in its rows, every other unit named in them supports it;
  its deadline is its own row's, unless that row is a measure or names none:
  then its measures' deadlines, of which the latest counts.
* **Responsibility** written in the text (`牵头单位：区发改局` lines after a
  point, brackets such as `（责任科室：组干科、机关党委）` or
  `（市政府办公室牵头，各县市区负责）`) gives the point's owners instead of a
  measure: the first unit named as lead is the lead, every other unit named
  supports it. `完成时限：6月底` gives its deadline.
* A point's **title** is its first sentence when that is short (at most
  `TITLE_MAX` characters), otherwise its first clause. The rest of the
  paragraph is its body; its **measures** are the body's sentences. A short
  first line without a full stop (`1.加强党建工作` alone on its line) is the
  title by itself; longer lines broken mid-sentence are joined without a
  space, as hard-wrapped Chinese text is.
* **Targets** are numbers with a counting unit (`150门左右`, `90%`, `2倍`) in
  the title and the measures, with the word that qualifies them (保持, 达,
  达到, 不低于, 不少于, 力争, 以上, 以内, 左右…). Years (`2021年`), ordinals
  (`第2批`, `第 28 次`, `第 2— 4 期`), versions (`2.0`), formulas (`3+2`,
  `1+X`), parenthetical asides (`(含20个培育)`) and periods (`3个月`,
  `15个工作日`) are not targets. Neither is a number stated as a fact: a
  clause that says what is or was (`现有`, `已`, `累计`, `截至`, `去年`…, or
  `有` right before the number, as in `全市有120所学校`) states facts,
  unless it also sets a goal (`力争`, `确保`, `达到`, `到…年`…).
* A paragraph that is neither heading nor point continues the current point;
  page furniture (`下一篇`, `上一篇`, `责任编辑`…) and the signature block
  (an issuing body such as `重庆市教育委员会`, a date of issue alone on its
  line) end the plan.

Every step is linear in the text: the title is found in one pass, and a
sentence's targets find their clause by bisection.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from cqvet.errors import PlanDocumentError
from cqvet.models import TargetKind
from cqvet.numerals import chinese_value, digit_value

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


class MeasureDoc(NamedTuple):
    """A measure (举措) of a point, with the owners and deadline its task-table row names (else empty)."""

    text: str
    leads: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    deadline: str = ""


class PointDoc(NamedTuple):
    """A numbered work point as the document states it, with the owners and deadline it names.

    `measure_owners` runs parallel to `measures`: the same measures, each with what its row of a
    task table names (owners and deadline empty for a measure read from running text).
    """

    number: int
    section_seq: int | None
    title: str
    body: str
    measures: tuple[str, ...]
    targets: tuple[TargetDoc, ...]
    lead: str = ""
    supports: tuple[str, ...] = ()
    deadline: str = ""
    measure_owners: tuple[MeasureDoc, ...] = ()


class PlanDoc(NamedTuple):
    """A whole plan document: title, year, sections and points."""

    title: str
    year: int
    sections: tuple[SectionDoc, ...]
    points: tuple[PointDoc, ...]
    preamble: str = ""


Block = str | tuple[str, ...]
"""What a document reader gives the parser: a paragraph line, or the cells of a table row."""

TITLE_MAX = 30
# Limits, each refused in one line (README, Reliability). A 10 MB plan is far beyond any
# real one and reads in seconds; the point numbers are what `cqvet show N` accepts.
MAX_TEXT_CHARS = 20_000_000
MAX_POINTS = 20_000
MAX_POINT_NUMBER = 99_999
MAX_SECTIONS = 99

_FULLWIDTH_DIGITS = {ord("０") + i: str(i) for i in range(10)}
_SPACE_CHARS = re.compile("[\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff\t]")
_FULLWIDTH_DIGIT = re.compile("[０-９]+")
# Only for recognising a title: traditional forms of the genre words.
_TRADITIONAL = str.maketrans(
    {"點": "点", "劃": "划", "畫": "划", "計": "计", "實": "实", "施": "施", "動": "动", "務": "务",
     "單": "单", "責": "责", "見": "见", "重": "重", "與": "与", "發": "发", "員": "员", "會": "会",
     "項": "项", "興": "兴", "學": "学", "習": "习", "國": "国", "縣": "县", "區": "区", "廳": "厅"}
)  # fmt: skip

_GENRE = (
    r"(?:工作要点|工作计划|工作安排|重点工作(?:安排|任务)?|工作意见|工作方案|实施方案|行动计划|行动方案"
    r"|任务清单|任务分解表|任务分解(?:和|及|与)?责任分工(?:方案|表)?|责任分工方案|任务分解方案|分解方案)"
)
_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年度?"
_TITLE_LINE = re.compile(
    rf"^[^，,。！!：:；;？?]{{0,60}}?{_YEAR}[^，,。！!：:；;？?]{{0,60}}?{_GENRE}"
    r"(?:[（(][^（()）]{1,12}[)）])?(?:的通知)?$"
)
_TITLE_PART = re.compile(r"^[^，,。！!：:；;？?]{1,40}$")
_SECTION = re.compile(r"^(?P<numeral>[一二三四五六七八九十]{1,3})\s*[、，,.．]\s*(?P<title>\S.*)$")
_SECTION_PAST_RANGE = re.compile(r"^[一二三四五六七八九十]*百[零一二三四五六七八九十]*\s*[、，,.．]\s*\S")
# The text may open with a year (`8.2021年举办…`), never with another number (`2.0`, `3.5%`).
_POINT_FORMS = {
    "arabic": re.compile(r"^(?P<number>\d{1,9})\s*[.．、]\s*(?P<rest>(?:[^\d\s]|(?:19|20)\d{2}\s*年).*)$"),
    "paren": re.compile(r"^[（(]\s*(?P<number>\d{1,9})\s*[)）]\s*(?P<rest>\S.*)$"),
    "paren_cn": re.compile(r"^[（(]\s*(?P<number>[一二三四五六七八九十]{1,3})\s*[)）]\s*(?P<rest>\S.*)$"),
}
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
_ORDINAL = re.compile(r"第\s*\d+(?:\.\d+)?(?:\s*[—–\-~～至到]+\s*\d+)?")

# 个 as in 3个月 or 15个工作日 is a period, not a count.
_UNITS = (
    "万人次|人次|万人|亿元|万元|学时|学分|小时|门|所|个(?!月|工作日|小时)|项|家|名|人|场|次|本|套|篇|部|支|座|元"
    "|条|期|种|类|届|间|台|节|天"
)
# Opening on the digit lets the regex engine skip to digits; what may stand before the number
# (a qualifier; not a digit, point, plus or 第) is checked by `find_targets`.
_TARGET = re.compile(
    r"(?P<value>\d+(?:\.\d+)?)(?![\d.]|\s*[+＋])\s*"
    rf"(?P<unit>%|％|倍|{_UNITS})"
    r"(?P<after>左右|以上|以内|以下|余)?"
)
_BEFORE = {
    3: frozenset(("不少于", "不低于")),
    2: frozenset(("达到", "超过", "至少", "力争", "保持")),
    1: {"达"},
}
_BEFORE_LAST = frozenset(word[-1] for words in _BEFORE.values() for word in words)
_NOT_BEFORE = frozenset("0123456789.+＋第")
_DIGIT = re.compile(r"\d")
# A clause that says what is or was states facts; one that sets a goal states targets.
_FACT = re.compile(r"现有|共有|拥有|已经|已|累计|截至|截止|去年|上年|过去|目前|同比|较上年|有\s*$")
_GOAL = re.compile(r"力争|确保|争取|达到|不低于|不少于|保持|到\s*(?:19|20)\d{2}\s*年|提高到|提升到")

# Responsibility named in the text.
_ROLE = (
    r"(?P<role>牵头(?:单位|部门|处室|科室)|主责(?:单位|部门)|(?:主要)?责任(?:单位|部门|处室|科室)"
    r"|(?:配合|协同|协办|参与)(?:单位|部门|处室|科室)|完成(?:时限|时间)|时间(?:节点|要求))"
)
_ROLE_ITEM = re.compile(
    _ROLE
    + r"\s*[:：]\s*(?P<names>[^；;]*?)\s*(?=[；;，,\s]\s*"
    + _ROLE.replace("?P<role>", "?:")
    + r"|[；;。]?\s*$)"
)
_ROLE_LINE = re.compile(r"^[（(]?\s*" + _ROLE.replace("?P<role>", "?:") + r"\s*[:：]")
_BRACKET = re.compile(r"[（(](?P<inner>[^（()）]{2,120})[)）]")
_LEAD_PHRASE = re.compile(
    r"^(?P<lead>[^，,；;：:]{2,40}?)(?:牵头|主责|负责)(?:[，,；;、]\s*(?P<rest>[^：:]*?))?$"
)
_SUPPORT_VERB = re.compile(r"(?:按职责分工|按职责|分别|共同)?(?:负责|配合|参与|协同|协助|落实|实施)$")
_SPLIT_UNITS = re.compile(r"[、，,；;/／\s]+|(?<=[\u4e00-\u9fff])和(?=[\u4e00-\u9fff])")

# Task tables: what a header cell names.
_HEAD_NUMBER = re.compile(r"^(序号|编号|序)$")
_HEAD_TASK = re.compile(r"任务|工作|内容|事项|措施|举措|要点")
# A second task column, after the point's (重点任务 | 具体举措), holds the point's measures.
_HEAD_MEASURE = re.compile(r"举措|措施|具体|分解|细化|内容")
# A measure's row number in the 序号 cell: `1.1`, `1-1`, `（1）`, `1（1）`.
_MEASURE_NUMBER = re.compile(
    r"^(?:(?P<point>\d{1,9})\s*[.．\-－—–]\s*(?P<seq>\d{1,3})"
    r"|(?:(?P<point2>\d{1,9})\s*)?[（(]\s*(?P<seq2>\d{1,3})\s*[)）])\s*[.．、]?$"
)
# A measure's own number at the start of its text: `1.` `1、` `（1）` `1.1` `①` (not `2.0版`, `1.5万人`).
_MEASURE_PREFIX = re.compile(
    r"^(?:(?P<a>\d{1,3})\s*[.．、](?![\d%％])|\d{1,9}\s*[.．\-－](?P<b>\d{1,3})(?![\d%％.．万亿千百个所门项人名倍元])[.．、]?"
    r"|[（(](?P<c>\d{1,3})[)）][.．、]?|(?P<circled>[①-⑳]))\s*"
)
_HEAD_LEAD = re.compile(r"牵头|主要责任|主责|责任单位|责任部门|责任处室|责任科室|负责单位")
_HEAD_SUPPORT = re.compile(r"配合|协同|协办|参与|协助")
_HEAD_DEADLINE = re.compile(r"时限|时间|进度|期限")


def normalise(text: str) -> str:
    """Fold the invisible differences between copies of one document.

    Non-breaking and ideographic spaces and tabs become plain spaces and
    full-width digits become ASCII, so the same plan pasted from a web page or
    a Word file reads the same. Punctuation is kept as written.
    """
    # Regular expressions, not str.translate: translate looks up every character of a 10 MB text.
    text = _SPACE_CHARS.sub(" ", text)
    if _FULLWIDTH_DIGIT.search(text):
        text = _FULLWIDTH_DIGIT.sub(lambda m: m.group().translate(_FULLWIDTH_DIGITS), text)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _year_of(text: str) -> int | None:
    match = re.search(_YEAR, text)
    if match is None:
        return None
    written = match["year"]
    if written.isdigit():
        return int(written)
    return digit_value(written)


def is_title(line: str) -> bool:
    """Whether `line` is a plan's title line (a year and a genre word, no sentence punctuation)."""
    return len(line) <= 120 and _TITLE_LINE.match(line.translate(_TRADITIONAL)) is not None


def parse_plan(text: str, *, title: str | None = None, year: int | None = None) -> PlanDoc:
    """Parse a whole plan text; raise PlanDocumentError naming the line it gave up on."""
    return parse_blocks(text_blocks(text), title=title, year=year)


def text_blocks(text: str) -> list[Block]:
    """A text's lines; a line with tabs between its words is a table row pasted from Word or Excel.

    Outside a task table (no 序号 header above it) such a row reads as the
    line it was, its cells joined: a tab after `1.` changes nothing.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" not in text:
        return list(normalise(text).split("\n"))
    blocks: list[Block] = []
    for line in text.split("\n"):
        inner = line.strip(" ")  # not the tabs: a row's empty first cells (merged above) are cells
        row = tuple(normalise(cell) for cell in inner.split("\t")) if "\t" in inner else None
        blocks.append(row or normalise(line))
    return blocks


def parse_blocks(blocks: Sequence[Block], *, title: str | None = None, year: int | None = None) -> PlanDoc:
    """Parse a document given as paragraph lines and table rows (see `cqvet.documents`).

    `title` and `year`, when given, override what the document says; with
    both, a document without a title line of its own can be read.
    """
    size = sum(len(b) if isinstance(b, str) else sum(map(len, b)) for b in blocks)
    if size > MAX_TEXT_CHARS:
        raise PlanDocumentError("plan_too_large", line=1, size=size, limit=MAX_TEXT_CHARS)
    lines = _fold_pasted_tables(_clean_all(blocks))
    if not any(lines):
        raise PlanDocumentError("plan_empty", line=1)
    while not lines[-1]:  # "the end" is the last line with text, not the empty one after a final newline
        lines.pop()
    found = _find_title(lines)
    if found is None:
        if title is None or (year is None and _year_of(title) is None):
            raise PlanDocumentError("plan_no_title", line=len(lines))
        start = _start_without_title(lines)
        doc_title, doc_year = title, year or _year_of(title)
    else:
        start, doc_title = found
        doc_year = _year_of(doc_title)
        doc_title, doc_year = title or doc_title, year or (_year_of(title) if title else None) or doc_year
    assert doc_year is not None  # a title line holds a year; a --title without one needs --year
    return _Reader(lines, start).read(title=doc_title, year=doc_year)


def _clean_all(blocks: Sequence[Block]) -> list[Block]:
    """Each block stripped; a row of one text reads as a paragraph, but below a task table's
    header only when the text is in its first cell: elsewhere it is a measure's row whose 序号 and
    重点任务 are merged above (empty). Before any header, a title set in a table stays a paragraph."""
    out: list[Block] = []
    in_task_table = False
    for block in blocks:
        cleaned = _clean(block, in_task_table)
        if isinstance(cleaned, tuple) and not in_task_table and _columns(cleaned) is not None:
            in_task_table = True
        out.append(cleaned)
    return out


def _clean(block: Block, in_task_table: bool = False) -> Block:
    if isinstance(block, str):
        return block.strip()
    cells = tuple(cell.strip() for cell in block)
    # A merged row (a section heading across the table, a title above it) reads as a paragraph.
    distinct = [c for i, c in enumerate(cells) if c and c not in cells[:i]]
    if len(distinct) <= 1 and (cells[0] or not distinct or not in_task_table):
        return distinct[0] if distinct else ""
    return cells


def _find_title(lines: list[Block]) -> tuple[int, str] | None:
    """Where the plan starts (the line after its title) and the title; None without a title line.

    One pass: the last title line before the last point is the plan's.
    """
    last_point = max(
        (i for i, line in enumerate(lines) if isinstance(line, tuple) or _any_point(line)), default=-1
    )
    found: tuple[int, str] | None = None
    unfollowed = ""
    previous = -1  # the last non-empty paragraph line, for a title split over two lines
    for i, line in enumerate(lines):
        if not isinstance(line, str) or not line:
            continue
        title = ""
        if _SECTION.match(line) or _any_point(line):
            pass  # `二、2024年重点工作` is a heading inside the plan, never its title
        elif is_title(line):
            title = line
        elif previous >= 0 and _TITLE_PART.match(line):
            first = lines[previous]
            assert isinstance(first, str)
            if _TITLE_PART.match(first) and not _any_point(first) and is_title(first + line):
                title = first + line
        if title and i < last_point:
            found = (i + 1, title)
        elif title:
            unfollowed = title
        previous = i if len(line) <= 40 else -1
    if found is None and unfollowed:
        raise PlanDocumentError("plan_no_points", line=len(lines), title=unfollowed)
    return found


def starts_block(line: str) -> bool:
    """Whether a line opens something of its own (heading, point, responsibility, footer), for unwrapping."""
    return bool(_any_point(line) or _SECTION.match(line) or _ROLE_LINE.match(line) or _FOOTER.match(line))


def _any_point(line: str) -> bool:
    return any(form.match(line) for form in _POINT_FORMS.values())


def _start_without_title(lines: list[Block]) -> int:
    """The plan's first line when no title says: its last `一、` followed by points, else its first point."""
    last_point = max(
        (i for i, line in enumerate(lines) if isinstance(line, tuple) or _any_point(line)), default=-1
    )
    first_sections = [
        i
        for i, line in enumerate(lines[:last_point])
        if isinstance(line, str) and (m := _SECTION.match(line)) and m["numeral"] == "一"
    ]
    if first_sections:
        return first_sections[-1]
    return max(0, min((i for i, line in enumerate(lines) if isinstance(line, str) and _any_point(line)),
                      default=0))  # fmt: skip


def _fold_pasted_tables(lines: list[Block]) -> list[Block]:
    """A task table pasted as text, one cell per line, as the table rows it was.

    The header (`序号` then heading cells, each alone on its line) says how many
    cells a row has. Each row must start with its number and hold no other
    bare number (a missing cell would shift the next row's number into it):
    otherwise the table is refused, never half-read.
    """
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not (isinstance(line, str) and _HEAD_NUMBER.match(line)):
            out.append(line)
            i += 1
            continue
        header = [line]
        j = i + 1
        while j < len(lines) and isinstance(lines[j], str) and _is_heading_cell(str(lines[j])):
            header.append(str(lines[j]))
            j += 1
        if len(header) < 3 or not any(_HEAD_TASK.search(h) for h in header[1:]):
            out.append(line)
            i += 1
            continue
        out.append(tuple(header))
        width = len(header)
        columns = _columns(tuple(header))
        task = ""  # the 重点任务 of the last point row, which a measure's row may repeat or leave out
        i = j
        while i < len(lines):
            line = lines[i]
            if line == "":
                i += 1
                continue
            if not isinstance(line, str) or _FOOTER.match(line):
                break
            if _SECTION.match(line) or _PAREN_HEADING.match(line):
                out.append(line)
                i += 1
                continue
            first_line = i
            cells: list[str] = []
            while i < len(lines) and len(cells) < width:
                cell = lines[i]
                if not isinstance(cell, str):
                    break
                if (
                    columns is not None
                    and columns.measure is not None
                    and len(cells) == columns.task
                    and cells
                    and _MEASURE_NUMBER.match(cells[0])
                    and cell != task
                ):
                    cells.append("")  # a measure's row, its 重点任务 merged into the point's row above
                    continue
                if cell:
                    cells.append(cell)
                i += 1
            # An office's cell may end as a signature does (区教育局): the lead and supporting
            # columns hold offices' names, so only the other cells are held to the footer's pattern.
            offices = () if columns is None else (columns.lead, *columns.supports)
            if (
                len(cells) < width
                or not (cells[0].isdecimal() or _MEASURE_NUMBER.match(cells[0]))
                or any(c.isdecimal() or _SECTION.match(c) for c in cells[1:])
                or any(_FOOTER.match(c) for n, c in enumerate(cells) if n and n not in offices)
            ):
                raise PlanDocumentError("plan_table_text", line=first_line + 1, cells=width)
            if columns is not None and cells[0].isdecimal():
                task = cells[columns.task]
            out.append(tuple(cells))
    return out


_PAREN_HEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]\S{0,40}$")


_HEAD_OTHER = re.compile("领导|备注")


def _is_heading_cell(text: str) -> bool:
    return len(text) <= 16 and any(
        p.search(text) for p in (_HEAD_TASK, _HEAD_LEAD, _HEAD_SUPPORT, _HEAD_DEADLINE, _HEAD_OTHER)
    )


class _Columns(NamedTuple):
    number: int
    task: int
    lead: int | None
    supports: tuple[int, ...]
    deadline: int | None
    measure: int | None = None


def _columns(cells: tuple[str, ...]) -> _Columns | None:
    """The columns of a task table's header row, or None when `cells` is no header."""
    number = next((i for i, c in enumerate(cells) if _HEAD_NUMBER.match(c)), None)
    if number is None:
        return None
    lead = None
    supports: list[int] = []
    task = deadline = measure = None
    for i, cell in enumerate(cells):
        if i == number:
            continue
        if _HEAD_SUPPORT.search(cell):
            supports.append(i)
        elif _HEAD_LEAD.search(cell):
            if lead is None:
                lead = i
            else:
                supports.append(i)
        elif _HEAD_DEADLINE.search(cell) and deadline is None:
            deadline = i
        elif _HEAD_TASK.search(cell) and task is None:
            task = i
        elif task is not None and measure is None and _HEAD_MEASURE.search(cell):
            measure = i
    if task is None:
        return None
    return _Columns(number, task, lead, tuple(supports), deadline, measure)


_Owners = tuple[list[str], list[str], str]  # a task table row's lead units, supporting units, deadline


class _Draft:
    """A point being read: its paragraphs and what the document says about its owners.

    A task-table point also keeps its 重点任务 cell as written (a row repeating it continues the
    point) and its measure rows, once it has any.
    """

    __slots__ = (
        "above", "deadline", "doc_number", "leads", "line", "measures", "number", "parts",
        "row_is_measure", "section", "supports", "table", "task_cell",
    )  # fmt: skip

    def __init__(self, line: int, number: int, section: int | None, first: str, table: bool) -> None:
        self.line = line
        self.number = number
        self.doc_number = number  # a table's 序号, which a counted table's points do not keep
        self.section = section
        self.parts = [first]
        self.leads: list[str] = []
        self.supports: list[str] = []
        self.deadline = ""
        self.table = table
        self.task_cell = ""
        self.measures: list[MeasureDoc] = []
        self.row_is_measure = False  # the point's own row names its first measure
        self.above: _Owners = ([], [], "")  # what the point's last row named, for cells merged below it


class _Reader:
    """One pass over the lines after the title, collecting sections and points."""

    def __init__(self, lines: list[Block], start: int) -> None:
        self.lines = lines
        self.start = start
        self.sections: list[SectionDoc] = []
        self.points: list[_Draft] = []
        self.numbers: set[int] = set()
        self.preamble: list[str] = []
        self.form: str | None = None
        self.next_number = 1  # the plan's numbering, through the plan
        self.doc_next = 1  # the document's, which may start again under each section
        self.section_opened = False
        self.columns: _Columns | None = None
        self.counted = False  # the task table's 序号 counts rows (measures), not points
        self.last_written = 0  # the last 序号 of the task table

    def read(self, *, title: str, year: int) -> PlanDoc:
        for line_no, line in self._numbered_lines():
            if isinstance(line, tuple):
                self._take_row(line_no, line)
                continue
            if _FOOTER.match(line):
                break
            self._take(line_no, line)
        if not self.points:
            raise PlanDocumentError("plan_no_points", line=len(self.lines), title=title)
        points = tuple(_build_point(draft) for draft in self.points)
        return PlanDoc(title, year, tuple(self.sections), points, "\n".join(self.preamble))

    def _numbered_lines(self) -> Iterator[tuple[int, Block]]:
        for index in range(self.start, len(self.lines)):
            if self.lines[index]:
                yield index + 1, self.lines[index]

    def _take(self, line_no: int, line: str) -> None:
        section = _SECTION.match(line)
        if section and len(section["title"]) <= TITLE_MAX * 2 and _is_numeral(section["numeral"]):
            self._add_section(line_no, section["numeral"], section["title"])
            return
        if _SECTION_PAST_RANGE.match(line) and len(self.sections) >= MAX_SECTIONS:
            raise PlanDocumentError("plan_too_many_sections", line=line_no, limit=MAX_SECTIONS)
        point = self._point_match(line)
        if point:
            written = point["number"]
            number = int(written) if written.isdecimal() else chinese_value(written)
            # `2020、2021年连续…` continues a sentence: no plan jumps to a four-digit number.
            if number < 1000 or number == self.doc_next:
                self._add_point(line_no, number, point["rest"])
                return
        if self.points and _ROLE_LINE.match(line) and _take_roles(self.points[-1], line.strip("（()）")):
            return
        elif self.points:
            self.points[-1].parts.append(line)
        else:
            self.preamble.append(line)

    def _point_match(self, line: str) -> re.Match[str] | None:
        if self.form is not None:
            match = _POINT_FORMS[self.form].match(line)
            return match if match and (match["number"].isdecimal() or _is_numeral(match["number"])) else None
        for form, pattern in _POINT_FORMS.items():
            match = pattern.match(line)
            if match and (match["number"].isdecimal() or _is_numeral(match["number"])):
                self.form = form
                return match
        return None

    def _add_section(self, line_no: int, numeral: str, title: str) -> None:
        expected = len(self.sections) + 1
        if chinese_value(numeral) != expected:
            raise PlanDocumentError("plan_section_order", line=line_no, expected=expected, found=numeral)
        self.sections.append(SectionDoc(expected, numeral, title.rstrip("。.;；:： ")))
        self.section_opened = True

    def _add_point(self, line_no: int, number: int, rest: str) -> None:
        """A point numbered as the document numbers it: in sequence, or from 1 again under a new section."""
        restart = number == 1 and self.section_opened and self.doc_next > 1
        if number != self.doc_next and not restart:
            raise PlanDocumentError("plan_point_order", line=line_no, expected=self.doc_next, found=number)
        self._append(line_no, self.next_number, rest, table=False)
        self.doc_next = number + 1
        self.next_number += 1

    def _append(self, line_no: int, number: int, rest: str, *, table: bool) -> None:
        if number > MAX_POINT_NUMBER:
            raise PlanDocumentError("plan_point_number_too_large", line=line_no, limit=MAX_POINT_NUMBER)
        if len(self.points) >= MAX_POINTS:
            raise PlanDocumentError("plan_too_many_points", line=line_no, limit=MAX_POINTS)
        if number in self.numbers:
            raise PlanDocumentError("plan_point_repeated", line=line_no, number=number)
        section = self.sections[-1].seq if self.sections else None
        self.points.append(_Draft(line_no, number, section, rest, table))
        self.numbers.add(number)
        self.section_opened = False

    def _take_row(self, line_no: int, cells: tuple[str, ...]) -> None:
        columns = _columns(cells)
        if columns is not None:
            self.columns = columns
            self.counted = False
            self.last_written = 0
            return
        if self.columns is None or len(cells) <= self.columns.task:
            # A table that is not a task table: its cells read as a paragraph.
            self._take(line_no, "".join(cells))
            return
        cols = self.columns
        written = cells[cols.number].rstrip(".．、")
        task_cell = cells[cols.task]
        own = _cell(cells, cols.measure)
        current = self.points[-1] if self.points and self.points[-1].table else None
        # Without a measure column a measure's text is in the task column (not the point's repeated).
        text = own or (task_cell if current is None or task_cell != current.task_cell else "")
        numbered = _MEASURE_NUMBER.match(written)
        if numbered:
            point, seq = numbered["point"] or numbered["point2"], int(numbered["seq"] or numbered["seq2"])
            if current is not None and (point is None or int(point) == current.doc_number):
                self._add_measures(line_no, current, cells, text, seq)
            elif point is not None:  # the point has no row of its own: its first measure's row names it
                self._start_row_point(line_no, int(point), cells, task_cell)
                self._add_measures(line_no, self.points[-1], cells, own or task_cell, seq)
                self.points[-1].row_is_measure = True
            return
        if not written.isdecimal():
            if written or current is None:
                return
            # Under a merged (empty) 序号 cell: a measure of the point above, or more of its text.
            if cols.measure is None:
                self._add_measures(line_no, current, cells, text, None)
                return
            if task_cell and task_cell != current.task_cell:
                current.parts += task_cell.split("\n")
            if own:
                self._add_measures(line_no, current, cells, own, None)
            return
        number = int(written) if len(written) <= 9 else MAX_POINT_NUMBER + 1
        if current is not None and number == current.doc_number and not self.counted:
            # 序号 merged down the point's rows, as Word gives it: each row is one of its measures.
            self._add_measures(line_no, current, cells, text, None)
            return
        if (
            current is not None
            and cols.measure is not None
            and own
            and task_cell in ("", current.task_cell)
            and number > self.last_written
        ):
            # 重点任务 merged over rows that 序号 counts one by one: this row is a measure, not a point.
            self.counted = True
            self.last_written = number
            self._add_measures(line_no, current, cells, own, None)
            return
        self._start_row_point(line_no, number, cells, task_cell)
        if own:
            self._add_measures(line_no, self.points[-1], cells, own, None)
            self.points[-1].row_is_measure = True

    def _start_row_point(self, line_no: int, written: int, cells: tuple[str, ...], task_cell: str) -> None:
        """A point that a task table's row starts; it keeps the 序号 (in a counted table, the next number)."""
        cols = self.columns
        assert cols is not None
        previous = self.points[-1] if self.points and self.points[-1].table else None
        if previous is not None and written <= (self.last_written if self.counted else previous.doc_number):
            raise PlanDocumentError(
                "plan_table_number_order", line=line_no, previous=previous.doc_number, found=written
            )
        task, *more = task_cell.split("\n")
        if not task:
            raise PlanDocumentError("plan_point_empty", line=line_no, number=written)
        number = previous.number + 1 if self.counted and previous is not None else written
        self._append(line_no, number, task, table=True)
        self.last_written = written
        draft = self.points[-1]
        draft.doc_number = written
        draft.task_cell = task_cell
        draft.parts += more
        leads, supports, deadline = draft.above = _row_owners(cols, cells)
        draft.leads += leads
        draft.supports += supports
        draft.deadline = deadline

    def _add_measures(
        self, line_no: int, draft: _Draft, cells: tuple[str, ...], text: str, seq: int | None
    ) -> None:
        """The measure(s) a task table's row gives `draft`, with the row's owners and deadline.

        A cell may list several (`1.…` `2.…` on lines of their own); a number written, in the
        序号 cell or before the text, must be the measure's place under its point.
        """
        assert self.columns is not None
        # An empty owner or deadline cell is merged with the one above it (Word repeats such a
        # cell's text; a web page or a pasted table may leave it empty): it names what that one does.
        named = _row_owners(self.columns, cells)
        leads, supports, deadline = draft.above = (
            named[0] or draft.above[0],
            named[1] or draft.above[1],
            named[2] or draft.above[2],
        )
        for written, measure in _cell_measures(text):
            for number in (seq, written):
                expected = len(draft.measures) + 1
                if number is not None and number != expected:
                    raise PlanDocumentError(
                        "plan_measure_order",
                        line=line_no,
                        number=draft.doc_number,
                        expected=expected,
                        found=number,
                    )
            seq = None
            draft.measures.append(MeasureDoc(measure, tuple(leads), tuple(supports), deadline))


def _cell(cells: tuple[str, ...], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _row_owners(cols: _Columns, cells: tuple[str, ...]) -> _Owners:
    """The units a task table's row names as lead and supporting, and its deadline cell."""
    leads = units(_cell(cells, cols.lead))
    supports = [name for i in cols.supports for name in units(_cell(cells, i))]
    return leads, supports, _cell(cells, cols.deadline)


def _cell_measures(text: str) -> Iterator[tuple[int | None, str]]:
    """The measures a cell holds, each with the number written before it (or None).

    Lines that open with a number start a measure; other lines continue it (hard-wrapped text).
    """
    found: list[tuple[int | None, str]] = []
    for line in text.split("\n"):
        line = line.strip()
        prefix = _MEASURE_PREFIX.match(line)
        if prefix and prefix.end() < len(line):
            circled = prefix["circled"]
            written = (
                ord(circled) - ord("①") + 1 if circled else int(prefix["a"] or prefix["b"] or prefix["c"])
            )
            found.append((written, line[prefix.end() :]))
        elif found:
            found[-1] = (found[-1][0], found[-1][1] + line)
        elif line:
            found.append((None, line))
    for number, measure in found:
        cleaned = measure.strip().strip("，,。；;！!？? ").strip()
        if cleaned:
            yield number, cleaned


def _is_numeral(text: str) -> bool:
    """Whether `text` is a numeral at all: `十十、` or `一一、` opens a sentence, not a section."""
    try:
        chinese_value(text)
    except ValueError:
        return False
    return True


def units(text: str) -> list[str]:
    """The unit names a cell or a responsibility clause lists: `区发改局、区财政局` → two names."""
    return [name for name in (n.strip("。.：:") for n in _SPLIT_UNITS.split(text)) if name]


def _take_roles(draft: _Draft, text: str) -> bool:
    """Record `牵头单位：A；配合单位：B`-style responsibility on `draft`; whether `text` was one."""
    found = False
    for match in _ROLE_ITEM.finditer(text):
        found = True
        role, names = match["role"], match["names"]
        if role.startswith(("完成", "时间")):
            draft.deadline = draft.deadline or names.strip()
        elif role.startswith(("配合", "协同", "协办", "参与")) or (role.startswith("责任") and draft.leads):
            draft.supports += units(names)
        else:
            draft.leads += units(names)
    return found


def _take_bracket(draft: _Draft, inner: str) -> bool:
    """Record responsibility written in brackets: `（责任科室：…）`, `（A牵头，B负责）`."""
    if _ROLE_LINE.match(inner) and _take_roles(draft, inner):
        return True
    match = _LEAD_PHRASE.match(inner)
    if match is None or _TARGET.search(inner) or re.search(r"\d", inner):
        return False
    draft.leads += units(match["lead"])
    rest = match["rest"] or ""
    for clause in re.split(r"[，,；;]", rest):
        clause = _SUPPORT_VERB.sub("", clause.strip())
        draft.supports += units(clause)
    return True


def _strip_brackets(draft: _Draft, text: str) -> str:
    """`text` without its responsibility brackets, which go to `draft`'s owners."""
    if "(" not in text and "（" not in text:
        return text
    return _BRACKET.sub(lambda m: "" if _take_bracket(draft, m["inner"]) else m.group(), text)


def _closing_brackets(parts: list[str]) -> list[str]:
    """`parts` with a line that leaves a bracket open joined to the lines that close it: a PDF or a
    hard-wrapped text may break a responsibility bracket (`（区教育局牵\n头，…配合）`) over lines,
    and a bracket is read whole or not at all. Joined without a space, as wrapped Chinese text is."""
    joined: list[str] = []
    for part in parts:
        if joined and max(joined[-1].rfind("（"), joined[-1].rfind("(")) > max(
            joined[-1].rfind("）"), joined[-1].rfind(")")
        ):
            joined[-1] += part
        else:
            joined.append(part)
    return joined


def _build_point(draft: _Draft) -> PointDoc:
    paragraphs = [_strip_brackets(draft, part) for part in _closing_brackets(draft.parts)]
    first = paragraphs[0]
    if len(paragraphs) > 1 and len(first) <= TITLE_MAX and not _SENTENCE_END.search(first):
        # `1.加强党建工作` on a line of its own is the title; the lines below are the body.
        title, body = first.strip().rstrip("，,：:"), "".join(paragraphs[1:])
    else:
        # Chinese text hard-wrapped over lines joins without a space.
        title, body = split_title("".join(paragraphs))
    title = title.rstrip("。；;，, ")
    if not title:
        raise PlanDocumentError("plan_point_empty", line=draft.line, number=draft.number)
    if not draft.measures:
        measures = tuple(split_measures(body))
        named = list(dict.fromkeys(draft.leads + draft.supports))
        lead = named[0] if draft.leads else ""
        supports = tuple(named[1:]) if lead else ()
        targets = tuple(find_targets((title, *measures)))
        owners = tuple(MeasureDoc(m) for m in measures)
        return PointDoc(
            draft.number,
            draft.section,
            title,
            body,
            measures,
            targets,
            lead,
            supports,
            draft.deadline,
            owners,
        )
    # A task table's point with measure rows: the rows are its measures (see the module's docstring).
    owners = tuple(draft.measures)
    measures = tuple(m.text for m in owners)
    leads = draft.leads or next((list(m.leads) for m in owners if m.leads), [])
    named = list(dict.fromkeys(leads + draft.supports + [n for m in owners for n in (*m.leads, *m.supports)]))
    lead = named[0] if leads else ""
    supports = tuple(named[1:]) if lead else ()
    deadline = draft.deadline
    if draft.row_is_measure or not deadline:
        deadline = "；".join(dict.fromkeys(m.deadline for m in owners if m.deadline)) or deadline
    targets = tuple(find_targets((title, *split_measures(body), *measures)))
    body += "".join(f"{m}。" for m in measures)
    return PointDoc(
        draft.number, draft.section, title, body, measures, targets, lead, supports, deadline, owners
    )


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


def find_targets(measures: Iterable[str]) -> Iterator[TargetDoc]:
    """Quantitative targets in the measures (the title first), numbered 1, 2, 3… within the point."""
    seq = 0
    for measure in measures:
        if not _DIGIT.search(measure):
            continue
        scanned = measure
        if "(" in scanned or "（" in scanned:
            scanned = _PARENTHETICAL.sub(_blank, scanned)
        if "第" in scanned:
            scanned = _ORDINAL.sub(_blank, scanned)
        if "．" in scanned:
            # ９２．５％ folds to 92．5％: that ． is a decimal point (same length, so offsets hold).
            scanned = _FULLWIDTH_DECIMAL.sub(".", scanned)
        bounds = [m.start() for m in _CLAUSE_END.finditer(measure)]
        length = len(measure)
        for match in _TARGET.finditer(scanned):
            at = match.start()
            if at and scanned[at - 1] in _NOT_BEFORE:
                continue
            # The clause holding the number: after the separator before it, up to the one after it.
            index = bisect_left(bounds, at)
            start = bounds[index - 1] + 1 if index else 0
            end = bounds[index] if index < len(bounds) else length
            if _FACT.search(measure, start, at) and not _GOAL.search(measure, start, end):
                continue  # stated as a fact (see the module's docstring)
            seq += 1
            value, unit, after = match.group("value", "unit", "after")
            yield TargetDoc(
                seq,
                float(value),
                "%" if unit == "％" else unit,
                _KINDS.get(unit, TargetKind.COUNT),
                after or _before(scanned, at),
                measure[start:end].strip(),
            )


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _before(text: str, at: int) -> str:
    """The qualifier written right before the number at `at` (`达到`90%), or ""."""
    if not at or text[at - 1] not in _BEFORE_LAST:
        return ""
    for size, words in _BEFORE.items():
        if at >= size and text[at - size : at] in words:
            return text[at - size : at]
    return ""


_KINDS = {"%": TargetKind.PERCENT, "％": TargetKind.PERCENT, "倍": TargetKind.RATIO}


def fold_pdf_text(text: str) -> str:
    """Undo what PDF text extraction does to Chinese: compatibility forms and spaces between characters.

    NFKC turns Kangxi radicals and compatibility ideographs (`⼯`, `⻚`) into
    the characters they look like; a space beside a Chinese character or
    full-width punctuation is an artefact of the layout (`局 2024 年`).
    """
    folded = _COMPATIBILITY.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _CJK_SPACE.sub("", folded.translate(_RADICALS))


# Kangxi radicals, CJK radicals supplement, compatibility ideographs: NFKC for these alone,
# since NFKC of the whole text would also turn the plan's full-width punctuation into ASCII.
_COMPATIBILITY = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
# The CJK radicals supplement has no NFKC mapping, yet PDF fonts map whole characters to it.
_RADICALS = str.maketrans(
    "⺟⺠⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⺮⻁⺝⺗⺢⺶",
    "母民西见角贝车長长门雨青韦页风飞食首马骨鬼鱼鸟卤麦黄黾齐齿龙龟竹虎月心水羊",
)
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
# In a PDF, a space beside a Chinese character is layout (a change of font around digits makes one).
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=\S)|(?<=\S)[ \t]+(?=[{_CJK}])")
