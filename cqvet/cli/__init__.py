"""The command line: `cqvet.cli.app` is the Typer app, `main` the console script.

Importing the command modules registers their commands on the app.
"""

from cqvet.cli import exchange_cmds, maintenance_cmds, plan_cmds, record_cmds, report_cmds, web_cmds  # noqa: F401  (registers commands)
from cqvet.cli.app import app, main

__all__ = ["app", "main"]
