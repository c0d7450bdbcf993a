"""parse_readout: readout text -> ParsedReadout. Pure; never raises."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from archive.parsing.agreements import find_agreed_points, point_text
from archive.parsing.countries import lookup_city, lookup_country
from archive.parsing.dates import find_relative, parse_date, search_date
from archive.parsing.kinds import MEETING_RE, PHONE_RE, VIDEO_RE, find_kind, mark_hosts
from archive.parsing.names import is_role_word, name_aliases
from archive.parsing.opening import (
    DATELINE_LEAD_RE,
    Opening,
    agency_dateline_city,
    between_from_title,
    clean_subject,
    cut_object,
    find_opening,
    is_headline,
    later_openings,
    opening_from_title,
)
from archive.parsing.participants import parse_side
from archive.parsing.people import build_participants
from archive.parsing.places import find_location, headline_place, seat_place
from archive.parsing.publishers import Publisher, detect_publisher, get_publisher
from archive.parsing.results import (
    make_agreed_point,
    make_participant,
    make_readout,
    make_statement,
)
from archive.parsing.statements import (
    SentenceInfo,
    SpeakerResolver,
    attribute,
    signs_quotation,
    transcript_label,
)
from archive.parsing.text import BULLET_RE, Span, paragraphs, sentences
from archive.parsing.titles import make_title
from archive.parsing.topics import TopicMatcher, topic_matcher
from archive.parsing.types import (
    ParsedAgreedPoint,
    ParsedParticipant,
    ParsedReadout,
    ParsedStatement,
    TopicSpec,
)
from archive.parsing.when import MeetingDate, choose_meeting_date

# Used with .match only, so it is anchored at the position given without "^" (which would
# not match at a position inside the text).
_BOILERPLATE_RE: Final = re.compile(
    r"(?:The overview(?: of the [\w ]{1,30})? is as follows"
    r"|The (?:below|following) is attributable to"
    r"|An? (?:[\w ,&]{0,60})?spokesperson said|(?:State Department )?Spokesperson\b.{0,60}:$"
    r"|###|\(end\)|END$|Related:|Share this|Print this|From:$|Published\b|Last updated\b"
    r"|News release$|Press release$|Readout$)",
    re.IGNORECASE,
)
# Non-breaking and typographic spaces, tabs and carriage returns read as plain spaces.
_ODD_SPACES: Final = str.maketrans(
    dict.fromkeys("\xa0\t\r\u2002\u2003\u2009\u200a\u202f\u3000", " ")
)
_FOOTER_RE: Final = re.compile(
    r"(?:Contacts?|Media (?:Relations|contacts?|enquiries)|Associated links|Quick facts\s*$"
    # "Address for enquiries:" over a press office's address.
    r"|Address for (?:enquiries|inquiries)"
    r"|Related (?:links|products"
    r"|articles|content)|For further information|Search for related"
    r"|###|\(end\)|- ?30 ?-|END\s*$|[(\[]Reference[)\]]|Reference:|End text\b"
    # A press briefing's questions after the readout: "Q: Will the President visit ...?"
    r"|Q\s*:|Question\s*:"
    # A signature block under the release: "Signed:" and the signatory's lines.
    r"|Signed:?\s*$|Signed:?\n)",
    re.IGNORECASE,
)
# A news agency's sign-off closing the last paragraph: "... coordination. (end) ak.gb".
_SIGN_OFF_RE: Final = re.compile(
    r"(?<=[.!?\"”])\s+\((?:end|END|End)\)(?:\s+[a-z]{1,4}(?:\.[a-z]{1,4})*)?$"
)
# A page's tools, pasted with its text: no part of the readout, and no end of it either.
_PAGE_TOOLS_RE: Final = re.compile(
    r"(?:Share this|Print this|Follow us|Stay connected|Tags?:)", re.IGNORECASE
)
_PAGE_TOOLS_INITIALS: Final = frozenset("SPFTspft")
_PRONOUNS: Final = frozenset(["her", "him", "them"])
# Where the subject of a visit sentence ends.
_VISITOR_RE: Final = re.compile(
    r"\s+(?:paid|pays|visited|visits|arrived|arrives|is|was|began|begins|concluded|traveled"
    r"|travelled|came|attended|held\s+a\s+series\s+of)\b"
)
# A word of three letters within a sentence's first 60 characters: it has words, not only numbers.
_WORD_RE: Final = re.compile(r"[^\W\d_]{3}")
# "Moscow - 5 March 2023 - ...": a dateline.
_TWO_DASHES_RE: Final = re.compile(r"\s[-–—]\s.*\s[-–—]\s")
# The first characters, either case, of the alternatives of _BOILERPLATE_RE and _FOOTER_RE: text
# opening with another ASCII character cannot match and skips the regex. (Case folding maps some
# other characters onto ASCII letters, "ſ" onto "s": text opening outside ASCII is tried.)
_BOILERPLATE_INITIALS: Final = frozenset("TASEPRFLN#(taseprfln")
_FOOTER_INITIALS: Final = frozenset("CMARFSTEQ#(-[cmarfsteq")


class _TopicsOf:
    """Topics of the texts of one readout: an agreed point is often a whole statement's text,
    tagged once."""

    def __init__(self, matcher: TopicMatcher) -> None:
        self.matcher = matcher
        self.seen: dict[str, tuple[str, ...]] = {}

    def match(self, text: str) -> tuple[str, ...]:
        found = self.seen.get(text)
        if found is None:
            found = self.matcher.match(text)
            self.seen[text] = found
        return found


@dataclass
class _Layout:
    paragraphs: list[Span]
    opening: Opening | None
    header: list[Span]
    title: str
    # A dateline printed as the opening paragraph's first sentence (see `_dateline_before`).
    dateline: str = ""


def parse_readout(
    text: str,
    *,
    published_on: datetime.date | None = None,
    publisher: str | None = None,
    topics: Sequence[TopicSpec] | None = None,
) -> ParsedReadout:
    """Parse one readout. Whatever the input, returns a ParsedReadout; problems become warnings."""
    try:
        if not isinstance(text, str):
            text = str(text)
        return _parse(text, published_on, publisher, topics)
    except Exception as exc:  # noqa: BLE001 - the contract is to never raise on any input
        return _failed(text if isinstance(text, str) else "", publisher, exc)


def _failed(text: str, publisher: str | None, exc: Exception) -> ParsedReadout:
    first = text.strip().split("\n", 1)[0][:120] if text.strip() else "Untitled readout"
    return ParsedReadout(
        title=first,
        held_on=None,
        date_stated=False,
        kind="other",
        multilateral=False,
        location_city=None,
        location_country=None,
        publisher=publisher,
        publisher_country=None,
        participants=(),
        countries=(),
        statements=(),
        agreed_points=(),
        topics=(),
        warnings=(
            f"The parser could not read this text ({type(exc).__name__}); "
            "every field needs review.",
        ),
    )


def _parse(
    original: str,
    published_on: datetime.date | None,
    publisher_key: str | None,
    topics: Sequence[TopicSpec] | None,
) -> ParsedReadout:
    # Same length, same offsets: spans found in `text` index `original` too.
    # ASCII text holds only two of those characters: skip the (slow) translate without them.
    plain = original.isascii() and "\t" not in original and "\r" not in original
    text = original if plain else original.translate(_ODD_SPACES)
    warnings: list[str] = []
    layout = _layout(text)
    publisher = _publisher(text, publisher_key, warnings)
    pub_country = publisher.country if publisher else None
    subject, obj, verb, sentence = _sides(text, layout)
    host_city = (
        lookup_city(subject) if verb in ("hosted", "hosts") and subject[:1].isupper() else None
    )
    if host_city:
        # "On 7 November, Tbilisi hosted the Trilateral Meeting of ...": the place, nobody.
        host_place, subject = (subject, host_city), ""
    # "Amid fighting in Gaza, Secretary X spoke today with Y": the news is no place.
    told = sentence
    if told[:1] in _CONTEXT_INITIALS:
        told = _CONTEXT_LEAD_RE.sub("", told, count=1)
    kind = find_kind(verb, told, layout.title)
    city, country = find_location(told) if kind == "meeting" else (None, None)
    if host_city and not city:
        city, country = host_place
    if kind == "meeting" and not (city or country) and layout.opening:
        city, country = _visit_place(text, layout.paragraphs, layout.opening.sentence.start)
    if kind == "meeting" and not city and ("took place" in text or "was held" in text):
        # "The meeting took place in New Delhi on 28 January 2025."
        city, country = _took_place_location(text)
    if kind == "meeting" and not city and layout.title:
        # "..., Moscow, March 4, 2025" over "who was on a working visit to Russia".
        title_city, title_country = headline_place(layout.title)
        if title_city and country in (None, title_country):
            city, country = title_city, title_country
    if kind == "meeting" and not (city or country) and _VISIT_RE.search(layout.title):
        # "Visit of Minister X to Singapore, 14 March 2024" over "hosted X to lunch".
        city, country = find_location(layout.title)
    if kind == "meeting" and not city:
        # "at the Prime Minister's Office": the seat of the host's government.
        seat_city, seat_country = seat_place(sentence, country or pub_country)
        if seat_city:
            city, country = seat_city, seat_country
    if kind == "meeting" and not city:
        # "concluded a visit to Japan, where she met ..." under "Tokyo, Japan - ...": the
        # dateline's city completes a place the text gives as a country only.
        dateline_city, dateline_country = _dateline_place(text, layout, pub_country)
        if dateline_city and (country is None or dateline_country == country):
            city, country = dateline_city, dateline_country
            warnings.append(f"Meeting place taken from the dateline ({city}).")
    if kind == "meeting" and not city and pub_country:
        # "Istanbul, IRNA - Foreign Minister X met ...": a news agency files from where the
        # minister is; abroad, that is where he met (at home it says nothing of the meeting).
        agency_city = agency_dateline_city(sentence)
        agency_country = lookup_city(agency_city) if agency_city else None
        if agency_country and agency_country != pub_country and country in (None, agency_country):
            city, country = agency_city, agency_country
            warnings.append(f"Meeting place taken from the dateline ({city}).")
    if kind == "meeting" and not city and publisher and "visit" in told:
        # "X held talks with Y, who is visiting the Kingdom": the publisher's country, as it
        # names itself, in the city of its dateline.
        home_city, home_country = _visiting_home(told, sentence, publisher.own_side, pub_country)
        if home_country and country in (None, home_country):
            city, country = home_city, home_country
    participants = build_participants(text, subject, obj, pub_country, layout.title)
    if participants and participants[0].name is None and participants[0].country == pub_country:
        participants = _named_in_header(text, layout, participants)
    if pub_country is None and any(p.country is None for p in participants):
        participants = _placed_at_home(text, layout, participants)
    opening_count = len(participants)
    if kind == "meeting" and country and any(p.country is None for p in participants):
        participants = _placed_by_venue(participants, country, city, told)
    if layout.opening:
        participants = _joined(text, layout.opening, participants, pub_country, country)
    if layout.opening and kind == "meeting":
        participants = _also_met(text, layout.opening, participants, pub_country, country)
    # The subject's people, not its "and"s: "Minister of Foreign Affairs, Emigration and ..."
    participants = mark_hosts(
        participants, country, city, verb, len(parse_side(subject)), opening_count
    )
    if kind == "meeting" and not city and publisher and publisher.home_city:
        city, country = _home_call_place(told, participants, publisher, country)
    date = _meeting_date(text, layout, sentence, published_on)
    matcher = topic_matcher(topics)
    topics_of = _TopicsOf(matcher)
    infos = _attribute(text, layout, participants, pub_country, opening_count)
    listed: list[tuple[int, int]] = []
    agreed = find_agreed_points(text, infos, layout.paragraphs, listed)
    statements = _statements(original, infos, topics_of, agreed, listed)
    points = tuple(
        make_agreed_point(point_text(original[s:e]), s, e, topics_of.match(text[s:e]))
        for s, e in agreed
    )
    codes = tuple(sorted({p.country for p in participants if p.country}))
    if publisher is not None and not publisher_key and codes and publisher.country not in codes:
        # Found from the text's cues, yet of none of the countries that took part: the cues
        # misled ("His Excellency" and "The two leaders" in a Pakistani release).
        publisher = None
        warnings.append(_NOT_RECOGNISED)
    passages = bool(statements) or bool(points)
    _warn(warnings, date.warning, participants, kind, city, country, passages)
    return make_readout(
        layout.title or make_title(participants, kind, date.held_on),
        date.held_on,
        date.stated,
        kind,
        len(codes) >= 3,  # multilateral
        city,
        country,
        publisher.key if publisher else publisher_key,
        pub_country,
        participants,
        codes,
        statements,
        points,
        _readout_topics(text, layout, statements, points, matcher),
        tuple(warnings),
        published_on or date.printed,
    )


def _home_call_place(
    told: str,
    participants: tuple[ParsedParticipant, ...],
    publisher: Publisher,
    country: str | None,
) -> tuple[str | None, str | None]:
    """ "X received a courtesy call by Y", "Y paid a farewell call on X": a call on the
    publisher's own official that names no city is paid in the publisher's home city. Any
    other meeting keeps the place it had, (None, country)."""
    own = publisher.country
    if (
        country in (None, own)
        and _CALL_ON_RE.search(told)
        and any(p.is_host and p.country == own for p in participants)
    ):
        return publisher.home_city, own
    return None, country


# "received a courtesy call by", "paid a farewell call on", "called on".
_CALL_ON_RE: Final = re.compile(
    r"\b(?:(?:courtesy|farewell|introductory|valedictory)\s+call|called\s+on)\b"
)


def _meeting_date(
    text: str, layout: _Layout, sentence: str, published_on: datetime.date | None
) -> MeetingDate:
    """The opening sentence (else the first paragraph) against header and date lines."""
    first = layout.paragraphs[0] if layout.paragraphs else Span(0, 0)
    headers = [_unglued(text[p.start : p.end]) for p in layout.header] + _date_lines(text, layout)
    if layout.dateline:
        headers.append(layout.dateline)
    if sentence and layout.opening and not search_date(sentence) and not find_relative(sentence):
        sentence = (
            _dated_restatement(text, layout)
            or _dated_before(text, layout)
            or _dated_took_place(text)
            or sentence
        )
    elif sentence and sentence[:1].isupper():
        # "Bandar Seri Begawan, 16 October 2024 - X received Y ... today": the dateline run
        # into the sentence prints the page's date, against which "today" resolves; and a date
        # the sentence gives after it ("ABU DHABI, 14th May, 2025 (WAM) -- X met on 13 May
        # ...") is the meeting's.
        dateline = DATELINE_LEAD_RE.match(sentence)
        if (
            dateline
            and search_date(sentence[: dateline.end()])
            and (find_relative(sentence) or search_date(sentence, dateline.end()))
        ):
            headers.append(sentence[: dateline.end()])
            sentence = sentence[dateline.end() :]
    return choose_meeting_date(
        sentence or text[first.start : first.end], headers, layout.title, published_on
    )


def _dateline_before(text: str, layout: _Layout) -> str:
    """ "Bogotá, 24 September 2024. Foreign Minister X met today ...": a dateline printed as the
    first sentence of the opening's paragraph, or ""."""
    if layout.opening is None:
        return ""
    para = layout.paragraphs[layout.opening.paragraph_index]
    start = layout.opening.sentence.start
    if start == para.start or start - para.start > _DATELINE_CHARS:
        return ""
    before = text[para.start : start].strip()
    m = search_date(before)
    if m is None or m.start() > _DATELINE_CHARS // 2:
        return ""
    # A place before the date ("Bogotá D.C.,"), at most a source after it ("(@CancilleriaCol).").
    place = before[: m.start()].replace(",", " ").split()
    if not all(word[:1].isupper() or word in _PLACE_LINKS for word in place):
        return ""
    tail = before[m.end() :].strip(" .")
    return "" if tail and not _SOURCE_RE.fullmatch(tail) else before


_DATELINE_CHARS: Final = 80
_PLACE_LINKS: Final = frozenset(["de", "of", "the", "-", "–", "—"])
_SOURCE_RE: Final = re.compile(r"\([^()]{1,40}\)")


def _clauses(text: str, start: int, end: int, index: int) -> list[tuple[int, int, int]]:
    """A sentence, split where a second speaker takes over: "Minister Cho requested ..., and
    Minister Vieira said Brazil would ..." is two statements."""
    if (
        text.find(", and ", start, end) < 0
        and text.find("; ", start, end) < 0
        and text.find(", while ", start, end) < 0
        and (
            # "... and the leaders agreed ...": both sides' clause.
            text.find(" agreed", start, end) < 0
            or (text.find(" and the ", start, end) < 0 and text.find(" and both ", start, end) < 0)
        )
    ):
        return [(start, end, index)]
    spans: list[tuple[int, int, int]] = []
    for m in _NEXT_SPEAKER_RE.finditer(text, start, end):
        spans.append((start, m.start(), index))
        start = m.end()
    spans.append((start, end, index))
    return spans


# ", and Minister Vieira said", "; the President said", ", while Foreign Minister X stressed": a
# named speaker's own clause.
_NEXT_SPEAKER_RE: Final = re.compile(
    r"(?:,\s+and|,\s+while|;)\s+(?=(?:the\s+)?(?:[A-Z][\w'’.-]*\s+|(?:and|bin|al|de|da|van|von|der)\s+(?=[A-Z])){1,7}"
    # "..., while the Australian side underlined ...": a side speaks too.
    r"(?:side\s+|delegation\s+)?(?:said|says|stated|noted|stressed|emphasi[sz]ed"
    r"|underlined|underscored|highlighted|expressed|thanked|replied|added|explained|briefed"
    r"|informed|hoped|welcomed|pointed\s+out)\b)"
    # "The Prime Minister welcomed the summit and the leaders agreed to ...", "The Foreign
    # Secretary welcomed ... and the two agreed to ...": both sides'.
    r"|,?\s+and\s+(?=(?:(?:the|both)\s+(?:two\s+)?(?:leaders|ministers|sides|parties)|the\s+two"
    r"|both)\s+(?:also\s+)?agreed\b)"
)


def _fuller_restatement(text: str, paras: list[Span], opening: Opening) -> Opening:
    """A summary line that leaves someone unnamed ("The Foreign Secretary met Indonesia's
    Foreign Minister in Munich", "The Foreign Secretary visited Abuja, where he met President
    X") gives way to the release's sentence under it that names everyone it named and more."""
    named = _names(opening)
    drafts = len(parse_side(opening.subject)) + len(parse_side(opening.object))
    if len(named) >= drafts:
        return opening
    wanted = max(2, drafts, len(named) + 1)
    for later in later_openings(text, paras, opening):
        names = _names(later)
        if len(names) >= wanted and named <= names:
            return later
    return opening


def _names(opening: Opening) -> set[str]:
    drafts = parse_side(opening.subject) + parse_side(opening.object)
    return {d.name for d in drafts if d.name}


def _dated_restatement(text: str, layout: _Layout) -> str:
    """A summary above the release ("Prime Minister X met Chancellor Y at Chequers.") may leave
    out the day its release gives ("The Prime Minister hosted Chancellor Y at Chequers
    yesterday"): a later meeting sentence that names the counterpart again, with a date or a
    time word; else ""."""
    words = _restatement_words(layout.opening)
    if layout.opening is None or words is None:
        return ""
    for later in later_openings(text, layout.paragraphs, layout.opening):
        sentence = text[later.sentence.start : later.sentence.end]
        if words[1] in sentence and (search_date(sentence) or find_relative(sentence)):
            return sentence
    return ""


def _dated_took_place(text: str) -> str:
    """ "The meeting took place on 28 January 2025.": a sentence of the release that dates the
    meeting its opening leaves undated; else ""."""
    if "took place" not in text and "was held" not in text:
        return ""
    for m in _TOOK_PLACE_RE.finditer(text):
        if search_date(m.group()):
            return m.group()
    return ""


def _took_place_location(text: str) -> tuple[str | None, str | None]:
    for m in _TOOK_PLACE_RE.finditer(text):
        city, country = find_location(m.group())
        if city or country:
            return city, country
    return None, None


def _dated_before(text: str, layout: _Layout) -> str:
    """ "Today, President X was accorded a welcome ... He held talks with Y": an opening that
    goes on from the sentence before it (a pronoun subject) takes its day from that sentence's
    part of the paragraph; else ""."""
    opening = layout.opening
    if opening is None:
        return ""
    para = layout.paragraphs[opening.paragraph_index]
    before = text[para.start : opening.sentence.start]
    # ... or a visit's sentence before it: "X made a working visit to Kuala Lumpur on 8 January
    # 2024. Minister X met Y."
    if opening.subject.lower() not in ("he", "she", "they") and "visit" not in before:
        return ""
    return before if search_date(before) or find_relative(before) else ""


def _layout(text: str) -> _Layout:
    paras = paragraphs(text)
    opening = find_opening(text, paras)
    if opening is not None:
        opening = _fuller_restatement(text, paras, opening)
    first_body = opening.paragraph_index if opening else _first_sentence_paragraph(text, paras)
    header = paras[:first_body]
    layout = _Layout(paras, opening, header, _choose_title(text, header))
    layout.dateline = _dateline_before(text, layout)
    return layout


def _choose_title(text: str, header: list[Span]) -> str:
    """The headline: a header line that names a meeting or call, else the first real one.
    Labels ("READOUT", "MFA Press Statement") and datelines are not headlines."""
    candidates = []
    for para in header:
        line = " ".join(text[para.start : para.end].split())
        if not is_headline(line) or _is_dateline(line) or _BOILERPLATE_RE.match(line):
            continue
        if line[:1] in "HS" and _BREADCRUMB_RE.match(line):
            continue  # "Home > Press Releases > Secretary X's Meeting with Y": the page's path
        if line.isupper():
            # "PRESIDENT TINUBU RECEIVES GERMAN CHANCELLOR": a headline in capitals names a
            # meeting or call; "PRESS RELEASE", "OFFICE OF THE PRIME MINISTER" are labels.
            if len(line.split()) >= 4 and (
                MEETING_RE.search(line) or PHONE_RE.search(line) or VIDEO_RE.search(line)
            ):
                candidates.append(line[:300])
        elif len(line.split()) >= 3:
            # "..., Moscow, 22 April 202513:05": the page's time glued to the headline's year.
            if line[-3:-2] == ":" and line[-1:].isdigit():
                line = _GLUED_TIME_RE.sub("", line)
            glued = _glued_date(line)
            if glued:
                line = line[:glued].rstrip()  # the date is read from the header (`_unglued`)
            candidates.append(line[:300])
    for line in candidates:
        if MEETING_RE.search(line) or PHONE_RE.search(line) or VIDEO_RE.search(line):
            return line
    # Without a meeting word, only a longer line passes for a headline ("MFA Press Statement"
    # does not).
    return next((line for line in candidates if len(line.split()) >= 4), "")


_TOOK_PLACE_RE: Final = re.compile(
    r"\b(?:The|This)\s+(?:meeting|talks|call|conversation|consultations?|visit|dialogue)\s+"
    r"(?:took\s+place|was\s+held)\b[^.;\n]{0,80}"
)
_CONTEXT_LEAD_RE: Final = re.compile(
    r"^(?:Amid|Amidst|Against\s+the\s+backdrop\s+of|In\s+light\s+of|Given|In\s+the\s+wake\s+of"
    r"|Following)\b[^,;.]{0,160},\s*(?=[A-Z])"
)
_CONTEXT_INITIALS: Final = frozenset("AIGF")
_GLUED_TIME_RE: Final = re.compile(r"(?<=\d{4})\d{1,2}:\d{2}$")
_GLUED_DATE_RE: Final = re.compile(
    r"(?<=[a-z])\d{1,2} [A-Z][a-z]+ (?:19|20)\d\d(?:\d{1,2}:\d\d)?\s*$"
)


def _glued_date(line: str) -> int:
    """Where a date glued to a headline's last word starts ("... counterpart El-Mahdy22
    September 202514:37", a page's date and time run into its title), else 0."""
    if not line.rstrip()[-1:].isdigit():
        return 0
    m = _GLUED_DATE_RE.search(line)
    return m.start() if m and parse_date(m.group()) else 0


def _unglued(line: str) -> str:
    glued = _glued_date(line)
    return f"{line[:glued]} {line[glued:]}" if glued else line


_BREADCRUMB_RE: Final = re.compile(r"(?:Home|Homepage|Start)\s*[>›»/|]\s")


def _first_sentence_paragraph(text: str, paras: list[Span]) -> int:
    for index, para in enumerate(paras):
        chunk = text[para.start : para.end]
        if not is_headline(chunk) and not _BOILERPLATE_RE.match(chunk.strip()):
            return index
    return len(paras)


def _is_dateline(line: str) -> bool:
    m = search_date(line)
    if m and m.start() >= 3 and m.end() >= len(line) - 1 and m.start() < 40:
        # "Cairo, 26/02/2025": a place, then the date ending the line.
        return lookup_city(line[: m.start()].strip(" ,-–—")) is not None
    return bool(m and m.start() < 3) or bool(_TWO_DASHES_RE.search(line))


def _dateline_place(
    text: str, layout: _Layout, own_country: str | None
) -> tuple[str | None, str | None]:
    """ "January 10, 2024 - Santiago, Chile - Global Affairs Canada" over a meeting whose text
    names no place: a minister's release dated abroad was issued where the minister met. A
    dateline at home (or the EU's in Brussels) says nothing of the meeting."""
    for para in layout.header:
        line = " ".join(text[para.start : para.end].split())
        if not _is_dateline(line):
            continue
        for chunk in _DATELINE_SPLIT_RE.split(line):
            code = lookup_city(chunk.strip())
            if code and code != own_country and not (own_country == "EU" and code == "BE"):
                return chunk.strip(), code
    return None, None


_DATELINE_SPLIT_RE: Final = re.compile(r"\s+[-–—]\s+|,\s*")


def _placed_at_home(
    text: str, layout: _Layout, participants: tuple[ParsedParticipant, ...]
) -> tuple[ParsedParticipant, ...]:
    """A release whose publisher is not known, dated in a city ("Suva, Fiji"; "... (Athens,
    14.03.2025)"): the one participant it does not place is of that city's country, the
    publisher's own official, when no other participant is of it."""
    unplaced = [i for i, p in enumerate(participants) if p.country is None]
    if len(unplaced) != 1:
        return participants
    role = participants[unplaced[0]].role
    if not _NATIONAL_OFFICE_RE.search(role) or _INTERNATIONAL_OFFICE_RE.search(role):
        return participants  # the UN Secretary-General in New York is of no country
    home = _release_city_country(text, layout)
    if home is None or any(p.country == home for p in participants):
        return participants
    i = unplaced[0]
    p = participants[i]
    return (
        *participants[:i],
        make_participant(p.name, p.role, home, p.is_host, p.aliases),
        *participants[i + 1 :],
    )


def _release_city_country(text: str, layout: _Layout) -> str | None:
    """The country of the city a release is dated in: a short header line ("Suva, Fiji",
    "Athens, 14 March 2025") or the parenthesis closing its headline ("(Athens, 14.03.2025)")."""
    lines = [" ".join(text[p.start : p.end].split()) for p in layout.header]
    title = layout.title
    if title.endswith(")") and "(" in title:
        lines.append(title[title.rindex("(") + 1 : -1])
    for line in lines:
        if len(line) > _HOME_LINE_CHARS:
            continue
        first = _DATELINE_SPLIT_RE.split(line, maxsplit=1)[0].strip()
        code = lookup_city(first) if first[:1].isupper() else None
        if code:
            return code
    return None


_HOME_LINE_CHARS: Final = 60
_NATIONAL_OFFICE_RE: Final = re.compile(
    r"\b(?:Minister|Prime|President|Chancellor|Premier|King|Queen|Emir|Amir|Sultan|Taoiseach)\b"
)
_INTERNATIONAL_OFFICE_RE: Final = re.compile(
    r"General\b|\b(?:Commission|Council|Union|United\s+Nations|Assembly|Parliament|Bank)\b"
)


def _date_lines(text: str, layout: _Layout) -> list[str]:
    """Short standalone lines with a date anywhere (a page date printed after the body)."""
    lines = []
    for para in layout.paragraphs[len(layout.header) :]:
        chunk = text[para.start : para.end]
        if len(chunk) < 80 and is_headline(chunk) and search_date(chunk):
            lines.append(chunk)
    return lines


def _publisher(text: str, key: str | None, warnings: list[str]) -> Publisher | None:
    if key:
        found = get_publisher(key)
        if found is None:
            warnings.append(
                f"Publisher '{key}' is not in the publisher table; its country is unknown."
            )
        return found
    found = detect_publisher(text)
    if found is None:
        warnings.append(_NOT_RECOGNISED)
    return found


_NOT_RECOGNISED: Final = "Publisher not recognised from the text."


def _sides(text: str, layout: _Layout) -> tuple[str, str, str, str]:
    """(subject, object, verb, opening sentence) from the body, else from the headline."""
    if layout.opening:
        o = layout.opening
        obj = o.object
        if obj.lower() in _PRONOUNS:
            # "At the request of Brazilian Foreign Minister X, Wang Yi had a phone call with
            # him": the one the opening's own clause names, else a visitor told before it.
            asked = _ASKED_BY_RE.search(text, o.sentence.start, o.sentence.end)
            obj = (
                (asked.group("who") if asked else "")
                or _antecedent(text, layout, o.sentence.start)
                or obj
            )
        subject = o.subject
        if subject in ("he", "she"):
            # "F. M. X is travelling to Japan ... In Tokyo today, he met Y": the traveller.
            subject = _antecedent(text, layout, o.sentence.start) or subject
        if subject == "I" or subject.endswith(" I"):
            subject = _author(text, layout) or subject
        else:
            subject = _visitor_named(text, layout, subject, o.sentence.start)
        if not obj and subject[:4] in _GROUP_INITIALS and _GROUP_SUBJECT_RE.match(subject):
            # "The two Ministers held talks in Rabat" under "... meeting between Mr. X, ...,
            # and Mr. Y, ...": the headline names them.
            pair = between_from_title(layout.title) if layout.title else None
            if pair:
                subject, obj = pair
        return subject, obj, o.verb, text[o.sentence.start : o.sentence.end].replace("\n", " ")
    from_title = opening_from_title(layout.title) if layout.title else None
    if from_title:
        return from_title[0], from_title[1], "", ""
    labelled = _labelled_people(text, layout)
    if labelled:
        return labelled[0], " and ".join(labelled[1:]), "", ""
    return _signatories(text, layout), "", "", ""


def _labelled_people(text: str, layout: _Layout) -> list[str]:
    """A transcript with no narrative sentence: the people its labels name, each once, in the
    order they first speak ("SECRETARY HARTWELL:" is "Secretary Hartwell"). A label with no
    office and name ("MODERATOR:", "QUESTION:") names no one."""
    people: list[str] = []
    for para in layout.paragraphs[len(layout.header) :]:
        label = transcript_label(text, para.start)
        if label is None:
            continue
        words = label.group().title().split()
        if len(words) > 1 and is_role_word(words[0]) and not is_role_word(words[-1]):
            person = " ".join(words)
            if person not in people:
                people.append(person)
    return people


_GROUP_INITIALS: Final = frozenset(["The ", "Both", "the "])
_GROUP_SUBJECT_RE: Final = re.compile(
    r"^(?:the\s+)?(?:two|both|three)?\s*(?:foreign\s+)?(?:ministers|sides|leaders|parties"
    r"|delegations|presidents|prime\s+ministers)$",
    re.IGNORECASE,
)


def _signatories(text: str, layout: _Layout) -> str:
    """A joint statement that reports no meeting: "We, the Prime Ministers of A, B and C, call
    for ...", or its headline "Joint Statement by the Prime Ministers of A, B and C"."""
    for para in layout.paragraphs[len(layout.header) : len(layout.header) + 3]:
        m = _WE_THE_RE.match(text, para.start, para.end)
        if m:
            return m.group("who")
    m = _JOINT_BY_RE.match(layout.title)
    return m.group("who") if m else ""


_WE_THE_RE: Final = re.compile(r"We,\s+(?P<who>the\s+[^;.]{3,300}?),\s+(?=[a-z])")
_JOINT_BY_RE: Final = re.compile(
    r"Joint\s+(?:Statement|Declaration|Communiqu[ée]|Press\s+Statement)\s+(?:by|of|from)\s+"
    r"(?P<who>the\s+.{3,300})$"
)


def _author(text: str, layout: _Layout) -> str:
    """ "Today I met with X": a minister's own media release names its author in the header
    ("Senator the Hon Penny Wong" over "Minister for Foreign Affairs"); office and name."""
    lines = [line.strip() for p in layout.header for line in text[p.start : p.end].splitlines()]
    # Or signed at the foot, the same two lines under the body.
    foot = layout.paragraphs[max(len(layout.header), len(layout.paragraphs) - 3) :]
    signed = [line.strip() for p in foot for line in text[p.start : p.end].splitlines()]
    for block in (lines, signed):
        for index, line in enumerate(block):
            m = _AUTHOR_RE.match(line)
            if m:
                role = block[index + 1] if index + 1 < len(block) else ""
                name = m.group("name")
                return f"{role} {name}" if _AUTHOR_ROLE_RE.match(role) else name
    for line in reversed(lines):
        # "The Honourable Anita Anand, Minister of Foreign Affairs, today issued the following
        # statement:" over the quoted "Today, I met with ...".
        m = _STATEMENT_BY_RE.match(line) or _STATEMENT_HEADLINE_RE.search(line)
        if m:
            return m.group("who")
    return ""


_STATEMENT_BY_RE: Final = re.compile(
    r"(?P<who>[A-Z].{3,200}?),?\s+(?:today\s+)?(?:issued|made|released)\s+the\s+following"
    r"\s+statement\b"
)


# "Brazil: Statement by High Representative/Vice-President X after her meeting with Y": the
# headline of a statement in its author's voice.
_STATEMENT_HEADLINE_RE: Final = re.compile(
    r"(?:^|:\s+)Statement\s+by\s+(?:the\s+)?(?P<who>[A-Z][^,:;]{3,150}?)\s+(?:after|following"
    r"|on|at|ahead\s+of|upon)\s"
)
_AUTHOR_RE: Final = re.compile(
    r"(?:Senator\s+)?(?:[Tt]he\s+)?(?:Hon|Honourable|Rt\s+Hon)\.?\s+"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3}?)(?:\s+MP)?$"
)
_AUTHOR_ROLE_RE: Final = re.compile(
    r"(?:Deputy\s+)?(?:Prime\s+)?Minister\b|Treasurer\b|Assistant\s+Minister\b"
)


def _placed_by_venue(
    participants: tuple[ParsedParticipant, ...], country: str, city: str | None, sentence: str
) -> tuple[ParsedParticipant, ...]:
    """ "Foreign Minister Sugiono held a bilateral meeting with Singapore's Minister ... in
    Jakarta" from a ministry the text does not reveal, "President Lee held a summit with Prime
    Minister Ishiba ... in Tokyo": where nobody is of the meeting's country, the one principal
    nothing places is its host. Not at a gathering of many countries ("on the margins of the
    General Assembly", "in New York"), where both sides are guests."""
    unplaced = [i for i, p in enumerate(participants) if p.country is None]
    if len(unplaced) != 1 or any(p.country == country for p in participants):
        return participants
    if city in _GATHERING_CITIES or _GATHERING_RE.search(sentence):
        return participants
    index = unplaced[0]
    found = participants[index]
    if _ORGANISATION_ROLE_RE.search(found.role):
        return participants  # the UN Secretary-General in New York is no American
    placed = make_participant(found.name, found.role, country, found.is_host, found.aliases)
    return (*participants[:index], placed, *participants[index + 1 :])


# Seats of the United Nations, where ministers of every country meet.
_GATHERING_CITIES: Final = frozenset(["New York", "Geneva"])
_GATHERING_RE: Final = re.compile(
    r"\b(?:margins?|sidelines?|General\s+Assembly|Summit|Forum|Conference)\b"
)
_ORGANISATION_ROLE_RE: Final = re.compile(
    r"Secretary[- ]General|Director[- ]General|Chairperson|Commission|Council|Union|Organi[sz]ation"
    r"|United Nations|\bUN\b|NATO|League|Bank|Fund|High Representative|European"
)


def _named_in_header(
    text: str, layout: _Layout, participants: tuple[ParsedParticipant, ...]
) -> tuple[ParsedParticipant, ...]:
    """ "The Foreign Secretary spoke to ..." under a page's "From: Foreign, Commonwealth &
    Development Office and The Rt Hon David Lammy MP": the one minister the page is from is the
    unnamed principal. The page's summary line can come before that block, so the line after
    a "From:" line counts wherever it is."""
    paras = layout.paragraphs
    header = len(layout.header)
    names = {
        m.group("name")
        for i, p in enumerate(paras)
        if "Hon" in text[p.start : p.end]
        and (i < header or (i and text.startswith("From:", paras[i - 1].start)))
        for m in _RT_HON_RE.finditer(text, p.start, p.end)
    }
    if len(names) != 1:
        return participants
    name = names.pop()
    first = participants[0]
    named = make_participant(
        name, first.role, first.country, first.is_host, name_aliases(name, text)
    )
    return (named, *participants[1:])


_RT_HON_RE: Final = re.compile(
    r"\bThe\s+Rt\.?\s+Hon\.?\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}?)"
    r"(?=(?:\s+(?:MP|KC|KCB|CBE|OBE|MBE|PC)\b)+|\s*$)",
    re.MULTILINE,
)


def _visitor_named(text: str, layout: _Layout, subject: str, before: int) -> str:
    """ "External Affairs Minister Dr. S. Jaishankar paid an official visit to Singapore. During
    the visit, EAM called on ...": an unnamed subject is the visitor of the same office named
    just before (not a visitor placed in another country, who is the counterpart)."""
    visitor = _antecedent(text, layout, before)  # mostly "": the opening comes first
    if not visitor:
        return subject
    drafts = parse_side(subject)
    if len(drafts) != 1 or drafts[0].name is not None or not drafts[0].role:
        return subject
    found = parse_side(visitor)
    if (
        len(found) == 1
        and found[0].name
        and found[0].country is None
        and _same_office(found[0].role, drafts[0].role)
    ):
        return visitor
    return subject


def _same_office(full: str, short: str) -> bool:
    """ "The Secretary" after "Secretary of State X", "MoS" after "Minister of State for External
    Affairs X": the same office, named short."""
    full, short = full.lower(), short.lower()
    return full == short or full.startswith((short + " of ", short + " for "))


def _antecedent(text: str, layout: _Layout, before: int) -> str:
    """ "Foreign Minister X of Y paid an official visit to China. ... Wang Yi held talks with
    her": whom a pronoun object means, the subject of the first visit sentence before it."""
    for para in layout.paragraphs:
        if para.start >= before:
            break
        chunk = text[para.start : min(para.end, before)]
        m = None if is_headline(chunk) else _VISITOR_RE.search(chunk)
        if m:
            return clean_subject(chunk[: m.start()])
    return ""


def _visiting_home(
    told: str, sentence: str, own_side: tuple[str, ...], own: str | None
) -> tuple[str | None, str | None]:
    """(city, country) of a visit to the publisher's own country named as it names itself
    ("who is visiting the Kingdom"): the city a dateline run into the sentence prints ("Amman,
    May 7 (Petra) -- ..."), when of that country; else (None, None)."""
    m = _HOME_VISIT_RE.search(told)
    if m is None or own is None or m.group("where") not in own_side:
        return None, None
    first, comma, _ = sentence[:_DATELINE_CHARS].partition(",")
    dated = bool(comma) and search_date(sentence[: len(first) + 20], len(first)) is not None
    return (first, own) if dated and lookup_city(first) == own else (None, own)


# "who is visiting the Kingdom", "on an official visit to Jordan".
_HOME_VISIT_RE: Final = re.compile(
    r"\b(?:visiting|visit\s+to)\s+(?P<where>(?:the\s+)?[A-Z][\w'’-]*)(?=[\s,.;]|$)"
)


def _visit_place(text: str, paras: list[Span], before: int) -> tuple[str | None, str | None]:
    """ "X made an Official Visit to Jakarta, Indonesia. Minister X met Y on 9 January": a
    meeting told after the visit that brought the minister there took place where the visit was."""
    for para in paras:
        if para.start >= before:
            break
        chunk = text[para.start : min(para.end, before)]
        if not is_headline(chunk) and _VISIT_RE.search(chunk):
            return find_location(chunk)
    return None, None


_ASKED_BY_RE: Final = re.compile(
    r"\b(?:at|upon|on)\s+the\s+(?:request|invitation)\s+of\s+(?P<who>[A-Z][^,;.]{3,120}?),"
)
_VISIT_RE: Final = re.compile(
    r"\b(?:[Vv]isit(?:s|ed|ing)?|trip|arrived|arrives|travell?ed|series\s+of\s+meetings)\b"
)


def _also_met(
    text: str,
    opening: Opening,
    participants: tuple[ParsedParticipant, ...],
    own: str | None,
    venue: str | None,
) -> tuple[ParsedParticipant, ...]:
    """ "He also met Deputy Prime Minister X": the people of a visit's further meetings, told
    right after the opening, take part too."""
    # "Secretary Rubio met with X." may open each of the paragraphs a release gives a meeting of
    # its own: looked for further on than the sentences that say "also".
    further = text[opening.sentence.end : opening.sentence.end + _FURTHER_MEETING_CHARS]
    near = further[: _window_end(further, _ALSO_MET_CHARS)]
    own_sentence = text[opening.sentence.start : opening.sentence.end]
    # "EAM met Foreign Minister X, and called on President Y": a second meeting in the opening.
    second = (
        _AND_MET_RE.search(own_sentence)
        if "and " in own_sentence or "who subsequently " in own_sentence
        else None
    )
    headings = "Call on " in further or "Meeting with " in further
    adverbs = _may_also_meet(near)
    plain = _plain_meetings(further, participants)
    if second is None and not headings and not adverbs and not plain:
        return participants
    # Whom a visitor meets is of the host's country unless the text says otherwise: the country
    # the visit is in when one of the participants is of it ("President Marcos also called on
    # President Tharman" in Singapore, from Singapore's ministry), else the one foreign side.
    hosts = {p.country for p in participants if p.country and p.country != own}
    if venue and any(p.country == venue for p in participants):
        host: str | None = venue
    else:
        host = hosts.pop() if len(hosts) == 1 else None
    meetings = [("", second.group("object"))] if second else []
    if second and ", accompanied by " in second.group("object"):
        # "met with Cardinal X, Secretary of State, accompanied by Archbishop Y, Secretary for
        # ...": both of the host's side.
        meetings = [("", part) for part in second.group("object").split(", accompanied by ")]
    if headings:
        # "2. Courtesy Call on President Marcos", "Meeting with Thai Foreign Minister X": the
        # headings over a release's further meetings.
        meetings += [("", m.group("object")) for m in _MEETING_HEADING_RE.finditer(further)]
    if adverbs:
        meetings += [
            (m.group("subject"), m.group("object"))
            for m in _ALSO_MET_RE.finditer(near)
            if not m.group("plain")
        ]
    for subject, obj in meetings + plain:
        more = _with_people(text, participants, "", obj, host)
        if len(more) == len(participants) and subject not in ("", "He", "She"):
            # "Minister Fernando Haddad also called on Minister Werthein": the visitor is
            # there already; the one who called on him is new (the publisher's, unless placed).
            more = _with_people(text, participants, subject, "", own)
        participants = more
    return participants


def _window_end(text: str, size: int) -> int:
    """Where a window of about `size` characters of `text` ends: at the end of the sentence or
    line it would cut ("... the Speaker of Parliament, Mr. Elias Haddad" is no "Mr. Elia")."""
    if len(text) <= size:
        return len(text)
    ends = [at for at in (text.find(". ", size), text.find("\n", size)) if at >= 0]
    return min(ends) if ends else len(text)


def _plain_meetings(
    further: str, participants: tuple[ParsedParticipant, ...]
) -> list[tuple[str, str]]:
    """(subject, object) of the sentences in `further` that open "<participant> met (with) X",
    "... held talks with X": tried only at the starts of the sentences holding those verbs."""
    found: list[tuple[str, str]] = []
    for verb in _PLAIN_VERBS:
        at = further.find(verb)
        while at >= 0:
            start = max(further.rfind(". ", 0, at) + 2, further.rfind("\n", 0, at) + 1, 0)
            m = _ALSO_MET_RE.match(further, start)
            if (
                m is not None
                and m.group("plain")
                and _names_one_of(m.group("subject"), participants)
                and (m.group("subject"), m.group("object")) not in found
            ):
                found.append((m.group("subject"), m.group("object")))
            at = further.find(verb, at + len(verb))
    return found


_PLAIN_VERBS: Final = (" met ", " talks with ", " meeting with ")


def _country_of(subject: str | None, participants: tuple[ParsedParticipant, ...]) -> str | None:
    """ "Minister Mohamad was accompanied by ...": the country of the one participant the
    subject names by a word of the name, if any."""
    if not subject or " " not in subject:
        return None
    last = subject.split()[-1]
    found = {
        p.country for p in participants if p.name and (last in p.name.split() or last in p.aliases)
    }
    return found.pop() if len(found) == 1 else None


def _names_one_of(subject: str, participants: tuple[ParsedParticipant, ...]) -> bool:
    """Whether a sentence's subject ("Secretary Rubio", "He") is one of the participants."""
    if subject in ("He", "She"):
        return True
    last = subject.split()[-1]
    if subject.startswith("The "):
        # "The Secretary met with ...": the participant of that office.
        return any(last in p.role.split() for p in participants)
    return any(p.name and (last in p.name.split() or last in p.aliases) for p in participants)


def _joined(
    text: str,
    opening: Opening,
    participants: tuple[ParsedParticipant, ...],
    own: str | None,
    venue: str | None = None,
) -> tuple[ParsedParticipant, ...]:
    """People told right after the opening to have joined the meeting or call take part too.
    `venue` is the country the meeting took place in, if known."""
    following = text[opening.sentence.end : opening.sentence.end + _FURTHER_MEETING_CHARS]
    after = following[: _window_end(following, _ALSO_MET_CHARS)]
    # "The President was supported by the Minister of ..., Mr X, and ...": a closing line as far
    # into the release as it comes names the host's delegation.
    supported = "supported by" in following
    if (
        "joined by" in after
        or "accompanied by" in after
        or " delegation " in after
        or "attended by" in after
        or supported
    ):
        # "They were joined by Minister X, and Papua New Guinea's Minister Y", "Minister X was
        # accompanied by Deputy Minister Y": more of the delegations, each of its own country;
        # one the text does not place is the publisher's ("The Indonesian delegation also
        # included X": the delegation's).
        for m in _JOINED_BY_RE.finditer(following if supported else after):
            if m.start() >= len(after) and m.group("verb") != "supported":
                continue
            delegation = (
                lookup_country(m.group("delegation") or "")
                or _country_of(m.group("who"), participants)
                or own
            )
            phrase = cut_object(m.group("object"))
            participants = _with_people(text, participants, phrase, "", delegation)
    rest = following[len(after) :]
    if "chaired by" in after:
        # "The meeting was chaired by the Minister of Foreign Affairs of Georgia, X, and attended
        # by the Minister ... of Azerbaijan, Y, and ...": the chair and those attending.
        for m in _CHAIRED_BY_RE.finditer(after):
            for piece in _AND_ATTENDED_BY_RE.split(m.group("object")):
                participants = _with_attendees(text, participants, cut_object(piece), own)
    if "also present" in following:
        # "Foreign Secretary X and High Commissioner of the Maldives Y were also present at the
        # meeting": more of the delegations, anywhere in the release.
        for m in _PRESENT_AT_RE.finditer(following):
            participants = _with_attendees(text, participants, m.group("subject"), own)
    if "attended the" in rest:
        # "The Minister of Foreign Affairs, X, and the National Security Adviser, Y, attended the
        # meeting.": a closing line, those it does not place the publisher's, or the host's when
        # the publisher is not known (a release tells who attended on its own side).
        for m in _ALSO_JOINED_RE.finditer(rest):
            if rest[m.end("subject") :].lstrip().startswith("attended"):
                subject = m.group("subject")
                participants = _with_people(text, participants, subject, "", own or venue)
    if "attended by" in rest:
        # "The meeting was attended by X, Minister of State, and Y, ...": who else was there, in a
        # closing line as far into the release as it comes.
        for m in _ATTENDED_BY_RE.finditer(rest):
            # Those it does not place are of the side it names, else the publisher's: a release
            # names its own delegation ("From the Indonesian side, it was attended by ...").
            side = lookup_country(m.group("side")) if m.group("side") else own
            # "..., along with several sheikhs, ministers and senior officials": nobody named.
            listed = _ALONG_WITH_RE.split(m.group("object"), maxsplit=1)[0]
            for piece in listed.split(";"):
                piece = piece.strip().removeprefix("and ")
                participants = _with_attendees(text, participants, cut_object(piece), side)
    if "joined" in after or "attended" in after or "took part" in after or "participated" in after:
        # "Dutch Minister for Foreign Trade and Development Aid X also joined the call": of the
        # country the text gives, else the publisher's.
        for m in _ALSO_JOINED_RE.finditer(after):
            participants = _with_people(text, participants, m.group("subject"), "", own)
    return participants


def _with_attendees(
    text: str, participants: tuple[ParsedParticipant, ...], people: str, side: str | None
) -> tuple[ParsedParticipant, ...]:
    """The participants and the people a line of attendance names; those it does not place are
    of `side`, the publisher's when it names none (a release names its own delegation)."""
    count = len(participants)
    participants = _with_people(text, participants, people, "", side)
    known = list(participants[:count])
    for p in participants[count:]:
        if not p.country:
            p = make_participant(p.name, p.role, side, p.is_host, p.aliases)
        same = [i for i, q in enumerate(known) if q.country == p.country and _fuller(p, q)]
        if p.country and len(same) == 1:
            # "the Ministers of Foreign Affairs of Azerbaijan, Georgia and Türkiye", or "Fidan",
            # named in full now.
            known[same[0]] = make_participant(
                p.name, p.role, p.country, known[same[0]].is_host, p.aliases
            )
        else:
            known.append(p)
    return tuple(known)


def _fuller(new: ParsedParticipant, old: ParsedParticipant) -> bool:
    """Whether `new` names in full whom `old` leaves unnamed or names by a surname alone."""
    if old.name is None:
        return True
    return new.name is not None and new.name.endswith(" " + old.name)


def _with_people(
    text: str,
    participants: tuple[ParsedParticipant, ...],
    subject: str,
    obj: str,
    country: str | None,
) -> tuple[ParsedParticipant, ...]:
    """The participants and the named people of a further subject or object not among them
    yet; those it does not place are of `country`."""
    known = {p.name for p in participants if p.name}
    added = list(participants)
    for person in build_participants(text, subject, cut_object(obj) if obj else "", country):
        if person.name and person.name not in known:
            known.add(person.name)
            added.append(person)
    return tuple(added)


_ALSO_MET_CHARS: Final = 600
_FURTHER_MEETING_CHARS: Final = 2400


def _may_also_meet(near: str) -> bool:
    """Whether _ALSO_MET_RE can match with an adverb ("also met", "Subsequently, X called on"):
    it needs one of its adverbs and one of its verbs. A few substring scans rule most texts out;
    the pattern, which opens with an assertion, is tried at every position."""
    return (
        "also" in near
        or "later" in near
        or "Later" in near
        or "separately" in near
        or "ubsequently" in near
        or "called on" in near
        or "courtesy call on" in near
        or "received by" in near
    ) and ("met" in near or "call" in near or "held" in near or "received" in near)


# An object that runs to the sentence's end: the stops of "H.E.", "Dr.", "Hon." and initials do
# not end it, nor that of "Jr." before a comma ("Ferdinand R. Marcos Jr., President of the
# Philippines").
_OBJECT_RUN: Final = r"(?:[^.;]|(?<=\b[A-Z])\.|(?<=\b(?:Dr|Mr|Ms|St))\.|(?<=\b(?:Mrs|Smt|Hon))\.|(?<=\b(?:Jr|Sr))\.(?=,))+"
_JOINED_BY_RE: Final = re.compile(
    r"(?:^\s*|(?<=[.!?]\s)|(?<=\n))(?:(?P<who>They|He|She|I|We|(?:The\s+)?(?:two\s+|three\s+)?"
    r"(?:[Mm]inisters|[Ll]eaders)|(?:[A-Z][\w'’.-]*\s+){1,4}?[A-Z][\w'’.-]*)\s+(?:was|were)\s+"
    r"(?:also\s+)?(?P<verb>joined|accompanied|supported)\s+by"
    r"|The\s+(?P<delegation>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+delegation\s+(?:also\s+)?"
    r"included"
    # "The meeting was attended by Foreign Minister X of Denmark, ...": each of their own country.
    r"|(?:The\s+(?:meeting|talks|session|gathering|dialogue)|It)\s+(?:was|were)\s+(?:also\s+)?"
    r"attended\s+by)\s+"
    rf"(?P<object>{_OBJECT_RUN})"
)
_PRESENT_AT_RE: Final = re.compile(
    # Only "also": "Cai Qi and Wang Yi were present at the meeting" under Xi's readout names
    # those who attended without taking part (fixtures cn-mfa/xi-meets-*).
    r"(?:(?<=[.!?]\s)|(?<=\n))(?P<subject>[A-Z][^.;\n]{3,200}?)\s+(?:was|were)\s+also\s+"
    r"present\s+(?:at|during|in)\s+the\s+(?:meeting|talks|call|discussions?)\b"
)
_CHAIRED_BY_RE: Final = re.compile(
    r"(?:^\s*|(?<=[.!?]\s)|(?<=\n))(?:The\s+(?:meeting|talks|session|dialogue)|It)\s+was\s+chaired\s+by"
    rf"\s+(?P<object>{_OBJECT_RUN})"
)
_AND_ATTENDED_BY_RE: Final = re.compile(r",?\s+and\s+(?:was\s+)?attended\s+by\s+")
_ALONG_WITH_RE: Final = re.compile(r",?\s+(?:along|together)\s+with\b")
_ATTENDED_BY_RE: Final = re.compile(
    r"(?:(?<=[.!?]\s)|(?<=\n))(?:From\s+the\s+(?P<side>[A-Z][\w'’-]*)\s+side,\s+)?"
    r"(?:The\s+(?:meeting|talks|session|dialogue|call)|[Ii]t)\s+(?:was|were)"
    # A list of people with their offices may run on with semicolons.
    rf"\s+(?:also\s+)?attended\s+by\s+(?P<object>(?:{_OBJECT_RUN}|;)+)"
)
_ALSO_JOINED_RE: Final = re.compile(
    r"(?:^\s*|(?<=[.!?]\s)|(?<=\n))(?P<subject>[A-Z][^.;\n]{3,160}?)\s+(?:also\s+)?(?:joined"
    r"|attended|took\s+part\s+in|participated\s+in)\s+(?:the\s+)?(?:call|meeting|talks"
    r"|conversation|video\s*conference|video\s+call)\b"
)
_MEETING_HEADING_RE: Final = re.compile(
    r"^(?:\(?\d{1,2}[.)]\s+)?(?:Courtesy\s+)?(?:Call\s+on|(?:Bilateral\s+)?Meeting\s+with)\s+"
    r"(?P<object>[A-Z][^.;:\n]{2,100})$",
    re.MULTILINE,
)
_AND_MET_RE: Final = re.compile(
    # "... received in audience X, who subsequently met with Cardinal Y": the Holy See's guest
    # meets its Secretary of State after the Pope.
    # "MoS called on President X, and held talks with Hon. Y, Minister for Foreign Affairs".
    r",?\s+(?:and|who)\s+(?:also\s+|later\s+|subsequently\s+)?(?:called\s+on|met(?:\s+with)?"
    r"|paid\s+a\s+courtesy\s+call\s+on|held\s+talks\s+with)\s+"
    rf"(?P<object>{_OBJECT_RUN})"
)
_ALSO_MET_RE: Final = re.compile(
    r"(?:^\s*|(?<=[.!?]\s)|(?<=\n))"
    # "Subsequently, Minister X paid a courtesy call on", "Later in the day, X also called on".
    r"(?:(?:Subsequently|Afterwards|Thereafter|Later(?:\s+(?:in\s+the|that)\s+(?:day|morning"
    r"|afternoon|evening))?|In\s+the\s+(?:morning|afternoon|evening)|On\s+the\s+same\s+day),\s+)?"
    r"(?P<subject>He|She|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,5})\s+"
    r"(?:(?:also|later|separately|subsequently)\s+(?:met(?:\s+with)?|called\s+on"
    r"|held\s+(?:talks|a\s+meeting)\s+with|paid\s+a\s+courtesy\s+call\s+on)"
    # "X called on President Y", "X was also received by President Y": a further meeting.
    r"|called\s+on|paid\s+a\s+courtesy\s+call\s+on|(?:was|were)\s+(?:also\s+|later\s+)?"
    r"received\s+by"
    # "Secretary Rubio met with Foreign Minister Y." in a paragraph of its own: only where the
    # subject is a participant already (see `_plain_meetings`).
    r"|(?P<plain>met(?:\s+with)?|held\s+(?:talks|a\s+(?:bilateral\s+)?meeting)\s+with))\s+"
    rf"(?P<object>{_OBJECT_RUN})"
)


def _attribute(
    text: str,
    layout: _Layout,
    participants: tuple[ParsedParticipant, ...],
    own_country: str | None,
    principals: int,
) -> list[SentenceInfo]:
    """Each sentence's speaker. The first `principals` participants are the opening's; the
    others were named as joining or attending."""
    spans: list[tuple[int, int, int]] = []
    first = layout.opening.paragraph_index if layout.opening else len(layout.header)
    skip = layout.opening.sentence if layout.opening else None
    restated = _restatement_words(layout.opening)
    for index in range(first, len(layout.paragraphs)):
        para = layout.paragraphs[index]
        chunk = text[para.start : para.end]
        if _may_open(chunk, 0, _FOOTER_INITIALS) and _FOOTER_RE.match(chunk):
            break  # contacts, links and sign-offs end the readout proper
        if _may_open(chunk, 0, _PAGE_TOOLS_INITIALS) and _PAGE_TOOLS_RE.match(chunk):
            continue  # "Share this page" pasted with the text, wherever the page put it
        signed_off = _SIGN_OFF_RE.search(chunk) if "(" in chunk[-16:] else None
        if signed_off:
            # "The two sides agreed to continue coordination. (end)": the paragraph before its
            # wire service's sign-off, the last of the readout.
            para = Span(para.start, para.start + signed_off.start())
            chunk = chunk[: signed_off.start()]
        if is_headline(chunk) and (not BULLET_RE.match(chunk) or len(chunk.split()) <= 5):
            continue
        if index > first and signs_quotation(text, layout.paragraphs[index - 1].end, para):
            continue  # "- Mélanie Joly, Minister of Foreign Affairs": who said the quotation
        for sentence in sentences(text, para):
            start, end = sentence.start, sentence.end
            if skip and start < skip.end and end > skip.start:
                continue
            if skip and end <= skip.start and index == first and layout.dateline:
                continue  # the dateline printed before the opening
            if text[end : end + 1] == "\n" and _is_heading(text, start, end):
                continue  # "2. Courtesy Call on President Marcos" over the lines it heads
            if index <= first + 8 and restated and _restates(text, start, end, restated):
                continue  # "A Downing Street spokesperson said: The PM spoke to X today."
            # pos/endpos read the sentence in place, as if sliced ("$" matches at `end`).
            if _may_open(text, start, _BOILERPLATE_INITIALS) and _BOILERPLATE_RE.match(
                text, start, end
            ):
                continue
            if _has_word(text, start, min(start + 60, end)):
                spans += _clauses(text, start, end, index)
        if signed_off:
            break
    resolver = SpeakerResolver(participants, own_country)
    if text.find("His ", 0, _COURTESY_CHARS) >= 0 or text.find("Her ", 0, _COURTESY_CHARS) >= 0:
        resolver.add_courtesy_titles(text, participants, principals)
    resolver.learn_sexes(text, participants)
    if layout.opening and participants and _FIRST_PERSON_SUBJECT_RE.search(layout.opening.subject):
        resolver.author = 0  # "Today I met X": the release's author, the first participant
    infos = attribute(text, spans, resolver)
    if skip:
        # The opening is no statement, but "X met Y in Z and agreed to: ..." holds agreed points;
        # it speaks for everyone it names, so it counts as joint.
        opening = SentenceInfo(skip.start, skip.end, -1, None, True, skip.start)
        infos = sorted([*infos, opening], key=lambda info: info.start)
    return infos


# Where a courtesy title introduces a participant ("His Highness Sheikh X received ...").
_COURTESY_CHARS: Final = 3000
_FIRST_PERSON_SUBJECT_RE: Final = re.compile(r"(?:^|\s)I$")


def _is_heading(text: str, start: int, end: int) -> bool:
    """A line of a paragraph that heads the lines under it: a few words, capitalised, with no
    closing stop ("2. Courtesy Call on President Marcos")."""
    last = end - 1
    while last > start and text[last] in " \t":
        last -= 1
    if last <= start or text[last] in _CLOSING_MARKS:
        return False
    if not (text[start].isupper() or text[start].isdigit()):
        return False
    words = text[start : last + 1].split()
    if len(words) > _HEADING_WORDS:
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or w[:1] == "(")
    return capitals * 2 > len(words)


_HEADING_WORDS: Final = 12
_CLOSING_MARKS: Final = frozenset('.!?:;,"”’)')


def _may_open(text: str, start: int, initials: frozenset[str]) -> bool:
    """Whether text[start:] may match a pattern whose alternatives open with `initials`."""
    first = text[start : start + 1]
    return first in initials or not first.isascii()


def _has_word(text: str, start: int, end: int) -> bool:
    """_WORD_RE within text[start:end]; three letters at the start (most sentences) settle it."""
    if end - start >= 3 and text[start : start + 3].isalpha():
        return True
    return _WORD_RE.search(text, start, end) is not None


def _restatement_words(opening: Opening | None) -> tuple[str, str] | None:
    """The opening's verb and its counterpart's name ("Prime Minister X of New Zealand" is X,
    not "Zealand"): a sentence holding both restates the opening."""
    if opening is None or not opening.object:
        return None
    name = opening.object.split(" of ", 1)[0].split()
    return (opening.verb, name[-1]) if name else None


def _restates(text: str, start: int, end: int, words: tuple[str, str]) -> bool:
    """A page that prints a summary above the release repeats the opening sentence nearly
    word for word: the same verb and the same counterpart are no statement."""
    if end - start > 300:
        return False
    sentence = text[start:end]
    return words[0] in sentence and words[1] in sentence


def _statements(
    text: str,
    infos: list[SentenceInfo],
    matcher: _TopicsOf,
    agreed: list[tuple[int, int]],
    listed: list[tuple[int, int]],
) -> tuple[ParsedStatement, ...]:
    """Consecutive sentences of one paragraph with one speaker make one statement; without a
    speaker, those of both or all sides make one, and those the text does not attribute another.
    A sentence within an agreed point is all sides'; an "... agreed to:" over a list, and the
    list's items, are agreed points only (`listed`): "The ministers agreed to:" says nothing by
    itself, and each item is no statement of its own beside the point it is."""
    groups: list[list[SentenceInfo]] = []
    for info in infos:
        if info.paragraph < 0:
            continue  # the opening sentence: kept only so a list it introduces is found
        if listed and any(s <= info.start and info.end <= e for s, e in listed):
            continue
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and last.paragraph == info.paragraph
            and last.speaker == info.speaker
            and (info.speaker is not None or last.joint == info.joint)
        ):
            groups[-1].append(info)
        else:
            groups.append([info])
    out = []
    for group in groups:
        start, end = group[0].start, group[-1].end
        bullet = BULLET_RE.match(text, start, end)
        if bullet and bullet.end() < end:
            start = bullet.end()
        chunk = text[start:end]
        first = group[0]
        joint = first.joint or (first.speaker is None and _within(start, end, agreed))
        out.append(make_statement(first.speaker, chunk, start, end, matcher.match(chunk), joint))
    return tuple(out)


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether most of text[start:end] is one of the spans (an agreed point leaves out a list
    item's closing "; and")."""
    half = (end - start) // 2
    return any(min(end, e) - max(start, s) > half for s, e in spans)


def _readout_topics(
    text: str,
    layout: _Layout,
    statements: tuple[ParsedStatement, ...],
    points: tuple[ParsedAgreedPoint, ...],
    matcher: TopicMatcher,
) -> tuple[str, ...]:
    """Union over statements and agreed points, plus the headline and opening sentence (the
    body's other text), so the body is not tokenised a second time."""
    items: tuple[ParsedStatement | ParsedAgreedPoint, ...] = (*statements, *points)
    found = {slug for item in items for slug in item.topics}
    extra = layout.title
    if layout.opening:
        extra += "\n" + text[layout.opening.sentence.start : layout.opening.sentence.end]
    found.update(matcher.match(extra))
    if not statements:
        found.update(matcher.match(text))
    return tuple(sorted(found))


def _warn(
    warnings: list[str],
    date_warning: str | None,
    participants: tuple[ParsedParticipant, ...],
    kind: str,
    city: str | None,
    country: str | None,
    passages: bool,
) -> None:
    """`passages`: whether the text has a statement or an agreed point (a readout whose body is
    an "agreed to:" list has agreed points only)."""
    if date_warning:
        warnings.append(date_warning)
    if kind == "other":
        warnings.append("Could not tell whether this was a meeting, a phone call or a video call.")
    if not participants:
        warnings.append("No participants found.")
    elif len(participants) == 1:
        warnings.append("Only one participant found.")
    for p in participants:
        if not p.country:
            who = p.name or p.role or "unnamed participant"
            warnings.append(f"Country of participant '{who}' not determined.")
    if kind == "meeting" and not (city or country):
        warnings.append("No location found for an in-person meeting.")
    elif kind == "meeting" and city and not country:
        warnings.append(f"Country of the meeting place '{city}' not determined.")
    if not passages:
        warnings.append("No statements found.")
