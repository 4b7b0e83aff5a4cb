"""Who may read and record people's communication needs.

A person's needs are part of their details: whoever may edit the person (a
facilitator on the programme or on one of their projects) records them, and
anyone who may see the person sees the flag. The programme's list of unmet needs
is for the programme's facilitators.
"""

from projects.access import get_programme_for_user, get_stakeholder_for_user


def get_needs_person_for_user(user, pk: int, *, write: bool = False):
    """The person whose needs are read or recorded (404 for outsiders)."""
    return get_stakeholder_for_user(user, pk, write=write)


def get_unmet_needs_programme_for_user(user, slug: str, *, write: bool = False):
    """The programme whose unmet needs are listed: (programme, access). Reading needs
    facilitator rights, since the list names people and their needs."""
    return get_programme_for_user(user, slug, write=True)
