"""The demo programme: 25 projects modelled on a regional co-production programme.

Titles and partners follow the published list; briefs and people are written for the
demo. Loading is idempotent: rows are matched on natural keys and updated in place.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from projects.models import (
    AccessRole,
    BriefRevision,
    Organisation,
    OrganisationKind,
    Programme,
    ProgrammeMembership,
    Project,
    ProjectComment,
    ProjectStakeholder,
    RoleCategory,
    SeldomHeardGroup,
    Stakeholder,
)

PROGRAMME_SLUG = "co-create-south-yorkshire"
DEMO_PASSWORD = "coproduce-demo-only"
DEMO_USERS = [
    ("fran", "Fran", "Okafor", "fran@example.org", AccessRole.FACILITATOR),
    ("cam", "Cam", "Reid", "cam@example.org", AccessRole.COMMISSIONER),
    ("eve", "Eve", "Lindqvist", "eve@example.org", AccessRole.EVALUATOR),
]

K = OrganisationKind
ORGANISATIONS = {
    "Age Better in Sheffield": K.VOLUNTARY,
    "Barnsley Metropolitan Borough Council": K.LOCAL_AUTHORITY,
    "Co-production Network partners": K.OTHER,
    "Doncaster Clinical Commissioning Group": K.NHS_COMMISSIONER,
    "Doncaster Metropolitan Borough Council": K.LOCAL_AUTHORITY,
    "Hague University of Applied Sciences": K.UNIVERSITY,
    "Rotherham Metropolitan Borough Council": K.LOCAL_AUTHORITY,
    "Sheffield City Council": K.LOCAL_AUTHORITY,
    "Sheffield Clinical Commissioning Group": K.NHS_COMMISSIONER,
    "Sheffield Hallam University": K.UNIVERSITY,
    "Sheffield Teaching Hospitals": K.NHS_PROVIDER,
    "South Yorkshire Housing Association": K.HOUSING,
    "SYHA Enterprise": K.HOUSING,
    "Regional Co-production Unit": K.UNIVERSITY,
    "Open Door Arts": K.ARTS,
}

# (slug, title, partner, brief, status, reason, cycle part, start)
PROJECTS = [
    (
        "innovation-fund",
        "Innovation Fund",
        "Age Better in Sheffield",
        "Seed-fund small local ideas that reduce loneliness among people over 50, with "
        "older residents helping to choose what gets funded.",
        "completed",
        "",
        "do",
        "2016-04-01",
    ),
    (
        "core-partnership",
        "Core Partnership",
        "Age Better in Sheffield",
        "Try out a board where professionals and over-50s who have lived with isolation "
        "govern commissioning decisions together.",
        "completed",
        "",
        "review",
        "2016-06-01",
    ),
    (
        "extra-care",
        "Extra Care Schemes",
        "Barnsley Metropolitan Borough Council",
        "Work with residents and staff to agree how much care, and what kind, extra care "
        "housing schemes should offer.",
        "completed",
        "",
        "plan",
        "2016-09-01",
    ),
    (
        "coproduction-network",
        "Co-production Network for England",
        "Co-production Network partners",
        "Test whether practitioners want a national network that helps them put "
        "high-quality co-production into practice.",
        "discontinued",
        "Partners could not agree who would host and fund the network "
        "after the scoping stage.",
        "analyse",
        "2016-05-01",
    ),
    (
        "ae-queue",
        "A&E Queue",
        "Doncaster Clinical Commissioning Group",
        "Find out what patients make of the new A&E triage arrangements and whether "
        "queues have become shorter.",
        "completed",
        "",
        "review",
        "2016-07-01",
    ),
    (
        "intermediate-care",
        "Intermediate Care",
        "Doncaster Clinical Commissioning Group",
        "Design and evaluate new intermediate care services together with people who "
        "have recently used them.",
        "completed",
        "",
        "do",
        "2016-10-01",
    ),
    (
        "ae-attendance",
        "Attendance at A&E",
        "Doncaster Clinical Commissioning Group",
        "Building on the queue review, understand why people in their twenties use A&E "
        "more than expected.",
        "discontinued",
        "The commissioning lead moved post and the question was taken "
        "into a wider urgent care review.",
        "analyse",
        "2017-03-01",
    ),
    (
        "gypsy-traveller",
        "Gypsy Traveller Engagement",
        "Doncaster Clinical Commissioning Group",
        "Learn with Gypsy and Traveller families how they use local health services and "
        "what gets in the way.",
        "completed",
        "",
        "do",
        "2016-11-01",
    ),
    (
        "childrens-commissioning",
        "Children's Services Commissioning",
        "Doncaster Metropolitan Borough Council",
        "Build co-production into every part of the children's services commissioning "
        "cycle, not only consultation.",
        "active",
        "",
        "plan",
        "2017-01-01",
    ),
    (
        "europe-21",
        "Europe 21",
        "Hague University of Applied Sciences",
        "Gather good examples of collaborative commissioning from several European "
        "countries and share what travels well.",
        "completed",
        "",
        "analyse",
        "2017-02-01",
    ),
    (
        "transition",
        "Transition",
        "Rotherham Metropolitan Borough Council",
        "Involve young people in reviewing the support that moves them from children's "
        "to adult social care.",
        "completed",
        "",
        "review",
        "2016-09-01",
    ),
    (
        "edge-of-care",
        "Edge of Care",
        "Rotherham Metropolitan Borough Council",
        "Involve young people in reviewing services that help families stay together so "
        "children do not enter care.",
        "paused",
        "Waiting for the service redesign timetable to be confirmed.",
        "analyse",
        "2017-01-01",
    ),
    (
        "community-strategy",
        "Community Strategy",
        "Rotherham Metropolitan Borough Council",
        "Hear what children and young people think the borough's community strategy "
        "should say.",
        "completed",
        "",
        "plan",
        "2016-10-01",
    ),
    (
        "child-friendly",
        "Child Friendly Rotherham",
        "Rotherham Metropolitan Borough Council",
        "Support young people to shape the borough's work towards being recognised as "
        "child friendly.",
        "active",
        "",
        "do",
        "2017-04-01",
    ),
    (
        "young-peoples-drug-alcohol",
        "Young People's Drug & Alcohol Service",
        "Rotherham Metropolitan Borough Council",
        "Re-commission drug and alcohol support for young people with young people on "
        "the design and interview panels.",
        "completed",
        "",
        "do",
        "2016-08-01",
    ),
    (
        "young-peoples-housing",
        "Young People's Housing",
        "Rotherham Metropolitan Borough Council",
        "Re-commission supported housing for young people, with young people helping to "
        "write the specification.",
        "active",
        "",
        "plan",
        "2017-02-01",
    ),
    (
        "multiple-complex-needs",
        "Multiple Complex Needs",
        "Sheffield City Council",
        "Work with public health commissioners and people facing several disadvantages "
        "at once to design better support.",
        "completed",
        "",
        "plan",
        "2016-06-01",
    ),
    (
        "autism-services",
        "Autism Services",
        "Sheffield Clinical Commissioning Group",
        "Redesign autism services with autistic people and families to shorten the long "
        "wait for a diagnosis.",
        "active",
        "",
        "plan",
        "2016-12-01",
    ),
    (
        "module-development",
        "Module Development",
        "Sheffield Hallam University",
        "Create a university module with health students on how to co-produce with "
        "patients in mixed professional teams.",
        "completed",
        "",
        "do",
        "2017-01-01",
    ),
    (
        "patient-engagement",
        "Patient Engagement",
        "Sheffield Teaching Hospitals",
        "Try new ways of collecting patient feedback that the hospital can keep going "
        "after the project.",
        "discontinued",
        "Hospital priorities changed during a reorganisation and no team "
        "could take the pilot on.",
        "analyse",
        "2016-11-01",
    ),
    (
        "take-part-1",
        "Take Part 1",
        "South Yorkshire Housing Association",
        "Pilot a peer support offer for tenants that tenants designed themselves.",
        "completed",
        "",
        "do",
        "2016-07-01",
    ),
    (
        "take-part-2",
        "Take Part 2",
        "South Yorkshire Housing Association",
        "Run a second pilot to refine the tenant peer support offer using what the first "
        "one taught.",
        "active",
        "",
        "review",
        "2017-05-01",
    ),
    (
        "equality-impact",
        "Equality Impact Assessment",
        "South Yorkshire Housing Association",
        "Build an interactive tool that makes equality impact assessments more "
        "thoughtful and less of a tick-box.",
        "proposed",
        "",
        "analyse",
        "2017-09-01",
    ),
    (
        "customer-exit-survey",
        "Customer Exit Survey",
        "South Yorkshire Housing Association",
        "Design with customers how the association asks for feedback when people leave "
        "its services.",
        "completed",
        "",
        "review",
        "2017-01-01",
    ),
    (
        "doing-care-differently",
        "Doing Care Differently",
        "SYHA Enterprise",
        "Develop a new model of home care with carers and clients to influence how home "
        "care is commissioned.",
        "active",
        "",
        "do",
        "2017-03-01",
    ),
]

BRIEF_REVISIONS = {
    "autism-services": (
        "Redesign the pathway after diagnosis as well as the assessment itself, because "
        "families said waiting for support after diagnosis hurt as much as the wait.",
        "Discovery workshops showed that support after diagnosis mattered as much as "
        "the waiting list.",
    ),
    "multiple-complex-needs": (
        "Co-design a single front door for people facing homelessness, addiction and "
        "mental ill health at once, with peer mentors as part of the offer.",
        "The problem was reframed once people with lived experience joined the group.",
    ),
}

GROUPS = [
    "Gypsy and Traveller communities",
    "People with multiple complex needs",
    "Young carers",
    "Care leavers",
    "People over 50 living alone",
    "Autistic people",
]

R = RoleCategory
# (name, pseudonym?, role, organisation, groups, project slugs)
PEOPLE = [
    (
        "Aisha Rahman",
        False,
        R.COMMISSIONER,
        "Sheffield Clinical Commissioning Group",
        [],
        ["autism-services", "multiple-complex-needs"],
    ),
    (
        "Dr Tom Hale",
        False,
        R.CLINICIAN,
        "Sheffield Teaching Hospitals",
        [],
        ["autism-services", "patient-engagement"],
    ),
    (
        "Priya Nair",
        False,
        R.HEALTH_PROVIDER,
        "Sheffield Teaching Hospitals",
        [],
        ["patient-engagement", "ae-queue"],
    ),
    (
        "Jo Brammer",
        False,
        R.ARTS_MANAGER,
        "Open Door Arts",
        [],
        ["community-strategy", "child-friendly"],
    ),
    (
        "Sam Ellery",
        False,
        R.ARTIST,
        "Open Door Arts",
        [],
        ["community-strategy", "transition"],
    ),
    (
        "Margaret (pseudonym)",
        True,
        R.PATIENT_REP,
        None,
        ["People over 50 living alone"],
        ["innovation-fund", "core-partnership"],
    ),
    (
        "Lee",
        True,
        R.SERVICE_USER,
        None,
        ["People with multiple complex needs"],
        ["multiple-complex-needs"],
    ),
    (
        "Kez",
        True,
        R.YOUNG_PERSON,
        None,
        ["Care leavers"],
        ["transition", "young-peoples-housing", "young-peoples-drug-alcohol"],
    ),
    (
        "Ruby",
        True,
        R.YOUNG_PERSON,
        None,
        ["Young carers"],
        ["child-friendly", "community-strategy", "edge-of-care"],
    ),
    (
        "Nadia Osei",
        False,
        R.VOLUNTARY,
        "Age Better in Sheffield",
        [],
        ["innovation-fund", "core-partnership"],
    ),
    (
        "Pete Lowther",
        False,
        R.PROVIDER,
        "SYHA Enterprise",
        [],
        ["doing-care-differently", "take-part-1", "take-part-2"],
    ),
    (
        "Fran Okafor",
        False,
        R.FACILITATOR,
        "Regional Co-production Unit",
        [],
        [slug for slug, *_ in PROJECTS],
    ),
    (
        "Eve Lindqvist",
        False,
        R.EVALUATOR,
        "Regional Co-production Unit",
        [],
        ["autism-services", "multiple-complex-needs", "gypsy-traveller"],
    ),
    (
        "Mary Lee",
        False,
        R.PATIENT_REP,
        None,
        ["Gypsy and Traveller communities"],
        ["gypsy-traveller"],
    ),
    (
        "Dan Price",
        False,
        R.COMMISSIONER,
        "Rotherham Metropolitan Borough Council",
        [],
        [
            "transition",
            "edge-of-care",
            "young-peoples-housing",
            "young-peoples-drug-alcohol",
            "child-friendly",
            "community-strategy",
        ],
    ),
    (
        "Helen Marsh",
        False,
        R.COMMISSIONER,
        "Doncaster Clinical Commissioning Group",
        [],
        ["ae-queue", "ae-attendance", "intermediate-care", "gypsy-traveller"],
    ),
    ("Alex", True, R.SERVICE_USER, None, ["Autistic people"], ["autism-services"]),
    (
        "Bev Hollis",
        False,
        R.SERVICE_USER,
        None,
        [],
        ["intermediate-care", "take-part-1"],
    ),
    (
        "Chris Wood",
        False,
        R.OTHER,
        "Sheffield Hallam University",
        [],
        ["module-development"],
    ),
]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@transaction.atomic
def demo_load() -> dict:
    """Create or refresh the demo programme. Returns the demo sign-ins."""
    User = get_user_model()
    orgs = {}
    for name, kind in ORGANISATIONS.items():
        orgs[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind}
        )
    programme, _ = Programme.objects.update_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            "name": "Co:Create South Yorkshire (demo)",
            "description": (
                "A three-year programme in which a small facilitation team helped "
                "councils, NHS commissioners, housing providers and universities "
                "co-produce 25 commissioning projects with the people who use their "
                "services. This is demonstration data."
            ),
            "lead_organisation": orgs["Regional Co-production Unit"],
        },
    )
    users = {}
    for username, first, last, email, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": email},
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        ProgrammeMembership.objects.update_or_create(
            user=user, programme=programme, defaults={"role": role}
        )
        users[username] = user

    projects = {}
    for slug, title, partner, brief, status, reason, cycle, start in PROJECTS:
        start_date = _date(start)
        project, created = Project.objects.update_or_create(
            slug=slug,
            defaults={
                "programme": programme,
                "title": title,
                "status": status,
                "status_reason": reason,
                "cycle_part": cycle,
                "start_date": start_date,
                "target_end_date": start_date + dt.timedelta(days=540),
            },
        )
        project.partners.set([orgs[partner]])
        if created or not project.briefs.exists():
            project.brief = brief
            project.save(update_fields=["brief"])
            BriefRevision.objects.get_or_create(
                project=project,
                number=1,
                defaults={
                    "text": brief,
                    "reason": "Original brief",
                    "author": users["fran"],
                },
            )
            if slug in BRIEF_REVISIONS:
                text, why = BRIEF_REVISIONS[slug]
                BriefRevision.objects.create(
                    project=project,
                    number=2,
                    text=text,
                    reason=why,
                    author=users["fran"],
                )
                project.brief = text
                project.save(update_fields=["brief"])
        projects[slug] = project

    groups = {
        name: SeldomHeardGroup.objects.get_or_create(name=name)[0] for name in GROUPS
    }
    for name, pseudonym, role, org, group_names, slugs in PEOPLE:
        person, _ = Stakeholder.objects.update_or_create(
            programme=programme,
            display_name=name,
            defaults={
                "is_pseudonym": pseudonym,
                "role_category": role,
                "organisation": orgs.get(org) if org else None,
            },
        )
        person.seldom_heard_groups.set([groups[g] for g in group_names])
        for slug in slugs:
            ProjectStakeholder.objects.get_or_create(
                project=projects[slug],
                stakeholder=person,
                defaults={"joined_on": projects[slug].start_date},
            )
    ProjectComment.objects.get_or_create(
        project=projects["autism-services"],
        author=users["cam"],
        body=(
            "Could the next update say how many families from outside the city "
            "took part? The board will ask."
        ),
    )
    return {u: DEMO_PASSWORD for u in users}
