"""One way to refuse lost updates: every edit form of the product goes through here.

A form carries the ``edit_version`` it was opened at. ``versioned_update`` writes only
if the row still has that version, bumping it (and ``updated_at`` where the model has
one) in the same statement, so two people saving at once can never overwrite each
other. The loser gets ``EditConflict``; the view calls ``conflict_show`` so the form
re-displays with their typed text, the current version and one plain message, and the
page shows what the other person saved with ``templates/_partials/_edit_conflict.html``
(``conflict_notice`` does both: the re-display and the notice's rows).

Services that lock a row with ``select_for_update`` first call ``version_check`` and
then write through ``versioned_update`` with the locked row's own version, so the
version and ``updated_at`` are bumped in this module only.
"""

from django.contrib import messages
from django.db.models import F, Model
from django.utils import timezone

from coproduce.forms import saved_values

CONFLICT_MESSAGE = (
    "Someone else saved changes while you were editing, so yours were not saved. "
    "Everything you typed is still in the form, and what they saved is shown on "
    "this page. Check both, then save again."
)


class EditConflict(Exception):
    """Someone else saved the same record after this form was opened."""


def versioned_update(instance: Model, *, seen_version: int | None, **values) -> None:
    """Save ``values`` on ``instance`` only if nobody saved it since ``seen_version``.

    Raises ``EditConflict`` when the stored version differs. On success the instance
    in memory carries the new values and version.
    """
    model = type(instance)
    field_names = {f.name for f in model._meta.concrete_fields}
    if "updated_at" in field_names and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    updated = model._default_manager.filter(
        pk=instance.pk, edit_version=seen_version
    ).update(edit_version=F("edit_version") + 1, **values)
    if not updated:
        raise EditConflict
    for name, value in values.items():
        setattr(instance, name, value)
    instance.edit_version = (seen_version or 0) + 1


def version_check(locked: Model, seen_version: int | None) -> None:
    """For rows already locked with ``select_for_update``: refuse a stale version."""
    if seen_version is not None and locked.edit_version != seen_version:
        raise EditConflict


def current_version(instance: Model) -> int:
    """The version stored now, read fresh (the instance in hand may be stale)."""
    return (
        type(instance)
        ._default_manager.filter(pk=instance.pk)
        .values_list("edit_version", flat=True)
        .get()
    )


def conflict_show(request, form, version: int, message: str = CONFLICT_MESSAGE):
    """Re-display ``form`` with the typed text kept and the current version, so the
    next save is checked against what is stored now."""
    form.data = form.data.copy()
    form.data[form.add_prefix("edit_version")] = version
    form.edit_conflict = True
    messages.error(request, message)


def conflict_notice(request, form, saved: Model, *, extra=()) -> list[dict]:
    """After ``EditConflict``: re-display ``form`` against ``saved`` (the row as stored
    now, read fresh) and return the rows of the conflict notice, what ``saved`` holds
    under the form's labels (``coproduce.forms.saved_values``; ``extra`` adds
    ``(label, value)`` pairs the form does not hold)."""
    conflict_show(request, form, saved.edit_version)
    return saved_values(form, saved, extra=extra)
