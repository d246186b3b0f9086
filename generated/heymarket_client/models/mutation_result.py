from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="MutationResult")


@_attrs_define
class MutationResult:
    """Identifiers of the record that was written.

    Attributes:
        id (int): Integer ID of the record.
        rev (int): Revision number of the record.
        uuid (str): UUID of the record. For a contact, it is the `contactID` of the v2 paths; it has the
            same type (a string), so it is passed on as it is.
    """

    id: int
    rev: int
    uuid: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        rev = self.rev

        uuid = self.uuid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "rev": rev,
                "uuid": uuid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        rev = d.pop("rev")

        uuid = d.pop("uuid")

        mutation_result = cls(
            id=id,
            rev=rev,
            uuid=uuid,
        )

        mutation_result.additional_properties = d
        return mutation_result

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
