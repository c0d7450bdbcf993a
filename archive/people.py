"""One person, one record: linking the names readouts use to `Person` rows.

A name links to an existing person of the same country when it is the same name or a known alias,
a spelling variant of one (case, diacritics, hyphens, spacing, word order, a middle initial, a
short given name: "Joe Biden" is "Joseph R. Biden"), a transliteration of one (the same surname,
given names a letter or two apart: "Sergey"/"Sergei"), the same name with its given names as
initials ("S. Jaishankar", "Subrahmanyam Jaishankar"), or a surname alone ("Qureshi") that only
one person of that country can mean. A name that could mean
more than one person is never merged: it gets a record of its own flagged for review, and curators
merge it in admin. Roles are not kept here; they stay on `Participant`.

The index loads each country's people once and is kept up to date as people are created, so
importing many readouts costs no query per name. New people are not written one by one: they wait
in the index until `save_new` inserts them (and their history rows) with a few queries per batch,
in the caller's transaction.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .bulk_sql import insert_history, insert_objects
from .letters import folded, plain_slug
from .models import Person, PersonRedirect

_SEPARATORS = re.compile(r"[^\w]+|_")
# Apostrophes inside a name join its parts: "Sa'ar" is "Saar", "Mataʻafa" "Mataafa".
_APOSTROPHES = re.compile(r"(?<=\w)['’ʻʼ`](?=\w)")
SLUG_MAX_LENGTH = 220
_SLUG_TRIES = 6
CREATE_REASON = "import"
# People held in memory at most (between batches); past that the index is read again as needed.
# Reading it again costs a batch about twice its usual time (measured at 5,000 people, reached
# after 4,000 synthetic readouts), and 20,000 people are a few tens of MB.
INDEX_LIMIT = 20_000


@functools.lru_cache(maxsize=16384)
def name_key(name: str) -> str:
    """A spelling-insensitive key: no diacritics (and the letters `archive.letters` folds written
    plainly), no apostrophes, case folded, words separated by single spaces."""
    if name.isascii():
        bare = _APOSTROPHES.sub("", name) if "'" in name or "`" in name else name
    else:
        decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", folded(name)))
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.sub(" ", bare.casefold()).split())


def name_variants(key: str) -> set[str]:
    """Keys that still denote the same name: run together, in any word order, without initials,
    without "Jr."/"Sr." ("Joseph R. Biden Jr." is "Joseph R. Biden")."""
    tokens = key.split()
    if not tokens:
        return set()
    variants = {key, "".join(tokens), " ".join(sorted(tokens))}
    full_words = [t for t in tokens if len(t) > 1]
    if len(full_words) >= 2 and len(full_words) < len(tokens):
        variants.add(" ".join(full_words))
        variants.add(" ".join(sorted(full_words)))
    if len(tokens) > 2 and tokens[-1] in _SUFFIXES:
        variants |= name_variants(" ".join(tokens[:-1]))
    if _HONORIFICS.intersection(tokens):
        # "Mohamad Haji Hasan" is "Mohamad Hasan": "Haji" is a title, not a name.
        bare = [t for t in tokens if t not in _HONORIFICS]
        if len(bare) >= 2:
            variants |= name_variants(" ".join(bare))
    if len(tokens) >= 2 and tokens[0] in _SHORT_FORMS:
        # "Joe Biden" is "Joseph R. Biden": the given name a short form of the other's.
        variants |= name_variants(" ".join([_SHORT_FORMS[tokens[0]], *tokens[1:]]))
    return variants


def surname_tokens(key: str) -> set[str]:
    """The words a surname-only mention may use: the last word, or the first (surname-first).
    A generational suffix is no surname ("Marcos Jr." is "Marcos")."""
    tokens = key.split()
    if len(tokens) > 2 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return {tokens[0], tokens[-1]} if len(tokens) > 1 else set(tokens)


_JUNIOR_SENIOR = frozenset(["jr", "sr"])
# Short forms of English given names that office-holders go by, and the names they stand for.
_SHORT_FORMS = {
    "joe": "joseph",
    "bill": "william",
    "will": "william",
    "bob": "robert",
    "rob": "robert",
    "tony": "anthony",
    "mike": "michael",
    "jim": "james",
    "jimmy": "james",
    "tom": "thomas",
    "dick": "richard",
    "rick": "richard",
    "ted": "edward",
    "chuck": "charles",
    "dan": "daniel",
    "dave": "david",
    "ben": "benjamin",
    "alex": "alexander",
    "sam": "samuel",
    "nick": "nicholas",
    "pete": "peter",
    "liz": "elizabeth",
    "kate": "katherine",
    "chris": "christopher",
    "andy": "andrew",
    "matt": "matthew",
    "tim": "timothy",
    "greg": "gregory",
    "jeff": "jeffrey",
    "larry": "lawrence",
    "ron": "ronald",
    "don": "donald",
    "ken": "kenneth",
    "pat": "patrick",
    "phil": "philip",
    # "Ma. Theresa Lazaro": the Philippines' written short form of Maria.
    "ma": "maria",
}
_SUFFIXES = _JUNIOR_SENIOR | {"ii", "iii", "iv"}
# Words of a name that are titles, not names ("Mohamad bin Haji Hasan").
_HONORIFICS = frozenset(["haji", "hajah", "hj"])
# "son of"/"daughter of": a father's name follows ("Faisal bin Farhan").
_PATRONYMIC = frozenset(["bin", "ibn", "bint", "binti"])
# Words that may stand before a surname ("von der Leyen", "van Klaveren", "de Jong").
_PARTICLES = frozenset(
    ["von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "le", "la", "ter", "ten"]
)


def _transliterated(a: str, b: str) -> bool:
    """Two full names with the same surname whose given names differ by at most two letters."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2 or left[-1] != right[-1]:
        return False
    given_a, given_b = " ".join(left[:-1]), " ".join(right[:-1])
    if given_a[0] != given_b[0] or min(len(given_a), len(given_b)) < 4:
        return False
    return _distance(given_a, given_b, limit=2) <= 2


def _surname_only(key: str) -> bool:
    """A surname alone, with its particles if it has them ("Lavrov", "von der Leyen")."""
    tokens = key.split()
    return all(t in _PARTICLES for t in tokens[:-1])


def _respelled_surname(a: str, b: str) -> bool:
    """The same given names and a long surname a letter or two apart, as transliterations of it
    differ ("Anura Kumara Disanayaka", "Anura Kumara Dissanayake")."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2 or left[:-1] != right[:-1]:
        return False
    if any(len(word) == 1 for word in left[:-1]) or min(len(left[-1]), len(right[-1])) < 6:
        return False
    return left[-1][0] == right[-1][0] and _distance(left[-1], right[-1], limit=2) <= 2


def _shortened(a: str, b: str) -> bool:
    """One name is the other with words left out: a middle name ("Yusuf Tuggar", "Yusuf
    Maitama Tuggar"), a father's or family name ("Badr Albusaidi", "Badr bin Hamad bin Hamood
    Albusaidi"; "Faisal bin Farhan", "Faisal bin Farhan Al Saud"), or the given names before a
    surname with particles ("von der Leyen", "Ursula von der Leyen")."""
    left = [t for t in a.split() if t not in _HONORIFICS and t not in _SUFFIXES]
    right = [t for t in b.split() if t not in _HONORIFICS and t not in _SUFFIXES]
    short, full = sorted((left, right), key=len)
    if len(short) < 2 or short == full:
        return False
    if len(short) >= 3 and short[1] in _PATRONYMIC and full[:3] == short[:3]:
        return True  # the same given name and father
    if len(short) == len(full) or short[-1] != full[-1]:
        return False
    if short[0] != full[0]:
        return all(t in _PARTICLES for t in short[:-1]) and full[-len(short) :] == short
    rest = iter(full)
    return all(word in rest for word in short)


def _initialled(a: str, b: str) -> bool:
    """Two full names with the same surname, one's given names the initials of the other's
    ("s jaishankar", "subrahmanyam jaishankar"; "a k antony", "arackaparambil kurian antony")."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or len(left) < 2 or left[-1] != right[-1] or left == right:
        return False
    short, full = (left, right) if all(len(w) == 1 for w in left[:-1]) else (right, left)
    if not all(len(w) == 1 for w in short[:-1]) or any(len(w) == 1 for w in full[:-1]):
        return False
    return all(
        full_word.startswith(initial)
        for initial, full_word in zip(short[:-1], full[:-1], strict=True)
    )


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it is past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass
class Resolution:
    person: Person
    created: bool = False
    flagged: bool = False
    warning: str | None = None


@dataclass
class _CountryPeople:
    people: dict[int, Person] = field(default_factory=dict)
    # Variant key of any full (multi-word) name form -> people.
    full: dict[str, set[int]] = field(default_factory=dict)
    # A one-word name form (a surname alone) -> people known by it.
    single: dict[str, set[int]] = field(default_factory=dict)
    # A surname word of a full name form -> people.
    surname: dict[str, set[int]] = field(default_factory=dict)

    def add(self, person: Person, index_key: int) -> None:
        self.people[index_key] = person
        for form in person.all_names():
            key = name_key(form)
            if not key:
                continue
            if " " in key:
                for variant in name_variants(key):
                    self.full.setdefault(variant, set()).add(index_key)
                for token in surname_tokens(key):
                    self.surname.setdefault(token, set()).add(index_key)
            else:
                self.single.setdefault(key, set()).add(index_key)

    def discard(self, index_key: int) -> None:
        """Forget a person (one who turned out to be of another country)."""
        self.people.pop(index_key, None)
        for table in (self.full, self.single, self.surname):
            for keys in table.values():
                keys.discard(index_key)

    def find(self, table: dict[str, set[int]], keys: set[str]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            found |= table.get(key, set())
        return found


class PersonIndex:
    """Finds or creates the `Person` for a name and country; one per import run."""

    def __init__(self, *, batched: bool = False) -> None:
        # Batched: new people wait for `save_new` (the importer's batches); else written at once.
        self.batched = batched
        self._countries: dict[str | None, _CountryPeople] = {}
        # People created but not yet written; index keys below zero until then.
        self._pending: list[Person] = []
        self._next_key = -1
        # The highest person id read from the database, to fetch only newer ones.
        self._newest = 0

    def reset(self) -> None:
        """Forget everything loaded, e.g. after a rolled-back import created people."""
        self._countries.clear()
        self._pending.clear()
        self._newest = 0

    def catch_up(self) -> None:
        """Read the people other imports stored since the index last looked: one query.

        Called at the start of each batch's transaction (on SQLite, a write transaction, so no one
        else can add people until it ends), so a name another import created is linked, not
        created again.
        """
        if not self._countries:
            return
        held = sum(len(people.people) for people in self._countries.values())
        if held > INDEX_LIMIT and not self._pending:
            # Memory stays flat on a large import: start over and load countries as needed.
            self.reset()
            return
        newest = self._newest
        for person in Person.objects.filter(pk__gt=newest).order_by("pk"):
            self._newest = max(self._newest, person.pk)
            people = self._countries.get(person.country_id)
            if people is not None and person.pk not in people.people:
                people.add(person, person.pk)

    def save_new(self) -> list[Person]:
        """Insert the people created since the last call, with their history; returns them.

        Slugs are found for the whole batch with one query; the caller's transaction covers it.
        """
        pending, self._pending = self._pending, []
        if not pending:
            return []
        _assign_person_slugs(pending)
        insert_objects(Person, pending)
        insert_history(Person, pending, CREATE_REASON)
        self._newest = max(self._newest, *(p.pk for p in pending))
        return pending

    def resolve(self, name: str, country: str | None, aliases: tuple[str, ...] = ()) -> Resolution:
        key = name_key(name)
        if not key:
            raise ValueError("a person needs a name")
        people = self._load(country)
        # The parser's one-word aliases are its guesses at a surname, not forms the text used;
        # surnames are matched anyway, so only full-name forms ("WANG Yi") are kept.
        aliases = tuple(a for a in aliases if " " in name_key(a))
        forms = [name, *aliases]
        matches = self._matches(people, key, forms)
        if len(matches) == 1:
            person = people.people[matches.pop()]
            self._learn(people, person, forms)
            return Resolution(person, flagged=person.needs_review)
        if not matches and country is None and " " in key:
            # "NATO Secretary General Mark Rutte": an office of no country, held by someone
            # the archive knows under their own country by this very name.
            known = self._known_elsewhere(key)
            if known is not None:
                return Resolution(known, flagged=known.needs_review)
        if not matches and country is not None and " " in key:
            # ... or the other way round: known so far only in such an office, now placed.
            placed = self._placed(people, key, country)
            if placed is not None:
                return Resolution(placed, flagged=placed.needs_review)
        if not matches:
            return Resolution(self._create(people, name, country, aliases), created=True)
        # Several people could be meant. A record already flagged for exactly this name form
        # collects further mentions, so one ambiguous surname does not spawn a record per readout.
        exact = [
            people.people[pk]
            for pk in matches
            if people.people[pk].needs_review and name_key(people.people[pk].name) == key
        ]
        candidates = sorted(people.people[pk].name for pk in matches)
        warning = (
            f'"{name}" ({country or "no country"}) could be any of {", ".join(candidates)}; '
            "kept as a separate person flagged for review"
        )
        if len(exact) == 1:
            return Resolution(exact[0], flagged=True, warning=warning)
        person = self._create(people, name, country, aliases, needs_review=True)
        return Resolution(person, created=True, flagged=True, warning=warning)

    def candidates(self, name: str, country: str | None) -> list[Person]:
        """The people a name would link to, without writing anything: one, several, or none."""
        key = name_key(name)
        if not key:
            return []
        people = self._load(country)
        return sorted(
            (people.people[pk] for pk in self._matches(people, key, [name])), key=lambda p: p.name
        )

    def create_flagged(self, name: str, country: str | None, reason: str) -> Resolution:
        """A new flagged person, for a name the caller cannot link (e.g. used twice in a meeting)."""
        people = self._load(country)
        person = self._create(people, name, country, (), needs_review=True)
        return Resolution(person, created=True, flagged=True, warning=reason)

    def _matches(self, people: _CountryPeople, key: str, forms: list[str]) -> set[int]:
        keys = {name_key(form) for form in forms} - {""}
        full_keys = {k for k in keys if " " in k}
        single_keys = keys - full_keys
        # 1. The same full name, or a spelling variant of it.
        variants: set[str] = set()
        for k in full_keys:
            variants |= name_variants(k)
        found = people.find(people.full, variants)
        # A one-word name run together ("Wangyi") is a variant of a full name too.
        found |= people.find(people.full, single_keys)
        if found:
            return found
        if " " not in key:
            # 2. A surname alone: everyone of the country known by it or bearing it.
            return people.find(people.single, {key}) | people.find(people.surname, {key})
        # 3. A full name whose surname someone is known by alone: link only if that person has no
        # other full name and no one else of the country bears the surname.
        tokens = surname_tokens(key)
        single = people.find(people.single, tokens)
        bearers = people.find(people.surname, tokens)
        if len(single) == 1 and not bearers:
            person = people.people[next(iter(single))]
            if not person.needs_review:
                return single
        # 4. A transliteration of a full name: the same surname, given names a letter or two
        # apart ("Sergey Lavrov", "Sergei Lavrov"), or the same given names and a surname spelt
        # a letter or two apart; the given names as initials ("S. Jaishankar", "Subrahmanyam
        # Jaishankar"); or the full name with words left out (`_shortened`). Each shares its
        # first or last word with the other, so is among the bearers.
        return {
            pk
            for pk in bearers
            if any(
                _transliterated(key, other)
                or _initialled(key, other)
                or _respelled_surname(key, other)
                or _shortened(key, other)
                for other in map(name_key, people.people[pk].all_names())
            )
        }

    def _known_elsewhere(self, key: str) -> Person | None:
        """The one person of some country whose full name (or a spelling of it) is `key`."""
        variants = name_variants(key)
        found = {
            id(person): person
            for code, people in self._countries.items()
            if code is not None
            for pk in people.find(people.full, variants)
            for person in [people.people[pk]]
        }
        surname = key.split()[-1]
        for person in Person.objects.filter(country__isnull=False, name__icontains=surname)[:50]:
            if any(name_variants(name_key(n)) & variants for n in person.all_names()):
                found.setdefault(id(person), person)
        by_pk = {p.pk if p.pk is not None else -id(p): p for p in found.values()}
        return next(iter(by_pk.values())) if len(by_pk) == 1 else None

    def _placed(self, people: _CountryPeople, key: str, country: str) -> Person | None:
        """The one person of no country whose full name is `key`, now given `country`."""
        stateless = self._load(None)
        if not stateless.people:
            return None
        found = stateless.find(stateless.full, name_variants(key))
        if len(found) != 1:
            return None
        index_key = found.pop()
        person = stateless.people[index_key]
        stateless.discard(index_key)
        person.country_id = country
        if person.pk is not None:
            person._change_reason = "import: country learnt"
            person.save(update_fields=["country"])
            del person._change_reason
        people.add(person, index_key)
        return person

    def _learn(self, people: _CountryPeople, person: Person, forms: list[str]) -> None:
        """Record name forms not seen before; a surname-only record takes the first full name."""
        known = {" ".join(n.split()) for n in person.all_names()}
        new_forms = [" ".join(f.split()) for f in forms if f and " ".join(f.split()) not in known]
        if not new_forms:
            return
        fields = ["aliases"]
        aliases = list(person.aliases)
        if _surname_only(name_key(person.name)) and not _surname_only(name_key(new_forms[0])):
            aliases.insert(0, person.name)
            person.name = new_forms.pop(0)
            fields.append("name")
        for form in new_forms:
            if form not in aliases and form != person.name:
                aliases.append(form)
        person.aliases = aliases
        if person.pk is not None:
            person._change_reason = "import: new name form"
            person.save(update_fields=fields)
            del person._change_reason
        # A person not yet written is inserted later with these names.
        people.add(person, _key_of(person))

    def _create(
        self,
        people: _CountryPeople,
        name: str,
        country: str | None,
        aliases: tuple[str, ...],
        needs_review: bool = False,
    ) -> Person:
        name = " ".join(name.split())
        extra = []
        for alias in aliases:
            alias = " ".join(alias.split())
            if alias and alias != name and alias not in extra:
                extra.append(alias)
        person = Person(name=name, aliases=extra, country_id=country, needs_review=needs_review)
        person._index_key = self._next_key
        self._next_key -= 1
        self._pending.append(person)
        people.add(person, person._index_key)
        if not self.batched:
            self.save_new()
        return person

    def _queryset(self, country: str | None):
        if country:
            return Person.objects.filter(country_id=country)
        return Person.objects.filter(country__isnull=True)

    def _load(self, country: str | None) -> _CountryPeople:
        people = self._countries.get(country)
        if people is None:
            people = _CountryPeople()
            for person in self._queryset(country).order_by("pk"):
                people.add(person, person.pk)
                self._newest = max(self._newest, person.pk)
            self._countries[country] = people
        return people


def _key_of(person: Person) -> int:
    """The person's key in the index: its id, or the negative number it got when created here."""
    return getattr(person, "_index_key", person.pk)


def _assign_person_slugs(people: list[Person]) -> None:
    """Unique slugs ("wang-yi-cn", then "-2" ...) for new people, with a query or two a batch.

    Most new names have a free slug: one query checks every stem; only the stems already taken
    have their numbered forms checked, in a second query.
    """
    stems = []
    for person in people:
        base = f"{person.name} {person.country_id or ''}"
        stems.append((plain_slug(base) or "item")[: SLUG_MAX_LENGTH - 8].strip("-"))
    taken = _taken_slugs(set(stems))
    crowded = {stem for stem, n in Counter(stems).items() if n > 1 or stem in taken}
    if crowded:
        taken |= _taken_slugs({f"{s}-{n}" for s in crowded for n in range(2, _SLUG_TRIES + 1)})
    for person, stem in zip(people, stems, strict=True):
        candidates = [stem] + [f"{stem}-{n}" for n in range(2, _SLUG_TRIES + 1)]
        slug = next((s for s in candidates if s not in taken), None)
        n = _SLUG_TRIES
        while slug is None:
            # A very common name: past the first few numbers, ask one by one.
            n += 1
            slug = f"{stem}-{n}"
            if slug in taken or Person.objects.filter(slug=slug).exists():
                slug = None
        taken.add(slug)
        person.slug = slug


def _taken_slugs(slugs: set[str]) -> set[str]:
    ordered = sorted(slugs)
    taken: set[str] = set()
    # Chunks keep each query well below SQLite's limit on parameters.
    for start in range(0, len(ordered), 5000):
        chunk = ordered[start : start + 5000]
        taken.update(Person.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        # A merged record's address leads to the person it became: no one else takes it.
        taken.update(PersonRedirect.objects.filter(slug__in=chunk).values_list("slug", flat=True))
    return taken
