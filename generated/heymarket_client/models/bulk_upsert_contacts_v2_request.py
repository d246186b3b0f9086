from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.contact_v2_bulk_item import ContactV2BulkItem


T = TypeVar("T", bound="BulkUpsertContactsV2Request")


@_attrs_define
class BulkUpsertContactsV2Request:
    """Contacts to create or update.

    Attributes:
        contacts (list[ContactV2BulkItem]): The contacts; items with `contact_id` are updated, the others created. An
            empty array
            writes nothing.
    """

    contacts: list[ContactV2BulkItem]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contacts = []
        for contacts_item_data in self.contacts:
            contacts_item = contacts_item_data.to_dict()
            contacts.append(contacts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contacts": contacts,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_v2_bulk_item import ContactV2BulkItem  # noqa: PLC0415

        d = dict(src_dict)
        contacts = []
        _contacts = d.pop("contacts")
        for contacts_item_data in _contacts:
            contacts_item = ContactV2BulkItem.from_dict(contacts_item_data)

            contacts.append(contacts_item)

        bulk_upsert_contacts_v2_request = cls(
            contacts=contacts,
        )

        bulk_upsert_contacts_v2_request.additional_properties = d
        return bulk_upsert_contacts_v2_request

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
