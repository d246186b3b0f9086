from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactChannelInput")


@_attrs_define
class ContactChannelInput:
    """A channel that identifies how to reach a contact.

    Attributes:
        channel_type (str): The channel type: phone, email, facebook, or another supported integration. An open
            set: new values may appear.
        channel_id (str): The value for that channel, such as a phone number (E.164 digits without +) or an email
            address.
        channel_handle (str | Unset): Optional handle of the channel.
        info_channel (str | Unset): Optional related integration channel.
    """

    channel_type: str
    channel_id: str
    channel_handle: str | Unset = UNSET
    info_channel: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_type = self.channel_type

        channel_id = self.channel_id

        channel_handle = self.channel_handle

        info_channel = self.info_channel

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel_type": channel_type,
                "channel_id": channel_id,
            }
        )
        if channel_handle is not UNSET:
            field_dict["channel_handle"] = channel_handle
        if info_channel is not UNSET:
            field_dict["info_channel"] = info_channel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel_type = d.pop("channel_type")

        channel_id = d.pop("channel_id")

        channel_handle = d.pop("channel_handle", UNSET)

        info_channel = d.pop("info_channel", UNSET)

        contact_channel_input = cls(
            channel_type=channel_type,
            channel_id=channel_id,
            channel_handle=channel_handle,
            info_channel=info_channel,
        )

        contact_channel_input.additional_properties = d
        return contact_channel_input

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
