from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Tag")


@_attrs_define
class Tag:
    """A tag.

    Attributes:
        id (int | Unset): ID of the tag.
        tag (str | Unset): Name of the tag.
        color (str | Unset): Colour as a hex string.
        team_id (int | Unset): ID of the team.
        created (str | Unset): Creation time (ISO 8601).
        updated (str | Unset): Last update time (ISO 8601).
        rev (int | Unset): Revision.
    """

    id: int | Unset = UNSET
    tag: str | Unset = UNSET
    color: str | Unset = UNSET
    team_id: int | Unset = UNSET
    created: str | Unset = UNSET
    updated: str | Unset = UNSET
    rev: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        tag = self.tag

        color = self.color

        team_id = self.team_id

        created = self.created

        updated = self.updated

        rev = self.rev

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if tag is not UNSET:
            field_dict["tag"] = tag
        if color is not UNSET:
            field_dict["color"] = color
        if team_id is not UNSET:
            field_dict["team_id"] = team_id
        if created is not UNSET:
            field_dict["created"] = created
        if updated is not UNSET:
            field_dict["updated"] = updated
        if rev is not UNSET:
            field_dict["rev"] = rev

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        tag = d.pop("tag", UNSET)

        color = d.pop("color", UNSET)

        team_id = d.pop("team_id", UNSET)

        created = d.pop("created", UNSET)

        updated = d.pop("updated", UNSET)

        rev = d.pop("rev", UNSET)

        tag = cls(
            id=id,
            tag=tag,
            color=color,
            team_id=team_id,
            created=created,
            updated=updated,
            rev=rev,
        )

        tag.additional_properties = d
        return tag

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
