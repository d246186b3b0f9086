from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelSearch")


@_attrs_define
class ChannelSearch:
    """Channel values to search for.

    Attributes:
        channel_ids (list[str]): The values to look for. **Choice:** an empty list, or an empty value, is refused: the
            vendor does not say whether it matches nothing or everything.
        channel_type (str | Unset): The channel type. When left out, the server infers it from the values.
    """

    channel_ids: list[str]
    channel_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        channel_ids = self.channel_ids

        channel_type = self.channel_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "channel_ids": channel_ids,
            }
        )
        if channel_type is not UNSET:
            field_dict["channel_type"] = channel_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        channel_ids = cast(list[str], d.pop("channel_ids"))

        channel_type = d.pop("channel_type", UNSET)

        channel_search = cls(
            channel_ids=channel_ids,
            channel_type=channel_type,
        )

        channel_search.additional_properties = d
        return channel_search

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
