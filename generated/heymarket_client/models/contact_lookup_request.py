from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactLookupRequest")


@_attrs_define
class ContactLookupRequest:
    """Send `phone`, `id`, or both; `phone` wins when both are sent.

    Attributes:
        phone (str | Unset): Phone number in E.164 format without the leading `+`: 7 to 15 digits, the first not 0.
            **Choice:** the vendor's exact server-side validation is not documented; this pattern
            is the E.164 shape.
        id (str | Unset): The contact's integer ID written as a string.
    """

    phone: str | Unset = UNSET
    id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        phone = self.phone

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if phone is not UNSET:
            field_dict["phone"] = phone
        if id is not UNSET:
            field_dict["id"] = id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        phone = d.pop("phone", UNSET)

        id = d.pop("id", UNSET)

        contact_lookup_request = cls(
            phone=phone,
            id=id,
        )

        contact_lookup_request.additional_properties = d
        return contact_lookup_request

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
