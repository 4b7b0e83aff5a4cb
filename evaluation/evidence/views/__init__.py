"""Pages of the evaluation evidence, one module per area (see ``evidence/urls.py``)."""
