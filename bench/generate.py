"""Deterministic synthetic readouts for the benchmark, in the real import format.

Every file is plain readout text in the Chinese Foreign Ministry's house style (a headline, "On <date>,
<role> <Name> of <Country> held talks with ... in <City>.", "<Name> said that ...", "The two sides
agreed to ..."), so the real parser extracts participants, statements and agreed points from it.
The words are pseudo-words drawn from a Zipf distribution; marker words are planted in exact shares
of the readouts so every search class has a known hit count (kept in `manifest.json`).

Generated data says it is synthetic everywhere: the headline starts "Synthetic readout", files are
named `synthetic-NNNNNN.txt`, the corpus folder has a README, and the benchmark imports it with the
publisher "Synthetic benchmark corpus". It is written under `bench/corpus/`, never into `seeds/`.

    python bench/generate.py --size 1000 [--seed 1] [--out bench/corpus]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import itertools
import json
import math
import random
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 4
PUBLISHER = "Synthetic benchmark corpus"
SYNTHETIC_NOTE = "synthetic benchmark data, not a real document"

# Share of readouts holding each marker word; five words per class so timed runs rotate terms.
MARKER_SHARES: dict[str, float] = {
    "0001": 0.0001,
    "001": 0.001,
    "01": 0.01,
    "10": 0.10,
    "50": 0.50,
}
MARKER_LETTERS = "abcde"
PHRASE_SHARE = 0.01  # each phrase pair adjacent in 1% of readouts, apart in another 1%
NO_HIT_WORDS = tuple(f"zqnohit{letter}" for letter in MARKER_LETTERS)
VOCABULARY_SIZE = 40_000
PEOPLE = 6_000
COUNTRIES = 190
FIRST_YEAR, LAST_YEAR = 1996, 2025
# Countries that meet most often come first; the rest follow in code order with Zipf weights.
LEADING_COUNTRIES = [
    "CN",
    "US",
    "RU",
    "GB",
    "FR",
    "DE",
    "JP",
    "IN",
    "PK",
    "KR",
    "TR",
    "IR",
    "SA",
    "BR",
    "ZA",
    "AU",
    "CA",
    "IT",
    "ES",
    "ID",
    "EG",
    "NG",
    "VN",
    "TH",
    "MY",
    "SG",
    "PH",
    "MX",
    "AR",
    "UA",
]
ROLES = (
    "Foreign Minister",
    "Minister of Foreign Affairs",
    "President",
    "Prime Minister",
    "Vice Foreign Minister",
    "Deputy Prime Minister",
    "State Secretary",
    "Special Envoy",
)
# Fallback when the curators' taxonomy file is not there: (slug, keyword planted).
FALLBACK_TOPICS = (
    ("trade", "trade"),
    ("security", "terrorism"),
    ("climate", "climate"),
    ("energy", "energy"),
    ("health", "pandemic"),
    ("agriculture", "agriculture"),
)
TOPIC_SHARES = (0.30, 0.20, 0.12, 0.08, 0.05, 0.03)
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
_CONSONANTS = "bdfgkmnprstvz"
_VOWELS = "aeiou"
_JOINER = "\x00"


def marker_words() -> dict[str, tuple[str, ...]]:
    """{share code: (zqmarker0001a, ...)} — digits keep stemmers from touching them."""
    return {
        code: tuple(f"zqmarker{code}{letter}" for letter in MARKER_LETTERS)
        for code in MARKER_SHARES
    }


def phrase_pairs() -> tuple[tuple[str, str], ...]:
    return tuple((f"zqph{n}a", f"zqph{n}b") for n in range(1, 6))


def planted_count(size: int, share: float) -> int:
    return max(1, round(size * share))


@dataclass(frozen=True)
class Person:
    name: str
    country: str
    role: str


@dataclass(frozen=True)
class World:
    countries: tuple[str, ...]  # codes, most frequent first
    country_weights: tuple[float, ...]
    names: dict[str, str]  # code -> name as written
    cities: dict[str, str]  # code -> city (capital first)
    people: dict[str, tuple[Person, ...]]
    vocabulary: tuple[str, ...]
    vocabulary_weights: tuple[float, ...]
    topics: tuple[tuple[str, str], ...]


def _syllable_words(
    rng: random.Random, count: int, exclude: set[str], prefixes: tuple[str, ...] = ()
) -> list[str]:
    syllables = [c + v for c in _CONSONANTS for v in _VOWELS]
    words: list[str] = []
    seen = set(exclude)
    # Frequent words are short, as in real text: ranks fill 2-syllable words first.
    for length in (2, 3, 4):
        pool = ["".join(parts) for parts in itertools.product(syllables, repeat=length)]
        rng.shuffle(pool)
        for word in pool:
            if word not in seen and not word.startswith(prefixes):
                seen.add(word)
                words.append(word)
                if len(words) == count:
                    return words
    return words


def _country_rows() -> list[tuple[str, str, tuple[str, ...]]]:
    try:
        from archive.parsing import country_table
    except ImportError:  # the package's public face may not be importable on its own yet
        from archive.parsing.countries import country_table
    return country_table()


def _capital_cities() -> dict[str, str]:
    from archive.parsing.country_data import CITIES

    cities: dict[str, str] = {}
    for line in CITIES.strip().splitlines():
        for item in line.split("|"):
            name, _, code = item.strip().rpartition(" ")
            # The first city listed for a country is its capital; plain ASCII keeps files simple.
            if code and name and code not in cities and name.isascii() and "," not in name:
                cities[code] = name
    return cities


def load_topic_keywords() -> tuple[tuple[str, str], ...]:
    """(slug, one plain keyword) for up to six curators' topics, else a built-in fallback."""
    path = ROOT / "archive" / "data" / "topics.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return FALLBACK_TOPICS
    items = data.get("topics", data) if isinstance(data, dict) else data
    chosen: list[tuple[str, str]] = []
    wanted = [slug for slug, _ in FALLBACK_TOPICS]
    by_slug = {item.get("slug"): item for item in items if isinstance(item, dict)}
    for slug in wanted + sorted(s for s in by_slug if s and s not in wanted):
        item = by_slug.get(slug)
        if not item:
            continue
        plain = [
            k
            for k in item.get("keywords", [])
            if isinstance(k, str) and k.isalpha() and k.islower()
        ]
        if plain:
            chosen.append((slug, plain[0]))
        if len(chosen) == len(TOPIC_SHARES):
            break
    return tuple(chosen) or FALLBACK_TOPICS


def _all_topic_keywords(banned: set[str]) -> tuple[str, ...]:
    """Add every taxonomy keyword to `banned` (pseudo-words must not tag topics); return prefixes."""
    try:
        rows = json.loads((ROOT / "archive" / "data" / "topics.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    prefixes: list[str] = []
    for row in rows if isinstance(rows, list) else []:
        for keyword in row.get("keywords", []):
            keyword = keyword.lower()
            if keyword.endswith("*"):
                prefixes.append(keyword[:-1])
            else:
                banned.update(keyword.split())
    return tuple(p for p in prefixes if p)


def _zipf_weights(count: int, exponent: float) -> list[float]:
    weights = [1.0 / (rank**exponent) for rank in range(1, count + 1)]
    return list(itertools.accumulate(weights))


def _with_article(name: str) -> str:
    if name.startswith("United") or name.endswith(("Republic", "Islands", "Emirates")):
        return f"the {name}"
    if name in {"Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros"}:
        return f"the {name}"
    return name


def build_world(seed: int) -> World:
    rng = random.Random(f"world-{seed}")
    rows = _country_rows()
    cities = _capital_cities()
    names = {code: name for code, name, _ in rows}
    banned = {"the", "and", "said", "side", "sides", "agreed"}
    for _code, name, aliases in rows:
        banned.update(part.lower() for part in name.split())
        banned.update(alias.lower() for alias in aliases)
    topics = load_topic_keywords()
    banned.update(keyword for _, keyword in topics)
    banned.update(month.lower() for month in MONTHS)
    prefixes = _all_topic_keywords(banned)
    eligible = [code for code in sorted(names) if code in cities and code != "EU"]
    ordered = [c for c in LEADING_COUNTRIES if c in eligible]
    rest = [c for c in eligible if c not in ordered]
    countries = tuple((ordered + rest)[:COUNTRIES])
    words = _syllable_words(rng, VOCABULARY_SIZE + PEOPLE * 2, banned, prefixes)
    vocabulary = tuple(words[:VOCABULARY_SIZE])
    name_parts = words[VOCABULARY_SIZE:]
    country_weights = _zipf_weights(len(countries), 1.0)
    people: dict[str, list[Person]] = {code: [] for code in countries}
    # Every country gets a few people; the rest follow how often a country meets.
    assignment = list(countries) * 3
    assignment += rng.choices(countries, cum_weights=country_weights, k=PEOPLE - len(assignment))
    for index, code in enumerate(assignment):
        given, surname = name_parts[2 * index], name_parts[2 * index + 1]
        person = Person(f"{given.capitalize()} {surname.capitalize()}", code, rng.choice(ROLES))
        people[code].append(person)
    return World(
        countries=countries,
        country_weights=tuple(country_weights),
        names={code: names[code] for code in countries},
        cities={code: cities[code] for code in countries},
        people={code: tuple(group) for code, group in people.items()},
        vocabulary=vocabulary,
        vocabulary_weights=tuple(_zipf_weights(len(vocabulary), 1.07)),
        topics=topics,
    )


@dataclass
class Plan:
    """What one readout must contain, decided before its text is written."""

    index: int
    held_on: datetime.date
    participants: list[Person]
    kind: str  # "meeting" or "phone_call"
    words: int
    statements: int
    agreed: int
    markers: list[str]
    phrases: list[str]  # "a b" adjacent
    apart: list[tuple[str, str]]  # both words, not adjacent
    topics: list[str]  # slugs whose keyword is planted


def _date(rng: random.Random) -> datetime.date:
    # More readouts in recent years, as ministries publish more online.
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    year = rng.choices(years, weights=[1 + i * 0.15 for i in range(len(years))])[0]
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _length(rng: random.Random) -> int:
    return int(min(1500, max(150, rng.lognormvariate(math.log(420), 0.55))))


def plan_corpus(size: int, seed: int, world: World) -> list[Plan]:
    rng = random.Random(f"plan-{seed}")
    plans: list[Plan] = []
    for index in range(size):
        count = rng.choices([2, 3, 4, 5, 6, 7, 8], weights=[60, 14, 9, 6, 5, 3, 3])[0]
        codes: list[str] = []
        while len(codes) < count:
            code = rng.choices(world.countries, cum_weights=world.country_weights)[0]
            if code not in codes:
                codes.append(code)
        participants = [rng.choice(world.people[code]) for code in codes]
        plans.append(
            Plan(
                index=index,
                held_on=_date(rng),
                participants=participants,
                kind="meeting" if rng.random() < 0.7 else "phone_call",
                words=_length(rng),
                statements=rng.randint(1, 6),
                agreed=rng.choices(range(9), weights=[14, 14, 16, 14, 12, 10, 8, 7, 5])[0],
                markers=[],
                phrases=[],
                apart=[],
                topics=[],
            )
        )
    for code, words in marker_words().items():
        for word in words:
            for index in rng.sample(range(size), planted_count(size, MARKER_SHARES[code])):
                plans[index].markers.append(word)
    for first, second in phrase_pairs():
        chosen = rng.sample(range(size), min(size, 2 * planted_count(size, PHRASE_SHARE)))
        half = len(chosen) // 2
        for index in chosen[:half]:
            plans[index].phrases.append(f"{first} {second}")
        for index in chosen[half:]:
            plans[index].apart.append((first, second))
    for (slug, _keyword), share in zip(world.topics, TOPIC_SHARES, strict=False):
        for index in rng.sample(range(size), planted_count(size, share)):
            plans[index].topics.append(slug)
    return plans


def _sentences(rng: random.Random, world: World, words: int) -> list[str]:
    """Pseudo-word sentences of 8-25 words adding up to about `words`."""
    out: list[str] = []
    drawn = rng.choices(world.vocabulary, cum_weights=world.vocabulary_weights, k=max(words, 8))
    position = 0
    while position < len(drawn):
        length = rng.randint(8, 25)
        chunk = drawn[position : position + length]
        position += length
        if len(chunk) < 4 and out:
            out[-1] = out[-1][:-1] + " " + " ".join(chunk) + "."
            continue
        out.append(chunk[0].capitalize() + " " + " ".join(chunk[1:]) + ".")
    return out


def _insert(rng: random.Random, sentences: list[str], phrase: str) -> None:
    """Put `phrase` between two words of a random sentence (never first, so never capitalised)."""
    index = rng.randrange(len(sentences))
    words = sentences[index][:-1].split(" ")
    at = rng.randint(1, len(words))
    words.insert(at, phrase)
    sentences[index] = " ".join(words) + "."


def _format_date(rng: random.Random, day: datetime.date) -> str:
    month = MONTHS[day.month - 1]
    if rng.random() < 0.75:
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} {month} {day.year}"


def _person_phrase(person: Person, world: World) -> str:
    return f"{person.role} {person.name} of {_with_article(world.names[person.country])}"


def render(plan: Plan, world: World, seed: int) -> str:
    rng = random.Random(f"text-{seed}-{plan.index}")
    host, *guests = plan.participants
    headline = (
        f"Synthetic readout {plan.index:06d}: {host.name} Holds "
        f"{'Talks' if plan.kind == 'meeting' else 'Phone Call'} with {guests[0].name}"
        + (" and Others" if len(guests) > 1 else "")
    )
    guest_text = [_person_phrase(p, world) for p in guests]
    listed = (
        guest_text[0]
        if len(guest_text) == 1
        else ", ".join(guest_text[:-1]) + " and " + guest_text[-1]
    )
    when = _format_date(rng, plan.held_on)
    if plan.kind == "meeting":
        opening = (
            f"On {when}, {_person_phrase(host, world)} held talks with {listed} "
            f"in {world.cities[host.country]}."
        )
    else:
        opening = f"On {when}, {_person_phrase(host, world)} held a phone call with {listed}."
    agreed_words = [rng.randint(12, 30) for _ in range(plan.agreed)]
    overhead = 25 + 12 * len(plan.participants)
    statement_words = max(40, plan.words - overhead - sum(agreed_words))
    shares = [rng.random() + 0.3 for _ in range(plan.statements)]
    statements: list[list[str]] = []
    for share in shares:
        count = max(12, int(statement_words * share / sum(shares)))
        statements.append(_sentences(rng, world, count))
    # Markers, phrases and topic keywords go into statements: what researchers search.
    for word in plan.markers:
        _insert(rng, rng.choice(statements), word)
    for phrase in plan.phrases:
        # A joiner that is not a space, so later insertions never split the phrase.
        _insert(rng, rng.choice(statements), phrase.replace(" ", _JOINER))
    for first, second in plan.apart:
        # Second word strictly before the first, with words between: never the phrase.
        target = rng.choice(statements)
        target.insert(0, f"{second.capitalize()} {' '.join(rng.choices(world.vocabulary, k=3))}.")
        target.append(f"Moreover {first} {' '.join(rng.choices(world.vocabulary, k=3))}.")
    keywords = dict(world.topics)
    for slug in plan.topics:
        _insert(rng, rng.choice(statements), keywords[slug])
    speakers = [plan.participants[i % len(plan.participants)] for i in range(plan.statements)]
    rng.shuffle(speakers)
    paragraphs = [headline, opening]
    for speaker, sentences in zip(speakers, statements, strict=True):
        body = " ".join(sentences)
        paragraphs.append(f"{speaker.name} said that {body[0].lower()}{body[1:]}")
    subject = "The two sides" if len(plan.participants) == 2 else "The leaders"
    for count in agreed_words:
        words = rng.choices(world.vocabulary, cum_weights=world.vocabulary_weights, k=count)
        paragraphs.append(f"{subject} agreed to {' '.join(words)}.")
    paragraphs.append(f"({SYNTHETIC_NOTE.capitalize()}.)")
    return "\n\n".join(paragraphs).replace(_JOINER, " ") + "\n"


def corpus_fingerprint(size: int, seed: int, world: World) -> str:
    key = json.dumps([GENERATOR_VERSION, size, seed, world.topics, len(world.countries)])
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def generate_corpus(size: int, seed: int, out_dir: Path) -> dict:
    """Write `size` readouts to out_dir/readouts/ and return the manifest (also written)."""
    world = build_world(seed)
    plans = plan_corpus(size, seed, world)
    readouts = out_dir / "readouts"
    if out_dir.exists():
        shutil.rmtree(out_dir)
    readouts.mkdir(parents=True)
    for plan in plans:
        path = readouts / f"synthetic-{plan.index:06d}.txt"
        path.write_text(render(plan, world, seed), encoding="utf-8")
    manifest = build_manifest(size, seed, world, plans)
    (out_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out_dir / "README.md").write_text(
        f"# Synthetic benchmark corpus ({size} readouts, seed {seed})\n\n"
        "Generated by `bench/generate.py`. Every readout here is synthetic benchmark data, not a "
        "real document: invented people, pseudo-word text, planted marker words. Do not import it "
        "into a real archive; `bench/run.py` imports it into its own database only.\n",
        encoding="utf-8",
    )
    return manifest


def build_manifest(size: int, seed: int, world: World, plans: list[Plan]) -> dict:
    markers: dict[str, list[int]] = {}
    for plan in plans:
        for word in plan.markers:
            markers.setdefault(word, []).append(plan.index)
    phrases: dict[str, dict[str, list[int]]] = {}
    for first, second in phrase_pairs():
        key = f"{first} {second}"
        phrases[key] = {
            "adjacent": [p.index for p in plans if key in p.phrases],
            "apart": [p.index for p in plans if (first, second) in p.apart],
        }
    return {
        "fingerprint": corpus_fingerprint(size, seed, world),
        "size": size,
        "seed": seed,
        "publisher": PUBLISHER,
        "synthetic": True,
        "marker_shares": MARKER_SHARES,
        "markers": {word: sorted(ids) for word, ids in markers.items()},
        "phrases": phrases,
        "no_hit_words": list(NO_HIT_WORDS),
        "topics": [list(t) for t in world.topics],
        # Per readout: date, party codes (host first), kind, participants, statements, agreed points.
        "readouts": [
            [
                p.held_on.isoformat(),
                [person.country for person in p.participants],
                p.kind,
                len(p.participants),
                p.statements,
                p.agreed,
                p.topics,
            ]
            for p in plans
        ],
    }


def ensure_corpus(size: int, seed: int = 1, root: Path | None = None) -> tuple[Path, dict, bool]:
    """The corpus folder for size+seed, generated only when missing or stale; (dir, manifest, new)."""
    out_dir = (root or ROOT / "bench" / "corpus") / f"{size}-s{seed}"
    manifest_path = out_dir / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        world = build_world(seed)
        files = sum(1 for _ in (out_dir / "readouts").glob("*.txt"))
        if manifest.get("fingerprint") == corpus_fingerprint(size, seed, world) and files == size:
            return out_dir, manifest, False
    return out_dir, generate_corpus(size, seed, out_dir), True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "corpus")
    args = parser.parse_args(argv)
    out_dir, manifest, new = ensure_corpus(args.size, args.seed, args.out)
    state = "generated" if new else "up to date"
    print(f"{out_dir}: {manifest['size']} synthetic readouts ({state})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
