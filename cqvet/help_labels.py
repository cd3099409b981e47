"""Every command's and option's help text, in Chinese and English: the help catalogue.

Beside `labels.py` rather than in it, because only `--help` needs these texts:
`cqvet list` and the other everyday commands never import this module
(tests/test_startup.py). `cqvet/cli/help.py` puts them into the command tree
when help is shown.

Keys are the words that invoke a command (`""` is `cqvet` itself, `progress set`),
and, for a parameter, those words followed by the option's long name or the
argument's name (`report --quarter`, `show NUMBER`). An option several commands
share with the same meaning is keyed by its name alone (`--plan`); a command's own
key wins over it. Parameter help is here only, not in the `typer.Option(help=...)`
calls: one text per language, no copy to drift. A command's docstring stays as the
function's documentation and is what help falls back to if an entry is missing,
which tests/test_help.py refuses: a new option needs its two lines here.

Chinese texts may hold Latin letters only where the user types them: option names,
the values an option takes (`table`, `2021Q2`), file kinds and environment variables.
English texts may hold Chinese only where the user types it (`6月30日`, `二季度`, `受阻`).
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    # --- cqvet itself and its global options --------------------------------
    "": (
        "cqvet：工作要点任务跟踪——责任单位、完成时限、进度和季度进展情况通报。",
        "cqvet: track a work plan's owners, deadlines and progress, and write its quarterly report.",
    ),
    "--db": (
        "数据库文件（默认：环境变量 CQVET_DB，否则为用户数据文件夹中的数据库）。",
        "Database file (default: CQVET_DB, else your user data folder).",
    ),
    "--lang": (
        "界面语言：zh（中文，默认）或 en（英文）；也可设环境变量 CQVET_LANG。",
        "zh (default) or en; also CQVET_LANG.",
    ),
    "--version": ("显示版本号并退出。", "Show the version and exit."),
    "--install-completion": (
        "为当前命令行环境（bash、zsh、fish、PowerShell）安装命令补全。",
        "Install completion for the current shell.",
    ),
    "--show-completion": (
        "显示当前命令行环境的补全脚本，以便复制或自行安装。",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    "--help": ("显示本帮助并退出。", "Show this message and exit."),
    # --- options several commands share -------------------------------------
    "--plan": (
        "计划的编号、年份或标题中的词（默认：最新的计划）。",
        "Plan id, year or words of its title (default: the newest).",
    ),
    "--ascii": ("用 ASCII 字符画表格边框（适合不显示制表符的终端）。", "Draw borders with ASCII characters."),
    "--format": ("输出格式：table（表格）、json 或 csv。", "Output format: table, json or csv."),
    "--as-of": (
        "显示截至该日结束时的情况（默认：今天）。",
        "Show the state at the end of this day (default: today).",
    ),
    "--by": (
        "记录人（默认：环境变量 CQVET_USER，否则为当前登录的用户名）。",
        "Who records this (default: CQVET_USER, else your user name).",
    ),
    "--force": ("如文件已存在，覆盖它。", "Replace an existing file."),
    # --- plan ----------------------------------------------------------------
    "load": (
        "导入工作要点文件；再次导入同一文件的修订版时原地更新，已有记录全部保留。",
        "Load a work plan document into the database; loading it again updates it in place.",
    ),
    "load FILE": (
        "计划文件：Word（.docx）、PDF、保存的网页（.html）或文本（UTF-8、GBK、UTF-16）。",
        "The plan document: Word (.docx), PDF, a saved web page (.html) or text (UTF-8, GBK, UTF-16).",
    ),
    "load --title": (
        "计划的标题，用于没有标题行的文件（如只在新闻标题中提到计划的网页）；给出时以它为准。",
        "The plan's title, for a document without a title line; when given, it wins over the document.",
    ),
    "load --year": (
        "计划的年度，如 2022；给出时以它为准。",
        "The plan's year, e.g. 2022; when given, it wins over the document.",
    ),
    "plans": ("列出数据库中的计划（最新的在前）。", "List the plans in the database (newest first)."),
    "plans --grace": (
        "设定计划的报送宽限天数：期末后几天内报送的数据不算补录（默认 5 天）。",
        "Set the plan's reporting grace: days after a period's end within which a figure is not late (5).",
    ),
    "plans --time-zone": (
        "设定计划的时区，按它判断是否补录（默认 Asia/Shanghai）。",
        "Set the plan's time zone, in which late figures are told (default Asia/Shanghai).",
    ),
    "list": (
        "列出各项重点工作及其牵头单位、完成时限、最新进度和状态（加 --measures 时连同其举措）。",
        "List the work points with lead, deadline, latest progress and status (--measures: and measures).",
    ),
    "list --section": (
        "只列这一部分：序号（3）、中文数字（三）或标题中的词（终身）。",
        "Only this section: its number (3), numeral (三) or words of its title.",
    ),
    "list --owner": ("只列该单位牵头或配合的任务。", "Only points this office leads or supports."),
    "list --measures": (
        "在每项工作下列出其举措（序号如 7-2、举措开头、牵头单位、完成时限、进度、状态）。",
        "Under each point, its measures (7-2, the start of the text, lead, deadline, percent, status).",
    ),
    "list --status": (
        "只列该状态的任务：未启动、推进中、已完成、受阻或逾期。",
        "Only points in this state: not_started, in_progress, done, blocked or overdue "
        "(or 未启动, 推进中, 已完成, 受阻, 逾期).",
    ),
    "show": (
        "显示一项重点工作的全部情况：原文、举措、量化指标、责任单位、完成时限和近期进展。",
        "Show one work point whole: text, measures, targets, owners, deadline and recent history.",
    ),
    "show NUMBER": (
        "重点工作的序号（如 11），或其举措（如 11-2、11（2））：举措的负责单位、完成时限、进度和历史。",
        "A work point's number (11), or one of its measures (11-2, 11(2)): "
        "its owners, deadline, progress and history.",
    ),
    "show --format": ("输出格式：table（表格）或 json。", "Output format: table or json."),
    "show --history": (
        "显示最近多少条进展记录；0 表示全部。",
        "How many of the newest progress updates to show; 0 for all.",
    ),
    # --- recording -------------------------------------------------------------
    "progress": ("记录和查看进度。", "Record and review progress."),
    "progress set": (
        "记录一项重点工作或举措的进度；每次记录都追加一条，不覆盖以前的记录。",
        "Record progress on a point or a measure; each call appends one update, nothing is overwritten.",
    ),
    "progress set NUMBER": (
        "重点工作的序号（如 7），或其举措（如 7-2、7（2））；7.2 是指标的写法，不可用。",
        "A work point's number (7) or one of its measures (7-2, 7(2)); 7.2 names a target and is refused.",
    ),
    "progress set --office": (
        "报送单位：牵头单位记录本项进度；配合单位（或承担其举措的单位）记为配合单位报送，不改变本项进度。",
        "The reporting office: a lead records the point's progress; a supporting office (or one owning a "
        "measure) records its own part, which leaves the point's figure alone.",
    ),
    "progress set --percent": ("完成百分比，0 到 100。", "Percent done, 0 to 100."),
    "progress set --status": (
        "状态：未启动、推进中、已完成或受阻。",
        "not_started, in_progress, done or blocked (or 未启动, 推进中, 已完成, 受阻).",
    ),
    "progress set --note": (
        "进展说明（做了什么、为什么），按原样保存。",
        "What was achieved or why; stored exactly as typed.",
    ),
    "progress set --date": (
        "进展所属的日期（默认：今天），如 2021-06-30、6月30日。",
        "The day this is reported for (default: today), e.g. 2021-06-30 or 6月30日.",
    ),
    "progress set --correct": (
        "允许比上次低的进度，作为更正。",
        "Allow a percent lower than the last one, as a correction.",
    ),
    "progress log": (
        "进展记录，最新的在前；已撤销的记录以删除线显示。",
        "The progress history, newest first; undone updates are shown struck through.",
    ),
    "progress log NUMBER": (
        "只看这一项及其举措（如 7），或只看一条举措（如 7-2、7（2））（默认：全部）。",
        "Only this point and its measures (7), or one measure (7-2, 7(2)) (default: all).",
    ),
    "progress log --since": ("只看该日及以后的记录。", "Reported on or after this day."),
    "progress log --until": ("只看该日及以前的记录。", "Reported on or before this day."),
    "progress log --by": ("只看此人记录的。", "Only updates recorded by this person."),
    "progress log --limit": ("最多显示多少行。", "At most this many rows."),
    "owner": ("指定牵头单位和配合单位。", "Assign lead and supporting offices."),
    "owner set": (
        "指定一项重点工作的牵头单位和配合单位；调整会保留在历史中。",
        "Assign a point's lead and supporting offices; a reassignment is kept in history.",
    ),
    "owner set NUMBER": (
        "重点工作的序号（如 7），或其举措（如 7-2、7（2））；7.2 是指标的写法，不可用。",
        "A work point's number (7) or one of its measures (7-2, 7(2)); 7.2 names a target and is refused.",
    ),
    "owner set --lead": (
        "牵头单位；双牵头时写几次，或写成“高教处、职成教处”，按先后排列。",
        "The lead office; for several, repeat it or separate the names with commas, in order.",
    ),
    "owner set --support": ("配合单位；有几个就写几次。", "A supporting office; repeat for several."),
    "owner set --contact": ("联系人或电话。", "Contact person or phone."),
    "owner set --leader": ("分管领导。", "The leader in charge."),
    "owner set --date": (
        "自哪天起（默认：首次指定从计划开始之日起，以后的调整从今天起）。",
        "From when (default: the plan's start for a first assignment, else today).",
    ),
    "owner list": (
        "各单位牵头和配合的任务：本处室要完成哪些事。",
        "Each office with the points it leads and supports: what does my office owe.",
    ),
    "owner rename": (
        "单位更名，对它牵头或配合的所有任务一次生效。",
        "Rename an office once, for every point it leads or supports.",
    ),
    "owner rename OLD": ("单位现在的名称。", "The office's current name."),
    "owner rename NEW": ("新名称。", "Its new name."),
    "owner rename --date": (
        "新名称从哪一天起使用（默认：今天），如 2021-07-01、7月1日；此前各天的视图仍用旧名称。",
        "From which day the new name holds (default: today); views of earlier days keep the old name.",
    ),
    "deadline": ("设定完成时限，保留每次调整。", "Set deadlines, keeping every change."),
    "deadline set": (
        "设定一项重点工作的完成时限；以后的调整记为延期或提前。",
        "Set a point's deadline; a later change is kept as a postponement or advance.",
    ),
    "deadline set NUMBER": (
        "重点工作的序号（如 7），或其举措（如 7-2、7（2））；7.2 是指标的写法，不可用。",
        "A work point's number (7) or one of its measures (7-2, 7(2)); 7.2 names a target and is refused.",
    ),
    "deadline set DUE": (
        "完成时限，如 2021-06-30、6月底、三季度末、年底前、9月中旬。",
        "The deadline, e.g. 2021-06-30, 6月底, 三季度末, 年底前 or 9月中旬.",
    ),
    "deadline set --note": ("原因（延期时写明理由）。", "Why (for a postponement, the reason)."),
    "deadline set --date": (
        "自哪天起（默认：首次设定从计划开始之日起，以后的调整从今天起）。",
        "From when (default: the plan's start for a first deadline, else today).",
    ),
    "target": ("量化指标及其实际完成值。", "Quantitative targets and their actuals."),
    "measure": (
        "举措：列表及其在要点汇总中的权重。",
        "Measures: the list, and their weight in the roll-up.",
    ),
    "measure list": (
        "列出各项工作（或第 N 项）及其下的举措，与 list 加上举措选项相同。",
        "Every point's measures under it, or point N's, as list shows them with its measures option.",
    ),
    "measure list NUMBER": (
        "只看这一项的举措，如 7（默认：全部）。",
        "Only this point's measures, e.g. 7 (default: all).",
    ),
    "measure weight": (
        "设定举措在所属要点进度汇总中的权重（默认为1）；保留历史，可撤销。",
        "Set a measure's weight in its point's roll-up (1 unless set); kept in history, undoable.",
    ),
    "measure weight MEASURE": ("举措，如 7-2 或 7（2）。", "The measure, e.g. 7-2 or 7(2)."),
    "measure weight WEIGHT": (
        "权重：大于 0 的数，如 2、0.5、30%（读作30）。",
        "A number above 0, e.g. 2, 0.5, or 30% (read as 30).",
    ),
    "measure weight --date": (
        "自哪天起（默认：首次设定从计划开始之日起，以后的调整从今天起）。",
        "From when (default: the plan's start for a first weight, else today).",
    ),
    "target list": (
        "各量化指标及其最新实际值和完成率。",
        "Each quantitative target with its latest actual and attainment.",
    ),
    "target list NUMBER": ("只看这一项的指标。", "Only this point's targets."),
    "target set": (
        "记录某个量化指标达到的实际值（追加，不覆盖）。",
        "Record the actual value reached on a target (appended, never overwritten).",
    ),
    "target set REF": (
        "指标编号：项序号.指标序号，如 2.1（见 cqvet target list）。",
        "The target: POINT.TARGET, e.g. 2.1 (see cqvet target list).",
    ),
    "target set --actual": ("达到的实际值，如 132。", "The value reached, e.g. 132."),
    "target set --force": (
        "实际值超过目标值十倍时仍予记录（确认不是笔误）。",
        "Record an actual above ten times the target (it is not a typo).",
    ),
    "target set --date": (
        "实际值所属的日期（默认：今天），如 2021-06-30、6月30日。",
        "The day this is reported for (default: today), e.g. 2021-06-30 or 6月30日.",
    ),
    "target set --note": ("说明，按原样保存。", "A note, stored exactly as typed."),
    "due": (
        "近期到期和已经逾期的事项及其责任单位：每周一要问的事。",
        "What falls due soon and what is overdue, with owners: the Monday question.",
    ),
    "due --within": (
        "往后看多久：30d（默认，30天）、2w（2周）、1m（1个月）。",
        "How far ahead: 30d (default), 2w, 1m.",
    ),
    "undo": (
        "撤销你的上一次更改（任何计划中的），先显示再确认；撤销本身也留有记录。",
        "Undo your last change (in any plan), after showing it; the undo is itself recorded.",
    ),
    "undo --yes": ("不再询问，直接撤销。", "Do not ask for confirmation."),
    # --- reports -----------------------------------------------------------------
    "report": (
        "季度进展情况通报：在屏幕上显示，或写成文件报送。",
        "The quarterly progress report, on screen or as a file to send on.",
    ),
    "report --quarter": (
        "季度：2021Q2、2021-Q2、Q2、2021年第二季度或二季度。",
        "The quarter: 2021Q2, 2021-Q2, Q2, 2021年第二季度 or 二季度.",
    ),
    "report --as-of": ("截至任意一天，而不是季度末。", "Any day instead of a quarter's end."),
    "report --format": (
        "格式：terminal（屏幕）、md、csv、json、html、xlsx 或 docx"
        "（默认：按 --output 的扩展名，否则为屏幕）。",
        "terminal, md, csv, json, html, xlsx or docx (default: from --output, else terminal).",
    ),
    "report --output": ("写入该文件（格式按扩展名）。", "Write to this file (format from its extension)."),
    "report --doc-number": (
        "通报的文号，如 渝教职成〔2021〕12号（默认：不写）。",
        "The document number, as the office writes it.",
    ),
    "report --to": (
        "主送单位（默认：各有关处室、单位）。",
        "Whom the report is addressed to (default: all offices concerned).",
    ),
    "report --from": (
        "落款单位，即发文机关（默认：不写）。",
        "The issuing office that signs the report (default: none).",
    ),
    "report --dated": (
        "成文日期（默认：今天），如 2021-07-05、7月5日。",
        "The date of issue (default: today), e.g. 2021-07-05 or 7月5日.",
    ),
    "report --tolerance": (
        "容差：低于序时进度多少个百分点算滞后。",
        "How many points below expected progress count as behind.",
    ),
    "report --grace": (
        "本次通报的报送宽限天数，覆盖计划的设定：期末后几天内报送的数据不算补录。",
        "Days after the period's end within which a figure is not late, for this report only.",
    ),
    "demo": (
        "新建一个模拟2021年全年进展的数据库，并以每种格式写出一份示例通报。",
        "Build a plausible 2021 in a new database and write a sample report in every format.",
    ),
    "demo FOLDER": (
        "存放演示数据库和示例通报的文件夹。",
        "Where to put the demo database and the sample reports.",
    ),
    "demo --quarter": ("示例通报的季度。", "The quarter of the sample reports."),
    # --- exchange -----------------------------------------------------------------
    "export": (
        "为各处室写出表格：任务分解表和进展填报表（.xlsx 或 .csv）。",
        "Write sheets for the offices: the assignments table and progress forms (.xlsx or .csv).",
    ),
    "export assignments": (
        "任务分解表：每项一行，含所属部分、责任单位、完成时限、分管领导和联系人；"
        "其下每条举措一行（序号如 7（2））。",
        "The assignments table: one row a point with its section, owners, deadline, leader and contact, "
        "and under it a row for each of its measures (numbered 7(2), in full-width brackets).",
    ),
    "export progress-form": (
        "某个处室的进展填报表：它牵头或配合的要点和举措、上次的进度，以及待填写的各列。",
        "A progress form for one office: the points and measures it leads or supports, their last progress, "
        "columns to fill in.",
    ),
    "export progress-form --owner": (
        "填报表发给哪个单位（牵头或配合）。",
        "The office (lead or supporting) the form is for.",
    ),
    "export --output": ("要写入的文件：.xlsx 或 .csv。", "The file to write: .xlsx or .csv."),
    "import": (
        "读回填好的表格：先预览，加 --apply 才写入，并作为一次可撤销的更改。",
        "Read filled-in sheets back: a preview first, --apply to write as one undoable change.",
    ),
    "import assignments": (
        "读回任务分解表：新的或变更的责任单位、分管领导、联系人和完成时限。",
        "Read an assignments table back: new or changed owners, leaders, contacts and deadlines.",
    ),
    "import assignments --date": (
        "更改自哪天起（默认：首次指定的从计划开始之日起，否则从今天起）。",
        "From when the changes count "
        "(default: the plan's start for a point's first owner or deadline, else today).",
    ),
    "import progress": (
        "登记填好的进展填报表：每个填写的行记一条进展，整体作为一次可撤销的更改。",
        "Record a filled-in progress form: one update per filled row, all as one undoable change.",
    ),
    "import progress --date": (
        "没有填报日期的行所属的日期（默认：今天）。",
        "The day reported for rows without a date of their own (default: today).",
    ),
    "import progress --correct": (
        "允许比上次低的进度，作为更正。",
        "Allow percents lower than the last ones, as corrections.",
    ),
    "import FILE": (
        "Excel 工作簿（.xlsx）或 CSV 文件（UTF-8 或 GBK）。",
        "An .xlsx workbook or a CSV file (UTF-8 or GBK).",
    ),
    "import --apply": ("写入这些更改（不加则只显示）。", "Write the changes (without it, only show them)."),
    # --- calendar and web -----------------------------------------------------------
    "calendar": (
        "把各项完成时限导出为日历文件（.ics），供 Outlook、WPS 或手机日历导入。",
        "Export every point's deadline as an iCalendar (.ics) file for Outlook, WPS or a phone calendar.",
    ),
    "calendar --output": (
        "要写入的 .ics 文件，如 完成时限.ics。",
        "The .ics file to write, e.g. deadlines.ics.",
    ),
    "serve": (
        "在浏览器中办理：各处室登录后签收、填报进度、上传佐证材料，督办处室调整分工和时限、办结审核、出督办单，"
        "领导查看看板和考核评分，督办处室还可只读浏览原始数据表（需先 pip install 'cqvet[web]'，"
        "账号用 cqvet user add 创建）。"
        "默认只监听本机 127.0.0.1；供其他电脑访问时，请在同一台主机上用反向代理（nginx、Caddy、IIS）"
        "提供 HTTPS 并转发到本服务，同时加 --behind-proxy。",
        "Offices log in to acknowledge, report progress and attach evidence; the steering office sets owners "
        "and deadlines, confirms or returns finished points and issues notices; leaders see the dashboard "
        "and the scorecard; the steering office may also browse the raw tables read-only "
        "(needs pip install 'cqvet[web]'; create accounts with cqvet user add). Listens on 127.0.0.1 only by "
        "default; for other computers, put a reverse proxy (nginx, Caddy, IIS) serving HTTPS on the same "
        "host in front of it and add --behind-proxy.",
    ),
    "serve --port": ("监听的端口（0：任一空闲端口）。", "Port to listen on (0: any free port)."),
    "serve --host": (
        "监听的地址；默认 127.0.0.1 只允许本机访问。"
        "非本机地址须加 --insecure-http，否则拒绝（明文 HTTP 会泄露密码）。",
        "Address to listen on; the default 127.0.0.1 lets only this computer in. Another address is refused "
        "without --insecure-http (plain HTTP exposes passwords).",
    ),
    "serve --insecure-http": (
        "允许在非本机地址上以明文 HTTP 提供服务（仅限可信的内部网络；正式使用请用反向代理提供 HTTPS）。",
        "Allow plain HTTP on a non-loopback address (trusted networks only; use a reverse proxy with HTTPS).",
    ),
    "serve --behind-proxy": (
        "本服务位于提供 HTTPS 的反向代理之后："
        "登录 Cookie 只经 HTTPS 发送，并采信代理（127.0.0.1）转来的访问者地址。",
        "Served behind a reverse proxy that provides HTTPS: the login cookie is sent over HTTPS only, "
        "and the visitor's address the proxy (127.0.0.1) forwards is trusted.",
    ),
    "serve --raw": (
        "改为只读浏览原始数据表，可输入 SQL 查询，无需登录（Datasette，仅限本机；账号表的内容读不出）。",
        "Browse the raw tables read-only instead, with SQL typed into the page and no login "
        "(Datasette; this computer only; the account tables read as empty).",
    ),
    # --- accounts of cqvet serve --------------------------------------------------------
    "user": ("管理 cqvet serve 的登录账号。", "Manage the accounts of cqvet serve."),
    "user add": (
        "创建账号：处室（office）、督办处室（steering）或领导（leader）；密码输入两次。",
        "Create an account: an office, the steering office or a leader; the password is typed twice.",
    ),
    "user add NAME": ("登录用的用户名。", "The name to log in with."),
    "user add --office": (
        "所属单位；处室账号须为已分工的单位（如 职成教处）。",
        "The account's unit; an office account needs a unit that has been assigned points.",
    ),
    "user add --role": (
        "角色：office（处室）、steering（督办处室）或 leader（领导）。",
        "Role: office, steering or leader.",
    ),
    "--password-file": (
        "从该文件的第一行读取密码（供脚本使用），不再提示输入。",
        "Read the password from this file's first line (for scripts) instead of asking.",
    ),
    "user list": ("列出所有账号及其单位、角色和状态。", "List every account with its unit, role and state."),
    "user disable": (
        "停用账号：立即结束其所有登录，此后不能再登录。",
        "Disable an account: its sessions end at once and it cannot log in again.",
    ),
    "user disable NAME": ("要停用的用户名。", "The user to disable."),
    "user password": (
        "为账号设置新密码；其原有登录全部失效。",
        "Set an account's new password; its open sessions end.",
    ),
    "user password NAME": ("要设置密码的用户名。", "The user whose password to set."),
    # --- maintenance -------------------------------------------------------------------
    "doctor": (
        "检查数据库：完整性、结构版本、外键、不可能的记录、网络共享盘。",
        "Check the database: integrity, schema version, foreign keys, impossible rows, network share.",
    ),
    "doctor --repair": (
        "重建缺失的防改写触发器；只报告有问题的记录，不修改任何记录。",
        "Recreate missing append-only triggers; rows found wrong are reported, never changed.",
    ),
    "backup": (
        "用 SQLite 的在线备份功能复制数据库（他人写入时也安全）。",
        "Copy the database with SQLite's online backup (safe while others write).",
    ),
    "backup TARGET": ("要写入的备份文件。", "The backup file to write."),
    "restore": (
        "用备份替换数据库，被替换的数据库保留在旁边。",
        "Replace the database with a backup, keeping the replaced one beside it.",
    ),
    "restore SOURCE": ("由 cqvet backup 做出的备份文件。", "A backup made by cqvet backup."),
    # --- 督办: notices, the reporting rhythm, 办结 review, evidence, scorecards ---------------
    "notices": (
        "出督办单：每个有红、黄、蓝色事项的牵头单位一份（docx 和 Markdown），并记录在案（第N次督办）。",
        "Issue notices: one per lead office with red, yellow or blue items (docx and Markdown), recorded.",
    ),
    "notices --output": (
        "写入督办单的文件夹（须已存在）。",
        "The folder to write the notices to (it must exist).",
    ),
    "notices --office": ("只为这个单位出督办单。", "Issue notices for this office only."),
    "notices --near": (
        "完成时限在多少天内算临近（蓝色），如 7d、2w。",
        "How near a deadline counts as near (blue), e.g. 7d or 2w.",
    ),
    "plan": ("计划设置（报送时限、办结审核）。", "Plan settings (reporting rhythm, completion review)."),
    "plan set": (
        "设置计划的报送时限和办结审核（可撤销）。",
        "Set the plan's reporting rhythm and completion review (undoable).",
    ),
    "plan set --report-by": (
        "报送时限：每月25日前、每月底前、每季度末月20日前、每季末前，"
        "或 RRULE 如 FREQ=MONTHLY;BYMONTHDAY=25。",
        "The reporting rhythm, as an RRULE such as FREQ=MONTHLY;BYMONTHDAY=25 "
        "(the Chinese forms of the zh help are read too).",
    ),
    "plan set --no-review": (
        "报送完成是否须经办结审核（由 close 命令销号或退回）。",
        "Whether a point reported done needs review (confirmed or returned with close).",
    ),
    "close": (
        "办结审核：对报送完成的事项销号（--confirm）或退回（--return 原因）。",
        "Review a point reported done: confirm it (--confirm) or return it with a reason (--return).",
    ),
    "close NUMBER": (
        "重点任务序号；按举措汇总的事项退回时写举措，如 7-2。",
        "The work point's number; to return a point that rolls up from its measures, the measure, e.g. 7-2.",
    ),
    "close --confirm": ("审核通过，销号。", "Confirm it as done."),
    "close --return": (
        "退回，并写明原因；事项回到报送完成前的状态。",
        "Return it with the reason; the point goes back to its status before it was reported done.",
    ),
    "close --date": ("审核日期（默认：今天）。", "The day of the review (default: today)."),
    "reporting": (
        "各单位本期报送情况：每个牵头事项按时、逾期、待报送或未报送。",
        "Each office's reporting for a period: every item it leads on time, late, not yet due or missing.",
    ),
    "reporting --period": (
        "报送期，如 2021-06（默认：今天或 --as-of 所在的一期）。",
        "The period, e.g. 2021-06 (default: the period of today or of --as-of).",
    ),
    "scorecard": (
        "各牵头单位一个季度的督办考评：牵头事项、按时报送率、序时推进率、逾期、按期完成、收到督办。",
        "Each lead office's quarter: items led, reports on time, on schedule, overdue, completed on time.",
    ),
    "scorecard --quarter": ("季度，如 2021Q2、二季度。", "The quarter, e.g. 2021Q2."),
    "scorecard --output": ("另存为 .xlsx 或 .docx 文件。", "Write it as an .xlsx or .docx file."),
    "attachment": ("佐证材料（记录进度时附上的文件）。", "Evidence files attached to progress updates."),
    "attachment get": ("把一份佐证材料原样写出到文件。", "Write one evidence file back, byte for byte."),
    "attachment get ATTACHMENT": (
        "佐证材料编号（见 show 的佐证材料表）。",
        "The evidence file's number (see the evidence table of show).",
    ),
    "attachment get --output": ("写出到这个文件。", "The file to write it to."),
    "progress set --attach": (
        "佐证材料文件（可多次给出）：PDF、OFD、Word、Excel、PNG、JPEG，每个不超过20MB。",
        "An evidence file (repeat for several): PDF, OFD, Word, Excel, PNG or JPEG, at most 20 MB each.",
    ),
}

# Argument names as help shows them (`cqvet show {序号}`); English keeps typer's own.
ARGUMENT_NAMES: dict[str, str] = {
    "NUMBER": "序号",
    "FILE": "文件",
    "FOLDER": "文件夹",
    "DUE": "时限",
    "OLD": "原名称",
    "NEW": "新名称",
    "REF": "指标",
    "MEASURE": "举措",
    "WEIGHT": "权重",
    "TARGET": "备份文件",
    "ATTACHMENT": "材料编号",
    "SOURCE": "备份文件",
    "NAME": "用户名",
}

# What kind of value an option takes, as typer writes it and as Chinese help does.
VALUE_KINDS: dict[str, str] = {
    "<str>": "<文本>",
    "<path>": "<路径>",
    "<int>": "<整数>",
    "<int range>": "<整数>",
    "<float>": "<数值>",
    "<float range>": "<数值>",
}

# The framework's words in help: headings, the usage line, and the notes after an option's help.
FRAMEWORK: dict[str, tuple[str, str]] = {
    "Usage": ("用法", "Usage"),
    "Options": ("选项", "Options"),
    "Arguments": ("参数", "Arguments"),
    "Commands": ("命令", "Commands"),
    "[OPTIONS]": ("[选项]", "[OPTIONS]"),
    "COMMAND [ARGS]...": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "default": ("默认", "default"),
    "required": ("必填", "required"),
}
