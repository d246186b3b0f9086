"""Address-book and CRM exports (tests/fixtures/exports/) through the real ``heymarket contacts import``
command against the stand-in, with no ``--map``: the layout each is read as, the contacts stored (names,
email, the chosen number), and a report that names every input record and says which number was used.
Plus the vCard reader's corner cases, layout detection, and ``--map`` on top of a detected layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from heymarket.bulk.csv_source import read_header
from heymarket.bulk.layouts import detect_layout
from heymarket.bulk.records import Candidate, choose_phone
from heymarket.bulk.sources import open_source
from heymarket.bulk.vcard import card_record, iter_vcards
from tests.support.cli import cli_env, read_report, run_cli
from tests.support.fakes import assert_no_secret
from tests.support.paths import FIXTURES
from tests.support.standin import StandInServer, standin_config

EXPORTS = FIXTURES / "exports"


@dataclass(frozen=True)
class Row:
    outcome: str
    """``created`` or ``rejected:<reason>``."""
    record: str
    phone: str = ""
    first: str = ""
    last: str = ""
    email: str | None = None
    phone_source: str = ""
    display_name: str | None = None


MOBILE_OF_2 = "the mobile number (2 numbers)"
FIRST_OF_2 = "the first valid number (2 numbers)"

CASES: dict[str, tuple[str, str, dict[int, Row]]] = {
    "google_contacts.csv": (
        "Google Contacts CSV",
        "Ignored columns: Organization Name, Notes, Labels, Address 1 - Label, Address 1 - Formatted, "
        "Address 1 - City, Website 1 - Label, Website 1 - Value, Custom Field 1 - Label, Custom Field 1 - Value "
        "(and 18 empty columns).",
        {
            2: Row("created", "Avery Sample", "16465550140", "Avery", "Sample", "avery.sample@example.com",
                   f"Phone 2 - Value [Mobile]: {MOBILE_OF_2}"),
            3: Row("created", "Blake Placeholder", "13105550120", "Blake", "Placeholder", "blake@example.org",
                   f"Phone 1 - Value #1 [Mobile]: {MOBILE_OF_2}"),
            4: Row("created", "Casey Fictional", "12025550150", "Casey", "Fictional", "casey@example.net",
                   "Phone 2 - Value [Work]: the first valid number (2 numbers, 1 not valid)"),
            7: Row("created", "Dana Testcase", "13125550170", "Dana", "Testcase", None, "Phone 2 - Value [Mobile]"),
            8: Row("rejected:missing_phone", "Emery Nobody"),
            9: Row("created", "Finley Demo", "16175550180", "Finley", "Demo", None,
                   f"Phone 1 - Value [Main]: {FIRST_OF_2}"),
        },
    ),
    "google_contacts_legacy.csv": (
        "Google Contacts CSV",
        "Ignored columns: Group Membership, Organization 1 - Name (and 25 empty columns).",
        {
            2: Row("created", "Gray Example", "12065550102", "Gray", "Example", "gray@example.com",
                   f"Phone 2 - Value [Mobile]: {MOBILE_OF_2}", display_name="Gray Example"),
            3: Row("created", "Harper Specimen", "13035550103", "Harper", "Specimen", None,
                   f"Phone 1 - Value #1 [Mobile]: {MOBILE_OF_2}", display_name="Harper Specimen"),
        },
    ),
    "outlook.csv": (
        "Outlook CSV",
        "Ignored columns: Pager, Business Fax, Job Title, Company, Home City (and 43 empty columns).",
        {
            2: Row("created", "Indigo Sample", "12125550112", "Indigo", "Sample", "indigo@example.com",
                   f"Mobile Phone: {MOBILE_OF_2}"),
            3: Row("created", "Jules Mockup", "14155550130", "Jules", "Mockup", "jules@example.org", "Business Phone"),
            4: Row("created", "Kai Dummy", "447400123456", "Kai", "Dummy", "kai@example.co.uk", "Mobile Phone"),
        },
    ),
    "hubspot_contacts.csv": (
        "HubSpot contacts export",
        "Ignored columns: Record ID, Lifecycle Stage, Marketing contact status, Create Date, Associated Company "
        "(and 4 empty columns).",
        {
            2: Row("created", "Lane Sample", "13105550120", "Lane", "Sample", "lane@example.com",
                   f"Mobile Phone Number: {MOBILE_OF_2}"),
            3: Row("created", "Morgan Example", "12125550111", "Morgan", "Example", "morgan@example.org", "Phone Number"),
            4: Row("rejected:missing_phone", "Noor Placeholder"),
        },
    ),
    "salesforce_contacts.csv": (
        "Salesforce contacts (Data Export)",
        "Ignored columns: Id, IsDeleted, AccountId, Salutation, Name, MailingCity, Fax, AssistantPhone, "
        "AssistantName, OwnerId, HasOptedOutOfEmail, DoNotCall, CreatedDate, SystemModstamp (and 20 empty columns).",
        {
            2: Row("created", "Oakley Sample", "16465550140", "Oakley", "Sample", "oakley@example.com",
                   f"MobilePhone: {MOBILE_OF_2}"),
            3: Row("created", "Parker Example", "16175550180", "Parker", "Example", "parker@example.org", "HomePhone"),
        },
    ),
    "salesforce_report.csv": (
        "Salesforce contacts report",
        "Ignored columns: Contact Owner, Title, Account Name, Mailing City, Contact ID.",
        {
            2: Row("created", "Quinn Sample", "14045550101", "Quinn", "Sample", "quinn@example.com",
                   f"Mobile: {MOBILE_OF_2}"),
        },
    ),
    "apple_icloud.vcf": (
        "vCard 3.0",
        "Ignored properties: BDAY, NOTE, ORG, PHOTO, PRODID.",
        {
            1: Row("created", "Reese Sample", "16465550140", "Reese", "Sample", "reese.sample@example.com",
                   f"TEL, line 9 [Mobile]: {MOBILE_OF_2}", display_name="Reese Sample"),
            16: Row("created", "Sawyer Example", "14155550130", "Sawyer", "Example", "sawyer@example.org",
                    "TEL, line 24 [CELL,VOICE,PREF]: the mobile number (3 numbers)", display_name="Sawyer Example"),
            28: Row("rejected:missing_phone", "Tatum Nobody"),
        },
    ),
    "google_contacts.vcf": (
        "vCard 3.0",
        "Ignored properties: CATEGORIES, ORG.",
        {
            1: Row("created", "Uma Placeholder", "13125550170", "Uma", "Placeholder", "uma@example.com",
                   f"TEL, line 9 [CELL]: {MOBILE_OF_2}", display_name="Uma Placeholder"),
            14: Row("created", "Vic Specimen", "16175550180", "Vic", "Specimen", None,
                    f"TEL, line 18 [HOME]: {FIRST_OF_2}", display_name="Vic Specimen"),
        },
    ),
    "contacts_v4.vcf": (
        "vCard 4.0",
        "Ignored properties: KIND.",
        {
            1: Row("created", "Wren Demo", "13035550103", "Wren", "Demo", "wren@example.com",
                   f"TEL, line 6 [TEXT,CELL]: {MOBILE_OF_2}", display_name="Wren Q. Demo"),
            10: Row("created", "Yael Testcase", "19175550105", "Yael", "Testcase", "yael@example.net",
                    "TEL, line 15 [HOME]: the first valid number (2 numbers, 1 not valid)", display_name="Yael Testcase"),
        },
    ),
    "phone_v21.vcf": (
        "vCard 2.1",
        "",
        {
            1: Row("created", "Zoë Beispiel", "14045550101", "Zoë", "Beispiel", "zoe@example.de",
                   f"TEL, line 7 [CELL,PREF]: {MOBILE_OF_2}", display_name="Zoë Beispiel"),
            10: Row("created", "José Mañana", "12065550102", "José", "Mañana", None, "TEL, line 13 [WORK,VOICE]"),
        },
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_layout_imports_without_map(name: str, tmp_path: Path) -> None:
    layout, ignored, rows = CASES[name]
    with StandInServer(standin_config()) as server:
        result = run_cli(
            "contacts", "import", EXPORTS / name, "--default-region", "US", "--report", tmp_path / "report.csv",
            "--no-progress", env=cli_env(server.url),
        )  # fmt: skip
        stored = {c["phone"]: c for c in server.contacts()}
    rejected = any(r.outcome.startswith("rejected") for r in rows.values())
    assert result.returncode == (1 if rejected else 0), result.stdout + result.stderr
    assert_no_secret(result.stdout, result.stderr)
    assert f"Read as {layout}." in result.stdout
    assert f"({layout})" in result.stderr  # the start line says how the file is read
    if ignored:
        assert ignored in result.stdout
    else:
        assert "Ignored " not in result.stdout

    # The report: every input record, by line, named, with the number used and why.
    report = read_report(tmp_path / "report.csv")
    assert sorted(report) == sorted(rows)
    for line, want in rows.items():
        got = report[line]
        outcome = got["outcome"] if got["outcome"] == "created" else f"{got['outcome']}:{got['reason']}"
        assert (outcome, got["record"], got["phone"], got["phone_source"]) == (
            want.outcome,
            want.record,
            want.phone,
            want.phone_source,
        ), line

    # The store: the created contacts with their names, email and the chosen number, and nothing else
    # (the numbers not chosen were not stored as contacts of their own).
    created = [r for r in rows.values() if r.outcome == "created"]
    assert sorted(stored) == sorted(r.phone for r in created)
    for want in created:
        contact: dict[str, Any] = stored[want.phone]
        assert (contact.get("first"), contact.get("last"), contact.get("email")) == (want.first, want.last, want.email)
        if want.display_name is not None:
            assert contact["display_name"] == want.display_name


def test_map_works_on_top_of_a_detected_layout(tmp_path: Path) -> None:
    """A Google export: a custom field from an ignored column, one phone column left out."""
    with StandInServer(standin_config()) as server:
        result = run_cli(
            "contacts", "import", EXPORTS / "google_contacts.csv", "--default-region", "US", "--create-fields",
            "--map", "Custom Field 1 - Value=custom:Plan", "--map", "Phone 1 - Value=",
            "--report", tmp_path / "report.csv", "--no-progress", env=cli_env(server.url),
        )  # fmt: skip
        stored = {c["first"]: c for c in server.contacts()}
        fields = {f["title"]: str(f["id"]) for f in server.call("POST", "/v1/contact-fields", json={}).json()}
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Read as Google Contacts CSV." in result.stdout
    assert "Custom Field 1 - Value" not in result.stdout.split("Ignored columns:")[1].split("\n")[0]
    report = read_report(tmp_path / "report.csv")
    # Phone 1 is ignored: Finley's second number is used, Blake (Phone 1 only) has none left.
    assert (report[9]["phone"], report[9]["phone_source"]) == ("15125550190", "Phone 2 - Value [Other]")
    assert (report[3]["outcome"], report[3]["reason"]) == ("rejected", "missing_phone")
    assert report[2]["phone"] == "16465550140"  # Avery's mobile is in Phone 2: unchanged
    assert stored["Finley"]["custom"] == {fields["Plan"]: "Gold"}
    assert "Blake" not in stored


def test_map_names_vcard_properties(tmp_path: Path) -> None:
    with StandInServer(standin_config()) as server:
        env = cli_env(server.url)
        result = run_cli(
            "contacts", "import", EXPORTS / "apple_icloud.vcf", "--default-region", "US", "--create-fields",
            "--map", "ORG=custom:Company", "--map", "note=", "--no-progress", env=env,
        )  # fmt: skip
        absent = run_cli("contacts", "import", EXPORTS / "apple_icloud.vcf", "--map", "ADR=custom:Address", env=env)
        stored = {c["first"]: c for c in server.contacts()}
        fields = {f["title"]: str(f["id"]) for f in server.call("POST", "/v1/contact-fields", json={}).json()}
    assert result.returncode == 1, result.stdout + result.stderr  # Tatum has no number
    assert "Ignored properties: BDAY, PHOTO, PRODID." in result.stdout
    assert stored["Reese"]["custom"] == {fields["Company"]: "Example Orchards"}
    assert absent.returncode == 2 and "no card has: ADR" in absent.stderr


def test_unknown_layout_keeps_the_strict_mapping(tmp_path: Path) -> None:
    """A header that only looks like an export (no layout's signature) is mapped strictly, as before."""
    path = tmp_path / "almost_outlook.csv"
    path.write_text("First Name,Last Name,Mobile Phone,Company\nAda,Example,+1 212 555 0101,Acme\n", encoding="utf-8")
    with StandInServer(standin_config()) as server:
        result = run_cli("contacts", "import", path, env=cli_env(server.url))
        assert server.contacts() == []
    assert result.returncode == 2
    assert "'Company' map to no contact field" in result.stderr


# ---------------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("google_contacts.csv", "google-csv"),
        ("google_contacts_legacy.csv", "google-csv"),
        ("outlook.csv", "outlook-csv"),
        ("hubspot_contacts.csv", "hubspot"),
        ("salesforce_contacts.csv", "salesforce"),
        ("salesforce_report.csv", "salesforce-report"),
    ],
)
def test_layout_detected_from_the_header(name: str, key: str) -> None:
    layout = detect_layout(read_header(EXPORTS / name))
    assert layout is not None and layout.key == key


@pytest.mark.parametrize(
    "header",
    [
        ["Phone", "First Name", "Last Name", "Email", "Tags", "custom:Plan"],  # examples/contacts.csv
        ["phone", "first", "last", "display_name", "email", "tags", "assignee_id", "avatar", "is_opted_out"],
        ["id", "firstname", "lastname", "phone"],  # no Salesforce-only column
        ["First Name", "Last Name", "E-mail Address", "Mobile Phone"],  # no Business/Home Phone
    ],
)
def test_plain_headers_are_no_layout(header: list[str]) -> None:
    assert detect_layout(header) is None


# ---------------------------------------------------------------------------------- vCard corners


def cards(text: str) -> list[Any]:
    return list(iter_vcards(text.splitlines(keepends=True)))


def test_vcard_folding_escapes_and_parameters() -> None:
    [card] = cards(
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        "N:O\\,Brien;Sam;;;\r\n"
        "FN:Sam O\\,Brien\r\n"
        'TEL;TYPE="work:main",voice:+1 212 555 01\r\n 01\r\n'
        "item2.TEL:+1 415 555 0130\r\n"
        "item2.X-ABLabel:iPhone\r\n"
        "TEL;type=HOME;type=FAX:+1 212 555 0198\r\n"
        "EMAIL;TYPE=INTERNET:sam@\r\n\texample.com\r\n"
        "END:VCARD\r\n"
    )
    record = card_record(card)
    assert (record.first, record.last, record.display_name) == ("Sam", "O,Brien", "Sam O,Brien")
    assert [(p.value, p.mobile) for p in record.phones] == [("+1 212 555 0101", False), ("+1 415 555 0130", True)]
    assert [e.value for e in record.emails] == ["sam@example.com"]  # the fax number is no candidate


def test_vcard_quoted_printable_with_charset_and_soft_breaks() -> None:
    [card] = cards(
        "BEGIN:VCARD\nVERSION:2.1\n"
        "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=\n=FCrgen;;;\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Caf=C3=A9=0D=0Aline two\n"
        "TEL;CELL:+1 206 555 0102\n"
        "END:VCARD\n"
    )
    record = card_record(card, ["NOTE"])
    assert (record.first, record.last) == ("Jürgen", "Müller")
    assert record.extra["NOTE"] == "Café\r\nline two"
    assert record.phones[0].mobile


def test_vcard_2_1_agent_card_inside_a_card_is_neither_a_contact_nor_part_of_it() -> None:
    [card] = cards(
        "BEGIN:VCARD\nVERSION:2.1\nN:Doe;Jane\n"
        "AGENT:\nBEGIN:VCARD\nVERSION:2.1\nN:Assistant;Al\nTEL;CELL:+1 206 555 0199\nEND:VCARD\n"
        "TEL;CELL:+1 206 555 0103\nEMAIL:jane@example.com\nEND:VCARD\n"
    )
    record = card_record(card)
    assert (record.first, record.last) == ("Jane", "Doe")
    assert [p.value for p in record.phones] == ["+1 206 555 0103"]
    assert [e.value for e in record.emails] == ["jane@example.com"]


def test_vcard_4_tel_uri_keeps_an_extension_visible() -> None:
    [card] = cards("BEGIN:VCARD\nVERSION:4.0\nTEL;VALUE=uri;TYPE=work:tel:+1-702-555-0104;ext=12\nEND:VCARD\n")
    assert card_record(card).phones[0].value == "+1-702-555-0104 ext. 12"


def test_vcard_cut_short_is_rejected_and_named(tmp_path: Path) -> None:
    path = tmp_path / "cut.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ann Example\nTEL;TYPE=CELL:+1 212 555 0101\nEND:VCARD\n"
        "garbage between cards\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bo Example\nTEL;TYPE=CELL:+1 212 555 0102\n",
        encoding="utf-8",
    )
    source = open_source(path, default_region="US")
    assert source.total == 2
    (first, first_info), (second, second_info) = list(source.records())
    assert first.rejection is None and first_info.name == "Ann Example"
    assert second.line == 7 and second.rejection is not None and second.rejection.code == "invalid_row"
    assert second_info.name == "Bo Example"


def test_phone_choice_rules() -> None:
    home = Candidate("+1 212 555 0101", "Home")
    bad_mobile = Candidate("555-01", "Mobile", mobile=True)
    mobile = Candidate("+1 212 555 0102", "Mobile 2", mobile=True)
    preferred = Candidate("+1 212 555 0103", "Mobile 3", mobile=True, preferred=True)
    assert choose_phone([home, bad_mobile, mobile], "US")[0] is mobile  # the valid mobile, not the first
    assert choose_phone([home, mobile, preferred], "US")[0] is preferred  # a preferred one among mobiles
    assert choose_phone([bad_mobile, home], "US")[0] is home  # no valid mobile: the first valid number
    chosen, why, _ = choose_phone([bad_mobile], "US")
    assert chosen is bad_mobile and why == "Mobile: not a valid number"  # sent on, to be rejected and shown
    assert choose_phone([], "US")[0] is None
