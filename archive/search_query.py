"""The search box's query language: any text read into a small tree (`Query`), in Python.

    words          all must match            wang qureshi
    "a phrase"     words next to each other  "Economic Corridor"
    OR             either side               terrorism OR extremism
    -word          must not match            Ukraine -Pakistan
    -"a phrase"    must not match            talks -"phone call"
    -a OR b        neither may match         talks -Pakistan OR India
    word*          prefix (3+ letters)       terror*

Any input, however malformed, gives a valid query or an empty one (no search): operators the
language does not have (`& | ! ( ) :`) are read as spaces, unbalanced quotes close at the end, and
the number and length of terms are capped. A country's name is searched with its other names.

An OR joins the term after it to the clause before it, an exclusion too: `-a OR b` excludes both,
as `-"a b"` excludes the whole phrase, and is said "without “a” or “b”". Read as words of their
own, "not a, or b" would match nearly every readout (all those without "a"), which no one searching
means, and "a" would be excluded without "b" being asked for. An exclusion after an OR (`a OR -b`)
is no alternative: it excludes "b", and the OR joins nothing.
`archive.search` compiles a `Query` to each database's syntax and runs it; this module knows no
database.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from archive.letters import FOLD_TABLE

# Caps that keep any input cheap to parse and to run.
MAX_INPUT_CHARS = 1000
MAX_CLAUSES = 12
MAX_ALTERNATIVES = 8
MAX_PHRASE_WORDS = 8
MAX_WORD_CHARS = 60
MIN_PREFIX_CHARS = 3


@dataclass(frozen=True)
class Term:
    """One word, or several words that must stand next to each other; `prefix` on the last."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self) -> str:
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{text}"' if len(self.words) > 1 else text


@dataclass(frozen=True)
class Clause:
    """Any one of `terms` must match (OR); a negated clause must not match."""

    terms: tuple[Term, ...]
    negated: bool = False

    def __str__(self) -> str:
        text = " OR ".join(str(t) for t in self.terms)
        return f"-{text}" if self.negated else text


@dataclass(frozen=True)
class Query:
    """Every positive clause must match and no negated one. Empty (false) means "no search"."""

    clauses: tuple[Clause, ...] = ()

    def __bool__(self) -> bool:
        return any(not c.negated for c in self.clauses)

    def __str__(self) -> str:
        return " ".join(str(c) for c in self.clauses)

    @property
    def positive(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if not c.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        return tuple(c for c in self.clauses if c.negated)


def _is_word_char(ch: str) -> bool:
    # Letters and decimal digits: what both databases' tokenizers keep inside a word. Other
    # numerics ("½", "²") and the underscore separate words, as they do in the index.
    return ch.isalpha() or ch.isdecimal()


def _split_words(text: str) -> list[str]:
    words, current = [], []
    for ch in text:
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    # Lower case can add a mark that is no word character ("İ" -> "i" + U+0307): keep letters.
    lowered = ("".join(ch for ch in w.lower() if _is_word_char(ch)) for w in words)
    return [w[:MAX_WORD_CHARS] for w in lowered if w]


def _make_term(
    raw: str, star_after: bool = False, min_prefix: int = MIN_PREFIX_CHARS
) -> Term | None:
    words = _split_words(raw)[:MAX_PHRASE_WORDS]
    if not words:
        return None
    last_word_end = max(i for i, ch in enumerate(raw) if _is_word_char(ch))
    prefix = star_after or "*" in raw[last_word_end + 1 :]
    if len(words[-1]) < min_prefix:
        prefix = False
    return Term(tuple(words), prefix)


_OR, _AND, _NOT = "OR", "AND", "NOT"
# Operators of other search languages (PostgreSQL's, boolean syntax): spaces wherever they stand,
# inside a word too ("Lavrov:Blinken" is two words, where other punctuation makes a phrase).
_OPERATORS = frozenset("&|!():")


def _tokens(
    text: str, min_prefix: int = MIN_PREFIX_CHARS
) -> Iterable[tuple[str, Term | None, bool]]:
    """Yield ("term", term, negated) and ("or", None, False) tokens; never raises. A prefix
    shorter than `min_prefix` letters is read as a word."""
    i, n = 0, len(text)
    negate_next = False
    while i < n:
        ch = text[i]
        if ch.isspace() or ch in _OPERATORS:
            i += 1
            continue
        negated = negate_next
        negate_next = False
        if ch == "-" and i + 1 < n and (text[i + 1] == '"' or _is_word_char(text[i + 1])):
            negated = True
            i += 1
            ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            body = text[i + 1 : end]
            i = end + 1
            star = i < n and text[i] == "*"
            i += 1 if star else 0
            yield "term", _make_term(body, star, min_prefix), negated
            continue
        j = i
        while j < n and not (text[j].isspace() or text[j] == '"' or text[j] in _OPERATORS):
            j += 1
        raw, i = text[i:j], j
        # "terror:*" is PostgreSQL's way of writing a prefix: read as "terror*".
        star = text.startswith(":*", i)
        i += 2 if star else 0
        if not negated and raw == _OR:
            yield "or", None, False
        elif not negated and raw == _AND:
            continue
        elif not negated and raw == _NOT:
            negate_next = True
        else:
            yield "term", _make_term(raw, star, min_prefix), negated


def parse_query(text: str | None) -> Query:
    """Parse the search box's text into a `Query`; an empty `Query` when nothing searchable. A
    country's name is searched with its other names (`other_names`)."""
    unique = _clauses((text or "")[:MAX_INPUT_CHARS])[:MAX_CLAUSES]
    if not any(not c.negated for c in unique):
        return Query()
    return Query(tuple(_with_other_names(clause) for clause in unique))


def _clauses(text: str) -> tuple[Clause, ...]:
    """The clauses of `text`, each once, however many."""
    clauses: list[Clause] = []
    join_next = False
    for kind, term, negated in _tokens(text):
        if kind == "or":
            join_next = bool(clauses)
            continue
        if term is None:
            continue
        if negated:
            clauses.append(Clause((term,), negated=True))
        elif join_next and term not in clauses[-1].terms:
            # An exclusion's alternatives are excluded with it ("-a OR b": neither).
            if len(clauses[-1].terms) < MAX_ALTERNATIVES:
                clauses[-1] = Clause((*clauses[-1].terms, term), clauses[-1].negated)
        else:
            clauses.append(Clause((term,)))
        join_next = False
    return tuple(dict.fromkeys(clauses))


# --- A country's other names --------------------------------------------------------------------
# A search for a country's name finds its other names too: "Turkey" finds "Türkiye", "Burma"
# "Myanmar", "UK" "United Kingdom" and "Britain", from the parser's country table. A name of
# several words does so when searched as a phrase ("Ivory Coast" in quotes); unquoted, its words
# are searched each on its own, as always. Neither searched for nor added: a name that is part of
# another country's name or another country's too ("Korea", in "North Korea"; "Congo"), and names
# English writes otherwise ("US" is the word "us"; "America" is in "Latin America"). A longer
# name that holds one already searched ("Republic of Türkiye" beside "Türkiye") adds nothing.
_NOT_A_COUNTRY_NAME = frozenset({("us",), ("america",), ("northern", "ireland")})
# Territories named after the country they belong to, whose names hold its name: no other
# country's name here ("United States" is the United States').
_NAMED_AFTER_THEIR_COUNTRY = frozenset({"UM", "VI"})


def _holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


@functools.cache
def _country_names() -> dict[tuple[str, ...], tuple[tuple[tuple[str, ...], str], ...]]:
    """{a name's words: ((another name's words, that name as written), ...)} for every name of a
    country that has others."""
    from archive.parsing.countries import country_table, names_for

    written: dict[str, dict[tuple[str, ...], str]] = {}
    codes_of: dict[tuple[str, ...], set[str]] = {}
    for code, name, _ in country_table():
        names = [(tuple(_split_words(n)), n) for n in names_for(code)]
        written[code] = {words: n for words, n in reversed(names) if words}
        if code not in _NAMED_AFTER_THEIR_COUNTRY:
            words = tuple(_split_words(name))
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    codes_of.setdefault(words[i:j], set()).add(code)
        for words in written[code]:
            codes_of.setdefault(words, set()).add(code)

    others = {}
    for code, names in written.items():
        kept = [w for w in names if w not in _NOT_A_COUNTRY_NAME and codes_of[w] == {code}]
        for words in kept:
            added = [other for other in kept if not _holds(other, words)]
            added = [o for o in added if not any(_holds(o, p) and o != p for p in added)]
            if added:
                others[words] = tuple((other, names[other]) for other in added)
    return others


def _with_other_names(clause: Clause) -> Clause:
    terms = list(clause.terms)
    for term in clause.terms:
        if not term.prefix:
            for words, _ in _country_names().get(term.words, ()):
                if Term(words) not in terms and len(terms) < 2 * MAX_ALTERNATIVES:
                    terms.append(Term(words))
    return Clause(tuple(terms), clause.negated)


def other_names(text: str | None) -> list[tuple[Term, tuple[str, ...]]]:
    """[(a country's name as searched, its other names searched with it, as the table writes
    them)], for the search box to say."""
    found = []
    for clause in _clauses((text or "")[:MAX_INPUT_CHARS])[:MAX_CLAUSES]:
        for term in clause.terms:
            names = () if term.prefix else _country_names().get(term.words, ())
            # One spelling of a name however it is marked ("Türkiye" for "Turkiye" too): the
            # search does not tell them apart.
            plain: dict[str, str] = {}
            for _, name in sorted(names, key=lambda pair: pair[1].isascii()):
                plain.setdefault(_unmarked(name), name)
            if plain:
                found.append((term, tuple(n for _, n in names if n in plain.values())))
    return found


def _unmarked(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLD_TABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def is_cut(text: str | None) -> bool:
    """Whether the query leaves part of the text out: past MAX_INPUT_CHARS characters or
    MAX_CLAUSES clauses (words, phrases, exclusions)."""
    text = text or ""
    return len(text) > MAX_INPUT_CHARS or len(_clauses(text[:MAX_INPUT_CHARS])) > MAX_CLAUSES


def short_prefixes(text: str | None) -> list[Term]:
    """The prefixes asked for ("te*") too short to be read as prefixes: each is searched as the
    word it is."""
    terms = (term for _, term, _ in _tokens((text or "")[:MAX_INPUT_CHARS], min_prefix=1))
    return list(
        dict.fromkeys(
            term
            for term in terms
            if term is not None and term.prefix and len(term.words[-1]) < MIN_PREFIX_CHARS
        )
    )


def only_excludes(text: str | None) -> bool:
    """Whether the text asks for no word and only excludes some ("-china", "NOT china"): no
    search then, which the search box says rather than listing everything in silence."""
    text = (text or "")[:MAX_INPUT_CHARS]
    asks = any(term is not None for _, term, _ in _tokens(text))
    return asks and not parse_query(text)


def described(query: Query) -> str:
    """The query in words, for a result summary: the searched words in one pair of quotes
    (“wang qureshi”), “the phrase …”, alternatives with “or”, exclusions after “without”. No
    quote of the query's own syntax is left in it, nested in the page's."""
    return _in_words(query.positive) + (
        f", without {_in_words(query.negative, joiner='or', together=False)}"
        if query.negative
        else ""
    )


def _in_words(clauses: Iterable[Clause], joiner: str = "and", together: bool = True) -> str:
    parts: list[str] = []
    words: list[str] = []
    for clause in clauses:
        (term,) = clause.terms if len(clause.terms) == 1 else (None,)
        if together and term is not None and len(term.words) == 1:
            words.append(str(term))
            continue
        if words:
            parts.append(f"“{' '.join(words)}”")
            words = []
        parts.append(" or ".join(_term_in_words(t) for t in clause.terms))
    if words:
        parts.append(f"“{' '.join(words)}”")
    return f" {joiner} ".join(parts)


def _term_in_words(term: Term) -> str:
    text = " ".join(term.words) + ("*" if term.prefix else "")
    return f"the phrase “{text}”" if len(term.words) > 1 else f"“{text}”"


# English words too common to search on their own: nearly every readout has them, so a search of
# these only would list nearly the whole archive. Snowball's English stop words (PostgreSQL's
# english.stop), less those that are also names or abbreviations in readouts ("WHO", "Don",
# "Will", "CAN"). Inside a phrase ("the Belt and Road") they are searched as written.
COMMON_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she
    her hers herself it its itself they them their theirs themselves what which whom this that
    these those am is are was were be been being have has had having do does did doing a an the
    and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t just should now
    """.split()  # noqa: SIM905 - a list of words reads best as text
)


def too_common(text: str | None) -> bool:
    """Whether every word the text looks for is a `COMMON_WORDS` word on its own ("the", "of
    the", "and OR the"): such a search would match nearly every readout. A phrase of them ("of
    the" in quotes) is still searched."""
    query = parse_query(text)
    return bool(query) and all(
        len(term.words) == 1 and not term.prefix and term.words[0] in COMMON_WORDS
        for clause in query.positive
        for term in clause.terms
    )


def as_query(query: Query | str | None) -> Query:
    return query if isinstance(query, Query) else parse_query(query)
