from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.bulk_delete_channel import BulkDeleteChannel


T = TypeVar("T", bound="BulkDeleteContactsV2Request")


@_attrs_define
class BulkDeleteContactsV2Request:
    """Contacts to delete.

    Attributes:
        contact_channels (list[BulkDeleteChannel]): Exactly one entry, whose `channel_type` is `id`.
    """

    contact_channels: list[BulkDeleteChannel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_channels = []
        for contact_channels_item_data in self.contact_channels:
            contact_channels_item = contact_channels_item_data.to_dict()
            contact_channels.append(contact_channels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contact_channels": contact_channels,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.bulk_delete_channel import BulkDeleteChannel  # noqa: PLC0415

        d = dict(src_dict)
        contact_channels = []
        _contact_channels = d.pop("contact_channels")
        for contact_channels_item_data in _contact_channels:
            contact_channels_item = BulkDeleteChannel.from_dict(contact_channels_item_data)

            contact_channels.append(contact_channels_item)

        bulk_delete_contacts_v2_request = cls(
            contact_channels=contact_channels,
        )

        bulk_delete_contacts_v2_request.additional_properties = d
        return bulk_delete_contacts_v2_request

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
