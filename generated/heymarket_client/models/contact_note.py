from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactNote")


@_attrs_define
class ContactNote:
    """A note on a contact.

    Attributes:
        date (str | Unset): When the note was written.
        id (str | Unset): ID of the note.
        name (str | Unset): Name of the author.
        text (str | Unset): Text of the note.
        user_id (int | Unset): ID of the author.
    """

    date: str | Unset = UNSET
    id: str | Unset = UNSET
    name: str | Unset = UNSET
    text: str | Unset = UNSET
    user_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        id = self.id

        name = self.name

        text = self.text

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if date is not UNSET:
            field_dict["date"] = date
        if id is not UNSET:
            field_dict["id"] = id
        if name is not UNSET:
            field_dict["name"] = name
        if text is not UNSET:
            field_dict["text"] = text
        if user_id is not UNSET:
            field_dict["user_id"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date", UNSET)

        id = d.pop("id", UNSET)

        name = d.pop("name", UNSET)

        text = d.pop("text", UNSET)

        user_id = d.pop("user_id", UNSET)

        contact_note = cls(
            date=date,
            id=id,
            name=name,
            text=text,
            user_id=user_id,
        )

        contact_note.additional_properties = d
        return contact_note

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
