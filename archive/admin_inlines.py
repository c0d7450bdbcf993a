"""The rows of a meeting's inlines: their positions, and where a passage stands in the text.

Positions are shown and entered as the numbers the pages and citations give the rows ("agreed
point 3"), counted from 1; they are stored from 0. Rows a curator adds go after the others, and
rows can trade places in one save.

A row's position is unique within its meeting. A new row's position is left blank and given the
next free number on save, so "Add another" twice needs no guessing. The uniqueness is checked
across the rows of the form instead of against the stored rows one by one, and the rows whose
position changes are first moved out of the way, so swapping two rows' numbers is one save.

Passages: a statement or agreed point added without offsets is looked for in the meeting's
source text, and placed there when found (else at 0, a passage the text does not hold as such).
"""

from __future__ import annotations

from django import forms
from django.db.models import F
from django.forms.models import BaseInlineFormSet

# Added to a moving row's stored position while the rows trade places, in the save's transaction.
_OUT_OF_THE_WAY = 1_000_000


class NumberForm(forms.ModelForm):
    """A row's position as its number, from 1."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = self.fields.get("position")
        if stored is not None:
            self.fields["position"] = forms.IntegerField(
                label="Number", min_value=1, required=stored.required
            )
            if self.initial.get("position") is not None:
                self.initial["position"] += 1

    def clean_position(self):
        number = self.cleaned_data.get("position")
        return None if number is None else number - 1


class PositionForm(NumberForm):
    def _get_validation_exclusions(self):
        # The formset checks positions across its rows (PositionFormSet.clean).
        exclusions = super()._get_validation_exclusions()
        exclusions.add("position")
        return exclusions


class PassageForm(PositionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            for name in ("start_offset", "end_offset"):
                self.fields[name].required = False
                self.fields[name].initial = None
                self.fields[name].help_text = "Blank: where the text stands in the source text."
                self.initial.pop(name, None)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_offset"), data.get("end_offset")
        if self.instance.pk is None and start is None and end is None and data.get("text"):
            meeting = getattr(self.instance, "meeting", None)
            found = meeting.source_text.find(data["text"]) if meeting else -1
            start, end = (found, found + len(data["text"])) if found >= 0 else (0, 0)
            data["start_offset"] = self.instance.start_offset = start
            data["end_offset"] = self.instance.end_offset = end
        return data


class PositionFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if form.instance.pk is None:
            field = form.fields["position"]
            field.required = False
            field.initial = None  # not the model's default, 0, which the first row holds
            field.help_text = "Blank: after the others."
            form.initial.pop("position", None)

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]
        taken: dict[int, int] = {}
        for form in kept:
            position = form.cleaned_data.get("position")
            if position is not None:
                taken[position] = taken.get(position, 0) + 1
        clashes = sorted(position for position, count in taken.items() if count > 1)
        if clashes:
            numbers = ", ".join(str(position + 1) for position in clashes)
            raise forms.ValidationError(f"Two rows have the same number ({numbers}).")
        following = max(taken, default=-1) + 1
        for form in kept:
            if form.cleaned_data.get("position") is None:
                form.cleaned_data["position"] = form.instance.position = following
                following += 1

    def save_existing_objects(self, commit=True):
        moving = [
            form.instance.pk
            for form in self.initial_forms
            if "position" in form.changed_data and not self._should_delete_form(form)
        ]
        if commit and moving:
            self.model.objects.filter(pk__in=moving).update(
                position=F("position") + _OUT_OF_THE_WAY
            )
        return super().save_existing_objects(commit)
