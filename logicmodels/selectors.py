"""Reads of logic models shared by pages and PDF reports: fixed queries per call."""

from django.db.models import Max, Prefetch, Q, QuerySet

from logicmodels.models import (
    GuidingQuestions,
    LogicItem,
    LogicModel,
    LogicModelVersion,
    ModelKind,
    Section,
    VersionStatus,
)
from logicmodels.services import DEFAULT_GUIDING_QUESTIONS


def with_content(versions: QuerySet) -> QuerySet:
    """Versions with their project, people, items (in order) and links: 3 queries."""
    return versions.select_related(
        "logic_model__project__programme",
        "created_by",
        "agreed_by",
        "updated_by",
        "copied_from__logic_model",
    ).prefetch_related(
        Prefetch("items", queryset=LogicItem.objects.order_by("section", "position")),
        "links",
    )


def project_versions(project) -> QuerySet:
    """Every version of the project's models, a priori first, newest first."""
    return (
        LogicModelVersion.objects.filter(logic_model__project=project)
        .select_related("logic_model", "created_by", "agreed_by")
        .order_by("logic_model__kind", "-number")
    )


def latest_models(project) -> dict[str, LogicModelVersion | None]:
    """The newest version of each kind ({"a-priori": v, "post-facto": v}), with items
    and links, or None where the project has no model of that kind."""
    latest = LogicModel.objects.filter(project=project).annotate(
        newest=Max("versions__number")
    )
    wanted = [
        Q(logic_model=logic_model, number=logic_model.newest)
        for logic_model in latest
        if logic_model.newest is not None
    ]
    result = {kind.value: None for kind in ModelKind}
    if not wanted:
        return result
    condition = wanted[0]
    for q in wanted[1:]:
        condition |= q
    for version in with_content(LogicModelVersion.objects.filter(condition)):
        result[version.logic_model.kind] = version
    return result


def latest_agreed(project, kind: str) -> LogicModelVersion | None:
    return (
        LogicModelVersion.objects.filter(
            logic_model__project=project,
            logic_model__kind=kind,
            status=VersionStatus.AGREED,
        )
        .select_related("logic_model")
        .order_by("-number")
        .first()
    )


def copy_source(project) -> LogicModelVersion | None:
    """What a new post facto model starts from: the latest agreed a priori version,
    or the a priori draft if none is agreed yet."""
    return (
        LogicModelVersion.objects.filter(
            logic_model__project=project, logic_model__kind=ModelKind.A_PRIORI
        )
        .select_related("logic_model")
        .order_by("status", "-number")  # "agreed" sorts before "draft"
        .first()
    )


def version_for(project, kind: str, number: int) -> LogicModelVersion | None:
    return with_content(
        LogicModelVersion.objects.filter(
            logic_model__project=project, logic_model__kind=kind, number=number
        )
    ).first()


def draft_for(project, kind: str) -> LogicModelVersion | None:
    return with_content(
        LogicModelVersion.objects.filter(
            logic_model__project=project,
            logic_model__kind=kind,
            status=VersionStatus.DRAFT,
        )
    ).first()


def versions_by_id(project, ids) -> dict[int, LogicModelVersion]:
    """The project's versions with these ids, with content (others are ignored)."""
    versions = with_content(
        LogicModelVersion.objects.filter(logic_model__project=project, pk__in=ids)
    )
    return {version.pk: version for version in versions}


def crib_sheet(programme) -> dict[Section, GuidingQuestions]:
    """The programme's guiding questions per section; defaults where none are saved."""
    saved = {
        Section(row.section): row
        for row in GuidingQuestions.objects.filter(programme=programme)
    }
    for section in Section:
        if section not in saved:
            questions, prompts = DEFAULT_GUIDING_QUESTIONS[section]
            saved[section] = GuidingQuestions(
                programme=programme,
                section=section,
                questions="\n".join(questions),
                reflection_prompts="\n".join(prompts),
            )
    return dict(sorted(saved.items()))


def version_sections(version: LogicModelVersion, crib: dict | None = None) -> list:
    """One dict per section: items, reflection and (if given) guiding questions."""
    items_by_section = {section: [] for section in Section}
    for item in version.items.all():
        items_by_section[Section(item.section)].append(item)
    return [
        {
            "section": section,
            "key": section.key,
            "label": section.label,
            "items": items_by_section[section],
            "reflection": version.reflection_for(section),
            "questions": crib[section].question_list() if crib else [],
            "prompts": crib[section].prompt_list() if crib else [],
        }
        for section in Section
    ]


def version_items(version: LogicModelVersion) -> list:
    """The version's items (prefetched when the version came ``with_content``)."""
    return list(version.items.all())


def version_links(version: LogicModelVersion) -> list:
    return list(version.links.all())
