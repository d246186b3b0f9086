"""One handler per operationId of openapi.yaml. Each gets a request already checked against the spec.

Handlers answer the JSON payload of a 200 response, or raise ApiError (400 `bad_data`, 404 `not_found`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from heymarket_mock.errors import ApiError, bad_data, not_found
from heymarket_mock.store import Contact, ListQuery, Store
from heymarket_mock.timestamps import parse_cursor
from heymarket_mock.views import (
    channel_view,
    channels_view,
    contact_v1,
    contact_v2,
    mutation_result,
    status_view,
    tag_view,
)


@dataclass(frozen=True)
class Call:
    path: Mapping[str, Any]
    query: Mapping[str, Any]
    body: Any


Handler = Callable[[Call], Any]


class Operations:
    def __init__(self, store: Store, *, team_id: int, creator_id: int) -> None:
        self._store = store
        self._team = {"team_id": team_id, "creator_id": creator_id}
        self.handlers: dict[str, Handler] = {
            "createContact": self.create_contact,
            "getContact": self.get_contact,
            "updateContact": self.update_contact,
            "deleteContact": self.delete_contact,
            "listContacts": self.list_contacts,
            "countContacts": self.count_contacts,
            "getContactByPhoneOrId": self.get_contact_by_phone_or_id,
            "getContactStatus": self.get_contact_status,
            "setContactStatus": self.set_contact_status,
            "batchCreateContacts": self.batch_create_contacts,
            "listContactFields": self.list_contact_fields,
            "createContactFields": self.create_contact_fields,
            "createContactV2": self.create_contact_v2,
            "getContactV2": self.get_contact_v2,
            "updateContactV2": self.update_contact_v2,
            "deleteContactV2": self.delete_contact_v2,
            "bulkUpsertContactsV2": self.bulk_upsert_contacts_v2,
            "bulkDeleteContactsV2": self.bulk_delete_contacts_v2,
            "listContactsV2": self.list_contacts_v2,
            "searchContactsV2": self.search_contacts_v2,
            "addContactChannel": self.add_contact_channel,
            "updateContactChannel": self.update_contact_channel,
            "listContactChannels": self.list_contact_channels,
            "getContactChannel": self.get_contact_channel,
            "deleteContactChannel": self.delete_contact_channel,
            "createTag": self.create_tag,
            "getTag": self.get_tag,
            "listTags": self.list_tags,
            "deleteTag": self.delete_tag,
        }

    def _v1(self, contact: Contact) -> dict[str, Any]:
        return contact_v1(contact, **self._team)

    def _v2(self, contact: Contact) -> dict[str, Any]:
        return contact_v2(contact, **self._team)

    # ------------------------------------------------------------------ v1 contacts

    def create_contact(self, call: Call) -> Any:
        """Create a v1 contact. A phone that another contact already has is refused: 400 `bad_data` on `phone`."""
        return mutation_result(self._store.create_contact_v1(call.body))

    def get_contact(self, call: Call) -> Any:
        return self._v1(self._store.contact(call.path["id"]))

    def update_contact(self, call: Call) -> Any:
        overwrite = bool(call.query.get("overwrite", False))
        return mutation_result(self._store.update_contact_v1(call.path["id"], call.body, overwrite=overwrite))

    def delete_contact(self, call: Call) -> Any:
        self._store.delete_contact(self._store.contact(call.path["id"]))
        return "ok"

    def list_contacts(self, call: Call) -> Any:
        """Newest `updated` first unless `ascending`; `order`, `filter`, `archived`, `assigned`, `id` and
        `parent_id` are accepted and ignored (the vendor does not document them)."""
        return [self._v1(c) for c in self._store.list_contacts(_list_query(call.body))]

    def count_contacts(self, call: Call) -> Any:
        """Every contact of the team, as a JSON string of digits; the paging fields of the body are ignored."""
        return str(self._store.count())

    def get_contact_by_phone_or_id(self, call: Call) -> Any:
        """By `phone`, else by `id` (digits in a string); `phone` wins when both are sent."""
        body = call.body
        if "phone" in body:
            return self._v1(self._store.contact_by_phone(body["phone"]))
        if "id" in body:
            return self._v1(self._store.contact(int(body["id"])))
        raise bad_data("phone", "send phone or id")

    def get_contact_status(self, call: Call) -> Any:
        return status_view(self._identify(call.body))

    def set_contact_status(self, call: Call) -> Any:
        self._store.set_status(self._identify(call.body), call.body["status"])
        return "success"

    def _identify(self, body: Mapping[str, Any]) -> Contact:
        """The contact named by `phone` or `id`; as for the lookup, `phone` wins when both are sent."""
        if "phone" in body:
            return self._store.contact_by_phone(body["phone"])
        if "id" in body:
            return self._store.contact(int(body["id"]))
        raise bad_data("id", "send id or phone")

    def batch_create_contacts(self, call: Call) -> Any:
        """The items that failed (neither created nor overwritten), or `"ok"` when there are none.

        With `overwrite=false` an item whose phone exists is skipped and answered as the existing contact
        (unchanged, with its `id`); with `overwrite=true` it overwrites that contact and is not answered. An
        item refused by a store check is answered as it was sent (no `id`). A body that breaks the request
        schema never gets here: it is a 400 for the whole batch, and nothing is written.
        """
        overwrite = bool(call.query.get("overwrite", False))
        failed = self._store.batch_create_v1(call.body, overwrite=overwrite)
        if not failed:
            return "ok"
        return [self._v1(f.existing) if f.existing is not None else dict(f.item) for f in failed]

    # ------------------------------------------------------------------ custom fields

    def list_contact_fields(self, call: Call) -> Any:
        return [{"id": field_id, "title": title} for field_id, title in self._store.contact_fields()]

    def create_contact_fields(self, call: Call) -> Any:
        created = self._store.create_contact_fields([item["title"] for item in call.body])
        return [{"id": i, "title": title, "duplicate": duplicate} for i, title, duplicate in created]

    # ------------------------------------------------------------------ v2 contacts

    def create_contact_v2(self, call: Call) -> Any:
        """Create from channels; a second channel of one type in the request, or a taken phone, is a 400."""
        return mutation_result(self._store.create_contact_v2(call.body))

    def get_contact_v2(self, call: Call) -> Any:
        return self._v2(self._store.contact_by_uuid(str(call.path["contactID"])))

    def update_contact_v2(self, call: Call) -> Any:
        return self._v2(self._store.update_contact_v2(str(call.path["contactID"]), call.body))

    def delete_contact_v2(self, call: Call) -> Any:
        self._store.delete_contact(self._store.contact_by_uuid(str(call.path["contactID"])))
        return "ok"

    def bulk_upsert_contacts_v2(self, call: Call) -> Any:
        """Items with `contact_id` update that contact, the others are created. An item that cannot be
        written goes to `failed_contacts` with an `error` text; the other items are still written. A
        `contact_id` of any form is looked up as the v2 paths look up `contactID` (`Store.contact_by_uuid`),
        so one that is not the UUID of a contact fails its item."""
        written: list[dict[str, Any]] = []
        failed: list[dict[str, Any]] = []
        for item in call.body["contacts"]:
            try:
                if "contact_id" in item:
                    contact = self._store.update_contact_v2(item["contact_id"], item)
                else:
                    contact = self._store.create_contact_v2(item)
            except ApiError as error:
                failed.append({"contact": item, "error": error.message})
            else:
                written.append(self._v2(contact))
        return {"contacts": written, "failed_contacts": failed}

    def bulk_delete_contacts_v2(self, call: Call) -> Any:
        """Delete the listed UUIDs; values that are not the UUID of a contact, whatever their form (the
        vendor's example sends `uuid-1`), are ignored: the operation declares no 404."""
        self._store.delete_contacts_by_uuid(call.body["contact_channels"][0]["channel_ids"])
        return "ok"

    def list_contacts_v2(self, call: Call) -> Any:
        return [self._v2(c) for c in self._store.list_contacts(_list_query(call.body))]

    def search_contacts_v2(self, call: Call) -> Any:
        """Match by channel value; without `channel_type`, digits mean phone and `@` email. No match: []."""
        criteria = [(item.get("channel_type"), item["channel_ids"]) for item in call.body["contact_channels"]]
        return [self._v2(c) for c in self._store.search(criteria)]

    # ------------------------------------------------------------------ channels

    def add_contact_channel(self, call: Call) -> Any:
        contact = self._store.add_channel(str(call.path["contactID"]), call.body)
        return channels_view(contact, team_id=self._team["team_id"])

    def update_contact_channel(self, call: Call) -> Any:
        contact = self._store.update_channel(str(call.path["contactID"]), call.body)
        return channels_view(contact, team_id=self._team["team_id"])

    def list_contact_channels(self, call: Call) -> Any:
        contact = self._store.contact_by_uuid(str(call.path["contactID"]))
        return channels_view(contact, team_id=self._team["team_id"])

    def get_contact_channel(self, call: Call) -> Any:
        contact = self._store.contact_by_uuid(str(call.path["contactID"]))
        channel = contact.channels.get(call.path["channelType"])
        if channel is None:
            raise not_found(f"the contact has no {call.path['channelType']} channel")
        return channel_view(contact, channel, team_id=self._team["team_id"])

    def delete_contact_channel(self, call: Call) -> Any:
        self._store.delete_channel(str(call.path["contactID"]), call.path["channelType"])
        return "ok"

    # ------------------------------------------------------------------ tags

    def create_tag(self, call: Call) -> Any:
        return mutation_result(self._store.create_tag(call.body["tag"], call.body.get("color")))

    def get_tag(self, call: Call) -> Any:
        return tag_view(self._store.tag(call.path["id"]), team_id=self._team["team_id"])

    def list_tags(self, call: Call) -> Any:
        """The 30 most recently updated tags; with `date`, those updated strictly before it."""
        before = _cursor(call.body.get("date"))
        return [tag_view(t, team_id=self._team["team_id"]) for t in self._store.list_tags(before)]

    def delete_tag(self, call: Call) -> Any:
        self._store.delete_tag(call.path["id"])
        return "ok"


def _list_query(body: Mapping[str, Any]) -> ListQuery:
    # JSON Schema counts 20.0 as an integer, so the paging numbers may arrive as floats.
    return ListQuery(
        limit=int(body.get("limit", 30)),
        page=int(body.get("page", 0)),
        before_or_after_us=_cursor(body.get("date")),
        ascending=body.get("ascending", False),
    )


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_cursor(value)
    except ValueError:
        raise bad_data("date", "must be an RFC 3339 date-time, such as the `updated` value of a record") from None
