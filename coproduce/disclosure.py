"""The one disclosure rule for small groups, used by every page, chart, export and
PDF that breaks answers or comments down by group or shows who replied.

The threshold is the ``DISCLOSURE_MIN_GROUP`` setting (default 3 people):

- **Figures by group.** A group with at least that many people is shown as itself.
  Smaller groups are pooled into one combined group ("Other groups combined"). When
  the pool is still too small, it takes in the smallest group that was shown, so a
  hidden group can never be worked out by subtracting the shown groups from a total.
  Only when everyone together is fewer than the threshold is the breakdown withheld.
- **Figures inside a group** (a median for one dimension, say) are shown only when
  at least that many people gave them.
- **Comments** (free text) carry their group's label only when the group is at the
  threshold or above; otherwise they are shown with no group at all.
- **Who replied.** Lists of named people who were invited and replied are shown only
  to the evaluator who sent that person their link. An invitation without a recorded
  sender (recorded before senders were kept, or one that never had a link) is shown
  by name to the programme's evaluators, who manage the invitations. Everyone else
  (commissioners, facilitators, viewers, other evaluators) sees counts by group,
  under the same rule as any other figures.

Groups are given as plain keys (role values) and sizes; this module knows nothing of
models, so pages, exports and reports all reach the same answer from the same numbers.
"""

from dataclasses import dataclass, field

from django.conf import settings

COMBINED = "combined"
COMBINED_LABEL = "Other groups combined"


def min_group() -> int:
    """The smallest group whose figures or labels may be shown."""
    return max(int(settings.DISCLOSURE_MIN_GROUP), 1)


def explanation() -> str:
    """The plain sentence every surface shows next to figures by group."""
    n = min_group()
    return (
        f"Groups with fewer than {n} people are combined or not shown, "
        "so nobody can be identified."
    )


def is_small(size: int) -> bool:
    return size < min_group()


@dataclass(frozen=True)
class Grouping:
    """Which shown group each original group's people are counted in.

    ``shown`` lists (key, label, size) in display order; the combined group, if any,
    comes last with key ``COMBINED``. ``into`` maps each original key to the shown
    key it is counted in; keys missing from it are withheld.
    """

    shown: list[tuple[str, str, int]] = field(default_factory=list)
    into: dict[str, str] = field(default_factory=dict)
    combined_from: list[str] = field(default_factory=list)  # labels, display order
    withheld: int = 0  # people in groups that are not shown at all

    def key_for(self, key: str) -> str | None:
        return self.into.get(key)

    @property
    def combined_note(self) -> str:
        if not self.combined_from:
            return ""
        return f"{COMBINED_LABEL}: " + ", ".join(self.combined_from) + "."


def groups_merge(groups: list[tuple[str, str, int]]) -> Grouping:
    """Apply the rule to (key, label, size) groups, given in display order."""
    threshold = min_group()
    present = [(k, label, n) for k, label, n in groups if n > 0]
    big = [g for g in present if g[2] >= threshold]
    small = [g for g in present if g[2] < threshold]
    if not small:
        return Grouping(shown=big, into={k: k for k, _, _ in big})
    pool = list(small)
    if sum(n for _, _, n in pool) < threshold and big:
        # Keep a hidden group from being found by subtraction: the smallest shown
        # group joins the pool (the last such group in display order on a tie).
        smallest = min(reversed(big), key=lambda g: g[2])
        big = [g for g in big if g is not smallest]
        pool.append(smallest)
    pooled = sum(n for _, _, n in pool)
    if pooled < threshold:
        return Grouping(withheld=pooled)
    order = {k: i for i, (k, _, _) in enumerate(present)}
    pool.sort(key=lambda g: order[g[0]])
    into = {k: k for k, _, _ in big} | {k: COMBINED for k, _, _ in pool}
    return Grouping(
        shown=[*big, (COMBINED, COMBINED_LABEL, pooled)],
        into=into,
        combined_from=[label for _, label, _ in pool],
    )


def comment_label(label: str, size: int) -> str:
    """The group label a comment may carry: none when its group is small."""
    return "" if is_small(size) else label


def names_visible(*, sent_by_id: int | None, viewer_id: int | None, manages: bool):
    """Whether a viewer may see who was invited and replied, by name.

    ``manages``: the viewer manages the programme's evaluation (an evaluator)."""
    if sent_by_id is not None:
        return viewer_id == sent_by_id
    return manages
