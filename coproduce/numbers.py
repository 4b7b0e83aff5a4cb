"""Whole-number percentages, rounded the way people expect.

Python's ``round`` and Django's ``widthratio`` round halves to the even number, so
5 out of 8 (62.5%) would read 62%. Every percentage of counted people (response
rates of evaluation stages, on pages and in PDFs) goes through ``percent`` instead,
which rounds halves up: 5 out of 8 reads 63%.
"""


def percent(part: int, whole: int) -> int | None:
    """``part`` as a whole-number percentage of ``whole``, halves rounded up; None
    when ``whole`` is zero (nothing to divide by)."""
    if not whole:
        return None
    # Integer arithmetic: floor((100 * part / whole) + 1/2), exact for any sizes.
    return (200 * part + whole) // (2 * whole)
