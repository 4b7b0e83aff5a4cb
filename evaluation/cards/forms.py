"""Choosing whose cards to print."""

from django import forms

from evaluation.matrix.services import MAX_UNNAMED_LINKS
from projects.models import RoleCategory


class CardsForm(forms.Form):
    links = forms.ModelMultipleChoiceField(
        label="Print a card for",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Each card gets a new personal link: a link sent to the same person "
            "before stops working. Answers they already gave are kept."
        ),
    )
    count = forms.IntegerField(
        label="Also print this many cards for people not on the list",
        min_value=0,
        max_value=MAX_UNNAMED_LINKS,
        initial=0,
        required=False,
    )
    role_category = forms.ChoiceField(
        label="Role of the people getting those cards",
        choices=[("", "Choose a role")] + RoleCategory.choices,
        required=False,
    )

    def __init__(self, *args, links, label_for, allow_extra: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["links"].queryset = links
        self.fields["links"].label_from_instance = label_for
        if not allow_extra:
            del self.fields["count"], self.fields["role_category"]

    def clean(self):
        data = super().clean()
        count = data.get("count") or 0
        if count and not data.get("role_category"):
            self.add_error("role_category", "Choose the role of these people.")
        if not count and not data.get("links"):
            raise forms.ValidationError(
                "Tick at least one person, or ask for some cards for people not on "
                "the list."
            )
        return data
