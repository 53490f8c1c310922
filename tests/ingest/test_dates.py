from __future__ import annotations

import pytest

from newstrail.ingest.dates import normalise_published, parse_dateline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 June 2022 11:00 (UTC+04:00)", "2022-06-03T11:00:00+04:00"),
        ("3 June 2022", "2022-06-03"),
        ("June 3, 2022 11:00 UTC", "2022-06-03T11:00:00+00:00"),
        ("Friday, 3 June 2022 at 11:00 GMT", "2022-06-03T11:00:00+00:00"),
        ("2022-06-03T11:00:00-05:00", "2022-06-03T11:00:00-05:00"),
        ("12 Sept 2023 4:30 pm", "2023-09-12T16:30:00"),
        ("14 March 2024 09:15 (UTC-03:30)", "2024-03-14T09:15:00-03:30"),
    ],
)
def test_dates_dateline_parsed_with_its_offset(line: str, expected: str) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The diplomatic corps visited on May 31, 2020.",
        "Hikmat Hajiyev, Assistant to the President",
        "31 February 2022",
        "",
    ],
)
def test_dates_non_dateline_is_none(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-08-14T08:00:00+03:00", "2023-08-14T08:00:00+03:00"),
        ("2023-08-14", "2023-08-14"),
        ("2023-08-14T05:00:00Z", "2023-08-14T05:00:00+00:00"),
        ("not a date", None),
        (None, None),
        ("", None),
    ],
)
def test_dates_metadata_normalised_never_invented(value: str | None, expected: str | None) -> None:
    assert normalise_published(value) == expected
