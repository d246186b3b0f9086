from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ListContactsRequest")


@_attrs_define
class ListContactsRequest:
    """Paging and filtering of a v1 contact list. Send `{}` for the first page. **Choice:** the
    vendor leaves `filter`, `archived`, `assigned`, `id`, `parent_id` and the values of
    `order` undocumented; they are declared as plain values and passed through.

        Attributes:
            date (str | Unset): Cursor (RFC 3339); the `updated` value of the last contact of the previous page.
            limit (int | Unset): Page size (default 30). The maximum is not documented. Default: 30.
            page (int | Unset): Zero-based page number (see the choice in the API description).
            order (str | Unset): Field to sort by; the allowed values are not documented.
            ascending (bool | Unset): Sort direction.
            filter_ (str | Unset): Not documented by the vendor.
            archived (bool | Unset): Not documented by the vendor.
            assigned (int | Unset): Not documented by the vendor; probably the owner's user ID.
            id (int | Unset): Not documented by the vendor.
            parent_id (int | Unset): Not documented by the vendor.
    """

    date: str | Unset = UNSET
    limit: int | Unset = 30
    page: int | Unset = UNSET
    order: str | Unset = UNSET
    ascending: bool | Unset = UNSET
    filter_: str | Unset = UNSET
    archived: bool | Unset = UNSET
    assigned: int | Unset = UNSET
    id: int | Unset = UNSET
    parent_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date = self.date

        limit = self.limit

        page = self.page

        order = self.order

        ascending = self.ascending

        filter_ = self.filter_

        archived = self.archived

        assigned = self.assigned

        id = self.id

        parent_id = self.parent_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if date is not UNSET:
            field_dict["date"] = date
        if limit is not UNSET:
            field_dict["limit"] = limit
        if page is not UNSET:
            field_dict["page"] = page
        if order is not UNSET:
            field_dict["order"] = order
        if ascending is not UNSET:
            field_dict["ascending"] = ascending
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if archived is not UNSET:
            field_dict["archived"] = archived
        if assigned is not UNSET:
            field_dict["assigned"] = assigned
        if id is not UNSET:
            field_dict["id"] = id
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date = d.pop("date", UNSET)

        limit = d.pop("limit", UNSET)

        page = d.pop("page", UNSET)

        order = d.pop("order", UNSET)

        ascending = d.pop("ascending", UNSET)

        filter_ = d.pop("filter", UNSET)

        archived = d.pop("archived", UNSET)

        assigned = d.pop("assigned", UNSET)

        id = d.pop("id", UNSET)

        parent_id = d.pop("parent_id", UNSET)

        list_contacts_request = cls(
            date=date,
            limit=limit,
            page=page,
            order=order,
            ascending=ascending,
            filter_=filter_,
            archived=archived,
            assigned=assigned,
            id=id,
            parent_id=parent_id,
        )

        list_contacts_request.additional_properties = d
        return list_contacts_request

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
