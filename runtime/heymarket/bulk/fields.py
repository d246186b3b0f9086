"""Custom field titles to field ids, through ``listContactFields`` (and ``createContactFields``).

A contact's ``custom`` map is keyed by numeric field id; the server silently drops any other key. So
titles (what a spreadsheet header says) are mapped to ids before sending, with the team's own list.
Titles match case-insensitively, with runs of spaces folded. A request that fails raises the runtime's
typed error (``heymarket.APIStatusError``...), whatever the client.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from heymarket_auth.errors import HeymarketError
from heymarket_client import AuthenticatedClient
from heymarket_client.models import ContactField, CreatedContactField, ListContactFieldsRequest, NewContactField

from .calls import expect
from .mapping import fold


class FieldLookupError(HeymarketError):
    """The field list could not be read, a title is ambiguous, or titles are unknown (``missing``)."""

    def __init__(self, message: str, *, missing: list[str] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


def fetch_field_ids(client: AuthenticatedClient) -> dict[str, str]:
    """Every custom field of the team: title (as the server spells it) to id (digits)."""
    fields = field_pairs(expect(lambda: client.contact_fields.list(body=ListContactFieldsRequest())))
    result: dict[str, str] = {}
    seen: dict[str, str] = {}
    for title, field_id in fields:
        folded = fold(title)
        if folded in seen and seen[folded] != field_id:
            # Two fields whose titles differ only in case: a title cannot pick one of them.
            raise FieldLookupError(f"two custom fields are titled {title!r} (ids {seen[folded]} and {field_id})")
        seen[folded] = field_id
        result[title] = field_id
    return result


def resolve_field_titles(
    client: AuthenticatedClient, titles: Iterable[str], *, create_missing: bool = False
) -> dict[str, str]:
    """Field ids for ``titles`` (title as given to id). Unknown titles raise :class:`FieldLookupError`,
    or are created with ``createContactFields`` when ``create_missing`` is set."""
    wanted = {fold(t): t for t in titles if t.strip()}
    if not wanted:
        return {}
    known = {fold(title): field_id for title, field_id in fetch_field_ids(client).items()}
    missing = [original for folded, original in wanted.items() if folded not in known]
    if missing and not create_missing:
        raise FieldLookupError(
            f"unknown custom field title(s): {', '.join(repr(t) for t in sorted(missing))} "
            "(create them in Heymarket first, or let the import create them)",
            missing=missing,
        )
    if missing:
        body = [NewContactField(title=" ".join(t.split())) for t in missing]
        for title, field_id in field_pairs(expect(lambda: client.contact_fields.create(body=body))):
            known[fold(title)] = field_id
    unresolved = [t for f, t in wanted.items() if f not in known]
    if unresolved:
        raise FieldLookupError(f"the server did not return ids for: {', '.join(sorted(unresolved))}")
    return {original: known[folded] for folded, original in wanted.items()}


def field_pairs(fields: Sequence[ContactField | CreatedContactField]) -> list[tuple[str, str]]:
    """(title, id as digits) of every field that has both."""
    return [(f.title, str(f.id)) for f in fields if isinstance(f.title, str) and isinstance(f.id, int)]
