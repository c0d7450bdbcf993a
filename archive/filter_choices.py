"""The choices of the list filters: the countries and topics, read once per archive state, and
the <option>s of the form's lists built from them.
"""

from __future__ import annotations

from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from .filter_fields import pair_codes
from .models import Country, Meeting, Topic
from .people import name_key

HAS_AGREED_CHOICES = [("", "Any"), ("true", "With agreed points"), ("false", "Without")]


class ChoiceOptionsMixin:
    """The <option> elements of the country and topic lists, built in Python: a form widget
    renders each of 250 options through its own template."""

    def _options(self, name: str) -> str:
        from .aggregate_cache import cached_aggregate, request_state

        # The same for every visitor, rendered once per archive state; the chosen values (codes
        # and slugs, written as they are) are then marked selected.
        options = cached_aggregate(
            f"options:{name}",
            lambda: self._render_options(name, set()),
            request_state(getattr(self, "request", None)),
        )
        for value in self.cleaned(name) or []:
            options = options.replace(
                f'<option value="{value}">', f'<option value="{value}" selected>', 1
            )
        return mark_safe(options)  # noqa: S308 - rendered by format_html_join; values are codes

    def _render_options(self, name: str, chosen: set[str]) -> str:
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if value in chosen else "", label)  # noqa: S308
                for value, label in self.filters[name].extra["choices"]()
            ),
        )

    def _select_options(self, name: str, choices) -> str:
        """<option>s of a single-choice filter with the submitted value selected."""
        current = self.form[name].value()
        current = "" if current is None else str(current)
        return format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, mark_safe(" selected") if str(value) == current else "", label)  # noqa: S308
                for value, label in choices
            ),
        )

    @property
    def kind_options(self) -> str:
        return self._select_options("kind", [("", "Any"), *Meeting.Kind.choices])

    @property
    def review_options(self) -> str:
        return self._select_options("review", [("", "Any"), *Meeting.ReviewStatus.choices])

    @property
    def agreed_options(self) -> str:
        return self._select_options("has_agreed", HAS_AGREED_CHOICES)

    @property
    def country_options(self) -> str:
        return self._options("country")

    @property
    def topic_options(self) -> str:
        return self._options("topic")

    def unknown(self, name: str) -> list[str]:
        """The chosen countries (of `country` or `pair`) or topics the archive does not have: they
        match nothing (so an export never widens), and the form says so."""
        if name == "pair":
            values, name = pair_codes(self.cleaned("pair")), "country"
        else:
            values = self.cleaned(name) or []
        known = {value for value, _ in self.filters[name].extra["choices"]()}
        return [value for value in values if value not in known]


def _country_choices() -> list[tuple[str, str]]:
    # In a reader's alphabetical order: "Åland Islands" with the a's, "Côte d'Ivoire" before
    # "Croatia".
    rows = Country.objects.values_list("code", "name")
    return sorted(((code.lower(), name) for code, name in rows), key=lambda row: name_key(row[1]))


def _topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.values_list("slug", "name"))


def country_choices(state: str | None) -> list[tuple[str, str]]:
    """[(code in lower case, name)] of every country, read once per archive state."""
    from .aggregate_cache import cached_aggregate

    return cached_aggregate("choices:country", _country_choices, state)


def topic_choices(state: str | None) -> list[tuple[str, str]]:
    """[(slug, name)] of every topic, read once per archive state."""
    from .aggregate_cache import cached_aggregate

    return cached_aggregate("choices:topic", _topic_choices, state)


def set_choices(filterset, request) -> None:
    """The country and topic lists, read once per archive state rather than on every page."""
    from .aggregate_cache import request_state

    filterset.filters["country"].extra["choices"] = lambda: country_choices(request_state(request))
    filterset.filters["topic"].extra["choices"] = lambda: topic_choices(request_state(request))


def topic_ids(request) -> dict[str, int]:
    """{slug: id} of every topic, read once per archive state."""
    from .aggregate_cache import cached_aggregate, request_state

    return cached_aggregate(
        "topic-ids",
        lambda: dict(Topic.objects.values_list("slug", "pk")),
        request_state(request),
    )
