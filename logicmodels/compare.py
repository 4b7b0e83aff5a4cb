"""The pure checks and comparisons of logic models: the trace check of a version's
links, and what stayed, changed, went and came between two versions.

They read rows already loaded and return plain dicts and lists, so the pages and the
PDF reports read the same results; nothing here writes.
"""

import difflib
from collections import defaultdict

from logicmodels.models import (
    CLOSING_CHECKS,
    LINKED_SECTIONS,
    LogicItem,
    LogicModelVersion,
    Section,
)

# --- Trace check --------------------------------------------------------------


def trace_check(items, links) -> dict:
    """Gaps in the chain inputs -> activities -> outputs -> outcomes.

    ``items`` and ``links`` are one version's rows. Returns ``gaps`` (items with a
    missing link, and what is missing), ``gap_ids`` and, per outcome, whether it can be
    followed back to an input.
    """
    incoming, outgoing = defaultdict(set), defaultdict(set)
    for link in links:
        incoming[link.target_id].add(link.source_id)
        outgoing[link.source_id].add(link.target_id)
    items = sorted(items, key=lambda i: (i.section, i.position))
    gaps = []
    for item in items:
        if item.section not in LINKED_SECTIONS:
            continue
        problems = []
        if item.section > Section.INPUTS and not incoming[item.pk]:
            previous = Section(item.section - 1).label.lower()
            problems.append(f"no {previous} lead to it")
        if item.section < Section.OUTCOMES and not outgoing[item.pk]:
            following = Section(item.section + 1).label.lower()
            problems.append(f"it leads to no {following}")
        if problems:
            gaps.append(
                {
                    "id": item.pk,
                    "text": item.text,
                    "section": Section(item.section).label,
                    "problems": problems,
                }
            )
    # An item is traced when a chain of links reaches it from an input.
    traced = {i.pk for i in items if i.section == Section.INPUTS}
    for section in LINKED_SECTIONS[1:]:
        for item in items:
            if item.section == section and incoming[item.pk] & traced:
                traced.add(item.pk)
    outcomes = [
        {"id": i.pk, "text": i.text, "traced": i.pk in traced}
        for i in items
        if i.section == Section.OUTCOMES
    ]
    return {
        "gaps": gaps,
        "gap_ids": {gap["id"] for gap in gaps},
        "outcomes": outcomes,
        "untraced": sum(1 for o in outcomes if not o["traced"]),
        "complete": bool(outcomes) and not gaps and all(o["traced"] for o in outcomes),
    }


# --- Comparison ---------------------------------------------------------------

# Two wordings at least this similar (difflib ratio, 0..1) count as the same item
# reworded rather than one dropped and another added.
REWORDED_AT = 0.6
CHANGES = ["kept", "reworded", "added", "dropped"]


def _normal(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" .;:!")


def word_diff(old: str, new: str) -> list[list[str]]:
    """[op, words] pieces: op is "same", "removed" or "inserted"."""
    a, b = old.split(), new.split()
    pieces = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, a, b, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            pieces.append(["same", " ".join(a[i1:i2])])
            continue
        if i2 > i1:
            pieces.append(["removed", " ".join(a[i1:i2])])
        if j2 > j1:
            pieces.append(["inserted", " ".join(b[j1:j2])])
    return pieces


def compare_item_lists(old: list[dict], new: list[dict]) -> dict:
    """Pair two ordered lists of items (dicts with ``text``, optional ``origin``).

    Same wording: kept. Same origin (an edited copy) or wording at least REWORDED_AT
    similar: reworded. Anything else: dropped (only in ``old``) or added (only in
    ``new``). Rows follow the order of ``new``; a dropped item sits after the item it
    followed in ``old``.
    """
    pair_of_old: dict[int, tuple[int, str, float]] = {}
    free_new = set(range(len(new)))
    by_text = defaultdict(list)
    for j, item in enumerate(new):
        by_text[_normal(item["text"])].append(j)
    for i, item in enumerate(old):
        candidates = [j for j in by_text[_normal(item["text"])] if j in free_new]
        if candidates:
            pair_of_old[i] = (candidates[0], "kept", 1.0)
            free_new.discard(candidates[0])
    origin_to_new = {
        new[j].get("origin"): j for j in sorted(free_new) if new[j].get("origin")
    }
    for i, item in enumerate(old):
        j = origin_to_new.get(item.get("origin")) if item.get("origin") else None
        if i not in pair_of_old and j is not None and j in free_new:
            ratio = difflib.SequenceMatcher(
                None, _normal(item["text"]), _normal(new[j]["text"])
            ).ratio()
            pair_of_old[i] = (j, "reworded", ratio)
            free_new.discard(j)
    scored = []
    matcher = difflib.SequenceMatcher(autojunk=False)
    for j in sorted(free_new):
        matcher.set_seq2(_normal(new[j]["text"]))
        for i in range(len(old)):
            if i in pair_of_old:
                continue
            matcher.set_seq1(_normal(old[i]["text"]))
            if matcher.real_quick_ratio() < REWORDED_AT:
                continue
            if matcher.quick_ratio() < REWORDED_AT:
                continue
            ratio = matcher.ratio()
            if ratio >= REWORDED_AT:
                scored.append((-ratio, i, j))
    for negative, i, j in sorted(scored):
        if i not in pair_of_old and j in free_new:
            pair_of_old[i] = (j, "reworded", -negative)
            free_new.discard(j)

    rows = []
    last_new = -1
    for i, item in enumerate(old):
        if i in pair_of_old:
            j, change, ratio = pair_of_old[i]
            last_new = j
            row = {"change": change, "old": item, "new": new[j], "similarity": ratio}
            if change == "reworded":
                row["diff"] = word_diff(item["text"], new[j]["text"])
            rows.append(((j, 0, i), row))
        else:
            row = {"change": "dropped", "old": item, "new": None, "similarity": None}
            rows.append(((last_new, 1, i), row))
    for j in free_new:
        rows.append(
            (
                (j, 0, -1),
                {"change": "added", "old": None, "new": new[j], "similarity": None},
            )
        )
    rows = [row for _, row in sorted(rows, key=lambda pair: pair[0])]
    counts = {change: 0 for change in CHANGES}
    for row in rows:
        counts[row["change"]] += 1
    return {"rows": rows, "counts": counts}


def item_data(item: LogicItem) -> dict:
    return {
        "id": item.pk,
        "text": item.text,
        "origin": str(item.origin),
        "anticipation": item.anticipation,
        "effect": item.effect,
        "flags": item.flags,
    }


def version_data(version: LogicModelVersion) -> dict:
    return {
        "id": version.pk,
        "label": version.label,
        "kind": version.logic_model.kind,
        "kind_label": version.logic_model.get_kind_display(),
        "number": version.number,
        "status": version.status,
        "agreed_at": version.agreed_at,
        "agreed_by": (
            version.agreed_by.get_full_name() or version.agreed_by.get_username()
        )
        if version.agreed_by
        else "",
    }


def compare_versions(a: LogicModelVersion, b: LogicModelVersion) -> dict:
    """Per section, what stayed, changed, went and came between versions a and b.

    Reads ``a.items.all()``/``b.items.all()`` (prefetch them). Returns plain data:
    ``{"a": {...}, "b": {...}, "sections": [{"key", "label", "rows", "counts",
    "reflection_a", "reflection_b"}], "totals": {...}, "checks": [...]}`` where each
    row is ``{"change": kept|reworded|added|dropped, "old", "new", "similarity"}`` and
    reworded rows carry a word ``diff``.
    """
    by_section = {a.pk: defaultdict(list), b.pk: defaultdict(list)}
    for version in (a, b):
        for item in sorted(version.items.all(), key=lambda i: (i.section, i.position)):
            by_section[version.pk][item.section].append(item_data(item))
    sections = []
    totals = {change: 0 for change in CHANGES}
    for section in Section:
        result = compare_item_lists(
            by_section[a.pk][section], by_section[b.pk][section]
        )
        for change, n in result["counts"].items():
            totals[change] += n
        sections.append(
            {
                "key": section.key,
                "label": section.label,
                "rows": result["rows"],
                "counts": result["counts"],
                "reflection_a": a.reflection_for(section),
                "reflection_b": b.reflection_for(section),
            }
        )
    checks = [
        {
            "key": key,
            "question": question,
            "a_answer": getattr(a, f"get_{key}_answer_display")(),
            "a_note": getattr(a, f"{key}_note"),
            "b_answer": getattr(b, f"get_{key}_answer_display")(),
            "b_note": getattr(b, f"{key}_note"),
        }
        for key, question in CLOSING_CHECKS
    ]
    return {
        "a": version_data(a),
        "b": version_data(b),
        "sections": sections,
        "totals": totals,
        "checks": checks,
    }
