"""Round trips with the office: the 任务分解表 and the progress form, out as sheets and back in.

This package owns what the columns of those sheets mean: which headings name
which field, how a row becomes typed values, how those values differ from the
ledger, and how an import is written (one transaction, one undoable event of
kind "import"). Files are read by `cqvet.sheets`; a sheet to send out is an
`OutTable` that `cqvet.render.spreadsheet` writes; the rules for
recording are `cqvet.recording`'s, called with the import's shared event.
Nothing here prints or knows about the terminal.

- `reading`: the layer both imports share, from headings to rows matched to points;
- `assignments`: the 任务分解表 (owners and deadlines);
- `progress_form`: the progress form (an office's updates).

**Nothing is half-done.** Every problem of every row is collected first;
with one problem, nothing is written. With none, every change is appended
inside one transaction under one event, so `cqvet undo` reverts it whole.
"""

from __future__ import annotations

from cqvet.exchange.assignments import (
    AssignmentImport,
    Deadline,
    FieldChange,
    Owners,
    assignments_table,
    diff_assignments,
    import_assignments,
    split_units,
)
from cqvet.exchange.progress_form import ProgressImport, import_progress, progress_form_table
from cqvet.exchange.reading import (
    ALIASES,
    ASSIGNMENTS,
    PROGRESS_FORM,
    Layout,
    Problem,
    cell_date,
    find_header,
    normalise_heading,
)

__all__ = [
    "ALIASES",
    "ASSIGNMENTS",
    "PROGRESS_FORM",
    "AssignmentImport",
    "Deadline",
    "FieldChange",
    "Layout",
    "Owners",
    "Problem",
    "ProgressImport",
    "assignments_table",
    "cell_date",
    "diff_assignments",
    "find_header",
    "import_assignments",
    "import_progress",
    "normalise_heading",
    "progress_form_table",
    "split_units",
]
