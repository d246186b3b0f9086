from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_channel import ContactChannel
    from ..models.contact_custom import ContactCustom
    from ..models.contact_note import ContactNote


T = TypeVar("T", bound="Contact")


@_attrs_define
class Contact:
    """A contact as the server returns it. List operations may return partial records, so no
    field is required. **Choice:** `is_opted_out` is in the narrative pages but not the
    generated schema, and is declared; `uuid` and `contact_channels` are not documented on
    this object and are declared as optional for v2 answers.

        Attributes:
            id (int | Unset): Integer ID of the contact (v1).
            uuid (str | Unset): UUID of the contact (v2), when the server includes it. The same string type as the
                `contactID` of the v2 paths.
            display_name (str | Unset): Name shown in the inbox.
            first (str | Unset): First name.
            last (str | Unset): Last name.
            email (str | Unset): Email address.
            phone (str | Unset): Phone number, E.164 digits without +.
            avatar (str | Unset): URL of the avatar image.
            custom (ContactCustom | Unset): Custom field values keyed by numeric field ID string.
            team_id (int | Unset): ID of the team that owns the contact.
            creator_id (int | Unset): ID of the user who created the contact.
            assigned_user_id (int | Unset): ID of the owner (the request field is `assignee_id`).
            inbox_id (int | Unset): ID of the inbox.
            parent_id (int | Unset): ID of the parent record (meaning not documented).
            shared (bool | Unset): Whether the contact is shared (the vendor's pages disagree on with whom).
            created (str | Unset): Creation time (ISO 8601).
            updated (str | Unset): Last update time (ISO 8601); the cursor of the v1 list.
            rev (int | Unset): Revision; goes up on every write.
            op (str | Unset): Last operation applied (values not documented).
            type_ (str | Unset): Type of the contact (values not documented).
            external_id (str | Unset): External ID (meaning not documented).
            external_ref (str | Unset): External reference (meaning not documented).
            note (list[ContactNote] | Unset): Notes on the contact.
            tags (list[Any] | Unset): Tags of the contact (at most 5). The item shape is not documented.
            is_opted_out (bool | Unset): Whether the contact has opted out of messages.
            contact_channels (list[ContactChannel] | Unset): The contact's channels, when the server includes them.
    """

    id: int | Unset = UNSET
    uuid: str | Unset = UNSET
    display_name: str | Unset = UNSET
    first: str | Unset = UNSET
    last: str | Unset = UNSET
    email: str | Unset = UNSET
    phone: str | Unset = UNSET
    avatar: str | Unset = UNSET
    custom: ContactCustom | Unset = UNSET
    team_id: int | Unset = UNSET
    creator_id: int | Unset = UNSET
    assigned_user_id: int | Unset = UNSET
    inbox_id: int | Unset = UNSET
    parent_id: int | Unset = UNSET
    shared: bool | Unset = UNSET
    created: str | Unset = UNSET
    updated: str | Unset = UNSET
    rev: int | Unset = UNSET
    op: str | Unset = UNSET
    type_: str | Unset = UNSET
    external_id: str | Unset = UNSET
    external_ref: str | Unset = UNSET
    note: list[ContactNote] | Unset = UNSET
    tags: list[Any] | Unset = UNSET
    is_opted_out: bool | Unset = UNSET
    contact_channels: list[ContactChannel] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        uuid = self.uuid

        display_name = self.display_name

        first = self.first

        last = self.last

        email = self.email

        phone = self.phone

        avatar = self.avatar

        custom: dict[str, Any] | Unset = UNSET
        if not isinstance(self.custom, Unset):
            custom = self.custom.to_dict()

        team_id = self.team_id

        creator_id = self.creator_id

        assigned_user_id = self.assigned_user_id

        inbox_id = self.inbox_id

        parent_id = self.parent_id

        shared = self.shared

        created = self.created

        updated = self.updated

        rev = self.rev

        op = self.op

        type_ = self.type_

        external_id = self.external_id

        external_ref = self.external_ref

        note: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.note, Unset):
            note = []
            for note_item_data in self.note:
                note_item = note_item_data.to_dict()
                note.append(note_item)

        tags: list[Any] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = self.tags

        is_opted_out = self.is_opted_out

        contact_channels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contact_channels, Unset):
            contact_channels = []
            for contact_channels_item_data in self.contact_channels:
                contact_channels_item = contact_channels_item_data.to_dict()
                contact_channels.append(contact_channels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if uuid is not UNSET:
            field_dict["uuid"] = uuid
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if first is not UNSET:
            field_dict["first"] = first
        if last is not UNSET:
            field_dict["last"] = last
        if email is not UNSET:
            field_dict["email"] = email
        if phone is not UNSET:
            field_dict["phone"] = phone
        if avatar is not UNSET:
            field_dict["avatar"] = avatar
        if custom is not UNSET:
            field_dict["custom"] = custom
        if team_id is not UNSET:
            field_dict["team_id"] = team_id
        if creator_id is not UNSET:
            field_dict["creator_id"] = creator_id
        if assigned_user_id is not UNSET:
            field_dict["assigned_user_id"] = assigned_user_id
        if inbox_id is not UNSET:
            field_dict["inbox_id"] = inbox_id
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if shared is not UNSET:
            field_dict["shared"] = shared
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if rev is not UNSET:
            field_dict["rev"] = rev
        if op is not UNSET:
            field_dict["op"] = op
        if type_ is not UNSET:
            field_dict["type"] = type_
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if external_ref is not UNSET:
            field_dict["external_ref"] = external_ref
        if note is not UNSET:
            field_dict["note"] = note
        if tags is not UNSET:
            field_dict["tags"] = tags
        if is_opted_out is not UNSET:
            field_dict["is_opted_out"] = is_opted_out
        if contact_channels is not UNSET:
            field_dict["contact_channels"] = contact_channels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_channel import ContactChannel  # noqa: PLC0415
        from ..models.contact_custom import ContactCustom  # noqa: PLC0415
        from ..models.contact_note import ContactNote  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        uuid = d.pop("uuid", UNSET)

        display_name = d.pop("display_name", UNSET)

        first = d.pop("first", UNSET)

        last = d.pop("last", UNSET)

        email = d.pop("email", UNSET)

        phone = d.pop("phone", UNSET)

        avatar = d.pop("avatar", UNSET)

        _custom = d.pop("custom", UNSET)
        custom: ContactCustom | Unset
        if isinstance(_custom, Unset):
            custom = UNSET
        else:
            custom = ContactCustom.from_dict(_custom)

        team_id = d.pop("team_id", UNSET)

        creator_id = d.pop("creator_id", UNSET)

        assigned_user_id = d.pop("assigned_user_id", UNSET)

        inbox_id = d.pop("inbox_id", UNSET)

        parent_id = d.pop("parent_id", UNSET)

        shared = d.pop("shared", UNSET)

        created = d.pop("created", UNSET)

        updated = d.pop("updated", UNSET)

        rev = d.pop("rev", UNSET)

        op = d.pop("op", UNSET)

        type_ = d.pop("type", UNSET)

        external_id = d.pop("external_id", UNSET)

        external_ref = d.pop("external_ref", UNSET)

        _note = d.pop("note", UNSET)
        note: list[ContactNote] | Unset = UNSET
        if _note is not UNSET:
            note = []
            for note_item_data in _note:
                note_item = ContactNote.from_dict(note_item_data)

                note.append(note_item)

        tags = cast(list[Any], d.pop("tags", UNSET))

        is_opted_out = d.pop("is_opted_out", UNSET)

        _contact_channels = d.pop("contact_channels", UNSET)
        contact_channels: list[ContactChannel] | Unset = UNSET
        if _contact_channels is not UNSET:
            contact_channels = []
            for contact_channels_item_data in _contact_channels:
                contact_channels_item = ContactChannel.from_dict(contact_channels_item_data)

                contact_channels.append(contact_channels_item)

        contact = cls(
            id=id,
            uuid=uuid,
            display_name=display_name,
            first=first,
            last=last,
            email=email,
            phone=phone,
            avatar=avatar,
            custom=custom,
            team_id=team_id,
            creator_id=creator_id,
            assigned_user_id=assigned_user_id,
            inbox_id=inbox_id,
            parent_id=parent_id,
            shared=shared,
            created=created,
            updated=updated,
            rev=rev,
            op=op,
            type_=type_,
            external_id=external_id,
            external_ref=external_ref,
            note=note,
            tags=tags,
            is_opted_out=is_opted_out,
            contact_channels=contact_channels,
        )

        contact.additional_properties = d
        return contact

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
