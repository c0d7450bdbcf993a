"""The parser's fast result constructors make the same objects as the dataclasses' own."""

import dataclasses
import datetime
import pickle

from archive.parsing.results import (
    make_agreed_point,
    make_participant,
    make_readout,
    make_statement,
)
from archive.parsing.types import (
    ParsedAgreedPoint,
    ParsedParticipant,
    ParsedReadout,
    ParsedStatement,
)


def _same(fast, slow):
    assert fast == slow
    assert hash(fast) == hash(slow)
    assert repr(fast) == repr(slow)
    assert list(vars(fast)) == [f.name for f in dataclasses.fields(slow)]
    assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow  # noqa: S301 - our own bytes
    try:
        fast.__setattr__("start", 1)
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("the made object is not frozen")


def test_made_results_equal_constructed_ones():
    person = make_participant("Wang Yi", "Foreign Minister", "CN", True, ("Wang",))
    _same(person, ParsedParticipant("Wang Yi", "Foreign Minister", "CN", True, ("Wang",)))
    said = make_statement(0, "Wang Yi said so.", 3, 19, ("trade",))
    _same(said, ParsedStatement(0, "Wang Yi said so.", 3, 19, ("trade",)))
    both = make_statement(None, "They agreed.", 0, 12, (), True)
    _same(both, ParsedStatement(None, "They agreed.", 0, 12, (), True))
    # a statement with a speaker is never joint
    _same(make_statement(1, "He agreed.", 0, 10, (), True), ParsedStatement(1, "He agreed.", 0, 10))
    point = make_agreed_point("to meet again", 5, 18, ())
    _same(point, ParsedAgreedPoint("to meet again", 5, 18, ()))
    values = (
        "Talks",
        datetime.date(2024, 1, 2),
        True,
        "meeting",
        False,
        "Beijing",
        "CN",
        "cn-mfa",
        "CN",
        (person,),
        ("CN",),
        (said,),
        (point,),
        ("trade",),
        ("a warning",),
    )
    _same(make_readout(*values), ParsedReadout(*values))
