"""Personal names and roles: honorifics, "SURNAME Given" capitals, role vocabulary."""

from __future__ import annotations

import re
from typing import Final

# Courtesy titles that are neither name nor role (longest first where one contains another).
HONORIFICS = tuple(
    """
    Their Excellencies|His Excellency|Her Excellency|H.E.|H. E.|H.H.|H. H.|His Majesty|Her Majesty
    His Royal Highness|Her Royal Highness|His Holiness|His Eminence|Her Eminence|Cardinal|His All Holiness|His Highness|Her Highness|HRH|The Right Honourable
    the Right Honourable|Right Honourable|The Rt Hon.|The Rt. Hon.|The Rt Hon|the Rt Hon
    Rt Hon|Rt. Hon.|The Honourable|the Honourable|The Honorable|the Honorable|Honourable
    Honorable|The Hon.|the Hon.|The Hon|the Hon|Hon.|Hon|Dato' Seri Utama|Dato’ Seri Utama|Datuk Seri Utama|Dato' Seri
    Dato’ Seri|Dato' Sri|Dato’ Sri|Datuk Seri|Dato Sri|Dato|Dato'
    Dato’|Datuk|Tan Sri|Tun|Shri|Shrimati|Smt.|Smt|Mr.|Mr|Mrs.|Mrs|Ms.|Ms|Miss|Mme.|Mme
    Madam|Dr.|Dr|Prof.|Professor|Amb.|Sheikh|Sheikha|Sir|Dame|Lord
    Lt. Gen.|Lt Gen|Lieutenant General|Maj. Gen.|Maj Gen|Major General|Gen.|Adm.|Admiral
    Air Chief Marshal|HE|Yang Amat Berhormat|Yang Berhormat|Yang Amat Mulia|Yang Mulia
    Dato Seri Setia|Dato Seri Paduka|Dato Paduka|Dato Seri|Awang|Dayang|Sayyid|YB|YAB
    Mallam
    """.replace("\n", "|").split("|")
)
HONORIFICS = tuple(h.strip() for h in HONORIFICS if h.strip())


def _honorific_pattern(words: tuple[str, ...]) -> str:
    """The alternation of `words` laid out as a trie: a position is read once, not once per word.
    Its optional tails are greedy, so the longest word is tried first, as in an alternation sorted
    longest first. No word starts inside a word or after "." or "-": the look behind follows the
    first letter, so that the pattern opens with a choice of letters, which the regex engine skips
    to directly rather than trying every position."""
    root: dict = {}
    for word in words:
        if not ("A" <= word[:1] <= "Z" or word[:1] == "t"):
            continue  # titles open with a capital, or "the"
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    branches = [re.escape(c) + r"(?<![\w.-].)" + _trie_node(n) for c, n in root.items()]
    return "(?:" + "|".join(branches) + r")(?=\s|$|,)"


def _trie_node(node: dict) -> str:
    branches = [re.escape(char) + _trie_node(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return "(?:" + body + ")?" if "" in node else body


HONORIFIC_RE: Final = re.compile(_honorific_pattern(HONORIFICS))

# Words that make up roles ("State Councilor and Foreign Minister"); lower case.
ROLE_WORDS: Final = frozenset(
    [
        # "The President of the Republic, Emmanuel Macron": France's office, no name.
        "republic",
        "minister",
        "ministers",
        "foreign",
        "prime",
        "president",
        "presidents",
        "vice",
        "deputy",
        "secretary",
        "secretaries",
        "state",
        "councilor",
        "councillor",
        "counsellor",
        "counselor",
        "affairs",
        "of",
        "for",
        "and",
        "the",
        "external",
        "defence",
        "defense",
        "trade",
        "finance",
        "high",
        "representative",
        # "the UNDP Resident Representative in Egypt": a programme's envoy, no name.
        "resident",
        "commission",
        "commissioner",
        "general",
        "director",
        "ambassador",
        "special",
        "envoy",
        "chairman",
        "chairwoman",
        "chair",
        "chairperson",
        "member",
        "political",
        "bureau",
        "central",
        "committee",
        "spokesperson",
        "under",
        "assistant",
        "national",
        "security",
        "adviser",
        "advisor",
        "chief",
        "cabinet",
        "leader",
        "leaders",
        "head",
        "heads",
        "governor",
        "ruler",
        "king",
        "queen",
        "emir",
        "amir",
        "crown",
        "prince",
        "princess",
        "sultan",
        "chancellor",
        "premier",
        "federal",
        "council",
        "senior",
        "first",
        "lady",  # "First Lady Jill Biden"
        "parliamentary",
        "majesty",
        "royal",
        "highness",
        "executive",
        "union",
        "united",
        "extraordinary",
        "intergovernmental",
        "plenipotentiary",
        "policy",
        "international",
        "cooperation",
        "development",
        "economy",
        "economic",
        "industry",
        "commerce",
        "interior",
        "home",
        "justice",
        "culture",
        "education",
        "health",
        "energy",
        "environment",
        "climate",
        "science",
        "technology",
        "agriculture",
        "investment",
        "digital",
        "office",
        "officer",
        "senator",
        "party",
        "government",
        "mayor",
        "speaker",
        "overseas",
        "commonwealth",
        "europe",
        "european",
        "presidential",
        "permanent",
        "minister-president",
        "in",
        "charge",
        "coordinating",
        "counterpart",
        "counterparts",
        "ministry",
        "department",
        "relations",
        "planning",
        "strategy",
        "strategic",
        "military",
        "armed",
        "forces",
        "navy",
        "army",
        "staff",
        "communist",
        "people's",
        "congress",
        "standing",
        "parliament",
        "assembly",
        "legislative",
        "house",
        "delegation",
        "transport",
        "infrastructure",
        "labour",
        "labor",
        "employment",
        "social",
        "welfare",
        "women",
        "youth",
        "sports",
        "tourism",
        "competition",
        "competitiveness",
        "information",
        "communications",
        "media",
        "maritime",
        "fisheries",
        "water",
        "resources",
        "mining",
        "petroleum",
        "oil",
        "gas",
        "treasury",
        "budget",
        "revenue",
        "internal",
        "administration",
        # "UNDP Administrator Achim Steiner": the head of a UN programme.
        "administrator",
        "public",
        "service",
        "services",
        "land",
        "lands",
        "housing",
        "urban",
        "rural",
        "region",
        "regional",
        "integration",
        "diaspora",
        "expatriates",
        "league",
        "states",
        "arab",
        "nations",
        "organization",
        "organisation",
        "organizations",
        "organisations",
        "community",
        "islamic",
        "emigration",
        "worship",
        "francophonie",
        "communities",
        "emigrants",
        "nationals",
        "citizens",
        "abroad",
        "consular",
        "bilateral",
        "aid",
        "human",
        "mobility",
        "delegate",
        "multilateral",
        "protocol",
        "undersecretary",
        "under-secretary",
        "co-chair",
        "acting",
        "incoming",
        "outgoing",
        "former",
        "designate",
        "elect",
        "principal",
        "private",
        "inter-parliamentary",
        "unification",
        "reunification",
        "veterans",
        "trustee",
        "commander",
        "colonel",
        "navy",
        "admiral",
        "field",
        "marshal",
        "lieutenant",
        "major",
        "captain",
        "his",
        "her",
        "their",
        "its",
        "affair",
        "taoiseach",
        "tanaiste",
        "tánaiste",
        "pope",
        "pontiff",
        # "the Holy Father Leo XIV": the Pope, as the Holy See calls him.
        "holy",
        "father",
        "cardinal",
        "archbishop",
        "duke",
        "grand",
        "ayatollah",
        "cpc",
        "ccp",
        "cpv",
        "un",
        # "President of the ICRC", "Managing Director of the IMF": no one's name.
        "icrc",
        "imf",
        "wto",
        "iaea",
        "oecd",
        "managing",
        "nato",
        "asean",
        "g7",
        "g20",
        "brics",
        "sco",
        "osce",
        "oas",
        "au",
        "opec",
        "who",
        # The UN's funds, programmes and entities and the agencies beside it, whose acronym
        # before an office ("the UNDP Administrator") names a body, not the officer.
        "undp",
        "unicef",
        "unfpa",
        "unrwa",
        "unep",
        "unaids",
        "un-habitat",
        "wfp",
        "unhcr",
        "ocha",
        "unctad",
        "unodc",
        "unesco",
        "iaea",
        "fao",
        "wto",
        "imf",
        "oecd",
        "eu",
        "ec",
        "hr/vp",
        # Portfolios and regions in long titles ("Minister of Export Promotion, International
        # Trade and Economic Development", "Special Envoy for the Middle East and Africa").
        "export",
        "promotion",
        "small",
        "business",
        "enterprises",
        "entrepreneurship",
        "competitiveness",
        "innovation",
        "industries",
        "immigration",
        "refugees",
        "citizenship",
        "emergency",
        # "Under-Secretary-General for Humanitarian Affairs and Emergency Relief Coordinator",
        # "UN Special Coordinator for Lebanon".
        "humanitarian",
        "relief",
        "coordinator",
        "preparedness",
        "middle",
        "east",
        "eastern",
        "western",
        "africa",
        "african",
        "asia",
        "asian",
        "indo",
        "pacific",
        "arctic",
        "gulf",
        "americas",
        "latin",
        "caribbean",
        "balkans",
        "sahel",
        "north",
        "northern",
        "south",
        "southern",
        "america",
        "oceania",
        # "Deputy Minister for Legal and International Affairs", "Under Secretary for Arms
        # Control and International Security", "Minister for Human Rights and Migration".
        "legal",
        "treaty",
        "treaties",
        "rights",
        "migration",
        "arms",
        "control",
        "disarmament",
        "non-proliferation",
        "nonproliferation",
    ]
)

# Small words allowed inside a name ("Abdullah bin Zayed Al Nahyan", "Ursula von der Leyen").
NAME_PARTICLES: Final = frozenset(
    [
        "bin",
        "binti",
        "bint",
        "ibn",
        "al",
        "al-",
        "el",
        "de",
        "da",
        "das",
        "dos",
        "do",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "du",
        "la",
        "le",
        "y",
        "di",
    ]
)

NAME_SUFFIXES: Final = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III"})
# Letters after a name ("the Hon. Anthony Albanese MP"): neither name nor role.
POST_NOMINALS: Final = frozenset(
    {"MP", "M.P.", "MEP", "MLA", "MPP", "MHA", "QC", "KC", "SC", "OBE", "CBE", "KBE", "MBE", "CMG"}
    | {"KCMG", "GCMG", "KCB", "GCB", "CH", "PC", "AC", "AO", "AM", "FRS", "Esq.", "Esq"}
    # Nigerian and Kenyan national honours ("Yusuf Maitama Tuggar, OON", "X, EGH").
    | {"GCFR", "GCON", "CFR", "CON", "OFR", "OON", "MFR", "MON", "EGH", "EBS", "CBS", "MBS", "MGH"}
    | {"OGW", "HSC", "PhD", "Ph.D."}
    # Members of Ireland's Dáil, Scotland's Parliament, a Legislative Council.
    | {"TD", "T.D.", "MSP", "MLC"}
)
_UPPER_WORD_RE: Final = re.compile(r"^[A-Z][A-Z'’-]+$")


def _is_initial(token: str) -> bool:
    """An initial ("J."): a capital A-Z and a full stop."""
    return len(token) == 2 and token[1] == "." and "A" <= token[0] <= "Z"


# Names whose first word is "Sheikh" as a name, not a title: Bangladesh's Sheikh Hasina (Wazed),
# Sheikh Mujibur Rahman, Sheikh Rehana.
_NAMED_SHEIKHS: Final = frozenset(["Hasina", "Mujibur", "Rehana"])


def strip_honorifics(text: str) -> str:
    """Remove courtesy titles and collapse the whitespace they leave.

    A title right after a word of a name is part of that name: "Hassan Sheikh Mohamud" keeps its
    "Sheikh", where "Sheikh Abdullah bin Zayed" and "Senator the Hon Penny Wong" lose theirs. So
    does a name known to open with it ("Sheikh Hasina")."""
    kept: list[str] = []
    last = 0
    for m in HONORIFIC_RE.finditer(text):
        before = text[last : m.start()]
        if before.strip() and _is_name_word(before.split()[-1]):
            continue  # after a name word: kept, with the text around it
        if m.group() == "Sheikh" and _next_word(text, m.end()) in _NAMED_SHEIKHS:
            continue  # part of the name that follows
        kept += (before, " ")
        last = m.end()
    if not kept:
        return " ".join(text.split())
    kept.append(text[last:])
    return " ".join("".join(kept).split())


def _next_word(text: str, start: int) -> str:
    """The word after `start`, without the punctuation that ends it."""
    words = text[start:].split(maxsplit=1)
    return words[0].rstrip(",.;:") if words else ""


def _is_name_word(word: str) -> bool:
    """Whether a word before a title is part of a name: capitalised, no office, no clause end."""
    return word[:1].isupper() and word[-1:] not in ",;:" and not is_role_word(word)


# "King Abdullah II", "Charles III": a regnal number stays in capitals.
# ("XI" and "LI" are surnames in capitals, "V" and "X" initials.)
_ROMAN_RE: Final = re.compile(r"(?:II|III|IV|VI|VII|VIII|IX|XII|XIII|XIV|XV|XVI)[,.;:]?")


def normalise_name_token(token: str) -> str:
    """ "HAYASHI" -> "Hayashi"; Japanese releases print surnames in capitals."""
    if len(token) > 1 and _UPPER_WORD_RE.match(token) and not _ROMAN_RE.fullmatch(token):
        if len(token) == 2 and _VOWEL_RE.search(token) is None:
            return token  # "JD Vance", "MK Stalin": initials, not a surname ("LI Qiang")
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


_VOWEL_RE: Final = re.compile(r"[AEIOUY]")
# "Mohamad bin Haji Hasan": a father's title inside a Malay name, no name of its own.
_PILGRIM_TITLES: Final = frozenset(["Haji", "Hajah", "Hj.", "Hjh."])


def normalise_name(name: str) -> str:
    """Strip honorifics and capitals: "Mr. HAYASHI Yoshimasa" -> "Hayashi Yoshimasa"."""
    tokens = strip_honorifics(name).split()
    return " ".join(normalise_name_token(token) for token in tokens).strip(" ,;:")


def is_role_word(token: str) -> bool:
    word = token.strip(",.;:()").lower()
    if not word:
        return True
    if word in ROLE_WORDS:
        return True
    if "-" not in word and "/" not in word:
        return False
    parts = _HYPHEN_OR_SLASH_RE.split(word)
    return all(part in ROLE_WORDS or not part for part in parts)


_HYPHEN_OR_SLASH_RE: Final = re.compile(r"[-/]")


_NAME_ARTICLES: Final = frozenset(
    ["al", "el", "ad", "as", "ash", "ar", "az", "an", "ul", "ud", "ur"]
)


def is_name_token(token: str) -> bool:
    """A capitalised word that is not role vocabulary ("Qureshi", "J.", "HAYASHI")."""
    word = token.strip(',;:()"“”')
    if not word or word[-1] == "-":
        return False  # "China-" left of "China-U.S." once the country is cut out
    if token[0] == "(" and word.isupper() and token.rstrip(",;:")[-1:] == ")":
        # "head of the Federal Department of Foreign Affairs (FDFA)": a body's acronym.
        return False
    if not word[0].isupper():
        if word[0] in "'’ʻ" and word[1:2].isupper():
            return True  # "'Aisake Valu Eke": Tongan and Hawaiian names open with a glottal stop
        # "al-Sisi", "el-Erian": an article joined to a capitalised name.
        article, _, rest = word.partition("-")
        return article in _NAME_ARTICLES and rest[:1].isupper()
    return not is_role_word(word)


def name_aliases(name: str, text: str) -> tuple[str, ...]:
    """Shorter forms of a name that the text itself uses (surname alone, given name first)."""
    # "Ferdinand Marcos Jr." is "Marcos" for short: suffixes are not the surname.
    # A particle that opens the name is none: "Do Hung Viet" is Mr Do.
    tokens = [
        t
        for i, t in enumerate(name.split())
        if not (i and t.lower() in NAME_PARTICLES) and t not in NAME_SUFFIXES
    ]
    candidates: list[str] = []
    if len(tokens) > 1:
        candidates += [tokens[-1], tokens[0]]
        if len(tokens) > 2 and not _is_initial(tokens[-2]) and tokens[-2] not in _PILGRIM_TITLES:
            # "Bruno Rodríguez Parrilla" is "Rodríguez": a Spanish name's first surname.
            candidates.append(tokens[-2])
        # "Luiz Inácio Lula da Silva" is "Lula": the word before a particle is a surname too.
        words = name.split()
        candidates += [
            w
            for w, nxt in zip(words[1:-1], words[2:], strict=True)
            if nxt.lower() in NAME_PARTICLES and w.lower() not in NAME_PARTICLES
        ]
        middle_less = [t for t in tokens if not _is_initial(t)]
        if len(middle_less) != len(tokens):
            candidates.append(" ".join(middle_less))
    upper = " ".join(t.upper() if i == 0 else t for i, t in enumerate(name.split()))
    if upper != name:
        candidates.append(upper)
    found: list[str] = []
    # Only uses outside the full name count: "Jinping" inside "Xi Jinping" is not an alias.
    rest: str | None = None
    for alias in candidates:
        if len(alias) <= 1 or alias == name or alias in found or alias.endswith("."):
            continue  # "Md." of "Md. Touhid Hossain" is no name on its own
        if " " not in alias and alias not in text:
            continue  # nowhere in the text, so nowhere outside the full name: no copy needed
        if rest is None:
            rest = text.replace(name, " ").replace(upper, " ")
            head, _, suffix = name.rpartition(" ")
            if suffix in NAME_SUFFIXES:
                # "Joseph R. Biden, Jr.", "Biden, Jr" at a sentence's end.
                rest = rest.replace(f"{head}, {suffix}", " ").replace(f"{head}, {suffix[:2]}", " ")
        if _occurs_as_word(alias, rest):
            found.append(alias)
    return tuple(found)


def _occurs_as_word(word: str, text: str) -> bool:
    """Substring search (fast) confirmed by a look at the characters either side."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(word, start + 1)
    return False
