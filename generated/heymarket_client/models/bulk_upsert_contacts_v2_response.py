from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact import Contact
    from ..models.failed_contact import FailedContact


T = TypeVar("T", bound="BulkUpsertContactsV2Response")


@_attrs_define
class BulkUpsertContactsV2Response:
    """The result of a v2 bulk upsert.

    Attributes:
        contacts (list[Contact] | Unset): The contacts created or updated.
        failed_contacts (list[FailedContact] | Unset): The items that were not written.
    """

    contacts: list[Contact] | Unset = UNSET
    failed_contacts: list[FailedContact] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contacts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contacts, Unset):
            contacts = []
            for contacts_item_data in self.contacts:
                contacts_item = contacts_item_data.to_dict()
                contacts.append(contacts_item)

        failed_contacts: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.failed_contacts, Unset):
            failed_contacts = []
            for failed_contacts_item_data in self.failed_contacts:
                failed_contacts_item = failed_contacts_item_data.to_dict()
                failed_contacts.append(failed_contacts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contacts is not UNSET:
            field_dict["contacts"] = contacts
        if failed_contacts is not UNSET:
            field_dict["failed_contacts"] = failed_contacts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact import Contact  # noqa: PLC0415
        from ..models.failed_contact import FailedContact  # noqa: PLC0415

        d = dict(src_dict)
        _contacts = d.pop("contacts", UNSET)
        contacts: list[Contact] | Unset = UNSET
        if _contacts is not UNSET:
            contacts = []
            for contacts_item_data in _contacts:
                contacts_item = Contact.from_dict(contacts_item_data)

                contacts.append(contacts_item)

        _failed_contacts = d.pop("failed_contacts", UNSET)
        failed_contacts: list[FailedContact] | Unset = UNSET
        if _failed_contacts is not UNSET:
            failed_contacts = []
            for failed_contacts_item_data in _failed_contacts:
                failed_contacts_item = FailedContact.from_dict(failed_contacts_item_data)

                failed_contacts.append(failed_contacts_item)

        bulk_upsert_contacts_v2_response = cls(
            contacts=contacts,
            failed_contacts=failed_contacts,
        )

        bulk_upsert_contacts_v2_response.additional_properties = d
        return bulk_upsert_contacts_v2_response

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
