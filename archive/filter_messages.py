"""What the list filters say: the words that name an applied filter (a feed's title, the chips)
and the messages the form shows beside its fields, on values it could not read or read otherwise
than they were written.

`FilterMessagesMixin` gives them to `archive.filters.ArchiveFilterSet`; the JSON list repeats the
same messages as its `warnings`.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from . import search_query
from .filter_fields import pair_codes
from .models import Meeting, Person, name_in_text

# How a feed's title and the chips name an applied filter (by default, by its value's name).
FILTER_WORDS = {
    # The search in the result summary's words (`search_query.described`), quotes and all.
    "q": "Search {}",
    "topic": "Topic: {}",
    "publisher": "Publisher: {}",
    "date_from": "From {}",
    "date_to": "To {}",
    "year": "Year {}",
    "review": "Review: {}",
    "speaker": "Said by {}",
    "side": "Said for {}",
}
NO_SUCH = {
    "country": "no country “{}”",
    "topic": "no topic “{}”",
    "person": "no one called “{}”",
    "speaker": "no one called “{}”",
    "side": "no country “{}”",
}
UNKNOWN_VALUES = {
    "country": "No country has the code “{}”: nothing matches it.",
    "pair": "No country has the code “{}”: nothing matches it.",
    "topic": "No topic is called “{}”: nothing matches it.",
}
SHORT_PREFIX = (
    "“{prefix}”: a prefix needs {letters} letters at least; “{word}” is searched as a whole word."
)
NOT_FOR_AGREED_POINTS = (
    "“has_agreed” is no filter of agreed points (each is of a meeting with agreed points):"
    " it is ignored."
)
UNKNOWN_PUBLISHER = "No readout in the archive is published by “{}”: nothing matches it."
DATES_REVERSED = (
    "“To” ({until}) is before “From” ({since}): no date is in between, nothing matches."
)
OTHER_NAMES = "“{term}” is searched with the country’s other names too: {names}."
CUT_SEARCH = (
    "The search is too long: only its first {chars:,} characters and {clauses} words or phrases"
    " are searched, “{query}”."
)


class Information(str):
    """A note that tells how a value was read, not that anything is wrong with it: the page
    shows it beside the field's messages, not in their colour."""


class FilterMessagesMixin:
    """The words and messages of a FilterSet that also has `ChoiceOptionsMixin` (for `unknown`),
    `cleaned` and `applied`."""

    def described(self, applied: list[tuple[str, str]] | None = None) -> list[tuple[str, str, str]]:
        """(parameter, value, words) of each filter `applied` (by default, all of them), the words
        as a feed's title and the chips say them: "Search “climate”", "Search the phrase “belt
        and road”, without “ukraine”", "France", "Between China and Pakistan", "Between the
        Netherlands and China", "Phone call", "From 2024-01-31"."""
        applied = self.applied() if applied is None else applied
        names = {
            "country": dict(self.filters["country"].extra["choices"]()),
            "topic": dict(self.filters["topic"].extra["choices"]()),
            "kind": dict(Meeting.Kind.choices),
            "review": dict(Meeting.ReviewStatus.choices),
            "has_agreed": {"true": "With agreed points", "false": "Without agreed points"},
        }
        slugs = [value for name, value in applied if name in ("person", "speaker")]
        if slugs:
            names["person"] = names["speaker"] = dict(
                Person.objects.filter(slug__in=slugs).values_list("slug", "name")
            )
        if any(name == "side" for name, _ in applied):
            # "Said for the United States", as a sentence names it.
            names["side"] = {code: name_in_text(n) for code, n in names["country"].items()}

        def side(code: str) -> str:
            known = names["country"].get(code)
            return NO_SUCH["country"].format(code) if known is None else name_in_text(known)

        def words(name: str, value: str) -> str:
            if name == "q":
                return FILTER_WORDS["q"].format(
                    search_query.described(search_query.parse_query(value))
                )
            if name == "pair":
                return "Between " + " and ".join(side(c) for c in pair_codes(value))
            if name in names:
                known = names[name].get(value)
                if known is None:
                    return NO_SUCH.get(name, "{}").format(value)
                value = known
            return FILTER_WORDS.get(name, "{}").format(value)

        return [(name, value, words(name, value)) for name, value in applied]

    def notes(self) -> dict[str, list[str]]:
        """What the form says of values it read, by parameter: a country or topic the archive
        does not have matches nothing; a search is read otherwise than it is written."""
        notes = {
            name: [UNKNOWN_VALUES[name].format(value) for value in self.unknown(name)]
            for name in ("country", "pair", "topic")
        }
        notes["q"] = self._search_notes()
        since, until = self.cleaned("date_from"), self.cleaned("date_to")
        if since and until and since > until:
            notes["date_to"] = [DATES_REVERSED.format(since=since, until=until)]
        publisher = self.cleaned("publisher")
        if publisher and not Meeting.objects.filter(publisher__iexact=publisher).exists():
            notes["publisher"] = [UNKNOWN_PUBLISHER.format(publisher[:60])]
        return notes

    def _search_notes(self) -> list[str]:
        if not self.cleaned("q"):
            return []
        text = (self.data.get("q") or "").replace("\x00", "").strip()
        notes = [
            SHORT_PREFIX.format(
                prefix=term, word=replace(term, prefix=False), letters=search_query.MIN_PREFIX_CHARS
            )
            for term in search_query.short_prefixes(text)
        ]
        notes += [
            Information(
                OTHER_NAMES.format(term=term, names=", ".join(f"“{name}”" for name in names))
            )
            for term, names in search_query.other_names(text)
        ]
        if search_query.is_cut(text):
            query = Truncator(str(search_query.parse_query(text))).chars(200)
            notes.append(
                CUT_SEARCH.format(
                    chars=search_query.MAX_INPUT_CHARS,
                    clauses=search_query.MAX_CLAUSES,
                    query=query,
                )
            )
        return notes

    @cached_property
    def said(self) -> dict[str, list[str]]:
        """What the form says of each parameter, by name: why a value was not read (it is then
        ignored), and `notes` on the values it read. The page shows them by their fields, the
        JSON list as its `warnings`."""
        self.is_valid()
        said = {name: list(errors) for name, errors in self.form.errors.items()}
        for name, notes in self.notes().items():
            if notes:
                said.setdefault(name, []).extend(notes)
        return said

    @property
    def said_elsewhere(self) -> str:
        """What the form says of parameters it has no field for, shown above its fields."""
        html = (html for name, html in self.said_html.items() if name not in self.form.fields)
        return mark_safe("".join(html))  # noqa: S308 - built by format_html

    @cached_property
    def said_html(self) -> dict[str, str]:
        """`said` as the error list under each field, whose id (`id_<name>_error`) the field
        names in its `aria-describedby`."""
        return {
            name: format_html(
                '<ul class="errorlist" id="id_{}_error">{}</ul>',
                name,
                mark_safe("".join(map(_message_item, messages))),  # noqa: S308 - format_html
            )
            for name, messages in self.said.items()
        }


def _message_item(message: str) -> str:
    if isinstance(message, Information):
        return format_html('<li class="information">{}</li>', message)
    return format_html("<li>{}</li>", message)
