"""What the statements of a list keep: the meeting list's filters, which choose the meetings,
and two of what was said, `speaker` (the people who said it) and `side` (the countries they
spoke for)."""

from __future__ import annotations

from django.db.models import QuerySet

from .filter_fields import COUNTRY_CODE, PersonFilter, ValueListFilter
from .filter_messages import UNKNOWN_VALUES
from .filters import MeetingFilter, with_countries
from .models import Meeting, Statement


class StatementFilter(MeetingFilter):
    """The meeting list's filters, which choose the meetings whose statements are listed;
    `speaker`: only what the given people said (any of them, as each statement has one speaker),
    where `person` keeps everything said at meetings they attended; `side`: only what was said for
    the given countries (any of them), where `country` keeps everything said at their meetings."""

    speaker = PersonFilter(label="Speakers (any of)", method="filter_speaker")
    side = ValueListFilter(label="Said for (any of)", pattern=COUNTRY_CODE, method="filter_side")

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["side"].extra["choices"] = self.filters["country"].extra["choices"]

    def filter_speaker(self, queryset, name, values):
        spoken = Statement.objects.filter(speaker__person__slug__in=values).values("meeting_id")
        return queryset.filter(pk__in=spoken)

    def filter_side(self, queryset, name, values):
        """The meetings of one side's country, as `country` reads them; of several, those of any
        of them. Which of their statements were said for the side is `kept_statements`' business."""
        if len(values) == 1:
            return with_countries(queryset, values, "pk", self.walked)
        links = Meeting.countries.through.objects.filter(
            country_id__in=[code.upper() for code in values]
        )
        return queryset.filter(pk__in=links.values("meeting_id"))

    def _unreadable_matches_nothing(self, queryset: QuerySet) -> QuerySet:
        queryset = super()._unreadable_matches_nothing(queryset)
        if "speaker" not in self.form.errors:
            return queryset
        return self.filter_speaker(queryset, "speaker", [""])

    @property
    def speakers(self) -> list[str] | None:
        """The address names of the speakers asked for, [""] (no one) when the form could not
        read them, None when no speaker is asked for."""
        if "speaker" in self.form.errors:
            return [""]
        return self.cleaned("speaker")

    @property
    def sides(self) -> list[str] | None:
        """The country codes (upper case, as stored) of the sides asked for, None for none."""
        codes = self.cleaned("side")
        return None if codes is None else [code.upper() for code in codes]

    def kept_statements(self, statements: QuerySet) -> QuerySet:
        """`statements` narrowed to the speakers and sides asked for."""
        if self.speakers is not None:
            statements = statements.filter(speaker__person__slug__in=self.speakers)
        if self.sides is not None:
            statements = statements.filter(speaker__country_id__in=self.sides)
        return statements

    @property
    def side_options(self) -> str:
        return self._options("side")

    def notes(self) -> dict[str, list[str]]:
        notes = super().notes()
        notes["side"] = [UNKNOWN_VALUES["country"].format(code) for code in self.unknown("side")]
        return notes
