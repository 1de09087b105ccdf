from datetime import datetime

import pytest

from importer.dates import AMSTERDAM, DateError, find_datetime, find_relative, isoformat


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reactie van Wim op 12 Augustus 2013 op 9.28", "2013-08-12T09:28:00+02:00"),
        ("12 AUGUSTUS 2013 op 16.35", "2013-08-12T16:35:00+02:00"),
        ("16 juni 2016, 17:05", "2016-06-16T17:05:00+02:00"),
        ("2 jan. 2014 om 14:05", "2014-01-02T14:05:00+01:00"),
        ("Comment by X on August 12, 2013 at 9:28am", "2013-08-12T09:28:00+02:00"),
        ("February 11, 2009 at 10:27pm", "2009-02-11T22:27:00+01:00"),
        ("December 1 2010 at 12:05am", "2010-12-01T00:05:00+01:00"),
        ("3. März 2014 um 14:05 Uhr", "2014-03-03T14:05:00+01:00"),
        ("2013-07-02 08:59", "2013-07-02T08:59:00+02:00"),
    ],
)
def test_dates_in_dutch_english_and_german(text, expected):
    assert isoformat(find_datetime(text)) == expected


def test_no_date():
    assert find_datetime("Reactie van iemand") is None


def test_impossible_date():
    with pytest.raises(DateError):
        find_datetime("31 februari 2013 op 9.28")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17 hours ago", "2011-05-01T19:00:00+02:00"),
        ("3 uur geleden", "2011-05-02T09:00:00+02:00"),
        ("54 minutes ago", "2011-05-02T11:06:00+02:00"),
        ("een dag geleden", "2011-05-01T12:00:00+02:00"),
    ],
)
def test_relative_times_resolve_against_the_capture(text, expected):
    captured = datetime(2011, 5, 2, 12, 0, tzinfo=AMSTERDAM)
    assert isoformat(find_relative(text, captured)) == expected
