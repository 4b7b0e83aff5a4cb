"""Helpers that build logic models through the services, as users would."""

from django.urls import reverse

from logicmodels import services
from logicmodels.models import ModelKind, Section


def rows(*texts, **flags):
    return [{"text": text, **flags} for text in texts]


def build_version(
    project,
    *,
    author=None,
    kind=ModelKind.A_PRIORI,
    items=None,
    links=(),
    agree=False,
    copy_from=None,
):
    """Start a model (or reuse its draft), fill it and optionally agree it.

    ``items`` maps a Section to a list of texts or row dicts; ``links`` are pairs of
    (section, index) tuples: ((Section.INPUTS, 0), (Section.ACTIVITIES, 0)).
    """
    from logicmodels.models import LogicModel

    logic_model = LogicModel.objects.filter(project=project, kind=kind).first()
    if logic_model is None or not logic_model.versions.exists():
        version = services.logic_model_start(
            project=project, kind=kind, author=author, copy_from=copy_from
        )
    else:
        version = services.version_start_next(logic_model=logic_model, author=author)
    if items is not None:
        sections = {
            Section(section): [
                row if isinstance(row, dict) else {"text": row} for row in entries
            ]
            for section, entries in items.items()
        }
        version = services.draft_save(
            version=version,
            author=author,
            fields={},
            sections=sections,
            seen_version=version.edit_version,
        )
    if links:
        by_place = {}
        for item in version.items.all():
            by_place[(item.section, item.position - 1)] = item
        for source, target in links:
            services.link_add(
                version=version,
                source_id=by_place[source].pk,
                target_id=by_place[target].pk,
            )
    if agree:
        version = services.version_agree(version=version, author=author)
    return version


SMALL_MODEL = {
    Section.CONTEXT: ["Long waits for an autism assessment"],
    Section.INPUTS: ["Facilitator time", "Commissioner support"],
    Section.ACTIVITIES: ["Workshops with autistic adults"],
    Section.OUTPUTS: ["A shared list of priorities"],
    Section.OUTCOMES: ["A redesigned pathway is commissioned"],
}
SMALL_LINKS = [
    ((Section.INPUTS, 0), (Section.ACTIVITIES, 0)),
    ((Section.INPUTS, 1), (Section.ACTIVITIES, 0)),
    ((Section.ACTIVITIES, 0), (Section.OUTPUTS, 0)),
    ((Section.OUTPUTS, 0), (Section.OUTCOMES, 0)),
]


def edit_url(project, kind=ModelKind.A_PRIORI):
    return reverse("logicmodels:draft_edit", args=[project.slug, kind])


def form_data(client, url, **changes):
    """The edit form as the browser would send it, with some fields changed."""
    response = client.get(url)
    assert response.status_code == 200
    data = {}
    form = response.context["form"]
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    data["version_number"] = response.context["version_number"]
    for section in response.context["sections"]:
        formset = section["formset"]
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for f in formset.forms:
            for name in f.fields:
                value = f[name].value()
                data[f.add_prefix(name)] = "" if value is None else value
    data.update(changes)
    return data
