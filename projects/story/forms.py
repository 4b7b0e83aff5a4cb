from django import forms

from coproduce.forms import EditVersionMixin
from projects.models import StorySection

HOW_TO_WRITE = (
    "Write as much as it needs. A blank line starts a new paragraph; lines starting "
    "with - or 1. make a list; *stars* give emphasis."
)


class StorySectionForm(EditVersionMixin, forms.ModelForm):
    class Meta:
        model = StorySection
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}
        help_texts = {"text": HOW_TO_WRITE}
