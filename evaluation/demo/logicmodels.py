"""Demo logic models: a priori models for a dozen projects and, for the projects that
finished, post facto models that differ from them (kept, reworded, dropped and added
items, unanticipated outcomes), so the comparison has something to show.

Written for the demo; built through the services, as a facilitator would. Idempotent:
a project that already has a model of a kind is left alone.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

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

# Each project: "a" (the a priori model), optional "a2" (changes agreed as version 2),
# optional "post" (changes that make the post facto model) and "post2" (a later draft).
# A model or a change set holds:
#   add: {section key: [text, or (text, anticipation, effect) for outcomes]}
#   reword: {(section key, index): text}   drop: [(section key, index)]
#   flags: {(section key, index): (anticipation, effect)}
#   links: "in0>act0 act0>out1 ..." (indexes in the finished list) or a list of
#          ((key, text prefix), (key, text prefix)) pairs
#   notes: reflections {section key: text} and checks {"story": (answer, note), ...}
#   agree: whether the version is agreed (drafts stay open)
MODELS = {
    "take-part-1": {
        "a": {
            "add": {
                "ctx": [
                    "Tenants said support from the association felt done to them",
                    "The association wanted a cheaper way to reduce isolation",
                ],
                "in": [
                    "Facilitators' time for nine months",
                    "Tenant volunteers willing to train as peer supporters",
                    "A small budget for rooms and travel",
                ],
                "act": [
                    "Six co-design workshops with tenants and staff",
                    "Peer supporter training course",
                    "A tenants' newsletter about the pilot",
                ],
                "out": [
                    "A peer support offer designed by tenants",
                    "Twelve trained peer supporters",
                    "Newsletter sent to every household",
                ],
                "oc": [
                    "Tenants feel less alone",
                    "The association adopts peer support in its service plan",
                ],
            },
            "links": "in0>act0 in1>act0 in1>act1 in2>act1 in0>act2 act0>out0 "
            "act1>out1 act2>out2 out0>oc0 out1>oc0 out0>oc1",
            "notes": {
                "ctx": "Staff were keen but worried that tenants would expect more "
                "than the pilot could give.",
                "in": "We relied heavily on two tenant champions.",
            },
        },
        "post": {
            "reword": {
                ("act", 0): "Four co-design workshops with tenants and staff",
                ("out", 1): "Seven trained peer supporters",
            },
            "drop": [("act", 2), ("out", 2)],
            "add": {
                "act": ["Door-knocking with tenant volunteers"],
                "oc": [
                    (
                        "Two volunteers became tenant board members",
                        "unanticipated",
                        "positive",
                    ),
                    (
                        "Some volunteers felt overloaded when the pilot grew",
                        "unanticipated",
                        "negative",
                    ),
                ],
            },
            "flags": {("oc", 0): ("anticipated", "positive")},
            "links": [
                (("in", "Tenant volunteers"), ("act", "Door-knocking")),
                (("act", "Door-knocking"), ("out", "A peer support offer")),
                (("out", "Seven trained"), ("oc", "Two volunteers")),
                (("out", "Seven trained"), ("oc", "Some volunteers")),
            ],
            "notes": {
                "act": "Workshops were cut to four after the summer; door-knocking "
                "reached tenants who never come to meetings.",
                "oc": "The biggest change was in the volunteers themselves. We did "
                "not plan for how much support they would need.",
                "story": ("yes", "The story holds, with door-knocking as the turn."),
                "gaps": ("partly", "We have little from tenants who said no."),
                "trace": ("yes", "Every outcome links back to volunteers' time."),
            },
        },
    },
    "multiple-complex-needs": {
        "a": {
            "add": {
                "ctx": [
                    "Services for homelessness, addiction and mental health work "
                    "separately",
                    "Public health commissioners want to re-commission support",
                ],
                "in": [
                    "Commissioners' time and data",
                    "People with lived experience paid for their time",
                    "Facilitators to plan and run sessions",
                ],
                "act": [
                    "Listening events in hostels and day centres",
                    "Design group of commissioners and people with lived experience",
                ],
                "out": [
                    "A report of what people said",
                    "Options for a new support model",
                ],
                "oc": ["A new support service is commissioned"],
            },
            "links": "in0>act1 in1>act0 in1>act1 in2>act0 in2>act1 act0>out0 "
            "act1>out1 out0>oc0 out1>oc0",
            "agree": True,
        },
        "a2": {
            "reword": {
                ("act", 1): "Design group shaping a single front door with people "
                "who have lived experience",
            },
            "add": {
                "out": ["An outline of a single front door with peer mentors"],
            },
            "links": [
                (("act", "Design group"), ("out", "An outline")),
                (("out", "An outline"), ("oc", "A new support")),
            ],
            "notes": {
                "ctx": "Once people with lived experience joined, the problem was "
                "reframed: the issue was too many doors, not too little support.",
            },
        },
        "post": {
            "reword": {
                ("oc", 0): "A single front door service is commissioned with peer "
                "mentors",
            },
            "drop": [("out", 1)],
            "add": {
                "out": ["Peer mentor role description written with mentors"],
                "oc": [
                    (
                        "Commissioners now pay lived experience experts",
                        "unanticipated",
                        "positive",
                    ),
                    (
                        "Procurement rules delayed the new service by six months",
                        "unanticipated",
                        "negative",
                    ),
                ],
            },
            "links": [
                (("act", "Design group"), ("out", "Peer mentor")),
                (("out", "Peer mentor"), ("oc", "Commissioners now pay")),
                (("out", "An outline"), ("oc", "Procurement rules")),
            ],
            "notes": {
                "oc": "The front door was commissioned, later than hoped. Paying "
                "people for their expertise is the change people mention most.",
                "story": ("yes", ""),
                "gaps": (
                    "partly",
                    "Too early to say what users of the new service think.",
                ),
                "trace": ("partly", "The payment change has no clear single cause."),
            },
        },
        "post2": {
            "add": {
                "oc": [
                    (
                        "Two mentors employed by the new provider",
                        "unanticipated",
                        "positive",
                    )
                ]
            },
            "links": [(("out", "Peer mentor"), ("oc", "Two mentors"))],
            "agree": False,
        },
    },
    "gypsy-traveller": {
        "a": {
            "add": {
                "ctx": [
                    "Gypsy and Traveller families rarely use local GP services",
                    "Little trust between families and the health service",
                ],
                "in": [
                    "A community member as paid co-researcher",
                    "CCG engagement lead's time",
                    "Facilitators' time",
                ],
                "act": [
                    "Conversations on sites, led by the co-researcher",
                    "A health day on the largest site",
                ],
                "out": [
                    "Stories of using health services",
                    "A list of barriers and fixes",
                ],
                "oc": [
                    "GP practices change how they register families",
                    "Families use GP services more",
                ],
            },
            "links": "in0>act0 in2>act0 in1>act1 in2>act1 act0>out0 act0>out1 "
            "act1>out1 out1>oc0 out0>oc1 out1>oc1",
        },
        "post": {
            "reword": {
                ("act", 1): "Two health days on sites, with a practice nurse",
                ("oc", 0): "Three GP practices change how they register families",
            },
            "drop": [("oc", 1)],
            "add": {
                "out": ["A short film made by young people on site"],
                "oc": [
                    (
                        "The film is used in training for GP receptionists",
                        "unanticipated",
                        "positive",
                    ),
                ],
            },
            "links": [
                (("act", "Conversations"), ("out", "A short film")),
                (("out", "A short film"), ("oc", "The film")),
            ],
            "notes": {
                "oc": "We could not measure whether families use services more; "
                "that outcome was dropped rather than guessed.",
                "story": (
                    "yes",
                    "Trust built through the co-researcher is the thread.",
                ),
                "gaps": ("yes", "No data on use of services."),
                "trace": ("yes", ""),
            },
        },
    },
    "young-peoples-drug-alcohol": {
        "a": {
            "add": {
                "ctx": [
                    "The drug and alcohol contract for young people ends next year",
                    "Young people were not asked about the current service",
                ],
                "in": [
                    "Young people who have used the service",
                    "Commissioner's time",
                    "Youth workers to support young people",
                ],
                "act": [
                    "Focus groups with young people",
                    "Young people write questions for bidders",
                    "Young people sit on the interview panel",
                ],
                "out": [
                    "Service specification shaped by young people",
                    "Young people's scores count in the decision",
                ],
                "oc": ["The new service is easier for young people to use"],
            },
            "links": "in0>act0 in2>act0 in0>act1 in1>act1 in0>act2 in2>act2 "
            "act0>out0 act1>out1 act2>out1 out0>oc0 out1>oc0",
        },
        "post": {
            "reword": {
                ("out", 1): "Young people's scores made up a fifth of the decision",
            },
            "add": {
                "act": ["Mystery shopping of the new service by young people"],
                "oc": [
                    (
                        "The council uses young panels in other tenders",
                        "unanticipated",
                        "positive",
                    ),
                ],
            },
            "flags": {("oc", 0): ("anticipated", "positive")},
            "links": [
                (("in", "Young people who"), ("act", "Mystery shopping")),
                (("act", "Mystery shopping"), ("out", "Service specification")),
                (("out", "Young people's scores"), ("oc", "The council uses")),
            ],
            "notes": {
                "act": "The panel went well; young people asked sharper questions "
                "than officers.",
                "story": ("yes", ""),
                "gaps": ("no", ""),
                "trace": ("yes", ""),
            },
        },
    },
    "innovation-fund": {
        "a": {
            "add": {
                "ctx": ["Older people in some wards are very isolated"],
                "in": [
                    "A fund for small local ideas",
                    "Older residents on the grants panel",
                ],
                "act": [
                    "Training for older residents on judging bids",
                    "Panel meetings to choose projects",
                ],
                "out": ["Twenty small projects funded"],
                "oc": [
                    "Fewer older people feel lonely",
                    "Older residents keep deciding on local funding",
                ],
            },
            "links": "in1>act0 in0>act1 in1>act1 act0>out0 act1>out0 out0>oc0 out0>oc1",
        },
        "post": {
            "reword": {("out", 0): "Fourteen small projects funded"},
            "add": {
                "act": ["Visits to funded groups by panel members"],
                "oc": [
                    (
                        "Panel members formed their own friendship group",
                        "unanticipated",
                        "positive",
                    ),
                ],
            },
            "links": [
                (("in", "Older residents"), ("act", "Visits")),
                (("out", "Fourteen"), ("oc", "Panel members")),
            ],
            "agree": False,
            "notes": {
                "oc": "Draft: loneliness figures from the funded groups are due."
            },
        },
    },
    "patient-engagement": {
        "a": {
            "add": {
                "ctx": [
                    "Patient feedback is collected but rarely acted on",
                    "The hospital wants methods it can keep going itself",
                ],
                "in": ["Patient experience team's time", "Volunteer patient partners"],
                "act": [
                    "Co-design sessions on new feedback methods",
                    "Pilot of bedside feedback cards on two wards",
                ],
                "out": ["Two tested feedback methods", "A guide for ward staff"],
                "oc": ["Wards change practice based on feedback"],
            },
            "links": "in0>act0 in1>act0 in0>act1 act0>out0 act1>out0 act0>out1 "
            "out0>oc0 out1>oc0",
        },
        "post": {
            "drop": [("act", 1), ("out", 1), ("oc", 0)],
            "reword": {("out", 0): "Two feedback methods designed but not tested"},
            "add": {
                "oc": [
                    (
                        "Patient partners were disappointed when the pilot stopped",
                        "unanticipated",
                        "negative",
                    ),
                    (
                        "The patient experience team kept the design notes",
                        "anticipated",
                        "positive",
                    ),
                ],
            },
            "links": [
                (("out", "Two feedback"), ("oc", "Patient partners")),
                (("out", "Two feedback"), ("oc", "The patient experience")),
            ],
            "notes": {
                "ctx": "A reorganisation moved the team's priorities; no ward could "
                "take the pilot on.",
                "oc": "Stopping without a clear message to patient partners hurt "
                "trust. Next time agree an exit plan at the start.",
                "story": ("partly", "The story stops at design."),
                "gaps": ("yes", "We never learned whether the methods work."),
                "trace": ("yes", ""),
            },
        },
    },
    "coproduction-network": {
        "a": {
            "add": {
                "ctx": ["Practitioners across England lack support for co-production"],
                "in": ["Partner organisations' time", "Facilitators to run scoping"],
                "act": ["Scoping survey of practitioners", "Round-table with partners"],
                "out": [
                    "Evidence of demand for a network",
                    "An agreed host and budget",
                ],
                "oc": ["A national network is launched"],
            },
            "links": "in1>act0 in0>act1 act0>out0 act1>out1 out0>oc0 out1>oc0",
        },
        "post": {
            "drop": [("out", 1), ("oc", 0)],
            "add": {
                "oc": [
                    (
                        "Partners share a clearer picture of what practitioners want",
                        "anticipated",
                        "positive",
                    ),
                    ("No partner could host the network", "unanticipated", "negative"),
                ],
            },
            "links": [
                (("out", "Evidence"), ("oc", "Partners share")),
                (("out", "Evidence"), ("oc", "No partner")),
            ],
            "notes": {
                "oc": "Demand was clear but nobody could fund a host. The work "
                "stopped after scoping.",
                "story": ("yes", ""),
                "gaps": ("partly", "Why funding fell through is only partly known."),
                "trace": ("partly", ""),
            },
        },
    },
    "transition": {
        "a": {
            "add": {
                "ctx": [
                    "Young people find the move to adult social care abrupt",
                ],
                "in": [
                    "Young people with experience of transition",
                    "Social workers' time",
                ],
                "act": [
                    "Creative workshops with an artist",
                    "Review of case files with young people",
                ],
                "out": ["Young people's map of the transition journey"],
                "oc": ["Transition planning starts earlier"],
            },
            "links": "in0>act0 in0>act1 in1>act1 act0>out0 act1>out0 out0>oc0",
        },
        "post": {
            "reword": {("oc", 0): "Transition planning starts at age 14 instead of 17"},
            "add": {
                "out": ["A film used in social work induction"],
                "oc": [
                    (
                        "Young people trained as peer reviewers",
                        "unanticipated",
                        "positive",
                    )
                ],
            },
            "links": [
                (("act", "Creative"), ("out", "A film")),
                (("out", "A film"), ("oc", "Young people trained")),
            ],
            "notes": {"story": ("yes", ""), "gaps": ("no", ""), "trace": ("yes", "")},
        },
    },
    "autism-services": {
        "a": {
            "add": {
                "ctx": [
                    "Adults wait over two years for an autism assessment",
                    "Families say support after diagnosis is missing",
                ],
                "in": [
                    "Autistic adults and families as design partners",
                    "CCG commissioning lead",
                    "Clinicians from the assessment service",
                ],
                "act": [
                    "Discovery workshops with autistic adults and families",
                    "Pathway mapping with clinicians",
                ],
                "out": [
                    "Shared priorities for the pathway",
                    "Options for a shorter wait",
                ],
                "oc": ["A shorter wait for assessment", "Support after diagnosis"],
            },
            "links": "in0>act0 in1>act0 in2>act1 in1>act1 act0>out0 act1>out1 "
            "out1>oc0 out0>oc1",
            "agree": True,
        },
        "a2": {
            "reword": {
                (
                    "oc",
                    1,
                ): "A post-diagnosis support offer designed with autistic adults",
            },
            "add": {"act": ["Test a peer support group after diagnosis"]},
            "links": [(("in", "Autistic adults"), ("act", "Test a peer"))],
            "agree": False,
            "notes": {
                "ctx": "The brief was revised: support after diagnosis matters as "
                "much as the wait itself.",
            },
        },
    },
    "doing-care-differently": {
        "a": {
            "add": {
                "ctx": ["Home care visits are short and rushed"],
                "in": ["Carers and clients", "Provider managers"],
                "act": ["Co-design sessions on a new model of home care"],
                "out": ["A description of the new model"],
                "oc": ["Commissioners buy home care differently"],
            },
            "links": "in0>act0 in1>act0 act0>out0",
            "agree": False,
        },
    },
    "child-friendly": {
        "a": {
            "add": {
                "ctx": ["The borough wants to be recognised as child friendly"],
                "in": ["Young people's advisory group", "Council officers"],
                "act": [
                    "Young people audit council services",
                    "Young people present to councillors",
                ],
                "out": ["Audit findings", "Young people's priorities for the borough"],
                "oc": ["Services change in response to young people"],
            },
            "links": "in0>act0 in1>act0 in0>act1 act0>out0 act1>out1 out0>oc0 out1>oc0",
        },
    },
    "young-peoples-housing": {
        "a": {
            "add": {
                "ctx": ["Supported housing for young people is being re-commissioned"],
                "in": [
                    "Young people living in supported housing",
                    "Commissioner's time",
                ],
                "act": [
                    "Young people help write the specification",
                    "Young people on the tender panel",
                ],
                "out": ["A specification in plain language"],
                "oc": ["Housing that feels safe and homely to young people"],
            },
            "links": "in0>act0 in1>act0 in0>act1 act0>out0 out0>oc0",
        },
    },
}

FINISHED = {"completed", "discontinued"}


def _flagged(entry) -> dict:
    if isinstance(entry, tuple):
        text, anticipation, effect = entry
        return {"text": text, "anticipation": anticipation, "effect": effect}
    return {"text": entry}


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


def _apply(version, change, author):
    """Reword, drop, flag and add items of a draft, then add links and notes."""
    before = _items(version)
    drops = {(KEYS[k], i) for k, i in change.get("drop", [])}
    rewords = {(KEYS[k], i): t for (k, i), t in change.get("reword", {}).items()}
    flags = {(KEYS[k], i): f for (k, i), f in change.get("flags", {}).items()}
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
            _backdate(version, _when(end, -30))
            if "post2" in spec:
                version = services.version_start_next(
                    logic_model=version.logic_model, author=eve
                )
                version = _apply(version, spec["post2"], eve)
                _backdate(version, _when(end, 60))
