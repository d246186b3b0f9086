"""In-memory state of the stand-in: contacts with their channels, custom contact fields and tags.

Every public method takes the store lock, so the state can be shared by threads. A write first builds the
changed record on a copy and stores it only when every check passed, so a refused write changes nothing.

The store is indexed so that its cost does not grow with what it holds: a contact is found by id, UUID,
phone, email or any other channel value with one dictionary look-up, and list pages are read from an
order kept on write (a sorted list of `(updated_us, id)`), so a page costs O(page + log n). A stored record
is never changed in place (a write stores a new one), and reads copy only the records they return.

Choices where the vendor is silent (see also openapi.yaml's **Choice:** notes):

* The phone number is unique per team. Creating a contact (v1 or v2), or giving one a phone, with a phone that
  another contact already has is refused with 400 `bad_data` naming the field that carried the phone.
* A contact has at most one channel per type. Its `phone` and `email` are its `phone` and `email` channels,
  so a v1 contact can be read and changed through the v2 channel operations and the other way round.
* A `phone` channel value must look like a phone (E.164 digits without `+`), an `email` one must contain `@`.
* `custom` keys that are not the ID of an existing custom field are dropped silently, as the spec describes.
  Values are kept as sent (a string, a number or a boolean, as the spec allows).
* Batch create (v1) answers the items that failed, as the vendor's narrative page says: an item whose phone
  exists is skipped and answered as the existing contact when `overwrite` is false; it overwrites that contact
  and is not answered when `overwrite` is true. An item refused by a check of this store is answered as sent
  and the other items are still written.
* Tag references on contacts are stored as sent; they are not checked against the existing tags.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sortedcontainers import SortedList  # type: ignore[import-untyped]

from heymarket_mock.config import Clock
from heymarket_mock.errors import ApiError, bad_data, not_found
from heymarket_mock.timestamps import StampSource

PHONE = re.compile(r"^[1-9][0-9]{6,14}$")
UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
STATUS_CHANGES: dict[str, dict[str, bool]] = {
    "active": {"blocked": False, "is_opted_out": False},
    "blocked": {"blocked": True},
    "unblocked": {"blocked": False},
    "subscribed": {"is_opted_out": False},
    "unsubscribed": {"is_opted_out": True},
}


@dataclass
class Channel:
    id: int
    channel_type: str
    channel_id: str
    created: str
    updated: str
    channel_handle: str | None = None
    info_channel: str | None = None


@dataclass
class Contact:
    id: int = 0
    uuid: str = ""
    rev: int = 0
    created: str = ""
    updated: str = ""
    updated_us: int = 0
    op: str = "create"
    first: str | None = None
    last: str | None = None
    display_name: str | None = None
    avatar: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)
    assigned_user_id: int | None = None
    tags: list[dict[str, int]] = field(default_factory=list)
    is_opted_out: bool = False
    blocked: bool = False
    email_suppressions: list[int] = field(default_factory=list)
    channels: dict[str, Channel] = field(default_factory=dict)

    @property
    def phone(self) -> str | None:
        channel = self.channels.get("phone")
        return channel.channel_id if channel else None

    @property
    def email(self) -> str | None:
        channel = self.channels.get("email")
        return channel.channel_id if channel else None


@dataclass
class Tag:
    id: int
    uuid: str
    tag: str
    created: str
    updated: str
    updated_us: int
    color: str | None = None
    rev: int = 1


@dataclass(frozen=True)
class BatchFailure:
    """An item of a v1 batch that was neither created nor overwritten."""

    item: dict[str, Any]
    """The item as it was sent."""
    existing: Contact | None = None
    """The contact whose phone the item carries, when it was skipped for that reason."""
    reason: str = ""
    """Why a refused item was refused (empty for a skipped one)."""


class SeedError(ApiError):
    """A body of `Store.seed_contacts` that the store refused; `index` is its position in the input."""

    def __init__(self, index: int, error: ApiError) -> None:
        super().__init__(error.status, error.code, error.message)
        self.index = index


@dataclass
class ListQuery:
    limit: int = 30
    page: int = 0
    before_or_after_us: int | None = None
    """The `date` cursor: items strictly older (descending) or newer (ascending) than it."""
    ascending: bool = False


class Store:
    def __init__(self, clock: Clock) -> None:
        self._lock = threading.RLock()
        self._stamps = StampSource(clock)
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._contacts: dict[int, Contact] = {}
            self._by_uuid: dict[str, int] = {}
            self._by_phone: dict[str, int] = {}
            self._by_channel: dict[tuple[str, str], set[int]] = {}
            """(channel type, normalised value) -> ids of the contacts with that channel value."""
            self._contact_order = SortedList()
            """(updated_us, id) of every contact: stamps are unique, so this is the list order."""
            self._fields: dict[int, str] = {}
            self._field_by_title: dict[str, int] = {}
            self._tags: dict[int, Tag] = {}
            self._tag_order = SortedList()
            # Distinct starting points make a v1 ID passed where a tag or field ID belongs easy to spot.
            self._next_contact_id = 1001
            self._next_channel_id = 5001
            self._next_field_id = 101
            self._next_tag_id = 51

    # ------------------------------------------------------------------ reads

    def contact(self, contact_id: int) -> Contact:
        with self._lock:
            found = self._contacts.get(contact_id)
            if found is None:
                raise not_found(f"contact {contact_id} not found")
            return _copy_contact(found)

    def contact_by_uuid(self, contact_uuid: str) -> Contact:
        """The contact with this UUID (hex digits in either case). Any other value names no contact: 404, with
        a hint when it is no UUID at all, such as a v1 integer ID passed to a v2 path."""
        with self._lock:
            contact_id = self._by_uuid.get(contact_uuid.lower())
            if contact_id is None:
                hint = "" if UUID.match(contact_uuid) else " (a v2 contactID is the contact's UUID, not its v1 id)"
                raise not_found(f"contact {contact_uuid[:100]} not found{hint}")
            return _copy_contact(self._contacts[contact_id])

    def contact_by_phone(self, phone: str) -> Contact:
        with self._lock:
            contact_id = self._by_phone.get(phone)
            if contact_id is None:
                raise not_found("no contact with this phone")
            return _copy_contact(self._contacts[contact_id])

    def all_contacts(self) -> list[Contact]:
        """Every contact, by id."""
        with self._lock:
            return [_copy_contact(c) for c in self._contacts.values()]

    def count(self) -> int:
        with self._lock:
            return len(self._contacts)

    def list_contacts(self, query: ListQuery) -> list[Contact]:
        with self._lock:
            return [_copy_contact(self._contacts[i]) for i in _page(self._contact_order, query)]

    def search(self, criteria: Iterable[tuple[str | None, list[str]]]) -> list[Contact]:
        """Contacts having any of the channel values; a missing type is inferred from each value.

        In the order of the values asked for; the contacts of one value by id; each contact once."""
        with self._lock:
            found: dict[int, Contact] = {}
            for channel_type, values in criteria:
                for value in values:
                    kind = channel_type or _infer_channel_type(value)
                    if kind is None:
                        continue
                    for contact_id in sorted(self._by_channel.get((kind, _normalize(kind, value)), ())):
                        if contact_id not in found:
                            found[contact_id] = _copy_contact(self._contacts[contact_id])
            return list(found.values())

    # ------------------------------------------------------------------ seeding

    def seed_contacts(self, bodies: Iterable[dict[str, Any]]) -> int:
        """Create a contact from each body (v2 when it has `contact_channels`, else v1), all or none.

        For loading large accounts fast: the checks are those of the create operations, but no copy is
        answered. A body the store refuses raises a SeedError with the body's position and undoes the
        contacts created by this call. Answers how many were created.
        """
        with self._lock:
            created: list[int] = []
            next_ids = (self._next_contact_id, self._next_channel_id)
            try:
                for body in bodies:
                    draft = self._new_v2(body) if "contact_channels" in body else self._new_v1(body)
                    created.append(self._store(draft, "create").id)
            except ApiError as error:  # the failed body is the one after the last created
                for contact_id in created:
                    self._unindex(self._contacts.pop(contact_id))
                self._next_contact_id, self._next_channel_id = next_ids
                raise SeedError(len(created), error) from None
            return len(created)

    # ------------------------------------------------------------------ contact writes

    def create_contact_v1(self, body: dict[str, Any]) -> Contact:
        with self._lock:
            return self._commit(self._new_v1(body), "create")

    def _new_v1(self, body: dict[str, Any]) -> Contact:
        draft = Contact()
        self._apply_v1(draft, body, overwrite_custom=True)
        _default_display_name(draft)
        return draft

    def update_contact_v1(self, contact_id: int, body: dict[str, Any], *, overwrite: bool) -> Contact:
        with self._lock:
            draft = self.contact(contact_id)
            self._apply_v1(draft, body, overwrite_custom=overwrite, replace_names=True)
            return self._commit(draft, "update")

    def batch_create_v1(self, items: list[dict[str, Any]], *, overwrite: bool) -> list[BatchFailure]:
        """Create each item; an item whose phone exists is skipped, or overwrites that contact.

        Answers the items that failed, in request order: those neither created nor overwritten. A skipped
        item carries the existing contact (unchanged); an item refused by a check of this store carries the
        reason, changes nothing, and does not stop the other items. A phone repeated within the batch counts
        as existing at its second occurrence.
        """
        with self._lock:
            failed: list[BatchFailure] = []
            for item in items:
                existing_id = self._by_phone.get(item["phone"])
                if existing_id is not None and not overwrite:
                    failed.append(BatchFailure(item, existing=self.contact(existing_id)))
                    continue
                try:
                    if existing_id is None:
                        self.create_contact_v1(item)
                    else:
                        draft = self.contact(existing_id)
                        self._apply_v1(draft, item, overwrite_custom=True, replace_names=True)
                        self._commit(draft, "update")
                except ApiError as error:
                    failed.append(BatchFailure(item, reason=error.message))
            return failed

    def create_contact_v2(self, body: dict[str, Any]) -> Contact:
        with self._lock:
            return self._commit(self._new_v2(body), "create")

    def _new_v2(self, body: dict[str, Any]) -> Contact:
        draft = Contact()
        self._apply_v2(draft, body)
        if not draft.channels:
            raise bad_data("contact_channels", "at least one channel is required to create a contact")
        _default_display_name(draft)
        return draft

    def update_contact_v2(self, contact_uuid: str, body: dict[str, Any]) -> Contact:
        with self._lock:
            draft = self.contact_by_uuid(contact_uuid)
            self._apply_v2(draft, body)
            return self._commit(draft, "update")

    def delete_contact(self, contact: Contact) -> None:
        with self._lock:
            stored = self._contacts.pop(contact.id, None)
            if stored is None:
                raise not_found(f"contact {contact.id} not found")
            self._unindex(stored)

    def delete_contacts_by_uuid(self, uuids: Iterable[str]) -> int:
        """Delete the listed contacts; unknown UUIDs are ignored. Answers how many were deleted."""
        with self._lock:
            deleted = 0
            for contact_uuid in uuids:
                contact_id = self._by_uuid.get(contact_uuid.lower())
                if contact_id is not None:
                    self.delete_contact(self._contacts[contact_id])
                    deleted += 1
            return deleted

    def set_status(self, contact: Contact, status: str) -> Contact:
        with self._lock:
            draft = self.contact(contact.id)
            for name, value in STATUS_CHANGES[status].items():
                setattr(draft, name, value)
            return self._commit(draft, "update")

    # ------------------------------------------------------------------ channels

    def add_channel(self, contact_uuid: str, body: dict[str, Any]) -> Contact:
        with self._lock:
            draft = self.contact_by_uuid(contact_uuid)
            if body["channel_type"] in draft.channels:
                raise bad_data(
                    "channel_type",
                    f"the contact already has a {body['channel_type']} channel; update it with PUT",
                )
            self._set_channel(draft, body, "channel_id")
            return self._commit(draft, "update")

    def update_channel(self, contact_uuid: str, body: dict[str, Any]) -> Contact:
        with self._lock:
            draft = self.contact_by_uuid(contact_uuid)
            if body["channel_type"] not in draft.channels:
                raise not_found(f"the contact has no {body['channel_type']} channel")
            self._set_channel(draft, body, "channel_id")
            return self._commit(draft, "update")

    def delete_channel(self, contact_uuid: str, channel_type: str) -> Contact:
        with self._lock:
            draft = self.contact_by_uuid(contact_uuid)
            if draft.channels.pop(channel_type, None) is None:
                raise not_found(f"the contact has no {channel_type} channel")
            return self._commit(draft, "update")

    # ------------------------------------------------------------------ custom fields

    def contact_fields(self) -> list[tuple[int, str]]:
        with self._lock:
            return sorted(self._fields.items())

    def create_contact_fields(self, titles: list[str]) -> list[tuple[int, str, bool]]:
        """(id, title, duplicate) per title, in request order; `duplicate` when the title already existed."""
        with self._lock:
            created: list[tuple[int, str, bool]] = []
            for title in titles:
                existing = self._field_by_title.get(title)
                if existing is not None:
                    created.append((existing, title, True))
                    continue
                field_id = self._next_field_id
                self._next_field_id += 1
                self._fields[field_id] = title
                self._field_by_title[title] = field_id
                created.append((field_id, title, False))
            return created

    # ------------------------------------------------------------------ tags

    def create_tag(self, name: str, color: str | None) -> Tag:
        with self._lock:
            micros, stamp = self._stamps.next()
            tag = Tag(self._next_tag_id, str(uuid.uuid4()), name, stamp, stamp, micros, color)
            self._next_tag_id += 1
            self._tags[tag.id] = tag
            self._tag_order.add((tag.updated_us, tag.id))
            return _copy_tag(tag)

    def tag(self, tag_id: int) -> Tag:
        with self._lock:
            found = self._tags.get(tag_id)
            if found is None:
                raise not_found(f"tag {tag_id} not found")
            return _copy_tag(found)

    def list_tags(self, before_us: int | None, limit: int = 30) -> list[Tag]:
        with self._lock:
            return [_copy_tag(self._tags[i]) for i in _page(self._tag_order, ListQuery(limit, 0, before_us))]

    def delete_tag(self, tag_id: int) -> None:
        """Delete the tag; contacts keep their references to it (the vendor does not say otherwise)."""
        with self._lock:
            tag = self._tags.pop(tag_id, None)
            if tag is None:
                raise not_found(f"tag {tag_id} not found")
            self._tag_order.remove((tag.updated_us, tag.id))

    def all_tags(self) -> list[Tag]:
        with self._lock:
            return [_copy_tag(t) for t in self._tags.values()]

    # ------------------------------------------------------------------ internals

    def _apply_v1(
        self,
        draft: Contact,
        body: dict[str, Any],
        *,
        overwrite_custom: bool,
        replace_names: bool = False,
    ) -> None:
        """Apply a v1 ContactRequest. On update, names are replaced whatever `overwrite` says (vendor guide)."""
        self._set_channel(draft, {"channel_type": "phone", "channel_id": body["phone"]}, "phone")
        if replace_names:
            draft.first, draft.last, draft.display_name = None, None, None
        self._apply_common(draft, body, overwrite_custom=overwrite_custom)
        if "email" in body:
            self._set_channel(draft, {"channel_type": "email", "channel_id": body["email"]}, "email")
        if replace_names:
            _default_display_name(draft)

    def _apply_v2(self, draft: Contact, body: dict[str, Any]) -> None:
        """Apply a v2 contact body: channels upserted by type; `phone`/`email` must agree with those channels."""
        channels: list[dict[str, Any]] = body.get("contact_channels", [])
        seen: set[str] = set()
        for index, channel in enumerate(channels):
            if channel["channel_type"] in seen:
                raise bad_data(
                    f"contact_channels[{index}].channel_type",
                    f"a second {channel['channel_type']} channel; a contact has one channel per type",
                )
            seen.add(channel["channel_type"])
            self._set_channel(draft, channel, f"contact_channels[{index}].channel_id")
        self._apply_common(draft, body, overwrite_custom=False)
        for kind in ("phone", "email"):
            if kind not in body:
                continue
            if kind in seen and draft.channels[kind].channel_id != body[kind]:
                raise bad_data(kind, f"differs from the {kind} channel of the same request")
            self._set_channel(draft, {"channel_type": kind, "channel_id": body[kind]}, kind)

    def _apply_common(self, draft: Contact, body: dict[str, Any], *, overwrite_custom: bool) -> None:
        for name in ("first", "last", "display_name", "avatar", "is_opted_out"):
            if name in body:
                setattr(draft, name, body[name])
        # JSON Schema counts 42.0 as an integer; store such values as int so they are answered as 42.
        if "assignee_id" in body:
            assignee = int(body["assignee_id"])
            draft.assigned_user_id = None if assignee == -1 else assignee
        if "tags" in body:
            draft.tags = [{"tag_id": int(ref["tag_id"])} for ref in body["tags"]]
        if "email_suppressions" in body:
            draft.email_suppressions = [int(i) for i in body["email_suppressions"]]
        if "custom" in body:
            known = {str(int(k)): v for k, v in body["custom"].items() if int(k) in self._fields}
            draft.custom = known if overwrite_custom else {**draft.custom, **known}

    def _set_channel(self, draft: Contact, channel: dict[str, Any], field_name: str) -> None:
        kind: str = channel["channel_type"]
        value: str = channel["channel_id"]
        if kind == "phone":
            if not PHONE.match(value):
                raise bad_data(field_name, "a phone must be E.164 digits without + (7 to 15 digits)")
            owner = self._by_phone.get(value)
            if owner is not None and owner != draft.id:
                raise bad_data(field_name, f"another contact (id {owner}) already has this phone")
        elif kind == "email" and "@" not in value:
            raise bad_data(field_name, "an email address must contain @")
        current = draft.channels.get(kind)
        if current is None:
            current = Channel(self._next_channel_id, kind, value, "", "")
            self._next_channel_id += 1
            draft.channels[kind] = current
        elif current.channel_id == value and all(
            channel.get(k) in (None, getattr(current, k)) for k in ("channel_handle", "info_channel")
        ):
            return
        current.channel_id = value
        current.updated = ""  # stamped by _commit
        for optional in ("channel_handle", "info_channel"):
            if optional in channel:
                setattr(current, optional, channel[optional])

    def _commit(self, draft: Contact, op: str) -> Contact:
        """Store the draft as a new revision and re-index it; every check has passed by now. Answers a copy."""
        return _copy_contact(self._store(draft, op))

    def _store(self, draft: Contact, op: str) -> Contact:
        micros, stamp = self._stamps.next()
        if not draft.id:
            draft.id = self._next_contact_id
            self._next_contact_id += 1
            draft.uuid = str(uuid.uuid4())
            draft.created = stamp
        for channel in draft.channels.values():
            channel.created = channel.created or stamp
            channel.updated = channel.updated or stamp
        draft.rev += 1
        draft.op = op
        draft.updated, draft.updated_us = stamp, micros
        previous = self._contacts.get(draft.id)
        if previous is not None:
            self._unindex(previous)
        self._contacts[draft.id] = draft  # an existing id keeps its place: the dict stays ordered by id
        self._index(draft)
        return draft

    def _index(self, contact: Contact) -> None:
        self._by_uuid[contact.uuid] = contact.id
        phone = contact.phone
        if phone is not None:
            self._by_phone[phone] = contact.id
        for key in _channel_keys(contact):
            self._by_channel.setdefault(key, set()).add(contact.id)
        self._contact_order.add((contact.updated_us, contact.id))

    def _unindex(self, contact: Contact) -> None:
        self._by_uuid.pop(contact.uuid, None)
        phone = contact.phone
        if phone is not None and self._by_phone.get(phone) == contact.id:
            del self._by_phone[phone]
        for key in _channel_keys(contact):
            ids = self._by_channel.get(key)
            if ids is not None:
                ids.discard(contact.id)
                if not ids:
                    del self._by_channel[key]
        self._contact_order.discard((contact.updated_us, contact.id))


def _channel_keys(contact: Contact) -> Iterator[tuple[str, str]]:
    for kind, channel in contact.channels.items():
        yield kind, _normalize(kind, channel.channel_id)


def _copy_contact(contact: Contact) -> Contact:
    """A copy sharing nothing mutable with the stored record (custom values are JSON scalars)."""
    return Contact(
        id=contact.id,
        uuid=contact.uuid,
        rev=contact.rev,
        created=contact.created,
        updated=contact.updated,
        updated_us=contact.updated_us,
        op=contact.op,
        first=contact.first,
        last=contact.last,
        display_name=contact.display_name,
        avatar=contact.avatar,
        custom=dict(contact.custom),
        assigned_user_id=contact.assigned_user_id,
        tags=[dict(tag) for tag in contact.tags],
        is_opted_out=contact.is_opted_out,
        blocked=contact.blocked,
        email_suppressions=list(contact.email_suppressions),
        channels={
            kind: Channel(c.id, c.channel_type, c.channel_id, c.created, c.updated, c.channel_handle, c.info_channel)
            for kind, c in contact.channels.items()
        },
    )


def _copy_tag(tag: Tag) -> Tag:
    return Tag(tag.id, tag.uuid, tag.tag, tag.created, tag.updated, tag.updated_us, tag.color, tag.rev)


def _page(order: Any, query: ListQuery) -> list[int]:
    """The ids of one page of `order` (a SortedList of `(updated_us, id)`): newest first unless ascending,
    strictly after (ascending) or before (descending) the cursor, skipping `page` pages of `limit`."""
    skip = query.page * query.limit
    cursor = query.before_or_after_us
    if query.ascending:
        first = (0 if cursor is None else order.bisect_left((cursor + 1,))) + skip
        return [key[1] for key in order.islice(first, first + query.limit)]
    end = (len(order) if cursor is None else order.bisect_left((cursor,))) - skip
    if end <= 0:
        return []
    return [key[1] for key in order.islice(max(0, end - query.limit), end, reverse=True)]


def _default_display_name(contact: Contact) -> None:
    """The vendor defaults the display name to first plus last; with neither, the phone or email stands in."""
    if contact.display_name is None:
        names = " ".join(part for part in (contact.first, contact.last) if part)
        contact.display_name = names or contact.phone or contact.email or ""


def _infer_channel_type(value: str) -> str | None:
    if "@" in value:
        return "email"
    digits = value.removeprefix("+")
    if digits.isdigit():
        return "phone"
    return None


def _normalize(kind: str, value: str) -> str:
    if kind == "phone":
        return value.removeprefix("+")
    if kind == "email":
        return value.lower()
    return value
