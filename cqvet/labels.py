"""Every word cqvet shows a person, in Chinese and English, in one catalogue.

Chinese is the default because the users are Chinese civil servants; English
is chosen with `--lang en` or `CQVET_LANG=en`. Keys are stable identifiers;
the database stores enum values and never these texts.
"""

from __future__ import annotations

import os
from typing import Any

from cqvet.numerals import chinese_number

LANGS = ("zh", "en")

DATE_FORMS_ZH = "2021-06-30、2021/6/30、2021年6月30日、6月30日、6月底、9月中旬、年底（前）、三季度末、上半年、下半年、today"
DATE_FORMS_EN = (
    "2021-06-30, 2021/6/30, 30 June 2021, 2021年6月30日, 6月30日, 6月底, 9月中旬, "
    "年底(前), 三季度末, 上半年, 下半年, today"
)
DOCUMENT_FORMS_ZH = (
    "cqvet 能读取 .docx、.pdf（含文字层）、网页（.html/.htm）和文本（UTF-8、GBK、UTF-16）；"
    "请在 Word 或 WPS 中另存为 .docx 或纯文本后再导入"
)
DOCUMENT_FORMS_EN = (
    "cqvet reads .docx, .pdf (with a text layer), web pages (.html/.htm) and text (UTF-8, GBK, UTF-16); "
    "save it as .docx or plain text in Word or WPS and load that"
)
QUARTER_FORMS = "2021Q2, 2021-Q2, Q2, 2021年第二季度, 二季度"

_CATALOGUE: dict[str, tuple[str, str]] = {
    # --- errors -----------------------------------------------------------
    "invalid_date": (
        "无法识别的日期“{text}”；可用写法：" + DATE_FORMS_ZH,
        "cannot read the date '{text}'; accepted forms: " + DATE_FORMS_EN,
    ),
    "ambiguous_date": (
        "日期“{text}”有歧义（月、日次序不明）；请写成 2021-06-30 或 2021年6月30日",
        "the date '{text}' is ambiguous (day and month could be swapped); write 2021-06-30 or 2021年6月30日",
    ),
    "invalid_quarter": (
        "无法识别的季度“{text}”；可用写法：" + QUARTER_FORMS,
        "cannot read the quarter '{text}'; accepted forms: " + QUARTER_FORMS,
    ),
    # --- statuses and health --------------------------------------------
    "status.not_started": ("未启动", "not started"),
    "status.in_progress": ("推进中", "in progress"),
    "status.done": ("已完成", "done"),
    "status.blocked": ("受阻", "blocked"),
    "health.done": ("已完成", "done"),
    "health.ahead": ("超前", "ahead"),
    "health.on_track": ("序时推进", "on track"),
    "health.behind": ("滞后", "behind"),
    "health.overdue": ("逾期", "overdue"),
    "health.not_started": ("未启动", "not started"),
    "health.blocked": ("受阻", "blocked"),
    "colour.red": ("红色", "red"),
    "colour.yellow": ("黄色", "yellow"),
    "colour.blue": ("蓝色", "blue"),
    "colour.none": ("", ""),
    # --- headings ---------------------------------------------------------
    "col.number": ("序号", "No."),
    "col.section": ("部分", "Section"),
    "col.title": ("重点任务", "Work point"),
    "col.lead": ("牵头单位", "Lead"),
    "col.supports": ("配合单位", "Supporting"),
    "col.deadline": ("完成时限", "Deadline"),
    "col.percent": ("进度", "Progress"),
    "col.status": ("状态", "Status"),
    "col.health": ("进展评价", "Health"),
    "col.colour": ("督办", "Notice"),
    "col.times": ("督办次数", "Notices"),
    "col.reason": ("督办原因", "Why"),
    "col.office": ("单位", "Office"),
    "col.report_status": ("报送情况", "Reported"),
    "col.reported_on": ("报送日期", "Reported on"),
    "col.items_led": ("牵头事项", "Items led"),
    "col.on_time_share": ("按时报送率", "Reports on time"),
    "col.on_schedule_share": ("序时推进率", "On schedule"),
    "col.overdue_count": ("逾期事项", "Overdue"),
    "col.completed_on_time": ("按期完成", "Completed on time"),
    "col.returned": ("退回办结", "Returned"),
    "col.notices_received": ("收到督办", "Notices received"),
    "col.rank": ("名次", "Rank"),
    "col.reply_by_short": ("回复时限", "Reply by"),
    "col.file": ("文件", "File"),
    "col.size": ("大小（字节）", "Bytes"),
    "col.media_type": ("类型", "Type"),
    "col.expected": ("序时进度", "Expected"),
    "col.percent_expected": ("进度/序时", "%/exp."),
    "col.date": ("日期", "Date"),
    "col.note": ("说明", "Note"),
    "col.author": ("填报人", "By"),
    "col.recorded_at": ("记录时间", "Recorded"),
    "col.unit": ("单位", "Unit"),
    "col.leads": ("牵头事项", "Leads"),
    "col.supports_points": ("配合事项", "Supports"),
    "col.target": ("指标", "Target"),
    "col.target_value": ("目标值", "Target value"),
    "col.actual": ("实际值", "Actual"),
    "col.attainment": ("完成率", "Attainment"),
    "col.days": ("剩余天数", "Days left"),
    "col.effective_on": ("生效日期", "Effective"),
    "col.plan": ("计划", "Plan"),
    "col.year": ("年度", "Year"),
    "col.points": ("要点数", "Points"),
    "col.loaded_at": ("导入时间", "Loaded"),
    "col.id": ("编号", "Id"),
    "col.measure": ("举措", "Measure"),
    "col.weight": ("权重", "Weight"),
    "col.measures_led": ("牵头举措", "Measures led"),
    "col.measures_supported": ("配合举措", "Measures supported"),
    # --- words ------------------------------------------------------------
    "word.default_deadline": ("（默认：年底）", "(default: year end)"),
    "word.postponed": ("已延期", "postponed"),
    "word.overdue": ("逾期", "overdue"),
    "word.correction": ("更正", "correction"),
    "word.superseded": ("已更正", "corrected"),
    "word.reverted": ("已撤销", "undone"),
    "word.none": ("—", "—"),
    "word.measures": ("主要举措", "Measures"),
    "word.measure_title": ("举措{ref}", "Measure {ref}"),
    "word.measure_of": ("第{number}项：{title}", "point {number}: {title}"),
    "word.measure_default_deadline": ("（同要点）", " (the point's)"),
    "word.measures_rolled_up": (
        "按举措汇总：加权平均（权重默认为1，未报送按0%计），举措全部完成前至多99%",
        "Rolled up from the measures: their weighted mean (weight 1 unless set, 0% if not reported), at most 99% until all are done",
    ),
    "word.contributions": ("配合单位报送", "Supporting offices' reports"),
    "word.no_contributions": ("暂无配合单位报送", "no supporting office has reported"),
    "word.targets": ("量化指标", "Targets"),
    "word.progress_history": ("进度记录", "Progress history"),
    "word.owner_history": ("责任单位变更", "Owner history"),
    "word.deadline_history": ("完成时限变更", "Deadline history"),
    "word.text": ("原文", "Text"),
    "word.contact": ("联系人", "Contact"),
    "word.leader_in_charge": ("（分管领导：{leader}）", " (leader in charge: {leader})"),
    "word.as_of": ("截至", "as of"),
    "word.no_history": ("暂无记录", "nothing recorded yet"),
    "word.history_truncated": (
        "仅显示最近{count}条；完整记录：cqvet progress log {number}",
        "showing the newest {count}; the full history: cqvet progress log {number}",
    ),
    "word.due_soon": ("即将到期（{days}天内）", "Due within {days} days"),
    "word.overdue_title": ("已逾期", "Overdue"),
    "word.measures_overdue_title": ("已逾期的举措", "Measures overdue"),
    "word.measures_due_soon": ("即将到期的举措（{days}天内）", "Measures due within {days} days"),
    "word.points_title": ("{title}（截至{date}）", "{title} (as of {date})"),
    "word.owner_title": ("各单位承担任务", "What each office owes"),
    "word.nothing_due": (
        "{days}天内没有到期事项，也没有逾期事项",
        "nothing falls due within {days} days and nothing is overdue",
    ),
    # --- confirmations ----------------------------------------------------
    "done.plan_rules": (
        "计划 {plan}：报送宽限期 {grace} 天，补录按 {tz} 时区判断",
        "plan {plan}: reporting grace {grace} days; 补录 is decided in {tz}",
    ),
    "done.load_created": (
        "已导入“{title}”：{sections}个部分、{points}项要点、{targets}个量化指标（计划 #{plan}）",
        "loaded '{title}': {sections} sections, {points} points, {targets} targets (plan #{plan})",
    ),
    "done.load_updated": (
        "已更新“{title}”：{sections}个部分、{points}项要点、{targets}个量化指标；已有记录全部保留（计划 #{plan}）",
        "updated '{title}': {sections} sections, {points} points, {targets} targets; all history kept (plan #{plan})",
    ),
    "done.load_unchanged": (
        "“{title}”与已导入的版本相同，未作更改（计划 #{plan}）",
        "'{title}' is already loaded as is; nothing changed (plan #{plan})",
    ),
    "done.load_assigned": (
        "已按文档登记 {points} 项要点的责任单位或完成时限（#{event}）；如需撤销整个导入：cqvet undo",
        "recorded the owners or deadlines the document names for {points} point(s) (#{event}); to undo the whole load: cqvet undo",
    ),
    "load.point": ("第{number}项：{what}", "point {number}: {what}"),
    "load.lead": ("牵头 {lead}，配合 {supports}", "lead {lead}, supporting {supports}"),
    "load.deadline": ("完成时限 {written}（{date}）", "deadline {written} ({date})"),
    "load.deadline_unread": (
        "完成时限“{written}”不是日期，未登记（默认年底）",
        "deadline '{written}' is no date, not recorded (end of year by default)",
    ),
    "done.progress": (
        "已记录第{point}项：{percent}%，{status}（{date}，#{event}）",
        "recorded point {point}: {percent}%, {status} ({date}, #{event})",
    ),
    "done.owner": (
        "已指定第{point}项责任单位：牵头：{lead}{supports}（自{date}起，#{event}）",
        "point {point}: led by {lead}{supports} (from {date}, #{event})",
    ),
    "done.owner_supports": ("；配合：{supports}", "; supported by {supports}"),
    "done.measure_progress": (
        "已记录举措{ref}：{percent}%，{status}（{date}，#{event}）；第{point}项按举措汇总为{point_percent}%",
        "recorded measure {ref}: {percent}%, {status} ({date}, #{event}); point {point} rolls up to {point_percent}%",
    ),
    "done.measure_owner": (
        "已指定举措{ref}责任单位：牵头：{lead}{supports}（自{date}起，#{event}）",
        "measure {ref}: led by {lead}{supports} (from {date}, #{event})",
    ),
    "done.measure_deadline": (
        "已设定举措{ref}完成时限：{due}（{written}，#{event}）",
        "measure {ref} is now due {due} ({written}, #{event})",
    ),
    "done.measure_weight": (
        "已设定举措{ref}在第{point}项汇总中的权重：{weight}（自{date}起，#{event}）",
        "measure {ref} now weighs {weight} in point {point}'s roll-up (from {date}, #{event})",
    ),
    "done.contribution": (
        "已记录配合单位报送：{office}，第{point}项{percent}（{date}，#{event}）；不改变第{point}项的进度",
        "recorded a supporting office's report: {office} on point {point}{percent} ({date}, #{event}); "
        "point {point}'s progress is unchanged",
    ),
    "done.contribution_percent": ("，本单位承担部分{percent}%", ", its own part {percent}%"),
    "done.deadline": (
        "已设定第{point}项完成时限：{due}（{written}，#{event}）",
        "point {point} is now due {due} ({written}, #{event})",
    ),
    "done.actual": (
        "已记录指标{target}实际值：{value}（{date}，#{event}）",
        "recorded target {target}: {value} ({date}, #{event})",
    ),
    "done.rename": (
        "已将“{before}”更名为“{after}”（自{date}起；此前的记录和报告仍用原名，#{event}）",
        "renamed '{before}' to '{after}' (from {date}; earlier days keep the old name, #{event})",
    ),
    "done.undo": ("已撤销 #{event}", "undid #{event}"),
    "undo.confirm": ("确定撤销吗？", "Undo this change?"),
    "undo.show": ("撤销：{what}", "Undo: {what}"),
    "undo.by": ("{author}于{at}记录", "recorded by {author} on {at}"),
    "undo.progress": (
        "第{point}项进度 {percent}%（{status}，{date}，{by}）{note}",
        "point {point} progress {percent}% ({status}, {date}, {by}){note}",
    ),
    "undo.note": ("：{note}", ": {note}"),
    "undo.owner": (
        "第{point}项责任单位：牵头单位{lead}{supports}（自{date}起，{by}）",
        "point {point} owners: led by {lead}{supports} (from {date}, {by})",
    ),
    "undo.supports": ("，配合单位{names}", ", supported by {names}"),
    "undo.deadline": (
        "第{point}项完成时限 {due}（原文“{written}”，{by}）",
        "point {point} deadline {due} (written '{written}', {by})",
    ),
    "undo.target": (
        "指标{target}实际值 {value}（{date}，{by}）",
        "target {target} actual {value} ({date}, {by})",
    ),
    "undo.unit_rename": (
        "单位更名：“{before}”改为“{after}”（{by}）",
        "renaming '{before}' to '{after}' ({by})",
    ),
    "undo.import_progress": (
        "导入的进度，第{points}项（{by}）",
        "imported progress of point(s) {points} ({by})",
    ),
    "undo.import_assignments": (
        "导入的任务分解表，第{points}项（{by}）",
        "imported assignments of point(s) {points} ({by})",
    ),
    "undo.measure_progress": (
        "举措{ref}进度 {percent}%（{status}，{date}，{by}）{note}",
        "measure {ref} progress {percent}% ({status}, {date}, {by}){note}",
    ),
    "undo.measure_owner": (
        "举措{ref}责任单位：牵头单位{lead}{supports}（自{date}起，{by}）",
        "measure {ref} owners: led by {lead}{supports} (from {date}, {by})",
    ),
    "undo.measure_deadline": (
        "举措{ref}完成时限 {due}（原文“{written}”，{by}）",
        "measure {ref} deadline {due} (written '{written}', {by})",
    ),
    "undo.measure_weight": (
        "举措{ref}权重 {weight}（自{date}起，{by}）",
        "measure {ref} weight {weight} (from {date}, {by})",
    ),
    "undo.contribution": (
        "配合单位报送：{office}，第{point}项{percent}（{date}，{by}）",
        "a supporting office's report: {office} on point {point}{percent} ({date}, {by})",
    ),
    "undo.other": ("一项{kind}更改（{by}）", "a change of {kind} ({by})"),
    "kind.progress": ("进度", "progress"),
    "kind.owner": ("责任单位", "owner"),
    "kind.deadline": ("完成时限", "deadline"),
    "kind.target": ("指标实际值", "target actual"),
    "kind.unit_rename": ("单位更名", "unit rename"),
    "kind.import": ("导入", "import"),
    "kind.plan_load": ("导入计划", "plan load"),
    "kind.notice": ("督办单", "notices"),
    "kind.plan_set": ("计划设置", "plan setting"),
    "kind.close": ("办结审核", "closure review"),
    "kind.measure_progress": ("举措进度", "measure progress"),
    "kind.measure_owner": ("举措责任单位", "measure owner"),
    "kind.measure_deadline": ("举措完成时限", "measure deadline"),
    "kind.measure_weight": ("举措权重", "measure weight"),
    "kind.contribution": ("配合单位报送", "supporting office's report"),
    # --- 督办: notices, the reporting rhythm, scorecards ----------------------
    "notice.title": ("督办单", "Supervision notice"),
    "notice.to": ("{office}：", "To {office}:"),
    "notice.body": (
        "截至{date}，你单位牵头的以下{count}项工作需要督办，请抓紧推进，并于{reply_by}前书面回复办理情况。",
        "As of {date}, the following {count} item(s) your office leads need attention; "
        "please act and reply in writing by {reply_by}.",
    ),
    "notice.office_line": (
        "{office}（分管领导：{leaders}；联系人：{contacts}；回复时限：{reply_by}）",
        "{office} (leader: {leaders}; contact: {contacts}; reply by {reply_by})",
    ),
    "notice.times": ("第{n}次督办", "notice no. {n}"),
    "notice.reason.red": ("已逾期{days}天", "overdue by {days} days"),
    "notice.reason.yellow": ("落后序时进度{gap}个百分点", "{gap} points behind expected progress"),
    "notice.reason.blue": ("距完成时限还有{days}天", "{days} days to the deadline"),
    "notice.progress": ("{percent}%（序时{expected}%）", "{percent}% (expected {expected}%)"),
    "notice.none": ("截至{date}，没有需要督办的事项。", "Nothing needs a notice as of {date}."),
    "notice.written": (
        "已生成{count}份督办单（{items}项，其中新记录{new}项），保存在 {path}",
        "wrote {count} notice(s) ({items} items, {new} newly recorded) to {path}",
    ),
    "notice.dated": ("{date}", "{date}"),
    "notice.history": ("督办记录", "Notices received"),
    "attachment.title": ("佐证材料", "Evidence"),
    "review.pending": ("待审核", "awaiting review"),
    "review.confirmed": ("已办结", "confirmed"),
    "review.line": ("办结审核：{state}", "Completion review: {state}"),
    "review.returned": ("退回：{reason}（{date}）", "returned: {reason} ({date})"),
    "done.review_on": (
        "已要求办结审核：报送完成须经销号（#{event}）",
        "completions now need review (#{event})",
    ),
    "done.review_off": ("已取消办结审核（#{event}）", "completions no longer need review (#{event})"),
    "done.close_confirm": ("第{number}项已销号（#{event}）", "point {number} confirmed as done (#{event})"),
    "done.close_return": (
        "第{number}项已退回：{reason}；回到{percent}%，{status}（#{event}）",
        "point {number} returned: {reason}; back to {percent}%, {status} (#{event})",
    ),
    "attachment.written": (
        "已写出佐证材料 #{id}（{size} 字节）到 {path}",
        "wrote attachment #{id} ({size} bytes) to {path}",
    ),
    "reporting.on_time": ("按时", "on time"),
    "reporting.late": ("逾期", "late"),
    "reporting.pending": ("待报送", "not yet due"),
    "reporting.missing": ("未报送", "not reported"),
    "reporting.title": (
        "{period}报送情况（报送时限：{due}；规则：{rule}）",
        "Reporting for {period} (due {due}; rule: {rule})",
    ),
    "reporting.silent": (
        "本期（{period}，{due}前报送）尚未报送的单位：{offices}",
        "Offices that have not reported for {period} (due {due}): {offices}",
    ),
    "scorecard.title": (
        "{quarter}各单位督办考评（截至{date}）",
        "Office scorecard, {quarter} (as of {date})",
    ),
    "scorecard.none": ("没有牵头单位可以考评", "No lead office to score"),
    "done.report_by": (
        "报送时限已设为：{written}（{rule}，#{event}）",
        "reporting rhythm set: {written} ({rule}, #{event})",
    ),
    # --- report -----------------------------------------------------------
    "report.title": ("{plan}季度进展情况通报", "{plan}: quarterly progress report"),
    "report.period": ("{quarter}（截至{date}）", "{quarter} (as of {date})"),
    "report.headline": (
        "截至{date}，{total}项重点工作已完成{done}项，超前{ahead}项，序时推进{on_track}项，未启动{not_started}项，"
        "滞后{behind}项，受阻{blocked}项，逾期{overdue}项；平均完成进度{mean}%。",
        "As of {date}, of {total} work points {done} are done, {ahead} ahead, {on_track} on track, "
        "{not_started} not started, {behind} behind, {blocked} blocked and {overdue} overdue; mean progress {mean}%.",
    ),
    "report.headline_review": (
        "截至{date}，{total}项重点工作已办结{done}项，待审核{pending_review}项，超前{ahead}项，序时推进{on_track}项，"
        "未启动{not_started}项，滞后{behind}项，受阻{blocked}项，逾期{overdue}项；平均完成进度{mean}%。",
        "As of {date}, of {total} work points {done} are confirmed done, {pending_review} await review, "
        "{ahead} ahead, {on_track} on track, {not_started} not started, {behind} behind, {blocked} blocked "
        "and {overdue} overdue; mean progress {mean}%.",
    ),
    "report.change": (
        "较上季度末（{date}）平均进度{sign}{delta}个百分点，完成数{done_sign}{done_delta}项。",
        "Since the end of the previous quarter ({date}): mean progress {sign}{delta} points, {done_sign}{done_delta} done.",
    ),
    "report.change_from_start": (
        "较年初平均进度{sign}{delta}个百分点，完成数{done_sign}{done_delta}项。",
        "Since the start of the year: mean progress {sign}{delta} points, {done_sign}{done_delta} done.",
    ),
    "report.start_of_year": ("年初", "Start of year"),
    "report.summary": ("总体情况", "Summary"),
    "report.to_default": ("各有关处室、单位", "All offices concerned"),
    "report.targets": ("量化指标完成情况", "Targets"),
    "report.targets_none": ("本计划没有量化指标。", "The plan has no quantitative targets."),
    "report.owners": ("责任单位", "Owners"),
    "report.figures": ("进度/序时进度", "Progress / expected"),
    "report.item_owners": (
        "{lead_head}：{lead}{supports}{leader}",
        "{lead_head}: {lead}{supports}{leader}",
    ),
    "report.item": (
        "{number}. {title}（{owners}）：完成时限{deadline}，进度{percent}，序时进度{expected}，{health}。",
        "{number}. {title} ({owners}): due {deadline}, {percent} done against {expected} expected, {health}.",
    ),
    "report.item_notes": ("本季度进展：{notes}。", "This quarter: {notes}."),
    "report.properties": (
        "由 cqvet 生成于 {at}；容差 {tolerance:g} 个百分点",
        "made by cqvet at {at}; tolerance {tolerance:g} points",
    ),
    "report.by_section": ("分部分完成情况", "By section"),
    "report.points": ("各项重点工作进展", "Work points"),
    "report.attention": ("需要关注的事项", "Needs attention"),
    "report.attention_none": ("无滞后、受阻或逾期事项。", "Nothing is behind, blocked or overdue."),
    "report.upcoming": ("下季度到期事项（{quarter}）", "Due next quarter ({quarter})"),
    "report.upcoming_none": ("下季度没有到期事项。", "Nothing falls due next quarter."),
    "report.notes": ("本季度进展", "This quarter"),
    "report.late": ("补录", "recorded late"),
    "report.generated": (
        "生成于 {at}；容差 {tolerance:g} 个百分点",
        "generated {at}; tolerance {tolerance:g} points",
    ),
    "report.chart_points": ("各项进度与序时进度", "Progress against expected, by point"),
    "report.chart_sections": ("各部分平均完成进度", "Mean progress by section"),
    "report.mean": ("平均进度", "Mean progress"),
    "report.total": ("合计", "Total"),
    "report.change_col": ("较上季度", "Change"),
    "report.change_col_start": ("较年初", "Change"),
    "report.count": ("项数", "Points"),
    "report.no_section": ("（未分部分）", "(no section)"),
    "report.sheet_summary": ("汇总", "Summary"),
    "report.sheet_points": ("重点工作", "Points"),
    "output_exists": (
        "文件 {path} 已存在；如需覆盖请加 --force",
        "{path} already exists; add --force to replace it",
    ),
    "output_is_dir": ("{path} 是一个目录，请给出文件名", "{path} is a folder; give a file name"),
    "output_locked": (
        "无法写入 {path}：文件可能正在 Excel 或 WPS 中打开，请先关闭",
        "cannot write {path}: it may be open in Excel or WPS; close it first",
    ),
    "output_dir_missing": ("目录 {path} 不存在", "the folder {path} does not exist"),
    "output_is_link": (
        "{path} 是一个链接；为免覆盖它所指向的文件，备份不写入链接，请给出普通文件名",
        "{path} is a link; a backup is never written through a link (it could overwrite what it points to), give an ordinary file name",
    ),
    "output_folder_unwritable": (
        "无法在目录 {path} 中写入：{reason}",
        "cannot write in the folder {path}: {reason}",
    ),
    "output_binary": (
        "{fmt} 是二进制格式，请用 --output 文件名.{fmt} 写入文件",
        "{fmt} is a binary format; write it with --output FILE.{fmt}",
    ),
    "report_both": ("--quarter 与 --as-of 只能选其一", "use either --quarter or --as-of, not both"),
    "tolerance_invalid": (
        "容差应在 0 到 100 之间，而不是 {value}",
        "the tolerance must be from 0 to 100, not {value}",
    ),
    "demo_exists": (
        "{path} 已存在；演示数据库只建在新位置，或加 --force 重建",
        "{path} exists; the demo builds only a new database, or add --force to rebuild it",
    ),
    "done.written": ("已写入 {path}", "wrote {path}"),
    "done.demo": (
        "已生成演示数据库 {db}（{events} 条记录）及报告：",
        "built the demo database {db} ({events} events) and reports:",
    ),
    "backup_onto_itself": (
        "不能把数据库备份或恢复到它自己：{path}",
        "cannot back up or restore a database onto itself: {path}",
    ),
    "restore_damaged": (
        "{path} 未通过完整性检查，不能用于恢复；未作任何更改",
        "{path} fails its integrity check and cannot be restored; nothing was changed",
    ),
    "restore_invalid": (
        "{path} 含有 {count} 处 cqvet 不会写入的内容（不存在的日期、未知状态、缺失的防改写触发器等），不能用于恢复；未作任何更改。用 cqvet --db {path} doctor 查看详情",
        "{path} holds {count} thing(s) cqvet never writes (impossible dates, unknown statuses, missing append-only triggers…) and cannot be restored; nothing was changed. See them with cqvet --db {path} doctor",
    ),
    "restore_needs_wal": (
        "数据库 {path} 无法切换到 WAL 模式，而恢复时需要它来先保存原数据库；未作任何更改",
        "the database {path} cannot be switched to WAL mode, which a restore needs to keep the database it replaces; nothing was changed",
    ),
    "done.backup": ("已备份到 {path}", "backed up to {path}"),
    "done.restore": (
        "已从 {source} 恢复；原数据库另存为 {aside}",
        "restored from {source}; the replaced database was kept as {aside}",
    ),
    "doctor.ok": ("正常：{path}", "ok: {path}"),
    "doctor.problems": ("发现 {count} 个问题：{path}", "{count} problem(s) in {path}"),
    "doctor.schema": (
        "数据库结构：{applied}/{known} 步（{last}）",
        "schema: {applied}/{known} steps ({last})",
    ),
    "doctor.counts": (
        "记录数：计划 {plans} 个，要点 {points} 项，处室 {units} 个，操作 {events} 次，进展 {progress_updates} 条，分工 {owner_assignments} 条，时限变更 {deadline_changes} 条，指标实际值 {target_actuals} 条",
        "rows: {plans} plan(s), {points} point(s), {units} office(s), {events} change(s), {progress_updates} progress update(s), {owner_assignments} assignment(s), {deadline_changes} deadline change(s), {target_actuals} target actual(s)",
    ),
    "doctor.row": ("{table}第 {row} 条：{text}", "{table} #{row}: {text}"),
    "doctor.unlisted": ("另有 {count} 处同类问题未列出", "{count} more such problem(s) not listed"),
    "doctor.repaired": (
        "已重建 {count} 个防改写触发器。触发器缺失期间的改动无从还原，以上列出的问题请人工核对",
        "recreated {count} append-only trigger(s). What was changed while they were missing cannot be undone; check the problems listed above by hand",
    ),
    "doctor.repair_hint": (
        "防改写触发器缺失时，cqvet 拒绝一切写入；核对后用 cqvet doctor --repair 重建",
        "while append-only triggers are missing cqvet refuses every write; once checked, recreate them with cqvet doctor --repair",
    ),
    "check.integrity": ("SQLite 完整性检查：{text}", "SQLite integrity check: {text}"),
    "check.table_missing": ("缺少数据表 {table}", "the table {table} is missing"),
    "check.trigger_missing": (
        "{table}的防{action}触发器缺失：这些记录可能已被改写或删除",
        "the trigger that stops {action} of {table} rows is missing: those rows may have been rewritten or deleted",
    ),
    "check.trigger_altered": (
        "{table}的防{action}触发器已被改动：这些记录可能已被改写或删除",
        "the trigger that stops {action} of {table} rows was altered: those rows may have been rewritten or deleted",
    ),
    "action.update": ("改写", "rewriting"),
    "action.delete": ("删除", "deletion"),
    "check.rows_missing": (
        "{table}编号 1 至 {last} 中缺少 {count} 条：有记录被删除",
        "{table}: {count} of the ids 1 to {last} are missing: rows were deleted",
    ),
    "check.reference": ("指向不存在的{parent}记录", "points to a {parent} row that does not exist"),
    "check.date": (
        "{column}的“{value}”不是真实的日期（应为 2021-06-30 这样的日期）",
        "{column} '{value}' is not a real date (like 2021-06-30)",
    ),
    "check.before_plan": ("{column}的 {value} 早于计划年度", "{column} {value} is before the plan's year"),
    "check.year": ("年度“{value}”不在 1949 至 2100 之间", "the year '{value}' is not from 1949 to 2100"),
    "check.seq": ("序号“{value}”不是正整数", "the sequence number '{value}' is not a positive whole number"),
    "check.point_number": (
        "要点编号“{value}”不是 1 至 999 的整数",
        "the point number '{value}' is not a whole number from 1 to 999",
    ),
    "check.number": (
        "{column}的“{value}”不是大于等于 0 的数",
        "{column} '{value}' is not a number of 0 or more",
    ),
    "check.kind": (
        "指标类型“{value}”未知（应为数量、百分比或倍数）",
        "the target kind '{value}' is unknown (count, percent, ratio)",
    ),
    "check.text": ("{column}的“{value}”应为非空文字", "{column} '{value}' should be non-empty text"),
    "check.timestamp": ("记录时间“{value}”不是时间", "the time recorded '{value}' is not a time"),
    "check.percent": (
        "进度“{value}”不是 0 至 100 的整数",
        "the percent '{value}' is not a whole number from 0 to 100",
    ),
    "check.status": (
        "状态“{value}”未知（应为未启动、推进中、已完成或受阻）",
        "the status '{value}' is unknown (not_started, in_progress, done, blocked)",
    ),
    "check.flag": ("更正标记“{value}”不是 0 或 1", "the correction flag '{value}' is not 0 or 1"),
    "column.start_on": ("开始日期", "start date"),
    "column.reported_on": ("填报日期", "date reported"),
    "column.effective_on": ("生效日期", "effective date"),
    "column.due_on": ("完成时限", "deadline"),
    "column.value": ("数值", "value"),
    "column.kind": ("类型", "kind"),
    "table.plans": ("计划", "plan"),
    "table.sections": ("部分", "section"),
    "table.points": ("要点", "point"),
    "table.measures": ("措施", "measure"),
    "table.targets": ("指标", "target"),
    "table.units": ("处室", "office"),
    "table.events": ("操作记录", "change"),
    "table.progress_updates": ("进展记录", "progress update"),
    "table.owner_assignments": ("分工记录", "assignment"),
    "table.owner_supports": ("配合单位记录", "supporting office"),
    "table.deadline_changes": ("时限变更记录", "deadline change"),
    "table.target_actuals": ("指标实际值记录", "target actual"),
    "table.owner_leads": ("共同牵头单位记录", "co-lead office"),
    "table.unit_names": ("处室更名记录", "office rename"),
    "doctor.network": (
        "警告：数据库位于网络共享上，SQLite 的文件锁在此不可靠，多人同时写入可能损坏数据；请放在本机磁盘",
        "warning: the database is on a network share, where SQLite's file locking is unreliable; keep it on a local disk",
    ),
    # --- calendar (.ics) and web viewer (cqvet calendar, cqvet serve) ----------
    "ics.summary": ("【完成时限】{number}. {title}", "[Deadline] {number}. {title}"),
    "ics.calname": ("{plan}·完成时限", "{plan}: deadlines"),
    "ics.category": ("完成时限", "Deadline"),
    "ics.lead": ("牵头单位：{lead}", "Lead: {lead}"),
    "ics.lead_none": ("牵头单位：尚未指定", "Lead: not yet assigned"),
    "ics.supports": ("配合单位：{units}", "Supporting: {units}"),
    "ics.deadline": ("完成时限：{written}（{date}）", "Deadline: {written} ({date})"),
    "ics.deadline_default": (
        "完成时限：尚未设定，按计划默认为年底（{date}）",
        "Deadline: not set; the plan's default, year end ({date})",
    ),
    "ics.postponed": ("已延期：原定{original}{reason}", "Postponed: originally {original}{reason}"),
    "ics.postponed_reason": ("；原因：{note}", "; reason: {note}"),
    "ics.progress": (
        "当前进度：{percent}%，{status}（{date}填报）",
        "Progress: {percent}%, {status} (reported {date})",
    ),
    "ics.progress_none": ("当前进度：尚无填报", "Progress: nothing reported yet"),
    "ics.alarm": ("一周后到期：{number}. {title}", "Due in a week: {number}. {title}"),
    "done.calendar": (
        "已写入 {path}：{count}项工作要点的完成时限",
        "wrote {path}: the deadlines of {count} work points",
    ),
    "web_missing": (
        "未安装网页浏览组件；请运行 pip install 'cqvet[web]'",
        "the web viewer is not installed; run pip install 'cqvet[web]'",
    ),
    "serve_bind": ("无法在 {host}:{port} 上提供服务：{reason}", "cannot listen on {host}:{port}: {reason}"),
    "web.read_only": (
        "只读浏览：不接受写入；记录请用 cqvet 命令",
        "read-only: nothing can be written here; record with the cqvet command",
    ),
    "web.host_refused": (
        "拒绝访问：主机名“{host}”不是本机；请用 http://127.0.0.1 访问，或在 cqvet serve 中用 --host 指定",
        "refused: the host name '{host}' is not this computer; use http://127.0.0.1 or name it with cqvet serve --host",
    ),
    "web.internal": (
        "服务器内部错误；详情见运行 cqvet serve 的窗口",
        "internal error; the window running cqvet serve says more",
    ),
    "web.internal_line": (
        "网页请求 {path} 出错（{kind}）：{text}",
        "web request {path} failed ({kind}): {text}",
    ),
    "serve.running": (
        "正在 http://{host}:{port}/ 提供只读浏览（按 Ctrl-C 停止）",
        "serving read-only at http://{host}:{port}/ (Ctrl-C to stop)",
    ),
    # --- accounts of cqvet serve (cqvet user …) --------------------------------
    "role.office": ("处室", "office"),
    "role.steering": ("督办处室", "steering office"),
    "role.leader": ("领导", "leader"),
    "role_unknown": (
        "无法识别的角色“{text}”；可用：office（处室）、steering（督办处室）、leader（领导）",
        "unknown role '{text}'; use office, steering or leader",
    ),
    "user_name_empty": ("用户名不能为空", "the user name is empty"),
    "user_name_invalid": (
        "用户名“{text}”不可用：不能含空格或控制字符，最长 64 个字符",
        "the user name '{text}' cannot be used: no spaces or control characters, at most 64 characters",
    ),
    "password_short": (
        "密码太短：至少 {minimum} 个字符",
        "the password is too short: at least {minimum} characters",
    ),
    "password_file_not_text": (
        "密码文件 {path} 不是 UTF-8 文本",
        "the password file {path} is not UTF-8 text",
    ),
    "user_office_unknown": (
        "没有名为“{office}”的单位；处室账号须属于已分工的单位：{known}",
        "no unit is called '{office}'; an office account belongs to an assigned unit: {known}",
    ),
    "user_exists": ("用户“{name}”已存在", "the user '{name}' already exists"),
    "user_unknown": ("没有用户“{name}”；用 cqvet user list 查看", "no user '{name}'; see cqvet user list"),
    "prompt.password": ("密码", "Password"),
    "prompt.password_again": ("再次输入密码", "Repeat the password"),
    "done.user_add": (
        "已创建用户 {name}（{office}，{role}）",
        "created the user {name} ({office}, {role})",
    ),
    "done.user_disable": (
        "已停用用户 {name}，其登录已全部失效",
        "disabled the user {name}; every session of it has ended",
    ),
    "done.user_password": (
        "已为用户 {name} 设置新密码，其原有登录已全部失效",
        "set a new password for {name}; every session of it has ended",
    ),
    "word.users": ("用户", "Users"),
    "col.user": ("用户名", "User"),
    "col.role": ("角色", "Role"),
    "col.account_state": ("状态", "State"),
    "word.enabled": ("启用", "enabled"),
    "word.disabled": ("已停用", "disabled"),
    # --- cqvet serve: the pages behind the login --------------------------------
    "serve.app_running": (
        "正在 http://{host}:{port}/ 提供服务，需登录（按 Ctrl-C 停止）；账号用 cqvet user add 创建",
        "serving at http://{host}:{port}/ behind a login (Ctrl-C to stop); create accounts with cqvet user add",
    ),
    "serve.plain_http": (
        "拒绝以明文 HTTP 在非本机地址 {host} 上提供服务：密码和登录凭据会在网络上明文传输。请保持默认的 127.0.0.1，并在同一台主机上用反向代理（nginx、Caddy、IIS）提供 HTTPS 后转发到本服务；若确在可信网络中，可加 --insecure-http",
        "refusing to serve plain HTTP on the non-loopback address {host}: passwords and session cookies would cross the network in clear. Keep the default 127.0.0.1 and put a reverse proxy (nginx, Caddy, IIS) on the same host to serve HTTPS and forward to it; on a trusted network only, add --insecure-http",
    ),
    "web.html_lang": ("zh-CN", "en"),
    "serve.brand": ("督查督办", "cqvet"),
    "serve.nav_office": ("本单位事项", "My items"),
    "serve.nav_dashboard": ("领导看板", "Dashboard"),
    "serve.nav_scorecard": ("考核评分", "Scorecard"),
    "serve.nav_data": ("原始数据", "Raw data"),
    "serve.logout": ("退出", "Log out"),
    "serve.login_title": ("登录", "Log in"),
    "serve.login": ("登录", "Log in"),
    "serve.login_failed": ("用户名或密码不正确", "wrong user name or password"),
    "serve.throttled": (
        "登录失败次数过多：同一账号在同一地址 {minutes} 分钟内失败 5 次后暂停登录，请稍后再试",
        "too many failed logins: after 5 failures for one account from one address within {minutes} minutes, logging in waits; try again later",
    ),
    "serve.login_needed": ("请先登录", "log in first"),
    "serve.csrf": (
        "表单已过期或不是从本系统页面提交的；请刷新页面后重试",
        "the form has expired or was not sent from this site's page; reload the page and try again",
    ),
    "serve.forbidden": ("无权查看或办理该事项", "you may not see or act on this item"),
    "serve.no_office": ("该账号未关联单位", "this account has no office"),
    "serve.back_home": ("返回首页", "Back to the start page"),
    "serve.office_title": ("{office}的事项", "Items of {office}"),
    "serve.every_office": ("全部单位", "every office"),
    "serve.as_of": ("截至 {date}", "as of {date}"),
    "serve.show": ("显示", "Show"),
    "serve.issue_notices": ("出今日督办单", "Issue today's notices"),
    "serve.notices_issued": (
        "已出督办单 {count} 份，共 {items} 项（新记录 {new} 项）；各单位可在本单位事项页下载",
        "issued {count} notices with {items} items ({new} newly recorded); each office downloads its own",
    ),
    "serve.download_notice": ("下载本单位督办单（Word）", "Download the office's notice (Word)"),
    "serve.download_form": ("下载进展填报表（Excel）", "Download the progress form (Excel)"),
    "serve.notice_file": ("督办单", "notice"),
    "serve.form_file": ("进展填报表", "progress-form"),
    "serve.no_notice": ("{office}今天没有需要督办的事项", "{office} has nothing to be noticed today"),
    "serve.col_role": ("承担方式", "Role"),
    "serve.role_lead": ("牵头", "lead"),
    "serve.role_support": ("配合", "supporting"),
    "serve.col_colour": ("督办等级", "Colour"),
    "serve.col_ack": ("签收", "Acknowledged"),
    "serve.col_leader": ("分管领导", "Leader in charge"),
    "serve.contact": ("联系人", "Contact"),
    "serve.acked": ("已签收", "acknowledged"),
    "serve.ack_needed": ("待签收", "to acknowledge"),
    "serve.ack": ("签收本事项", "Acknowledge this assignment"),
    "serve.acknowledged": (
        "已签收第{number}项（操作编号 #{event}）",
        "acknowledged point {number} (#{event})",
    ),
    "serve.nothing_to_acknowledge": (
        "第{number}项没有待签收的分工",
        "point {number} has no assignment to acknowledge",
    ),
    "serve.no_items": ("没有事项", "no items"),
    "serve.report_progress": ("填报进度", "Report progress"),
    "serve.attachments": ("佐证材料", "Evidence"),
    "serve.no_attachment": ("第{number}项没有这份佐证材料", "point {number} has no such evidence file"),
    "serve.too_large": (
        "提交的内容超过 {limit} 兆字节；佐证材料每份不超过 20 兆字节，每次最多 5 份",
        "the request is over {limit} MB; evidence files are at most 20 MB each, 5 at a time",
    ),
    "serve.submit": ("提交", "Submit"),
    "serve.set_owner": ("调整责任单位", "Set the owners"),
    "serve.set_deadline": ("调整完成时限", "Set the deadline"),
    "serve.deadline_set": (
        "第{number}项完成时限已设为 {date}（操作编号 #{event}）",
        "point {number} is now due {date} (#{event})",
    ),
    "serve.review": ("办结审核", "Review of finished points"),
    "serve.confirm": ("销号", "Confirm"),
    "serve.return": ("退回", "Return"),
    "serve.reason": ("退回原因", "Reason for returning"),
    "serve.close_confirmed": (
        "第{number}项已销号（操作编号 #{event}）",
        "point {number} confirmed closed (#{event})",
    ),
    "serve.close_returned": ("第{number}项已退回（操作编号 #{event}）", "point {number} returned (#{event})"),
    "serve.filter_section": ("部分", "Section"),
    "serve.all": ("全部", "all"),
    "serve.quarter": ("季度", "Quarter"),
    "serve.points": ("事项数", "Points"),
    "serve.point_list": ("各项工作", "Every point"),
    "serve.full_report": ("季度进展情况通报", "The quarterly report"),
    "web.title": ("cqvet：{plan}", "cqvet: {plan}"),
    "web.description": (
        "{plan}的任务分工、完成时限与进度台账（只读浏览；记录请用 cqvet 命令）",
        "Owners, deadlines and progress of {plan} (read-only; record with the cqvet command)",
    ),
    "web.ledger_note": (
        "只增不改；被撤销的行仍在表中，但不计入当前状态（见操作记录的“撤销的操作”）",
        "append-only; undone rows stay in the table but do not count (see the events' reverts)",
    ),
    "web.table.plans": ("工作计划", "Plans"),
    "web.table.plans.about": ("导入的工作要点文件，每年一份", "The work plan documents loaded, one a year"),
    "web.table.sections": ("部分", "Sections"),
    "web.table.sections.about": ("工作要点的各部分（一、二、三……）", "The plan's sections (一、二、三…)"),
    "web.table.points": ("工作要点", "Work points"),
    "web.table.points.about": ("编号的重点工作及其原文", "The numbered work points and their text"),
    "web.table.measures": ("主要举措", "Measures"),
    "web.table.measures.about": ("各项要点原文中的具体举措", "The measures stated in each point's text"),
    "web.table.measure_progress": ("举措进度记录", "Measure progress updates"),
    "web.table.measure_progress.about": (
        "各条举措每次报送的进度；有举措进度的要点，其进度按举措汇总",
        "Each progress update of a measure; a point with measure updates takes its figures from them",
    ),
    "web.table.measure_owners": ("举措责任分工", "Measure owner assignments"),
    "web.table.measure_owners.about": (
        "各条举措的牵头和配合单位（单位见 measure_owner_units）",
        "Who leads and supports each measure (the offices are in measure_owner_units)",
    ),
    "web.table.measure_deadlines": ("举措完成时限", "Measure deadlines"),
    "web.table.measure_deadlines.about": (
        "各条举措的完成时限及其调整；未设定的举措随所属要点的时限",
        "Each measure's deadline and its changes; a measure without one is due with its point",
    ),
    "web.table.contributions": ("配合单位报送", "Contributions of supporting offices"),
    "web.table.contributions.about": (
        "配合单位报送的本单位承担部分的情况，不计入要点进度",
        "What supporting offices report on their part; never the point's figure",
    ),
    "web.table.targets": ("量化指标", "Targets"),
    "web.table.targets.about": (
        "要点原文中的量化目标（如“150门左右”）",
        "Quantitative targets in the points' text (e.g. 150门左右)",
    ),
    "web.table.units": ("单位", "Units"),
    "web.table.units.about": ("牵头或配合的处室、单位", "The offices that lead or support points"),
    "web.table.events": ("操作记录", "Events"),
    "web.table.events.about": (
        "每一次记录、更正、撤销都是一条操作记录",
        "Every recording, correction and undo is one event",
    ),
    "web.table.progress_updates": ("进度记录", "Progress updates"),
    "web.table.progress_updates.about": (
        "各项要点的进度填报；每项最新一条为当前进度",
        "Progress reported on each point; the newest is its current progress",
    ),
    "web.table.owner_assignments": ("责任分工", "Owner assignments"),
    "web.table.owner_assignments.about": ("牵头单位的指定与变更", "Lead units as assigned and reassigned"),
    "web.table.owner_supports": ("配合单位", "Supporting units"),
    "web.table.owner_supports.about": ("每次分工中的配合单位", "The supporting units of each assignment"),
    "web.table.owner_leads": ("其他牵头单位", "Further lead units"),
    "web.table.owner_leads.about": (
        "双牵头时第二个及以后的牵头单位（第一个在责任分工表中）",
        "The second and further leads of an assignment (the first is in Owner assignments)",
    ),
    "web.table.unit_names": ("单位更名", "Unit renames"),
    "web.table.unit_names.about": (
        "单位自某日起的新名称；此前各日仍用原名",
        "An office's new name from a day on; earlier days keep the old name",
    ),
    "web.table.deadline_changes": ("完成时限", "Deadlines"),
    "web.table.deadline_changes.about": (
        "完成时限的设定、延期与提前",
        "Deadlines as set, postponed and advanced",
    ),
    "web.table.target_actuals": ("指标实际值", "Target actuals"),
    "web.table.target_actuals.about": ("量化指标的实际完成值", "The values reached on the targets"),
    "web.col.id": ("编号", "Id"),
    "web.col.plan_id": ("所属计划", "The plan"),
    "web.col.section_id": ("所属部分", "The section"),
    "web.col.point_id": ("所属工作要点", "The work point"),
    "web.col.event_id": ("所属操作记录", "The event that wrote this row"),
    "web.col.seq": ("顺序号", "Order"),
    "web.col.measure_id": ("所属举措", "The measure"),
    "web.col.contributions.percent": (
        "本单位承担部分的完成百分比（可空）",
        "The office's own percent of its part (may be empty)",
    ),
    "web.col.title": ("标题", "Title"),
    "web.col.points.title": ("重点任务", "Work point"),
    "web.col.number": ("要点序号", "Point number"),
    "web.col.body": ("原文", "Text"),
    "web.col.text": ("原文", "Text"),
    "web.col.year": ("年度", "Year"),
    "web.col.start_on": (
        "计划起始日（序时进度从此日算起）",
        "The plan's start (expected progress counts from it)",
    ),
    "web.col.source_name": ("来源文件名", "Source file name"),
    "web.col.source_sha256": ("来源文件的 SHA-256 校验值", "SHA-256 of the source file"),
    "web.col.preamble": ("文件导语", "Preamble"),
    "web.col.loaded_at": ("导入时间（UTC）", "Loaded at (UTC)"),
    "web.col.numeral": ("部分序号（汉字）", "Section numeral"),
    "web.col.value": ("数值", "Value"),
    "web.col.targets.value": ("目标值", "Target value"),
    "web.col.target_actuals.value": ("实际值", "Actual value"),
    "web.col.unit": ("计量单位", "Unit of measure"),
    "web.col.kind": ("类型", "Kind"),
    "web.col.targets.kind": ("指标类型：count 数量、percent 百分比、ratio 倍数", "count, percent or ratio"),
    "web.col.events.kind": (
        "操作类型：progress 进度、owner 责任分工、deadline 完成时限、target 指标实际值、"
        "unit_rename 单位更名、import 导入、plan_load 导入计划、undo 撤销",
        "progress, owner, deadline, target, unit_rename, import, plan_load or undo",
    ),
    "web.col.qualifier": ("限定语（如“左右”“以上”）", "Qualifier (左右, 以上…)"),
    "web.col.name": ("单位名称", "Unit name"),
    "web.col.author": ("填报人", "Recorded by"),
    "web.col.recorded_at": ("记录时间（UTC）", "Recorded at (UTC)"),
    "web.col.detail": ("操作内容（JSON）", "What the event did (JSON)"),
    "web.col.reverts": (
        "撤销的操作：本操作撤销了哪条操作记录；被撤销的操作所写入的行不计入当前状态",
        "The event this one undid; the rows of an undone event do not count",
    ),
    "web.col.reported_on": ("填报所属日期", "Reported for"),
    "web.col.percent": ("完成进度（0–100）", "Progress (0–100)"),
    "web.col.status": (
        "状态：not_started 未启动、in_progress 推进中、done 已完成、blocked 受阻",
        "not_started, in_progress, done or blocked",
    ),
    "web.col.note": ("说明", "Note"),
    "web.col.is_correction": ("是否为更正（1 为是）", "A correction (1) or not (0)"),
    "web.col.lead_unit_id": ("牵头单位", "Lead unit"),
    "web.col.contact": ("联系人", "Contact"),
    "web.col.leader": ("分管领导", "Leader in charge"),
    "web.col.effective_on": ("生效日期", "Effective from"),
    "web.col.assignment_id": ("所属分工", "The assignment"),
    "web.col.unit_id": ("单位", "Unit"),
    "web.col.due_on": ("完成时限", "Due on"),
    "web.col.as_written": ("完成时限原文写法（如“6月底”）", "The deadline as written (6月底…)"),
    "web.col.target_id": ("所属指标", "The target"),
    "web.q.overdue": ("逾期事项", "Overdue"),
    "web.q.overdue.about": (
        "尚未完成、当前完成时限已过的工作要点（按今天的最新记录，不含已撤销的记录）",
        "Open points whose current deadline has passed (latest records as of today, undone ones left out)",
    ),
    "web.q.behind": ("滞后事项", "Behind schedule"),
    "web.q.behind.about": (
        "进度低于序时进度{tolerance:g}个百分点以上的工作要点；"
        "序时进度为计划起始日至完成时限间已过时间的比例（不含已完成、受阻和逾期事项）",
        "Points more than {tolerance:g} points below expected progress, the share of the time "
        "from the plan's start to the deadline that has passed (done, blocked and overdue points left out)",
    ),
    "web.q.this_quarter": ("本季度进展", "This quarter"),
    "web.q.this_quarter.about": (
        "本季度填报的进度记录，最新在前（不含已撤销的记录）；"
        "quarter_start 可填其他季度的起始日，如 2021-04-01",
        "Progress reported this quarter, newest first (undone updates left out); set quarter_start "
        "to another quarter's first day, e.g. 2021-04-01",
    ),
    "web.q.unit_duties": ("各处室任务", "What each office owes"),
    "web.q.unit_duties.about": (
        "各单位当前牵头和配合的工作要点",
        "The points each unit currently leads and supports",
    ),
    "web.out.overdue_days": ("逾期天数", "Days overdue"),
    "web.out.gap": ("落后（百分点）", "Behind by (points)"),
    "web.out.reported_on": ("最近填报", "Last reported"),
    # --- sheets for the office: export and import (cqvet.exchange) -----------
    "col.due_date": ("完成日期", "Due date"),
    "col.leader": ("分管领导", "Leader"),
    "col.contact": ("联系人", "Contact"),
    "col.last_percent": ("上次进度", "Last progress"),
    "col.last_date": ("上次填报日期", "Last reported"),
    "col.new_percent": ("本期进度", "Progress now"),
    "col.progress_note": ("进展说明", "Progress note"),
    "col.report_date": ("填报日期", "Report date"),
    "col.correction": ("是否更正", "Correction"),
    "col.row": ("行", "Row"),
    "col.field": ("项目", "Field"),
    "col.before": ("原值", "Before"),
    "col.after": ("新值", "After"),
    "sheet.assignments_title": ("{plan}任务分解表", "{plan}: task assignments"),
    "sheet.assignments_name": ("任务分解表", "Assignments"),
    "sheet.form_title": ("{unit}重点任务进展填报表（截至{date}）", "Progress form for {unit} (as of {date})"),
    "sheet.form_name": ("进展填报", "Progress"),
    "sheet.percent_prompt": ("请填写 0 到 100 之间的整数", "a whole number from 0 to 100"),
    "sheet.status_prompt": ("请从下拉列表中选择：{statuses}", "choose from the list: {statuses}"),
    "sheet.correction_prompt": (
        "本期进度低于上次、系更正时选“{yes}”；否则留空",
        "choose '{yes}' when the percent is lower than the last because it corrects it; else leave it empty",
    ),
    "import.assignments_title": (
        "导入预览：{source}（工作表“{sheet}”）",
        "Import preview: {source} (sheet '{sheet}')",
    ),
    "import.progress_title": (
        "导入预览：{source}（工作表“{sheet}”）",
        "Import preview: {source} (sheet '{sheet}')",
    ),
    "import.no_changes": ("没有需要更改的内容", "nothing to change"),
    "import.more_changes": (
        "……另有 {count} 项要点的更改未列出（同样会写入）；全部更改：{fields}",
        "…and changes to {count} more point(s) not listed (they are written too); all changes: {fields}",
    ),
    "import.field_count": ("{field} {count} 项", "{field} {count}"),
    "import.more_lines": (
        "……另有 {count} 条进度未列出（同样会写入）",
        "…and {count} more update(s) not listed (they are written too)",
    ),
    "import.unchanged": ("无变化 {count} 行", "{count} row(s) unchanged"),
    "import.unfilled": ("未填写 {count} 行（已跳过）", "{count} row(s) not filled in (skipped)"),
    "import.blank": ("空行 {count} 行（已跳过）", "{count} blank row(s) skipped"),
    "import.ignored": ("未识别的列（已忽略）：{columns}", "columns not recognised (ignored): {columns}"),
    "import.ignored_column": ("{column}列“{heading}”", "column {column} '{heading}'"),
    "import.new_value": ("（新增）", "(new)"),
    "import.cleared": ("（清空）", "(cleared)"),
    "import.correction": ("更正", "correction"),
    "import.preview_hint": (
        "以上为预览，未作任何更改；核对无误后加 --apply 写入",
        "this is a preview and nothing was changed; add --apply to write it",
    ),
    "import.at_cell": (
        "第{row}行 {column}列（{heading}）：{text}",
        "row {row}, column {column} ({heading}): {text}",
    ),
    "import.at_row": ("第{row}行：{text}", "row {row}: {text}"),
    "import.more_problems": ("……另有 {count} 处问题未列出", "…and {count} more problem(s) not listed"),
    "import_refused": (
        "{path} 中有 {count} 处问题（见上）；未作任何更改",
        "{path} has {count} problem(s) (listed above); nothing was changed",
    ),
    "import_empty": ("{path} 中没有数据", "{path} holds no data"),
    "import_not_spreadsheet": (
        "{path} 不是 Excel 工作簿（.xlsx）或 CSV 文件",
        "{path} is not an Excel workbook (.xlsx) or a CSV file",
    ),
    "import_file_too_large": (
        "{path} 有 {size}，超过导入文件的上限 {limit}；请分成几个文件导入",
        "{path} is {size}, more than the {limit} an import may read; split it into several files",
    ),
    "import_unzipped_too_large": (
        "{path} 解压后为 {size}，超过上限 {limit}（或某一部分的压缩比超过 {ratio} 倍），疑为压缩炸弹；未读取",
        "{path} unzips to {size}, more than {limit} (or one part is compressed more than {ratio} times): "
        "it looks like a zip bomb and was not read",
    ),
    "import_too_many_rows": (
        "工作表“{sheet}”超过 {limit} 行；请删去多余的行或分开导入",
        "sheet '{sheet}' has more than {limit} rows; remove the extra rows or import it in parts",
    ),
    "import_too_many_cells": (
        "工作表“{sheet}”超过 {limit} 个单元格；请删去多余的行列或分开导入",
        "sheet '{sheet}' has more than {limit} cells; remove the extra rows and columns or import it in parts",
    ),
    "import_merged_too_large": (
        "工作表“{sheet}”的合并单元格（至 {ref}）共超过 {limit} 格；请取消大范围的合并后再导入",
        "the merged cells of sheet '{sheet}' (up to {ref}) cover more than {limit} cells; unmerge the large "
        "ranges and import again",
    ),
    "import_mixed_encoding": (
        "{path} 中各行编码不一（第{utf8}行是 UTF-8，第{other}行不是），导入会成乱码；请在 Excel 中另存为“CSV UTF-8”后再导入",
        "the lines of {path} are in different encodings (line {utf8} is UTF-8, line {other} is not) and "
        "would import garbled; save it from Excel as 'CSV UTF-8' and import that",
    ),
    "import_old_xls": (
        "{path} 是旧版 Excel 文件（.xls）；请在 Excel 中“另存为”.xlsx 后再导入",
        "{path} is an old Excel file (.xls); save it as .xlsx in Excel, then import that",
    ),
    "import_columns_missing": (
        "工作表“{sheet}”的前10行中找不到必需的列：{missing}（找到的列：{found}）",
        "the first 10 rows of sheet '{sheet}' lack required columns: {missing} (found: {found})",
    ),
    "import_number_missing": ("序号为空", "the 序号 (point number) is empty"),
    "import_number_invalid": ("“{text}”不是工作要点的序号", "'{text}' is not a work point number"),
    "import_duplicate": (
        "序号 {number} 重复（第{other}行已有）",
        "point {number} appears twice (also row {other})",
    ),
    "import_title_mismatch": (
        "“{text}”与第{number}项的重点任务“{title}”不符；请核对序号",
        "'{text}' does not match point {number}, '{title}'; check the number",
    ),
    "import_lead_empty": (
        "牵头单位为空，而第{number}项现由“{lead}”牵头；改派请填写新的牵头单位（不能清空）",
        "the lead is empty, but point {number} is led by '{lead}'; name the new lead (a lead cannot be removed)",
    ),
    "import_lead_needed": (
        "第{number}项填写了配合单位、分管领导或联系人，却没有牵头单位",
        "point {number} names supporting units, a leader or a contact but no lead",
    ),
    "import_deadline_empty": (
        "完成时限为空，而第{number}项现为“{written}”；改期请填写新的时限（不能清空）",
        "the deadline is empty, but point {number} is due '{written}'; write the new one (it cannot be removed)",
    ),
    "import_date_conflict": (
        "完成时限“{text}”（即 {day}）与完成日期 {due} 不一致；请把两者改为同一天，或清空其中一个",
        "the deadline '{text}' ({day}) and the due date {due} disagree; make them the same day or clear one",
    ),
    "import_serial_far": (
        "数字 {text} 作为 Excel 日期是 {day}，与计划年度 {year} 相差太远；请填写日期",
        "the number {text} as an Excel date is {day}, too far from the plan's year {year}; write a date",
    ),
    "import_percent_lower": (
        "进度 {percent}% 低于上次的 {previous}%；如系更正，请在“是否更正”列选“是”，或导入时加 --correct",
        "{percent}% is lower than the previous {previous}%; if it corrects it, choose 'yes' in the "
        "Correction column, or import with --correct",
    ),
    "import_correction_invalid": (
        "“{text}”无法识别；“是否更正”列请选“是”或留空",
        "cannot read '{text}'; choose 'yes' in the Correction column or leave it empty",
    ),
    "import_status_correction": (
        "“更正”不是状态；如系更正，请在“是否更正”列选“是”，状态列填写当前状态或留空",
        "'correction' is not a status; choose 'yes' in the Correction column and leave the status as it is",
    ),
    "import_authors_differ": (
        "一次导入记在一位填报人名下，而表中填报人不止一位（{authors}）；请统一填报人或分开导入",
        "an import is recorded under one name, but the sheet names several (rows by name: {authors}); "
        "make them agree or import them separately",
    ),
    "form_no_points": (
        "“{unit}”截至 {date} 没有牵头或配合的任务",
        "'{unit}' leads or supports no point as of {date}",
    ),
    "done.import_assignments": (
        "已导入 {points} 项要点的更改（#{event}，记录人：{author}）；如需撤销：cqvet undo --by {author}",
        "imported changes to {points} point(s) (#{event}, by {author}); to undo it: cqvet undo --by {author}",
    ),
    "done.import_progress": (
        "已导入 {count} 条进度（#{event}，记录人：{author}）；如需撤销：cqvet undo --by {author}",
        "imported {count} progress update(s) (#{event}, by {author}); to undo it: cqvet undo --by {author}",
    ),
    "plan_empty": (
        "无法读取计划文档：第{line}行：文档是空的",
        "cannot read the plan document: line {line}: the document is empty",
    ),
    "plan_no_title": (
        "无法读取计划文档：读到第{line}行（文末）也没有找到标题行（形如“2021年……工作要点”的单独一行）；"
        '如文档本身没有标题行，请用 --title "计划标题" --year 年份 指明',
        "cannot read the plan document: reached line {line} (the end) without a title line (a line of its own such as '2021年…工作要点'); "
        'if the document has none, name it with --title "…" --year YYYY',
    ),
    "plan_title_empty": ("--title 不能为空", "--title cannot be empty"),
    "plan_too_large": (
        "无法读取计划文档：文字过长（{size} 字，上限 {limit} 字）；未作任何更改",
        "cannot read the plan document: the text is too long ({size} characters, at most {limit}); nothing was changed",
    ),
    "plan_no_points": (
        "无法读取计划文档：读到第{line}行（文末），标题“{title}”之后没有编号的工作要点（形如“1.……”）",
        "cannot read the plan document: reached line {line} (the end) without numbered work points ('1.…') after the title '{title}'",
    ),
    "plan_point_order": (
        "无法读取计划文档：第{line}行：应为第{expected}项，却是第{found}项",
        "cannot read the plan document: line {line}: expected work point {expected}, found {found}",
    ),
    "plan_point_repeated": (
        "无法读取计划文档：第{line}行：第{number}项重复出现",
        "cannot read the plan document: line {line}: work point {number} appears twice",
    ),
    "plan_point_number_too_large": (
        "无法读取计划文档：第{line}行：要点编号超过 {limit}，cqvet 不能读取",
        "cannot read the plan document: line {line}: a point number above {limit}, more than cqvet reads",
    ),
    "plan_too_many_points": (
        "无法读取计划文档：第{line}行：要点超过 {limit} 项，cqvet 不能读取",
        "cannot read the plan document: line {line}: more than {limit} work points, more than cqvet reads",
    ),
    "plan_table_number_order": (
        "无法读取计划文档：第{line}行：任务表的序号应逐行增大，{previous} 之后却是 {found}",
        "cannot read the plan document: line {line}: the table's numbers should rise, but {found} follows {previous}",
    ),
    "plan_table_text": (
        "无法读取计划文档：第{line}行：这是每格一行粘贴的任务表，但此处一行 {cells} 格的记录没有以序号开头（或有格子为空）；"
        "请另存为 .docx，或每行一条、各格之间用制表符分隔",
        "cannot read the plan document: line {line}: a task table pasted one cell per line, but the row of {cells} cells here "
        "does not start with its number (or a cell is empty); save it as .docx, or one row a line with tabs between cells",
    ),
    "plan_section_order": (
        "无法读取计划文档：第{line}行：应为第{expected}部分，却是“{found}、”",
        "cannot read the plan document: line {line}: expected section {expected}, found '{found}、'",
    ),
    "plan_too_many_sections": (
        "无法读取计划文档：第{line}行：部分超过 {limit} 个，cqvet 不能读取",
        "cannot read the plan document: line {line}: more than {limit} sections, more than cqvet reads",
    ),
    "plan_point_empty": (
        "无法读取计划文档：第{line}行：第{number}项没有内容",
        "cannot read the plan document: line {line}: work point {number} has no text",
    ),
    "plan_point_has_history": (
        "新文档缺少第{number}项，而该项已有记录；未作任何更改",
        "the new document has no point {number}, which has recorded history; nothing was changed",
    ),
    "plan_target_has_history": (
        "新文档缺少指标{ref}，而该指标已有实际值记录；未作任何更改",
        "the new document has no target {ref}, which has recorded actuals; nothing was changed",
    ),
    "plan_measure_has_history": (
        "新文档缺少举措{ref}，而该举措已有进度、责任单位、时限或权重记录；未作任何更改",
        "the new document has no measure {ref}, which has recorded history; nothing was changed",
    ),
    "plan_none": (
        "数据库中还没有任何计划；请先用 cqvet load 导入",
        "the database holds no plan yet; load one with cqvet load",
    ),
    "plan_unknown": (
        "没有与“{plan}”相符的计划；用 cqvet plans 查看全部计划",
        "no plan matches '{plan}'; see cqvet plans",
    ),
    "file_unreadable": ("无法读取文件 {path}：{reason}", "cannot read the file {path}: {reason}"),
    "file_too_large": (
        "文件 {path} 过大（{size} 字节，上限 {limit} 字节）；未作任何更改",
        "the file {path} is too large ({size} bytes, at most {limit}); nothing was changed",
    ),
    "file_form_doc": (
        "无法读取 {path}：这是旧版 Word（.doc）或 WPS 文件。" + DOCUMENT_FORMS_ZH,
        "cannot read {path}: it is an old Word (.doc) or WPS file. " + DOCUMENT_FORMS_EN,
    ),
    "file_form_image": (
        "无法读取 {path}：这是图片，不是文字。" + DOCUMENT_FORMS_ZH,
        "cannot read {path}: it is an image, not text. " + DOCUMENT_FORMS_EN,
    ),
    "file_form_archive": (
        "无法读取 {path}：这是压缩包或其他 Office 文件，不是 Word 文档。" + DOCUMENT_FORMS_ZH,
        "cannot read {path}: it is an archive or another Office file, not a Word document. "
        + DOCUMENT_FORMS_EN,
    ),
    "file_form_binary": (
        "无法读取 {path}：不是可识别的文档或文本。" + DOCUMENT_FORMS_ZH,
        "cannot read {path}: it is no document or text cqvet knows. " + DOCUMENT_FORMS_EN,
    ),
    "file_damaged": (
        "无法读取 {path}：文件已损坏（{reason}）；未作任何更改",
        "cannot read {path}: the file is damaged ({reason}); nothing was changed",
    ),
    "pdf_no_text": (
        "无法读取 {path}：这份 PDF（{pages} 页）没有文字层，可能是扫描件；请找到原 Word 文件，或先做文字识别（OCR）",
        "cannot read {path}: this PDF ({pages} pages) has no text layer, probably a scan; find the Word original or run text recognition (OCR) first",
    ),
    "pdf_table": (
        "无法读取 {path}：第{line}行起是任务分解表，PDF 不保留表格的行列；请改用该表的 Word（.docx）或网页原件",
        "cannot read {path}: a task table starts at line {line}, and a PDF keeps no rows and cells; "
        "load the table's Word (.docx) or web page original instead",
    ),
    "pdf_encrypted": (
        "无法读取 {path}：这份 PDF 有密码保护；请先解除保护",
        "cannot read {path}: this PDF is password-protected; remove the protection first",
    ),
    "pdf_too_many_pages": (
        "无法读取 {path}：PDF 共 {pages} 页，超过上限 {limit} 页",
        "cannot read {path}: the PDF has {pages} pages, more than the {limit} cqvet reads",
    ),
    "file_missing": ("文件 {path} 不存在", "the file {path} does not exist"),
    "file_is_folder": ("{path} 是文件夹，不是文件", "{path} is a folder, not a file"),
    "file_denied": ("没有读取文件 {path} 的权限", "no permission to read the file {path}"),
    "db_not_cqvet": (
        "{path} 不是 cqvet 数据库；未作任何更改",
        "{path} is not a cqvet database; it was left unchanged",
    ),
    "db_too_new": (
        "{path} 由更新版本的 cqvet 写入（含迁移 {step}）；请升级 cqvet，数据库未作更改",
        "{path} was written by a newer cqvet (it has migration {step}); upgrade cqvet; the database was left unchanged",
    ),
    "db_unreadable": ("无法打开数据库 {path}：{reason}", "cannot open the database {path}: {reason}"),
    "db_folder_missing": (
        "文件夹 {folder} 不存在，无法在其中打开数据库 {path}；请检查路径（未创建任何文件）",
        "the folder {folder} does not exist, so the database {path} cannot be there; check the path (nothing was created)",
    ),
    "db_not_sqlite": (
        "{path} 不是数据库文件（不是 SQLite 格式）；未作任何更改",
        "{path} is not a database file (not SQLite); it was left unchanged",
    ),
    "db_truncated": (
        "数据库 {path} 不完整（文件比其记录的长度短，可能复制或同步时被截断）；未作任何更改，请用备份恢复",
        "the database {path} is truncated (shorter than it says it is, perhaps cut off while copied or synced); nothing was changed, restore a backup",
    ),
    "db_malformed": (
        "数据库 {path} 已损坏（SQLite 无法读取其内容）；未作任何更改，请用备份恢复",
        "the database {path} is damaged (SQLite cannot read its content); nothing was changed, restore a backup",
    ),
    "db_empty": (
        "{path} 是空文件（0 字节），可能是复制或同步失败留下的；cqvet 不会把它当作新数据库。如需新建，请先删除它",
        "{path} is an empty file (0 bytes), perhaps left by a failed copy or sync; cqvet will not start a new database in it. Delete it to start a new one",
    ),
    "db_wal_orphan": (
        "{path} 不存在或为空，但旁边留有 {wal}（尚未写入数据库的更改）；请放回原数据库文件，或移走该文件后再试",
        "{path} is missing or empty, but {wal} (changes not yet in the database) is left beside it; put the database back, or move that file away",
    ),
    "db_wal_unreadable": (
        "数据库 {path} 所在目录只读，而 {wal} 中有尚未写入数据库的更改，只读时无法读取；请把两个文件一起复制到可写的目录",
        "the database {path} is in a read-only folder and {wal} holds changes not yet in it, which cannot be read there; copy both files to a folder you can write",
    ),
    "file_is_fifo": (
        "{path} 是命名管道（FIFO），不是普通文件；cqvet 不读写它，未作任何更改",
        "{path} is a named pipe (FIFO), not an ordinary file; cqvet neither reads nor writes it",
    ),
    "file_is_device": (
        "{path} 是设备文件，不是普通文件；cqvet 不读写它，未作任何更改",
        "{path} is a device, not an ordinary file; cqvet neither reads nor writes it",
    ),
    "file_is_socket": (
        "{path} 是套接字，不是普通文件；cqvet 不读写它，未作任何更改",
        "{path} is a socket, not an ordinary file; cqvet neither reads nor writes it",
    ),
    "file_is_directory": (
        "{path} 是一个目录，不是数据库文件；请给出数据库文件名",
        "{path} is a folder, not a database file; give the database's file name",
    ),
    "db_busy": (
        "数据库 {path} 正被他人写入，等待 {seconds:g} 秒后仍未轮到；未作任何更改，请稍后重试",
        "the database {path} stayed locked by another writer for {seconds:g} s; nothing was changed, try again",
    ),
    "db_read_only": (
        "数据库 {path} 是只读的；未作任何更改",
        "the database {path} is read-only; nothing was changed",
    ),
    "db_triggers_missing": (
        "数据库 {path} 缺少防改写触发器，历史记录可能已被改动；在用 cqvet doctor 核对、cqvet doctor --repair 重建之前，拒绝一切写入；未作任何更改",
        "the database {path} is missing append-only triggers, so history may have been altered; every write is refused until cqvet doctor has checked it and cqvet doctor --repair recreated them; nothing was changed",
    ),
    "db_schema_damaged": (
        "数据库 {path} 缺少 cqvet 的数据表，无法使用；未作任何更改，请用备份恢复（cqvet restore）",
        "the database {path} lacks tables cqvet needs and cannot be used; nothing was changed; restore a backup (cqvet restore)",
    ),
    "db_read_only_folder": (
        "数据库 {path} 所在的目录或磁盘只读，只能查看，不能记录；未作任何更改",
        "the database {path} is in a read-only folder or disk: it can be read but not written; nothing was changed",
    ),
    "db_disk_full": (
        "磁盘已满，无法写入 {path}；未作任何更改",
        "the disk is full, cannot write {path}; nothing was changed",
    ),
    "db_failed": (
        "数据库 {path} 出错：{reason}；未作任何更改",
        "database error in {path}: {reason}; nothing was changed",
    ),
    "point_unknown": (
        "没有第{number}项工作要点（本计划共{count}项）",
        "there is no work point {number} (this plan has {count})",
    ),
    "point_not_number": ("“{text}”不是工作要点的编号", "'{text}' is not a work point number"),
    "item_invalid": (
        "“{text}”不是工作要点或举措的编号；要点写 7，举措写 7-2 或 7（2）",
        "'{text}' is not a point or measure number; write a point as 7, a measure as 7-2 or 7(2)",
    ),
    "item_is_target_ref": (
        "“{text}”是量化指标的写法（第{point}项第{seq}个指标）；举措请写 {point}-{seq}",
        "'{text}' names a target (point {point}, target {seq}); write a measure as {point}-{seq}",
    ),
    "measure_unknown": (
        "第{number}项没有举措（{seq}）（该项共{count}条举措）；用 cqvet show {number} 查看",
        "point {number} has no measure {seq} (it has {count}); see cqvet show {number}",
    ),
    "rolled_up_percent": (
        "第{number}项的进度由其举措汇总，不能直接设定；请记录举措进度，如 cqvet progress set {number}-1 --percent 60",
        "point {number} takes its percent from its measures and cannot be set directly; "
        "record a measure instead, e.g. cqvet progress set {number}-1 --percent 60",
    ),
    "measure_weight_invalid": (
        "权重“{text}”无效：应为大于 0 的数，如 1、2、0.5",
        "weight '{text}' is not valid: give a number above 0, e.g. 1, 2, 0.5",
    ),
    "contribution_not_support": (
        "{office}不是第{number}项的配合单位（配合单位：{supports}）；牵头单位直接记录进度，不加 --office",
        "{office} does not support point {number} (supporting: {supports}); a lead records progress without --office",
    ),
    "measure_weight_point": (
        "“{text}”是工作要点；权重设在举措上，如 cqvet measure weight {number}-1 2",
        "'{text}' is a work point; a weight is set on a measure, e.g. cqvet measure weight {number}-1 2",
    ),
    "measure_owner_extra": (
        "举措只记牵头单位和配合单位；联系人和分管领导请在第{number}项上设定（cqvet owner set {number} …）",
        "a measure has lead and supporting offices only; set the contact and leader on point {number}",
    ),
    "measure_office_not_lead": (
        "{office}不牵头举措{ref}（牵头单位：{leads}）；配合单位的情况请报送到第{number}项：cqvet progress set {number} --office {office} --note …",
        "{office} does not lead measure {ref} (lead: {leads}); a supporting office reports on point {number}: "
        "cqvet progress set {number} --office {office} --note …",
    ),
    "contribution_status": (
        "配合单位报送的是本单位承担部分的情况（说明，可附本单位完成百分比），不能设定第{number}项的状态",
        "a supporting office reports its own part (a note, optionally its own percent), not the status of point {number}",
    ),
    "target_unknown": (
        "没有指标 {ref}；用 cqvet target list 查看",
        "there is no target {ref}; see cqvet target list",
    ),
    "target_ref_invalid": (
        "指标“{text}”应写成“要点号.指标号”，如 11.3",
        "write a target as POINT.TARGET, e.g. 11.3, not '{text}'",
    ),
    "status_unknown": (
        "无法识别的状态“{text}”；可用：未启动、推进中、已完成、受阻",
        "unknown status '{text}'; use not_started, in_progress, done, blocked (or 未启动、推进中、已完成、受阻)",
    ),
    "status_filter_unknown": (
        "无法识别的状态“{text}”；可用：未启动、推进中、已完成、受阻、逾期",
        "unknown status '{text}'; use not_started, in_progress, done, blocked, overdue",
    ),
    "percent_invalid": (
        "进度“{text}”应为 0 到 100 之间的整数",
        "the percent '{text}' must be a whole number from 0 to 100",
    ),
    "percent_lower": (
        "第{number}项进度 {percent}% 低于上次的 {previous}%；如系更正，请加 --correct",
        "point {number}: {percent}% is lower than the previous {previous}%; add --correct if this corrects it",
    ),
    "tz_unknown": (
        "无法识别的时区“{name}”；请写 IANA 时区名，如 Asia/Shanghai",
        "unknown time zone '{name}'; write an IANA zone name such as Asia/Shanghai",
    ),
    "done_not_100": (
        "状态为“已完成”时进度须为 100%，而不是 {percent}%",
        "status done means 100%, not {percent}%",
    ),
    "not_started_with_percent": (
        "状态为“未启动”时进度须为 0%，而不是 {percent}%；如系撤回已报进度，请记为 0% 并作为更正（命令行：--percent 0 --correct）",
        "status not started means 0%, not {percent}%; to take reported progress back, record 0% as a correction"
        " (on the command line: --percent 0 --correct)",
    ),
    "progress_nothing": (
        "请至少给出 --percent、--status 或 --note 之一",
        "give at least one of --percent, --status or --note",
    ),
    "date_in_future": ("日期 {date} 晚于今天（{today}）", "the date {date} is after today ({today})"),
    "clock_past_plan": (
        "系统时钟显示今天是 {today}，比计划年度（{year}年）晚{years}年以上；请先校正系统时钟，未作任何更改",
        "the system clock says today is {today}, more than {years} years after the plan's year ({year}); correct the clock first; nothing was changed",
    ),
    "date_before_plan": (
        "日期 {date} 早于计划年度 {year} 年",
        "the date {date} is before the plan's year {year}",
    ),
    "unit_empty": ("单位名称不能为空", "a unit name cannot be empty"),
    "unit_control": (
        "单位名称不能含有空字符（NUL）：{text}",
        "a unit name cannot contain a NUL character: {text}",
    ),
    "not_text": (
        "“{text}”不是有效的文本（含有无法按系统编码解读的字节），未作任何更改",
        "'{text}' is not valid text (it holds bytes the system's encoding cannot read); nothing was changed",
    ),
    "user_not_text": (
        "环境变量 CQVET_USER 不是有效的文本（{text}）；请改正它，或用 --by 写明记录人",
        "the environment variable CQVET_USER is not valid text ({text}); correct it or name the author with --by",
    ),
    "unit_unknown": ("没有名为“{name}”的单位", "there is no unit named '{name}'"),
    "owner_unknown": (
        "没有名为“{name}”的单位；已有的单位：{known}",
        "there is no unit named '{name}'; the units are: {known}",
    ),
    "unit_exists": ("已有名为“{name}”的单位", "a unit named '{name}' already exists"),
    "unit_separator": (
        "单位名称“{name}”中含有分隔符（{separators}），这些符号用于分隔多个单位",
        "the unit name '{name}' holds a separator ({separators}), which separates several units",
    ),
    "actual_negative": ("实际值不能为负数：{value}", "an actual cannot be negative: {value}"),
    "actual_invalid": (
        "实际值“{text}”不是数字；请写成如 {example}",
        "the actual '{text}' is not a number; write it as {example}",
    ),
    "actual_unit": (
        "指标{ref}以“{expected}”计，实际值“{text}”的单位“{unit}”与之不符；请写成如 {example}",
        "target {ref} counts in '{expected}', but the actual '{text}' is in '{unit}'; write it as {example}",
    ),
    "actual_fraction": (
        "指标{ref}是百分比（目标 {target}），实际值“{text}”像是小数；请写成 {hint}（如确为 {text}%，请写 {text}%）",
        "target {ref} is a percentage (target {target}) and '{text}' looks like a fraction; write {hint} "
        "(if it really is {text}%, write {text}%)",
    ),
    "actual_far": (
        "实际值 {value} 超过指标{ref}目标值 {target} 的十倍；如确实如此，请加 --force",
        "the actual {value} is more than ten times target {ref}'s {target}; add --force if it is right",
    ),
    "within_invalid": ("期限“{text}”应写成如 30d、2w、1m", "write the period as 30d, 2w or 1m, not '{text}'"),
    "report_by_invalid": (
        "无法识别的报送时限“{text}”；可用写法：每月25日前、每月底前、每季度末月20日前、每季末前，"
        "或 RRULE（如 FREQ=MONTHLY;BYMONTHDAY=25）",
        "cannot read the reporting rule '{text}'; write 每月25日前, 每月底前, 每季度末月20日前, 每季末前 "
        "or an RRULE such as FREQ=MONTHLY;BYMONTHDAY=25",
    ),
    "period_invalid": (
        "报送期“{text}”应写成如 2021-06",
        "write the reporting period as 2021-06, not '{text}'",
    ),
    "period_none": ("报送规则中没有“{text}”这一期", "the reporting rule has no period in '{text}'"),
    "attachment_missing": ("找不到佐证材料文件 {path}", "cannot find the evidence file {path}"),
    "attachment_too_big": (
        "佐证材料 {path} 有 {size} 字节，超过上限 {limit} 字节",
        "the evidence file {path} is {size} bytes, over the limit of {limit}",
    ),
    "attachment_type": (
        "佐证材料 {path} 的内容不是 PDF、OFD、Word、Excel、PNG 或 JPEG",
        "the evidence file {path} is not a PDF, OFD, Word, Excel, PNG or JPEG file by its content",
    ),
    "review_off": (
        "本计划未要求办结审核；请先运行 cqvet plan set --review",
        "this plan does not require review of completions; run cqvet plan set --review first",
    ),
    "close_rolled_up_return": (
        "第{number}项的进度由其举措汇总，请退回未达要求的举措，如 cqvet close {number}-1 --return 原因",
        "point {number} takes its figures from its measures; return the measure found wanting, "
        "e.g. cqvet close {number}-1 --return REASON",
    ),
    "close_measure_confirm": (
        "办结销号针对整项工作：请用 cqvet close {number} --confirm",
        "a point is confirmed whole: use cqvet close {number} --confirm",
    ),
    "close_measure_not_rolled_up": (
        "第{number}项不按举措汇总，举措{number}-{measure}无可退回；请退回整项：cqvet close {number} --return 原因",
        "point {number} does not take its figures from its measures, so measure {number}-{measure} cannot be "
        "returned; return the point: cqvet close {number} --return REASON",
    ),
    "close_measure_not_done": (
        "举措{number}-{measure}尚未报送完成，无可退回",
        "measure {number}-{measure} has not been reported done; there is nothing to return",
    ),
    "close_not_done": ("第{number}项尚未报送完成，无需审核", "point {number} has not been reported done"),
    "close_already": ("第{number}项已销号", "point {number} is already confirmed"),
    "close_how": (
        "请给出 --confirm（销号）或 --return 原因（退回）之一",
        "give one of --confirm or --return REASON",
    ),
    "attachment_unknown": ("没有编号为 {id} 的佐证材料", "there is no attachment {id}"),
    "plan_set_nothing": (
        "请至少给出一项设置，如 --report-by 每月25日前",
        "give a setting, e.g. --report-by 每月25日前",
    ),
    "undo_nothing": ("{author} 没有可撤销的更改", "{author} has no change left to undo"),
    "undo_moved": (
        "撤销期间有新的更改写入（#{event}已不是最后一项）；未作任何更改",
        "a newer change arrived while undoing (#{event} is no longer the last); nothing was changed",
    ),
    "format_unknown": (
        "不支持的格式“{text}”；可用：{allowed}",
        "unknown format '{text}'; use one of {allowed}",
    ),
    "internal": (
        "内部错误（{kind}）：{text}；请将此行报告给维护者",
        "internal error ({kind}): {text}; please report this line",
    ),
    "cancelled": ("已取消，未作任何更改", "cancelled; nothing was changed"),
    "output_lost": ("无法输出结果（{reason}）", "could not write the output ({reason})"),
    "output_lost_recorded": (
        "已记录，但无法输出结果（{reason}）；请勿重复执行",
        "recorded, but the output could not be written ({reason}); do not run it again",
    ),
    "usage.no_such_option": (
        "没有选项 {option}；用 --help 查看可用选项",
        "no such option: {option}; see --help",
    ),
    "usage.no_such_option_suggest": (
        "没有选项 {option}；是否要用 {options}？",
        "no such option: {option}; did you mean {options}?",
    ),
    "usage.no_such_command": (
        "没有命令 {name}；用 cqvet --help 查看可用命令",
        "no such command: {name}; see cqvet --help",
    ),
    "usage.no_such_command_suggest": (
        "没有命令 {name}；是否要用 {commands}？",
        "no such command: {name}; did you mean {commands}?",
    ),
    "usage.missing_command": ("缺少命令；用 --help 查看可用命令", "a command is missing; see --help"),
    "usage.missing": ("缺少参数 {name}；用 --help 查看用法", "missing {name}; see --help"),
    "usage.needs_value": ("选项 {option} 需要一个值", "the option {option} needs a value"),
    "usage.takes_no_value": ("选项 {option} 不带值", "the option {option} takes no value"),
    "usage.bad_value": ("{name} 的值无效：{reason}", "invalid value for {name}: {reason}"),
    "usage.file": ("无法打开文件 {path}：{reason}", "cannot open the file {path}: {reason}"),
    "usage.other": ("命令行有误；用 --help 查看用法", "the command line is wrong; see --help"),
    "usage.reason.choice": ("“{value}”不是可选的值，可用 {choices}", "'{value}' is not one of {choices}"),
    "usage.reason.kind": ("“{value}”不是{kind}", "'{value}' is not {kind}"),
    "usage.reason.range": ("{value} 不在 {range} 的范围内", "{value} is not in the range {range}"),
    "usage.reason.missing": ("“{path}”不存在", "'{path}' does not exist"),
    "usage.reason.folder": ("“{path}”是文件夹，不是文件", "'{path}' is a folder, not a file"),
    "usage.reason.file": ("“{path}”是文件，不是文件夹", "'{path}' is a file, not a folder"),
    "usage.reason.denied": ("没有“{path}”的访问权限", "no permission to use '{path}'"),
    "usage.reason.other": ("值的写法不对", "the value is not written as expected"),
    "usage.kind.integer": ("整数", "a whole number"),
    "usage.kind.float": ("数值", "a number"),
    "usage.kind.boolean": ("是或否", "yes or no"),
    "usage.kind.uuid": ("通用唯一标识码", "a UUID"),
    "usage.nul": ("参数中含有空字符（NUL）", "an argument contains a NUL character"),
    "usage.extra": ("多余的参数：{text}", "unexpected extra arguments: {text}"),
    "usage": ("用法错误：{text}", "usage error: {text}"),
    "lang_unknown": (
        "不支持的语言“{text}”；可用：zh（中文）、en（英文）",
        "unknown language '{text}'; use zh (Chinese) or en (English)",
    ),
    "error_prefix": ("错误：", "error: "),
}


def message(key: str, lang: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `params` filled in."""
    zh, en = _CATALOGUE[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template


def has(key: str) -> bool:
    return key in _CATALOGUE


def known_language(text: str) -> str | None:
    """`zh`, `en`, a locale such as `zh_CN` or `en-GB`, 中文 or 英文 → zh or en; None for anything else."""
    key = text.strip().lower().replace("_", "-")
    named = {"中文": "zh", "英文": "en", "chinese": "zh", "english": "en"}
    if key in named:
        return named[key]
    stem = key.partition("-")[0]
    return stem if stem in LANGS else None


def language(explicit: str | None = None) -> str:
    """The language to speak: `--lang`, else `CQVET_LANG`, else Chinese."""
    chosen = (explicit or os.environ.get("CQVET_LANG") or "zh").strip().lower()
    return "en" if chosen.startswith("en") else "zh"


def section_heading(seq: int | None, title: str, lang: str) -> str:
    """A section as the plan and a 通报 number it: `一、坚持党对职业教育的全面领导`, `1. …` in English."""
    if seq is None:
        return title or message("report.no_section", lang)
    if lang != "en" and 1 <= seq <= 99:
        return f"{chinese_number(seq)}、{title}"
    return f"{seq}. {title}" if lang == "en" else f"{seq}、{title}"
