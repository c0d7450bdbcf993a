"""A meeting's PostgreSQL `search_vector`, computed in Python exactly as the database would.

PostgreSQL computes the vector with `to_tsvector('archive_porter', ...)` over four columns (see
migrations 0003 and 0005): title and agreed points weighted A, statements B, the whole source text
C, each with ASCII punctuation read as a space first, concatenated with `||`. Its text parser is
most of an import's database time, so the importer computes the same vector here (in its parse
worker processes) and sends it with the row; a trigger computes it in SQL for every other writer.
The importer sends it in tsvector's binary form (`meeting_vector_binary`), which the database
takes without parsing: reading a vector's text cost it about as much again as the rest of the
search row's insert.

After the punctuation is gone, PostgreSQL's parser only sees words (letters, with or without
digits), numbers, scientific numbers ("1e5") and blanks; words are lower-cased and stemmed with
Snowball's Porter stemmer (PyStemmer runs the same algorithm), numbers are kept as they are.
Positions count tokens from 1 and stop at 16,383; a lexeme keeps at most 255 positions within a
part and 256 after `||`, which shifts the right part's positions past the left part's last one.

Since migration 0016, words with letters beyond ASCII go through the `unaccent` dictionary before
the stemmer ("Çavuşoğlu" is indexed as "cavusoglu"). Its rules are the database's own: read from
it once per process (`read_unaccent`, called by `probe_matches`); until they are read, a text with
such a letter is left to the database.

`meeting_vector` (and `meeting_vector_binary`) return None for any text they cannot vouch for
(characters whose classification or lower case may differ in the database's locale, over-long
words, very large texts); the database then computes that row's vector. `probe_matches` compares both sides on a sample once per import
run, so a database whose locale classifies characters differently is never given Python vectors.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict, deque
from functools import lru_cache
from itertools import accumulate, chain, repeat

try:
    import Stemmer
except ImportError:  # pragma: no cover - listed in requirements.txt
    Stemmer = None

try:  # the usual case in C (archive/_vector.c), built with the compiled parser (archive/native.py)
    from . import _vector as _native
except ImportError:
    _native = None

MAX_POSITION = 16383  # PostgreSQL's MAXENTRYPOS - 1
PART_POSITIONS = 255  # positions kept per lexeme by to_tsvector
CONCAT_POSITIONS = 256  # ... and by tsvector || tsvector
MAX_TEXT = 200_000  # characters; beyond this the database computes the vector
MAX_TOKEN = 200  # characters; PostgreSQL skips or leaves unstemmed much longer ones

# In a text of safe characters (see `_safe_char`) a token is a run of letters and ASCII digits;
# ASCII punctuation separates tokens just as the space that replaces it in the database.
_ASCII_SEPARATORS = {c: " " for c in range(128) if not chr(c).isalnum()}
# ... except that a scientific number ("1e5") at the start of a token is a token of its own, as
# in PostgreSQL's parser: "12e3e4" is "12e3" and "e4".
_SCIENTIFIC = re.compile(r"[0-9]e[0-9]")
_SCIENTIFIC_START = re.compile(r"(?<![^\W_])[0-9]+e[0-9]")
_TOKEN_SCIENTIFIC = re.compile(r"[0-9]+e[0-9]+|[^\W_]+")
# A position as the tsvector's binary form holds it (14 bits of position, 2 of weight: A 3, B 2,
# C 1), big-endian, by weight and position, made once.
_CODES = {
    weight: [((bits << 14) | p).to_bytes(2, "big") for p in range(MAX_POSITION + 1)]
    for weight, bits in (("A", 3), ("B", 2), ("C", 1))
}
# What follows a lexeme and its terminating NUL in the binary form: its number of positions.
_COUNTS = [n.to_bytes(2, "big") for n in range(CONCAT_POSITIONS + 1)]
_USUAL_COUNTS = _COUNTS[:PART_POSITIONS]  # ... below the limits, where no lexeme reaches 255
# The same over UTF-8 bytes, each ASCII letter lower-cased: texts are split as bytes (faster).
_BYTE_SEPARATORS = bytes(
    (ord(chr(b).lower()) if chr(b).isalnum() else 32) if b < 128 else b for b in range(256)
)
_SCIENTIFIC_WORD = re.compile(rb"[0-9]+e[0-9]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Non-ASCII characters classed alike by Python and by the database's parser (checked over the whole
# of Unicode against glibc's C.UTF-8): letters of the Basic Multilingual Plane, and punctuation,
# symbols and spaces that separate words. Combining marks, digits other than ASCII's and other
# symbols are classed differently, so a text holding one is left to the database.
_SAFE_SEPARATORS = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "Zs"})
_SAFE_LETTERS = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo"})
# Lower-cased differently by Python (two characters; a final sigma) than by the database.
_UNSAFE = frozenset("\u0130\u03a3")

# What the database's `unaccent` dictionary makes of each lower-case letter beyond ASCII that it
# changes, lower-cased (for `str.translate`), and the letters whose replacement depends on their
# case, which Python cannot vouch for; None until read from the database (`read_unaccent`).
_UNACCENT: dict[int, str] | None = None
_UNACCENT_UNSAFE: frozenset[str] = frozenset()

# The sample compared with the database's own vector before an import trusts this module.
PROBE = (
    "Wang Yi’s talks — “running” 1990s G20s covid19 1e5x 12e3e4 2ee5 007 5th "
    "Erdoğan Çavuşoğlu naïve café straße Ωmega ΑΒΓ Лавров 中国 Dāvis « » … ¿ ¡ "
    "runs, ran; Nations-wide (U.S.) 3.5% $100 e-mail@example.org http://x.y/z"
)


@lru_cache(maxsize=4096)
def _safe_char(char: str) -> bool:
    if char in _UNSAFE or ord(char) > 0xFFFF:
        return False
    category = unicodedata.category(char)
    return category in _SAFE_LETTERS or category in _SAFE_SEPARATORS


@lru_cache(maxsize=1)
def _porter():
    # Words are remembered in `_STEMS` instead: the stemmer's own cache (10,000 words) was
    # smaller than the vocabulary of a few hundred readouts, so it stemmed nearly every word of
    # every readout again (a third of a vector's time).
    return Stemmer.Stemmer("porter", 0)


# Stems of the words seen so far in this process, up to STEM_CACHE_WORDS (a few MB).
STEM_CACHE_WORDS = 50_000
_STEMS: dict[str, str] = {}
# Lexemes by word, both in UTF-8, each lexeme followed by its NUL (None: see `_learn`); as many.
_LEXEMES: dict[bytes, bytes | None] = {}


def available() -> bool:
    return Stemmer is not None


def _tokens(text: str, separators: dict[int, str]) -> list[str] | None:
    """The words and numbers of `text`, lower-cased, in order: the tokens the database's parser
    finds after the punctuation is replaced (None when one is too long to vouch for)."""
    text = text.lower()
    if _SCIENTIFIC.search(text) and _SCIENTIFIC_START.search(text):
        tokens = _TOKEN_SCIENTIFIC.findall(text)
    else:
        tokens = text.translate(separators).split()
    if tokens and max(map(len, tokens)) > MAX_TOKEN:
        return None
    return tokens


def stem(word: str) -> str | None:
    """The lexeme of one lower-cased word, as `archive_porter` makes it (None without PyStemmer)."""
    found = _STEMS.get(word)
    if found is None:
        if Stemmer is None:
            return None
        if len(_STEMS) > STEM_CACHE_WORDS:
            _STEMS.clear()
        found = _STEMS[word] = _porter().stemWord(word) or word
    return found


def _lexemes(parts: list[list[str]]) -> list[str]:
    """The parts' tokens stemmed, one list: Porter leaves numbers alone (its suffixes are
    letters); a word it reduces to nothing ("s") stays as it is, as in PostgreSQL."""
    stems = _STEMS
    if len(stems) > STEM_CACHE_WORDS:
        stems.clear()  # memory stays flat over any number of readouts
    parts = [[t if t.isascii() else _unaccented(t) for t in part] for part in parts]
    missing = [word for word in set().union(*parts) if word not in stems]
    if missing:
        for word, stem in zip(missing, _porter().stemWords(missing), strict=True):
            stems[word] = stem or word
    return [stems[token] for part in parts for token in part]


def meeting_vector(title: str, agreed_text: str, statements_text: str, source_text: str):
    """The `search_vector` of a meeting as tsvector text, or None to leave it to the database."""
    binary = meeting_vector_binary(title, agreed_text, statements_text, source_text)
    return None if binary is None else as_text(binary)


def meeting_vector_binary(
    title: str, agreed_text: str, statements_text: str, source_text: str
) -> bytes | None:
    """The `search_vector` of a meeting in tsvector's binary form (what COPY ... FORMAT BINARY
    and a binary parameter take: no text for the database to parse), or None to leave it to the
    database."""
    if Stemmer is None:
        return None
    texts = (title, agreed_text, statements_text, source_text)
    if sum(map(len, texts)) > MAX_TEXT:
        return None
    if all(map(str.isascii, texts)):
        raw = [text.encode() for text in texts]
    else:
        found = set(_NON_ASCII.findall("".join(texts)))
        if not all(map(_safe_char, found)) or not _unaccent_known(found):
            return None
        separators = [c for c in found if not c.isalpha()]
        raw = [_utf8_text(text, separators) for text in texts]
    known = _LEXEMES
    if len(known) > STEM_CACHE_WORDS:
        known.clear()  # memory stays flat over any number of readouts
    if _native is not None:
        # The C code does the usual case below without a Python object per token; it returns
        # the words it has no lexeme for (learnt here, then asked again), or None for what it
        # leaves to the code below (long texts, unusual words, a lexeme at 255 positions).
        vector = _native.vector(raw, known)
        if type(vector) is list:
            _learn(set(vector))
            vector = _native.vector(raw, known)
        if type(vector) is bytes:
            return vector
    parts = [text.translate(_BYTE_SEPARATORS).split() for text in raw]
    words = parts[0] + parts[1] + parts[2] + parts[3]
    if len(words) > MAX_POSITION:
        return _long(texts, parts, words)
    # Usually no lexeme reaches a limit: then `||` only numbers each part's tokens on from the
    # previous part's, and each lexeme's codes are those of its tokens' positions. The codes are
    # grouped by word in C loops (a map over a defaultdict), then by lexeme.
    a = len(parts[0]) + len(parts[1])
    b = a + len(parts[2])
    codes = _CODES["A"][1 : a + 1] + _CODES["B"][a + 1 : b + 1]
    codes += _CODES["C"][b + 1 : len(words) + 1]
    by_word: defaultdict[bytes, list[bytes]] = defaultdict(list)
    deque(map(list.append, map(by_word.__getitem__, words), codes), 0)
    try:
        lexemes = list(map(known.__getitem__, by_word))
    except KeyError:
        _learn(set(by_word).difference(known))
        lexemes = list(map(known.__getitem__, by_word))
    vector = dict(zip(lexemes, by_word.values(), strict=True))
    if len(vector) < len(lexemes):
        vector = _merged(lexemes, by_word.values())
    if None in vector:
        return _unusual_words(texts)
    try:
        return _binary(vector, _USUAL_COUNTS)
    except IndexError:  # a lexeme at 255 positions or more
        pass
    if _limited(vector, list(map(len, parts))):
        return _binary(vector)
    return _binary(_by_parts(list(map(known.__getitem__, words)), list(map(len, parts))))


def _long(
    texts: tuple[str, str, str, str], parts: list[list[bytes]], words: list[bytes]
) -> bytes | None:
    """The vector of texts of more than 16,383 tokens."""
    try:
        lexemes = list(map(_LEXEMES.__getitem__, words))
    except KeyError:
        _learn(set(words).difference(_LEXEMES))
        lexemes = list(map(_LEXEMES.__getitem__, words))
    if None in lexemes:
        return _unusual_words(texts)
    return _binary(_by_parts(lexemes, list(map(len, parts))))


def _merged(lexemes: list, lists) -> dict:
    """{lexeme: codes} from each word's lexeme and codes, the codes of the words that share a
    lexeme ("meet", "meeting") in position order."""
    vector: dict = {}
    shared = set()
    for lexeme, codes in zip(lexemes, lists, strict=True):
        into = vector.get(lexeme)
        if into is None:
            vector[lexeme] = codes
        else:
            into += codes
            shared.add(lexeme)
    for lexeme in shared:
        vector[lexeme].sort(key=_position)
    return vector


def _position(code: bytes) -> int:
    return int.from_bytes(code, "big") & MAX_POSITION


def _utf8_text(text: str, separators: list[str]) -> bytes:
    """A text holding non-ASCII characters lower-cased, its non-ASCII `separators` made spaces,
    in UTF-8: its tokens (as `_tokens` finds them when no scientific number starts one) are then
    split as those of an ASCII text."""
    text = text.lower()
    for separator in separators:
        if separator in text:
            text = text.replace(separator, " ")
    return text.encode()


def _learn(words: set[bytes]) -> None:
    """Remember the lexemes of new words (UTF-8) in `_LEXEMES`, NUL-terminated; None for a word
    split otherwise when a scientific number starts it, or too long to vouch for."""
    ordered = list(words)
    plain = [word if word.isascii() else _unaccented(word.decode()).encode() for word in ordered]
    for word, lexeme in zip(ordered, _porter().stemWords(plain), strict=True):
        unusual = _SCIENTIFIC_WORD.match(word) or len(word.decode()) > MAX_TOKEN
        _LEXEMES[word] = None if unusual else (lexeme or word) + b"\0"


def _unusual_words(texts: tuple[str, str, str, str]) -> bytes | None:
    """The vector of texts with a scientific number starting a word, or an over-long word."""
    separators = _ASCII_SEPARATORS
    found = set(_NON_ASCII.findall("".join(texts)))
    if found:
        separators = {**separators, **{ord(c): " " for c in found if not c.isalpha()}}
    parts = [_tokens(text, separators) for text in texts]
    if None in parts:
        return None
    lexemes = [lexeme.encode() + b"\0" for lexeme in _lexemes(parts)]
    return _binary(_by_parts(lexemes, list(map(len, parts))))


def _limited(vector: dict[bytes, list[bytes]], sizes: list[int]) -> bool:
    """Keep at most 255 positions of a lexeme in each part and 256 in all, in place, in a vector
    numbered as in the usual case; False (and the vector spoilt) when that numbering is wrong:
    a part's last token was one of those dropped, so `||` shifts the next part by less."""
    ends = list(accumulate(sizes[:3]))  # the last position of each part but the source text
    for lexeme in [lexeme for lexeme, codes in vector.items() if len(codes) >= PART_POSITIONS]:
        codes = vector[lexeme]
        positions = [int.from_bytes(code, "big") & MAX_POSITION for code in codes]
        kept: list[bytes] = []
        start = 0
        for end in [*ends, MAX_POSITION]:
            stop = bisect_right(positions, end, start)
            take = min(stop - start, PART_POSITIONS, CONCAT_POSITIONS - len(kept))
            if take < stop - start and end in positions[start + take : stop]:
                return False
            kept += codes[start : start + take]
            start = stop
        vector[lexeme] = kept
    return True


def _by_parts(lexemes: list[bytes], sizes: list[int]) -> dict[bytes, list[bytes]]:
    """The vector as `to_tsvector` makes each part and `||` joins them (see the module
    docstring), {NUL-terminated lexeme: codes}, from the parts' lexemes (`sizes` of each)."""
    vector: dict[bytes, list[bytes]] = {}
    last: dict[bytes, int] = {}  # the last position of each lexeme's codes
    shift = start = 0
    for size, weight in zip(sizes, "AABC", strict=True):
        codes = _CODES[weight]
        part: defaultdict[bytes, list[int]] = defaultdict(list)
        positions = range(1, size + 1)
        if size > MAX_POSITION:
            positions = chain(range(1, MAX_POSITION), repeat(MAX_POSITION, size - MAX_POSITION + 1))
        deque(map(list.append, map(part.__getitem__, lexemes[start : start + size]), positions), 0)
        start += size
        top = shift
        for lexeme, found in part.items():
            into = vector.setdefault(lexeme, [])
            room = min(CONCAT_POSITIONS - len(into), PART_POSITIONS)
            if room <= 0 or (into and last[lexeme] == MAX_POSITION):
                continue
            kept = list(map(shift.__add__, found[:room]))
            if kept[-1] >= MAX_POSITION:
                kept = [min(p, MAX_POSITION) for p in kept]
                kept = kept[: kept.index(MAX_POSITION) + 1]
            into += map(codes.__getitem__, kept)
            last[lexeme] = kept[-1]
            top = max(top, kept[-1])
        shift = top
    return vector


def _binary(vector: dict[bytes, list[bytes]], counts: list[bytes] = _COUNTS) -> bytes:
    """tsvector's binary form (PostgreSQL's tsvectorsend) of {NUL-terminated lexeme: codes}: the
    number of lexemes, then each lexeme in the database's order (bytewise) with its NUL, its
    number of positions and the positions, ascending."""
    out = [len(vector).to_bytes(4, "big")]
    for lexeme in sorted(vector):
        codes = vector[lexeme]
        out.append(lexeme)
        out.append(counts[len(codes)])
        out += codes
    return b"".join(out)


def as_text(binary: bytes) -> str:
    """tsvector text ('lexeme':1A,2B ...) of a vector in binary form."""
    words, at = [], 4
    for _ in range(int.from_bytes(binary[:4], "big")):
        end = binary.index(b"\0", at)
        lexeme = binary[at:end].decode()
        count = int.from_bytes(binary[end + 1 : end + 3], "big")
        at = end + 3
        labels = []
        for _ in range(count):
            code = int.from_bytes(binary[at : at + 2], "big")
            labels.append(f"{code & 0x3FFF}{'DCBA'[code >> 14]}")
            at += 2
        words.append(f"'{lexeme}':{','.join(labels)}")
    return " ".join(words)


def _unaccent_known(chars: set[str]) -> bool:
    """Whether the non-ASCII characters of a text are all ones whose unaccented form is known."""
    if _UNACCENT is None:
        return not any(map(str.isalpha, chars))
    return not (_UNACCENT_UNSAFE and _UNACCENT_UNSAFE.intersection(chars))


def _unaccented(word: str) -> str:
    """A lower-cased word as the `unaccent` dictionary leaves it, lower-cased again."""
    return word.translate(_UNACCENT) if _UNACCENT else word


def read_unaccent(cursor) -> None:
    """Read the database's `unaccent` rules for every letter this module may meet (the letters of
    the Basic Multilingual Plane beyond ASCII): one query, once per process.

    The database applies them to a word before lower-casing it; this module to a lower-cased word.
    A capital whose two results differ is left to the database (`_UNACCENT_UNSAFE`); the texts
    are checked for it before they are lower-cased."""
    global _UNACCENT, _UNACCENT_UNSAFE
    if _UNACCENT is not None:
        return
    letters = [
        chr(code)
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code)) in _SAFE_LETTERS and chr(code) not in _UNSAFE
    ]
    cursor.execute(
        "SELECT c, lower(unaccent(c)), lower(unaccent(lower(c))) "
        "FROM unnest(%s::text[]) AS c WHERE unaccent(c) <> c OR unaccent(lower(c)) <> lower(c)",
        [letters],
    )
    table: dict[int, str] = {}
    unsafe = set()
    for letter, from_letter, from_lower in cursor.fetchall():
        lower = letter.lower()
        if from_letter != from_lower or len(lower) != 1:
            unsafe.add(letter)
        elif lower != from_lower:
            table[ord(lower)] = from_lower
    _UNACCENT_UNSAFE = frozenset(unsafe)
    _UNACCENT = table


def probe_matches(cursor) -> bool:
    """Whether this module's vector of PROBE is the database's (see the module docstring)."""
    if Stemmer is None:
        return False
    read_unaccent(cursor)
    texts = [PROBE, PROBE[:40], PROBE[20:], PROBE]
    mine = meeting_vector(*texts)
    if mine is None:
        return False
    cursor.execute(
        f"SELECT %s::tsvector = {database_vector_sql()} "  # noqa: S608 - constant SQL
        "FROM (SELECT %s AS title, %s AS agreed_text, %s AS statements_text, %s AS source_text) t",
        [mine, *texts],
    )
    return bool(cursor.fetchone()[0])


def database_vector_sql(prefix: str = "") -> str:
    """The database's expression of the vector (migration 0005's trigger)."""
    return importlib.import_module("archive.migrations.0005_search_vector_trigger").vector_sql(
        prefix
    )
