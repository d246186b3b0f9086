from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_v2_bulk_item import ContactV2BulkItem


T = TypeVar("T", bound="FailedContact")


@_attrs_define
class FailedContact:
    """An item of a v2 bulk upsert that was not written.

    Attributes:
        contact (ContactV2BulkItem | Unset): One item of a v2 bulk upsert. With `contact_id` it updates that contact;
            without it, it
            creates one (and then needs at least one channel).
        error (str | Unset): Why it failed. **Choice:** declared here; the vendor's page is cut off.
    """

    contact: ContactV2BulkItem | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact: dict[str, Any] | Unset = UNSET
        if not isinstance(self.contact, Unset):
            contact = self.contact.to_dict()

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contact is not UNSET:
            field_dict["contact"] = contact
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_v2_bulk_item import ContactV2BulkItem  # noqa: PLC0415

        d = dict(src_dict)
        _contact = d.pop("contact", UNSET)
        contact: ContactV2BulkItem | Unset
        if isinstance(_contact, Unset):
            contact = UNSET
        else:
            contact = ContactV2BulkItem.from_dict(_contact)

        error = d.pop("error", UNSET)

        failed_contact = cls(
            contact=contact,
            error=error,
        )

        failed_contact.additional_properties = d
        return failed_contact

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
