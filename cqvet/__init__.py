"""cqvet: track a government work plan (工作要点) from the terminal."""

__version__ = "0.1.0"
