"""The opening sentence ("On <date>, X held talks with Y in Z.") and its two sides."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from archive.parsing.countries import lookup_city, lookup_country
from archive.parsing.dates import DATE_RE
from archive.parsing.text import Span, paragraphs, sentences

_INITIATIVE: Final = (
    r"(?:\s*,?\s*(?:at|upon|on)\s+(?:the\s+)?[^,.;]{0,60}?(?:initiative|request|invitation)"
    r"(?:\s+of\s+[^,.;]{0,60}?(?=\s*,|\s+(?:with|to)\s))?\s*,?)?"
)
_MONTH: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY_DATE: Final = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
_WEEKDAY: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "Tuesday, April 1", "Wednesday (5 March 2025)".
_WEEKDAY_DATE: Final = rf"{_WEEKDAY}(?:,?\s+{_DAY_DATE}|\s*\({_DAY_DATE}(?:,?\s+\d{{4}})?\))?"
# "spoke on 3 June with", "received a phone call on Saturday, April 5, 2025, from", "spoke by
# telephone this Tuesday, April 1, 2025, with".
_ON_DATE: Final = (
    rf"(?:on\s+(?:{_WEEKDAY_DATE}|{_DAY_DATE})|(?:this|last)\s+{_WEEKDAY_DATE})"
    r"(?:,?\s+\d{4})?,?"
)
_WHEN: Final = (
    rf"(?:{_ON_DATE}"
    # "spoke Tuesday with", "spoke on Monday evening with", "had a call yesterday evening with",
    # "spoke late yesterday with", "spoke at 9:30 a.m. with".
    rf"|(?:on\s+)?{_WEEKDAY}\s+(?:morning|afternoon|evening|night)|{_WEEKDAY}"
    r"|(?:late\s+|early\s+)?(?:yesterday|today)\s+(?:morning|afternoon|evening)"
    r"|late\s+yesterday|at\s+\d{1,2}(?::\d{2})?\s*[ap]\.?m\.?"
    r"|today|yesterday|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"
    r"|last\s+night|by\s+(?:tele)?phone|on\s+(?:the\s+)?(?:tele)?phone|over\s+the\s+(?:tele)?phone"
    r"|virtually|via\s+video(?:\s*(?:link|conference))?|by\s+video(?:\s*(?:link|conference))?"
    r"|separately|again|bilaterally|briefly|in\s+person|jointly)"
)
_NOUN: Final = (
    r"(?i:talks?|meeting|conversation|call|conference|videoconference|teleconference"
    r"|consultations?|dialogue"
    # "held a new round of strategic communication with", "held negotiations with".
    r"|discussions?|summit|exchange|retreat|committee|commission|council|communication"
    # "co-chaired the 31st Australia-Papua New Guinea Ministerial Forum in Brisbane".
    r"|forum|mechanism"
    r"|negotiations?"
    # "had a working lunch with", "had a tête-à-tête with".
    r"|lunch|luncheon|dinner|breakfast|t[êe]te-[àa]-t[êe]te)"
)
# What two sides sign: "signed a memorandum of understanding", "signs two agreements".
_DOCUMENT: Final = (
    r"(?i:memorand(?:um|a)|mous?|agreements?|accords?|treat(?:y|ies)|protocols?|conventions?"
    r"|declarations?|joint\s+statements?|communiqu[ée]s?|charters?|arrangements?|documents?"
    r"|instruments?|roadmaps?|(?:action\s+|work\s+)?plans?|programmes?|programs?)"
)
OPENING_VERB_RE: Final = re.compile(
    # A verb starts a word: the "had" of "Chad held talks" or the "met" of "Mehmet" is none.
    # The first letters of the verbs below: other positions fail at once.
    r"\b(?=[hcajprstmwi])(?:"
    # "Iranian Foreign Minister X, in a phone call with his Omani counterpart Y, discussed".
    r"(?<=[\w,] )in\s+an?\s+(?:(?:tele)?phone\s+|video\s+)?(?:call|conversation|meeting)\s+with\b|"
    # "agreed to hold a dialogue annually" plans a meeting; it holds none.
    rf"(?<!to )(?<!will )(?:held|hold|holds|had|has|have|conducted|conducts)\s+(?:an?\s+|the\s+)?(?:[\w'’.-]+\s+){{0,8}}?{_NOUN}\b"
    # "held a summit telephone talk with", "held the Strategic Dialogue meeting with".
    rf"(?:\s+(?:[\w'’.-]+\s+)?{_NOUN}\b)?"
    # "held a Foreign Ministers' Meeting followed by a working dinner with".
    rf"(?:\s+(?:followed\s+by|and)\s+(?:an?\s+|the\s+)?(?:working\s+|official\s+)?{_NOUN}\b)?"
    # "held the Japan-U.S. Security Consultative Committee ("2+2") with".
    rf"(?:\s*\([^()]{{1,20}}\))?"
    # "held a meeting of the Weimar Triangle with".
    rf"(?:\s+of(?:\s+[\w'’.-]+){{1,5}}?(?=\s+with\b))?"
    rf"{_INITIATIVE}(?:\s+(?:{_WHEN}\s+)?(?:with|between)\b)?"
    # "convened a call with", "attended the Trilateral Meeting with": only with a counterpart.
    rf"|(?:convened|convenes|chaired|chairs|co-chaired|co-chairs|attended|attends|joined|joins"
    # "hosted the 11th Trilateral Foreign Ministers' Meeting with X and Y".
    rf"|hosted|hosts"
    rf"|participated\s+in|took\s+part\s+in|takes\s+part\s+in)"
    rf"\s+(?:an?\s+|the\s+)?(?:[\w'’.-]+\s+){{0,6}}?{_NOUN}\b(?:\s+{_NOUN}\b)?"
    # "took part in a meeting of the foreign ministers of the Astana format states with".
    rf"(?:\s+(?:of|for)(?:\s+[\w'’.-]+){{1,10}}?)?(?:\s*\([^()]{{1,20}}\))?"
    rf"{_INITIATIVE}\s+(?:{_WHEN}\s+)?(?:with|between)\b"
    # "hosted a working dinner for X", "gave a luncheon in honour of X".
    rf"|(?:hosted|hosts|gave|gives|offered|offers)\s+(?:an?\s+|the\s+)?(?:[\w'’.-]+\s+){{0,3}}?"
    rf"(?:lunch|luncheon|dinner|breakfast|banquet|reception)\s+(?:for|in\s+honou?r\s+of)\b"
    # "received, Sunday, a phone call from", "received today, Sunday, a phone call from",
    # "received the visit of".
    rf"|received(?:,?\s+(?:{_WHEN}|{_WEEKDAY}),?){{0,2}}\s+(?:an?\s+|the\s+)?(?:courtesy\s+"
    rf"|farewell\s+|(?:tele)?phone\s+|video\s+)?(?:call|visit)\s+(?:{_WHEN}\s+)?(?:from|by|of)\b"
    rf"|(?:spoke|speaks|talked)\s+(?:{_WHEN}\s+){{0,3}}(?:with|to)\b"
    # "X and Y signed a memorandum ... in Oslo", "X signed an agreement on trade with Y".
    rf"|(?:signed|signs)\s+(?:[\w'’.-]+\s+){{0,8}}?{_DOCUMENT}\b(?:[^,.;]{{0,80}}?\s+with\b)?"
    # "X and Y co-chaired the 15th Foreign Ministers' Framework Dialogue in New Delhi".
    rf"|(?:co-chaired|co-chairs)\s+(?:an?\s+|the\s+)?(?:[\w'’.-]+\s+){{0,8}}?{_NOUN}\b"
    # "met today (10 March 2025) with", "met (in Prague) with".
    rf"|(?:met|meets)\b(?:\s+{_WHEN})*(?:\s*\([^()]{{1,40}}\))?(?:\s+with\b)?"
    # "travelled to Chişinău today for talks with X".
    rf"|(?:travelled|traveled|travels|went)\s+to\s+[^,.;]{{1,60}}?\s+(?:{_WHEN}\s+)?for\s+"
    rf"(?:an?\s+|the\s+)?(?:[\w'’.-]+\s+){{0,3}}?{_NOUN}(?:\s+of(?:\s+[\w'’.-]+){{1,5}}?)?\s+with\b"
    # "paid a farewell call on": an envoy leaving the post, as a courtesy call.
    rf"|(?:paid\s+a\s+(?:courtesy|farewell)\s+call\s+on|called\s+on|calls\s+on"
    # "received in audience X".
    rf"|(?:received|receives)(?:\s+in\s+(?:an?\s+)?(?:private\s+|courtesy\s+)?audience)?|hosted"
    rf"|hosts|telephoned|phoned|welcomed|welcomes)\b)"
)
# Where the counterpart phrase ends: place, time, purpose or a second verb.
_OBJECT_STOP_RE: Final = re.compile(
    # The lookahead holds the characters a stop opens with: other positions fail at once.
    r"(?=[,\s;:(])(?:"
    # "Minister of State at the Ministry of Foreign Affairs of Qatar": an office, not a place.
    r",?\s+(?:in|(?<!\bState\s)at|on|during|via|by|over|ahead\s+of|before|after|following|amid"
    r"|under|as"
    r"|to\s+(?!the\b)[a-z]+|and\s+(?:discussed|exchanged|agreed|reviewed"
    r"|held|expressed|welcomed|reaffirmed|emphasi[sz]ed|underscored|talked|spoke|had|congratulated"
    r"|conveyed|extended|invited|briefed"
    r"|thanked|met)|for\s+(?:a|an|the|talks|their|approximately|about|\d)|about|regarding|this"
    r"|today|yesterday|tonight|last|earlier|later|who|which|where|when|while|with\s+(?:a|an|the)"
    r"|from\s+\d"
    # "in a phone call with his Omani counterpart Y, discussed ...": the subject's predicate.
    r"|(?<=,\s)(?:discussed|exchanged|reviewed|stressed|underlined|emphasi[sz]ed|expressed"
    r"|noted|said|called|urged|conveyed)"
    # "held a video conference today, convened by Latvia as ...": a participle's clause.
    # A dash stops it, but not between two offices ("Deputy Prime Minister - Minister of ...").
    # "People's Republic of China (PRC) Director ...": an acronym in brackets is no stop, and
    # stays in the role ("High Commissioner of the UN Refugee Agency (UNHCR) X").
    r")\b|,?\s+[a-z]+(?:ed|en)\s+by\b|[;:]|\s*\((?![A-Z][A-Za-z.]{1,8}\))"
    r"|\s[-–—]\s(?!Minister\b))"
)
# "held talks in Moscow with X": the place comes before the counterpart, with its region or
# country after a comma in Canada's style ("met yesterday in Johannesburg, South Africa, with X").
_OBJECT_LEAD_RE: Final = re.compile(
    r"^(?:(?:in|at|on|by|via|over)\s+[^;:,]{0,80}?"
    r"(?:,\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3},)?(?:\s+|,\s+(?=with\b|joined\b)))?"
    # "The Foreign Ministers of A, B and C met in Paris, joined by the High Representative X".
    r"(?:with|to|between|joined\s+by)\s+"
)
_INFINITIVE_RE: Final = re.compile(r"to\s+(?!(?:the|a|an|his|her|their|its)\b)[a-z]+\b")
_RECEIVING_RE: Final = re.compile(r"(?:received|receives|hosted|hosts|welcomed|welcomes)\b")
_LEADING_PLACE_RE: Final = re.compile(
    r"^(?:at|in)\s+(?:the\s+)?[A-Z](?:(?!\s+the\s)[^,;:.]){0,60},\s+(?=(?:the\s+)?[A-Z])"
)
_BARE_PLACE_RE: Final = re.compile(
    # "received yesterday at the Palácio das Necessidades the Minister of ...": a venue's name
    # may hold lower-case particles.
    r"^(?:at|in)\s+(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|in|today|yesterday"
    r"|das|dos|da|do|de|del|della|di|du|des|of)\s+){1,6}?"
    r"(?=(?:President|Prime|King|Queen|Crown"
    r"|Emir|Amir|Sultan|Foreign|Minister|Secretary|Chancellor|Vice|Deputy|H\.E\.|His|Her"
    # "received today in Cairo Ms. X": a courtesy title before the guest's name.
    r"|Mr|Mrs|Ms|Dr)\b"
    # "received today at Bustros Palace in Beirut the Spanish Minister of ...".
    r"|the\s+[A-Z])"
)
_CITY_BEFORE_NAME_RE: Final = re.compile(
    r"^in\s+(?P<city>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)\s+(?=[A-Z][\w'’.-]*\s+[A-Z])"
)
_LEADING_WEEKDAY_RE: Final = re.compile(
    rf"^on\s+{_WEEKDAY}(?:\s+(?:morning|afternoon|evening))?,?\s+(?=[A-Z])"
)
_PARTICIPATION_RE: Final = re.compile(r"^the\s+participation\s+of\s+")
_DELEGATION_RE: Final = re.compile(
    r"^(?:an?|the)\s+(?:[\w'’-]+\s+){0,3}?delegation\s+(?:\w+\s+){0,3}?(?:led|headed)\s+by\s+"
)
_LEADING_TIME_RE: Final = re.compile(
    r"^(?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"
    r"|later\s+today|last\s+night),?\s+(?=[A-Za-z])",
    re.IGNORECASE,
)
# The lookaheads here hold the characters a match can open with: other positions fail at once.
_TRAILING_TIME_RE: Final = re.compile(
    r"(?=[,\s])(?:,?\s+(?:today|yesterday|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today"
    r"|last\s+night|also|separately|jointly|virtually"
    # "President Han Seung-woo on Tuesday held a summit with ...".
    rf"|on\s+{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?))+$"
)
_TRAILING_PLACE_RE: Final = re.compile(r",\s+(?:at|in)\s+(?:the\s+)?[A-Z][^,;]*$")
# ", on March 5," inside a subject ("Minister Park Jin, on March 5, had a meeting with").
_DATE_CLAUSE_RE: Final = re.compile(
    rf"(?=[,\sotJFMASOND0-9]),?\s*\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?"
    r"(?:the\s+(?:morning|afternoon|evening)\s+of\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Aug|Sept?|Oct|Nov|Dec)\.)\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+"
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?:,?\s+\d{4})?)\b,?"
)
_DIGIT_RE: Final = re.compile(r"\d")
_ACRONYM_RE: Final = re.compile(r"\s*\([A-Z][A-Za-z.]{1,8}\)")
_PARENTHESES_RE: Final = re.compile(r"\s*\([^()]{0,120}\)")
_CAPITALS_ACRONYM_RE: Final = re.compile(r"[A-Z]{3,8}")
# A "who ..." clause in a subject runs up to the verb: "X, who is visiting Vilnius, Lithuania,".
_RELATIVE_CLAUSE_RE: Final = re.compile(r",\s*(?:who|which)\b.*$")
# "welcomed X to Downing Street": what follows "to" is the place, not part of the guest.
_HOSTING_RE: Final = re.compile(r"welcome")
_LEADING_CLAUSE_RE: Final = re.compile(
    r"^(?:(?:On|At|From|Commencing|commencing|For|for|Today|Yesterday|Tonight|This|Earlier"
    r"|Later|In|During|Following|After|Before|Upon|As|Over|Via|By|Since|While|When|Amid|Under"
    r"|Ahead|Also|Separately|Meanwhile|Against|Amidst|Given|Building|Following|Responding"
    r"|Marking|With|Within)\b[^,]*|\d[^,]*|(?!the\b)[a-z][^,]*),\s*"
)
# "On March 21", "On the morning of March 21", "On Tuesday 3rd September 2024".
# "Wednesday 17 July 2024, X received ...": the weekday alone opens the date too.
_ON_RE: Final = re.compile(
    r"(?:(?:On|on)\s+(?:the\s+\w+\s+of\s+)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?=\d))"
)
_AGENCY_LEAD_RE: Final = re.compile(
    r"^[A-Z](?:[^.;:()]|\.(?=\s+\d)){1,40}\s*\([A-Z][A-Za-z/]{1,9}\)\s*[-–—:]{1,2}\s+"
    # "Tehran, IRNA – Foreign Minister X ...": the agency after a comma.
    r"|^(?P<city>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?),\s+[A-Z]{2,6}\s+[-–—]{1,2}\s+"
)
# "Riyadh, September 15, 2024, SPA -- His Highness ...": a news agency's name may follow.
# "Manama, Feb. 3 -- X met ...": a month's abbreviation may hold the only full stop.
DATELINE_LEAD_RE: Final = re.compile(
    # "..., 14th May, 2025 (WAM) -- ": a news agency's name after the date, bracketed or not.
    # "Bern, 03.04.2025 - ": a numeric date's full stops.
    r"^(?:[^.;]|\.(?=\s*\d)){0,80}?\d(?:,?\s+\(?[A-Z]{2,6}\)?)?\s+[-–—]{1,2}\s+"
)
_CAPITALS_LEAD_RE: Final = re.compile(r"^[A-Z]{2}[A-Z .,'’-]{1,38}?\s+[-–—]\s+")
_CITY_LEAD_RE: Final = re.compile(r"^(?P<city>[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,2})\s+[-–—]\s+")
_ENUMERATOR_RE: Final = re.compile(r"^\(?\d{1,2}[.)]\s+")
_PRONOUN_TAIL_RE: Final = re.compile(
    r"(?=[,\swda]),?\s*\b(?:where|when|during\s+which|and\s+then|and)\s+(?:he|she|they)(?:\s+also)?\s*$"
)
# The verb of a subject's first predicate: a journey ("traveled to Cairo") or an event attended
# ("attended the BRICS summit in Kazan").
_PREDICATE_VERB_RE: Final = re.compile(
    r"\s+(?:traveled|travelled|travels|arrived|arrives|flew|went|visited|visits|paid|pays"
    r"|concluded|began|begins|continued|continues|is|was"
    r"|attended|attends|addressed|addresses|chaired|chairs|co-chaired|joined|joins|toured"
    r"|inaugurated|opened|participated|led|delivered|spoke\s+at|took\s+part)\b"
)
_PREDICATE_RE: Final = re.compile(r",\s+(?!(?:and|the|of|for|in)\b)[a-z]")
_CAPITAL_RE: Final = re.compile(r"[A-Z]")
_BETWEEN_HELD_RE: Final = re.compile(
    rf"\b{_NOUN}\s+between\s+(?P<people>[^;]{{8,300}}?),?\s+(?:was|were)\s+held\b"
    r"(?P<tail>[^;]*)$"
)
_HELD_RE: Final = re.compile(r"\b(?:was|were)\s+held\b")
_HELD_BETWEEN_RE: Final = re.compile(
    rf"(?P<verb>\b(?:[\w-]+\s+){{0,2}}?{_NOUN}\s+(?:was|were)\s+held\s+between)\s+"
    r"(?P<people>[^;]{8,300}?)(?P<tail>,?\s+(?:on|in|at|via|by|over|today|yesterday)\b[^;]*)?\.?$"
)
_CHAIRED_SENTENCE_RE: Final = re.compile(
    r"(?:The\s+[A-Za-z]+(?:\s+[A-Za-z]+)?|It)\s+was\s+(?:co-?)?chaired\s+by\s+(?P<people>.+)$"
)
# "chaired by X, and attended by Y and Z": those attending are more of the sides.
_ATTENDED_BY_RE: Final = re.compile(r",?\s+and\s+(?:was\s+)?attended\s+by\s+")
_CHAIRED_BY_RE: Final = re.compile(
    r"\b(?:was|were)\s+held\b(?P<tail>[^.;]{0,160}?),?\s+(?:under\s+the\s+"
    r"(?:co-?)?(?:chairmanship|chairpersonship|chairship|presidency)\s+of|(?:co-?)?chaired\s+by)"
    r"\s+(?P<people>.+)$"
)
# What a meeting is "between" when its subject already names both sides.
_BODIES_RE: Final = re.compile(
    r"(?:the\s+)?(?:two\s+|three\s+|both\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:countries|ministries|governments|nations|sides|states|delegations|parliaments)\b"
)
_TO_RE: Final = re.compile(r"\s+to\s+")
_MAX_OPENING_PARAGRAPHS: Final = 5
_MAX_OPENING_LENGTH: Final = 1500
# Headlines: "Wang Yi Holds Talks with ...", "PM call with President Biden: 1 February 2023".
_TITLE_RE: Final = re.compile(
    # "China: High Representative X holds ... with Y": the EEAS files a release under a country.
    r"^(?:[A-Z][\w'’ -]{1,40}:\s+)?(?:Readout of\s+)?(?P<subject>.+?)(?:['’]s)?\s+(?:(?i:holds?|held|has|had|meets?|met|speaks?"
    r"|spoke|talks?)\s+(?:[\w'’-]+\s+){0,3}?(?i:with|to)|(?i:call|meeting|talks|phone\s+call"
    r"|telephone\s+call|conversation|video\s+call)\s+with)\s+(?P<object>.+?)"
    r"(?:\s*(?::|\s[-–—|]\s|,\s+\d).*)?$"
)


@dataclass
class Opening:
    sentence: Span
    paragraph_index: int
    verb: str
    subject: str
    object: str
    tail: str  # the sentence after the verb, uncut: where the place and time are


def find_opening(text: str, paras: list[Span] | None = None) -> Opening | None:
    """First sentence, in the first paragraphs, that reports a meeting or call between people."""
    paras = paragraphs(text) if paras is None else paras
    bodies = 0
    for index, para in enumerate(paras[: _MAX_OPENING_PARAGRAPHS * 3]):
        if is_headline(text[para.start : para.end]):
            continue
        bodies += 1
        if bodies > _MAX_OPENING_PARAGRAPHS:
            break
        spans = sentences(text, para)[:4]
        for i, sentence in enumerate(spans[:3]):
            if sentence.end - sentence.start > _MAX_OPENING_LENGTH:
                continue
            opening = _opening_in(text, sentence, index)
            if opening is not None and i + 1 < len(spans) and not opening.object:
                # "The foreign ministers met in Oslo. The meeting was hosted by X ...".
                opening = _attended_next(text, opening, spans[i + 1 : i + 4]) or opening
            if opening is None and i + 1 < len(spans):
                opening = _chaired_next(text, sentence, spans[i + 1], index)
            if opening is None and i + 1 < len(spans):
                opening = _represented_next(text, sentence, spans[i + 1 : i + 4], index)
            if opening is None and " visit to " in text[sentence.start : sentence.end]:
                # The sentence after it, in the same paragraph or the first of the next.
                after = spans[i + 1 : i + 2]
                if not after and index + 1 < len(paras):
                    after = sentences(text, paras[index + 1])[:1]
                if after:
                    opening = _visited_where_held(text, sentence, after[0], index)
            if opening is not None:
                return opening
    return None


def _chaired_next(text: str, held: Span, following: Span, index: int) -> Opening | None:
    """ "The 3rd Meeting of ... was held on 12-13 May 2025 in Vientiane. The meeting was chaired
    by X, and attended by Y and Z.": the two sentences make the opening; the chair and those
    attending are the sides, the place and time are in the first."""
    if text.find(" held", held.start, held.end) < 0:
        return None
    chaired = _CHAIRED_SENTENCE_RE.match(text, following.start, following.end)
    if chaired is None or not _HELD_RE.search(text, held.start, held.end):
        return None
    people = _ATTENDED_BY_RE.sub(", ", chaired.group("people")).strip(" .")
    tail = text[held.start : held.end]
    return Opening(Span(held.start, following.end), index, "co-chaired", people, "", tail)


def _attended_next(text: str, opening: Opening, following: list[Span]) -> Opening | None:
    """ "The Nordic foreign ministers met in Tromsø on 4 March. The meeting was hosted by X. It
    was attended by Y and Z.": a group that met, named in the sentences after it, which make
    the opening with it."""
    if not _GROUP_SUBJECT_RE.match(opening.subject):
        return None
    people: list[str] = []
    end = opening.sentence.end
    for sentence in following:
        m = _ATTENDED_SENTENCE_RE.match(text, sentence.start, sentence.end)
        if m is None:
            break
        people.append(m.group("people").strip(" ."))
        end = sentence.end
    if not people:
        return None
    sentence = Span(opening.sentence.start, end)
    return Opening(
        sentence, opening.paragraph_index, "co-chaired", ", and ".join(people), "", opening.tail
    )


_GROUP_SUBJECT_RE: Final = re.compile(
    r"^(?:The\s+)?(?:[A-Z][\w'’-]*\s+)?(?:foreign\s+|defen[cs]e\s+|trade\s+|finance\s+)?"
    r"(?:ministers|leaders|heads\s+of\s+(?:state|government|delegation)s?)$",
    re.IGNORECASE,
)
_ATTENDED_SENTENCE_RE: Final = re.compile(
    r"(?:The\s+(?:meeting|talks|session|gathering|dialogue)|It)\s+was\s+(?:also\s+)?"
    r"(?:attended|hosted|chaired|co-chaired)\s+by\s+(?P<people>[^;]+)$"
)


def _visited_where_held(text: str, visit: Span, following: Span, index: int) -> Opening | None:
    """ "X paid a working visit to Kabul, where a trilateral meeting of the Foreign Ministers of
    A, B and C was held. The meeting was attended by Y and Z.": the visitor and those attending
    are the sides; the visit places the meeting."""
    if text.find(" visit to ", visit.start, visit.end) < 0:
        return None
    m = _VISIT_WHERE_HELD_RE.match(text, visit.start, visit.end)
    attended = m and _ATTENDED_SENTENCE_RE.match(text, following.start, following.end)
    if not m or not attended:
        return None
    people = f"{m.group('who')}, and {attended.group('people').strip(' .')}"
    return Opening(
        Span(visit.start, following.end),
        index,
        "co-chaired",
        people,
        "",
        text[visit.start : visit.end],
    )


_VISIT_WHERE_HELD_RE: Final = re.compile(
    r"(?:On\s+[^,]{4,40}(?:,\s+\d{4})?,\s+)?(?P<who>[A-Z][^,;]{5,160}?)\s+(?:paid|made)\s+an?\s+(?:[\w-]+\s+){0,2}"
    r"visit\s+to\s+[A-Z][^,;]{1,60},\s+where\b[^;]*\b(?:was|were)\s+held\b"
)


def _represented_next(text: str, held: Span, following: list[Span], index: int) -> Opening | None:
    """ "The 30th Summit between the European Union and Japan took place in Tokyo on 23 July
    2025. The EU was represented by X and Y. Japan was represented by its Prime Minister, Z.":
    the sentences after the one that places the meeting name its sides."""
    chunk = text[held.start : held.end]
    if " took place" not in chunk and " was held" not in chunk:
        return None
    people: list[str] = []
    end = held.end
    for sentence in following:
        m = _REPRESENTED_RE.match(text, sentence.start, sentence.end)
        if m is None:
            break
        side = m.group("side").removeprefix("The ").removeprefix("the ")
        # "its Prime Minister, Z": the side's own.
        people.append(_ITS_RE.sub(f"{side}'s ", m.group("people").strip(" .")))
        end = sentence.end
    if not people:
        return None
    return Opening(Span(held.start, end), index, "co-chaired", ", and ".join(people), "", chunk)


_REPRESENTED_RE: Final = re.compile(
    r"(?P<side>(?:The\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+was\s+represented\s+by\s+"
    r"(?P<people>[^;]+)$"
)
_ITS_RE: Final = re.compile(r"\b(?:its|their)\s+")


def later_openings(text: str, paras: list[Span], opening: Opening) -> Iterator[Opening]:
    """Meeting sentences in the paragraphs after the opening's: where a page's summary line
    ("The Foreign Secretary met Indonesia's Foreign Minister in Munich") names nobody, the
    release under it may ("The Foreign Secretary, David Lammy, met Sugiono, ...")."""
    stop = min(len(paras), opening.paragraph_index + 1 + _MAX_OPENING_PARAGRAPHS * 2)
    for index in range(opening.paragraph_index + 1, stop):
        for sentence in sentences(text, paras[index])[:2]:
            if sentence.end - sentence.start <= _MAX_OPENING_LENGTH:
                later = _opening_in(text, sentence, index)
                if later is not None:
                    yield later


def _opening_in(text: str, sentence: Span, index: int) -> Opening | None:
    # A hard-wrapped sentence read as one line: "... President of the Republic of\nGhana."
    chunk = text[sentence.start : sentence.end].replace("\n", " ")
    if " was held" in chunk or " were held" in chunk:
        between = _BETWEEN_HELD_RE.search(chunk) if " between " in chunk else None
        if between and " and " in between.group("people"):
            # "A bilateral meeting between X and Y was held in Tokyo on 20 March 2025".
            people = between.group("people").strip(" ,")
            return Opening(sentence, index, "co-chaired", people, "", between.group("tail"))
        held = _HELD_BETWEEN_RE.search(chunk) if " between " in chunk else None
        if held and " and " in held.group("people"):
            # "A phone call was held between X and Y on February 4": both sides, as in "X and
            # Y held a phone call"; the call's words tell its kind.
            tail = held.group("tail") or ""
            return Opening(sentence, index, held.group("verb"), held.group("people"), "", tail)
        chaired = _CHAIRED_BY_RE.search(chunk)
        if chaired and " and " in chaired.group("people"):
            # "The Fourth Meeting of X was held in Ankara on 15 August 2024 under the
            # co-chairmanship of A and B": the co-chairs are both sides, as in "A and B
            # co-chaired"; the place and time are before them.
            people = _ATTENDED_BY_RE.sub(", ", chaired.group("people")).strip(" .")
            return Opening(sentence, index, "co-chaired", people, "", chaired.group("tail"))
    if "co-chaired by" in chunk or "cochaired by" in chunk:
        chaired = _CHAIRED_SENTENCE_RE.match(chunk)
        if chaired and " and " in chaired.group("people"):
            # "The meeting was co-chaired by Foreign Minister A and Foreign Minister B": the
            # co-chairs are both sides, as in "A and B co-chaired".
            people = _ATTENDED_BY_RE.sub(", ", chaired.group("people")).strip(" .")
            return Opening(sentence, index, "co-chaired", people, "", chunk)
    for verb in OPENING_VERB_RE.finditer(chunk):
        subject = clean_subject(chunk[: verb.start()])
        if subject in ("He", "She"):
            subject = subject.lower()  # "He met today in Kuala Lumpur with X": the reader's
        if not subject or not (_CAPITAL_RE.search(subject) or subject in ("he", "she")):
            # "In Tokyo today, he met ...": the pronoun is resolved by the reader.
            continue
        tail = chunk[verb.end() :]
        if verb.group()[:4] in ("sign", "co-c"):
            if _RELATIVE_CLAUSE_RE.search(chunk[: verb.start()]):
                continue  # "X, who signed the accord in 2019, met Y": the meeting is later
            if not verb.group().endswith(("with", "between")):
                # "X and Y signed a memorandum ...", "X and Y co-chaired the Dialogue": both
                # sides are the subject, or it is no meeting ("X signed the book of condolences").
                if " and " not in subject:
                    continue
                return Opening(sentence, index, verb.group(), subject, "", tail)
        obj = cut_object(tail, verb.group())
        if verb.group()[-7:] == "between" and " and " in subject and _BODIES_RE.match(obj):
            # "X and Y co-chaired the consultation between the foreign ministries of A and B":
            # the subject names both sides; the ministries are no people.
            obj = ""
        return Opening(sentence, index, verb.group(), subject, obj, tail)
    return None


def agency_dateline_city(sentence: str) -> str | None:
    """The city of a news agency's dateline run into the sentence: "Istanbul" of "Istanbul, IRNA
    - Foreign Minister X met ..."."""
    m = _AGENCY_LEAD_RE.match(sentence) if ", " in sentence[:30] else None
    return m.group("city") if m else None


def clean_subject(subject: str) -> str:
    """Drop leading "On March 21, 2022 local time," style clauses and trailing commas."""
    # "The below is attributable to Spokesperson X: Secretary Y met ..." glued on one line.
    subject = subject.rsplit(": ", 1)[-1].strip().lstrip('"“')
    # "Addis Ababa, Ethiopia, 3 April 2025 - The Chairperson ...": a dateline run into the text.
    dateline = DATELINE_LEAD_RE.match(subject)
    if dateline and DATE_RE.search(subject, 0, dateline.end()):
        subject = subject[dateline.end() :]
    # "Hanoi (VNA) – Prime Minister X held talks ...": a news agency's dateline.
    if "(" in subject[:60] or ", " in subject[:30]:
        subject = _AGENCY_LEAD_RE.sub("", subject, count=1)
    # "KUALA LUMPUR – Secretary X met ...": a place dateline in capitals.
    if subject[:2].isupper():
        subject = _CAPITALS_LEAD_RE.sub("", subject, count=1)
    elif " – " in subject[:30] or " - " in subject[:30] or " — " in subject[:30]:
        # "Hanoi – On the evening of April 15, X held ...": a known city's dateline.
        city = _CITY_LEAD_RE.match(subject)
        if city and lookup_city(city.group("city")):
            subject = subject[city.end() :]
    # "1. Minister of Foreign Affairs X had a phone conversation ...": a numbered paragraph.
    subject = _ENUMERATOR_RE.sub("", subject)
    # "(local time; 0:20 a.m. on July 13, Japan time)" would split the clauses wrongly; a
    # body's acronym stays in the role, as a counterpart's does ("The High Commissioner of the
    # UN Refugee Agency (UNHCR) X met ...").
    if "(" in subject:
        subject = _PARENTHESES_RE.sub(_body_acronym, subject)
    on = _ON_RE.match(subject)
    date = DATE_RE.match(subject, on.end()) if on else None
    if date:
        subject = subject[date.end() :].lstrip(" ,")
    if _DIGIT_RE.search(subject):  # a date clause holds a day number
        if _LEADING_CLAUSE_RE.match(subject):
            # "In Beijing on February 28, 2025, X", "On the margins of the G20 Summit on 18
            # November 2024, X": the leading clause goes with its date.
            subject = _leading_clauses(subject)
        subject = _DATE_CLAUSE_RE.sub("", subject)
    subject = _RELATIVE_CLAUSE_RE.sub("", subject)
    if subject.endswith((" was", " were", " is")):
        subject = subject.rsplit(" ", 1)[0]  # "X was received by Y"
    if ", at " in subject or ", in " in subject:
        # "Prime Minister X, this evening, at the Prime Minister's Office in Jerusalem, met
        # with": where, between the name and the verb, is no part of the name.
        subject = _TRAILING_PLACE_RE.sub("", subject.rstrip(" ,"))
    subject = _TRAILING_TIME_RE.sub("", subject)
    pronoun = _PRONOUN_TAIL_RE.search(subject)
    if pronoun:
        # "X, Minister of ..., concluded a visit to Mexico, where she met ...": the person is
        # the one before the first predicate.
        subject = subject[: pronoun.start()]
        # "..., concluded a visit to Mexico", "Secretary X traveled to Cairo": up to the verb.
        predicate = _PREDICATE_RE.search(subject) or _PREDICATE_VERB_RE.search(subject)
        # "Minister X today concluded a visit to Mexico City, where she met": the time word
        # before the predicate is no part of her office either.
        subject = _TRAILING_TIME_RE.sub("", subject[: predicate.start()]) if predicate else subject
    elif subject.endswith(" and"):
        # "X attended the BRICS summit in Kazan and met with Y": the same, the second predicate
        # joined by "and".
        predicate = _PREDICATE_VERB_RE.search(subject)
        subject = _TRAILING_TIME_RE.sub("", subject[: predicate.start()]) if predicate else subject
    subject = _leading_clauses(subject).strip(" ,;")
    if subject[:1] in "TYEL":
        # "Today I met ...": a time word before the subject without a comma is no part of it.
        subject = _LEADING_TIME_RE.sub("", subject, count=1)
    return subject


def _leading_clauses(subject: str) -> str:
    """ "On March 21, 2022, X", "In Beijing on May 3, 2024, X": up to six leading clauses off."""
    for _ in range(6):
        trimmed = _LEADING_CLAUSE_RE.sub("", subject, count=1)
        if trimmed == subject:
            break
        subject = trimmed
    return subject


def cut_object(tail: str, verb: str = "") -> str:
    """The counterpart phrase: "in Moscow with X of Y, who is ..." -> "X of Y"."""
    if _HOSTING_RE.match(verb):
        tail = _TO_RE.split(tail, maxsplit=1)[0]
    if tail[:4] == " by " and verb in ("received", "welcomed", "hosted"):
        tail = tail[4:]  # "X ... was received by Crown Prince Y": the passive's agent
    tail = tail.strip()
    if tail[:1] in "tyel":
        # "received today the Minister of ...": a time word before the counterpart, not a stop.
        tail = _LEADING_TIME_RE.sub("", tail, count=1)
    if tail[:3] == "on " and _RECEIVING_RE.match(verb):
        # "received on Thursday Giulia Ferraresi of Italy", "received on Thursday, 6 June 2024,
        # at the Ministry's headquarters in Tunis, Ms. X": the day before the guest.
        tail = _LEADING_WEEKDAY_RE.sub("", tail, count=1)
        if tail[:3] == "on " and _DIGIT_RE.search(tail, 0, 40):
            tail = _DATE_CLAUSE_RE.sub("", tail, count=1).lstrip(" ,")
    if tail[:3] in ("at ", "in ") and _RECEIVING_RE.match(verb):
        # "received today, at Itamaraty Palace, the Minister of ...": the place set off by commas;
        # "received in Jeddah President X": or right before the guest's office.
        tail = _LEADING_PLACE_RE.sub("", tail, count=1)
        tail = _BARE_PLACE_RE.sub("", tail, count=1)
        city = _CITY_BEFORE_NAME_RE.match(tail)
        if city and lookup_city(city.group("city")):
            tail = tail[city.end() :]  # "received in Tunis Giulia Ferraresi of Italy"
    lead = _OBJECT_LEAD_RE.match(tail)
    if lead and _INFINITIVE_RE.match(tail, lead.end() - 3):
        return ""  # "met in Washington on Tuesday to reaffirm ...": a purpose, no counterpart
    tail = tail[lead.end() :] if lead else tail
    if _DIGIT_RE.search(tail):  # a date clause holds a day number
        tail = _DATE_CLAUSE_RE.sub("", tail)
    tail = _OBJECT_LEAD_RE.sub("", tail.strip(), count=1)
    # "met in Cairo, with the participation of X and Y": they take part.
    if tail[:4] == "the " and tail[4:18] == "participation ":
        tail = _PARTICIPATION_RE.sub("", tail, count=1)
    # "received a delegation led by the Minister of Trade of Spain, X": its head takes part.
    if "delegation" in tail[:40]:
        tail = _DELEGATION_RE.sub("", tail, count=1)
    # "People's Republic of China (PRC) Director ...": a country's acronym goes with its name;
    # a body's stays in the role (see _OBJECT_STOP_RE).
    if "(" in tail:
        tail = _ACRONYM_RE.sub(_country_acronym, tail)
    stop = _OBJECT_STOP_RE.search(" " + tail)
    while stop and _serves_in(tail, stop.start() - 1):
        stop = _OBJECT_STOP_RE.search(" " + tail, stop.end())
    if stop:
        tail = tail[: max(stop.start() - 1, 0)]
    return tail.strip(" ,.;")


def _body_acronym(match: re.Match[str]) -> str:
    """The text itself for a bracketed body's acronym in capitals ("(UNHCR)", "(WHO)"), "" for
    any other bracket: a country's acronym ("(PRC)"), a rank ("(Ret.)"), a time or a note."""
    found = match.group()
    acronym = found.strip(" ()")
    if _CAPITALS_ACRONYM_RE.fullmatch(acronym) and not lookup_country(acronym):
        return found
    return ""


def _country_acronym(match: re.Match[str]) -> str:
    """ "" for a bracketed country's acronym ("(PRC)"), the text itself for another ("(UNHCR)")."""
    return "" if lookup_country(match.group().strip(" ()")) else match.group()


# "UNICEF Representative in Egypt Jeremy Hopkins": the country an envoy serves in, before the
# name, is part of the office and no place of the meeting.
_SERVES_IN_RE: Final = re.compile(
    r"(?<=Representative) in (?P<country>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2}) [A-Z]"
)


def _serves_in(tail: str, at: int) -> bool:
    """Whether the stop at `at` is "in <Country>" after a representative, with a name next, or
    the close of UNRWA's name ("... for Palestine Refugees in the Near East")."""
    if tail[at : at + 4] != " in ":
        return False
    if tail.startswith(" in the Near East", at):
        return tail.endswith("Palestine Refugees", 0, at)
    m = _SERVES_IN_RE.match(tail, at)
    if m is None:
        return False
    words = m.group("country").split()
    return any(lookup_country(" ".join(words[:n])) for n in range(1, len(words) + 1))


# Singapore's "MFA Press Statement: Minister ...'s Telephone Call with Member of the Political
# Bureau ..., 27 March 2025" runs past 200 characters.
_HEADLINE_CHARS: Final = 300


def is_headline(line: str) -> bool:
    """A short line without a closing full stop: a headline, a dateline or a label."""
    line = line.strip()
    if not line or "\n" in line or len(line) > _HEADLINE_CHARS:
        return False
    # "Washington, D.C." over a State Department transcript: a place line, closed by initials.
    return not line.endswith((".", "!", "?", ":", '."', ".”")) or line.endswith(", D.C.")


def between_from_title(title: str) -> tuple[str, str] | None:
    """(one side, the other) of a headline "... meeting between Mr. X, Minister of ..., and
    Mr. Y, Minister of ...", else None."""
    m = _BETWEEN_RE.search(title)
    if not m:
        return None
    pair = m.group("pair")
    first, comma, second = pair.rpartition(", and ")
    if not comma:
        first, _, second = pair.rpartition(" and ")
    first, second = first.strip(" ,"), second.strip(" ,")
    return (first, cut_object(second)) if first and second else None


_BETWEEN_RE: Final = re.compile(
    r"\b(?i:meeting|talks|consultations|conversation|call|dialogue)\s+between\s+(?P<pair>.+)$"
)


def opening_from_title(title: str) -> tuple[str, str] | None:
    """(subject, object) of a headline, for texts whose body never says who met whom."""
    title = title.strip()
    m = _TITLE_RE.match(title)
    if not m and (" With " in title or " Hold " in title):
        m = _REMARKS_TITLE_RE.match(title)
    if not m:
        return None
    return m.group("subject").strip(), cut_object(m.group("object") or m.group("other"))


# A remarks page's headline: "Secretary Blinken With Lithuanian Foreign Minister Gabrielius
# Landsbergis Before Their Meeting" (an office opens it, as "With" opens no other headline's), or
# a transcript's: "Secretary of Defense X and Philippine Secretary of National Defense Y Hold a
# Joint Press Availability".
_REMARKS_TITLE_RE: Final = re.compile(
    r"^(?P<subject>(?:Deputy\s+)?(?:Secretary|President|Vice\s+President|Prime\s+Minister)"
    r"(?:\s+(?:of\s+)?[A-Z][\w.'’-]*){1,6}?)\s+(?:With\s+(?P<object>[A-Z].+?)"
    r"(?:\s+(?:Before|After|At|Following|Ahead\s+of|During)\s+.*)?"
    r"|and\s+(?P<other>[A-Z].+?)\s+Hold\s+(?:a\s+)?(?:Joint\s+)?Press\s+(?:Conference|Availability)"
    r".*)$"
)
