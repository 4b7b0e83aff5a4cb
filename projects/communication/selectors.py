"""Reading people's communication needs, the same way for pages, emails and lists."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats, timezone

from projects.models import (
    Attendance,
    CommunicationNeeds,
    ContactMethod,
    InformationFormat,
    Language,
)

# The languages a page or email can be given in (Django language codes).
PAGE_LANGUAGES = {Language.ENGLISH.value, Language.WELSH.value}


def needs_of(stakeholder) -> CommunicationNeeds | None:
    """The person's recorded needs, or None (no query when they were
    select_related or prefetched with the person)."""
    if stakeholder is None:
        return None
    try:
        return stakeholder.communication_needs
    except ObjectDoesNotExist:
        return None


def person_label(stakeholder) -> str:
    """A person as a choice in a form (attendance, scoring links): name, role and,
    in words, any communication needs."""
    label = f"{stakeholder.display_name} ({stakeholder.role_shown})"
    needs = needs_of(stakeholder)
    if needs is not None and needs.has_needs:
        label += f" · Communication needs: {needs.summary()}"
    return label


def preferred_language(stakeholder) -> str:
    """The Django language code to show this person pages and emails in: "cy" for
    someone who chose Welsh, otherwise "en" (also when nothing is recorded, when
    there is no person, or when their language is one we have no pages in)."""
    needs = needs_of(stakeholder)
    if needs is not None and needs.language in PAGE_LANGUAGES:
        return needs.language
    return Language.ENGLISH.value


def prefers_easy_read(stakeholder) -> bool:
    """Whether this person asked for information in easy read."""
    needs = needs_of(stakeholder)
    return needs is not None and InformationFormat.EASY_READ in needs.formats


def needs_saved(stakeholder) -> CommunicationNeeds | None:
    """The person's needs as stored now (for the edit-conflict notice)."""
    return CommunicationNeeds.objects.filter(stakeholder=stakeholder).first()


def need_rows(needs: CommunicationNeeds | None) -> list[dict]:
    """Each recorded need with its "arranged" tick (or None), for the person's
    page and the unmet-needs list."""
    if needs is None:
        return []
    ticks = {a.need: a for a in needs.arrangements.all()}
    return [
        {"key": key, "label": label, "arranged": ticks.get(key)}
        for key, label in needs.needs()
    ]


# Where people are invited. Each app that invites people registers a function
# taking a programme and giving (stakeholder id, what they are invited to) pairs
# for what is still to come: activities here, scoring rounds and reviews in
# evaluation (evaluation/apps.py). Registered at start-up, so projects need not
# import the apps built on it.
INVITATION_SOURCES: list = []


def invitation_source(func):
    """Register ``func(programme, today)`` as a source of upcoming invitations."""
    if func not in INVITATION_SOURCES:
        INVITATION_SOURCES.append(func)
    return func


@invitation_source
def upcoming_activity_invitations(programme, today):
    rows = (
        Attendance.objects.filter(
            activity__project__programme=programme,
            activity__held_on__gte=today,
            stakeholder__isnull=False,
        )
        .values_list("stakeholder_id", "activity__title", "activity__held_on")
        .order_by("activity__held_on")
    )
    for stakeholder_id, title, held_on in rows:
        yield stakeholder_id, f"{title} ({formats.date_format(held_on)})"


def unmet_needs(programme, *, today=None) -> list[dict]:
    """People of the programme invited to something still to come (an activity, an
    open scoring round, an open review) who have a need nobody has ticked as
    arranged. One query per invitation source, then two for the people's needs."""
    today = today or timezone.localdate()
    invited: dict[int, list[str]] = {}
    for source in INVITATION_SOURCES:
        for stakeholder_id, what in source(programme, today):
            places = invited.setdefault(stakeholder_id, [])
            if what not in places:
                places.append(what)
    if not invited:
        return []
    records = (
        CommunicationNeeds.objects.filter(
            stakeholder_id__in=list(invited), stakeholder__programme=programme
        )
        .select_related("stakeholder")
        .prefetch_related("arrangements")
        .order_by("stakeholder__display_name", "pk")
    )
    rows = []
    for needs in records:
        unmet = [row for row in need_rows(needs) if row["arranged"] is None]
        if unmet:
            rows.append(
                {
                    "person": needs.stakeholder,
                    "needs": needs,
                    "unmet": unmet,
                    "invited_to": invited[needs.stakeholder_id],
                }
            )
    return rows


# What a link or an email alone cannot do for someone, said to whoever sends it.
_FORMAT_NOTES = {
    InformationFormat.LARGE_PRINT: "needs large print: anything printed or posted "
    "should be in large print",
    InformationFormat.BSL: "uses British Sign Language: an email cannot meet this, "
    "so arrange an interpreter or a signed explanation",
    InformationFormat.BRAILLE: "needs braille: an email cannot meet this, so send "
    "a braille copy or ask how they read their email",
    InformationFormat.AUDIO: "needs audio: phone them or send a recording as well",
    InformationFormat.READ_WITH_SUPPORTER: "needs a carer or supporter to read it "
    "with them: let their supporter know",
    InformationFormat.OTHER: "needs another format",
}
_CONTACT_NOTES = {
    ContactMethod.POST: "prefers post: send the link by post as well",
    ContactMethod.PHONE: "prefers a phone call: phone them with the link",
    ContactMethod.TEXT: "prefers a text message: text them the link",
    ContactMethod.SUPPORTER: "prefers contact through a supporter: pass the link "
    "to their supporter",
}


def sending_notes(people) -> list[dict]:
    """For whoever sends links or invitations: each person whose needs an email
    or a web link alone cannot meet, with what to do, as {"person", "notes"}.
    Reads only what was loaded with the people (select_related
    "communication_needs")."""
    rows = []
    for person in people:
        needs = needs_of(person)
        if needs is None:
            continue
        notes = []
        for code in needs.formats:
            note = _FORMAT_NOTES.get(code)
            if note and code == InformationFormat.OTHER and needs.format_other:
                note = f"needs {needs.format_other}"
            if note:
                notes.append(note)
        note = _CONTACT_NOTES.get(needs.contact_method)
        if note:
            notes.append(note)
        if needs.contact_method == ContactMethod.SUPPORTER and needs.supporter:
            notes.append(f"their supporter: {needs.supporter}")
        if notes:
            rows.append({"person": person, "notes": notes})
    return rows
