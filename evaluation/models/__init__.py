"""Evaluation data, one module per area: factors, matrix scoring, evidence,
double coding, reports."""

from .coding import *  # noqa: F403
from .decisions import *  # noqa: F403
from .evidence import *  # noqa: F403
from .factors import *  # noqa: F403
from .imports import *  # noqa: F403
from .mail import *  # noqa: F403
from .matrix import *  # noqa: F403
from .privacy import *  # noqa: F403
from .reports import *  # noqa: F403
