"""Renderers: a model in, output out (terminal, JSON, CSV, Markdown, HTML, XLSX, DOCX).

Only this package and `cqvet.cli` import rich. User text is always data here:
`rich.text.Text` on the terminal, escaped in HTML and Markdown, neutralised
against formulas in CSV and XLSX.
"""
