"""The demo programme: 25 projects modelled on a regional co-production programme.

Titles and partners follow the published list; briefs and people are written for the
demo and kept in ``data/projects.toml``. Loading is idempotent: rows are matched on
natural keys and created through the project services when missing; projects and
people already there are brought back to the data file's values through the same
services when they differ.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from evaluation.demo import demo_data, demo_date
from projects import services
from projects.invitations.services import invitation_create
from projects.models import (
    AccessRole,
    BriefRevision,
    Invitation,
    InvolvementLevel,
    Organisation,
    Programme,
    Project,
    ProjectComment,
    ProjectStakeholder,
    SeldomHeardGroup,
    Stakeholder,
)

DATA = demo_data("projects")
PROGRAMME_SLUG = DATA["programme"]["slug"]
DEMO_PASSWORD = "coproduce-demo-only"
DEMO_USERS = [
    ("fran", "Fran", "Okafor", "fran@example.org", AccessRole.FACILITATOR),
    ("cam", "Cam", "Reid", "cam@example.org", AccessRole.COMMISSIONER),
    ("eve", "Eve", "Lindqvist", "eve@example.org", AccessRole.EVALUATOR),
]
PROJECT_DAYS = 540


def _programme() -> Programme:
    """The partner organisations and the programme, made through the services of
    their forms when missing (rows already there are left as they are)."""
    have = set(Organisation.objects.values_list("name", flat=True))
    for name, kind in DATA["organisations"].items():
        if name not in have:
            services.organisation_create(data={"name": name, "kind": kind})
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG).first()
    if programme is None:
        spec = DATA["programme"]
        programme = services.programme_create(
            data={
                "name": spec["name"],
                "slug": PROGRAMME_SLUG,
                "description": spec["description"],
                "lead_organisation": Organisation.objects.get(
                    name=spec["lead_organisation"]
                ),
            }
        )
    return programme


def _users(programme: Programme) -> dict:
    User = get_user_model()
    users = {}
    for username, first, last, email, role in DEMO_USERS:
        # Accounts are made in the admin; the demo sets its published passwords here.
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": email},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        services.programme_member_set(programme=programme, login=username, role=role)
        users[username] = user
    return users


def _project_data(spec: dict) -> dict:
    start = demo_date(spec["start"])
    return {
        "title": spec["title"],
        "slug": spec["slug"],
        "status": spec["status"],
        "status_reason": spec["status_reason"],
        "start_date": start,
        "target_end_date": start + dt.timedelta(days=PROJECT_DAYS),
        "cycle_part": spec["cycle_part"],
        "involvement_aim": InvolvementLevel.CO_PRODUCTION,
    }


def _project(programme, spec, partner, fran) -> Project:
    data = _project_data(spec)
    project = Project.objects.filter(slug=spec["slug"]).first()
    if project is None:
        project = services.project_create(
            programme=programme,
            author=fran,
            data={**data, "brief": spec["brief"]},
            partners=[partner],
        )
        revision = DATA["brief_revisions"].get(spec["slug"])
        if revision:
            services.brief_revise(
                project=project,
                text=revision["text"],
                reason=revision["reason"],
                author=fran,
                seen_version=project.edit_version,
            )
        _briefs_backdate(project)
        return project
    data["involvement_aim"] = project.involvement_aim
    stored = {field: getattr(project, field) for field in data}
    partners = list(project.partners.all())
    if stored != data or partners != [partner]:
        services.project_update(
            project=project,
            data=data,
            partners=[partner],
            seen_version=project.edit_version,
            author=fran,
        )
        project.refresh_from_db()
    return project


# The revised brief came out of the first round of discovery work, months in.
BRIEF_REVISED_AFTER_DAYS = 120


def _briefs_backdate(project: Project) -> None:
    """Date the brief versions in the story: the first on the project's start, a
    revision months later (both long before any report quotes them)."""
    for revision in BriefRevision.objects.filter(project=project):
        day = project.start_date + dt.timedelta(
            days=(revision.number - 1) * BRIEF_REVISED_AFTER_DAYS
        )
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        BriefRevision.objects.filter(pk=revision.pk).update(created_at=moment)


def _person(programme, spec, orgs, groups, projects) -> None:
    data = {
        "display_name": spec["name"],
        "is_pseudonym": spec["pseudonym"],
        "role_category": spec["role"],
        "organisation": orgs.get(spec.get("organisation")),
    }
    chosen = [groups[name] for name in spec["groups"]]
    person = Stakeholder.objects.filter(
        programme=programme, display_name=spec["name"]
    ).first()
    if person is None:
        person = services.stakeholder_create(
            programme=programme, data=data, groups=chosen
        )
    elif {f: getattr(person, f) for f in data} != data or set(
        person.seldom_heard_groups.all()
    ) != set(chosen):
        services.stakeholder_update(
            stakeholder=person,
            data=data,
            groups=chosen,
            seen_version=person.edit_version,
        )
    slugs = list(projects) if spec.get("all_projects") else spec["projects"]
    attached = set(
        ProjectStakeholder.objects.filter(stakeholder=person).values_list(
            "project__slug", flat=True
        )
    )
    for slug in slugs:
        if slug not in attached:
            services.stakeholder_attach(
                project=projects[slug],
                stakeholder=person,
                joined_on=projects[slug].start_date,
            )


@transaction.atomic
def demo_load() -> dict:
    """Create or refresh the demo programme. Returns the demo sign-ins."""
    programme = _programme()
    users = _users(programme)
    orgs = {org.name: org for org in Organisation.objects.all()}
    projects = {
        spec["slug"]: _project(programme, spec, orgs[spec["partner"]], users["fran"])
        for spec in DATA["projects"]
    }
    # Seldom-heard groups are a shared list kept in the admin; no service writes them.
    groups = {
        name: SeldomHeardGroup.objects.get_or_create(name=name)[0]
        for name in DATA["groups"]
    }
    for spec in DATA["people"]:
        _person(programme, spec, orgs, groups, projects)
    comment = DATA["comment"]
    if not ProjectComment.objects.filter(
        project=projects[comment["project"]],
        author=users[comment["author"]],
        body=comment["body"],
    ).exists():
        services.comment_add(
            project=projects[comment["project"]],
            author=users[comment["author"]],
            body=comment["body"],
        )
    _invitation(programme, users)
    return {u: DEMO_PASSWORD for u in users}


def _invitation(programme: Programme, users: dict) -> None:
    """One invitation waiting to be accepted, made through the invitation service
    (without sending an email) unless one for that address is still waiting."""
    spec = DATA["invitation"]
    waiting = Invitation.objects.filter(
        programme=programme,
        email=spec["email"],
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if not waiting.exists():
        invitation_create(
            programme=programme,
            email=spec["email"],
            role=spec["role"],
            invited_by=users[spec["invited_by"]],
        )
