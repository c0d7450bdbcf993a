"""The year or month a list is narrowed to, and the periods either side of it."""

import datetime

import pytest
from django.http import QueryDict

from archive.periods import Period, chosen_period, neighbours


class _Read:
    """What `chosen_period` reads of a filterset: its cleaned dates."""

    def __init__(self, **values):
        self.values = values

    def cleaned(self, name):
        return self.values.get(name)


D = datetime.date


@pytest.mark.parametrize(
    ("values", "period"),
    [
        ({"year": 2022}, Period(2022)),
        ({"date_from": D(2022, 1, 1), "date_to": D(2022, 12, 31)}, Period(2022)),
        ({"date_from": D(2022, 3, 1), "date_to": D(2022, 3, 31)}, Period(2022, 3)),
        ({"date_from": D(2024, 2, 1), "date_to": D(2024, 2, 29)}, Period(2024, 2)),
        # a month within the chosen year: the range narrows the year
        ({"year": 2022, "date_from": D(2022, 3, 1), "date_to": D(2022, 3, 31)}, Period(2022, 3)),
        # one day short of a month, two months, a range across the turn of a year: no period
        ({"date_from": D(2022, 3, 1), "date_to": D(2022, 3, 30)}, None),
        ({"date_from": D(2022, 3, 1), "date_to": D(2022, 4, 30)}, None),
        ({"date_from": D(2021, 12, 1), "date_to": D(2022, 1, 31)}, None),
        # an open range, nothing chosen
        ({"date_from": D(2022, 1, 1)}, None),
        ({}, None),
        # a year whose range leaves no whole month
        ({"year": 2022, "date_from": D(2022, 6, 15)}, None),
    ],
)
def test_the_chosen_period(values, period):
    assert chosen_period(_Read(**values)) == period


@pytest.mark.parametrize(
    ("period", "years", "months", "before", "after"),
    [
        # the nearest years with meetings, skipping the quiet ones
        (Period(2022), {2015: 3, 2022: 1, 2024: 2}, None, Period(2015), Period(2024)),
        # the first and the last year with meetings have no year before or after
        (Period(2015), {2015: 3, 2022: 1}, None, None, Period(2022)),
        # which years have meetings unknown: the years next door
        (Period(2022), None, None, Period(2021), Period(2023)),
        (Period(1900), None, None, None, Period(1901)),
        # a month: the nearest months of its year with meetings
        (Period(2022, 6), {2022: 9}, {1: 2, 6: 3, 11: 4}, Period(2022, 1), Period(2022, 11)),
        # past the first or last month with meetings, the nearest year with meetings
        (Period(2022, 6), {2019: 1, 2022: 3, 2023: 1}, {6: 3}, Period(2019), Period(2023)),
        (Period(2022, 6), {2022: 3}, {6: 3}, None, None),
        # months known, years not: the year next door
        (Period(2022, 6), None, {6: 3}, Period(2021), Period(2023)),
        # nothing known: the months next door, across the turn of a year
        (Period(2022, 1), None, None, Period(2021, 12), Period(2022, 2)),
        (Period(2022, 12), None, None, Period(2022, 11), Period(2023, 1)),
    ],
)
def test_the_periods_either_side(period, years, months, before, after):
    assert neighbours(period, years, months) == (before, after)


@pytest.mark.parametrize(
    ("period", "address"),
    [
        (Period(2021), "?pair=cn-pk&topic=security&year=2021"),
        (Period(2022, 2), "?pair=cn-pk&topic=security&date_from=2022-02-01&date_to=2022-02-28"),
        # outside the years `year` takes, a year is written as its dates
        (Period(1850), "?pair=cn-pk&topic=security&date_from=1850-01-01&date_to=1850-12-31"),
    ],
)
def test_a_periods_address_keeps_the_other_filters(period, address):
    params = QueryDict("pair=cn-pk&year=2022&topic=security&page=3&date_from=2022-03-01")
    assert period.address(params) == address


def test_labels():
    assert (Period(2022).label, Period(2022, 3).label) == ("2022", "March 2022")
