from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactChannel")


@_attrs_define
class ContactChannel:
    """A channel of a contact. **Choice:** the vendor's narrative pages type `id` and
    `contact_id` as strings (a UUID for `contact_id`) and the generated pages as integers;
    both are accepted.

        Attributes:
            id (int | str | Unset): ID of the channel record (integer or string).
            team_id (int | Unset): ID of the team.
            contact_id (int | str | Unset): ID of the contact (a UUID string or an integer).
            channel_type (str | Unset): The channel type (open set), such as `phone`, `email` or `facebook`.
            channel_id (str | Unset): The value, such as a phone number or an email address.
            channel_handle (str | Unset): Handle of the channel.
            info_channel (str | Unset): Related integration channel.
            created (str | Unset): Creation time (ISO 8601).
            updated (str | Unset): Last update time (ISO 8601).
    """

    id: int | str | Unset = UNSET
    team_id: int | Unset = UNSET
    contact_id: int | str | Unset = UNSET
    channel_type: str | Unset = UNSET
    channel_id: str | Unset = UNSET
    channel_handle: str | Unset = UNSET
    info_channel: str | Unset = UNSET
    created: str | Unset = UNSET
    updated: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        team_id = self.team_id

        contact_id: int | str | Unset
        if isinstance(self.contact_id, Unset):
            contact_id = UNSET
        else:
            contact_id = self.contact_id

        channel_type = self.channel_type

        channel_id = self.channel_id

        channel_handle = self.channel_handle

        info_channel = self.info_channel

        created = self.created

        updated = self.updated

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if team_id is not UNSET:
            field_dict["team_id"] = team_id
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if channel_type is not UNSET:
            field_dict["channel_type"] = channel_type
        if channel_id is not UNSET:
            field_dict["channel_id"] = channel_id
        if channel_handle is not UNSET:
            field_dict["channel_handle"] = channel_handle
        if info_channel is not UNSET:
            field_dict["info_channel"] = info_channel
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        team_id = d.pop("team_id", UNSET)

        def _parse_contact_id(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        contact_id = _parse_contact_id(d.pop("contact_id", UNSET))

        channel_type = d.pop("channel_type", UNSET)

        channel_id = d.pop("channel_id", UNSET)

        channel_handle = d.pop("channel_handle", UNSET)

        info_channel = d.pop("info_channel", UNSET)

        created = d.pop("created", UNSET)

        updated = d.pop("updated", UNSET)

        contact_channel = cls(
            id=id,
            team_id=team_id,
            contact_id=contact_id,
            channel_type=channel_type,
            channel_id=channel_id,
            channel_handle=channel_handle,
            info_channel=info_channel,
            created=created,
            updated=updated,
        )

        contact_channel.additional_properties = d
        return contact_channel

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
