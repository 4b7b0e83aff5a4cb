"""Spreadsheet import (CSV and XLSX) of a project's people, its activities with
attendance and headcounts, and an evaluation stage's invitations as counts per group.

Upload -> a preview of every row (created, changed, left unchanged, or skipped for its
problems, with spreadsheet row numbers) -> confirm, which applies exactly the rows
kept server-side for that preview, through each feature's own services. See
``kinds.py`` for the columns and the keys that make a second import of the same file
change nothing.
"""
