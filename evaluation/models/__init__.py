"""Evaluation data, one module per area: matrix scoring, evidence and analysis, reports."""

from .evidence import *  # noqa: F403
from .matrix import *  # noqa: F403
from .reports import *  # noqa: F403
