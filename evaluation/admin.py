"""Evaluation admin, one module per area."""

from . import (
    admin_evidence,  # noqa: F401
    admin_matrix,  # noqa: F401
)
