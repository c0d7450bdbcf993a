"""Who said what: each body sentence gets a speaker, joint sentences none."""

from __future__ import annotations

import functools
import re
from typing import Final

from archive.parsing.countries import demonyms_for, lookup_country, names_for
from archive.parsing.groups import GROUP_KEYS, group_subject_countries, officials_subject_countries
from archive.parsing.names import is_role_word
from archive.parsing.text import BULLET_RE, Span
from archive.parsing.types import ParsedParticipant

_JOINT_NOUN: Final = (
    r"(?:sides|leaders|ministers|parties|delegations|governments|presidents"
    r"|prime\s+ministers|foreign\s+ministers|heads\s+of\s+\w+|secretaries|counterparts"
    # "The three vice ministers", "the two deputy foreign ministers".
    r"|(?:vice|deputy)[\s-]+(?:foreign\s+)?ministers"
    r"|participants|officials|interlocutors)"
)
JOINT_SUBJECT_RE: Final = re.compile(
    rf"^(?:(?:[Tt]he|[Bb]oth|[Aa]ll)\s+(?:(?:two|three|four|five|six|seven|eight|\d)\s+)?"
    rf"(?:(?:[A-Z][\w'’-]*\s+){{0,3}}{_JOINT_NOUN}|(?i:{_JOINT_NOUN}))"
    rf"|[Bb]oth(?!\s+(?:countries|nations|peoples)\b)"
    rf"|[Tt]he\s+two(?!\s+(?:countries|nations|peoples)\b)"
    # "The three agreed to ...": the number alone, as with "The two".
    rf"|[Tt]he\s+(?:three|four)(?![\w-]|\s+(?:countries|nations|peoples)\b)"
    rf"|[Aa]ll\s+(?:two|three|four|five)"
    # "Ministers agreed ...", "Leaders discussed ...": the bare plural of a G7-style readout.
    rf"|(?:Ministers|Leaders|Delegations|Participants)(?!\s+of\b))\b"
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MODAL_RE: Final = re.compile(r"\s*(?:should|must|need|needs|ought|could|can|may|might)\b")
# "The two teams should ...", "The two sides also should ...": a word between subject and modal.
_WORD_THEN_MODAL_RE: Final = re.compile(
    r"\s+[a-z][\w-]*\s+(?:should|must|need|needs|ought|could|can|may|might)\b"
)
HEAD_VERBS: Final = _word_set(
    """
    acknowledged added affirmed affirms agree agreed announced appreciated are asked assured held
    concurred endorsed reached recommitted resolved restated undertook
    attached attaches believed believes briefed called can commended committed condemned
    condemns confirmed congratulated considers continued continues conveyed could decided
    described discuss discussed elaborated emphasised emphasises emphasized emphasizes
    encouraged exchanged expected expects explained expressed expresses extended had has have
    highlighted hoped hopes informed intends introduced invited is look looked looks mentioned met must
    noted notes offered opposed opposes outlined pledged pointed praised presented proposed
    raised reaffirmed reaffirms recalled recognised recognized regards reiterated rejected
    remains requested reviewed said say says shared should sought spoke stands stated states
    stressed stresses supported supports thanked thanks told underlined underscored updated
    updates apprised urged valued
    values voiced vowed wants was welcomed welcomes were will wished wishes would
    """
)
# Used with .match(sentence, offset) only: no "^", which would fail after a paragraph number.
# "Discussing Ukraine, the leaders agreed ...", "Separately, the leaders ...": participles and
# adverbs that open a clause before the subject.
_LEAD_OPENERS: Final = (
    "discussing looking speaking reflecting noting recalling welcoming acknowledging recognizing"
    " recognising highlighting addressing commenting concluding reviewing emphasizing emphasising"
    " responding separately later subsequently earlier"
)
_LEAD_CLAUSE_RE: Final = re.compile(
    r"(?:(?:In|At|During|After|Following|On|Regarding|As\s+for|With\s+regard\s+to|Turning\s+to"
    r"|Meanwhile|Furthermore|Moreover|Additionally|Also|Finally|In\s+addition|For\s+its\s+part"
    r"|For\s+his\s+part|For\s+her\s+part|In\s+response|"
    + "|".join(_LEAD_OPENERS.title().split())
    + r")\b[^,]{0,80},\s*)"
)
_PRONOUNS: Final = frozenset({"he", "she", "his", "her"})
# "They" is both sides only where no single speaker holds the floor.
_THEY_RE: Final = re.compile(r"^(?:They|Together,?\s+they)\b")
# ... and "They discussed / exchanged views" is an exchange: both sides, whoever spoke before.
_THEY_EXCHANGED_RE: Final = re.compile(
    r"^(?:They|We|Together,?\s+(?:they|we))\s+(?:(?:also|further|then|briefly)\s+)?"
    r"(?:discussed|exchanged|reviewed|talked|consulted|compared\s+notes)\b"
)
# ... but "They agreed / reaffirmed / committed" is always both: one speaker never agrees alone.
_THEY_AGREED_RE: Final = re.compile(
    # "We agreed": a minister's first-person release speaks for both sides only when agreeing.
    # "We, the Prime Ministers of A, B and C, call for ...": the signatories named after "We".
    r"^(?:They|We(?:,\s+the\s+[^;.]{1,200}?,)?|Together,?\s+(?:they|we))\s+(?P<verb>(?:(?:also|further|jointly|both|all)\s+)?(?:agreed|reaffirmed"
    r"|affirmed|committed|recommitted|pledged|decided|resolved|vowed|called\s+(?:for|on)"
    # A joint statement's present tense: "We reaffirm ...", "We call on ...".
    r"|agree|reaffirm|affirm|commit|recommit|pledge|resolve|call\s+(?:for|on)))\b"
)
# "We condemn X and call on Y to ...": a joint statement's "We" agrees later in the sentence;
# so does a minister's "We discussed X, and agreed to Y".
_WE_LATER_RE: Final = re.compile(
    r"^We(?:,\s+the\s+[^;.]{1,200}?,)?\s+(?P<verb>[a-z]+)\b[^;]*?(?:,|\band)\s+(?:we\s+)?"
    r"(?:also\s+)?(?:agree|reaffirm|affirm|commit|pledge|call\s+(?:for|on)|agreed|reaffirmed"
    r"|affirmed|committed|pledged|called\s+(?:for|on))\b"
)
# Who else attended: the release's narration, nobody's statement.
# Where one is, the same: "X paid an official visit to Sri Lanka on ...", "X is in Singapore from".
_PRESENT_RE: Final = re.compile(
    r"[A-Z](?:[^.;:]|(?<=\b[A-Z])\.|(?<=\b(?:Dr|Mr|Ms|St))\.|(?<=\bMrs)\.){0,80}?\b(?:(?:was|were)\s+"
    r"(?:also\s+)?present|(?:also\s+)?(?:attended|were"
    r"\s+in\s+attendance)|(?:also\s+(?:joined|took\s+part\s+in|participated\s+in)"
    r"|took\s+part\s+in|participated\s+in)\s+(?:the\s+)?"
    r"(?:call|meeting|talks|conversation|video)|(?:was|were)\s+(?:also\s+)?(?:joined|accompanied"
    r"|supported)"
    r"\s+by|(?:was|were)\s+chaired\s+by|delegation\s+(?:also\s+)?included"
    # "The Minister joined the video conference from Wisma Putra": where one took part from.
    r"|joined\s+(?:the\s+)?(?:call|meeting|video\s*conference|video\s+call)\s+from\b"
    r"|(?:paid|pays|made|makes|is\s+paying|is\s+making|was\s+on|is\s+on)\s+(?:an?\s+)?"
    r"(?:[\w-]+\s+){0,2}visit\s+to"
    # "This was Minister Iwaya's first visit to Korea".
    r"|was\s+(?:his|her|their|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}['’]s)\s+(?:[a-z]+\s+){0,2}"
    r"visit\s+to|(?:was|were)\s+held\s+(?:in|at|on|via|virtually|within|under)\b"
    # "The meeting took place in New Delhi on 28 January 2025"; "He will also call on X".
    r"|took\s+place|will\s+(?:also\s+)?(?:call\s+on|meet\s+(?:with\s+)?[A-Z])"
    # Whom else one met: "Subsequently, Minister X paid a courtesy call on President Y".
    # ... but "He also called on the EU to show flexibility" is an appeal, not a visit.
    r"|(?:also\s+)?(?:called\s+on(?![^.;:]{0,80}?\bto\s+[a-z])|paid\s+a\s+courtesy\s+call\s+on)"
    r"|(?:is|are)\s+(?:visiting\s+(?=[A-Z])|in\s+[A-Z][^.;:]{0,40}?\s+(?:from|on|until)\s)"
    # An itinerary: "Secretary X is traveling to Kuala Lumpur for ...", "He will travel to Y".
    r"|(?:(?:is|are)\s+(?:traveling|travelling)|will\s+(?:also\s+)?travel|travels|traveled"
    r"|travelled)\s+(?:on\s+to\s+|to\s+)(?=[A-Z]))"
)
# "Before their meeting, the Secretary and the Foreign Minister spoke to the press.": that they
# spoke, not what they said (a sentence that goes on to say what is someone's statement).
_TO_THE_PRESS_RE: Final = re.compile(
    r"\b(?:spoke|talked)\s+(?:briefly\s+)?(?:to|with)\s+(?:the\s+)?(?:press|media|reporters"
    r"|journalists)(?:\s+(?:together|jointly|afterwards|(?:before|after)\s+(?:the|their)\s+"
    r"(?:meeting|talks)))?\.?\s*$"
)
_ATTENDED_RE: Final = re.compile(
    r"\s(?:also\s+)?(?:attended|were\s+(?:also\s+)?present|took\s+part|participated)"
    r"(?:\s+(?:at|in|during)\s+the\s+(?:meeting|talks|call|discussions?))?\.?\s*$"
)
# The last words of a sentence that tells who attended (a set test before the patterns below).
_ATTENDANCE_WORDS: Final = _word_set(
    "attended present part participated meeting talks call discussion discussions"
)
_ATTENDED_MEETING_RE: Final = re.compile(
    r"\s(?:also\s+)?(?:attended|took\s+part\s+in|participated\s+in|(?:was|were)\s+(?:also\s+)?"
    r"present\s+(?:at|during))\s+the\s+(?:meeting|talks|call|discussions?)\.?\s*$"
)
# First words of the agreements below; any other needs an "and" in its subject.
_AGREEMENT_OPENERS: Final = _word_set("it agreement consensus the both")
_JOINT_AGREEMENT_RE: Final = re.compile(
    r"(?:(?:It|Agreement|Consensus)\s+(?P<verb>was\s+(?:also\s+|further\s+)?(?:agreed|reached))"
    r"|(?:(?:The|Both)\s+(?:two\s+)?(?:countries|nations)"
    r"|(?P<a>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})\s+and\s+(?P<b>(?:the\s+)?[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*){0,3}))"
    r"\s+(?P<verb2>(?:(?:also|further|jointly|have|had)\s+)?(?:agreed|reaffirmed|committed|decided"
    r"|pledged|resolved|reached\s+(?:an?\s+)?(?:consensus|agreement))))\b"
)
_HEAD_LIMIT: Final = 100
_OPENING_QUOTES: Final = frozenset("\"“‘'")
_PUNCTUATION: Final = ".,;:()[]\"“”‘’'"
_LEAD_WORDS: Final = _word_set(
    "in at during after following on regarding as with turning meanwhile furthermore moreover"
    " additionally also finally for " + _LEAD_OPENERS
)
# First letters of the lead words, either case: most sentences skip the lead-word test.
_LEAD_INITIALS: Final = frozenset(w[0] for w in _LEAD_WORDS) | frozenset(
    w[0].upper() for w in _LEAD_WORDS
)
_JOINT_WORDS: Final = _word_set("the both all ministers leaders delegations participants")
# Words that can make "The ..." a joint subject; other "The ..." sentences skip the regex.
_JOINT_KEYS: Final = _word_set(
    "two three four five six seven eight sides leaders ministers parties delegations governments"
    " presidents prime foreign heads secretaries counterparts participants officials interlocutors"
    " vice deputy"
)
# Head verbs that report what a side said (see `_resolve`), not where or with whom it was.
_SPEAKING_VERBS: Final = _word_set(
    """
    said says stated states noted notes stressed stresses emphasised emphasized emphasises
    emphasizes underlined underscored highlighted expressed expresses welcomed welcomes thanked
    thanks reiterated reaffirmed reaffirms affirmed affirms added explained briefed informed told
    urged hoped hopes congratulated conveyed assured appreciated praised proposed pointed raised
    recalled requested condemned condemns supported supports voiced wished wishes agreed agree
    acknowledged announced asked believed believes described discussed exchanged reviewed shared
    outlined presented offered opposed opposes rejected recognised recognized updated apprised
    confirmed commended committed decided elaborated encouraged mentioned pledged sought vowed
    valued values
    """
)
_REPORTED_LEAD_RE: Final = re.compile(
    # "Ambassador X, Spokesman for the Presidency, stated that the call addressed ...".
    r"[A-Z][^.;:\"“]{0,120}?\b[Ss]pokes(?:person|man|woman)\b[^.;:\"“]{0,80}?\s+(?:said|stated"
    r"|added|noted|explained|indicated|mentioned|affirmed|reported)\s+that\s+(?=[A-Z]|the\s)"
)
_HEADS_KEYS: Final = _word_set("heads presidents")
_HEAD_OFFICE_RE: Final = re.compile(
    r"(?<!Vice )(?<!Vice-)\b(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emir|Amir"
    r"|Sultan|Crown\s+Prince|Head\s+of\s+(?:State|Government)|Taoiseach)\b"
)
# Short forms some ministries use for their principal: "EAM welcomed ...".
ROLE_ABBREVIATIONS = {
    "EAM": "external affairs minister",
    "MoS": "minister of state",
    "PCS": "prime cabinet secretary",
    "PM": "prime minister",
    "FM": "foreign minister",
    "HR/VP": "high representative",
    "HRVP": "high representative",
}


class SentenceInfo:
    """A body sentence, text[start:end], of paragraph `paragraph` (-1: the opening sentence), and
    who says it. A plain class, not a NamedTuple: compiled, making one is a direct call."""

    def __init__(
        self, start: int, end: int, paragraph: int, speaker: int | None, joint: bool, head_end: int
    ) -> None:
        self.start = start
        self.end = end
        self.paragraph = paragraph
        self.speaker = speaker
        self.joint = joint
        self.head_end = head_end  # offset in the source where the sentence's subject ends

    def __repr__(self) -> str:
        return (
            f"SentenceInfo(start={self.start}, end={self.end}, paragraph={self.paragraph}, "
            f"speaker={self.speaker}, joint={self.joint}, head_end={self.head_end})"
        )


class SpeakerResolver:
    """Finds which participant a sentence's subject names.

    References ("wang yi", "the secretary", "the chinese side") are word tuples indexed by their
    first word, so resolving a subject is a few dictionary lookups rather than a regex per readout.
    """

    def __init__(self, participants: tuple[ParsedParticipant, ...], own_country: str | None):
        self.table: dict[tuple[str, ...], int | None] = {}
        self.roles: set[tuple[str, ...]] = set()
        # Country names: they speak for a participant only as the first words of a subject.
        self.countries: set[tuple[str, ...]] = set()
        self.participants = participants
        preferred = [i for i, p in enumerate(participants) if p.country == own_country]
        chosen = set(preferred)
        for i in preferred + [i for i in range(len(participants)) if i not in chosen]:
            self._add_participant(i, participants[i], i in chosen)
        guests = [i for i, p in enumerate(participants) if not p.is_host]
        if len(guests) == 1 and len(participants) > 1:
            # "The guest thanked Senegal": the one participant the others received.
            for key in _GUEST_REFS:
                self.table.setdefault(key, guests[0])
        # first word -> (length of its longest reference, {reference words: participant})
        self.by_first: dict[str, tuple[int, dict[tuple[str, ...], int]]] = {}
        by_first = self.by_first
        for ref, index in self.table.items():
            if index is not None:
                entry = by_first.get(ref[0])
                if entry is None:
                    by_first[ref[0]] = (len(ref), {ref: index})
                else:
                    entry[1][ref] = index
                    if len(ref) > entry[0]:
                        by_first[ref[0]] = (len(ref), entry[1])
        # Most subjects name nobody: one set test rules them out before any scanning.
        self.firsts = frozenset(self.by_first)
        # A given name that stands for its participant, with the keys of the name's other words:
        # "Mohamed" is "Mohamed bin Zayed", but "Mohamed El-Shenawy" is someone else.
        self.given: dict[tuple[str, ...], frozenset[str]] = {}
        for p in participants:
            if p.aliases and p.name and " " in p.name and p.name.split()[0] in p.aliases:
                words = _ref_key(p.name)
                self.given[words[:1]] = frozenset(words[1:])
        # A minister's first-person release ("Today I met X"): who "I" is.
        self.author: int | None = None
        self.participant_roles = [p.role for p in participants]
        # Each participant's sex as the text tells it ("f", "m", "" unknown; `learn_sexes`), and
        # the participants in the order they last spoke, the latest last: whom "she" means.
        self.sexes = [""] * len(participants)
        self.spoken: list[int] = []
        # Where the text a pronoun may look back to starts (`attribute` moves it on).
        self.previous = 0
        self.previous_joint = False  # "The two ministers discussed ...": all of them named

    def heads_take_part(self) -> bool:
        """Whether a head of state or government takes part: else "the two heads of state" are
        someone the speaker mentions."""
        return any(_HEAD_OFFICE_RE.search(role) for role in self.participant_roles if role)

    def add_courtesy_titles(
        self, text: str, participants: tuple[ParsedParticipant, ...], principals: int
    ) -> None:
        """ "His Highness affirmed ...": the one participant the text introduces with that
        courtesy title ("President His Highness Sheikh Mohamed bin Zayed") answers to it; one
        of the first `principals` (the opening's) before those named attending."""
        seen: dict[tuple[str, ...], int | None] = {}
        for m in _COURTESY_REF_RE.finditer(text):
            # The first name after the title, past other titles and an office ("His Excellency
            # Prime Minister and Minister of Foreign Affairs Sheikh Mohammed ...").
            near = text[m.end() : m.end() + 120]
            at = [(near.find(p.name.split()[0]), i) for i, p in enumerate(participants) if p.name]
            at = [(pos, i) for pos, i in at if pos >= 0]
            if not at:
                continue  # the title used as a reference, or before someone else
            first = min(at)[1]
            for key in _ABBREVIATED_TITLES.get(m.group(), (_ref_key(m.group()),)):
                before = seen.get(key, first)
                if before is None or before == first:
                    seen[key] = before
                else:
                    # Two answer to it: a principal before an attendee, else no one.
                    low, high = sorted((before, first))
                    seen[key] = low if low < principals <= high else None
        for key, who in seen.items():
            if who is None or key in self.table:
                continue
            self.table[key] = who
            size, refs = self.by_first.get(key[0], (0, {}))
            refs[key] = who
            self.by_first[key[0]] = (max(size, len(key)), refs)
        self.firsts = frozenset(self.by_first)

    def learn_sexes(self, text: str, participants: tuple[ParsedParticipant, ...]) -> None:
        """Sexes told by a title before a participant's name ("Ms. Karen Holmgaard", "Mr
        Eriksen"); a participant given both stays unknown. The titles are looked for, not the
        names: most texts have none."""
        if not any(needle in text for needle in _SEX_TITLE_NEEDLES):
            return  # most texts: a few substring scans instead of a regex tried everywhere
        names = [p.name.split() if p.name else [] for p in participants]
        told = [""] * len(participants)
        for m in _SEX_TITLE_RE.finditer(text):
            index = _titled(text[m.end() : m.end() + 80].split(None, 4)[:4], names)
            if index >= 0:
                sex = _SEX_TITLES[m.group(1)]
                told[index] = sex if told[index] in ("", sex) else "?"
        for i, sex in enumerate(told):
            if sex != "?":
                self.sexes[i] = sex

    def learn_sex(self, index: int, pronoun: str) -> None:
        """What a pronoun that can only mean this participant tells of them."""
        if not self.sexes[index]:
            self.sexes[index] = _PRONOUN_SEXES[pronoun]

    def spoke(self, index: int) -> None:
        spoken = self.spoken
        if spoken and spoken[-1] == index:
            return
        if index in spoken:
            spoken.remove(index)
        spoken.append(index)

    def pronoun_means(self, pronoun: str, last_person: int) -> int:
        """Whom "he" or "she" (or "his", "her") opening a sentence means: the last speaker,
        unless the text has told that speaker's sex otherwise; then the latest speaker of that
        sex, or the one participant known to be of it."""
        sexes = self.sexes
        sex = _PRONOUN_SEXES[pronoun]
        if sexes[last_person] in ("", sex):
            return last_person
        for index in reversed(self.spoken):
            if sexes[index] == sex:
                return index
        alike = [i for i, told in enumerate(sexes) if told == sex]
        if len(alike) == 1:
            return alike[0]
        unknown = [i for i, told in enumerate(sexes) if not told]
        return unknown[0] if len(unknown) == 1 else last_person

    def pronoun_after(self, text: str, pronoun: str, last_person: int, start: int) -> int | None:
        """Whom a pronoun opening the sentence at `start` means. After a sentence naming two
        participants with no one speaker ("X met Y. He said ..."), only the one of them the text
        tells to be of its sex; with no such one, nobody."""
        # Up to this sentence: a sentence between that is no statement counts too.
        before = self.previous
        if self.previous_joint:
            named = list(range(len(self.sexes)))
        else:
            named = self._named_in(text, before, start) if start > before else []
        if len(named) < 2:
            return self.pronoun_means(pronoun, last_person)
        sex = _PRONOUN_SEXES[pronoun]
        alike = [i for i in named if self.sexes[i] == sex]
        if len(alike) == 1:
            return alike[0]
        return None if alike or any(not self.sexes[i] for i in named) else last_person

    def _named_in(self, text: str, start: int, end: int) -> list[int]:
        """The participants a sentence names anywhere in it (not by their country's name)."""
        flat = [_word_key(token) for token in text[start:end].split()]
        named: list[int] = []
        i = 0
        while i < len(flat):
            match = self._match_at(flat, i) if flat[i] in self.by_first else None
            if match is None:
                i += 1
                continue
            ref, index = match
            if ref not in self.countries and index not in named:
                named.append(index)
            i += len(ref)
        return named

    def _add_participant(self, index: int, person: ParsedParticipant, preferred: bool) -> None:
        table = self.table
        # Looked up once per person, not once per reference.
        country_keys = _country_keys(person.country) if person.country else _NO_KEYS
        for key, strong, role in _participant_refs(person, preferred):
            if role:
                self.roles.add(key)
            if key in country_keys:
                self.countries.add(key)
            if key not in table:
                table[key] = index
            elif strong and table[key] != index:
                table[key] = None  # two people answer to it: not a usable reference

    def find(self, tokens: list[str], flat: list[str]) -> list[int]:
        """Participants named in a subject, given its tokens and their comparison keys."""
        found: list[int] = []
        by_first = self.by_first
        i = 0
        # Whether only country names (and "and", "the") came so far: "Chile and Norway agreed".
        countries_only = True
        while i < len(flat):
            match = self._match_at(flat, i) if flat[i] in by_first else None
            if match is None:
                countries_only = countries_only and flat[i] in _LIST_WORDS
                i += 1
                continue
            ref, index = match
            if (
                self.given
                and ref in self.given
                and i + 1 < len(flat)
                and tokens[i + 1][:1].isupper()
                and flat[i + 1] not in self.given[ref]
            ):
                i += 1  # a given name before another's surname: someone else
                continue
            if ref in self.countries and not countries_only:
                i += len(ref)  # "Prime Minister Imran Khan's visit to China": not China speaking
                continue
            countries_only = countries_only and ref in self.countries
            after = tokens[i + len(ref)] if i + len(ref) < len(tokens) else ""
            # "Prime Minister Imran Khan": the role of someone else named right after it.
            named_after = ref in self.roles and after[:1].isupper() and tokens[i][:1].isupper()
            if not named_after and index not in found:
                found.append(index)
            i += len(ref)
        return found

    def _match_at(self, flat: list[str], i: int) -> tuple[tuple[str, ...], int] | None:
        """The longest reference starting at word i."""
        entry = self.by_first.get(flat[i])
        if entry is None:
            return None
        longest, refs = entry
        for length in range(min(longest, len(flat) - i), 0, -1):
            ref = tuple(flat[i : i + length])
            index = refs.get(ref)
            if index is not None:
                return ref, index
        return None


def _participant_refs(
    person: ParsedParticipant, preferred: bool
) -> tuple[tuple[tuple[str, ...], bool, bool], ...]:
    """(reference words, strong, is a role) for every way the text may name this person."""
    names = tuple(
        (key, True, False)
        for key in (_ref_key(form) for form in (person.name, *person.aliases) if form)
        if key
    )
    return names + _office_refs(person.role, person.country, preferred)


@functools.lru_cache(maxsize=4096)
def _office_refs(
    role: str, country: str | None, preferred: bool
) -> tuple[tuple[tuple[str, ...], bool, bool], ...]:
    """References by office and side ("the Secretary", "the Chinese side"). Cached apart from
    names: names rarely recur across readouts, offices and countries always do.

    Each reference's key is put together from the keys of its parts (the key of "the Chinese
    foreign minister" is that of "the", of "Chinese" and of "foreign minister" in a row, as
    _ref_key reads word by word), not looked up whole: most are new to the key cache."""
    out: list[tuple[tuple[str, ...], bool, bool]] = []
    heads = role_heads(role)
    head_keys = [_ref_key(head) for head in heads]
    for head, key in zip(heads, head_keys, strict=True):
        out.append((_THE + key, preferred, True))
        if " " in head or head.isupper() or head in ROLE_ABBREVIATIONS:
            out.append((key, preferred, True))  # "EAM welcomed", "MoS conveyed": no "the"
    low = role.lower()
    for words, address in _ADDRESSES:
        if any(w in low for w in words):
            out += [(_ref_key(form), True, True) for form in address]  # "His Majesty": a Sultan
    leads = _LEADER_RE.search(role)
    if leads is not None and not _NOT_LEADER_RE.search(role):
        # "The Head of State thanked Portugal ...": the President of Ukraine.
        state = leads.group(1) is not None
        out.append((_HEAD_OF_STATE if state else _HEAD_OF_GOVERNMENT, True, True))
    # "the Chilean Foreign Minister" where both sides' ministers are Foreign Ministers.
    first = head_keys[:1] if head_keys and len(head_keys[0]) <= 3 else []
    side_heads = [*first, *head_keys[1:4], *_SIDE_HEADS]
    for word in _side_words(country):
        word_key = _ref_key(word)
        out += [(_THE + word_key + _SIDE, False, False), (word_key + _SIDE, False, False)]
        for key in side_heads:
            out.append((_THE + word_key + key, True, False))
    if country and _FOREIGN_MINISTER_RE.search(role):
        # "The Head of the Foreign Ministry of Kazakhstan noted ...", "the head of the Kazakh
        # foreign ministry": the country's foreign minister.
        for office in _FOREIGN_MINISTRIES:
            out += [
                (_HEAD_OF_THE + office + ("of",) + _ref_key(name), True, True)
                for name in names_for(country)
            ]
            out += [
                (_HEAD_OF_THE + _ref_key(word) + office, True, True)
                for word in _side_words(country)
            ]
    # "China supports ...", "The United States welcomed ...": the country speaks through its
    # principal (the first of its participants).
    out += [(_ref_key(name), False, False) for name in _country_names(country)]
    return tuple(entry for entry in out if entry[0])


_THE: Final = ("the",)
_HEAD_OF_THE: Final = ("the", "head", "of", "the")
_FOREIGN_MINISTRIES: Final = (("foreign", "ministry"), ("ministry", "of", "foreign", "affairs"))
_FOREIGN_MINISTER_RE: Final = re.compile(
    r"\bForeign\s+(?:Minister|Secretary)\b|\bMinister\s+(?:of|for)\s+(?:Foreign|External)\b"
    r"|\bExternal\s+Affairs\s+Minister\b"
)
_HEAD_OF_STATE: Final = ("the", "head", "of", "state")
_HEAD_OF_GOVERNMENT: Final = ("the", "head", "of", "government")
# Offices whose holder a readout may call "the Head of State" (group 1) or "the Head of
# Government", and offices of those words that lead no country.
_LEADER_RE: Final = re.compile(
    r"\b(?:(President|King|Queen|Emir|Amir|Sultan)|Prime\s+Minister|Premier|Chancellor"
    r"|Taoiseach)\b"
)
_NOT_LEADER_RE: Final = re.compile(
    r"\b(?:Vice|Deputy|Commission|Council|Parliament|Assembly|Bank|Court|Senate|Committee|Exchequer"
    r"|Congress|Party|Union|Federal\s+Chancellery)\b|Vice-"
)
_SIDE: Final = ("side",)
# Offices any country's side may be named by: "the Chinese delegation".
_SIDE_HEADS: Final = (
    ("delegation",),
    ("leader",),
    ("minister",),
    ("envoy",),
    ("diplomat",),
)
_GUEST_REFS: Final = (("the", "guest"), ("the", "visitor"), ("the", "visiting", "minister"))


_LIST_WORDS: Final = frozenset(["and", "the", "&", ""])
# How a text addresses a royal or the Pope once named: "Prime Minister Wong and His Majesty".
_ADDRESSES: Final = (
    (("king", "queen", "sultan", "emperor"), ("his majesty", "her majesty")),
    (("emir", "amir", "prince", "princess"), ("his highness", "her highness")),
    (("pope",), ("his holiness",)),
)
_NO_KEYS: Final[frozenset[tuple[str, ...]]] = frozenset()


def _country_names(country: str | None) -> list[str]:
    names = [name for name in names_for(country) if len(name.split()) <= 3]
    return names + [f"the {name}" for name in names]


@functools.lru_cache(maxsize=512)
def _country_keys(country: str) -> frozenset[tuple[str, ...]]:
    return frozenset(_ref_key(name) for name in _country_names(country))


_COURTESY_REF_RE: Final = re.compile(
    r"\b(?:(?:His|Her)\s+(?:Royal\s+)?(?:Highness|Excellency|Majesty|Holiness)\b"
    r"|H\.(?:R\.)?[HEM]\.)"
)
# The Gulf agencies' "H.H. Sheikh Abdullah bin Zayed" is "His Highness" thereafter.
_ABBREVIATED_TITLES: Final = {
    abbreviation: tuple((pronoun, *title.split()) for pronoun in ("his", "her"))
    for abbreviation, title in (
        ("H.H.", "highness"),
        ("H.E.", "excellency"),
        ("H.M.", "majesty"),
        ("H.R.H.", "royal highness"),
    )
}
# Titles before a name that tell its bearer's sex ("Ms. Karen Holmgaard", "Mr Eriksen").
_SEX_TITLES: Final = {
    **dict.fromkeys(
        ("Ms", "Mrs", "Miss", "Madam", "Madame", "Mme", "Dame", "Lady", "Baroness"), "f"
    ),
    **dict.fromkeys(("Mr", "Sir", "Lord", "Monsieur", "Baron"), "m"),
}
_PRONOUN_SEXES: Final = {"she": "f", "her": "f", "he": "m", "his": "m"}
_SEX_TITLE_NEEDLES: Final = (
    "Ms",
    "Mr",
    "Miss ",
    "Madam",
    "Mme",
    "Dame ",
    "Lady ",
    "Baron",
    "Sir ",
    "Lord ",
    "Monsieur",
)
_SEX_TITLE_RE: Final = re.compile(
    r"\b(Ms|Mrs|Miss|Madam|Madame|Mme|Dame|Lady|Baroness|Mr|Sir|Lord|Monsieur|Baron)\b\.?\s+"
)


def _titled(words: list[str], names: list[list[str]]) -> int:
    """Which participant the words after a title name: their surname, after none but their other
    names ("Karen Holmgaard" or "Holmgaard" for Karen Holmgaard); -1 for no one."""
    for index, name in enumerate(names):
        if not name:
            continue
        for word in words:
            bare = word.rstrip(",.;:").removesuffix("'s").removesuffix("’s")
            if bare == name[-1]:
                return index
            if bare not in name:
                break
    return -1


def _word_key(token: str) -> str:
    """ "Qureshi's," -> "qureshi": how a token of a sentence is compared with references.

    Worked out each time, not remembered: a readout's subjects hold many words seen nowhere
    else, and a lookup in a table of every token seen so far cost more than these four calls.
    An initial run into the name ("Y.Sadykov", Mongolia's style) is left out: "sadykov"."""
    key = token.lower().strip(_PUNCTUATION).removesuffix("'s").removesuffix("’s")
    if key[1:2] == "." and len(key) > 3 and key[2:].isalpha():
        return key[2:]
    return key


@functools.lru_cache(maxsize=4096)
def _ref_key(ref: str) -> tuple[str, ...]:
    return tuple(key for key in (_word_key(t) for t in ref.split()) if key)


def _side_words(code: str | None) -> tuple[str, ...]:
    """Demonyms and short names only: "the Chinese side", "the China side" are both seen."""
    if not code:
        return ()
    return tuple(w for w in demonyms_for(code) if len(w.split()) <= 2)[:3]


_FOREIGN_AFFAIRS_RE: Final = re.compile(r"\bMinister (?:of|for) Foreign Affairs\b")


# Offices named before their rank: "the Ambassador" is the "Ambassador Extraordinary ...".
_HEADS_BEFORE_RANK: Final = frozenset(["Ambassador", "Envoy"])
_ROLE_PARTS_RE: Final = re.compile(r"\s+and\s+|/|,\s*|\s+[-–]\s+")
_ROLE_CORE_RE: Final = re.compile(r"\s+(?:of|for|to)\s+")
_SECOND_RANKS: Final = frozenset(["Vice", "Deputy", "Assistant", "Under", "Vice-"])
# A part of an office that names an office itself, not one of its fields.
_OFFICE_HEAD_RE: Final = re.compile(
    r"(?i:minister|secretary|president|premier|chancellor|ambassador|advis[eo]r|representative"
    r"|commissioner|chair|king|queen|prince|princess|emir|amir|sultan|governor|director|envoy"
    r"|spokes|leader|head|counsel+or|council+or|deputy|vice|member|chief|speaker|senator|mayor"
    r"|officer|coordinator|negotiator|sherpa|consul|attach[ée]|general|state|counterpart"
    r"|taoiseach|t[áa]naiste)"
)


def role_heads(role: str) -> tuple[str, ...]:
    """ "State Councilor and Foreign Minister" -> ("State Councilor and Foreign Minister",
    "Foreign Minister", "Minister", ...): forms "the ..." may take later in the text."""
    if not role:
        return ()
    forms = [role]
    first, _, rest = role.partition(" ")
    if rest and len(first) > 1 and first.isupper():
        forms.append(rest)  # "NATO Secretary General" is "the Secretary General"
    for part in reversed(_ROLE_PARTS_RE.split(role)):
        core = _ROLE_CORE_RE.split(part)[0]
        if not _OFFICE_HEAD_RE.search(core):
            continue  # "Pacific" of "Minister for International Development and the Pacific"
        forms += [part, core]
        words = core.split()
        if len(words) > 1 and words[0] not in _SECOND_RANKS:
            forms.append(words[-1])  # not "Vice President" as "the President"
            if words[0] in _HEADS_BEFORE_RANK:
                forms.append(words[0])  # "Ambassador Extraordinary and Plenipotentiary"
    for short, long in ROLE_ABBREVIATIONS.items():
        if long in role.lower():
            forms.append(short)
    if _FOREIGN_AFFAIRS_RE.search(role):
        forms.append("Foreign Minister")  # "Minister for Foreign Affairs" is "the Foreign Minister"
    return tuple(dict.fromkeys(f.strip() for f in forms if f.strip()))


def attribute(
    text: str,
    spans: list[tuple[int, int, int]],
    resolver: SpeakerResolver,
    first_speaker: int | None = None,
) -> list[SentenceInfo]:
    """Speaker for each (start, end, paragraph) sentence; unmarked sentences continue the last.

    A line that only introduces a quotation ("Foreign Secretary David Lammy said:") is no
    sentence of its own: its speaker is the quotation's, however the quotation opens."""
    infos: list[SentenceInfo] = []
    current: int | None = first_speaker
    last_person: int | None = first_speaker
    introduced: int | None = None  # the speaker of an introducing line, for the quotes under it
    # (speaker, paragraph) of the last sentence whose subject named its speaker.
    named: tuple[int, int] | None = None
    # The paragraph of an introduced quotation left open by the last sentence.
    quoting = -1
    for start, end, para in spans:
        resolved: tuple[int | None, bool, int, bool | str]
        label: re.Match[str] | None = None
        quoted = quoting == para and current is not None
        if quoted:
            # 'The Tánaiste said: "I was pleased to welcome the Minister. Jordan plays a vital
            # role ...': the quotation's next sentence is still its speaker's, whatever it
            # opens with.
            resolved = (current, False, start, True)
        elif introduced is not None and text[start : start + 1] in _OPENING_QUOTES:
            resolved = (introduced, False, start, True)
            quoted = True
        else:
            introduced = None
            if start == 0 or text[start - 1] == "\n":
                label = transcript_label(text, start)
            if label is not None:
                # "SECRETARY HARTWELL: Well, good afternoon ...": the labelled one's remarks, the
                # whole paragraph of them (whoever else its sentences open with).
                resolved = (_label_speaker(label.group(), resolver), False, label.end() + 1, True)
            else:
                resolved = _resolve(text, start, end, resolver, last_person)
        speaker, joint, head_end, marked = resolved
        # A sentence whose subject named its speaker holds the floor for a pronoun after it;
        # any other ("X met Y.", "X and Y discussed ...") leaves it open to whom it names.
        resolver.previous = end if speaker is not None and marked is True else start
        resolver.previous_joint = speaker is None and joint and marked is True
        if marked == "narration":
            # Who attended is told, not said: no statement (paragraph -1, as the opening's),
            # and the speaker before it holds the floor after it.
            infos.append(SentenceInfo(start, end, -1, None, False, head_end))
            continue
        if marked == "they":
            speaker, joint, marked = current, current is None, True
        if (
            not marked
            and not quoted
            and (not infos or infos[-1].paragraph != para)
            and _names_an_outsider(text, start, end, resolver)
        ):
            # "The Director General for ASEAN Cooperation, Ms. Dewi Kartika, briefed ...": a
            # paragraph opened by someone who is no participant is not the last speaker's, nor
            # is "She" after it.
            speaker, joint, marked = None, False, True
            last_person = None
        if not marked:
            speaker, joint = current, current is None and bool(infos) and infos[-1].joint
        current = speaker
        # A quotation left open: an introduced one, or one that opens the sentence ('"Sweden's
        # support is steadfast. Ukraine's fight is our fight," said X.'): its next sentences
        # are its speaker's, whatever they open with.
        # (Not a paragraph opening a quotation that runs on into the next paragraphs, as
        # Downing Street's do: its clauses keep their own subjects.)
        opens = quoted or (
            speaker is not None
            and text[start : start + 1] in _OPENING_QUOTES
            and _closes_in_line(text, end)
        )
        labelled = label is not None and speaker is not None
        open_after = labelled or (opens and _leaves_quote_open(text, start, end, quoting == para))
        quoting = para if open_after else -1
        if speaker is not None:
            named = _learn_sex(
                text, start, head_end, end, speaker, resolver, named if marked else None, para
            )
            last_person = speaker
            resolver.spoke(speaker)
            if _introduces(text, start, end):
                introduced = speaker
                continue
        infos.append(SentenceInfo(start, end, para, speaker, joint, head_end))
    return infos


def _names_an_outsider(text: str, start: int, end: int, resolver: SpeakerResolver) -> bool:
    """Whether the sentence's subject is an official who is no participant: an office or a title
    followed by a name or by more of the office, before a reporting verb."""
    body = text[start : min(end, start + _HEAD_LIMIT)]
    tokens, keys = _head(body)
    if not tokens or len(tokens) >= 16 or len(tokens) == body.count(" ") + 1:
        return False  # no reporting verb: no subject to read
    titled = False
    for token in tokens:
        bare = token.strip(",.;:()")
        if is_role_word(token) or bare in _TITLES:
            # An office word or a title ("Director", "Ms."), not the words that join them.
            titled = titled or bare.lower() not in _ROLE_JOINERS
        elif titled and bare[:1].isupper() and lookup_country(bare) is None:
            return not resolver.find(tokens, keys)
    return False


_TITLES: Final = frozenset(["Mr", "Ms", "Mrs", "Dr", "H.E", "HE", "Hon", "Amb"])
_ROLE_JOINERS: Final = frozenset(["", "the", "of", "for", "and", "&", "in", "to", "on"])


def _learn_sex(
    text: str,
    start: int,
    head_end: int,
    end: int,
    speaker: int,
    resolver: SpeakerResolver,
    named: tuple[int, int] | None,
    para: int,
) -> tuple[int, int] | None:
    """What a sentence tells of its speaker's sex: "Minister Wierzbicki stressed ... He called
    for ..." (a pronoun right after a sentence naming that speaker, in the same paragraph) and
    "Prime Minister Whitford briefed his counterpart". Returns the sentence's `named` for the
    next one."""
    if text[start : start + 1] in ("H", "S"):
        pronoun = text[start : start + 4].split(" ", 1)[0].lower()
        if pronoun in ("he", "she"):
            if named is not None and named == (speaker, para):
                resolver.learn_sex(speaker, pronoun)
            return None
    if text.find("counterpart", start, end) >= 0:
        m = _COUNTERPART_OF_RE.search(text, head_end, end)
        if m is not None and not any(ch.isupper() for ch in text[head_end : m.start()]):
            # "Minister X briefed his counterpart", not "Minister X said President Y welcomed
            # his counterpart": no other name between the subject and the possessive.
            resolver.learn_sex(speaker, m.group(1))
    return (speaker, para)


# "his counterpart", "her Polish counterpart": the subject's own.
_COUNTERPART_OF_RE: Final = re.compile(r"\b(his|her)\s+(?:[A-Z][\w'’-]*\s+)?counterparts?\b")


def _closes_in_line(text: str, end: int) -> bool:
    """Whether a quotation mark follows `end` before the line ends: a quotation closed further
    on in its paragraph."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return text.find('"', end, line_end) >= 0 or text.find("”", end, line_end) >= 0


def transcript_label(text: str, start: int) -> re.Match[str] | None:
    """The speaker's label opening a line of a transcript ("FOREIGN MINISTER EIDE: ..."), if any."""
    return _LABEL_RE.match(text, start) if "A" <= text[start + 1 : start + 2] <= "Z" else None


def _label_speaker(label: str, resolver: SpeakerResolver) -> int | None:
    """The participant a transcript's label names: by name or office, else by surname."""
    found = _named(label.title(), resolver)
    if found is None:
        # A surname printed alone only in the label's capitals is no alias of the text's.
        surname = _word_key(label.split()[-1])
        alike = [
            i
            for i, p in enumerate(resolver.participants)
            if p.name and _word_key(p.name.split()[-1]) == surname
        ]
        found = alike[0] if len(alike) == 1 else None
    return found


# A transcript's label opening a line, capitals and a colon: "SECRETARY HARTWELL:", not a press
# briefing's "Q:" nor a heading's words.
_LABEL_RE: Final = re.compile(r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]*){0,5}(?=:\s)")


def _leaves_quote_open(text: str, start: int, end: int, was_open: bool) -> bool:
    """Whether a quotation is open after text[start:end]: the last curly mark decides, and an
    odd number of straight ones turns it over."""
    if '"' not in text[start:end] and "“" not in text[start:end] and "”" not in text[start:end]:
        return was_open
    opened = text.rfind("“", start, end)
    closed = text.rfind("”", start, end)
    is_open = opened > closed if opened != closed else was_open
    if text.count('"', start, end) % 2:
        is_open = not is_open
    return is_open


def _introduces(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] only introduces a quotation: a few words ending "said:"."""
    return (
        text[end - 1 : end] == ":"
        and _INTRODUCES_RE.search(text, max(start, end - 40), end) is not None
        and text.count(" ", start, end) < _INTRODUCER_WORDS
    )


_INTRODUCER_WORDS: Final = 12
# "Foreign Secretary David Lammy said:", "The Prime Minister added:" over a quotation.
_INTRODUCES_RE: Final = re.compile(
    r"\b(?:said|says|added|adds|stated|states|commented|remarked|declared)"
    r"(?:\s+(?:today|yesterday|afterwards|after\s+the\s+(?:meeting|talks|call)|on\s+arrival"
    r"|before\s+(?:departing|departure|the\s+(?:meeting|talks))|in\s+[A-Z][\w'’-]*))?\s*:$"
)


def _resolve(
    text: str, start: int, end: int, resolver: SpeakerResolver, last_person: int | None
) -> tuple[int | None, bool, int, bool | str]:
    """(speaker, joint, head end, whether the subject was recognised at all)."""
    sentence = text[start : min(end, start + 300)]
    offset = 0
    if not sentence[:1].isalpha() or sentence[1:2] in (".", ")"):
        bullet = BULLET_RE.match(sentence)
        offset = bullet.end() if bullet else 0
        # A spokesperson's quoted paragraphs: '"The leaders agreed ...'.
        while sentence[offset : offset + 1] in _OPENING_QUOTES and offset < len(sentence):
            offset += 1
        if offset and not bullet:
            said = _quote_speaker(text, start, end, resolver, last_person)
            if said is None:
                said = _signed_below(text, start + offset, sentence[offset - 1], resolver)
            if said is None:
                said = _said_after_close(text, start + offset, sentence[offset - 1], resolver)
            if said is not None:
                quoted = sentence[offset:]
                agreed = _THEY_AGREED_RE.match(quoted) if quoted[:2] == "We" else None
                if agreed:
                    # '"We agreed to refresh ...," Mr Peters says.': both sides, in his words.
                    return None, True, min(start + offset + agreed.start("verb"), end), True
                return said, False, start + offset, True
    if sentence.find("pokes", offset, offset + 160) >= 0:
        # "The spokesperson said that Minister Abdelatty welcomed ...": what the minister did.
        reported = _REPORTED_LEAD_RE.match(sentence, offset)
        if reported:
            offset = reported.end()
    if (
        sentence[offset : offset + 1] in _LEAD_INITIALS
        and _first_word(sentence, offset) in _LEAD_WORDS
    ):
        lead = _LEAD_CLAUSE_RE.match(sentence, offset)
        if lead:
            offset = lead.end()
    body = sentence[offset : offset + _HEAD_LIMIT]
    if offset and body[:1].islower():
        # "During the call, they reviewed ...", "During the visit, the Prime Minister also
        # called on ...": the subject after the lead clause, read as if it opened the sentence.
        body = body[:1].upper() + body[1:]
    tokens, keys = _head(body)
    head_chars = _printed_length(tokens)
    # A subject that said, noted or stressed something is no one's attendance: the narration
    # checks below (a dozen substring scans) are skipped for it.
    verb_end = body.find(" ", head_chars + 1)
    speaking = body[head_chars + 1 : verb_end if verb_end > 0 else len(body)] in _SPEAKING_VERBS
    if (
        not speaking
        and ("joined by" in body or "accompanied by" in body or "supported by" in body)
        and _PRESENT_RE.match(body)
    ):
        # "The ministers were joined by their political directors": narration, whatever the
        # subject (a group of them would otherwise speak jointly).
        return None, False, start + offset, "narration"
    if (" spoke " in body or " talked " in body) and _TO_THE_PRESS_RE.search(
        text, max(start, end - 80), end
    ):
        return None, False, start + offset, "narration"
    last = text[text.rfind(" ", start, end) + 1 : end].rstrip(". ")
    if last in _ATTENDANCE_WORDS and (
        (len(tokens) == 16 and _ATTENDED_RE.search(text, max(start, end - 40), end))
        or (not speaking and _ATTENDED_MEETING_RE.search(text, max(start, end - 60), end))
    ):
        # "Foreign Minister X of A, Minister Y of B and Secretary Z of C attended.": a subject
        # too long to find its verb in, and the release's narration all the same; so is "X, of
        # two offices, also took part in the meeting."
        return None, False, start + offset, "narration"
    # Each head token and the space after it (there is always one: the first key is kept).
    head_end = min(start + offset + head_chars + 1, end)
    if resolver.author is not None and _AND_I_RE.match(body):
        # "Secretary Manalo and I agreed ...": the author with the counterpart, both sides.
        return None, True, head_end, True
    if resolver.author is not None and _FIRST_PERSON_RE.search(sentence):
        # "Indonesia is one of Australia's most important partners, and I congratulated ...":
        # the author's words, whatever country the sentence opens with.
        return resolver.author, False, head_end, True
    group = None
    if _names_group(keys):
        group = group_subject_countries(body)
    elif (
        len(keys) > 3
        and (keys[1] in _OFFICIALS_KEYS or keys[2] in _OFFICIALS_KEYS)
        and "of" in keys[2:4]
    ):
        # "The Directors-General of France and Germany said ...": the officials of each.
        group = officials_subject_countries(body)
    if group is not None:
        # "The E3 ministers urged Iran ...": all sides only if the group's members are.
        present = {p.country for p in resolver.participants}
        return None, bool(present) and present <= group, head_end, True
    if keys[0] in _JOINT_WORDS and (keys[0] != "the" or _JOINT_KEYS.intersection(keys[1:5])):
        joint = JOINT_SUBJECT_RE.match(body)
        if joint and not _HEADS_KEYS.isdisjoint(keys[:5]) and not resolver.heads_take_part():
            # "The two heads of state reached important common understandings" in a vice
            # minister's paragraph: the leaders he speaks of, not the two sides.
            return None, False, head_end, False
        if joint and not (
            _MODAL_RE.match(body, joint.end()) or _WORD_THEN_MODAL_RE.match(body, joint.end())
        ):
            return None, True, head_end, True
    if keys[0] in _COURTESY_FIRSTS:
        tokens, keys = _past_courtesy(tokens, keys)
    found = [] if resolver.firsts.isdisjoint(keys) else resolver.find(tokens, keys)
    if len(found) > 1 and ("and" in keys or "&" in keys):
        if _countries_only(tokens) and not _COUNTRIES_AGREE_RE.match(body, head_chars):
            # "China and Spain are both countries with a long history": the current speaker's
            # words about both countries, not both sides speaking.
            return None, False, head_end, False
        return None, True, head_end, True
    if found and "and" in keys and not _GROUP_WORDS.isdisjoint(keys):
        # "The Secretary and his counterparts agreed ...", "The Secretary and the Foreign
        # Ministers reaffirmed ...": one side with all the others.
        return None, True, head_end, True
    if resolver.author is not None and (
        (found and "and" not in keys and _countries_only(tokens) and _IS_RE.match(body, head_chars))
        or (not found and body[:3] != "We " and _OWN_WORDS_RE.search(sentence))
    ):
        # A first-person release narrates in its author's voice: "Indonesia is one of
        # Australia's closest neighbours", "This was my first visit to Indonesia" (but
        # "Indonesia agreed that ..." is the counterpart's, and "We discussed our ..." both's).
        return resolver.author, False, head_end, True
    if found and len(found) == 1 and "and" in keys and _names_outsider(tokens, keys, resolver):
        # "President Xi and Prime Minister Lee reached consensus last year": a mention inside
        # the current speaker's statement, not a new speaker.
        return None, False, head_end, False
    if found and "side" in keys and _MODAL_RE.match(body, head_chars):
        # "The U.S. side should ..." inside Xi's paragraph: his demand, not the U.S. speaking.
        return None, False, head_end, False
    if not speaking and _may_be_present(body) and _PRESENT_RE.match(body):
        # "Wang Yi was present at the meeting", "Minister X also joined the call": narration.
        return None, False, head_end, "narration"
    if found:
        return found[0], False, head_end, True
    if keys[0] in _PRONOUNS and last_person is not None:
        return resolver.pronoun_after(text, keys[0], last_person, start), False, head_end, True
    agreed = _THEY_AGREED_RE.match(body) if body[:1] in ("W", "T") else None
    if agreed is None and body[:2] == "We":
        # The whole sentence, not the head's first 100 characters: the agreeing verb comes late.
        agreed = _WE_LATER_RE.match(sentence[offset:])
    if agreed:
        # The subject ends where the agreeing verb starts ("We call on ..." has no head verb).
        return None, True, min(start + offset + agreed.start("verb"), end), True
    if (
        body[:3] == "We "
        and resolver.author is None
        and sentence[:1] not in _OPENING_QUOTES
        and not _closes_quote(sentence)
    ):
        # "We strongly oppose ..." in a joint statement ("We, the Foreign Ministers of ..."):
        # no author speaks alone, so "we" is all sides (but not inside someone's quotation).
        return None, True, head_end, True
    if body[:1] in ("T", "W") and _THEY_EXCHANGED_RE.match(body):
        return None, True, head_end, True  # "They discussed ...", "We discussed ...": both
    if body[:1] == "T" and _THEY_RE.match(body):
        return None, True, head_end, "they"
    verb = _joint_agreement(body) if keys[0] in _AGREEMENT_OPENERS or "and" in keys else None
    if verb is not None:
        return None, True, min(start + offset + verb, end), True
    return None, False, head_end, False


# Officials a subject can name by the countries they are of (ministers and leaders are read as
# the sides' principals further on).
_OFFICIALS_KEYS: Final = frozenset(["directors", "directors-general"])


def _names_group(keys: list[str]) -> bool:
    """Whether a subject's words name a group of countries: "the E3 ...", "E3 Foreign Ministers
    ...", "Iran and the E3 ..." (compared, not hashed: most subjects name none)."""
    after_and = len(keys) > 3 and keys[1] == "and"
    for key in GROUP_KEYS:
        if keys[0] == key or (len(keys) > 1 and keys[1] == key):
            return True
        if after_and and (keys[2] == key or keys[3] == key):
            return True
    return False


# "H.E. Ambassador, for his part, conveyed ...", "His Excellency the Ambassador said ...": a
# courtesy title before an office; the office tells who speaks (the title is everyone's).
_COURTESY_FIRSTS: Final = _word_set("h.e his her")


def _past_courtesy(tokens: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    """The subject read as "the <office> ..." where a courtesy title opens it before an office."""
    skip = 1 if keys[0] == "h.e" else 2 if keys[1:2] == ["excellency"] else 0
    if skip and keys[skip : skip + 1] == ["the"]:
        skip += 1
    if not skip or skip >= len(tokens):
        return tokens, keys
    office = tokens[skip].rstrip(",")
    if not (office[:1].isupper() and is_role_word(office)):
        return tokens, keys
    return ["the", *tokens[skip:]], ["the", *keys[skip:]]


def _closes_quote(sentence: str) -> bool:
    """Whether a sentence ends a quotation opened before it: a closing mark without its opener."""
    return ("”" in sentence and "“" not in sentence) or sentence.count('"') % 2 == 1


def _may_be_present(body: str) -> bool:
    """Whether _PRESENT_RE can match: one of its words is in the head (substring scans)."""
    return (
        "present" in body
        or "attend" in body
        or "joined" in body
        or "accompanied" in body
        or "supported by" in body
        or "included" in body
        or "took part" in body
        or "participated" in body
        or "visit" in body
        or "travel" in body
        or "called on" in body
        or "courtesy call" in body
        or "took place" in body
        or " held " in body
        or "chaired by" in body
        or "will call" in body
        or "will also" in body
        or "will meet" in body
        or " is in " in body
        or " are in " in body
    )


def _quote_speaker(
    text: str, start: int, end: int, resolver: SpeakerResolver, last_person: int | None
) -> int | None:
    """'"China is our largest trading partner," Mr McClay said.': a quotation whose speaker is
    named after it, not by its first words; '"...," he said, adding that ...': the one who
    spoke last."""
    m = SAID_AFTER_RE.search(text, max(start, end - 120), end)
    if m is not None:
        return _named(m.group("who"), resolver)
    m = _SAID_NEXT_RE.search(text, start, end)
    if m is None:
        return None
    who = m.group("who") or m.group("after")
    if who in ("he", "she"):
        return last_person if last_person is None else resolver.pronoun_means(who, last_person)
    return _named(who, resolver)


# A quotation signed on the line under it, as Global Affairs Canada prints its quotes:
# '“Mexico is a key partner for Canada. ...”' and then '- Mélanie Joly, Minister of Foreign
# Affairs'. Matched right after the closing quotation mark.
SIGNED_BELOW_RE: Final = re.compile(
    r"[ \t]*\n\s*[-–—][ \t]*(?P<who>[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,5})"
    r"[ \t]*(?:,[^\n]*)?(?=\n|$)"
)
_CLOSING_QUOTES: Final = {"“": "”", "‘": "’", '"': '"', "'": "'"}
_QUOTE_REACH: Final = 3000


def _signed_below(text: str, start: int, opener: str, resolver: SpeakerResolver) -> int | None:
    """The speaker of a quotation opening at `start`, from a signature line under it."""
    close = text.find(_CLOSING_QUOTES[opener], start, start + _QUOTE_REACH)
    if close < 0:
        return None
    m = SIGNED_BELOW_RE.match(text, close + 1)
    return None if m is None else _named(m.group("who"), resolver)


def _said_after_close(text: str, start: int, opener: str, resolver: SpeakerResolver) -> int | None:
    """The speaker of a quotation of several sentences opening at `start`, named after it closes
    in the same paragraph ('"Our cooperation matters. It is important," Minister X said.')."""
    close = text.find(_CLOSING_QUOTES[opener], start, start + _QUOTE_REACH)
    if close < 1 or text.find("\n", start, close) >= 0:
        return None
    stop = text.find("\n", close)
    stop = len(text) if stop < 0 else stop
    m = _SAID_AFTER_CLOSE_RE.match(text, close - 1, stop)
    return None if m is None else _named(m.group("who"), resolver)


def signs_quotation(text: str, quotation_end: int, line: Span) -> bool:
    """Whether paragraph `line` is the signature under a quotation ending at `quotation_end`
    ("- Mélanie Joly, Minister of Foreign Affairs"): who said it, no statement of its own."""
    if text[line.start : line.start + 1] not in _DASHES:
        return False
    end = len(text[:quotation_end].rstrip())
    if text[end - 1 : end] not in _CLOSING_QUOTES.values():
        return False
    m = SIGNED_BELOW_RE.match(text, end)
    return m is not None and m.end() >= len(text[: line.end].rstrip())


_DASHES: Final = frozenset("-–—")


def _named(who: str, resolver: SpeakerResolver) -> int | None:
    """The one participant a name or title ("Mr McClay", "Mélanie Joly") refers to, if any."""
    tokens = who.split()
    keys = [_word_key(t) for t in tokens]
    if resolver.firsts.isdisjoint(keys):
        return None
    found = resolver.find(tokens, keys)
    return found[0] if len(found) == 1 else None


# What follows a quotation's closing mark: a reporting verb, the speaker's words ("the Prime
# Minister", "Mr McClay"), the verb after them.
_SAID: Final = "said|added|says|noted|stated"
_SPEAKER_WORDS: Final = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,5}?"
_QUOTE_CLOSED: Final = r"[\"”’']\s+"
# '...," Mr X said.', '...," the Prime Minister added.', '...," said Minister X.'
SAID_AFTER_RE: Final = re.compile(
    rf"[,.!?]{_QUOTE_CLOSED}(?:(?:{_SAID})\s+)?(?P<who>{_SPEAKER_WORDS})"
    rf"(?:\s+(?:{_SAID}|continued))?\.?\s*$"
)
# The same, matched right at the quotation's close up to the sentence's end: '..., Minister
# Valtonen said after the call.'
_SAID_AFTER_CLOSE_RE: Final = re.compile(
    rf"[,!?]{_QUOTE_CLOSED}(?:(?:{_SAID})\s+)?(?P<who>{_SPEAKER_WORDS})"
    rf"(?:\s+(?:{_SAID}|continued))?"
    r"(?:\s+(?:after|before|at|during|following|in|on|today|yesterday)\b[^.\n]{0,40})?(?:\.|\s*$)"
)
# '..." he said, adding that ...': the quotation's speaker right after it, the sentence going on;
# '..." said Tajani, who also announced ...'.
_SAID_NEXT_RE: Final = re.compile(
    rf"[,!?]{_QUOTE_CLOSED}(?:(?P<who>he|she|{_SPEAKER_WORDS})"
    rf"\s+(?:{_SAID}|continued|stressed|emphasi[sz]ed)\b"
    rf"|(?:{_SAID})\s+(?P<after>{_SPEAKER_WORDS})(?=,|\s+(?:who|adding)\b))"
)
_OWN_WORDS_RE: Final = re.compile(r"\b(?:my|our)\s+[a-z]")
_IS_RE: Final = re.compile(r"\s*(?:is|was|are|were|remains|has\s+been|have\s+been)\b")
_AND_I_RE: Final = re.compile(r"(?:[A-Z][\w'’.-]*\s+){1,6}and\s+I\s+[a-z]")
_FIRST_PERSON_RE: Final = re.compile(
    r"(?<![\w'’.])I\s+(?:[a-z]+ed|am|have|had|will|was|would|met|spoke|told|said|made|took"
    r"|also|welcome|thank|look)\b"
)


def _countries_only(tokens: list[str]) -> bool:
    """Whether a subject is only country names joined by "and" ("China and Spain")."""
    parts = " ".join(tokens).replace(" & ", " and ").split(" and ")
    return all(lookup_country(part.strip(" ,")) for part in parts)


# Countries as a subject speak jointly when they agree, decide or sign something.
_COUNTRIES_AGREE_RE: Final = re.compile(
    r"\s*(?:(?:also|further|jointly|both|all|have|had|will|would|today)\s+)*"
    r"(?:agreed|agree|reaffirmed|reaffirm|affirmed|committed|commit|pledged|decided|resolved"
    r"|vowed|signed|reached|concurred|called|issued|adopted|endorsed|welcomed|expressed)\b"
)


def _printed_length(tokens: list[str]) -> int:
    """len(" ".join(tokens)) without making the string."""
    length = len(tokens) - 1
    for token in tokens:
        length += len(token)
    return length


def _joint_agreement(body: str) -> int | None:
    """ "It was agreed that ...", "The two countries agreed ...", "India and Japan agreed ...":
    an agreement of both sides whose subject names no participant; where its verb starts."""
    m = _JOINT_AGREEMENT_RE.match(body)
    if not m:
        return None
    if m.group("a") and not (lookup_country(m.group("a")) and lookup_country(m.group("b"))):
        return None
    return m.start("verb") if m.group("verb") else m.start("verb2")


def _names_outsider(tokens: list[str], keys: list[str], resolver: SpeakerResolver) -> bool:
    """True when one of the "A and B" people in a subject is named but is no participant."""
    parts: list[list[int]] = [[]]
    for i, key in enumerate(keys):
        if key == "and":
            parts.append([])
        elif tokens[i][:1].islower() and key not in _ROLE_LINKS:
            break  # the subject ends at the verb
        else:
            parts[-1].append(i)
    for part in parts:
        names = [i for i in part if tokens[i][:1].isupper() and not is_role_word(tokens[i])]
        if names and not resolver.find([tokens[i] for i in part], [keys[i] for i in part]):
            return True
    return False


_ROLE_LINKS: Final = _word_set("of the for")
_GROUP_WORDS: Final = _word_set("counterpart counterparts ministers leaders")


def _head(body: str) -> tuple[list[str], list[str]]:
    """Tokens of the subject, up to 16 before the first reporting verb, and their keys.

    A verb counts from the second token to the fifteenth; with none there the subject is the
    first 16 tokens. (Lower-casing keeps the length except for a dotted capital I: that rare text
    stops at a verb anywhere in the 16 tokens.)"""
    tokens = body.split(" ", 16)
    if len(tokens) > 16:
        tokens.pop()  # the rest of the body
    if not body.isascii() and len(body.lower()) != len(body):
        found = _head_keys(tokens)
        return tokens[: len(found)], found
    verbs = HEAD_VERBS
    keys: list[str] = []
    for i in range(len(tokens)):
        key = _word_key(tokens[i])
        if 0 < i < 15 and key in verbs and not _is_capitalised(tokens[i]):
            return tokens[:i], keys
        keys.append(key)
    return tokens, keys


def _is_capitalised(token: str) -> bool:
    """ "Said" inside a subject is a name ("Foreign Minister Said said"), not the verb; a verb in
    capitals ("SAID") is still one."""
    return token[:1].isupper() and not token.isupper()


def _head_keys(tokens: list[str]) -> list[str]:
    """Comparison keys of the subject's tokens: those before the first reporting verb."""
    keys: list[str] = []
    for token in tokens:
        key = _word_key(token)
        if key in HEAD_VERBS and keys and not _is_capitalised(token):
            break
        keys.append(key)
    return keys


def _first_word(text: str, offset: int) -> str:
    return text[offset : offset + 20].split(" ", 1)[0].rstrip(",").lower()
