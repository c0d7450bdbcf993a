"""Publisher table: who published a readout, told from the text's own cues.

One row per publisher. Adding a ministry is adding a row: its key, country, display name, weighted
cues found in its releases, and the phrases it uses for its own unnamed officials.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Publisher:
    key: str
    country: str
    name: str
    # (cue, weight): a weight of 3 is a signature on its own, 1 is merely typical, and a
    # negative weight takes back a cue that another publisher's phrasing contains. A cue is
    # literal text, or a regex marked "re:" that is tried on the header (first lines) only.
    cues: tuple[tuple[str, int], ...]
    # How the publisher refers to its own principal without naming a country.
    own_side: tuple[str, ...] = ()
    # Where callers on its own officials meet them when the text names no place (Singapore's
    # ministry tells a courtesy or farewell call on its minister without one).
    home_city: str | None = None


_KOREAN_SURNAME: Final = (
    "(?:Kim|Lee|Yi|Park|Pak|Cho|Choi|Chung|Jung|Jeong|Kang|Yoon|Yun|Han|Shin|Song|Hong|Ban|Yoo"
    "|Yu|Lim|Oh|Seo|Moon|Chang|Jang|Ahn|Hwang|Ko|Koh|Kwon|Nam|Noh|Roh|Baek|Bae|Jeon|Chun|Ryu)"
)

PUBLISHERS: Final[tuple[Publisher, ...]] = (
    Publisher(
        "cn-mfa",
        "CN",
        "Ministry of Foreign Affairs of the People's Republic of China",
        (
            ("Chinese side", 2),
            ("State Councilor", 2),
            ("held talks with", 1),
            ("held telephone talks with", 1),
            ("local time", 1),
            ("Holds Talks", 1),
            ("Holds Phone Call", 2),
            ("Holds Telephone Talks", 2),
            # "held telephone talks with X at request": the ministry's English for "at the
            # request of the other side".
            ("at request", 1),
            ("fmprc.gov.cn", 3),
            ("Wang Yi", 1),
            ("Xi Jinping", 1),
            ("Li Qiang", 1),
            ("pointed out that", 1),
            ("two heads of state", 1),
            ("Great Hall of the People", 2),
            ("CPC Central Committee", 1),
            ("Belt and Road", 1),
        ),
        ("the Chinese side", "China"),
    ),
    Publisher(
        "us-state",
        "US",
        "U.S. Department of State",
        (
            ("attributable to Spokesperson", 4),
            ("attributable to State Department Spokesperson", 4),
            ("Office of the Spokesperson", 3),
            ("OFFICE OF THE SPOKESPERSON", 3),
            # "The Secretary-General" (UN) and "The Secretary General" (NATO) are not the
            # Secretary of State, nor is "The Secretary of Foreign Affairs" (Mexico's, the
            # Philippines').
            (r"re:The Secretary\b(?![ -]General| of Foreign)", 2),
            (r"re:the Secretary\b(?![ -]General| of Foreign)", 1),
            ("state.gov", 3),
            (r"re:Secretary (?:of State )?[A-Z][\w.]*(?: [A-Z][\w.]*)* (?:met|spoke|held)", 1),
            # A remarks page's byline under "Remarks": "Daniel Hartwell, Secretary of State".
            (", Secretary of State\n", 2),
            # A transcript's label: "SECRETARY HARTWELL: Good morning, everyone."
            (r"re:^SECRETARY [A-Z][A-Z'’-]+:", 2),
        ),
        ("The Secretary", "the United States"),
    ),
    Publisher(
        "us-dod",
        "US",
        "U.S. Department of Defense",
        (
            ("Pentagon Press Secretary", 3),
            ("Readout of Secretary of Defense", 3),
            ("Readout of Deputy Secretary of Defense", 3),
            ("Readout of Secretary of War", 3),
            ("defense.gov", 3),
            ("war.gov", 3),
            ("Secretary of Defense", 1),
            ("Secretary of War", 1),
            ("SECRETARY OF DEFENSE", 3),
            ("Department of Defense", 1),
            ("Pentagon", 1),
            # A transcript's label, as the State Department's ("SECRETARY HALE: Good afternoon"):
            # with the Pentagon or the Department of Defense named, the Department's.
            (r"re:^SECRETARY [A-Z][A-Z'’-]+:", 2),
        ),
        ("The Secretary", "the United States"),
    ),
    Publisher(
        "us-whitehouse",
        "US",
        "The White House",
        (
            ("The White House", 2),
            ("BRIEFING ROOM", 3),
            ("Readout of President", 3),
            ("Readout of Vice President", 3),
            ("Readout of National Security Advisor", 3),
            ("whitehouse.gov", 3),
            ("The President", 1),
            ("Vice President Harris", 1),
            (r"re:President [A-Z][\w.]*(?: [A-Z][\w.,]*)* spoke", 2),
        ),
        ("The President",),
    ),
    Publisher(
        "uk-gov",
        "GB",
        "UK Government (Prime Minister's Office, FCDO)",
        (
            ("Downing Street spokesperson", 4),
            # The gov.uk headline, dated after a colon: "Prime Minister's call with President
            # Zelenskyy: 12 March 2025" (also where the spokesperson line was not copied).
            (r"re:^Prime Minister[^\n]*: \d{1,2} [A-Z][a-z]+ \d{4}[ \t]*$", 3),
            ("PM call", 3),
            ("PM meeting", 3),
            ("PM talks", 3),
            ("Foreign Secretary", 2),
            ("gov.uk", 3),
            ("UK", 1),
            ("Foreign, Commonwealth", 2),
        ),
        ("The Prime Minister", "The Foreign Secretary"),
    ),
    Publisher(
        "jp-mofa",
        "JP",
        "Ministry of Foreign Affairs of Japan",
        (
            ("The overview is as follows", 4),
            # Its own minister as the subject, the office after the name ("Mr. IWAYA Takeshi,
            # Minister for Foreign Affairs of Japan, held ..."); other ministries print the office
            # before the name ("... with Minister for Foreign Affairs of Japan Iwaya Takeshi") or
            # mention him ("an invitation from Mr. X, Minister for Foreign Affairs of Japan, to").
            (
                r"re:, Minister for Foreign Affairs of Japan, (?:held|had|hosted|met|paid|received"
                r"|attended|visited|made|co-chaired|delivered|exchanged|gave|took)\b",
                3,
            ),
            ("commencing at", 2),
            ("for approximately", 2),
            ("mofa.go.jp", 3),
        ),
        ("the Japanese side",),
    ),
    Publisher(
        "kr-mofa",
        "KR",
        "Ministry of Foreign Affairs of the Republic of Korea",
        (
            ("mofa.go.kr", 3),
            ("Korean side", 1),
            ("ROK-", 1),
            ("a phone conversation with", 1),
            ("Korean Peninsula", 1),
            ("The two ministers", 1),
            ("The two Ministers", 1),
            # Patterns last: the search stops once the row cannot win, before reaching them.
            # A Korean surname: "Minister of Foreign Affairs Bui Thanh Son held" is Viet Nam's.
            (
                rf"re:Minister of Foreign Affairs {_KOREAN_SURNAME}(?: [A-Z][\w-]*){{1,2}} (?:had|held)",
                2,
            ),
            (r"re:^Outcome of ", 2),
            (rf"re:^Foreign Minister {_KOREAN_SURNAME}(?: [A-Z][\w-]+)? (?:Holds|Meets|Has)\b", 2),
        ),
        ("the Korean side",),
    ),
    Publisher(
        "in-mea",
        "IN",
        "Ministry of External Affairs, India",
        (
            ("Shri ", 4),
            ("Smt ", 3),
            ("Smt. ", 3),
            ("External Affairs Minister", 2),
            # Another ministry names India's minister by his country; India's own releases do not.
            ("India's External Affairs Minister", -2),
            ("India’s External Affairs Minister", -2),
            ("EAM ", 2),
            ("mea.gov.in", 3),
            ("His Excellency", 1),
            ("The two leaders", 1),
        ),
        ("the Indian side",),
    ),
    Publisher(
        "ru-mid",
        "RU",
        "Ministry of Foreign Affairs of the Russian Federation",
        (
            ("Russian Foreign Minister", 3),
            ("Russian side", 2),
            # The page's time glued to its date, "20 February 202315:01", on a line of its own
            # or after the headline's place ("..., Moscow, 22 April 202513:05"); not glued to
            # a word as well ("... counterpart El-Mahdy22 September 202514:37": another site).
            # Each opens with what a search skips to: a line's first digit, or ", ".
            (r"re:^(?:[12]\d|3[01]|0?[1-9]) [A-Z][a-z]+ (?:19|20)\d{4}:\d\d", 3),
            (r"re:, (?:[12]\d|3[01]|0?[1-9]) [A-Z][a-z]+ (?:19|20)\d{4}:\d\d", 3),
            ("side's initiative", 2),
            ("Foreign Minister of the Russian Federation", 3),
            ("Foreign Minister Sergey Lavrov", 2),
            ("initiative of the", 1),
            ("mid.ru", 3),
            ("The ministers discussed", 1),
        ),
        ("the Russian side",),
    ),
    Publisher(
        "sg-mfa",
        "SG",
        "Ministry of Foreign Affairs, Singapore",
        (
            ("Minister for Foreign Affairs Dr", 4),
            ("Both Ministers", 1),
            ("mfa.gov.sg", 3),
            ("SINGAPORE", 2),
            ("MFA Press", 2),
            ("Singapore", 1),
        ),
        ("Singapore",),
        "Singapore",
    ),
    Publisher(
        "ca-gac",
        "CA",
        "Global Affairs Canada",
        (
            ("- Global Affairs Canada", 5),
            ("– Global Affairs Canada", 5),
            ("The Honourable", 1),
            ("Canada", 1),
        ),
        ("Canada",),
    ),
    Publisher(
        "eu-eeas",
        "EU",
        "European External Action Service",
        (("High Representative", 3), ("HR/VP", 3), ("EEAS", 3), ("the EU", 1)),
        ("The High Representative", "the EU"),
    ),
    # The Secretary-General's readouts, issued by his spokesperson ("Readout of the
    # Secretary-General's meeting with ..."); a readout that only mentions him is not one.
    Publisher(
        "un-sg",
        "UN",
        "United Nations, Spokesperson for the Secretary-General",
        (
            (r"re:^Readout of the (?:Deputy )?Secretary-General['’]s ", 3),
            ("Spokesperson for the Secretary-General", 3),
            ("un.org/sg", 3),
        ),
        ("The Secretary-General", "the United Nations"),
    ),
    # Publishers beyond the first dozen: signatures only, so a text they merely mention is not
    # taken for theirs.
    Publisher(
        "au-dfat",
        "AU",
        "Department of Foreign Affairs and Trade, Australia",
        (
            ("dfat.gov.au", 3),
            ("foreignminister.gov.au", 3),
            ("DFAT Media Liaison", 3),  # the release's contact line at its foot
            # Its own minister: her office with no country before "Senator", then "Senator Wong".
            ("Minister for Foreign Affairs Senator", 1),
            ("Minister for Foreign Affairs, Senator", 1),
            ("Senator Wong", 1),
            # The minister's own release: the author's line alone at the top, not a name in text.
            (r"re:^(?:Senator the Hon|The Hon) [A-Z][\w'’-]+ [A-Z][\w'’-]+(?: MP)?$", 3),
        ),
        ("Australia",),
    ),
    Publisher(
        "fr-meae",
        "FR",
        "Ministry for Europe and Foreign Affairs, France",
        (("Minister for Europe and Foreign Affairs", 3), ("diplomatie.gouv.fr", 3)),
        ("France",),
    ),
    Publisher(
        "de-gov",
        "DE",
        "Federal Government of Germany (Federal Chancellery, Federal Foreign Office)",
        (
            ("Government Spokesperson", 2),
            ("Federal Foreign Office", 3),
            # "Press release 330" over the headline: the Federal Government's numbered releases.
            (r"re:^Press release \d+(?:/\d+)?$", 2),
            ("Federal Chancellor", 1),
            ("bundesregierung.de", 3),
            ("auswaertiges-amt.de", 3),
            # The Federal Foreign Office's English pages name its minister by surname, without the
            # country another ministry would give ("German Foreign Minister Baerbock").
            ("Federal Foreign Minister", 2),
            ("Foreign Minister Baerbock", 2),
            ("Foreign Minister Annalena Baerbock", 2),
            ("Foreign Minister Wadephul", 2),
            ("Foreign Minister Johann Wadephul", 2),
            ("German Foreign Minister", -2),
            ("German Federal Foreign Minister", -4),
        ),
        ("Germany",),
    ),
    Publisher(
        "za-dirco",
        "ZA",
        "Department of International Relations and Cooperation, South Africa",
        (("International Relations and Cooperation", 3), ("DIRCO", 3), ("dirco.gov.za", 3)),
        ("South Africa",),
    ),
    Publisher(
        "ng-statehouse",
        "NG",
        "State House (Presidency), Nigeria",
        (
            # Signed "Bayo Onanuga / Special Adviser to the President (Information & Strategy)".
            ("Special Adviser to the President (Information", 3),
            ("statehouse.gov.ng", 3),
            ("Presidential Villa, Abuja", 2),
        ),
        ("Nigeria",),
    ),
    Publisher(
        "ch-fdfa",
        "CH",
        "Federal Department of Foreign Affairs (FDFA), Switzerland",
        (
            ("Federal Department of Foreign Affairs", 3),
            ("FDFA Communication", 3),
            ("eda.admin.ch", 3),
        ),
        ("Switzerland",),
    ),
    Publisher(
        "eg-mfa",
        "EG",
        "Ministry of Foreign Affairs, Egypt",
        (
            ("Official Spokesperson of the Ministry of Foreign Affairs", 2),
            ("Spokesperson and Director of Public Diplomacy", 3),
            ("mfa.gov.eg", 3),
        ),
        ("Egypt",),
    ),
    Publisher(
        "ph-dfa",
        "PH",
        "Department of Foreign Affairs, Philippines",
        (
            ("dfa.gov.ph", 3),
            ("Philippine ", 1),
            # Its own Secretary by name: "The Secretary" alone would be the State Department's.
            (r"re:Secretary (?:of Foreign Affairs )?(?:Enrique|Manalo|Ma\. Theresa|Lazaro)\b", 2),
            # "Philippines-Japan" names its own country first ("Japan-Philippines-U.S." does not).
            (r"re:(?<![-\w])Philippines-", 1),
        ),
        ("the Philippines",),
    ),
    Publisher(
        "fi-um",
        "FI",
        "Ministry for Foreign Affairs of Finland",
        (("Ministry for Foreign Affairs of Finland", 3), ("um.fi", 3)),
        ("Finland",),
    ),
    Publisher(
        "mx-sre",
        "MX",
        "Secretariat of Foreign Affairs, Mexico",
        (
            ("Foreign Affairs Secretariat", 3),
            ("Secretaría de Relaciones Exteriores", 3),
            ("gob.mx/sre", 3),
            # Its page label over the headline: "SRE | Press Release 231".
            (r"re:^SRE \| ", 4),
            # Its own Foreign Secretary by name: "Foreign Secretary" alone is the UK's.
            ("Secretary de la Fuente", 2),
            ("Foreign Secretary Juan Ramón de la Fuente", 2),
            # Its releases open with his office before his name: "The Secretary of Foreign
            # Affairs, Juan Ramón de la Fuente, received ..." ("Mexico's Secretary of Foreign
            # Affairs, ..." is another ministry's).
            (r"re:^The Secretary of Foreign Affairs, Juan Ramón de la Fuente\b", 2),
        ),
        ("Mexico",),
    ),
    Publisher(
        "qa-mofa",
        "QA",
        "Ministry of Foreign Affairs, Qatar",
        (
            ("mofa.gov.qa", 3),
            # "Doha / Information Office / January 30, 2025" over its releases.
            ("/ Information Office /", 3),
            ("State of Qatar", 1),
        ),
        ("Qatar",),
    ),
    Publisher(
        "ae-wam",
        "AE",
        "Emirates News Agency (WAM), United Arab Emirates",
        (("(WAM)", 3), ("Emirates News Agency", 3), ("wam.ae", 3)),
        ("the UAE",),
    ),
    Publisher(
        "jo-petra",
        "JO",
        "Jordan News Agency (Petra), Jordan",
        # Its dateline: "Amman, May 7 (Petra) -- Deputy Prime Minister ...".
        (("(Petra) --", 3), ("Jordan News Agency", 3), ("petra.gov.jo", 3)),
        ("the Kingdom", "Jordan"),
    ),
    Publisher(
        "sa-spa",
        "SA",
        "Saudi Press Agency (SPA), Saudi Arabia",
        (
            # Its dateline: "Riyadh, July 02, 2025, SPA -- His Royal Highness ...".
            (", SPA --", 3),
            ("Saudi Press Agency", 3),
            ("spa.gov.sa", 3),
            ("mofa.gov.sa", 3),
        ),
        ("the Kingdom", "Saudi Arabia"),
    ),
    Publisher(
        "tr-mfa",
        "TR",
        "Ministry of Foreign Affairs, Türkiye",
        (
            ("mfa.gov.tr", 3),
            # Its headlines: "No: 176, 15 August 2024, Press Release Regarding the ...", "Phone
            # Call of Minister of Foreign Affairs X with ...".
            ("Press Release Regarding", 3),
            ("Phone Call of Minister of Foreign Affairs", 3),
        ),
        ("the Turkish side", "Türkiye"),
    ),
    Publisher(
        "il-gov",
        "IL",
        "Government of Israel (Prime Minister's Office, Ministry of Foreign Affairs)",
        (("gov.il", 3), ("Prime Minister's Media Adviser", 3)),
        ("Israel",),
    ),
    Publisher(
        "pk-mofa",
        "PK",
        "Ministry of Foreign Affairs, Pakistan",
        (("mofa.gov.pk", 3), ("Deputy Prime Minister/Foreign Minister", 3)),
        ("Pakistan",),
    ),
    Publisher(
        "ie-dfa",
        "IE",
        "Department of Foreign Affairs, Ireland",
        (("dfa.ie", 3), ("gov.ie", 3), ("The Tánaiste", 2), ("The Tanaiste", 2)),
        ("Ireland",),
    ),
    Publisher(
        "pl-mfa",
        "PL",
        "Ministry of Foreign Affairs, Poland",
        (("gov.pl", 3), ("Ministry of Foreign Affairs Republic of Poland", 3)),
        ("Poland",),
    ),
    Publisher(
        "nz-mfat",
        "NZ",
        "New Zealand Government (Minister of Foreign Affairs)",
        (
            ("beehive.govt.nz", 3),
            ("mfat.govt.nz", 3),
            # The minister's release: the author's line alone at the top ("Rt Hon Winston
            # Peters", "Hon X").
            (r"re:^(?:Rt )?Hon [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)+$", 3),
        ),
        ("New Zealand",),
    ),
    Publisher(
        "ca-pmo",
        "CA",
        "Prime Minister of Canada",
        (
            ("pm.gc.ca", 3),
            # The Prime Minister as the subject of the release's own headline or opening.
            (
                r"re:^Prime Minister (?:Mark |Justin )?(?:Carney|Trudeau) (?:speaks|spoke|meets"
                r"|met|holds|held)\b",
                3,
            ),
        ),
        ("Canada",),
    ),
    Publisher(
        "au-pm",
        "AU",
        "Prime Minister of Australia",
        (
            ("pm.gov.au", 3),
            (
                r"re:^Prime Minister (?:Anthony )?Albanese (?:speaks|spoke|meets|met|welcomed"
                r"|welcomes|holds|held)\b",
                3,
            ),
        ),
        ("Australia",),
    ),
    Publisher(
        "lk-mfa",
        "LK",
        "Ministry of Foreign Affairs, Foreign Employment and Tourism, Sri Lanka",
        (("mfa.gov.lk", 3), ("Foreign Affairs, Foreign Employment and Tourism", 3)),
        ("Sri Lanka",),
    ),
    Publisher(
        "bd-mofa",
        "BD",
        "Ministry of Foreign Affairs, Bangladesh",
        (
            ("mofa.gov.bd", 3),
            # The interim government's foreign minister is its "Foreign Adviser"; others name
            # him too, so his title alone is no signature.
            ("Foreign Adviser", 1),
            (r"re:^Dhaka,\s+\d", 2),
        ),
        ("Bangladesh",),
    ),
    Publisher(
        "se-ud",
        "SE",
        "Government Offices of Sweden (Ministry for Foreign Affairs)",
        (
            ("government.se", 3),
            ("Government Offices of Sweden", 3),
            ("Press release from Ministry for Foreign Affairs", 3),
        ),
        ("Sweden",),
    ),
    Publisher(
        "cl-minrel",
        "CL",
        "Ministry of Foreign Affairs of Chile",
        (("minrel.gob.cl", 3), ("José Miguel Carrera building", 3)),
        ("Chile",),
    ),
    Publisher(
        "ar-mrecic",
        "AR",
        "Ministry of Foreign Affairs, International Trade and Worship, Argentina",
        (
            ("cancilleria.gob.ar", 3),
            # Its releases: "Information for the Press N° 112/25", opened by its minister's
            # office in full ("The Minister of Foreign Affairs, International Trade and Worship,
            # X, received ..."); others name the office too, so the office alone is no signature.
            ("Information for the Press N°", 3),
            (r"re:^The Minister of Foreign Affairs, International Trade and Worship\b", 2),
            ("Foreign Affairs, International Trade and Worship", 1),
        ),
        ("Argentina",),
    ),
    Publisher(
        "ke-mfa",
        "KE",
        "Ministry of Foreign and Diaspora Affairs, Kenya",
        (
            ("mfa.go.ke", 3),
            ("Ministry of Foreign and Diaspora Affairs", 2),
            # Its minister as its releases' subject: "The Prime Cabinet Secretary and Cabinet
            # Secretary for Foreign and Diaspora Affairs, Hon. X, today received ..."; others
            # name him as a guest ("received the Prime Cabinet Secretary ... of Kenya").
            ("The Prime Cabinet Secretary", 2),
            ("The PCS ", 1),
            (r"re:^Nairobi,\s", 1),
        ),
        ("Kenya",),
    ),
    Publisher(
        "tz-mfa",
        "TZ",
        "Ministry of Foreign Affairs and East African Cooperation, Tanzania",
        (
            ("foreign.go.tz", 3),
            ("Foreign Affairs and East African Cooperation", 2),
            (r"re:^Dodoma,\s", 2),
        ),
        ("Tanzania",),
    ),
    Publisher(
        "ir-irna",
        "IR",
        "Islamic Republic News Agency (IRNA), Iran",
        # Its dateline: "Tehran, IRNA - Foreign Minister X ...", "Istanbul, IRNA - ..." abroad.
        (
            (", IRNA - ", 3),
            (", IRNA – ", 3),
            ("Islamic Republic News Agency", 3),
            ("irna.ir", 3),
        ),
        ("Iran", "the Islamic Republic of Iran"),
    ),
    Publisher(
        "va-holysee",
        "VA",
        "Holy See Press Office",
        (("Holy See Press Office", 3), ("vatican.va", 3), ("Holy Father", 1)),
        ("the Holy See",),
    ),
)

MIN_SCORE: Final = 2


_HEADER_CHARS: Final = 1500
_SAMPLE_CHARS: Final = 2000


# A cue is either literal text or (literal the pattern's match starts with, pattern, whether the
# pattern is anchored at a line's start): a header without that text skips the pattern, which
# would otherwise be tried at every position.
Cue = str | tuple[str, re.Pattern[str], bool]


@functools.cache
def _compiled() -> tuple[tuple[Publisher, tuple[tuple[Cue, int, int, int], ...]], ...]:
    """Each publisher's cues as (literal or pattern, weight, the most the cues after it can add,
    the literal's index in `_literals()`, -1 for a pattern)."""
    literals = {cue: i for i, cue in enumerate(_literals())}
    rows = []
    for publisher in PUBLISHERS:
        weights = [weight for _, weight in publisher.cues]
        cues = tuple(
            (
                _cue(cue),
                weight,
                sum(weight for weight in weights[i + 1 :] if weight > 0),
                literals.get(cue, -1),
            )
            for i, (cue, weight) in enumerate(publisher.cues)
        )
        rows.append((publisher, cues))
    return tuple(rows)


@functools.cache
def _literals() -> tuple[str, ...]:
    """Every publisher's literal cues, each once: what `_occurring` looks for in a text."""
    found: dict[str, None] = {}
    for publisher in PUBLISHERS:
        for cue, _weight in publisher.cues:
            if not cue.startswith("re:"):
                found[cue] = None
    return tuple(found)


def occurring_python(text: str, needles: tuple[str, ...]) -> frozenset[int]:
    """The indexes of the needles found in the text (archive/_literals.c does it in one pass)."""
    return frozenset(i for i, needle in enumerate(needles) if needle in text)


def _native_occurring() -> Callable[[str, tuple[str, ...]], frozenset[int]]:
    try:  # built with the compiled parser (archive/native.py)
        from archive._literals import occurring
    except ImportError:
        return occurring_python
    return occurring


_occurring: Final = _native_occurring()


def _cue(cue: str) -> Cue:
    if not cue.startswith("re:"):
        return cue
    pattern = cue[3:]
    return (_leading_text(pattern), re.compile(pattern, re.MULTILINE), pattern.startswith("^"))


_METACHARACTERS: Final = "\\.^$*+?{}[]|()"


def _leading_text(pattern: str) -> str:
    """The literal text every match of `pattern` starts with ("Outcome of " for "^Outcome of ")."""
    pattern = pattern.removeprefix("^")
    end = 0
    while end < len(pattern) and pattern[end] not in _METACHARACTERS:
        end += 1
    if end < len(pattern) and pattern[end] in "*+?{":
        end -= 1  # the last character is optional or repeated
    return pattern[: max(end, 0)]


def get_publisher(key: str | None) -> Publisher | None:
    for publisher in PUBLISHERS:
        if publisher.key == key:
            return publisher
    return None


def detect_publisher(text: str) -> Publisher | None:
    """The publisher whose cues score highest (at least MIN_SCORE), or None; the first listed wins
    a tie."""
    best: Publisher | None = None
    best_score = MIN_SCORE - 1
    # Literal cues are looked for in the sample all at once; regex cues only look at the header.
    sample = text[:_SAMPLE_CHARS] + "\n" + text[-500:] if len(text) > _SAMPLE_CHARS else text
    header = text[:_HEADER_CHARS]
    present = _occurring(sample, _literals())
    for publisher, cues in _compiled():
        score = 0
        for cue, weight, rest, literal in cues:
            if isinstance(cue, str):
                found = literal in present
            elif cue[2]:
                found = _matches_at_line_start(cue[1], cue[0], header)
            else:
                found = cue[0] in header and cue[1].search(header) is not None
            score += weight if found else 0
            if score + rest <= best_score:
                break  # cannot overtake the leader any more: the remaining cues do not matter
        if score > best_score:
            best, best_score = publisher, score
    return best


def _matches_at_line_start(pattern: re.Pattern[str], leading: str, header: str) -> bool:
    """pattern.search(header) for a pattern opening with "^" (multiline): it is tried only where
    a line starts with the pattern's leading text (a search would try every position)."""
    if leading:
        at = header.find(leading)
        while at >= 0:
            if (at == 0 or header[at - 1] == "\n") and pattern.match(header, at):
                return True
            at = header.find(leading, at + 1)
        return False
    start = 0  # no leading text: every line's start
    while start >= 0:
        if pattern.match(header, start):
            return True
        start = header.find("\n", start)
        start = start + 1 if start >= 0 else -1
    return False
