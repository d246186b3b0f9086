from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateTagRequest")


@_attrs_define
class CreateTagRequest:
    """A tag to create.

    Attributes:
        tag (str): Name of the tag. **Choice:** the vendor only says that the name is required; an empty
            name is refused, because the tag would have no name to be shown or chosen by.
        color (str | Unset): Colour as a hex string, such as `#FFD700` or `#F00`. **Choice:** the vendor says "hex"
            and shows `#FFD700`; this document reads that as CSS hex notation: `#` and 3 or 6 hex
            digits. The 4- and 8-digit forms (with transparency) and values without `#` are
            refused, since the vendor shows neither.
    """

    tag: str
    color: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tag = self.tag

        color = self.color

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tag": tag,
            }
        )
        if color is not UNSET:
            field_dict["color"] = color

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tag = d.pop("tag")

        color = d.pop("color", UNSET)

        create_tag_request = cls(
            tag=tag,
            color=color,
        )

        create_tag_request.additional_properties = d
        return create_tag_request

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
