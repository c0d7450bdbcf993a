"""A release of several meetings (one text reporting each under a heading of its own) is stored
all or none: should one of its meetings fail while another is written, none is stored, and each
says why. The import (`archive.import_run`), its dry run and the admin's preview all ask
`left_out` which meetings that leaves out, so what a dry run or a preview reports is what the
import does.
"""

from __future__ import annotations

import collections
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class Part(Protocol):
    """One meeting to import: `label` names it in messages ("FILE, meeting 2 of 3"), `release`
    is the name of the release it is part of, or None for a text of one meeting."""

    label: str
    release: str | None


@dataclass(frozen=True)
class Section:
    """A `Part` for a caller that has only the names."""

    label: str
    release: str | None


def left_out(
    meetings: Sequence[Part],
    outcomes: Mapping[int, str | bool],
    *,
    would: bool = False,
) -> dict[int, str]:
    """Why each meeting of a release that cannot be stored whole is not stored, by its index in
    `meetings`. `outcomes` says for each index why it fails (a message), or whether it is
    written (True; False for a text stored already). `would` words it for a dry run."""
    releases: dict[str, list[int]] = collections.defaultdict(list)
    for i in outcomes:
        if meetings[i].release is not None:
            releases[meetings[i].release].append(i)
    reasons: dict[int, str] = {}
    for release, indices in releases.items():
        failed = [i for i in indices if isinstance(outcomes[i], str)]
        if not failed or not any(outcomes[i] is True for i in indices):
            continue
        first = meetings[failed[0]].label.removeprefix(f"{release}, ")
        because = (
            f"{'would not be' if would else 'not'} imported, because {first} could not be: "
            "the meetings of one release are imported all or none"
        )
        for i in indices:
            outcome = outcomes[i]
            reasons[i] = outcome if isinstance(outcome, str) else because
    return reasons
