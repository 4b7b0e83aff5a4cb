"""The one disclosure rule for small groups, on plain numbers."""

from django.test import override_settings

from coproduce import disclosure
from coproduce.disclosure import COMBINED, groups_merge


def _shown(grouping):
    return [(key, n) for key, _, n in grouping.shown]


def test_groups_at_the_threshold_are_shown_as_they_are():
    grouping = groups_merge([("a", "A", 3), ("b", "B", 5)])
    assert _shown(grouping) == [("a", 3), ("b", 5)]
    assert grouping.into == {"a": "a", "b": "b"}
    assert grouping.combined_note == ""


def test_small_groups_are_combined_when_together_they_reach_the_threshold():
    grouping = groups_merge([("a", "A", 1), ("b", "B", 4), ("c", "C", 2)])
    assert _shown(grouping) == [("b", 4), (COMBINED, 3)]
    assert grouping.into == {"a": COMBINED, "b": "b", "c": COMBINED}
    assert grouping.combined_note == "Other groups combined: A, C."


def test_a_small_group_left_alone_takes_in_the_smallest_shown_group():
    # Leaving the lone "a" out would let anyone find it from a total by subtraction.
    grouping = groups_merge([("a", "A", 1), ("b", "B", 4), ("c", "C", 3)])
    assert _shown(grouping) == [("b", 4), (COMBINED, 4)]
    assert grouping.combined_from == ["A", "C"]


def test_groups_are_withheld_when_everyone_together_is_too_few():
    grouping = groups_merge([("a", "A", 1), ("b", "B", 1)])
    assert grouping.shown == [] and grouping.into == {}
    assert grouping.withheld == 2
    assert grouping.key_for("a") is None


def test_empty_groups_are_ignored():
    assert _shown(groups_merge([("a", "A", 0), ("b", "B", 3)])) == [("b", 3)]


def test_comments_lose_their_group_label_when_the_group_is_small():
    assert disclosure.comment_label("Artist", 1) == ""
    assert disclosure.comment_label("Artist", 3) == "Artist"


def test_names_are_shown_to_the_sender_or_to_evaluators_when_no_sender_is_known():
    assert disclosure.names_visible(sent_by_id=7, viewer_id=7, manages=True)
    assert not disclosure.names_visible(sent_by_id=7, viewer_id=8, manages=True)
    assert disclosure.names_visible(sent_by_id=None, viewer_id=8, manages=True)
    assert not disclosure.names_visible(sent_by_id=None, viewer_id=8, manages=False)


@override_settings(DISCLOSURE_MIN_GROUP=5)
def test_the_setting_moves_the_threshold_and_the_explanation():
    assert _shown(groups_merge([("a", "A", 3), ("b", "B", 5)])) == [(COMBINED, 8)]
    assert disclosure.comment_label("Artist", 4) == ""
    assert disclosure.explanation() == (
        "Groups with fewer than 5 people are combined or not shown, "
        "so nobody can be identified."
    )


def test_the_default_threshold_is_three(settings):
    assert settings.DISCLOSURE_MIN_GROUP == 3
    assert disclosure.min_group() == 3
