"""Short readouts written for the importer's tests (invented content, in the Chinese MFA's style)."""

import itertools
from pathlib import Path

SEED = (
    Path(__file__).resolve().parent.parent
    / "seeds"
    / "2022-03-21-china-mfa-wang-yi-qureshi-islamabad.txt"
)

FULL_NAMES = """\
On April 2, 2022, State Councilor and Foreign Minister Wang Yi held talks with Foreign Minister \
Shah Mahmood Qureshi of Pakistan in Beijing.

Wang Yi said that China values its partnership with Pakistan.

Shah Mahmood Qureshi said that Pakistan is ready to deepen trade ties.

The two sides agreed to strengthen trade and investment cooperation.
"""

CAPITALS_AND_SURNAME = """\
On May 3, 2022, State Councilor and Foreign Minister WANG Yi held telephone talks with Foreign \
Minister Qureshi of Pakistan.

Qureshi said that Pakistan appreciates China's support on energy projects.

The two sides agreed to maintain close communication.
"""

OTHER_QURESHI = """\
On June 4, 2022, State Councilor and Foreign Minister Wang Yi met with Minister of State Ali \
Qureshi of Pakistan in Beijing.

Wang Yi said that China supports Pakistan's development.
"""

NOT_A_READOUT = "Hello world, this is a shopping list: apples, pears and bread.\n"

_numbers = itertools.count(1)


def variant(text: str) -> str:
    """The same readout with a unique note appended, so it is a new text to the archive."""
    return f"{text}\n(Test copy {next(_numbers)}.)\n"


# A release of three meetings (archive.parsing.sections), the second as given: UNREADABLE says
# nothing a readout says, READABLE is a meeting.
RELEASE_OF_THREE = """\
Secretary Rubio's Travel to Kuala Lumpur, Malaysia

Notes from the margins of the ASEAN meetings.

Meeting with Malaysian Foreign Minister Mohamad Hasan

On July 10, 2025, Secretary Rubio met with Malaysian Foreign Minister Mohamad Hasan. The \
Secretary and Foreign Minister Mohamad agreed to expand cooperation on semiconductor supply chains.

{second}

Meeting with Thai Foreign Minister Maris Sangiampongsa

On July 10, 2025, Secretary Rubio met with Thai Foreign Minister Maris Sangiampongsa. The \
Secretary and Foreign Minister Maris agreed to hold a Strategic Dialogue in Bangkok later this year.
"""
UNREADABLE = "Meeting with the delegations\n\nLorem ipsum dolor sit amet, consectetur adipiscing."
READABLE = (
    "Meeting with Japanese Foreign Minister Iwaya Takeshi\n\nOn July 10, 2025, Secretary Rubio "
    "met with Japanese Foreign Minister Iwaya Takeshi."
)
