from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="CustomFields")


@_attrs_define
class CustomFields:
    """Custom field values keyed by the numeric custom field ID written as a string, for example
    `{"123": "Premium"}`. Call `listContactFields` for the IDs; the server silently drops a
    key that is not the ID of a field.

    **Choice:** the vendor says "use the numeric custom field ID as the key and the field
    value as the value". Its examples show only string values, and it does not give the value
    types of fields that are not text, so a value may be a string, a number or a boolean. An
    object, an array or null is refused: a field holds one value, and the vendor does not say
    that null clears a field. Keys must be digits: a third-party source reports that the
    server answers 200 to a key that is a field's title and drops it silently, and this
    document refuses such keys so that the mistake shows instead of losing the value.

    """

    additional_properties: dict[str, bool | float | str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        custom_fields = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> bool | float | str:
                return cast(bool | float | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        custom_fields.additional_properties = additional_properties
        return custom_fields

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> bool | float | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: bool | float | str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
