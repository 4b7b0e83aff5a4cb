"""Demo logic models: a priori models for a dozen projects and, for the projects that
finished, post facto models that differ from them (kept, reworded, dropped and added
items, unanticipated outcomes), so the comparison has something to show.

Written for the demo (texts in ``data/logicmodels.toml``); built through the services,
as a facilitator would. Idempotent: a project that already has a model of a kind is
left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data
from evaluation.demo.projects import PROGRAMME_SLUG
from logicmodels import services
from logicmodels.models import LogicModel, LogicModelVersion, ModelKind, Section
from projects.models import Programme, Project

KEYS = {
    "ctx": Section.CONTEXT,
    "in": Section.INPUTS,
    "act": Section.ACTIVITIES,
    "out": Section.OUTPUTS,
    "oc": Section.OUTCOMES,
}

# The models and their changes, as described at the top of data/logicmodels.toml.
MODELS = demo_data("logicmodels")

FINISHED = {"completed", "discontinued"}


def _flagged(entry) -> dict:
    """An outcome with its flags ({text, anticipation, effect}) or a plain text."""
    return dict(entry) if isinstance(entry, dict) else {"text": entry}


def _items(version) -> dict:
    by_section = {section: [] for section in Section}
    for item in version.items.order_by("section", "position"):
        by_section[Section(item.section)].append(item)
    return by_section


def _find(items, key, ref):
    section_items = items[KEYS[key]]
    if isinstance(ref, int):
        return section_items[ref]
    return next(i for i in section_items if i.text.startswith(ref))


def _links(spec_links):
    if isinstance(spec_links, str):
        pairs = []
        for pair in spec_links.split():
            source, target = pair.split(">")
            pairs.append(tuple(_ref(part) for part in (source, target)))
        return pairs
    return spec_links or []


def _ref(text):
    key = text.rstrip("0123456789")
    return key, int(text[len(key) :])


def _item(name: str) -> tuple[Section, int]:
    """ "act2" -> (the activities section, 2)."""
    key, index = _ref(name)
    return KEYS[key], index


def _apply(version, change, author):
    """Reword, drop, flag and add items of a draft, then add links and notes."""
    before = _items(version)
    drops = {_item(name) for name in change.get("drop", [])}
    rewords = {_item(name): t for name, t in change.get("reword", {}).items()}
    flags = {_item(name): tuple(f) for name, f in change.get("flags", {}).items()}
    additions = {KEYS[k]: v for k, v in change.get("add", {}).items()}
    sections = {}
    for section in Section:
        rows = []
        for n, item in enumerate(before[section]):
            if (section, n) in drops:
                continue
            anticipation, effect = flags.get(
                (section, n), (item.anticipation, item.effect)
            )
            rows.append(
                {
                    "origin": item.origin,
                    "text": rewords.get((section, n), item.text),
                    "anticipation": anticipation,
                    "effect": effect,
                }
            )
        rows += [_flagged(entry) for entry in additions.get(section, [])]
        sections[section] = rows
    notes = change.get("notes", {})
    fields = {}
    for key, text in notes.items():
        if key in KEYS:
            fields[f"{KEYS[key].key}_reflection"] = text
        else:
            fields[f"{key}_answer"], fields[f"{key}_note"] = text
    version = services.draft_save(
        version=version,
        author=author,
        fields=fields,
        sections=sections,
        seen_version=version.edit_version,
    )
    after = _items(version)
    for (source_key, source_ref), (target_key, target_ref) in _links(
        change.get("links")
    ):
        services.link_add(
            version=version,
            source_id=_find(after, source_key, source_ref).pk,
            target_id=_find(after, target_key, target_ref).pk,
        )
    if change.get("agree", True):
        version = services.version_agree(version=version, author=author)
    return version


def _backdate(version, when: dt.datetime) -> None:
    """Demo history: versions dated within the project's life, not today."""
    updates = {"created_at": when, "updated_at": when + dt.timedelta(days=3)}
    if not version.is_draft:
        updates["agreed_at"] = when + dt.timedelta(days=14)
    LogicModelVersion.objects.filter(pk=version.pk).update(**updates)


def _when(day: dt.date, offset: int) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day + dt.timedelta(days=offset), dt.time(10, 30))
    )


def _has(project, kind) -> bool:
    return LogicModel.objects.filter(
        project=project, kind=kind, versions__isnull=False
    ).exists()


@transaction.atomic
def demo_load() -> None:
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        return
    services.crib_sheet_ensure(programme=programme)
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["fran", "eve"])
    }
    fran, eve = users.get("fran"), users.get("eve")
    projects = {
        p.slug: p for p in Project.objects.filter(programme=programme, slug__in=MODELS)
    }
    for slug, spec in MODELS.items():
        project = projects.get(slug)
        if project is None:
            continue
        start = project.start_date or dt.date(2017, 1, 1)
        if not _has(project, ModelKind.A_PRIORI):
            version = services.logic_model_start(
                project=project, kind=ModelKind.A_PRIORI, author=fran
            )
            version = _apply(version, spec["a"], fran)
            _backdate(version, _when(start, 20))
            if "a2" in spec:
                version = services.version_start_next(
                    logic_model=version.logic_model, author=fran
                )
                version = _apply(version, spec["a2"], fran)
                _backdate(version, _when(start, 150))
        if "post" in spec and project.status in FINISHED:
            if _has(project, ModelKind.POST_FACTO):
                continue
            source = (
                LogicModelVersion.objects.filter(
                    logic_model__project=project,
                    logic_model__kind=ModelKind.A_PRIORI,
                )
                .order_by("-number")
                .first()
            )
            version = services.logic_model_start(
                project=project,
                kind=ModelKind.POST_FACTO,
                author=eve,
                copy_from=source,
            )
            version = _apply(version, spec["post"], eve)
            end = project.target_end_date or start + dt.timedelta(days=540)
            _backdate(version, _when(end, -45))
            if "post2" in spec:
                version = services.version_start_next(
                    logic_model=version.logic_model, author=eve
                )
                version = _apply(version, spec["post2"], eve)
                # Before the project ended, agreed in its last weeks.
                _backdate(version, _when(end, -20))
