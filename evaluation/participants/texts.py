"""Framework and theme texts in the reader's language and format.

Each text has a Welsh field (``<field>_cy``) and an easy-read field
(``<field>_easy``). Welsh readers get the Welsh text; when it is empty they get the
English (easy read if they asked for it) and the page says the question has not
been translated yet. Easy-read readers get the easy-read text, or the usual English
with a note that there is no easy-read version yet.
"""

from dataclasses import dataclass, field


@dataclass
class Texts:
    """The texts of one question (a dimension, or a draft theme) for one reader."""

    values: dict = field(default_factory=dict)
    # Something on the page fell back: to English for a Welsh reader, or to the
    # usual English for an easy-read reader.
    untranslated: bool = False
    no_easy_read: bool = False

    def __getitem__(self, key):
        return self.values[key]

    def take(self, obj, name: str, reading) -> str:
        english = getattr(obj, name, "") or ""
        easy = getattr(obj, f"{name}_easy", "") or ""
        if reading.welsh:
            welsh = getattr(obj, f"{name}_cy", "") or ""
            if welsh or not english:
                return welsh
            self.untranslated = True
            return easy if reading.easy_read and easy else english
        if reading.easy_read:
            if easy or not english:
                return easy
            self.no_easy_read = True
        return english


def theme_texts(theme, reading) -> Texts:
    texts = Texts()
    texts.values = {
        "name": texts.take(theme, "name", reading),
        "description": texts.take(theme, "description", reading),
    }
    return texts


def question_texts(dimension, levels, descriptors, reading) -> Texts:
    """A dimension's name and meaning and, per level, its name, meaning and the
    cell describing the dimension at that level (``descriptors`` by level id)."""
    texts = Texts()
    texts.values = {
        "name": texts.take(dimension, "name", reading),
        "description": texts.take(dimension, "description", reading),
        "levels": {
            level.pk: {
                "label": texts.take(level, "label", reading),
                "description": texts.take(level, "description", reading),
                "text": texts.take(descriptors[level.pk], "text", reading)
                if level.pk in descriptors
                else "",
            }
            for level in levels
        },
    }
    return texts


def level_texts(levels, reading) -> list[dict]:
    """Level names and meanings for the start page's explanation of the scale."""
    texts = Texts()
    return [
        {
            "label": texts.take(level, "label", reading),
            "description": texts.take(level, "description", reading),
        }
        for level in levels
    ]
