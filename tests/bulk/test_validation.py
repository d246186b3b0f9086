"""Client-side validation and normalisation (heymarket.bulk.validation) and the CSV reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from heymarket.bulk.csv_source import CsvMappingError, build_column_map, read_header
from heymarket.bulk.sources import open_source
from heymarket.bulk.validation import (
    NormalizeOptions,
    Rejection,
    normalize_contact,
    normalize_custom,
    normalize_email,
    normalize_phone,
    normalize_tags,
)


@pytest.mark.parametrize(
    ("raw", "region", "expected"),
    [
        ("15105553344", None, "15105553344"),  # the API's own format
        ("+1 (510) 555-3344", None, "15105553344"),
        ("(510) 555-3344", "US", "15105553344"),
        ("510.555.3344", "US", "15105553344"),
        ("1-510-555-3344", "US", "15105553344"),
        ("+44 20 7946 0018", "US", "442079460018"),
        ("020 7946 0018", "GB", "442079460018"),
        ("447911123456", "US", "447911123456"),  # not a US number: read as E.164 without +
        ("+33 6 12 34 56 78", None, "33612345678"),
        (15105553344, None, "15105553344"),
    ],
)
def test_phone_is_normalised_to_e164_digits(raw: object, region: str | None, expected: str) -> None:
    assert normalize_phone(raw, region) == expected


@pytest.mark.parametrize(
    ("raw", "region", "code"),
    [
        ("", "US", "missing_phone"),
        (None, "US", "missing_phone"),
        ("12345", "US", "invalid_phone"),
        ("not a phone", "US", "invalid_phone"),
        ("(510) 555-3344", None, "invalid_phone"),  # national format needs a default region
        ("+1 510 555 3344 ext. 12", None, "invalid_phone"),  # E.164 has no extension
        ("+1 123 456 7890", None, "invalid_phone"),  # no such area code
        (["15105553344"], None, "invalid_phone"),
    ],
)
def test_bad_phones_are_rejected(raw: object, region: str | None, code: str) -> None:
    with pytest.raises(Rejection) as caught:
        normalize_phone(raw, region)
    assert caught.value.code == code


def test_email_syntax() -> None:
    assert normalize_email(" ada@example.com ") == "ada@example.com"
    for bad in ("ada@", "ada", "a b@example.com", "ada@example"):
        with pytest.raises(Rejection) as caught:
            normalize_email(bad)
        assert caught.value.code == "invalid_email"


def test_tags_at_most_five_and_deduplicated() -> None:
    assert normalize_tags("1;2, 3 4|5") == [1, 2, 3, 4, 5]
    assert normalize_tags([1, "2", {"tag_id": 3}, 1]) == [1, 2, 3]
    assert normalize_tags("") == []
    with pytest.raises(Rejection) as caught:
        normalize_tags("1;2;3;4;5;6")
    assert caught.value.code == "too_many_tags"
    with pytest.raises(Rejection) as caught:
        normalize_tags("1;x")
    assert caught.value.code == "invalid_tag"
    with pytest.raises(Rejection):
        normalize_tags("0")


def test_custom_keys_must_be_ids_or_known_titles() -> None:
    assert normalize_custom({"123": "Premium", "456": 7, "789": ""}) == {"123": "Premium", "456": "7"}
    assert normalize_custom({"plan": "Basic", "Renewal  Date": "2024"}, {"Plan": "12", "renewal date": "34"}) == {
        "12": "Basic",
        "34": "2024",
    }
    with pytest.raises(Rejection) as caught:
        normalize_custom({"Plan": "Basic"})
    assert caught.value.code == "unknown_custom_field"
    with pytest.raises(Rejection) as caught:
        normalize_custom({"12": "a", "plan": "b"}, {"plan": "12"})
    assert caught.value.code == "invalid_custom_field"


def test_contact_is_normalised_and_blank_optionals_dropped() -> None:
    options = NormalizeOptions(default_region="us", field_ids={"Plan": 12})
    body = normalize_contact(
        {
            "phone": "(510) 555-3344",
            "first": " Ada ",
            "last": "",
            "email": "ada@example.com",
            "tags": "1;2",
            "custom": {"Plan": "Premium"},
            "assignee_id": "-1",
            "is_opted_out": "yes",
            "avatar": "https://example.com/a.png",
            "email_suppressions": "3;4",
        },
        options,
    )
    assert body == {
        "phone": "15105553344",
        "first": "Ada",
        "email": "ada@example.com",
        "tags": [{"tag_id": 1}, {"tag_id": 2}],
        "custom": {"12": "Premium"},
        "assignee_id": -1,
        "is_opted_out": True,
        "avatar": "https://example.com/a.png",
        "email_suppressions": [3, 4],
    }


@pytest.mark.parametrize(
    ("contact", "code"),
    [
        ({"phone": "15105553344", "nickname": "x"}, "unknown_field"),
        ({"phone": "15105553344", "assignee_id": "-2"}, "invalid_assignee_id"),
        ({"phone": "15105553344", "avatar": "not a url"}, "invalid_avatar"),
        ({"phone": "15105553344", "is_opted_out": "maybe"}, "invalid_is_opted_out"),
        ({"phone": "15105553344", "first": 3}, "invalid_first"),
        ({"first": "Ada"}, "missing_phone"),
    ],
)
def test_contact_rejections(contact: dict[str, object], code: str) -> None:
    with pytest.raises(Rejection) as caught:
        normalize_contact(contact)
    assert caught.value.code == code


def test_options_refuse_unknown_region_and_non_numeric_ids() -> None:
    with pytest.raises(ValueError, match="region"):
        NormalizeOptions(default_region="XX")
    with pytest.raises(ValueError, match="numeric"):
        NormalizeOptions(field_ids={"Plan": "abc"})


# ---------------------------------------------------------------------------------- CSV


def test_header_aliases_and_overrides() -> None:
    mapping = build_column_map(
        ["Mobile Phone", "First Name", "surname", "E-mail", "Tag", "custom:Plan", "Company", "Notes"],
        {"Company": "custom:Company", "Notes": ""},
    )
    assert mapping.describe() == {
        "Mobile Phone": "phone",
        "First Name": "first",
        "surname": "last",
        "E-mail": "email",
        "Tag": "tags",
        "custom:Plan": "custom:Plan",
        "Company": "custom:Company",
        "Notes": "(ignored)",
    }
    assert mapping.custom_titles == ["Plan", "Company"]


@pytest.mark.parametrize(
    ("header", "overrides", "message"),
    [
        (["phone", "Company"], {}, "map to no contact field"),
        (["first"], {}, "no column maps to phone"),
        (["phone", "first", "First Name"], {}, "both map to first"),
        (["phone", "phone"], {}, "repeats"),
        (["phone"], {"Nope": "first"}, "not in the header"),
        (["phone", "x"], {"x": "nickname"}, "not a contact field"),
    ],
)
def test_header_mapping_errors(header: list[str], overrides: dict[str, str], message: str) -> None:
    with pytest.raises(CsvMappingError, match=message):
        build_column_map(header, overrides)


def test_unknown_columns_can_be_ignored() -> None:
    assert build_column_map(["phone", "Company"], ignore_unknown=True).describe()["Company"] == "(ignored)"


def test_several_columns_may_map_to_the_phone() -> None:
    mapping = build_column_map(["Business Phone", "Mobile", "Name"])
    assert mapping.describe() == {"Business Phone": "phone", "Mobile": "phone", "Name": "display_name"}
    assert [t.mobile for t in mapping.targets if t is not None] == [False, True, False]


def test_rows_keep_their_file_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "\ufeffphone,first,tags,tags2\n"
        "15105550001,Ada,1,2\n"
        "\n"
        '15105550002,"Multi\nLine",,\n'
        "15105550003,Short\n"
        "15105550004,Last,,3\n"
        "15105550005,Long,,,extra\n",
        encoding="utf-8",
    )
    header = read_header(path)
    assert header[0] == "phone"  # the BOM is not part of the name
    source = open_source(path, overrides={"tags2": "tags"})
    assert source.total == 5
    assert source.fingerprint.startswith("sha256:") and len(source.fingerprint) == 7 + 64
    rows = [item for item, _ in source.records()]
    assert [r.line for r in rows] == [2, 4, 6, 7, 8]
    assert rows[0].contact == {"phone": "15105550001", "first": "Ada", "tags": [{"tag_id": 1}, {"tag_id": 2}]}
    assert rows[1].contact["first"] == "Multi\nLine"
    assert rows[2].rejection is None and rows[2].contact == {"phone": "15105550003", "first": "Short"}
    assert rows[3].contact["tags"] == [{"tag_id": 3}]
    assert rows[4].rejection is not None and rows[4].rejection.code == "invalid_row"
    assert rows[4].contact["phone"] == "15105550005"
