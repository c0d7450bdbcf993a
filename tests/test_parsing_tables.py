"""Table tests for the parser's pure helpers: one row per rule, with the rule in a comment."""

from __future__ import annotations

import datetime

import pytest

from archive.parsing import parse_readout
from archive.parsing.agreements import point_text
from archive.parsing.countries import find_countries, lookup_city, lookup_country
from archive.parsing.dates import find_dates, infer_year, parse_date, resolve_relative
from archive.parsing.kinds import find_kind
from archive.parsing.names import name_aliases, normalise_name, strip_honorifics
from archive.parsing.opening import clean_subject, cut_object
from archive.parsing.participants import parse_side
from archive.parsing.places import find_location, headline_place, seat_place
from archive.parsing.publishers import _compiled, _matches_at_line_start, detect_publisher
from archive.parsing.statements import role_heads
from archive.parsing.topics import topic_matcher
from archive.parsing.when import choose_meeting_date

D = datetime.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On March 21, 2022 local time, Wang Yi", D(2022, 3, 21)),  # month-first with comma
        ("21 March 2022", D(2022, 3, 21)),  # day-first, UK style
        ("1 February 2023", D(2023, 2, 1)),  # single-digit day
        ("2022-03-21", D(2022, 3, 21)),  # ISO
        ("21.03.2022", D(2022, 3, 21)),  # dotted, day first
        ("Sept. 4, 2021", D(2021, 9, 4)),  # abbreviated month with full stop
        ("the 1st of May, 2020", D(2020, 5, 1)),  # ordinal and "of"
        ("20 February 202315:01", D(2023, 2, 20)),  # Russian header time glued to the year
        ("March 3, 2023 - Ottawa, Ontario - Global Affairs Canada", D(2023, 3, 3)),  # dateline
        ("February 06, 2023", D(2023, 2, 6)),  # zero-padded day
        ("MARCH 02, 2023", D(2023, 3, 2)),  # White House page date in capitals
        ("8 JANUARY 2024", D(2024, 1, 8)),  # Singapore sign-off in capitals
        ("2023/01/18", D(2023, 1, 18)),  # Chinese page date, year first with slashes
        ("On 5-6 March 2024, Sergey Lavrov", D(2024, 3, 5)),  # a range: the first day
        ("on May 10 and 11, 2023", D(2023, 5, 10)),  # two days, month first
        ("07/02/2024", D(2024, 2, 7)),  # EU page date, day first with slashes
        ("20-03-2025", D(2025, 3, 20)),  # dashed, day first (the Netherlands' page date)
        ("On 20-23 March 2025", D(2025, 3, 20)),  # a range with a dash is still a range
        ("On February 20 (local time), 2025, Wang Yi", D(2025, 2, 20)),  # zone before the year
        ("on 3 June (Paris time), 2025", D(2025, 6, 3)),
        ("they may 5 2020", None),  # lower-case "may" is a verb
        ("On March 3, commencing at 8:30 a.m.", None),  # no year: not a full date
        ("February 30, 2023", None),  # impossible date is skipped
        ("May 2022", None),  # month and year only
        ("", None),
    ],
)
def test_parse_date(text: str, expected: datetime.date | None):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "month_day"),
    [
        ("On 20 February, Russian Foreign Minister", (2, 20)),  # day-first without year
        ("on the afternoon of March 2.", (3, 2)),  # month-first without year
        ("On August 20, commencing at 9:00 p.m.", (8, 20)),  # Japanese opening, time after
    ],
)
def test_dates_without_year(text: str, month_day: tuple[int, int]):
    mention = find_dates(text)[0]
    assert (mention.year, mention.month, mention.day) == (None, *month_day)


@pytest.mark.parametrize(
    ("month_day", "reference", "expected"),
    [
        ((3, 3), D(2023, 3, 3), D(2023, 3, 3)),  # same day as the header
        ((12, 30), D(2024, 1, 2), D(2023, 12, 30)),  # December talks in a January release
        ((2, 20), D(2023, 2, 21), D(2023, 2, 20)),  # day before the header
    ],
)
def test_infer_year(month_day, reference, expected):
    mention = find_dates(f"On {month_day[1]} {_MONTHS[month_day[0]]}")[0]
    assert infer_year(mention, reference) == expected


_MONTHS = {2: "February", 3: "March", 12: "December"}


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("today", D(2023, 3, 3)),  # the printed date itself
        ("this evening", D(2023, 3, 3)),
        ("yesterday", D(2023, 3, 2)),  # Canada: "met yesterday" under a dated dateline
        ("last night", D(2023, 3, 2)),
        ("tomorrow", D(2023, 3, 4)),
        ("on Monday", D(2023, 2, 27)),  # most recent Monday on or before a Friday
        ("Monday", D(2023, 2, 27)),  # "spoke Monday with": the American weekday without "on"
    ],
)
def test_resolve_relative(word: str, expected: datetime.date):
    assert resolve_relative(word, D(2023, 3, 3)) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mr. HAYASHI Yoshimasa", "Hayashi Yoshimasa"),  # Japan: surname in capitals first
        ("His Holiness Pope Leo XIV", "Pope Leo XIV"),  # a regnal number stays in capitals
        ("H.E. Mr. PARK Jin", "Park Jin"),  # two honorifics, capitals
        ("His Excellency Emmanuel Macron", "Emmanuel Macron"),
        ("Shri Narendra Modi", "Narendra Modi"),  # India
        ("Smt. Nirmala Sitharaman", "Nirmala Sitharaman"),
        ("Dato' Sri Anwar Ibrahim", "Anwar Ibrahim"),  # Malaysia
        ("Dr Vivian Balakrishnan", "Vivian Balakrishnan"),  # Singapore writes "Dr" bare
        ("Dr. S. Jaishankar", "S. Jaishankar"),  # initials are kept
        ("The Honourable Mélanie Joly", "Mélanie Joly"),  # Canada
        ("Sheikh Abdullah bin Zayed Al Nahyan", "Abdullah bin Zayed Al Nahyan"),  # particles
        ("Hassan Sheikh Mohamud", "Hassan Sheikh Mohamud"),  # after a name word: the name's own
        ("Sheikh Sharif Sheikh Ahmed", "Sharif Sheikh Ahmed"),  # ... but not the leading one
        ("Crown Prince Sheikh Mohammed", "Crown Prince Mohammed"),  # after an office: a title
        ("Prime Minister Sheikh Hasina", "Prime Minister Sheikh Hasina"),  # ... but her name's own
        ("Sheikh Hasina Wazed", "Sheikh Hasina Wazed"),
        ("JEAN-YVES Le Drian", "Jean-Yves Le Drian"),  # hyphenated capitals
        ("Antony J. Blinken", "Antony J. Blinken"),  # nothing to change
        ("King Abdullah II", "King Abdullah II"),  # a regnal number stays in capitals
        ("Mr. XI Jinping", "Xi Jinping"),  # ... but a surname in capitals does not
        ("Dato' Seri Utama Haji Mohamad", "Haji Mohamad"),  # Malaysia
        ("Senator the Hon Penny Wong", "Senator Penny Wong"),  # Australia, "Hon" without a stop
        ("H.H. Prince Faisal bin Farhan", "Prince Faisal bin Farhan"),
        ("JD Vance", "JD Vance"),  # two capitals without a vowel are initials
        ("Mr. LI Qiang", "Li Qiang"),  # ... with one, a surname in capitals
    ],
)
def test_normalise_name(raw: str, expected: str):
    assert normalise_name(raw) == expected


def test_strip_honorifics_keeps_sri_lanka():
    assert strip_honorifics("Foreign Minister of Sri Lanka") == "Foreign Minister of Sri Lanka"


@pytest.mark.parametrize(
    ("phrase", "people"),
    [
        # a bracketed acronym closing an office is no second person
        (
            "Federal Councillor Ignazio Cassis, head of the Federal Department of Foreign Affairs"
            " (FDFA)",
            [("Ignazio Cassis", "Federal Councillor", None)],
        ),
        # role before the name, several offices joined by "and"
        (
            "State Councilor and Foreign Minister Wang Yi",
            [("Wang Yi", "State Councilor and Foreign Minister", None)],
        ),
        # "of <Country>" after the name
        ("Foreign Minister Qureshi of Pakistan", [("Qureshi", "Foreign Minister", "PK")]),
        # demonym before the role
        ("Pakistani Foreign Minister Qureshi", [("Qureshi", "Foreign Minister", "PK")]),
        # appositive role after a comma, honorifics and capitals (Japan)
        (
            "Mr. HAYASHI Yoshimasa, Minister for Foreign Affairs of Japan",
            [("Hayashi Yoshimasa", "Minister for Foreign Affairs", "JP")],
        ),
        # a courtesy "Senator" gives way to the office in the appositive
        (
            "H.E. Senator the Hon. Penny Wong, Minister for Foreign Affairs of Australia",
            [("Penny Wong", "Minister for Foreign Affairs", "AU")],
        ),
        # abbreviation as adjective
        (
            "U.S. Secretary of State Antony Blinken",
            [("Antony Blinken", "Secretary of State", "US")],
        ),
        # country inside the role, before the name (Russia)
        (
            "Minister of Foreign Affairs of Turkiye Mevlut Cavusoglu",
            [("Mevlut Cavusoglu", "Minister of Foreign Affairs", "TR")],
        ),
        # possessive country after the name (Canada)
        (
            "Dmytro Kuleba, Ukraine's Minister of Foreign Affairs",
            [("Dmytro Kuleba", "Minister of Foreign Affairs", "UA")],
        ),
        # role and country first, name after a comma (EU)
        (
            "the Foreign Minister of Japan, Yoshimasa Hayashi",
            [("Yoshimasa Hayashi", "Foreign Minister", "JP")],
        ),
        # unnamed principal keeps the role
        ("The Prime Minister", [(None, "Prime Minister", None)]),
        # a country's long form ends the role
        (
            "Ms. Penny Wong, Minister for Foreign Affairs of the Commonwealth of Australia",
            [("Penny Wong", "Minister for Foreign Affairs", "AU")],
        ),
        # a plural office, its countries, then the names in the same order
        (
            "The Foreign Ministers of Australia, India and Japan, Penny Wong, S. Jaishankar and "
            "KAMIKAWA Yoko",
            [
                ("Penny Wong", "Foreign Minister", "AU"),
                ("S. Jaishankar", "Foreign Minister", "IN"),
                ("Kamikawa Yoko", "Foreign Minister", "JP"),
            ],
        ),
        # one person, two offices in the appositive
        (
            "His Excellency Mohammed bin Salman, Crown Prince and Prime Minister of Saudi Arabia",
            [("Mohammed bin Salman", "Crown Prince and Prime Minister", "SA")],
        ),
        # two people on one side
        (
            "President Biden and Vice President Harris",
            [("Biden", "President", None), ("Harris", "Vice President", None)],
        ),
        # plural role over a list of countries: one unnamed participant each
        (
            "The Foreign Ministers of Japan, the United States and the Republic of Korea",
            [
                (None, "Foreign Minister", "JP"),
                (None, "Foreign Minister", "US"),
                (None, "Foreign Minister", "KR"),
            ],
        ),
        # "European Commission" stays in the role; EU institutions place their officials in the EU
        (
            "Vice-President of the European Commission Maros Sefcovic",
            [("Maros Sefcovic", "Vice-President of the European Commission", "EU")],
        ),
        # particles inside a name
        (
            "the President of the European Commission, Ursula von der Leyen",
            [("Ursula von der Leyen", "President of the European Commission", "EU")],
        ),
        # a counterpart's courtesy call: country from "of Japan", not "to Singapore"
        (
            "Ambassador of Japan to Singapore Ishikawa Hiroshi",
            [("Ishikawa Hiroshi", "Ambassador", "JP")],
        ),
        # a country name holding "and" is one country, not two more people
        (
            "Special Envoy Mevumi Sepimi of Antigua and Barbuda",
            [("Mevumi Sepimi", "Special Envoy", "AG")],
        ),
        (
            "Foreign Minister Elmedin Konakovic of Bosnia and Herzegovina and Minister Li Wei",
            [
                ("Elmedin Konakovic", "Foreign Minister", "BA"),
                ("Li Wei", "Minister", None),
            ],
        ),
        # a portfolio list after the comma goes on with the office
        (
            "The Honourable Ana Duarte, Minister of Small Business, Export Promotion and Trade",
            [("Ana Duarte", "Minister of Small Business, Export Promotion and Trade", None)],
        ),
        (
            "Special Envoy for the Middle East and Africa Ivan Petrov",
            [("Ivan Petrov", "Special Envoy for the Middle East and Africa", None)],
        ),
        # "Prince" before a name is a title; "Crown Prince" an office
        (
            "Bahraini Foreign Minister Prince Khalid Al Khalifa",
            [("Khalid Al Khalifa", "Foreign Minister", "BH")],
        ),
        ("Crown Prince Salman of Bahrain", [("Salman", "Crown Prince", "BH")]),
        # a country inside a body's name stays in the title; before a personal title it does not
        (
            "Secretary of the Communist Party of Viet Nam Central Committee Tran Van Hung",
            [
                (
                    "Tran Van Hung",
                    "Secretary of the Communist Party of Viet Nam Central Committee",
                    "VN",
                )
            ],
        ),
        # a group's plural office, with one more person of another office after it
        (
            "The G7 Foreign Ministers of Canada, Italy and Japan and the High Representative of"
            " the European Union",
            [
                (None, "Foreign Minister", "CA"),
                (None, "Foreign Minister", "IT"),
                (None, "Foreign Minister", "JP"),
                (None, "High Representative", "EU"),
            ],
        ),
        # ... an international organisation's head beside them, the UN's and ASEAN's alike
        (
            "The Foreign Ministers of Cambodia, Malaysia and Thailand and the Secretary-General of"
            " ASEAN",
            [
                (None, "Foreign Minister", "KH"),
                (None, "Foreign Minister", "MY"),
                (None, "Foreign Minister", "TH"),
                (None, "Secretary-General of ASEAN", None),
            ],
        ),
        (
            "The Foreign Ministers of Egypt and Jordan and the UN Secretary-General",
            [
                (None, "Foreign Minister", "EG"),
                (None, "Foreign Minister", "JO"),
                (None, "UN Secretary-General", "UN"),
            ],
        ),
        # ... but the last of the names after the countries is no one more
        (
            "the Foreign Ministers of Australia and the United States, Penny Wong, and Secretary"
            " Marco Rubio",
            [("Penny Wong", "Foreign Minister", "AU"), ("Marco Rubio", "Foreign Minister", "US")],
        ),
        # letters after a name are neither name nor role
        (
            "the Hon. Tom Reid MP, Prime Minister of Australia",
            [("Tom Reid", "Prime Minister", "AU")],
        ),
        # a given name that is also a country's
        (
            "the Minister of Foreign Affairs of Israel, Israel Katz",
            [("Israel Katz", "Minister of Foreign Affairs", "IL")],
        ),
        (
            "Foreign Minister of Australia Senator Jane Lee",
            [("Jane Lee", "Foreign Minister", "AU")],
        ),
        # a suffix after a comma stays with the name, as it does without the comma
        (
            "H.E. Mr. Ferdinand R. Marcos, Jr., President of the Republic of the Philippines",
            [("Ferdinand R. Marcos Jr.", "President", "PH")],
        ),
        ("President Ferdinand R. Marcos Jr.", [("Ferdinand R. Marcos Jr.", "President", None)]),
        # the office before the comma, not the courtesy "Senator" after it
        (
            "Minister for Foreign Affairs, Senator the Hon Jane Lee",
            [("Jane Lee", "Minister for Foreign Affairs", None)],
        ),
        # an office of another country after a comma opens the next person's titles
        (
            "Tajik Foreign Minister Ali Rahim, Turkmen Deputy Chairman of the Cabinet of Ministers"
            " and Foreign Minister Rashid Meredov",
            [
                ("Ali Rahim", "Foreign Minister", "TJ"),
                (
                    "Rashid Meredov",
                    "Deputy Chairman of the Cabinet of Ministers and Foreign Minister",
                    "TM",
                ),
            ],
        ),
        # the fields of one office before a comma, a demonym among them
        (
            "Minister of Foreign Affairs, Emigration and Egyptian Expatriates, Dr. Badr Abdelatty",
            [
                (
                    "Badr Abdelatty",
                    "Minister of Foreign Affairs, Emigration and Egyptian Expatriates",
                    "EG",
                )
            ],
        ),
        # a lower-case description after the name names no one ("China-U.S." no name either)
        (
            "Vice Premier He Lifeng, the Chinese lead person for China-U.S. economic and trade"
            " affairs",
            [("He Lifeng", "Vice Premier", "CN")],
        ),
        # a country inside an organisation's name; "al-Sheikh" keeps its "Sheikh"
        (
            "the Secretary of the Executive Committee of the Palestine Liberation Organization,"
            " Hussein al-Sheikh",
            [
                (
                    "Hussein al-Sheikh",
                    "Secretary of the Executive Committee of the Palestine Liberation Organization",
                    "PS",
                )
            ],
        ),
        # a name that opens with its particles
        ("President von der Leyen", [("von der Leyen", "President", None)]),
        ("Secretary de la Fuente", [("de la Fuente", "Secretary", None)]),
        # a pilgrim's title before the name
        (
            "Minister of Foreign Affairs Dato' Seri Haji Ali bin Haji Hasan",
            [("Ali bin Haji Hasan", "Minister of Foreign Affairs", None)],
        ),
        # a plural office in lower case, and a person named before it who is none of them
        (
            "Secretary of State Jane Roe and the foreign ministers of Japan and Korea",
            [
                ("Jane Roe", "Secretary of State", None),
                (None, "Foreign Minister", "JP"),
                (None, "Foreign Minister", "KR"),
            ],
        ),
        (
            "Heads of State and Government of Brazil and India",
            [
                (None, "Head of State and Government", "BR"),
                (None, "Head of State and Government", "IN"),
            ],
        ),
        # the extra office after the last "and" that opens one
        (
            "We, the G7 Foreign Ministers of Canada, Japan and the United States of America, and"
            " the High Representative of the European Union",
            [
                (None, "Foreign Minister", "CA"),
                (None, "Foreign Minister", "JP"),
                (None, "Foreign Minister", "US"),
                (None, "High Representative", "EU"),
            ],
        ),
        (
            "his counterparts from Japan and Korea",
            [(None, "Counterpart", "JP"), (None, "Counterpart", "KR")],
        ),
        # a Malay ruler's office whose words look like a name, joined to another office
        (
            "His Majesty Haji Hassanal Bolkiah Mu'izzaddin Waddaulah, Sultan and Yang Di-Pertuan"
            " of Brunei Darussalam",
            [("Hassanal Bolkiah Mu'izzaddin Waddaulah", "Sultan and Yang Di-Pertuan", "BN")],
        ),
        # a demonym inside an office ("of the Russian delegation") stays in it
        (
            "Head of the Russian delegation, Foreign Minister Sergey Lavrov",
            [("Sergey Lavrov", "Head of the Russian delegation, Foreign Minister", "RU")],
        ),
        # an envoy's full title is office words, not a name
        (
            "Ambassador Extraordinary and Plenipotentiary of Japan to the Russian Federation"
            " Akira Muto",
            [("Akira Muto", "Ambassador Extraordinary and Plenipotentiary", "JP")],
        ),
        # ... but "Yang" alone is a surname
        ("Foreign Minister Yang Jiechi", [("Yang Jiechi", "Foreign Minister", None)]),
        # two unnamed officials of two countries are two people, not one with two offices
        (
            "the Prime Minister of Japan and the President of the Republic of Korea",
            [(None, "Prime Minister", "JP"), (None, "President", "KR")],
        ),
        # an introduction before the comma, the office after it
        (
            "her Japanese counterpart, Foreign Minister Yoko Kamikawa",
            [("Yoko Kamikawa", "Foreign Minister", "JP")],
        ),
        ("First Lady Jill Biden", [("Jill Biden", "First Lady", None)]),  # an office, no name
        # ... where one country's two offices are one person's
        (
            "Crown Prince and Prime Minister of Saudi Arabia Mohammed bin Salman",
            [("Mohammed bin Salman", "Crown Prince and Prime Minister", "SA")],
        ),
        # ... and an office of two fields joined by "and", the name right after it
        (
            "French Minister for Europe and Foreign Affairs Jean-Noël Barrot",
            [("Jean-Noël Barrot", "Minister for Europe and Foreign Affairs", "FR")],
        ),
        (
            "Foreign Secretary David Lammy and his French and German counterparts",
            [
                ("David Lammy", "Foreign Secretary", None),
                (None, "Counterpart", "FR"),
                (None, "Counterpart", "DE"),
            ],
        ),
        (
            "her Moldovan counterpart, Deputy Prime Minister and Minister of Foreign Affairs"
            " Mihai Popşoi",
            [("Mihai Popşoi", "Deputy Prime Minister and Minister of Foreign Affairs", "MD")],
        ),
        (
            "Minister of Defence, H.E. Lt. Gen. (Ret.) Sjafrie Sjamsoeddin",
            [("Sjafrie Sjamsoeddin", "Minister of Defence", None)],
        ),
        # a field after "and" keeps its article; an office after it does not
        (
            "The Minister for International Development and the Pacific, the Hon Pat Conroy MP",
            [("Pat Conroy", "Minister for International Development and the Pacific", None)],
        ),
        (
            "Minister for Trade and the Minister for Finance",
            [(None, "Minister for Trade and Minister for Finance", None)],
        ),
        # Brunei's second foreign minister: the numeral is the office's
        (
            "Erywan Yusof, Minister of Foreign Affairs II",
            [("Erywan Yusof", "Minister of Foreign Affairs II", None)],
        ),
        # national honours after a name, as post-nominal letters
        (
            "The Minister of Foreign Affairs of Nigeria, Yusuf Tuggar, OON",
            [("Yusuf Tuggar", "Minister of Foreign Affairs", "NG")],
        ),
        # an office after a name's comma that the next name holds, not an appositive
        (
            "Minister Lamola, the Minister of External Affairs of India, Dr S. Jaishankar, and the"
            " Minister of Foreign Affairs of Brazil, Ambassador Mauro Vieira",
            [
                ("Lamola", "Minister", None),
                ("S. Jaishankar", "Minister of External Affairs", "IN"),
                ("Mauro Vieira", "Minister of Foreign Affairs", "BR"),
            ],
        ),
        # an office's fields listed with commas, the name right after them
        (
            "Egyptian Minister of Foreign Affairs, Emigration and Egyptian Expatriates Badr Abdelatty",
            [
                (
                    "Badr Abdelatty",
                    "Minister of Foreign Affairs, Emigration and Egyptian Expatriates",
                    "EG",
                )
            ],
        ),
        (
            "The President of the Republic, Emmanuel Macron",
            [("Emmanuel Macron", "President of the Republic", None)],
        ),
        # a country that opens the side places the offices after it that nothing else places
        (
            "Australia's Foreign Minister Penny Wong and Defence Minister Richard Marles",
            [
                ("Penny Wong", "Foreign Minister", "AU"),
                ("Richard Marles", "Defence Minister", "AU"),
            ],
        ),
        # a body's name in an office is no name
        (
            "Dr. Tedros Adhanom Ghebreyesus, Director-General of the World Health Organization (WHO)",
            [
                (
                    "Tedros Adhanom Ghebreyesus",
                    "Director-General of the World Health Organization (WHO)",
                    None,
                )
            ],
        ),
        # the Gulf's epithet before a country's name
        (
            "HE Secretary of State of the friendly United States of America Marco Rubio",
            [("Marco Rubio", "Secretary of State", "US")],
        ),
        # two portfolios joined by "and" before the name: one office
        (
            "Deputy Minister for Legal and International Affairs Ahmed Saleh of Egypt",
            [("Ahmed Saleh", "Deputy Minister for Legal and International Affairs", "EG")],
        ),
        (
            "Under Secretary for Arms Control and International Security Bonnie Jenkins",
            [
                (
                    "Bonnie Jenkins",
                    "Under Secretary for Arms Control and International Security",
                    None,
                )
            ],
        ),
        (
            "Undersecretary for North America Roberto Velasco",
            [("Roberto Velasco", "Undersecretary for North America", None)],
        ),
        # a second office after the first, both set off by commas: the same person's
        (
            "H.E. Dr. Sok Vannara, Deputy Prime Minister, Minister of Foreign Affairs",
            [("Sok Vannara", "Deputy Prime Minister, Minister of Foreign Affairs", None)],
        ),
        # a former envoy's courtesy title between the office and the name
        (
            "State Minister Ambassador Tsegaye Wolde-Giorgis of Ethiopia",
            [("Tsegaye Wolde-Giorgis", "State Minister", "ET")],
        ),
        (
            "the Minister of Foreign Affairs of Malaysia, YB Azlan bin Ismail",
            [("Azlan bin Ismail", "Minister of Foreign Affairs", "MY")],
        ),
        # two fields before the office they belong to, in a list of three people
        (
            "The Foreign Minister of Tanzania, Saidi Makame, the Trade and Industry Minister of"
            " Kenya, Peter Wanjiru, and the Foreign Minister of Uganda, Grace Atim",
            [
                ("Saidi Makame", "Foreign Minister", "TZ"),
                ("Peter Wanjiru", "Trade and Industry Minister", "KE"),
                ("Grace Atim", "Foreign Minister", "UG"),
            ],
        ),
        # Brunei's numbered office before the name
        (
            "Minister of Foreign Affairs II Erywan Yusof of Brunei",
            [("Erywan Yusof", "Minister of Foreign Affairs II", "BN")],
        ),
        # two offices joined by a dash
        (
            "Deputy Prime Minister - Minister of Foreign Affairs of Kazakhstan Yerlan Sadykov",
            [("Yerlan Sadykov", "Deputy Prime Minister - Minister of Foreign Affairs", "KZ")],
        ),
        (
            "Minister of Foreign Affairs, Migration and Tunisians Abroad, Hatem Belkhodja",
            [
                (
                    "Hatem Belkhodja",
                    "Minister of Foreign Affairs, Migration and Tunisians Abroad",
                    "TN",
                )
            ],
        ),
        # the Holy See's name for the Pope is his office
        ("the Holy Father Leo XIV", [("Leo XIV", "Holy Father", None)]),
        # the city an office is of is no name
        ("Governor of Tokyo Yuriko Koike", [("Yuriko Koike", "Governor of Tokyo", None)]),
        ("Deputy Ruler of Abu Dhabi", [(None, "Deputy Ruler of Abu Dhabi", None)]),
        # "European" in an office of two fields is the office's, not the EU
        (
            "Minister of Foreign and European Affairs of Luxembourg Xavier Bettel",
            [("Xavier Bettel", "Minister of Foreign and European Affairs", "LU")],
        ),
        (
            "Minister for Foreign and European Affairs of the Slovak Republic Juraj Blanár",
            [("Juraj Blanár", "Minister for Foreign and European Affairs", "SK")],
        ),
        (
            "Federal Minister for European and International Affairs of the Republic of "
            "Austria, Beate Meinl-Reisinger",
            [
                (
                    "Beate Meinl-Reisinger",
                    "Federal Minister for European and International Affairs",
                    "AT",
                )
            ],
        ),
        (
            "Austrian Federal Minister for European and International Affairs Beate "
            "Meinl-Reisinger",
            [
                (
                    "Beate Meinl-Reisinger",
                    "Federal Minister for European and International Affairs",
                    "AT",
                )
            ],
        ),
        # an office after the name whose fields, joined by "and", run to the end
        (
            "Mr. Paul Gallagher, Secretary for Relations with States and International "
            "Organizations",
            [
                (
                    "Paul Gallagher",
                    "Secretary for Relations with States and International Organizations",
                    None,
                )
            ],
        ),
        # "His Eminence Cardinal" is a courtesy and a rank, the office after the comma
        (
            "His Eminence Cardinal Pietro Parolin, Secretary of State",
            [("Pietro Parolin", "Secretary of State", None)],
        ),
        # a rank before the name gives way to the office after it, or before the comma
        (
            "Archbishop Paul Richard Gallagher, Secretary for Relations with States",
            [("Paul Richard Gallagher", "Secretary for Relations with States", None)],
        ),
        (
            "Secretary for Relations with States, Archbishop Paul Richard Gallagher",
            [("Paul Richard Gallagher", "Secretary for Relations with States", None)],
        ),
        (
            "General Jeje Odongo, Minister of Foreign Affairs",
            [("Jeje Odongo", "Minister of Foreign Affairs", None)],
        ),
        # ... and stays the role where no office is printed
        ("Archbishop Paul Richard Gallagher", [("Paul Richard Gallagher", "Archbishop", None)]),
        # "H.E." is a courtesy; "Ambassador" the role
        ("H.E. Ambassador Okaniwa Ken", [("Okaniwa Ken", "Ambassador", None)]),
        # ... and so is its short form
        ("H.E. Amb. Okaniwa Ken", [("Okaniwa Ken", "Ambassador", None)]),
        # officers of the United Nations are of the UN, however its name is written
        (
            "U.N. Secretary-General António Guterres",
            [("António Guterres", "U.N. Secretary-General", "UN")],
        ),
        (
            "the Secretary-General of the United Nations, António Guterres",
            [("António Guterres", "Secretary-General of the United Nations", "UN")],
        ),
        (
            "Ms. Amina Mohammed, Deputy Secretary-General of the United Nations",
            [("Amina Mohammed", "Deputy Secretary-General of the United Nations", "UN")],
        ),
        (
            "UN Under-Secretary-General for Political and Peacebuilding Affairs Rosemary DiCarlo",
            [
                (
                    "Rosemary DiCarlo",
                    "UN Under-Secretary-General for Political and Peacebuilding Affairs",
                    "UN",
                )
            ],
        ),
        (
            "UN High Commissioner for Human Rights Volker Türk",
            [("Volker Türk", "UN High Commissioner for Human Rights", "UN")],
        ),
        (
            "President of the 80th session of the UN General Assembly Annalena Baerbock",
            [
                (
                    "Annalena Baerbock",
                    "President of the 80th session of the UN General Assembly",
                    "UN",
                )
            ],
        ),
        # the country an officer of the UN is for is the office's, no delegation's
        (
            "UN Special Envoy for Syria Geir Pedersen",
            [("Geir Pedersen", "UN Special Envoy for Syria", "UN")],
        ),
        (
            "Special Representative of the Secretary-General for Libya Hanna Tetteh",
            [("Hanna Tetteh", "Special Representative of the Secretary-General for Libya", "UN")],
        ),
        (
            "UN Special Coordinator for Lebanon Jeanine Hennis-Plasschaert",
            [("Jeanine Hennis-Plasschaert", "UN Special Coordinator for Lebanon", "UN")],
        ),
        # two offices joined by "and" before one name are one person's
        (
            "Under-Secretary-General for Humanitarian Affairs and Emergency Relief Coordinator "
            "Tom Fletcher",
            [
                (
                    "Tom Fletcher",
                    "Under-Secretary-General for Humanitarian Affairs and Emergency Relief "
                    "Coordinator",
                    "UN",
                )
            ],
        ),
        # a member's envoy to the UN is of the member; a specialised agency's head and an envoy
        # of another organisation's Secretary-General are not placed
        (
            "Ambassador Osama Abdel Khalek, Permanent Representative of Egypt to the United Nations",
            [("Osama Abdel Khalek", "Permanent Representative to the United Nations", "EG")],
        ),
        ("U.S. Ambassador to the UN Mike Waltz", [("Mike Waltz", "Ambassador to the UN", "US")]),
        (
            "U.S. Special Envoy for Syria Thomas Barrack",
            [("Thomas Barrack", "Special Envoy", "US")],
        ),
        (
            "WHO Director-General Tedros Adhanom Ghebreyesus",
            [("Tedros Adhanom Ghebreyesus", "WHO Director-General", None)],
        ),
        (
            "Special Envoy of the Secretary-General of the League of Arab States Hossam Zaki",
            [
                (
                    "Hossam Zaki",
                    "Special Envoy of the Secretary-General of the League of Arab States",
                    None,
                )
            ],
        ),
        (
            "Secretary-General of the United Nations World Tourism Organization Zurab "
            "Pololikashvili",
            [
                (
                    "Zurab Pololikashvili",
                    "Secretary-General of the United Nations World Tourism Organization",
                    None,
                )
            ],
        ),
        # "High Representative" alone is the EU's; the UN's is written with its name
        (
            "UN High Representative for Disarmament Affairs Izumi Nakamitsu",
            [("Izumi Nakamitsu", "UN High Representative for Disarmament Affairs", "UN")],
        ),
        # the heads of the UN's own funds, programmes and entities are of the UN
        (
            "Ms. Sima Bahous, Executive Director of UN Women",
            [("Sima Bahous", "Executive Director of UN Women", "UN")],
        ),
        (
            "UNICEF Executive Director Catherine Russell",
            [("Catherine Russell", "UNICEF Executive Director", "UN")],
        ),
        (
            "Executive Director of the World Food Programme Cindy McCain",
            [("Cindy McCain", "Executive Director of the World Food Programme", "UN")],
        ),
        (
            "UNRWA Commissioner-General Philippe Lazzarini",
            [("Philippe Lazzarini", "UNRWA Commissioner-General", "UN")],
        ),
        ("UNDP Administrator Achim Steiner", [("Achim Steiner", "UNDP Administrator", "UN")]),
        # UNHCR, OCHA, UNCTAD and UNODC are the UN's own, under any of their names
        (
            "UNHCR Deputy High Commissioner Kelly Clements",
            [("Kelly Clements", "UNHCR Deputy High Commissioner", "UN")],
        ),
        (
            "High Commissioner of the UN Refugee Agency Filippo Grandi",
            [("Filippo Grandi", "High Commissioner of the UN Refugee Agency", "UN")],
        ),
        (
            "UNHCR Representative in Egypt Hanan Hamdan",
            [("Hanan Hamdan", "UNHCR Representative in Egypt", "UN")],
        ),
        ("Head of OCHA Tom Fletcher", [("Tom Fletcher", "Head of OCHA", "UN")]),
        (
            "UNCTAD Secretary-General Rebeca Grynspan",
            [("Rebeca Grynspan", "UNCTAD Secretary-General", "UN")],
        ),
        ("UNODC Executive Director Ghada Waly", [("Ghada Waly", "UNODC Executive Director", "UN")]),
        # a body's acronym before its office names no one: the officer stays unnamed
        ("the UNDP Administrator", [(None, "UNDP Administrator", "UN")]),
        ("the Executive Director of UNICEF", [(None, "Executive Director of UNICEF", "UN")]),
        (
            "the UNDP Resident Representative in Egypt",
            [(None, "UNDP Resident Representative in Egypt", "UN")],
        ),
        ("the IAEA Director General", [(None, "IAEA Director General", None)]),
        (
            "Executive Director of UN-Habitat Anacláudia Rossbach",
            [("Anacláudia Rossbach", "Executive Director of UN-Habitat", "UN")],
        ),
        # UNRWA's full name holds an "and" and a country, and is one office of the UN
        (
            "Commissioner-General of the United Nations Relief and Works Agency for Palestine"
            " Refugees in the Near East Philippe Lazzarini",
            [
                (
                    "Philippe Lazzarini",
                    "Commissioner-General of the United Nations Relief and Works Agency for"
                    " Palestine Refugees in the Near East",
                    "UN",
                )
            ],
        ),
        # ... as a specialised agency's name with an "and" is one office (not of the UN)
        (
            "Director-General of the Food and Agriculture Organization (FAO) Qu Dongyu",
            [
                (
                    "Qu Dongyu",
                    "Director-General of the Food and Agriculture Organization (FAO)",
                    None,
                )
            ],
        ),
        # a UN programme's representative serves in a country for the UN
        (
            "UNICEF Representative in Egypt Jeremy Hopkins",
            [("Jeremy Hopkins", "UNICEF Representative in Egypt", "UN")],
        ),
        # ... and "Arab" after her given name is her surname, no people's word of an office
        (
            "UN Women Country Representative in Egypt Christine Arab",
            [("Christine Arab", "UN Women Country Representative in Egypt", "UN")],
        ),
        # ... but a specialised agency's, with members of its own, is not
        ("FAO Director-General Qu Dongyu", [("Qu Dongyu", "FAO Director-General", None)]),
        # officials other than ministers shared by a list of countries
        (
            "the political directors of France, Germany and the United Kingdom",
            [
                (None, "Political Director", "FR"),
                (None, "Political Director", "DE"),
                (None, "Political Director", "GB"),
            ],
        ),
        (
            "the Directors-General of France and Germany",
            [(None, "Director-General", "FR"), (None, "Director-General", "DE")],
        ),
        # a body's name after "of the" is part of the office, to its last word
        (
            "Mirjana Spoljaric, President of the International Committee of the Red Cross",
            [
                (
                    "Mirjana Spoljaric",
                    "President of the International Committee of the Red Cross",
                    None,
                )
            ],
        ),
        (
            "Ajay Banga, President of the World Bank Group",
            [("Ajay Banga", "President of the World Bank Group", None)],
        ),
        # an organisation's acronym or "Managing" is no name
        (
            "Mirjana Spoljaric, President of the ICRC",
            [("Mirjana Spoljaric", "President of the ICRC", None)],
        ),
        (
            "Kristalina Georgieva, Managing Director of the International Monetary Fund",
            [
                (
                    "Kristalina Georgieva",
                    "Managing Director of the International Monetary Fund",
                    None,
                )
            ],
        ),
    ],
)
def test_parse_side(phrase: str, people: list[tuple[str | None, str, str | None]]):
    assert [(d.name, d.role, d.country) for d in parse_side(phrase)] == people


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("On March 21, 2022 local time, State Councilor Wang Yi", "State Councilor Wang Yi"),
        # a leading clause with a date inside it goes whole, not only its date
        (
            "On the margins of the G20 Summit in Rio de Janeiro on 18 November 2024, President"
            " Ana Ruiz of Chile",
            "President Ana Ruiz of Chile",
        ),
        ("During her visit to Norway on 3 March 2025, President Ana Ruiz", "President Ana Ruiz"),
        (
            "On 20 February Russian Foreign Minister Sergey Lavrov",
            "Russian Foreign Minister Sergey Lavrov",
        ),  # date without a comma
        (
            "On March 3, commencing at 8:30 a.m. for approximately 30 minutes, Mr. HAYASHI,",
            "Mr. HAYASHI",
        ),  # Japanese time clauses
        (
            "The below is attributable to Spokesperson Ned Price: Secretary Blinken",
            "Secretary Blinken",
        ),  # spokesperson line glued to the opening
        (
            "The Honourable Mélanie Joly, Minister of Foreign Affairs, today",
            "The Honourable Mélanie Joly, Minister of Foreign Affairs",
        ),  # trailing time word
        ('"Today, I', "I"),  # a minister's quoted statement
        ("Hanoi (VNA) – Prime Minister Pham Minh Chinh", "Prime Minister Pham Minh Chinh"),
        (
            "In Beijing on February 28, 2025, Foreign Minister Wang Yi",
            "Foreign Minister Wang Yi",
        ),  # a place's clause with its date
        ("Foreign Minister Sergey Lavrov was", "Foreign Minister Sergey Lavrov"),  # passive
        (
            "The Minister, Yusuf Tuggar, on Wednesday, 5th February 2025,",
            "The Minister, Yusuf Tuggar",
        ),  # a date clause with its weekday
        (
            "ABU DHABI, 11th November, 2024 (WAM) -- President Mohamed bin Zayed",
            "President Mohamed bin Zayed",
        ),  # a news agency's dateline with a double dash
        (
            "The Honourable Ana Ruiz, Minister of Trade, concluded a visit to Peru, where she",
            "The Honourable Ana Ruiz, Minister of Trade",
        ),  # the person is the one before the predicate
        ("President Han Seung-woo on Tuesday", "President Han Seung-woo"),  # a weekday
        ("Prime Minister Ana Ruiz on Monday evening", "Prime Minister Ana Ruiz"),
        ("President Han Seung-woo on Nov. 21", "President Han Seung-woo"),  # an abbreviated month
        (
            "Manama, Feb. 3 -- Foreign Minister Khalid Al Jalahma",
            "Foreign Minister Khalid Al Jalahma",
        ),
        (
            "Manama, Feb. 3 (BNA) -- Foreign Minister Khalid Al Jalahma",
            "Foreign Minister Khalid Al Jalahma",
        ),  # a dateline with a month's abbreviation and a news agency
        (
            "Wednesday 17 July 2024, Foreign Minister Aminata Sow Ndiaye of Senegal",
            "Foreign Minister Aminata Sow Ndiaye of Senegal",
        ),  # a weekday without "On"
        (
            "Tehran, IRNA – Foreign Minister Mohammad Karimi of Iran",
            "Foreign Minister Mohammad Karimi of Iran",
        ),  # a news agency after a comma
        (
            "The High Commissioner of the UN Refugee Agency (UNHCR) Filippo Grandi on Wednesday",
            "The High Commissioner of the UN Refugee Agency (UNHCR) Filippo Grandi",
        ),  # a body's acronym stays in the office, as in a counterpart's
    ],
)
def test_clean_subject(subject: str, expected: str):
    assert clean_subject(subject) == expected


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            " Foreign Minister Qureshi of Pakistan in Islamabad.",
            "Foreign Minister Qureshi of Pakistan",
        ),
        (
            " in Moscow with Minister Amir-Abdollahian, who is in Russia on a working visit.",
            "Minister Amir-Abdollahian",
        ),  # place before the counterpart
        (
            " UNICEF Representative in Egypt Jeremy Hopkins at the Ministry's headquarters.",
            "UNICEF Representative in Egypt Jeremy Hopkins",
        ),  # the country a representative serves in, before the name, is no place
        (
            " Commissioner-General of the United Nations Relief and Works Agency for Palestine"
            " Refugees in the Near East Philippe Lazzarini in Amman.",
            "Commissioner-General of the United Nations Relief and Works Agency for Palestine"
            " Refugees in the Near East Philippe Lazzarini",
        ),  # UNRWA's name runs on after "in"
        (
            " Japanese Foreign Minister Yoko Kamikawa to offer condolences.",
            "Japanese Foreign Minister Yoko Kamikawa",
        ),  # purpose clause
        (
            " High Commissioner of the UN Refugee Agency (UNHCR) Filippo Grandi in Amman.",
            "High Commissioner of the UN Refugee Agency (UNHCR) Filippo Grandi",
        ),  # a body's bracketed acronym stays in the role
        (
            " People's Republic of China (PRC) Director Wang Yi (in person) in Jakarta.",
            "People's Republic of China Director Wang Yi",
        ),  # ... a country's goes, and other brackets still stop
        (
            " U.S. Secretary of State Antony Blinken on the afternoon of March 2.",
            "U.S. Secretary of State Antony Blinken",
        ),  # "U.S." is not a sentence end
        (" in Jakarta on 14 July 2023 and agreed to:", ""),  # no counterpart: "met in"
        (
            " Minister Kamara Sesay on January 17 from 4:30 p.m. for 30 minutes.",
            "Minister Kamara Sesay",
        ),  # Korean time span
        (
            " Dr. Ali Hamad, Minister of State at the Ministry of Foreign Affairs of Qatar, in"
            " Cairo.",
            "Dr. Ali Hamad, Minister of State at the Ministry of Foreign Affairs of Qatar",
        ),  # "Minister of State at the Ministry": an office, not a place
        (
            " in Cairo, with the participation of the Secretary-General of the League of Arab"
            " States, Ahmed Aboul Gheit.",
            "the Secretary-General of the League of Arab States, Ahmed Aboul Gheit",
        ),  # "with the participation of": those who take part
        (
            " today the Minister of Foreign Affairs of Armenia, Ararat Mirzoyan, in Brussels.",
            "the Minister of Foreign Affairs of Armenia, Ararat Mirzoyan",
        ),  # a time word before the counterpart ("received today the ...")
        (
            " His Excellency Anura Kumara Dissanayake, President of Sri Lanka, and conveyed the"
            " greetings of Prime Minister Shri Narendra Modi.",
            "His Excellency Anura Kumara Dissanayake, President of Sri Lanka",
        ),  # a second predicate: the leader whose greetings he conveyed did not take part
        (" in Washington on Tuesday to reaffirm our steadfast commitment.", ""),  # a purpose
        (" today, convened by Latvia as the holder of the chair.", ""),  # a participle's clause
        (
            " a delegation led by the Minister of Trade of Spain, Íñigo Sáenz, in Accra.",
            "the Minister of Trade of Spain, Íñigo Sáenz",
        ),  # a delegation's head takes part
    ],
)
def test_cut_object(tail: str, expected: str):
    assert cut_object(tail) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pakistan", "PK"),
        ("Pakistani", "PK"),  # demonym
        ("Chinese", "CN"),
        ("PRC", "CN"),
        ("American", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("British", "GB"),
        ("UK", "GB"),
        ("Japanese", "JP"),
        ("South Korean", "KR"),
        ("Korean", "KR"),  # readouts mean the Republic of Korea
        ("ROK", "KR"),
        ("Republic of Korea", "KR"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("Russian Federation", "RU"),
        ("Russia", "RU"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Turkey", "TR"),  # its name until 2022, still in older texts
        ("Republic of Turkey", "TR"),
        ("Turkish", "TR"),
        ("Iran", "IR"),
        ("Islamic Republic of Iran", "IR"),
        ("Taiwan", "TW"),
        ("Bolivia", "BO"),
        ("Czechia", "CZ"),
        ("Ivory Coast", "CI"),
        ("Emirati", "AE"),
        ("Saudi", "SA"),
        ("Dutch", "NL"),
        ("Swiss", "CH"),
        ("European Union", "EU"),  # the EU is a party, code "EU"
        ("EU", "EU"),
        ("Kosovo", "XK"),  # a party ISO 3166-1 does not list, under the EU's code
        ("Kosovar", "XK"),
        # the UN is a party known by its officers' offices, never by its name in running text
        ("United Nations", None),
        ("UN", None),
        ("São Tomé and Príncipe", "ST"),  # with its accents as well as without
        ("Macau", "MO"),  # both spellings
        ("the Netherlands", "NL"),
        ("Ukraine's", "UA"),  # possessive
        ("Socialist Republic of Vietnam", "VN"),  # a long form, in either spelling
        ("Republic of the Union of Myanmar", "MM"),
        ("us", None),  # the pronoun is not the United States
        ("Atlantis", None),
    ],
)
def test_lookup_country(text: str, code: str | None):
    assert lookup_country(text) == code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Niger and Nigeria", ["NE", "NG"]),  # whole words only
        ("Sudan and South Sudan", ["SD", "SS"]),  # longest name wins
        ("Dominica and the Dominican Republic", ["DM", "DO"]),
        ("the European Commission", []),  # an institution, not a party
        ("Foreign Minister of the Republic of Korea", ["KR"]),
        ("First Minister of Northern Ireland", ["GB"]),  # the United Kingdom, not Ireland
        ("Prime Minister Kurti of Kosovo", ["XK"]),
        ("cooperation at the United Nations, in the UN Security Council and the U.N.", []),
        # a continent or region, not the United States
        ("Undersecretary for North America Roberto Velasco", []),
        ("Latin American and Caribbean leaders and the United States of America", ["US"]),
        # a people's plural, as in Tunisia's "Minister of ... and Tunisians Abroad"
        ("Minister of Foreign Affairs, Migration and Tunisians Abroad", ["TN"]),
    ],
)
def test_find_countries(text: str, codes: list[str]):
    assert [code for _, _, code in find_countries(text)] == codes


@pytest.mark.parametrize(
    ("city", "code"),
    [
        ("Islamabad", "PK"),
        ("Washington", "US"),
        ("New Delhi", "IN"),
        ("Kuala Lumpur", "MY"),
        ("Brussels", "BE"),
        ("Kyiv", "UA"),
        ("Nur-Sultan", "KZ"),
        ("Pasay City", "PH"),  # a city of Metro Manila, where ASEAN meetings are held
        ("Springfield", None),
    ],
)
def test_lookup_city(city: str, code: str | None):
    assert lookup_city(city) == code


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Wang Yi held talks with Qureshi in Islamabad.", ("Islamabad", "PK")),
        ("X met Y at the Great Hall of the People in Beijing.", ("Beijing", "CN")),
        ("X met Y in Puebla, Mexico, on 3 May.", ("Puebla", "MX")),  # unknown city, country after
        ("X met Y in Japan.", (None, "JP")),  # country only
        ("X met Y ahead of the G7 summit in Hiroshima.", (None, None)),  # a future summit
        ("X met Y in March.", (None, None)),  # a month is not a place
        ("X met Y in Tarbes today.", ("Tarbes", None)),  # unknown town: kept, country for review
        ("X hosted Y at Mar-a-Lago in Palm Beach, Florida.", ("Palm Beach", "US")),  # a residence
        ("X met today with Y in the Oval Office.", ("Washington", "US")),
        ("In Tokyo today, he met Y.", ("Tokyo", "JP")),  # the place opens the sentence
        ("X met with Ambassador of Chile to Japan Y.", (None, None)),  # where an envoy is posted
        ("X met the High Representative in Kyiv.", ("Kyiv", "UA")),
        ("X met Y at the Élysée Palace.", ("Paris", "FR")),  # accented capitals
        ("X hosted Y and Z in Łódź.", ("Łódź", "PL")),  # a capital beyond Latin-1
        ("X met with Y at the Pentagon.", ("Washington", "US")),
        ("X met Y in Menlo Park, California.", ("Menlo Park", "US")),  # a state after the town
        ("X met Y in Kutaisi, Georgia.", ("Kutaisi", "GE")),  # a country wins over a state
        ("X met Y on the sidelines of the Antalya Diplomacy Forum.", ("Antalya", "TR")),
        ("X met Y on the sidelines of the UN General Assembly.", ("New York", "US")),
        ("X met Y on the margins of the G20 Summit.", (None, None)),  # no city in the name
        ("X met Y at the Japanese side's request.", (None, None)),  # a party, not a place
        ("X met Y at the Quai d'Orsay.", ("Paris", "FR")),  # "d'" inside a place's name
        ("X met Y in Sharm el-Sheikh.", ("Sharm el-Sheikh", "EG")),  # "el-" joined to a word
        ("X met Y in Pasay City on the margins of the ASEAN meetings.", ("Pasay City", "PH")),
        ("X visited Abuja yesterday, where he met Y.", ("Abuja", "NG")),  # the visit's city
        ("X, who visited Abuja in 2019, met Y.", (None, None)),  # no "where": an earlier visit
        ("X received Y at the ASEAN Secretariat.", ("Jakarta", "ID")),  # a body's seat
        ("X received Y in the Vatican Apostolic Palace.", ("Vatican City", "VA")),
        ("X met Y at the Torre Tagle Palace.", ("Lima", "PE")),  # "Palace" after a landmark
        # a place before the guest ends at "the" (but "of the" runs on, as above)
        (
            "X received today at the San Martín Palace the Minister of Foreign Affairs of Peru.",
            ("Buenos Aires", "AR"),
        ),
        ("X received today at the Casa Rosada the President of Chile.", ("Buenos Aires", "AR")),
        ("X received Y at the San Carlos Palace.", ("Bogotá", "CO")),  # Colombia's ministry
        # seats of government and foreign ministries where guests are received
        ("X received Y at the Palacio de La Moneda.", ("Santiago", "CL")),
        ("X met Y at La Moneda.", ("Santiago", "CL")),
        ("X met Y at the La Moneda Palace.", ("Santiago", "CL")),
        ("X received Y at the Casa de Nariño.", ("Bogotá", "CO")),
        ("X received Y at the Carondelet Palace.", ("Quito", "EC")),
        ("X received Y at the Miraflores Palace.", ("Caracas", "VE")),
        ("X met Y at the Palácio Itamaraty.", ("Brasília", "BR")),
        ("X met Y at the Alvorada Palace.", ("Brasília", "BR")),
        ("X received Y at La Moncloa.", ("Madrid", "ES")),
        ("X met Y at the Palacio de Viana.", ("Madrid", "ES")),
        ("X received Y at the Hôtel de Matignon.", ("Paris", "FR")),
        ("X met Y at the Chigi Palace.", ("Rome", "IT")),
        ("X met Y at Villa Madama.", ("Rome", "IT")),
        ("X met Y at Jawaharlal Nehru Bhawan.", ("New Delhi", "IN")),
        ("X met Y at Wisma Putra.", ("Putrajaya", "MY")),
        ("X met Y at Gedung Pancasila.", ("Jakarta", "ID")),
        ("X met Y at Saranrom Palace.", ("Bangkok", "TH")),
        ("X received Y at the Akorda.", ("Astana", "KZ")),
        ("X received Y at the Old Treasury Building.", ("Nairobi", "KE")),
    ],
)
def test_find_location(sentence: str, place: tuple[str | None, str | None]):
    assert find_location(sentence) == place


@pytest.mark.parametrize(
    ("sentence", "country", "place"),
    [
        ("X held a summit meeting with Y at the Prime Minister's Office.", "JP", ("Tokyo", "JP")),
        ("X met Y at the Prime Minister’s Office.", "IN", ("New Delhi", "IN")),
        ("X met Y at the Presidential Office.", "KR", ("Seoul", "KR")),
        ("X received Y at the Federal Chancellery today.", "DE", ("Berlin", "DE")),
        ("X met Y at the Prime Minister's Office.", None, (None, None)),  # whose office is unknown
        ("X met Y at the Prime Minister's Office.", "FR", (None, None)),  # not in the table
        ("X met Y at the Ministry of Foreign Affairs today.", "SG", ("Singapore", "SG")),
        ("X met Y at the Ministry of Foreign Affairs of Qatar.", "SG", (None, None)),  # another's
        # a "National Palace" is the seat of the country the meeting is in
        ("X received Y at the National Palace.", "MX", ("Mexico City", "MX")),
        ("X received Y at the Palacio Nacional.", "DO", ("Santo Domingo", "DO")),
        ("X received Y at the National Palace.", None, (None, None)),
    ],
)
def test_seat_place(sentence: str, country: str | None, place: tuple[str | None, str | None]):
    assert seat_place(sentence, country) == place


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("The Chinese side is willing to deepen cooperation.", "cn-mfa"),  # own-side vocabulary
        # a Korean surname makes the Korean pattern; other ministries use the same words
        ("Minister of Foreign Affairs Cho Hyun held a video conference with X.", "kr-mofa"),
        ("Minister of Foreign Affairs Bui Thanh Son held talks with X.", None),
        ("Foreign Minister Sugiono Holds Bilateral Meeting with X\n\nThe two Ministers met.", None),
        # Japan's minister with the office after the name; the office before it is a guest
        (
            "X had a phone conversation with Minister for Foreign Affairs of Japan Iwaya Takeshi.",
            None,
        ),
        (
            "Secretary Manalo Meets Japanese Foreign Minister\n\nThe Secretary welcomed the"
            " Philippine Coast Guard's new vessels.",
            "ph-dfa",
        ),
        (
            "The below is attributable to Spokesperson Ned Price:\n\nThe Secretary met X.",
            "us-state",
        ),
        ("Readout of President Biden's Call\n\nThe President spoke today with X.", "us-whitehouse"),
        (
            "Readout of Secretary of Defense X's Call With Y\n\nThe Secretary and the Minister"
            " agreed to stay in touch.",
            "us-dod",
        ),  # the Department of Defense's Secretary, not the Secretary of State
        (
            "Li Wen Holds Telephone Talks with Egyptian Foreign Minister X\n\nOn March 29, 2025,"
            " Foreign Minister Li Wen held telephone talks with X at request.",
            "cn-mfa",
        ),
        (
            "The Minister received Ambassador Takeshi Morimoto of Japan.\n\nThe Ambassador handed"
            " over an invitation from Mr. Kenji Ishida, Minister for Foreign Affairs of Japan.",
            None,
        ),  # Japan's minister mentioned by another ministry, not its own release
        (
            "PM call with President Biden: 1 February 2023\n\nA Downing Street spokesperson said:",
            "uk-gov",
        ),
        (
            "Mr. X, Minister for Foreign Affairs of Japan, met Y. The overview is as follows.",
            "jp-mofa",
        ),
        ("Prime Minister Shri Narendra Modi had a telephone conversation today.", "in-mea"),
        ("20 February 202315:01\n\nRussian Foreign Minister Sergey Lavrov met X.", "ru-mid"),
        ("Minister for Foreign Affairs Dr Vivian Balakrishnan called on X.", "sg-mfa"),
        ("March 3, 2023 - Ottawa, Ontario - Global Affairs Canada", "ca-gac"),
        ("High Representative/Vice-President Josep Borrell spoke with X.", "eu-eeas"),
        # the Secretary-General's spokesperson's readout, not another's that mentions him
        ("Readout of the Secretary-General’s call with X\n\nThe Secretary-General spoke.", "un-sg"),
        ("Readout of the Deputy Secretary-General's meeting with X\n\nThey met.", "un-sg"),
        (
            "Secretary Rubio met with UN Secretary-General Guterres. The Secretary-General said.",
            None,
        ),
        ("Two people met.", None),  # nothing to go on
        # Mexico's "Foreign Secretary" by name, not the UK's office
        (
            "Foreign Affairs Secretariat | Mexico City\n\nToday, Foreign Secretary Juan Ramón de"
            " la Fuente held a call with X.",
            "mx-sre",
        ),
        (
            "Doha / Information Office / January 30, 2025\n\nThe Prime Minister received X.",
            "qa-mofa",
        ),
        ("ABU DHABI, 11th November, 2024 (WAM) -- President X received Y.", "ae-wam"),
        # another ministry's numbered press release: its name outweighs the number
        ("Ministry for Foreign Affairs of Finland\nPress release 87/2025\n\nX met Y.", "fi-um"),
        ("Two people met.\n\nSource: www.mea.gov.in", "in-mea"),  # a web address in the footer
        ("Outcome of the talks\n\nThe ministers met.", "kr-mofa"),  # a cue at a line's start
        ("Notes\nOutcome of the talks\n\nThe ministers met.", "kr-mofa"),  # the second line's
        ("The Outcome of the talks\n\nThe ministers met.", None),  # not at a line's start
        ("Senator the Hon Penny Wong\n\nToday I met X.", "au-dfat"),  # the author's line
        ("Statement by Senator the Hon Penny Wong\n\nToday I met X.", None),  # not at line start
        ("Headline\n\nPress release 330\n13 September 2024\n\nX met Y.", "de-gov"),  # numbered
        ("Press release\n\nX met Y.", None),  # a page label without a number
        (
            "No: 176, 15 August 2024, Press Release Regarding the Meeting\n\nX met Y.",
            "tr-mfa",
        ),
        ("Phone Call of Minister of Foreign Affairs X with Y\n\nX spoke with Y.", "tr-mfa"),
        ("(Communicated by the Prime Minister's Media Adviser)\n\nX met Y.", "il-gov"),
        ("The Deputy Prime Minister/Foreign Minister Senator X met Y.", "pk-mofa"),
        ("The Tánaiste and Minister for Foreign Affairs, X TD, met Y.", "ie-dfa"),
        ("Headline\n\nRt Hon Winston Peters\nMinister of Foreign Affairs\n\nX met Y.", "nz-mfat"),
        ("Prime Minister Carney speaks with President X\n\nToday, X spoke.", "ca-pmo"),
        ("Prime Minister Albanese met Prime Minister X in Canberra.", "au-pm"),
        ("Riyadh, July 02, 2025, SPA -- His Royal Highness X received Y.", "sa-spa"),
        # Mexico's page label outweighs "The Secretary" of its own Foreign Secretary
        (
            "SRE | Press Release 231\nForeign Secretary meets X\n\nThe Secretary thanked the"
            " Minister. The Minister thanked the Secretary.",
            "mx-sre",
        ),
        # another government's readout naming Canada's Prime Minister is not his office's
        (
            "President Biden spoke today with Prime Minister Justin Trudeau of Canada.",
            "us-whitehouse",
        ),
        # the MID's page time glued to the date, on its own line or after the headline's place
        ("Talks with X\n\n20 February 202315:01\n\nThe ministers met.", "ru-mid"),
        ("Talks with X, Moscow, 22 April 202513:05\n\nThe ministers met.", "ru-mid"),
        # ... but a date and time glued to the headline's last word is another site's
        ("Minister receives counterpart El-Mahdy22 September 202514:37\n\nThey met.", None),
        # ministries added with their own signatures; a title others use too is not one alone
        ("Talks\n\nPress release from Ministry for Foreign Affairs\n\nThey met.", "se-ud"),
        ("Talks\n\nDhaka, 4 April 2025\n\nForeign Adviser X met Y.", "bd-mofa"),
        ("Minister Maris met Foreign Adviser Md. Touhid Hossain of Bangladesh.", None),
        (
            "Foreign Secretary X of Sri Lanka's Ministry of Foreign Affairs, Foreign Employment and"
            " Tourism was present.",
            "lk-mfa",
        ),
        (
            "Audience\n\nHoly See Press Office, 16 June 2025\n\nThe Holy Father received X.",
            "va-holysee",
        ),
        ("Amman, May 7 (Petra) -- Foreign Minister X held talks with Y.", "jo-petra"),
        (
            "President X received Y.\n\nBayo Onanuga\nSpecial Adviser to the President"
            " (Information & Strategy)",
            "ng-statehouse",
        ),
        (
            "Bern, 03.04.2025 - X met Y.\n\nPublisher:\nFederal Department of Foreign Affairs",
            "ch-fdfa",
        ),
        # "India's External Affairs Minister" is another ministry's phrase for India's minister
        (
            "Minister for Foreign Affairs Senator the Hon Penny Wong met India's External Affairs"
            " Minister X in Canberra. Senator Wong welcomed the External Affairs Minister.",
            "au-dfat",
        ),
        ("Foreign Minister X met India’s External Affairs Minister Y. The two discussed Z.", None),
        # IRNA's dateline, at home or abroad
        ("Tehran, IRNA - Foreign Minister X spoke with Y.", "ir-irna"),
        ("Istanbul, IRNA – Foreign Minister X met Y.", "ir-irna"),
        # a State Department transcript's label; another office in capitals is no Secretary's
        ("Remarks\n\nSECRETARY HARTWELL: Good morning, everyone.", "us-state"),
        ("Remarks\n\nFOREIGN SECRETARY LAMMY: Good morning, everyone.", None),
        # ... a Defense Department transcript's label is the same, and the Pentagon tells it
        ("Transcript\n\nSECRETARY HALE: Welcome back to the Pentagon.", "us-dod"),
        ("Transcript\n\nSECRETARY HALE: The Department of Defense stands with you.", "us-dod"),
        # a State Department remarks page's byline
        (
            "Remarks\nDaniel Hartwell, Secretary of State\nWashington, D.C.\n\nThank you.",
            "us-state",
        ),
        # ... while India's own minister, meeting Australia's, is still India's release
        (
            "External Affairs Minister Dr. S. Jaishankar met Australian Minister for Foreign"
            " Affairs Senator Penny Wong. EAM and Senator Wong discussed X.",
            "in-mea",
        ),
        # a gov.uk headline dated after a colon, without the spokesperson line
        (
            "Prime Minister's call with President Zelenskyy: 12 March 2025\n\n"
            "The Prime Minister spoke to President Zelenskyy this evening.",
            "uk-gov",
        ),
        # ... India's undated headline of the same words is not one
        (
            "Prime Minister's meeting with Prime Minister of Japan\n\nThe two leaders met.",
            None,
        ),
        # the Federal Foreign Office's minister, by surname, with no office line
        (
            "Foreign Minister Wadephul meets Indian counterpart\n\nForeign Minister Johann"
            " Wadephul received External Affairs Minister Jaishankar in Berlin today.",
            "de-gov",
        ),
        ("Federal Foreign Minister Annalena Baerbock travelled to Chisinau today.", "de-gov"),
        # ... while another ministry gives the German minister's country
        (
            "High Representative Kallas spoke with German Foreign Minister Annalena Baerbock.",
            "eu-eeas",
        ),
        ("Wang Yi held talks with German Federal Foreign Minister Annalena Baerbock.", "cn-mfa"),
        # "The Secretary of Foreign Affairs" is Mexico's or the Philippines', not the US's
        (
            "The Secretary of Foreign Affairs, Juan Ramón de la Fuente, received the Minister of"
            " Foreign Affairs of Colombia. Foreign Secretary de la Fuente highlighted the ties.",
            "mx-sre",
        ),
        ("The Secretary of Foreign Affairs met the Minister of Foreign Affairs of Peru.", None),
        # Argentina's and Kenya's ministries by their releases' own lines and domains ...
        ("Information for the Press N° 112/25\n\nThe minister received X.", "ar-mrecic"),
        (
            "Talks\n\nThe Minister of Foreign Affairs, International Trade and Worship, Gerardo"
            " Werthein, received X.",
            "ar-mrecic",
        ),
        ("Minister X held a video call with Y.\n\ncancilleria.gob.ar", "ar-mrecic"),
        ("Talks\n\nThe Prime Cabinet Secretary, Hon. Musalia Mudavadi, received X.", "ke-mfa"),
        ("Ministry of Foreign and Diaspora Affairs\n\nPS X met Y.", "ke-mfa"),
        ("PS X met Y.\n\nwww.mfa.go.ke", "ke-mfa"),
        # ... but not by their ministers' offices in another's release
        (
            "Minister X received the Prime Cabinet Secretary and Cabinet Secretary for Foreign and"
            " Diaspora Affairs of the Republic of Kenya, Musalia Mudavadi.",
            None,
        ),
        (
            "Minister X met the Minister of Foreign Affairs, International Trade and Worship of"
            " Argentina.",
            None,
        ),
    ],
)
def test_detect_publisher(text: str, key: str | None):
    found = detect_publisher(text)
    assert (found.key if found else None) == key


@pytest.mark.parametrize(
    "header",
    [
        "Outcome of the talks\nx",
        "x\nOutcome of the talks",
        "xOutcome of the talks",
        "\n\nThe Hon Penny Wong MP\nMinister",
        "Senator the Hon Penny Wong",
        "Foreign Minister Cho Holds Talks\n",
        "a Foreign Minister Cho Holds Talks",
        "",
    ],
)
def test_line_start_cues_answer_as_a_search(header: str):
    """Cues anchored at a line's start are tried at line starts only: a search's answer."""
    for _, cues in _compiled():
        for cue, *_ in cues:
            if isinstance(cue, tuple) and cue[2]:
                expected = cue[1].search(header) is not None
                assert _matches_at_line_start(cue[1], cue[0], header) == expected


@pytest.mark.parametrize(
    ("opening", "headers", "title", "published", "expected"),
    [
        # explicit date in the opening: stated
        (
            "On March 21, 2022 local time, X held talks with Y.",
            [],
            "",
            None,
            (D(2022, 3, 21), True),
        ),
        # month and day only: the year comes from a printed header date
        (
            "On March 3, X held a telephone talk with Y.",
            ["March 3, 2023"],
            "",
            None,
            (D(2023, 3, 3), True),
        ),
        # "yesterday" against a Canadian dateline
        (
            "X met yesterday with Y.",
            ["March 3, 2023 - Ottawa, Ontario - Global Affairs Canada"],
            "",
            None,
            (D(2023, 3, 2), False),
        ),
        # "today" and no printed date: unknown, never guessed
        ("X spoke today with Y.", [], "", None, (None, False)),
        # "today" and a publication date handed in by the importer
        ("X spoke today with Y.", [], "", D(2023, 5, 1), (D(2023, 5, 1), False)),
        # a UK headline's date is the call's date when the body gives none
        (
            "The Prime Minister spoke to X.",
            [],
            "PM call with X: 1 February 2023",
            None,
            (D(2023, 2, 1), True),
        ),
        # a weekday before the full date does not hide it
        ("On Monday, March 6, 2023, X met Y.", [], "", None, (D(2023, 3, 6), True)),
        # "today" restated by the date right after it
        ("X met today (10 March 2025) with Y.", [], "", None, (D(2025, 3, 10), True)),
        # ... with its weekday between commas
        ("X today, Thursday, 27 March 2025, hosted Y.", [], "", None, (D(2025, 3, 27), True)),
        # ... but a weekday alone after "today" is no restatement of a later date
        (
            "X met Y today, Thursday, to discuss the accord of 3 March 2021.",
            [],
            "",
            None,
            (None, False),
        ),
        # a page date alone is used but not counted as stated
        ("X met Y.", ["JULY 13, 2023"], "", None, (D(2023, 7, 13), False)),
    ],
)
def test_choose_meeting_date(opening, headers, title, published, expected):
    found = choose_meeting_date(opening, headers, title, published)
    assert (found.held_on, found.stated) == expected
    assert (found.warning is None) == (expected[1] is True)


@pytest.mark.parametrize(
    ("verb", "sentence", "title", "kind"),
    [
        ("held talks with", "X held talks with Y in Islamabad.", "", "meeting"),
        # a meal together is a meeting in person
        ("had a working lunch with", "X had a working lunch with Y in Oslo.", "", "meeting"),
        # chairing a body with a counterpart is meeting them
        (
            "co-chaired the 20th Joint Council for Bilateral Cooperation (JCBC) with",
            "X co-chaired the 20th Joint Council for Bilateral Cooperation (JCBC) with Y.",
            "",
            "meeting",
        ),
        ("held telephone talks with", "X held telephone talks with Y.", "", "phone_call"),
        ("had a phone conversation with", "X had a phone conversation with Y.", "", "phone_call"),
        # White House / State style: "spoke" is a call unless a place is given
        ("spoke today with", "President X spoke today with Y.", "", "phone_call"),
        ("spoke with", "X spoke with Y in Kyiv.", "", "meeting"),
        ("held a video call with", "X held a video call with Y.", "", "video_call"),
        ("held a virtual meeting with", "X held a virtual meeting with Y.", "", "video_call"),
        # a courtesy call is a visit, not a telephone call
        ("called on", "X called on Y in Kuala Lumpur.", "", "meeting"),
        ("received a courtesy call from", "X received a courtesy call from Y.", "", "meeting"),
        ("met with", "X met with Y today.", "", "meeting"),
        # a signing is in person, unless the sentence says otherwise
        ("signed a memorandum", "X and Y signed a memorandum in Oslo.", "", "meeting"),
        ("signed two agreements", "X and Y signed two agreements by video link.", "", "video_call"),
        # no opening sentence: the headline decides
        ("", "", "PM call with President Biden: 1 February 2023", "phone_call"),
        ("", "", "Annual report", "other"),
    ],
)
def test_find_kind(verb: str, sentence: str, title: str, kind: str):
    assert find_kind(verb, sentence, title) == kind


@pytest.mark.parametrize(
    ("opening", "held_on", "people"),
    [
        # a meal, an audience, "conducted talks": openings too
        (
            "On 3 March 2025, Foreign Minister Ana Ruiz of Chile had a working lunch with Foreign"
            " Minister Tom Berg of Norway in Oslo.",
            D(2025, 3, 3),
            [("Ana Ruiz", "Foreign Minister", "CL"), ("Tom Berg", "Foreign Minister", "NO")],
        ),
        (
            "On 3 March 2025, Foreign Minister Ana Ruiz of Chile hosted a working dinner in honour"
            " of Foreign Minister Tom Berg of Norway in Santiago.",
            D(2025, 3, 3),
            [("Ana Ruiz", "Foreign Minister", "CL"), ("Tom Berg", "Foreign Minister", "NO")],
        ),
        (
            "President Ana Ruiz of Chile received in audience Prime Minister Tom Berg of Norway on"
            " 3 March 2025.",
            D(2025, 3, 3),
            [("Ana Ruiz", "President", "CL"), ("Tom Berg", "Prime Minister", "NO")],
        ),
        (
            "On 3 March 2025, Foreign Minister Ana Ruiz of Chile conducted talks with Foreign"
            " Minister Tom Berg of Norway.",
            D(2025, 3, 3),
            [("Ana Ruiz", "Foreign Minister", "CL"), ("Tom Berg", "Foreign Minister", "NO")],
        ),
        (
            "President Ana Ruiz of Chile spoke over the phone on Wednesday (5 March 2025) with"
            " Prime Minister Tom Berg of Norway.",
            D(2025, 3, 5),
            [("Ana Ruiz", "President", "CL"), ("Tom Berg", "Prime Minister", "NO")],
        ),
        (
            "On the margins of the G20 Summit in Rio de Janeiro on 18 November 2024, President"
            " Ana Ruiz of Chile met Prime Minister Tom Berg of Norway.",
            D(2024, 11, 18),
            [("Ana Ruiz", "President", "CL"), ("Tom Berg", "Prime Minister", "NO")],
        ),
        # "this <weekday>, <date>," between the verb and its counterpart (Brazil's style)
        (
            "President Luiz Inácio Lula da Silva spoke by telephone this Tuesday, April 1, 2025,"
            " with the President of the People's Republic of China, Xi Jinping.",
            D(2025, 4, 1),
            [
                ("Luiz Inácio Lula da Silva", "President", "BR"),
                ("Xi Jinping", "President", "CN"),
            ],
        ),
        (
            "President Ana Ruiz of Chile met last Friday with Prime Minister Tom Berg of Norway"
            " on 4 April 2025.",
            D(2025, 4, 4),
            [("Ana Ruiz", "President", "CL"), ("Tom Berg", "Prime Minister", "NO")],
        ),
        # day-first date before the subject: the month is no participant, the year no role
        (
            "On 11 October 2023, State Secretary Thomas Bagger of Germany held talks with"
            " Foreign Minister Ahmed Salim of Oman in Berlin.",
            D(2023, 10, 11),
            [("Thomas Bagger", "State Secretary", "DE"), ("Ahmed Salim", "Foreign Minister", "OM")],
        ),
        # month-first, the same sentence otherwise
        (
            "On October 11, 2023, State Secretary Thomas Bagger of Germany held talks with"
            " Foreign Minister Ahmed Salim of Oman in Berlin.",
            D(2023, 10, 11),
            [("Thomas Bagger", "State Secretary", "DE"), ("Ahmed Salim", "Foreign Minister", "OM")],
        ),
        # a country name with "and" after the counterpart
        (
            "On December 27, 2018, Vice Foreign Minister Mapano Zuruko of the United Kingdom held"
            " talks with Special Envoy Mevumi Sepimi of Trinidad and Tobago in London.",
            D(2018, 12, 27),
            [
                ("Mapano Zuruko", "Vice Foreign Minister", "GB"),
                ("Mevumi Sepimi", "Special Envoy", "TT"),
            ],
        ),
        # an abbreviation after a hyphen ends no sentence; "convened a call with" opens
        (
            "First Vice Minister Lee Min of the Republic of Korea held the 3rd ROK-U.S. Dialogue"
            " with Under Secretary Amy Cole of the United States on March 4, 2024.",
            D(2024, 3, 4),
            [("Lee Min", "First Vice Minister", "KR"), ("Amy Cole", "Under Secretary", "US")],
        ),
        (
            "On May 2, 2024, President Ana Ruiz of Chile convened a call with Prime Minister"
            " Tom Berg of Norway and President Ali Sow of Senegal.",
            D(2024, 5, 2),
            [
                ("Ana Ruiz", "President", "CL"),
                ("Tom Berg", "Prime Minister", "NO"),
                ("Ali Sow", "President", "SN"),
            ],
        ),
        # a verb starts a word: "Chad held talks" is not "C" who "had held talks"
        (
            "On November 28, 2011, President Mahamat Deby of Chad held talks with Chancellor"
            " Olaf Scholz of Germany in N'Djamena.",
            D(2011, 11, 28),
            [("Mahamat Deby", "President", "TD"), ("Olaf Scholz", "Chancellor", "DE")],
        ),
        (
            "On November 28, 2011, the Foreign Minister of Chad had talks with Foreign Minister"
            " Ahmed Salim of Oman.",
            D(2011, 11, 28),
            [(None, "Foreign Minister", "TD"), ("Ahmed Salim", "Foreign Minister", "OM")],
        ),
        # a title inside a name stays ("Sheikh" in a Somali name)
        (
            "On March 3, 2024, President Hassan Sheikh Mohamud of Somalia held talks with"
            " President Cyril Ramaphosa of South Africa in Pretoria.",
            D(2024, 3, 3),
            [("Hassan Sheikh Mohamud", "President", "SO"), ("Cyril Ramaphosa", "President", "ZA")],
        ),
        # ... and so does a name known to open with it
        (
            "On September 6, 2022, Prime Minister Narendra Modi held talks with Prime Minister"
            " Sheikh Hasina of Bangladesh in New Delhi.",
            D(2022, 9, 6),
            [("Narendra Modi", "Prime Minister", "IN"), ("Sheikh Hasina", "Prime Minister", "BD")],
        ),
        # a country's name inside a person's, where the sentence names the country again
        (
            "On March 3, 2024, Foreign Minister Israel Katz of Israel held talks with Prime"
            " Minister Luís Montenegro of Portugal in Lisbon.",
            D(2024, 3, 3),
            [
                ("Israel Katz", "Foreign Minister", "IL"),
                ("Luís Montenegro", "Prime Minister", "PT"),
            ],
        ),
        (
            "On March 3, 2020, Portuguese Prime Minister Luís Montenegro met with Acting"
            " Secretary Chad Wolf of the United States in Washington.",
            D(2020, 3, 3),
            [("Luís Montenegro", "Prime Minister", "PT"), ("Chad Wolf", "Acting Secretary", "US")],
        ),
        (
            "On March 3, 2024, Minister of Foreign Affairs of Israel Israel Katz met with"
            " Minister of Foreign Affairs of Jordan Ayman Safadi in Amman.",
            D(2024, 3, 3),
            [
                ("Israel Katz", "Minister of Foreign Affairs", "IL"),
                ("Ayman Safadi", "Minister of Foreign Affairs", "JO"),
            ],
        ),
        # ... and a country's own name stays its country
        (
            "On March 3, 2024, Prime Minister Milojko Spajic of Montenegro met with Prime"
            " Minister Luís Montenegro of Portugal in Lisbon.",
            D(2024, 3, 3),
            [
                ("Milojko Spajic", "Prime Minister", "ME"),
                ("Luís Montenegro", "Prime Minister", "PT"),
            ],
        ),
        # a first predicate of the subject ends it: "attended ... and met with"
        (
            "On 3 March 2024, President Xi Jinping of China attended the BRICS summit in Kazan"
            " and met with President Vladimir Putin of Russia.",
            D(2024, 3, 3),
            [("Xi Jinping", "President", "CN"), ("Vladimir Putin", "President", "RU")],
        ),
        (
            "On 3 March 2024, President Xi Jinping of China attended the BRICS summit in Kazan,"
            " where he met with President Vladimir Putin of Russia.",
            D(2024, 3, 3),
            [("Xi Jinping", "President", "CN"), ("Vladimir Putin", "President", "RU")],
        ),
        # ... and a time word before the first predicate is no part of the office
        (
            "On 3 March 2024, President Xi Jinping of China yesterday attended the BRICS summit"
            " in Kazan and met with President Vladimir Putin of Russia.",
            D(2024, 3, 3),
            [("Xi Jinping", "President", "CN"), ("Vladimir Putin", "President", "RU")],
        ),
        (
            "On 3 March 2024, Minister Mélanie Joly of Canada today concluded a two-day visit to"
            " Mexico City, where she met with Secretary of Foreign Affairs Alicia Bárcena.",
            D(2024, 3, 3),
            [
                ("Mélanie Joly", "Minister", "CA"),
                ("Alicia Bárcena", "Secretary of Foreign Affairs", "MX"),
            ],
        ),
        # a well-known principal named by surname alone is of his country, not of the venue's
        (
            "Prime Minister Ishiba held a summit meeting with President Yoon Suk Yeol of the"
            " Republic of Korea in Lima on November 15, 2024.",
            D(2024, 11, 15),
            [("Ishiba", "Prime Minister", "JP"), ("Yoon Suk Yeol", "President", "KR")],
        ),
        (
            "On July 26, 2024, Foreign Minister Kamikawa held a meeting with Foreign Minister"
            " Enrique Manalo of the Philippines in Vientiane.",
            D(2024, 7, 26),
            [("Kamikawa", "Foreign Minister", "JP"), ("Enrique Manalo", "Foreign Minister", "PH")],
        ),
        (
            "On 3 March 2025, Vice-Premier and Minister for Foreign Affairs Maxime Prévot spoke"
            " with his Dutch counterpart Caspar Veldkamp by telephone.",
            D(2025, 3, 3),
            [
                ("Maxime Prévot", "Vice-Premier and Minister for Foreign Affairs", "BE"),
                ("Caspar Veldkamp", "Foreign Minister", "NL"),
            ],
        ),
        # ... nor is the "met" that ends "Mehmet"
        (
            "On May 3, 2015, Foreign Minister Mehmet Cavusoglu of Turkey held talks with"
            " Foreign Minister Sergey Lavrov of Russia in Antalya.",
            D(2015, 5, 3),
            [
                ("Mehmet Cavusoglu", "Foreign Minister", "TR"),
                ("Sergey Lavrov", "Foreign Minister", "RU"),
            ],
        ),
        # a signing or a co-chaired meeting: both sides as the subject, or the counterpart
        # after "with"
        (
            "On 12 June 2024, Foreign Minister Espen Barth Eide and Foreign Minister Penny Wong"
            " signed a memorandum of understanding on climate cooperation in Oslo.",
            D(2024, 6, 12),
            [
                ("Espen Barth Eide", "Foreign Minister", "NO"),
                ("Penny Wong", "Foreign Minister", "AU"),
            ],
        ),
        (
            "On 12 June 2024, Foreign Minister Espen Barth Eide of Norway signed an agreement on"
            " fisheries with Foreign Minister Penny Wong of Australia in Oslo.",
            D(2024, 6, 12),
            [
                ("Espen Barth Eide", "Foreign Minister", "NO"),
                ("Penny Wong", "Foreign Minister", "AU"),
            ],
        ),
        (
            "EAM Dr. S. Jaishankar and Foreign Minister Penny Wong co-chaired the 15th"
            " India-Australia Foreign Ministers' Framework Dialogue in New Delhi on 13 November"
            " 2024.",
            D(2024, 11, 13),
            [
                ("S. Jaishankar", "External Affairs Minister", "IN"),
                ("Penny Wong", "Foreign Minister", "AU"),
            ],
        ),
        # ... but not a signing inside a clause, nor one person signing alone
        (
            "Foreign Minister Espen Barth Eide of Norway, who signed the accord with Sweden in"
            " 2019, met Foreign Minister Penny Wong of Australia in Oslo on 12 June 2024.",
            D(2024, 6, 12),
            [
                ("Espen Barth Eide", "Foreign Minister", "NO"),
                ("Penny Wong", "Foreign Minister", "AU"),
            ],
        ),
        (
            "On 12 June 2024, Foreign Minister Espen Barth Eide signed the book of condolences at"
            " the Embassy of Japan in Oslo.",
            D(2024, 6, 12),
            [],
        ),
    ],
)
def test_opening_date_and_people(opening: str, held_on: datetime.date, people: list):
    readout = parse_readout(opening + "\n\nThe two sides exchanged views on trade.")
    assert readout.held_on == held_on
    assert [(p.name, p.role, p.country) for p in readout.participants] == people


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("Minister X's talks with Minister Y, Pyongyang, October 19, 2023", ("Pyongyang", "KP")),
        ("Minister X's talks with Minister Y, Moscow, 12 June 2023", ("Moscow", "RU")),
        ("PM call with President Z: 1 February 2023", (None, None)),
        ("Minister X's meeting with Minister Y, 13 December 2023", (None, None)),
    ],
)
def test_headline_place(title: str, place: tuple[str | None, str | None]):
    assert headline_place(title) == place


@pytest.mark.parametrize(
    ("sentence", "points"),
    [
        (
            "The two ministers shared the view that ties matter; agreed to resume visits; and"
            " agreed to meet again.",
            ["Agreed to resume visits", "Agreed to meet again."],
        ),
        (
            "The two ministers agreed to resume visits; to expand trade; and to meet again.",
            ["The two ministers agreed to resume visits", "To expand trade", "To meet again."],
        ),
        (
            "1. At the outset, both ministers confirmed that they would cooperate.",
            ["At the outset, both ministers confirmed that they would cooperate."],
        ),
        # agreements whose subject names no participant
        ("It was agreed that officials would meet.", ["It was agreed that officials would meet."]),
        (
            "The two countries agreed to open consulates.",
            ["The two countries agreed to open consulates."],
        ),
        (
            "Chile and Norway agreed to sign a treaty.",
            ["Chile and Norway agreed to sign a treaty."],
        ),
        ("Agreement was reached on fisheries.", ["Agreement was reached on fisheries."]),
        ("The two countries are old friends.", []),  # no agreement
        ("Minister Ruiz agreed to visit Norway.", []),  # one side only
        # a spokesperson's quoted paragraph; a quotation inside a point keeps its quotes
        (
            '"The Ministers agreed to open consulates."',
            ["The Ministers agreed to open consulates."],
        ),
        (
            'The Ministers agreed to promote a "Blue Partnership."',
            ['The Ministers agreed to promote a "Blue Partnership."'],
        ),
        # a joint statement's present tense
        ("We reaffirm our support for Chile.", ["We reaffirm our support for Chile."]),
        ("We call on all parties to talk.", ["We call on all parties to talk."]),
        ("We welcome the elections.", []),
        # the signatories named after "We"; an agreement later in a "We" sentence
        (
            "We, the Ministers of Chile and Norway, call for calm.",
            ["We, the Ministers of Chile and Norway, call for calm."],
        ),
        (
            "We condemn the attack and call on all parties to talk.",
            ["We condemn the attack and call on all parties to talk."],
        ),
        # one side with "the ministers": all of them
        (
            "Minister Ruiz and the Ministers reaffirmed their commitment to trade.",
            ["Minister Ruiz and the Ministers reaffirmed their commitment to trade."],
        ),
        # a joint subject before a colon: each item's own verb decides
        (
            "The Ministers:\n\n- Expressed concern about fishing;\n- Committed to open consulates;"
            "\n- Decided to meet again.",
            ["Committed to open consulates", "Decided to meet again."],
        ),
        # an agreement not reached is no agreed point
        ("The two sides did not agree on fishing quotas.", []),
        ("The two sides could not agree on fishing quotas.", []),
        ("The two sides have not yet agreed on a date.", []),
        ("The two sides failed to agree on a text.", []),
        ("The two sides have yet to agree on the venue.", []),
        ("The two sides didn't agree on quotas.", []),
        # ... nor is one only hoped for or attempted
        ("The two sides hope to agree on a framework by June.", []),
        ("The two sides aim to agree on a framework.", []),
        ("The two sides tried to agree on quotas.", []),
        # ... but "not only" agrees, and a "not" earlier in the sentence is not the verb's
        (
            "The two sides not only agreed to expand trade.",
            ["The two sides not only agreed to expand trade."],
        ),
        (
            "The two sides, which had not met since 2019, agreed to resume talks.",
            ["The two sides, which had not met since 2019, agreed to resume talks."],
        ),
        # a clause of both sides after one side's: "... and the two agreed to"
        (
            "Minister Ruiz welcomed the visit and the two agreed to expand trade.",
            ["The two agreed to expand trade."],
        ),
        (
            "Minister Ruiz welcomed the visit and both agreed to expand trade.",
            ["Both agreed to expand trade."],
        ),
    ],
)
def test_agreed_clauses(sentence: str, points: list[str]):
    text = "On 3 May 2024, Minister Ana Ruiz of Chile met Minister Tom Berg of Norway in Oslo.\n\n"
    readout = parse_readout(text + sentence)
    assert [p.text for p in readout.agreed_points] == points


@pytest.mark.parametrize(
    ("body", "points", "statements"),
    [
        # "... agreed to:" over a list: the items are agreed points, and neither the lead-in nor
        # an item is a statement besides
        (
            "The ministers agreed to:\n- open consulates;\n- meet again in 2026.\n\n"
            "Minister Berg thanked Chile.",
            ["Open consulates", "Meet again in 2026."],
            ["Minister Berg thanked Chile."],
        ),
        (
            "Both ministers agreed:\n\n• Greater cooperation on fisheries.\n• A new"
            " annual dialogue.",
            ["Greater cooperation on fisheries.", "A new annual dialogue."],
            [],
        ),
        # the sentence before the lead-in in its paragraph stays a statement of its own
        (
            "The two sides reviewed trade. They agreed to:\n\n(a) open consulates;\n(b) meet"
            " again.",
            ["Open consulates", "Meet again."],
            ["The two sides reviewed trade."],
        ),
        # an agreement in a sentence of its own is both a statement and an agreed point
        (
            "The two sides agreed to open consulates.",
            ["The two sides agreed to open consulates."],
            ["The two sides agreed to open consulates."],
        ),
        # a lead-in with no list after it says something: a statement, and no agreed point
        ("The two sides agreed to:\n\nMinister Berg thanked Chile.", [], None),
    ],
)
def test_an_agreed_list_is_agreed_points_only(body: str, points: list, statements: list | None):
    text = "On 3 May 2024, Minister Ana Ruiz of Chile met Minister Tom Berg of Norway in Oslo.\n\n"
    readout = parse_readout(text + body)
    assert [p.text for p in readout.agreed_points] == points
    if statements is not None:
        assert [s.text for s in readout.statements] == statements
    assert "No statements found." not in readout.warnings


def test_surname_before_a_particle_is_an_alias():
    assert name_aliases("Luiz Inácio Lula da Silva", "President Lula said") == ("Lula",)
    assert name_aliases("Ursula von der Leyen", "President von der Leyen said") == ("Leyen",)


@pytest.mark.parametrize(
    ("passage", "text"),
    [
        # a bullet under "agreed to:" or a clause after a semicolon reads as a point of its own
        ("hold the next round in Lima.", "Hold the next round in Lima."),
        ("the two sides agreed to strengthen trade.", "The two sides agreed to strengthen trade."),
        ("e-commerce rules would be aligned.", "E-commerce rules would be aligned."),
        ("The leaders agreed to meet.", "The leaders agreed to meet."),  # as it is
        ("ASEAN centrality was reaffirmed.", "ASEAN centrality was reaffirmed."),
        # a first word with capitals inside, or a name's particle, is left as written
        (
            "mRNA vaccine production would be expanded.",
            "mRNA vaccine production would be expanded.",
        ),
        ("eVisa processing would be eased.", "eVisa processing would be eased."),
        ("van Klaveren's proposal would be studied.", "van Klaveren's proposal would be studied."),
        ("de Mistura's mission was welcomed.", "de Mistura's mission was welcomed."),
        ("“a shared future” would guide ties.", "“a shared future” would guide ties."),  # a quote
    ],
)
def test_an_agreed_point_opens_with_a_capital(passage: str, text: str):
    assert point_text(passage) == text


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("China supports Pakistan in safeguarding its sovereignty.", "Wang Yi"),
        ("Pakistan firmly adheres to the one-China principle.", "Qureshi"),
        ("Pakistan's position on the dispute remains unchanged.", "Qureshi"),
        ("China and Pakistan agreed to deepen cooperation.", None),  # both: joint
        # a country named inside the subject does not speak
        ("Prime Minister Imran Khan's visit to China was a success.", None),
    ],
)
def test_a_country_as_subject_speaks_through_its_participant(sentence: str, speaker: str | None):
    text = (
        "On March 21, 2022, Foreign Minister Wang Yi held talks with Foreign Minister Qureshi "
        "of Pakistan in Islamabad.\n\n" + sentence
    )
    readout = parse_readout(text)
    [statement] = readout.statements
    names = [p.name for p in readout.participants]
    assert (names[statement.speaker] if statement.speaker is not None else None) == speaker


@pytest.mark.parametrize(
    ("sentence", "kind", "people", "place"),
    [
        (
            "On 3 March 2024, President Biden welcomed Prime Minister Kishida of Japan to the "
            "White House.",
            "meeting",
            [("Biden", "US"), ("Kishida", "JP")],
            ("Washington", "US"),
        ),
        (
            "On 3 March 2024, Secretary Blinken traveled to Cairo, where he met with Egyptian "
            "President Abdel Fattah al-Sisi.",
            "meeting",
            [("Blinken", "US"), ("Abdel Fattah al-Sisi", "EG")],
            ("Cairo", "EG"),
        ),
        (
            "On 3 March 2024, EAM Dr. S. Jaishankar held a telephonic conversation with Foreign "
            "Minister Penny Wong of Australia.",
            "phone_call",
            [("S. Jaishankar", "IN"), ("Penny Wong", "AU")],
            (None, None),
        ),
        (
            "On Tuesday 3rd September 2024, Foreign Secretary David Lammy spoke to Brazilian "
            "Foreign Minister Mauro Vieira.",
            "phone_call",
            [("David Lammy", "GB"), ("Mauro Vieira", "BR")],
            (None, None),
        ),
    ],
)
def test_opening_sentences(sentence: str, kind: str, people: list, place: tuple):
    readout = parse_readout(sentence)
    assert readout.kind == kind
    assert [(p.name, p.country) for p in readout.participants] == people
    assert (readout.location_city, readout.location_country) == place


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        # a surname that is also a reporting verb, capitalised inside the subject
        ("Foreign Minister Said said that Malta values the relationship.", "Omar Said"),
        ("Minister Said noted the progress made.", "Omar Said"),
        # ... where the verb in capitals is still the verb
        ("MINISTER BERG SAID THAT NORWAY WELCOMED IT.", "Tom Berg"),
    ],
)
def test_a_name_that_is_a_verb_names_the_speaker(sentence: str, speaker: str):
    text = (
        "On 3 May 2024, Foreign Minister Tom Berg of Norway met Foreign Minister Omar Said of Malta"
        " in Oslo.\n\nMinister Berg said that Norway welcomed the visit.\n\n" + sentence
    )
    readout = parse_readout(text)
    names = [p.name for p in readout.participants]
    assert names == ["Tom Berg", "Omar Said"]
    assert names[readout.statements[-1].speaker] == speaker


@pytest.mark.parametrize(
    ("role", "form"),
    [
        ("Ambassador Extraordinary and Plenipotentiary", "Ambassador"),
        ("Tánaiste and Minister for Foreign Affairs", "Tánaiste"),
        ("State Councilor and Foreign Minister", "Foreign Minister"),
        # India's short form for its Minister of State, as for its External Affairs Minister
        ("Minister of State for External Affairs", "MoS"),
    ],
)
def test_a_later_reference_names_an_office_by_its_head(role: str, form: str):
    assert form in role_heads(role)


@pytest.mark.parametrize(
    ("opening", "body", "speaker"),
    [
        # a title tells each one's sex: "She" is not the man who spoke last
        (
            "Foreign Minister Ms. Anna Berg met Foreign Minister Mr. Omar Said of Malta in Oslo.",
            "Minister Said thanked Norway for its support.\n\nShe stressed the value of trade.",
            "Anna Berg",
        ),
        # ... nor "He" the woman who spoke last
        (
            "Foreign Minister Mr. Tom Berg met Foreign Minister Ms. Leila Said of Malta in Oslo.",
            "Minister Said thanked Norway.\n\nHe stressed the value of trade.",
            "Tom Berg",
        ),
        # a pronoun right after a sentence naming its speaker tells that speaker's sex
        (
            "Foreign Minister Tom Berg met Foreign Minister Leila Said of Malta in Oslo.",
            "Minister Said thanked Norway. She praised the talks.\n\nMinister Berg spoke of"
            " trade. He praised the visit.\n\nShe invited him to Valletta.",
            "Leila Said",
        ),
        # "his counterpart" tells the subject's
        (
            "Foreign Minister Tom Berg met Foreign Minister Leila Said of Malta in Oslo.",
            "Minister Said thanked Norway.\n\nMinister Berg briefed his counterpart on trade."
            " She welcomed the briefing.",
            "Leila Said",
        ),
        # "his counterpart" after another name is that one's, and tells nothing of the speaker
        (
            "Foreign Minister Mr. Tom Berg met Foreign Minister Leila Said of Malta in Oslo.",
            "Minister Said said President Omar Cruz had welcomed his counterpart.\n\nMinister"
            " Berg spoke of trade.\n\nShe praised the talks.",
            "Leila Said",
        ),
        # a title before another name that only begins like the speaker's tells nothing
        (
            "Foreign Minister Tom Li met Foreign Minister Leila Said of Malta in Oslo.",
            "Minister Said thanked Norway.\n\nMinister Li spoke of Ms. Lin's report.\n\nHe"
            " praised the talks.",
            "Tom Li",
        ),
        (
            "Foreign Minister Tom Berg met Foreign Minister Leila Said of Malta in Oslo.",
            "Minister Said thanked Norway.\n\nMinister Berg spoke of trade.\n\nShe praised it.",
            "Tom Berg",
        ),
        # "the Head of State": the one participant who is one
        (
            "President Andrii Koval of Ukraine met Prime Minister Rui Costa of Portugal in Kyiv.",
            "Prime Minister Costa spoke of aid.\n\nThe Head of State thanked Portugal.",
            "Andrii Koval",
        ),
        # a courtesy title before an office: the office tells who speaks, not the title the
        # other side was given first
        (
            "H.E. Dr. Tom Berg, Minister of Foreign Affairs, received H.E. Ms. Leila Said,"
            " Ambassador of Malta, in Oslo.",
            "Minister Berg thanked Malta.\n\nH.E. Ambassador, for her part, praised the talks.",
            "Leila Said",
        ),
        (
            "H.E. Dr. Tom Berg, Minister of Foreign Affairs, received H.E. Ms. Leila Said,"
            " Ambassador of Malta, in Oslo.",
            "Minister Berg thanked Malta.\n\nHer Excellency the Ambassador praised the talks.",
            "Leila Said",
        ),
    ],
)
def test_a_pronoun_or_office_names_the_speaker_the_text_tells(
    opening: str, body: str, speaker: str
):
    readout = parse_readout(opening + "\n\n" + body)
    names = [p.name for p in readout.participants]
    assert names[readout.statements[-1].speaker] == speaker


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        # an official who is no participant opens the paragraph: not the last speaker's
        ("The Director General for Asia, Ms. Ana Lee, briefed the delegations. She said so.", None),
        ("Undersecretary Mariana Ochoa presented the plan.", None),
        ("H.E. Ana Lee thanked Malta.", None),
        # a participant, or no one named, still follows the usual rules
        ("Minister Berg spoke of trade.", "Tom Berg"),
        ("The next meeting of the Joint Commission will be held in Oslo.", "Leila Said"),
    ],
)
def test_a_paragraph_opened_by_an_official_who_is_no_participant(paragraph: str, speaker):
    text = (
        "Foreign Minister Tom Berg met Foreign Minister Leila Said of Malta in Oslo.\n\n"
        "Minister Said thanked Norway.\n\n" + paragraph
    )
    readout = parse_readout(text)
    names = [p.name for p in readout.participants]
    last = readout.statements[-1]
    assert (None if last.speaker is None else names[last.speaker]) == speaker
    assert not last.joint


@pytest.mark.parametrize(
    ("side", "name", "role"),
    [
        # After an office, a ruler's title before a name is the name's first word.
        (
            "Acting Minister of Foreign Affairs of Afghanistan Amir Khan Muttaqi",
            "Amir Khan Muttaqi",
            "Acting Minister of Foreign Affairs",
        ),
        (
            "Minister of Industry Sultan Ahmed Al Jaber",
            "Sultan Ahmed Al Jaber",
            "Minister of Industry",
        ),
        # ... but not where it is the office
        ("Emir Tamim bin Hamad Al Thani", "Tamim bin Hamad Al Thani", "Emir"),
        # "Amb." before a minister's name is a courtesy; "of the Republic" left of the country
        # the text gives as "Republic of Rwanda" is no office, "President of the Republic" is.
        (
            "H.E. Amb. Olivier Nduhungirehe, Minister of Foreign Affairs and International "
            "Cooperation of the Republic of Rwanda",
            "Olivier Nduhungirehe",
            "Minister of Foreign Affairs and International Cooperation",
        ),
        (
            "The President of the Republic, Emmanuel Macron",
            "Emmanuel Macron",
            "President of the Republic",
        ),
    ],
)
def test_a_sides_name_and_office(side: str, name: str, role: str):
    [draft] = parse_side(side)
    assert (draft.name, draft.role) == (name, role)


@pytest.mark.parametrize(
    ("text", "people", "speakers"),
    [
        # "The Head of the Foreign Ministry of Kazakhstan" is its foreign minister.
        (
            "Astana, 22 January 2025\n\nForeign Minister Murat Nurtleu of Kazakhstan held a "
            "telephone conversation with Foreign Minister Péter Szijjártó of Hungary.\n\nThe "
            "parties discussed trade.\n\nThe Head of the Foreign Ministry of Kazakhstan noted "
            "the growth of trade.",
            [("Murat Nurtleu", "KZ"), ("Péter Szijjártó", "HU")],
            [None, "Murat Nurtleu"],
        ),
        # A venue whose name holds lower-case words stands before the guest.
        (
            "Lisbon, 8 April 2025\n\nThe Minister of State and Foreign Affairs, Paulo Rangel, "
            "received yesterday at the Palácio das Necessidades the Minister of Foreign Affairs "
            "of the Federative Republic of Brazil, Ambassador Mauro Vieira.\n\nThe Brazilian "
            "Minister recalled the size of the Brazilian community in Portugal.",
            [("Paulo Rangel", "PT"), ("Mauro Vieira", "BR")],
            ["Mauro Vieira"],
        ),
        # "The two Ministers held talks" under a headline naming both.
        (
            "Joint Press Release following the meeting between Mr. Nasser Bourita, Minister of "
            "Foreign Affairs of the Kingdom of Morocco, and Mr. Margus Tsahkna, Minister of "
            "Foreign Affairs of the Republic of Estonia\n\nRabat, 5 May 2025\n\nThe two "
            "Ministers held talks in Rabat.\n\nThe Republic of Estonia considers the plan a "
            "credible basis.",
            [("Nasser Bourita", "MA"), ("Margus Tsahkna", "EE")],
            ["Margus Tsahkna"],
        ),
        # A visit "where a trilateral meeting ... was held", then who attended it.
        (
            "On July 17, 2025, Minister of Foreign Affairs of the Republic of Uzbekistan "
            "Bakhtiyor Saidov paid a working visit to Kabul, where a trilateral meeting of the "
            "Foreign Ministers was held.\n\nThe meeting was attended by Acting Minister of "
            "Foreign Affairs of Afghanistan Amir Khan Muttaqi and Deputy Prime Minister – "
            "Minister of Foreign Affairs of the Islamic Republic of Pakistan Mohammad Ishaq "
            "Dar.\n\nBakhtiyor Saidov emphasized the route.",
            [("Bakhtiyor Saidov", "UZ"), ("Amir Khan Muttaqi", "AF"), ("Mohammad Ishaq Dar", "PK")],
            ["Bakhtiyor Saidov"],
        ),
        # A release of no known publisher, dated in Suva: its unplaced Prime Minister is Fiji's.
        (
            "Suva, Fiji\nThursday 20 February 2025\n\nThe Prime Minister, Hon. Sitiveni Rabuka, "
            "held a video call with the Prime Minister of New Zealand, Christopher Luxon.",
            [("Sitiveni Rabuka", "FJ"), ("Christopher Luxon", "NZ")],
            [],
        ),
        # A dateline with a numeric date run into the opening is no participant.
        (
            "Bern, 03.04.2025 - On 3 April 2025, Federal Councillor Ignazio Cassis received "
            "Beate Meinl-Reisinger, Federal Minister for European and International Affairs of "
            "Austria, in Bern.\n\nMr Cassis informed his counterpart.",
            [("Ignazio Cassis", "CH"), ("Beate Meinl-Reisinger", "AT")],
            ["Ignazio Cassis"],
        ),
        # A spokesman's "stated that the call addressed ...": nobody's words; "that the two
        # leaders discussed ...": both sides'.
        (
            "Cairo, 9 April 2025\n\nPresident Abdel Fattah El-Sisi received today a phone call "
            "from His Highness Sheikh Mohamed bin Zayed Al Nahyan, President of the United Arab "
            "Emirates.\n\nAmbassador Mohamed El-Shenawy, Spokesman for the Presidency, stated "
            "that the call addressed relations.\n\nThe President affirmed Egypt's keenness.\n\n"
            "The Spokesman added that the two leaders discussed developments in Sudan.",
            [("Abdel Fattah El-Sisi", "EG"), ("Mohamed bin Zayed Al Nahyan", "AE")],
            [None, "Abdel Fattah El-Sisi", None],
        ),
        # "The President was supported by" ministers with offices of several fields, in a
        # closing line; "... attended the meeting" closing a release of no known publisher.
        (
            "Pretoria, 27 March 2025\n\nPresident Cyril Ramaphosa today hosted the Prime Minister "
            "of the Netherlands, Mr Dick Schoof, at the Union Buildings.\n\nPresident Ramaphosa "
            "welcomed the investments. Prime Minister Schoof expressed support for the G20 "
            "Presidency of South Africa and for its theme of solidarity, equality and "
            "sustainability, and said that his country valued its partnership on water.\n\n"
            "The President was supported by the Minister of International Relations and "
            "Cooperation, Mr Ronald Lamola, and the Minister of Trade, Industry and Competition, "
            "Mr Parks Tau.",
            [
                ("Cyril Ramaphosa", "ZA"),
                ("Dick Schoof", "NL"),
                ("Ronald Lamola", "ZA"),
                ("Parks Tau", "ZA"),
            ],
            ["Cyril Ramaphosa", "Dick Schoof"],
        ),
        (
            "May 20, 2025\n\nPresident Bola Ahmed Tinubu on Tuesday received Chancellor Friedrich "
            "Merz of Germany at the Presidential Villa, Abuja.\n\nPresident Tinubu said reforms "
            "had made Nigeria more predictable for investors, and that the country had taken the "
            "hard decisions on the exchange rate and on the subsidy on petrol.\n\nChancellor "
            "Merz commended the leadership of Nigeria in ECOWAS and its role in the West African "
            "sub-region, and offered support for the power initiative.\n\nThe Minister of "
            "Foreign Affairs, Ambassador Yusuf Maitama Tuggar, and the National Security "
            "Adviser, Mallam Nuhu Ribadu, attended the meeting.",
            [
                ("Bola Ahmed Tinubu", "NG"),
                ("Friedrich Merz", "DE"),
                ("Yusuf Maitama Tuggar", "NG"),
                ("Nuhu Ribadu", "NG"),
            ],
            ["Bola Ahmed Tinubu", "Friedrich Merz"],
        ),
        # "Mohamed" stands for "Mohamed bin Zayed", but "Mohamed El-Shenawy" is someone else.
        (
            "Cairo, 9 April 2025\n\nPresident Abdel Fattah El-Sisi received today a phone call "
            "from His Highness Sheikh Mohamed bin Zayed Al Nahyan, President of the United Arab "
            "Emirates.\n\nAmbassador Mohamed El-Shenawy noted that the call addressed relations."
            "\n\nMohamed bin Zayed expressed appreciation for the role of Egypt.",
            [("Abdel Fattah El-Sisi", "EG"), ("Mohamed bin Zayed Al Nahyan", "AE")],
            [None, "Mohamed bin Zayed Al Nahyan"],
        ),
        # The Holy See's guest "subsequently met with" its Secretary of State, "accompanied by"
        # the Secretary for Relations with States: both of the Holy See.
        (
            "Holy See Press Office, 12.06.2025\n\nThis morning, in the Vatican Apostolic Palace, "
            "the Holy Father Leo XIV received in audience His Excellency Mr. João Lourenço, "
            "President of the Republic of Angola, who subsequently met with His Eminence "
            "Cardinal Pietro Parolin, Secretary of State, accompanied by His Excellency "
            "Archbishop Paul Richard Gallagher, Secretary for Relations with States and "
            "International Organizations.\n\nDuring the cordial talks, appreciation was "
            "expressed for the good bilateral relations.",
            [
                ("Leo XIV", "VA"),
                ("João Lourenço", "AO"),
                ("Pietro Parolin", "VA"),
                ("Paul Richard Gallagher", "VA"),
            ],
            [None],
        ),
        # A remarks page's headline "Secretary X With <Country's> Foreign Minister Y Before
        # Their Meeting" gives both sides, when only the Secretary's label speaks.
        (
            "Secretary Hartwell With Estonian Foreign Minister Margus Tsahkna Before Their "
            "Meeting\n\nRemarks\nDaniel Hartwell, Secretary of State\nJune 2, 2025\n\n"
            "SECRETARY HARTWELL: Good morning, everyone.",
            [("Hartwell", "US"), ("Margus Tsahkna", "EE")],
            ["Hartwell"],
        ),
        # ... as a transcript's "X and Y Hold a Joint Press Availability" does.
        (
            "Secretary of Defense Martin K. Hale and Philippine Secretary of National Defense "
            "Ramon Villareal Hold a Joint Press Availability\n\nTranscript\nMarch 11, 2025\n\n"
            "SECRETARY HALE: Welcome back to the Pentagon.\n\nSECRETARY VILLAREAL: Thank you.",
            [("Martin K. Hale", "US"), ("Ramon Villareal", "PH")],
            ["Martin K. Hale", "Ramon Villareal"],
        ),
        # "The Directors-General of France and Germany said": one official of each, together.
        (
            "Oslo, IRNA - Deputy Foreign Minister Kazem Gharibabadi held talks with the "
            "Directors-General of France and Germany in Oslo on 4 September 2025.\n\nThe "
            "Directors-General of France and Germany said that Iran must restore access.",
            [("Kazem Gharibabadi", "IR"), (None, "FR"), (None, "DE")],
            [None],
        ),
        # "who is visiting the Kingdom": the publisher's country, in its dateline's city.
        (
            "Amman, May 7 (Petra) -- Foreign Minister Ayman Safadi on Wednesday held talks with "
            "Iraqi Foreign Minister Fuad Hussein, who is visiting the Kingdom.\n\nSafadi "
            "stressed support for Iraq.",
            [("Ayman Safadi", "JO"), ("Fuad Hussein", "IQ")],
            ["Ayman Safadi"],
        ),
    ],
)
def test_readouts_whose_sides_the_text_gives_indirectly(text: str, people: list, speakers: list):
    readout = parse_readout(text)
    assert [(p.name, p.country) for p in readout.participants] == people
    names = [p.name for p in readout.participants]
    assert [names[s.speaker] if s.speaker is not None else None for s in readout.statements] == (
        speakers
    )


def test_a_headline_in_capitals_that_names_a_meeting_is_the_title():
    text = (
        "PRIME MINISTER RABUKA HOLDS VIRTUAL BILATERAL MEETING WITH NEW ZEALAND PRIME MINISTER"
        "\n\nOffice of the Prime Minister\nSuva, Fiji\nThursday 20 February 2025\n\nThe Prime "
        "Minister, Hon. Sitiveni Rabuka, held a video call with the Prime Minister of New "
        "Zealand, Christopher Luxon."
    )
    assert parse_readout(text).title.startswith("PRIME MINISTER RABUKA HOLDS VIRTUAL")
    # ... but a label in capitals is none
    label = "PRESS RELEASE\n\nLONDON\n\nThe Prime Minister met President X of Ghana today."
    assert parse_readout(label).title != "PRESS RELEASE"


def test_a_visit_to_the_publishers_kingdom_places_the_meeting():
    readout = parse_readout(
        "Amman, May 7 (Petra) -- Foreign Minister Ayman Safadi on Wednesday held talks with "
        "Iraqi Foreign Minister Fuad Hussein, who is visiting the Kingdom."
    )
    assert (readout.location_city, readout.location_country) == ("Amman", "JO")
    assert [p.is_host for p in readout.participants] == [True, False]


def test_a_publisher_found_from_cues_of_no_country_that_took_part_is_none():
    text = (
        "Islamabad: 11th May, 2025\n\nPrime Minister Muhammad Shehbaz Sharif received a telephone "
        "call from His Excellency Masoud Pezeshkian, President of the Islamic Republic of Iran. "
        "The two leaders discussed the situation in the region."
    )
    readout = parse_readout(text)
    assert readout.publisher is None
    assert "Publisher not recognised from the text." in readout.warnings


@pytest.mark.parametrize(
    ("text", "topics"),
    [
        # The International Atomic Energy Agency's name is no energy topic.
        (
            "urged Iran to resume full cooperation with the International Atomic Energy Agency.",
            ("middle-east",),
        ),
        ("briefed on its dialogue with the IAEA", ()),
        # ... but the text around it still counts, and so does the word on its own.
        ("the Atomic Energy Agency, and energy security", ("energy", "security")),
        ("the IAEA at the Zaporizhzhia nuclear power plant", ("energy", "ukraine")),
        ("cooperation in atomic energy", ("energy",)),
    ],
)
def test_an_organisations_name_is_not_its_words_topic(text: str, topics: tuple[str, ...]):
    assert topic_matcher(None).match(text) == topics


@pytest.mark.parametrize(
    ("opening", "sentence", "joint", "agreed"),
    [
        # the E3 beside Iran is three sides of four: nobody's alone, not all sides'
        (
            "Foreign Minister Abbas Araghchi of Iran met the E3 foreign ministers in Geneva.",
            "The E3 ministers urged Iran to resume cooperation with the inspectors.",
            False,
            False,
        ),
        (
            "Foreign Minister Abbas Araghchi of Iran met the E3 foreign ministers in Geneva.",
            "The E3 reaffirmed their commitment to a diplomatic solution.",
            False,
            False,
        ),
        # ... the E3 with Iran are all of them
        (
            "Foreign Minister Abbas Araghchi of Iran met the E3 foreign ministers in Geneva.",
            "The E3 and Iran agreed to meet again in Geneva.",
            True,
            True,
        ),
        # the E3's political directors are officials of each member, not a person named "E3"
        (
            "Deputy Foreign Minister Majid Takht-Ravanchi of Iran met the E3 political directors"
            " in Geneva.",
            "The E3 political directors urged Iran to resume cooperation with the inspectors.",
            False,
            False,
        ),
        # ... and the E3 among themselves are all sides
        (
            "The foreign ministers of France, Germany and the United Kingdom met in Berlin.",
            "The E3 ministers agreed to coordinate their positions on Iran.",
            True,
            True,
        ),
    ],
)
def test_a_group_of_countries_speaks_for_its_members(
    opening: str, sentence: str, joint: bool, agreed: bool
):
    readout = parse_readout(opening + "\n\n" + sentence)
    assert sorted(p.country for p in readout.participants if p.country != "IR") == [
        "DE",
        "FR",
        "GB",
    ]
    last = readout.statements[-1]
    assert last.text == sentence
    assert (last.speaker, last.joint) == (None, joint)
    assert bool(readout.agreed_points) == agreed


_MET = "Foreign Minister Tom Berg met Foreign Minister Omar Said of Malta in Oslo on 3 March 2025."
_MET_MR_MS = (
    "Foreign Minister Mr. Tom Berg met Foreign Minister Ms. Leila Said of Malta in Oslo on 3 March"
    " 2025."
)


@pytest.mark.parametrize(
    ("opening", "body", "speaker"),
    [
        # a sentence naming both with no one speaker: "He" may be either, so nobody's
        (
            _MET,
            "Minister Said thanked Norway. Minister Berg and Minister Said discussed trade.",
            None,
        ),
        (_MET, "Minister Said thanked Norway. Minister Berg met Minister Said again later.", None),
        (_MET, "Minister Said thanked Norway.\n\nThe two ministers discussed trade.\n\n", None),
        # ... unless a title tells which of them the pronoun is
        (
            _MET_MR_MS,
            "Minister Said thanked Norway. Minister Berg and Minister Said met again.",
            "Tom Berg",
        ),
        # a subject that named its speaker keeps the floor ("X welcomed Y. He ...")
        (_MET, "Minister Berg welcomed Minister Said to Oslo.", "Tom Berg"),
    ],
)
def test_a_pronoun_after_a_sentence_naming_two_participants(opening: str, body: str, speaker):
    readout = parse_readout(opening + "\n\n" + body + " He stressed the value of fisheries.")
    names = [p.name for p in readout.participants]
    last = readout.statements[-1]
    assert (None if last.speaker is None else names[last.speaker]) == speaker
    assert not last.joint


@pytest.mark.parametrize(
    ("paragraph", "speakers"),
    [
        # a transcript's label names who speaks, in every sentence of the paragraph
        ("MINISTER HADDAD: Thank you. Norway and Malta are old friends.", ["Omar Haddad"]),
        ("FOREIGN MINISTER BERG: Welcome. Malta is a close partner.", ["Tom Berg"]),
        # ... a label that names no participant is nobody's
        ("MODERATOR: Thank you, everyone.", [None]),
    ],
)
def test_a_transcript_label_names_the_speaker(paragraph: str, speakers: list):
    opening = "Foreign Minister Tom Berg met Foreign Minister Omar Haddad of Malta in Oslo."
    readout = parse_readout(opening + "\n\nMinister Berg thanked Malta.\n\n" + paragraph)
    names = [p.name for p in readout.participants]
    said = [s for s in readout.statements if s.start >= readout.statements[0].end]
    assert [None if s.speaker is None else names[s.speaker] for s in said] == speakers


@pytest.mark.parametrize(
    ("sentence", "said"),
    [
        # that they spoke to the press is told, not said: no statement, joint or not
        ("Before their meeting, Minister Berg and Minister Haddad spoke to the press.", False),
        ("The two ministers talked briefly with reporters after the talks.", False),
        ("Minister Berg spoke to the media.", False),
        # ... but what one told the press is a statement
        ("Minister Berg spoke to the press about fisheries quotas.", True),
        ("Minister Berg told the press that fisheries matter.", True),
    ],
)
def test_speaking_to_the_press_is_no_statement(sentence: str, said: bool):
    opening = "Foreign Minister Tom Berg met Foreign Minister Omar Haddad of Malta in Oslo."
    readout = parse_readout(opening + "\n\nMinister Haddad thanked Norway.\n\n" + sentence)
    assert any(sentence in s.text for s in readout.statements) == said


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a news agency's dateline abroad: where the minister met
        (
            "Istanbul, IRNA - Foreign Minister Abbas Araghchi met Foreign Minister Hakan Fidan of"
            " Türkiye on Saturday.",
            ("Istanbul", "TR"),
        ),
        # ... at home it says nothing of the meeting
        (
            "Tehran, IRNA - Foreign Minister Abbas Araghchi met Foreign Minister Hakan Fidan of"
            " Türkiye on Saturday.",
            (None, None),
        ),
        # ... and the sentence's own place comes first
        (
            "Istanbul, IRNA - Foreign Minister Abbas Araghchi met Foreign Minister Hakan Fidan of"
            " Türkiye in Ankara on Saturday.",
            ("Ankara", "TR"),
        ),
    ],
)
def test_a_news_agencys_dateline_abroad_places_the_meeting(text: str, place: tuple):
    readout = parse_readout(text)
    assert readout.publisher == "ir-irna"
    assert (readout.location_city, readout.location_country) == place


_SG_MINISTER = "Minister for Foreign Affairs Dr Vivian Balakrishnan"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # an itinerary is told, not said: no statement, before the meeting's sentence in its
        # paragraph or in a paragraph after
        ("Secretary of State Tom Berg is traveling to Valletta for the OSCE Ministerial.", ""),
        ("Foreign Minister Tom Berg is travelling to Malta and Italy this week.", ""),
        ("", "Minister Berg will travel to Rome tomorrow."),
        ("", "Minister Berg will travel on to Rome tomorrow to meet Italy's Foreign Minister."),
        ("", "Minister Berg travelled to Gozo after the talks."),
    ],
)
def test_a_travel_itinerary_is_no_statement(before: str, after: str):
    opening = "Foreign Minister Tom Berg met Foreign Minister Omar Haddad of Malta in Valletta."
    first = f"{before} {opening}" if before else opening
    text = "\n\n".join(filter(None, [first, "Minister Haddad thanked Norway.", after]))
    readout = parse_readout(text)
    assert [s.text for s in readout.statements] == ["Minister Haddad thanked Norway."]


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        # a call on Singapore's own minister, in Singapore's release, is paid in Singapore
        (
            f"Ambassador of Japan to Singapore Ishikawa Hiroshi paid a farewell call on {_SG_MINISTER}"
            " today.",
            ("Singapore", "SG"),
        ),
        (
            f"{_SG_MINISTER} received a courtesy call by Foreign Minister Elmer Schialer of Peru.",
            ("Singapore", "SG"),
        ),
        # ... unless the text says where
        (
            f"{_SG_MINISTER} received a courtesy call by Foreign Minister Elmer Schialer of Peru in"
            " New York.",
            ("New York", "US"),
        ),
        # ... and a call Singapore's minister pays is no call on him
        (
            f"{_SG_MINISTER} paid a courtesy call on President José Jerí of Peru.",
            (None, None),
        ),
    ],
)
def test_a_call_on_the_publishers_own_minister_is_at_home(sentence: str, place: tuple):
    readout = parse_readout(sentence)
    assert readout.publisher == "sg-mfa"
    assert (readout.location_city, readout.location_country) == place


def test_a_transcript_without_narration_names_its_participants_by_their_labels():
    readout = parse_readout(
        "Remarks\nWashington, D.C.\nMay 14, 2025\n\nSECRETARY HARTWELL: Good morning. Welcome to"
        " the Department.\n\nFOREIGN MINISTER BERG: Thank you. Norway is glad to be here.\n\n"
        "MODERATOR: Thank you, everyone.\n\nSECRETARY HARTWELL: Thank you all."
    )
    people = [(p.name, p.role, p.country) for p in readout.participants]
    # an office and a name make a participant; "MODERATOR" names no one
    assert people == [("Hartwell", "Secretary", "US"), ("Berg", "Foreign Minister", None)]
    # the place line is the page's, no statement
    assert [s.speaker for s in readout.statements] == [0, 1, None, 0]
