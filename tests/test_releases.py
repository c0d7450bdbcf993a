"""`archive.releases.left_out`: which meetings of a release of several are not stored."""

from dataclasses import dataclass

import pytest

from archive.releases import left_out


@dataclass
class Part:
    label: str
    release: str | None = None


RELEASE = [Part(f"r.txt, meeting {n} of 3", "r.txt") for n in (1, 2, 3)]
BECAUSE = (
    "because meeting 2 of 3 could not be: the meetings of one release are imported all or none"
)


@pytest.mark.parametrize(
    ("outcomes", "expected"),
    [
        # All written: the release is stored whole.
        ({0: True, 1: True, 2: True}, {}),
        # One fails while others are written: none is stored, each says why.
        (
            {0: True, 1: "no date", 2: True},
            {0: f"not imported, {BECAUSE}", 1: "no date", 2: f"not imported, {BECAUSE}"},
        ),
        # One written is enough; a stored one in such a release is left out with it.
        (
            {0: False, 1: "no date", 2: True},
            {0: f"not imported, {BECAUSE}", 1: "no date", 2: f"not imported, {BECAUSE}"},
        ),
        # The others stored already: nothing is written, so nothing is left out.
        ({0: False, 1: "no date", 2: False}, {}),
        # All fail: each keeps its own reason.
        ({0: "a", 1: "b", 2: "c"}, {}),
    ],
)
def test_a_release_is_stored_all_or_none(outcomes, expected):
    assert left_out(RELEASE, outcomes) == expected


def test_a_dry_run_says_would_and_texts_of_one_meeting_are_never_left_out():
    parts = [Part("alone.txt"), *RELEASE]
    reasons = left_out(parts, {0: "no date", 1: True, 2: "no date", 3: True}, would=True)
    assert sorted(reasons) == [1, 2, 3]
    assert reasons[1] == f"would not be imported, {BECAUSE}"
