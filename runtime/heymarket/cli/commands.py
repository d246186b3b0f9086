"""``heymarket auth check`` and ``heymarket contacts create``: one call each, through the typed resources."""

from __future__ import annotations

import os
from typing import Any

import click

from heymarket_client.models import ContactRequest, ListTagsRequest

from ..bulk.calls import ResponseTap, attempt
from ..bulk.fields import resolve_field_titles
from ..bulk.lookups import account_tag_ids
from ..bulk.validation import NormalizeOptions, normalize_contact
from .app import Consoles, auth, client_for, contacts, origin, server_options
from .exits import NotDone, UsageError
from .render import unknown_tags_line


@auth.command("check")
@server_options
@click.pass_obj
def auth_check(consoles: Consoles, base_url: str | None, timeout: float) -> None:
    """Send one cheap authenticated request (listTags) and say whether the credentials work."""
    with client_for(base_url, timeout) as client, ResponseTap().installed(client) as tap:
        _tags, answer = attempt(lambda: client.tags.list(body=ListTagsRequest()), tap)
        where = origin(client)
    kind = "API Secret (JWT)" if os.environ.get("HEYMARKET_SECRET_ID") else "API key"
    if answer.status == 200:
        consoles.out.print(f"ok: {where} accepted the {kind} credentials (request id {answer.request_id})")
        return
    raise NotDone(f"{where} did not accept the request: {answer.describe()}")


@contacts.command("create")
@click.option("--phone", required=True, help="Phone number; without + it is read in --default-region.")
@click.option("--first", help="First name.")
@click.option("--last", help="Last name.")
@click.option("--display-name", help="Display name (default: first and last).")
@click.option("--email", help="Email address.")
@click.option("--tag", "tags", multiple=True, metavar="TAG_ID", help="Tag id (repeatable, at most 5).")
@click.option(
    "--custom", "custom", multiple=True, metavar="KEY=VALUE", help="Custom field by id or title (repeatable)."
)
@click.option("--assignee-id", type=int, help="User id to assign; -1 unassigns.")
@click.option("--avatar", metavar="URL", help="Avatar image URL.")
@click.option("--opted-out/--not-opted-out", "opted_out", default=None, help="Opt-out status.")
@click.option("--default-region", metavar="CC", help="Region for numbers without + (e.g. US).")
@server_options
@click.pass_obj
def contacts_create(
    consoles: Consoles,
    phone: str,
    first: str | None,
    last: str | None,
    display_name: str | None,
    email: str | None,
    tags: tuple[str, ...],
    custom: tuple[str, ...],
    assignee_id: int | None,
    avatar: str | None,
    opted_out: bool | None,
    default_region: str | None,
    base_url: str | None,
    timeout: float,
) -> None:
    """Create one contact (createContact), validated as an import row is."""
    fields: dict[str, Any] = {
        "phone": phone,
        "first": first,
        "last": last,
        "display_name": display_name,
        "email": email,
        "tags": list(tags) or None,
        "assignee_id": assignee_id,
        "avatar": avatar,
        "is_opted_out": opted_out,
    }
    values: dict[str, str] = {}
    for pair in custom:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--custom {pair!r}: expected KEY=VALUE")
        values[key.strip()] = value
    contact = {k: v for k, v in fields.items() if v is not None}
    if values:
        contact["custom"] = values
    with client_for(base_url, timeout) as client, ResponseTap().installed(client) as tap:
        titles = [k for k in values if not k.isdigit()]
        field_ids = resolve_field_titles(client, titles) if titles else {}
        payload = normalize_contact(contact, NormalizeOptions(default_region=default_region, field_ids=field_ids))
        if payload.get("tags"):
            known, _why = account_tag_ids(client)
            unknown = [t["tag_id"] for t in payload["tags"] if known is not None and t["tag_id"] not in known]
            if unknown:
                consoles.err.print(unknown_tags_line({tag_id: 1 for tag_id in unknown}, "the contact"))
        created, answer = attempt(lambda: client.contacts.create(body=ContactRequest.from_dict(payload)), tap)
    if created is not None:
        consoles.out.print(
            f"created contact {created.id} (uuid {created.uuid}, rev {created.rev}) "
            f"for phone {payload['phone']} (request id {answer.request_id})"
        )
        return
    raise NotDone(f"not created: {answer.describe()}")
