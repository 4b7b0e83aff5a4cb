"""Who may read and write a project's story: everyone on the project reads it; its
facilitators and evaluators write it. Asked here only."""

from projects.access import Access, get_project_for_user


def can_write_story(access: Access) -> bool:
    """Facilitators and evaluators of the project (and administrators)."""
    return access.can_edit_evaluation


def get_project_for_story(user, slug: str, *, write: bool = False):
    """The project and the user's access; 404 for outsiders, 403 when ``write`` is
    asked by someone who may only read."""
    return get_project_for_user(user, slug, evaluation=write)
