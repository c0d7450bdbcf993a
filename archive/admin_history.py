"""The admin's history pages: each change shown whole, and the styles the archive adds."""

from django.utils.html import conditional_escape, format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

# The archive's additions to the admin's styles (static/css/admin.css).
ADMIN_CSS = {"all": ["css/admin.css"]}


def _listed(value) -> str:
    return f"[{', '.join(map(str, value))}]" if isinstance(value, list) else str(value)


class WholeChangesHelper(HistoricalRecordContextHelper):
    """Each field's value before and after in full, and a list's entries added and removed listed
    after it, one to an item. django-simple-history cuts values of over 100 characters around their first
    difference ("hyd[37 chars]ine*"), which hid most of what a change to a topic's keywords or
    description did. A meeting's source text keeps django-simple-history's cut around its first
    difference: a word corrected in a readout is found there, not in two whole texts."""

    CUT_FIELDS = frozenset({"source_text"})

    def stringify_delta_change_values(self, change, old, new):
        if change.field in self.CUT_FIELDS:
            return super().stringify_delta_change_values(change, old, new)
        before, after = conditional_escape(_listed(old)), conditional_escape(_listed(new))
        if isinstance(old, list) and isinstance(new, list):
            # One item an entry: a warning or another name may hold commas itself.
            moves = [
                (label, entry)
                for label, entries in [
                    ("added", [v for v in new if v not in old]),
                    ("removed", [v for v in old if v not in new]),
                ]
                for entry in entries
            ]
            if moves:
                after = format_html(
                    '{}<ul class="history-moves">{}</ul>',
                    after,
                    format_html_join("", "<li>{} {}</li>", moves),
                )
        return before, after


class WholeHistoryAdmin(SimpleHistoryAdmin):
    """A history page that shows each change whole (WholeChangesHelper): a country's or topic's,
    a person's (other names), a meeting's (title, place, publisher, warnings)."""

    def get_historical_record_context_helper(self, request, historical_record):
        return WholeChangesHelper(self.model, historical_record)
