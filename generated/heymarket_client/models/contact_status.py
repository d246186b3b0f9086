from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactStatus")


@_attrs_define
class ContactStatus:
    """A contact's messaging status.

    Attributes:
        id (int | Unset): The contact's integer ID.
        phone (str | Unset): The contact's phone number.
        unsubscribed (bool | Unset): The contact has opted out.
        blocked (bool | Unset): The contact is blocked; nothing is delivered.
        unsubscribed_admin (bool | Unset): Opted out by a team member (third-party source only).
        unsubscribed_contact (bool | Unset): Opted out by the contact, with a keyword (third-party source only).
    """

    id: int | Unset = UNSET
    phone: str | Unset = UNSET
    unsubscribed: bool | Unset = UNSET
    blocked: bool | Unset = UNSET
    unsubscribed_admin: bool | Unset = UNSET
    unsubscribed_contact: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        phone = self.phone

        unsubscribed = self.unsubscribed

        blocked = self.blocked

        unsubscribed_admin = self.unsubscribed_admin

        unsubscribed_contact = self.unsubscribed_contact

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if phone is not UNSET:
            field_dict["phone"] = phone
        if unsubscribed is not UNSET:
            field_dict["unsubscribed"] = unsubscribed
        if blocked is not UNSET:
            field_dict["blocked"] = blocked
        if unsubscribed_admin is not UNSET:
            field_dict["unsubscribed_admin"] = unsubscribed_admin
        if unsubscribed_contact is not UNSET:
            field_dict["unsubscribed_contact"] = unsubscribed_contact

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        phone = d.pop("phone", UNSET)

        unsubscribed = d.pop("unsubscribed", UNSET)

        blocked = d.pop("blocked", UNSET)

        unsubscribed_admin = d.pop("unsubscribed_admin", UNSET)

        unsubscribed_contact = d.pop("unsubscribed_contact", UNSET)

        contact_status = cls(
            id=id,
            phone=phone,
            unsubscribed=unsubscribed,
            blocked=blocked,
            unsubscribed_admin=unsubscribed_admin,
            unsubscribed_contact=unsubscribed_contact,
        )

        contact_status.additional_properties = d
        return contact_status

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
