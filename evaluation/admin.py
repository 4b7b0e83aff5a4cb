"""Evaluation admin, one module per feature."""

from evaluation.evidence import admin as evidence_admin  # noqa: F401
from evaluation.matrix import admin as matrix_admin  # noqa: F401
