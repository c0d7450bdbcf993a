"""How to cite a readout: Chicago and APA for reading, BibTeX, RIS and CSL-JSON for reference managers.

The issuing ministry is the author (a corporate author); the date is the readout's publication
date where it is known (`Meeting.published_on`: printed on the page or given at import), else the
meeting's (a readout is mostly published the day of its meeting). A meeting date the readout
does not state (counted from "yesterday", taken from the page's date) is cited as inferred, in the
way each format allows: bracketed with a question mark in the prose styles, a note in BibTeX and
RIS, `circa` and a note in CSL-JSON, and left out of the meta tags, which cannot qualify a date.
When the readout's own address is not recorded, the archive's page is the address cited. Every
function takes the meeting and the absolute address of its archive page and returns text; the two
prose styles return HTML-safe strings.
"""

import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from django.utils.html import format_html
from django.utils.safestring import SafeString

ARCHIVE_NAME = "Readout archive"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BIBTEX_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


@dataclass(frozen=True)
class CitationFacts:
    """What every format needs, read once from a meeting."""

    key: str
    title: str
    publisher: str
    # The readout's publication date, else the meeting's.
    issued: date | None
    # The meeting's date, for CSL's event date when it differs.
    held_on: date | None
    url: str
    archive_url: str
    source_url: str
    place: str
    keywords: tuple[str, ...]
    language: str
    # The cited date (`issued`) is the meeting's and the readout does not state it.
    issued_inferred: bool = False
    # The meeting's date is not stated in the readout (it may still differ from `issued`).
    held_on_inferred: bool = False
    # The day the citation was downloaded: the archive's reading of a readout may be corrected
    # later, and an undated work needs its access date (Chicago 14.233, APA 9.16).
    accessed: date | None = None


def _one_line(value: str) -> str:
    return " ".join((value or "").split())


def safe_source_url(url: str) -> str:
    """The address if it is http(s), else "": only web addresses are linked or cited."""
    return url if re.match(r"https?://", url or "", re.IGNORECASE) else ""


def citation_facts(meeting, archive_url: str, accessed: date | None = None) -> CitationFacts:
    """Collect the meeting's citable facts; topics and location must be loaded already or cheap."""
    place = ", ".join(
        part
        for part in (
            meeting.location_city,
            meeting.location_country.name if meeting.location_country_id else "",
        )
        if part
    )
    # Slugs are unique and ASCII, so they make stable keys reference managers will not clash on.
    key = re.sub(r"[^A-Za-z0-9-]", "", meeting.slug)[:80] or f"readout-{meeting.pk}"
    source = safe_source_url(meeting.source_url)
    held_on_inferred = meeting.held_on is not None and not meeting.date_stated
    return CitationFacts(
        key=key,
        title=_one_line(meeting.title),
        publisher=_one_line(meeting.publisher),
        issued=meeting.published_on or meeting.held_on,
        held_on=meeting.held_on,
        url=source or archive_url,
        archive_url=archive_url,
        source_url=source,
        place=_one_line(place),
        keywords=tuple(topic.name for topic in meeting.topics.all()),
        language=meeting.language or "en",
        issued_inferred=held_on_inferred and meeting.published_on is None,
        held_on_inferred=held_on_inferred,
        accessed=accessed,
    )


INFERRED_NOTE = "Date inferred: the readout does not state it."
INFERRED_MEETING_NOTE = "Meeting date inferred: the readout does not state it."


def _ris_notes(facts: CitationFacts) -> list[str]:
    notes = [f"Archived at {facts.archive_url}"] if facts.source_url else []
    if facts.issued and facts.issued_inferred:
        notes.append(INFERRED_NOTE)
    return notes


def _long_date(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def chicago(facts: CitationFacts) -> SafeString:
    """Chicago (17th ed.) bibliography entry for a web page with a corporate author."""
    title = facts.title.rstrip(".")
    # "n.d" without its final stop: the format string adds it. A conjectured date goes in
    # brackets with a question mark.
    when = _long_date(facts.issued) if facts.issued else "n.d"
    if facts.issued and facts.issued_inferred:
        when = f"[{when}?]"
    where = facts.url if facts.source_url else f"{ARCHIVE_NAME}, {facts.url}"
    if facts.publisher:
        return format_html(
            "{}. “{}.” {}. {}.", facts.publisher.rstrip("."), title, when, where.rstrip(".")
        )
    return format_html("“{}.” {}. {}.", title, when, where.rstrip("."))


def apa(facts: CitationFacts) -> SafeString:
    """APA (7th ed.) reference: author, date, italic title, description in brackets, address."""
    if facts.issued:
        when = f"{facts.issued.year}, {MONTHS[facts.issued.month - 1]} {facts.issued.day}"
        if facts.issued_inferred:
            # Square brackets hold what the source does not give, as for "[Readout]".
            when = f"[{when}?]"
    else:
        when = "n.d."
    title = facts.title.rstrip(".")
    if facts.publisher:
        return format_html(
            "{}. ({}). <i>{}</i> [Readout]. {}", facts.publisher.rstrip("."), when, title, facts.url
        )
    # Without an author, APA moves the title into the author position.
    return format_html("<i>{}</i> [Readout]. ({}). {}", title, when, facts.url)


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}


def bibtex_escape(value: str) -> str:
    """Escape LaTeX's special characters so any text is a safe BibTeX field value."""
    return "".join(_BIBTEX_SPECIAL.get(char, char) for char in _one_line(value))


def _bibtex_url(url: str) -> str:
    # Inside a URL field only unbalanced braces and spaces can break the entry; percent-encode them.
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def bibtex(facts: CitationFacts) -> str:
    """A BibTeX @misc entry (fields read by both BibTeX and biblatex)."""
    fields: list[tuple[str, str]] = [("title", "{" + bibtex_escape(facts.title) + "}")]
    if facts.publisher:
        # Double braces keep a corporate author from being split into first and last names.
        fields.append(("author", "{" + bibtex_escape(facts.publisher) + "}"))
        # biblatex reads `organization` as a list split at " and ": "Department of Foreign
        # Affairs and Trade" must stay one organisation.
        fields.append(("organization", "{" + bibtex_escape(facts.publisher) + "}"))
    if facts.issued:
        fields.append(("year", str(facts.issued.year)))
        fields.append(("month", BIBTEX_MONTHS[facts.issued.month - 1]))
        fields.append(("date", facts.issued.isoformat()))
    fields.append(("howpublished", "Readout"))
    fields.append(("url", _bibtex_url(facts.url)))
    if facts.accessed:
        fields.append(("urldate", facts.accessed.isoformat()))
    if facts.place:
        # The meeting's place, not the publisher's: `address` (biblatex's `location`) would be
        # printed as the place of publication.
        fields.append(("venue", bibtex_escape(facts.place)))
    if facts.keywords:
        fields.append(("keywords", bibtex_escape(", ".join(facts.keywords))))
    notes = ["Archived at " + _bibtex_url(facts.archive_url)] if facts.source_url else []
    if facts.issued and facts.issued_inferred:
        notes.append(INFERRED_NOTE)
    if notes:
        # One `note` only: BibTeX parsers refuse a field given twice, or keep only one.
        fields.append(("note", bibtex_escape(". ".join(notes))))
    lines = [f"@misc{{{facts.key},"]
    for name, value in fields:
        # `month` takes BibTeX's month macro, unbraced; everything else is a braced value.
        lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(facts: CitationFacts) -> str:
    """An RIS record (`TY  - ELEC`, a web page), CRLF line ends as the format specifies. RIS has
    no tag for where a meeting took place (`CY` is the place of publication), so it has none."""
    tags: list[tuple[str, str]] = [("TY", "ELEC"), ("TI", facts.title)]
    if facts.publisher:
        tags += [("AU", facts.publisher), ("PB", facts.publisher)]
    if facts.issued:
        day = facts.issued
        tags += [("PY", str(day.year)), ("DA", f"{day.year:04d}/{day.month:02d}/{day.day:02d}")]
    tags.append(("UR", facts.url))
    if facts.accessed:
        tags.append(("Y2", facts.accessed.strftime("%Y/%m/%d")))
    tags += [("KW", keyword) for keyword in facts.keywords]
    tags += [("LA", facts.language), ("M3", "Readout")]
    tags += [("N1", note) for note in _ris_notes(facts)]
    lines = [f"{tag}  - {_one_line(value)}" for tag, value in tags]
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def csl_item(facts: CitationFacts) -> dict:
    item: dict = {
        "id": facts.key,
        "type": "webpage",
        "genre": "Readout",
        "title": facts.title,
        "URL": facts.url,
        "archive": ARCHIVE_NAME,
        "archive_location": facts.archive_url,
        "language": facts.language,
    }
    if facts.publisher:
        item["author"] = [{"literal": facts.publisher}]
        item["publisher"] = facts.publisher
    notes = []
    if facts.issued:
        item["issued"] = _csl_date(facts.issued, facts.issued_inferred)
        if facts.issued_inferred:
            notes.append(INFERRED_NOTE)
    if facts.held_on and facts.held_on != facts.issued:
        item["event-date"] = _csl_date(facts.held_on, facts.held_on_inferred)
        if facts.held_on_inferred:
            notes.append(INFERRED_MEETING_NOTE)
    if facts.accessed:
        item["accessed"] = _csl_date(facts.accessed, False)
    if facts.place:
        item["event-place"] = facts.place
    if facts.keywords:
        item["keyword"] = ", ".join(facts.keywords)
    if notes:
        item["note"] = "\n".join(notes)
    return item


def _csl_date(day: date, inferred: bool) -> dict:
    # `circa` is CSL's mark of a date the source does not give exactly; styles print "ca.".
    value: dict = {"date-parts": [[day.year, day.month, day.day]]}
    if inferred:
        value["circa"] = True
    return value


def csl_json(facts: CitationFacts) -> str:
    """CSL-JSON: a list holding one item, as Zotero, Pandoc and citeproc read it."""
    return json.dumps([csl_item(facts)], ensure_ascii=False, indent=2) + "\n"


def meta_tags(facts: CitationFacts) -> list[tuple[str, str]]:
    """(name, content) pairs for Highwire Press and Dublin Core meta tags (Zotero, Google Scholar)."""
    tags = [("citation_title", facts.title)]
    if facts.publisher:
        tags += [("citation_author", facts.publisher), ("citation_publisher", facts.publisher)]
    # Neither scheme can mark a date as inferred, so an inferred one is left out.
    issued = None if facts.issued_inferred else facts.issued
    if issued:
        tags.append(("citation_date", issued.strftime("%Y/%m/%d")))
    tags += [("citation_public_url", facts.archive_url), ("citation_language", facts.language)]
    tags += [("DC.title", facts.title), ("DC.type", "Text"), ("DC.language", facts.language)]
    if facts.publisher:
        tags += [("DC.creator", facts.publisher), ("DC.publisher", facts.publisher)]
    if issued:
        tags.append(("DC.date", issued.isoformat()))
    tags.append(("DC.identifier", facts.archive_url))
    if facts.source_url:
        tags.append(("DC.source", facts.source_url))
    return tags


def citation_context(meeting, archive_url: str) -> dict:
    """What the meeting page's "Cite this" box and meta tags need."""
    facts = citation_facts(meeting, archive_url)
    return {
        "citation": facts,
        # Named by its site: the page's contents list has a link "The readout as published" too.
        "source_host": (urlsplit(facts.source_url).hostname or "") if facts.source_url else "",
        "chicago": chicago(facts),
        "apa": apa(facts),
        "citation_meta": meta_tags(facts),
    }


FORMATS = {
    # extension: (builder, content type)
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
