"""Item 7 of issue 18: files as people bring them (tests/fixtures/exports/, made up but shaped byte for
byte like the tools' own exports), imported by the real ``heymarket contacts import`` against the
stand-in: encodings and BOMs, ``;`` and CRLF, Excel's empty trailing cells and rows, a Salesforce
report's footer and deleted records, Exchange addresses, a German Outlook header, the tool's own JSON
Lines export, and files with nothing to import.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from heymarket.bulk.mapping import CsvMappingError
from heymarket.bulk.sources import open_source
from tests.support.cli import cli_env, read_report, run_cli
from tests.support.paths import FIXTURES
from tests.support.standin import StandInServer, standin_config

EXPORTS = FIXTURES / "exports"

# file -> (layout or None, {phone: (first, last, email)}, start-line words)
CASES: dict[str, tuple[str | None, dict[str, tuple[str, str, str | None]]]] = {
    "outlook_classic_cp1252.csv": ("Outlook CSV", {
        "16465550142": ("Renée", "Exemple", "renee@example.com"),
        "14155550144": ("Sam", "Colleague", None),  # the Exchange address is left out, the mobile kept
        "13035550145": ("Zoë", "Façade", "zoe@example.org"),
    }),
    "outlook_classic_utf16.csv": ("Outlook CSV", {
        "16465550142": ("Renée", "Exemple", "renee@example.com"),
        "14155550144": ("Sam", "Colleague", None),
        "13035550145": ("Zoë", "Façade", "zoe@example.org"),
    }),
    "outlook_german.csv": ("Outlook CSV (German)", {
        "4915123456789": ("Jürgen", "Müller", "juergen.mueller@example.de"),  # Mobiltelefon over geschäftlich
        "49891234567": ("Käthe", "Großmann", "kaethe@example.de"),
    }),
    "excel_semicolon.csv": (None, {
        "4915123456780": ("Jörg", "Beispiel", "joerg@example.de"),
        "4915223456781": ("Anna-Lena", "Muster; Schmidt", "anna@example.de"),
    }),
    "salesforce_report_footer.csv": ("Salesforce contacts report", {
        "14045550101": ("Quinn", "Sample", "quinn@example.com"),
        "15125550191": ("Rory", "Placeholder", "rory@example.com"),
    }),
    "salesforce_deleted.csv": ("Salesforce contacts (Data Export)", {
        "16465550140": ("Oakley", "Sample", "oakley@example.com"),
        "16175550180": ("Parker", "Example", "parker@example.org"),
    }),
}  # fmt: skip


def _import(path: Path, *args: object, report: Path | None = None) -> tuple[Any, dict[str, dict[str, Any]]]:
    extra: list[object] = ["--report", report] if report is not None else []
    with StandInServer(standin_config()) as server:
        result = run_cli(
            "contacts", "import", path, "--default-region", "US", "--no-progress", *extra, *args,
            env=cli_env(server.url),
        )  # fmt: skip
        stored = {c["phone"]: c for c in server.contacts()}
    return result, stored


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_as_people_bring_it_imports(name: str, tmp_path: Path) -> None:
    layout, want = CASES[name]
    result, stored = _import(EXPORTS / name, report=tmp_path / "report.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    if layout is not None:
        assert f"({layout})" in result.stderr
    assert {p: (c.get("first"), c.get("last"), c.get("email")) for p, c in stored.items()} == want
    report = read_report(tmp_path / "report.csv")
    assert sorted(r["outcome"] for r in report.values()) == ["created"] * len(want)  # no footer, deleted or empty row


def test_excel_trailing_empty_header_cells_and_short_rows(tmp_path: Path) -> None:
    result, stored = _import(EXPORTS / "excel_trailing_empty.csv", report=tmp_path / "report.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(stored) == ["12125550151", "12125550152", "12125550153"]
    assert stored["12125550152"]["email"] == "ben@example.com"  # its trailing cells were left off
    assert sorted(read_report(tmp_path / "report.csv")) == [2, 3, 5]  # the ,,,,,, rows are not rows


def test_exchange_address_is_a_warning_not_a_rejection() -> None:
    source = open_source(EXPORTS / "outlook_classic_cp1252.csv", default_region="US")
    items = {item.line: (item, info) for item, info in source.records()}
    item, info = items[3]
    assert item.rejection is None and item.contact["phone"] == "14155550144" and "email" not in item.contact
    assert len(info.warnings) == 1 and "Exchange address" in info.warnings[0] and "/o=ExchangeLabs" in info.warnings[0]


def test_the_summary_says_how_the_file_was_read_and_what_was_left_out(tmp_path: Path) -> None:
    result, _ = _import(EXPORTS / "outlook_classic_cp1252.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "Read as Windows-1252." in lines
    assert lines.index("Read as Outlook CSV.") + 1 == lines.index("Read as Windows-1252.")
    result, _ = _import(EXPORTS / "excel_semicolon.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "Read with the delimiter ';' (detected)." in lines
    assert "Left out (not contacts): empty rows: 2." in lines
    for name, note in (
        ("outlook_classic_utf16.csv", "Read as UTF-16."),
        ("salesforce_report_footer.csv", "Left out (not contacts): footer lines: 4."),
        ("salesforce_deleted.csv", "Left out (not contacts): rows marked deleted: 1."),
    ):
        result, _ = _import(EXPORTS / name)
        assert note in result.stdout.splitlines(), result.stdout
    result, _ = _import(EXPORTS / "outlook.csv")  # UTF-8 with a BOM and ",": nothing to say
    assert not [line for line in result.stdout.splitlines() if line.startswith(("Read with", "Left out"))]
    assert "Read as UTF-8." not in result.stdout


EXCHANGE_WARNING = (
    "E-mail Address: '/o=ExchangeLabs/ou=Exchange Administrat…' is an Exchange address, not an email: left out"
)


def test_the_exchange_address_is_in_the_report_and_the_summary(tmp_path: Path) -> None:
    report_path = tmp_path / "report.csv"
    result, stored = _import(EXPORTS / "outlook_classic_cp1252.csv", report=report_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "email" not in stored["14155550144"]
    report = read_report(report_path)
    assert {line: r["warning"] for line, r in report.items()} == {2: "", 3: EXCHANGE_WARNING, 4: ""}
    assert report[3]["outcome"] == "created"
    lines = result.stdout.splitlines()
    at = lines.index("Rows imported with a warning: 1 (the first 1 below; the report's warning column has them all)")
    assert lines[at + 1] == f"  line 3 (Sam Colleague): {EXCHANGE_WARNING}"
    assert "Rows not imported" not in result.stdout
    dry, _ = _import(EXPORTS / "outlook_classic_utf16.csv", "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "Rows to import with a warning: 1 (the first 1 below; --report writes them all)" in dry.stdout


def test_a_resumed_run_has_the_warnings_of_the_rows_done_before(tmp_path: Path) -> None:
    """The file is read again in full, so rows the journal holds get their warning from it too."""
    args = [
        "contacts", "import", EXPORTS / "outlook_classic_cp1252.csv", "--default-region", "US", "--no-progress",
        "--journal", tmp_path / "import.journal", "--report", tmp_path / "report.csv",
    ]  # fmt: skip
    with StandInServer(standin_config()) as server:
        first = run_cli(*args, env=cli_env(server.url))
        again = run_cli(*args, env=cli_env(server.url))
    assert first.returncode == 0 and again.returncode == 0, again.stdout + again.stderr
    assert "3 rows were already done in the journal" in again.stdout
    assert "Rows imported with a warning: 1 " in again.stdout
    assert read_report(tmp_path / "report.csv")[3]["warning"] == EXCHANGE_WARNING


def test_encoding_is_auto_unless_given(tmp_path: Path) -> None:
    helped = run_cli("contacts", "import", "--help", env=cli_env())
    assert helped.returncode == 0 and "[default: auto]" in " ".join(helped.stdout.split())
    for given in ([], ["--encoding", "auto"], ["--encoding", "utf-8-sig"], ["--encoding", "cp1252"]):
        result, stored = _import(EXPORTS / "outlook_classic_cp1252.csv", *given)
        assert result.returncode == 0, (given, result.stdout + result.stderr)
        assert "Read as Windows-1252." in result.stdout.splitlines(), given
        assert stored["16465550142"]["first"] == "Renée", given
    result, stored = _import(EXPORTS / "outlook_classic_cp1252.csv", "--encoding", "utf-8")  # as given: refused
    assert result.returncode == 2 and "cannot be read as UTF-8" in result.stderr and stored == {}


def test_encodings_are_read_and_said() -> None:
    assert open_source(EXPORTS / "outlook_classic_cp1252.csv").encoding == "cp1252"
    assert open_source(EXPORTS / "outlook_classic_utf16.csv").encoding == "utf-16-le"
    semicolon = open_source(EXPORTS / "excel_semicolon.csv")
    assert (semicolon.encoding, semicolon.delimiter) == ("utf-8", ";")  # type: ignore[attr-defined]
    assert semicolon.left_out["empty rows"] == 2
    assert open_source(EXPORTS / "salesforce_report_footer.csv").left_out["footer lines"] == 4
    assert open_source(EXPORTS / "salesforce_deleted.csv").left_out["rows marked deleted"] == 1


def test_a_file_of_mixed_encodings_is_refused_with_the_option_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("phone,first\n+12125550101,Zoë\n".encode() + "+12125550102,Renée\n".encode("cp1252"))
    with pytest.raises(CsvMappingError, match=r"--encoding cp1252"):
        open_source(path)
    result, stored = _import(path)
    assert result.returncode == 2 and "--encoding cp1252" in result.stderr and stored == {}
    result, stored = _import(path, "--encoding", "latin-1")
    assert result.returncode == 0, result.stderr
    assert sorted(c["first"] for c in stored.values()) == ["Renée", "ZoÃ«"]  # as asked


def test_an_undetected_delimiter_points_at_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "colon.csv"
    path.write_text("First Name:Mobile:Email\nAda:+1 212 555 0101:ada@example.com\n", encoding="utf-8")
    result, _ = _import(path)
    assert result.returncode == 2
    assert "--delimiter" in result.stderr and "delimiter" in result.stderr.split("--delimiter")[0]
    result, stored = _import(path, "--delimiter", ":")
    assert result.returncode == 0 and list(stored) == ["12125550101"]


def test_several_phone_columns_the_mobile_wins(tmp_path: Path) -> None:
    path = tmp_path / "phones.csv"
    path.write_text(
        "Name,Business Phone,Mobile\nAda,+1 212 555 0101,+1 646 555 0102\nBo,+1 212 555 0103,\n", encoding="utf-8"
    )
    result, stored = _import(path, report=tmp_path / "report.csv")
    assert result.returncode == 0, result.stderr
    assert sorted(stored) == ["12125550103", "16465550102"]
    assert read_report(tmp_path / "report.csv")[2]["phone_source"] == "Mobile: the mobile number (2 numbers)"


def test_the_tools_own_jsonl_export_imports_back(tmp_path: Path) -> None:
    exported = tmp_path / "all.jsonl"
    with StandInServer(standin_config()) as server:
        env = cli_env(server.url)
        body = [
            {"phone": "12125550101", "first": "Ada", "last": "Example", "email": "ada@example.com"},
            {"phone": "447400123456", "first": "Kai", "display_name": "Kai D."},
        ]
        assert server.call("POST", "/v1/batch/contacts", json=body).status_code == 200
        result = run_cli("contacts", "export", exported, "--no-progress", env=env)
        assert result.returncode == 0, result.stderr
        again = run_cli("contacts", "import", exported, "--no-progress", env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "(JSON Lines)" in again.stderr
    assert "skipped" in again.stdout  # the same account: every record exists
    with StandInServer(standin_config()) as other:
        moved = run_cli(
            "contacts", "import", exported, "--default-region", "GB", "--no-progress", env=cli_env(other.url)
        )
        stored = {c["phone"]: c for c in other.contacts()}
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert {p: (c.get("first"), c.get("email")) for p, c in stored.items()} == {
        "12125550101": ("Ada", "ada@example.com"),
        "447400123456": ("Kai", None),
    }
    assert stored["447400123456"]["display_name"] == "Kai D."


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("blank.csv", b"\r\n\r\n"),
        ("header_only.csv", b"Phone,First Name\r\n"),
        ("empty.vcf", b""),
        ("empty.jsonl", b""),
    ],
)
def test_nothing_to_import_is_one_rule(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert open_source(path).total == 0
    result, stored = _import(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert stored == {}
