"""Content shipped with Coproduce: the factor catalogue and a starting theory of change.

Written in our own words from the factor headings used in co-production research. A
programme gets its own editable copy (``evaluation_services.factor_catalogue_seed``).
"""

# (group name, what the group is about, [(factor name, description), ...])
FACTOR_CATALOGUE: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "History",
        "What has happened before between organisations and the people they serve.",
        [
            (
                "Past relationships with service users",
                "Whether people have been treated as passive recipients or active "
                "partners before, and whether past contact went well or badly.",
            ),
            (
                "National and local policy push",
                "Policies that expect co-production make it easier for people to "
                "sign up to it.",
            ),
        ],
    ),
    (
        "Leadership",
        "How senior people make room for co-production and stand behind it.",
        [
            (
                "Permission to take risks",
                "Leaders say clearly that staff may try something new and that it "
                "is all right if not everything works.",
            ),
            (
                "Freedom for staff who take part",
                "Staff involved in co-production are trusted to steer the work "
                "themselves.",
            ),
            (
                "Clear gains for everyone",
                "Leaders can explain what each side gets out of working together.",
            ),
            (
                "Trust that it will pay off",
                "People believe the process will, in time, produce something that "
                "individuals and organisations value.",
            ),
            (
                "A pressing problem to solve",
                "There is an urgent, shared reason to work differently.",
            ),
            (
                "Readiness to try",
                "Because of the points above, people are willing to give it a go now.",
            ),
        ],
    ),
    (
        "Organisational structure",
        "How the way organisations are set up helps or gets in the way.",
        [
            (
                "Organisations that fit together",
                "Partners' systems, rules and ways of working are compatible enough "
                "to work as one team.",
            ),
            (
                "Handling personal information",
                "Confidentiality, consent and ethics around information that service "
                "users share.",
            ),
            (
                "Commissioning timescales",
                "Short deadlines and fixed procedures at each step of commissioning "
                "leave little room for working together.",
            ),
        ],
    ),
    (
        "Financing and resourcing",
        "Money, time and skills available for co-production.",
        [
            (
                "Stretched budgets and staff",
                "When resources are tight, organisations are less willing to pay for "
                "co-production.",
            ),
            (
                "Free support to build skills",
                "Help that costs the partner nothing makes them more likely to try.",
            ),
            (
                "Protected time",
                "Time for planning, meeting and building relationships is set aside "
                "from the start.",
            ),
            (
                "Doubts about value for money",
                "Worry that co-production costs more than it returns.",
            ),
            (
                "Funding from outside the project",
                "Money found beyond the project budget keeps the work going.",
            ),
            (
                "Paying for people to take part",
                "Travel, vouchers, food or childcare so that people can join in; "
                "without them fewer people come.",
            ),
            (
                "Short-term funding",
                "Money that ends soon makes it harder to commit to lasting "
                "relationships.",
            ),
            (
                "Money to deliver the solution",
                "If there is no budget to put the co-designed idea into practice, "
                "the work stops.",
            ),
        ],
    ),
    (
        "Attitudes toward citizen participation",
        "How organisations and staff feel about sharing decisions with the public.",
        [
            (
                "Openness to public involvement",
                "Staff welcome people who use services as partners.",
            ),
            (
                "Political pressure to involve people",
                "Elected members or boards expect more public involvement.",
            ),
            (
                "Holding on to control",
                "Reluctance to give up status or control, often from fear that "
                "something will go wrong or a rule will be broken.",
            ),
            (
                "Fear of the unknown",
                "Worry that co-production will question how services work today.",
            ),
        ],
    ),
    (
        "Collaboration",
        "How people actually work together day to day.",
        [
            (
                "Ideas rooted in the local area",
                "How people are involved is shaped by local places, groups and people.",
            ),
            (
                "Something back for taking part",
                "Thought is given to what service users gain from joining in.",
            ),
            (
                "Co-production facilitators involved",
                "People whose job is to support co-production link, bridge and model "
                "how to look after each other.",
            ),
            (
                "Shared cultural knowledge",
                "Partners learn each other's norms, habits and ways of doing things.",
            ),
            (
                "Person-centred engagement",
                "Ways of involving people fit their lives, language and culture.",
            ),
            (
                "Meetings planned together",
                "Participants help plan meetings, so they own them and know why they "
                "are there.",
            ),
            (
                "Time to talk things through",
                "Room for dialogue, reflection, disagreement and different views.",
            ),
            (
                "Contributions recognised and used",
                "People can see what happened to what they said.",
            ),
            (
                "Shared or clashing aims",
                "Whether partners' priorities and targets line up or pull apart.",
            ),
            (
                "Working across boundaries",
                "People step outside their own organisation's silo to get things done.",
            ),
            (
                "Understanding people's circumstances",
                "Awareness of the personal situations different groups face.",
            ),
            (
                "Sharing power and resources",
                "Decisions and budgets are genuinely shared between groups.",
            ),
            (
                "Involvement at every stage",
                "People are involved across the whole commissioning cycle, not just "
                "at the start.",
            ),
            (
                "Skills, confidence and time to take part",
                "Whether people feel able to join in, including the fear of not "
                "having all the answers.",
            ),
        ],
    ),
]


# A theory of change to start from: the first version states IF/THEN only; the
# revised version adds the conditions (WHEN) and the signs to look for (BECAUSE).
# Each statement: (if, then, when lines, because lines).
ORIGINAL_THEORY = [
    (
        "The programme shows asset-based ways of working and questions the usual "
        "ways of consulting people",
        "Everyone involved in commissioning becomes an active partner in improving "
        "health and social care",
        [],
        [],
    ),
    (
        "We set up the conditions for people to work together in new ways",
        "Commissioners, practitioners and people who use services trust each other "
        "more, treat each other as equals and understand each other's strengths "
        "and pressures",
        [],
        [],
    ),
    (
        "Commissioners properly involve local people and networks, including "
        "seldom-heard groups",
        "People see the worth of what they know from experience and are more "
        "likely to be heard",
        [],
        [],
    ),
    (
        "Commissioners are supported to lead change themselves",
        "New ideas for how services are designed will come forward",
        [],
        [],
    ),
]

REVISED_THEORY = [
    (
        ORIGINAL_THEORY[0][0],
        ORIGINAL_THEORY[0][1],
        [
            "Policy from the top backs co-production",
            "Elected members or boards press for more public involvement",
            "Leaders give permission to take the risk",
            "There is an urgent problem that co-production could help solve",
            "Everyone can see what they would gain",
            "People trust the process to produce something of value",
        ],
        [],
    ),
    (
        ORIGINAL_THEORY[1][0],
        ORIGINAL_THEORY[1][1],
        [
            "Time is protected to plan, meet and build relationships",
            "Staff are open to public involvement",
            "Facilitators link people up and model how to look after each other",
            "Meetings are planned with participants",
            "Engagement fits people's lives and culture",
            "There is time for talking things through, including disagreement",
            "Contributions are acknowledged and used",
            "People are willing to work across organisational boundaries",
            "Power and resources are shared between groups",
        ],
        [
            "More, and more varied, people take part",
            "Findings are shared in accessible reports and presentations",
            "Service users feel they have been heard",
        ],
    ),
    (
        ORIGINAL_THEORY[2][0],
        ORIGINAL_THEORY[2][1],
        [],
        [
            "People debate the findings and make sense of them together",
            "Partners are invited to share the approach with a wider group",
        ],
    ),
    (
        ORIGINAL_THEORY[3][0],
        ORIGINAL_THEORY[3][1],
        [],
        [
            "A proposal to create or change a service is approved",
            "Providers put changes into practice",
            "Policies change",
            "Collaboration carries on and is used on another issue",
        ],
    ),
]

# Indicators the demo (and new programmes) start with, from the BECAUSE signs.
OUTCOME_INDICATORS = [
    ("A proposal to create or change a service is approved", "Agreed in principle."),
    ("Providers put changes into practice", "Changes are seen at provider level."),
    ("Policies change", "A written policy or procedure is updated."),
    ("Service users feel they have been heard", "Said so in interviews or surveys."),
    (
        "Collaboration carries on and is used on another issue",
        "The partners work together again on something new.",
    ),
]
