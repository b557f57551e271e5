"""Rendering: routines, summaries and the report as Rich renderables, Markdown and HTML.

Pure text out of domain data. No files, no Textual.
"""
