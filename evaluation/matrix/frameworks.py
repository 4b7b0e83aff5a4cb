"""The two frameworks Coproduce ships. Programmes copy them and may then edit copies.

Each framework is a plain spec (the same shape the edit form produces and
``matrix_services.framework_version_save`` takes):

    {"name", "description",
     "levels": [{"label", "description"}, ...]            lowest first,
     "dimensions": [{"name", "description", "target" (level index),
                     "descriptors": [one text per level]}, ...]}

The text is our own, written from the programme's revised theory of change and from
the six principles of co-production scored on a descriptive / intermediate /
transformative scale.
"""

LADDER_LEVELS = [
    {
        "label": "Doing to",
        "description": "Decisions are made for people, without asking them.",
    },
    {
        "label": "Informing",
        "description": "People are told what has already been decided.",
    },
    {
        "label": "Consultation",
        "description": "People are asked what they think of plans already drawn up.",
    },
    {
        "label": "Engagement",
        "description": "People's views are asked for early and can change the options.",
    },
    {
        "label": "Co-design",
        "description": (
            "People design the answers with professionals; the final say is "
            "still elsewhere."
        ),
    },
    {
        "label": "Co-production",
        "description": (
            "People share power and responsibility as equal partners from start "
            "to finish."
        ),
    },
]

CO_PRODUCTION = len(LADDER_LEVELS) - 1


def _dimension(name, description, cells, target=CO_PRODUCTION):
    return {
        "name": name,
        "description": description,
        "target": target,
        "descriptors": cells,
    }


CONDITIONS_MATRIX = {
    "name": "Co-production matrix",
    "description": (
        "The conditions our theory of change says people need before they can work "
        "together in new ways, each scored on the ladder from 'doing to' people up "
        "to co-production. The gold standard is co-production on every row."
    ),
    "levels": LADDER_LEVELS,
    "dimensions": [
        _dimension(
            "Protected time",
            "Time is set aside to plan, to meet and to get to know each other.",
            [
                "No time is set aside; people fit the work around everything else.",
                "Time is found to tell people about the work, but not to meet them.",
                "A meeting or survey slot is booked so people can give views.",
                "Regular time is kept for meetings where people's views shape plans.",
                "Time is planned in for working sessions and for building "
                "relationships.",
                "Everyone, including managers, protects time for the work and for "
                "each other for as long as it takes.",
            ],
        ),
        _dimension(
            "Open attitude to taking part",
            "Organisations welcome people who use services as partners, not as a "
            "box to tick.",
            [
                "Involving people is seen as a risk or a waste of time.",
                "Involving people is seen as a duty to tell them about changes.",
                "People's views are welcome as long as they fit the plan.",
                "People's views are wanted and can change what happens.",
                "People are welcomed as designers with knowledge professionals lack.",
                "Everyone expects people with lived experience to share every "
                "decision.",
            ],
        ),
        _dimension(
            "Facilitation",
            "Facilitators link people up, bridge between groups and show how to look "
            "after each other during the work.",
            [
                "No one has the job of bringing people together.",
                "Someone passes information between the organisation and the public.",
                "Someone runs consultation events for the organisation.",
                "A facilitator helps groups hear each other and keeps people involved.",
                "A neutral facilitator links groups, settles tensions and supports "
                "joint design.",
                "Facilitation is shared: everyone links, bridges and looks after "
                "each other.",
            ],
        ),
        _dimension(
            "Meetings planned together",
            "The people taking part help decide when, where and how meetings happen "
            "and what they cover.",
            [
                "Meetings are held without the people affected.",
                "The organisation sets the agenda and reports back afterwards.",
                "People are invited to meetings planned by the organisation.",
                "People are asked what they want on the agenda and where to meet.",
                "People plan meetings with professionals and help run them.",
                "People share the planning, chairing and follow-up of every meeting.",
            ],
        ),
        _dimension(
            "Shared ways of working",
            "Each group's habits, words and unwritten rules are explained so "
            "everyone can join in.",
            [
                "Jargon and hidden rules keep outsiders out.",
                "Information is shared, but in the organisation's own language.",
                "Some effort is made to explain how things work when asked.",
                "Groups explain their ways of working to each other.",
                "Groups learn each other's ways and agree shared ones.",
                "Everyone's knowledge and customs are valued equally and shape how "
                "the work is done.",
            ],
        ),
        _dimension(
            "Ways of taking part that fit people",
            "How people are asked to take part suits their lives, needs and culture.",
            [
                "There is no way for people to take part.",
                "One standard leaflet or letter is sent to everyone.",
                "A standard survey or meeting is offered to everyone.",
                "Several ways to take part are offered, with help to join in.",
                "Ways to take part are designed with the groups who will use them.",
                "People choose and shape how they take part, and it is paid for and "
                "supported.",
            ],
        ),
        _dimension(
            "Time for talking and disagreeing",
            "There is room for discussion, reflection and different points of view, "
            "including disagreement.",
            [
                "Disagreement is avoided or shut down.",
                "Decisions are explained, but not open to discussion.",
                "People can comment, but there is little time to talk it through.",
                "Time is given to discuss different views before decisions.",
                "Disagreement is welcomed and worked through together.",
                "Reflection and honest challenge are part of every stage and "
                "change what happens.",
            ],
        ),
        _dimension(
            "Contributions recognised and used",
            "People are thanked for what they bring and can see how it was used.",
            [
                "What people say is not recorded or used.",
                "People are thanked but do not hear what happened next.",
                "People's views are reported, but rarely change anything.",
                "People hear back how their views changed plans.",
                "People's ideas are built into the design and credited.",
                "People's contributions are valued as much as professionals', paid "
                "for where right, and visibly shape decisions.",
            ],
        ),
        _dimension(
            "Stepping outside organisational boundaries",
            "People are willing to work beyond their own team's or organisation's "
            "usual limits.",
            [
                "Each organisation keeps to its own patch and rules.",
                "Organisations tell each other what they are doing.",
                "Organisations ask each other for views now and then.",
                "Organisations work together on shared questions.",
                "Organisations and citizens design across their boundaries.",
                "Boundaries are loosened: people pool work, budgets and "
                "responsibility.",
            ],
        ),
        _dimension(
            "Understanding people's circumstances",
            "The personal circumstances different groups face are understood and "
            "planned for.",
            [
                "People's circumstances are not considered.",
                "General information about groups is collected.",
                "People are asked about barriers, but little changes.",
                "Barriers are understood and some are removed.",
                "Plans are designed around people's real circumstances.",
                "People facing the barriers lead on how they are removed, "
                "including for seldom-heard groups.",
            ],
        ),
        _dimension(
            "Sharing power and resources",
            "Power, money and information are shared across the groups involved.",
            [
                "Professionals hold all the power and resources.",
                "Information is shared, but power stays with professionals.",
                "People can influence decisions only through set channels.",
                "People's views carry weight in decisions.",
                "People help make decisions but budgets stay with professionals.",
                "Power, money and information are shared and decisions are made "
                "together.",
            ],
        ),
    ],
}

NEEDHAM_CARR_LEVELS = [
    {
        "label": "Descriptive",
        "description": (
            "Co-production is noticed as something that already happens: services "
            "rely on what people put in."
        ),
    },
    {
        "label": "Intermediate",
        "description": (
            "What people put in is valued and supported, and there are more ways to "
            "take part."
        ),
    },
    {
        "label": "Transformative",
        "description": (
            "Relationships and power change: services are rebuilt around shared "
            "ownership."
        ),
    },
]

SIX_PRINCIPLES = {
    "name": "Six principles of co-production",
    "description": (
        "A reflection tool: the six principles of co-production, each scored on a "
        "three-step scale from descriptive through intermediate to transformative."
    ),
    "levels": NEEDHAM_CARR_LEVELS,
    "dimensions": [
        _dimension(
            "Assets",
            "People are seen as having skills, knowledge and experience, not only "
            "needs.",
            [
                "People are mostly seen by what they need from services.",
                "Some people's skills are noticed and used in projects.",
                "Everyone's skills and experience shape how services are designed.",
            ],
            target=2,
        ),
        _dimension(
            "Capabilities",
            "The work builds on what people can do and helps them do more.",
            [
                "People take part as they are, with little support to grow.",
                "Training and support help people take a bigger part.",
                "People develop and lead, and their growth is a goal in itself.",
            ],
            target=2,
        ),
        _dimension(
            "Mutuality",
            "Relationships give something to everyone: people give and receive.",
            [
                "Help flows one way, from services to people.",
                "People get something back for taking part.",
                "Everyone has responsibilities to each other and benefits together.",
            ],
            target=2,
        ),
        _dimension(
            "Networks",
            "People's own networks and peer support work alongside professionals.",
            [
                "Only professional services are counted as support.",
                "Peer groups and community networks are linked to services.",
                "Networks are built up and shape how support is offered.",
            ],
            target=2,
        ),
        _dimension(
            "Blurring roles",
            "The line between professionals and the people they serve becomes less "
            "sharp.",
            [
                "Professionals and service users keep separate roles.",
                "People with lived experience take on some professional tasks.",
                "Roles are shared and people move between them.",
            ],
            target=2,
        ),
        _dimension(
            "Catalysts",
            "Services act as catalysts that help things happen, not only as providers.",
            [
                "Services deliver and people receive.",
                "Services support community action alongside their own work.",
                "Services mainly enable people and communities to lead change.",
            ],
            target=2,
        ),
    ],
}

SHIPPED = {
    "coproduction-matrix": CONDITIONS_MATRIX,
    "six-principles": SIX_PRINCIPLES,
}
