"""Recording people's communication needs and ticking them off as arranged."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coproduce.concurrency import EditConflict, versioned_update
from projects.communication.selectors import needs_of
from projects.models import CommunicationNeeds, NeedArrangement, Stakeholder


def communication_needs_save(
    *, stakeholder: Stakeholder, data: dict, seen_version: int | None, user
) -> CommunicationNeeds:
    """Record or change a person's needs. Refuses (EditConflict) when someone else
    saved them after the form was opened. Ticks for needs no longer recorded go."""
    values = {name: data.get(name, "") for name in CommunicationNeeds.RECORDED_FIELDS}
    values["formats"] = list(dict.fromkeys(data.get("formats") or []))
    if "other" in values["formats"] and not values["format_other"].strip():
        raise ValidationError({"format_other": "Say which other format they need."})
    if values["language"] == "other" and not values["language_other"].strip():
        raise ValidationError({"language_other": "Say which language they prefer."})
    needs = needs_of(stakeholder)
    with transaction.atomic():
        if needs is None:
            if seen_version:  # the form saw a record that has since been deleted
                raise EditConflict
            try:
                with transaction.atomic():
                    needs = CommunicationNeeds.objects.create(
                        stakeholder=stakeholder, updated_by=user, **values
                    )
            except IntegrityError:  # someone else recorded them first
                raise EditConflict from None
        else:
            versioned_update(
                needs, seen_version=seen_version, updated_by=user, **values
            )
        keep = [key for key, _label in needs.needs()]
        needs.arrangements.exclude(need__in=keep).delete()
    stakeholder.communication_needs = needs
    return needs


def need_arrange(
    *, needs: CommunicationNeeds, need: str, user, note: str = ""
) -> NeedArrangement:
    """Tick one recorded need as arranged (met or planned), saying who and when."""
    if need not in dict(needs.needs()):
        raise ValidationError("That need is not recorded for this person.")
    arrangement, _created = NeedArrangement.objects.update_or_create(
        needs=needs,
        need=need,
        defaults={
            "note": note.strip()[:300],
            "arranged_by": user,
            "arranged_at": timezone.now(),
        },
    )
    return arrangement


def need_unarrange(*, needs: CommunicationNeeds, need: str) -> None:
    """Take the tick off: the need is listed as unmet again."""
    NeedArrangement.objects.filter(needs=needs, need=need).delete()


def communication_needs_erase(*, stakeholder: Stakeholder) -> int:
    """Remove a person's recorded needs and their ticks (when the person is erased:
    needs can reveal a disability, so none of it is kept). Returns 1 if there were
    needs recorded, else 0."""
    deleted = CommunicationNeeds.objects.filter(stakeholder=stakeholder).delete()[1]
    return deleted.get(CommunicationNeeds._meta.label, 0)
