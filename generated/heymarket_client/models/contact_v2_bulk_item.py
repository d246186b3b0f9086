from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.contact_channel_input import ContactChannelInput
    from ..models.custom_fields import CustomFields
    from ..models.tag_ref import TagRef


T = TypeVar("T", bound="ContactV2BulkItem")


@_attrs_define
class ContactV2BulkItem:
    """One item of a v2 bulk upsert. With `contact_id` it updates that contact; without it, it
    creates one (and then needs at least one channel).

        Attributes:
            contact_id (str | Unset): A contact UUID in a request body; pass the `uuid` of a create result or of a contact
                as it
                is. The vendor's examples show the hyphenated 8-4-4-4-12 hex form, and its bulk-delete
                example the placeholders `uuid-1` and `uuid-2`. **Choice:** any string, with neither a
                pattern nor `format: uuid`: a pattern refused the vendor's own example, and `format: uuid`
                is asserted by validators that check formats and turned into a UUID class by code
                generators. A value that is not the UUID of a contact names no contact (see "Request
                constraints" in the API description).
            contact_channels (list[ContactChannelInput] | Unset): Channels of the contact; needed to create one. **Choice:**
                an empty list is refused,
                as on a v2 update.
            phone (str | Unset): Phone number in E.164 format without the leading `+`: 7 to 15 digits, the first not 0.
                **Choice:** the vendor's exact server-side validation is not documented; this pattern
                is the E.164 shape.
            first (str | Unset): The contact's first name.
            last (str | Unset): The contact's last name.
            display_name (str | Unset): The full display name shown in the inbox.
            email (str | Unset): An email address.
            custom (CustomFields | Unset): Custom field values keyed by the numeric custom field ID written as a string, for
                example
                `{"123": "Premium"}`. Call `listContactFields` for the IDs; the server silently drops a
                key that is not the ID of a field.

                **Choice:** the vendor says "use the numeric custom field ID as the key and the field
                value as the value". Its examples show only string values, and it does not give the value
                types of fields that are not text, so a value may be a string, a number or a boolean. An
                object, an array or null is refused: a field holds one value, and the vendor does not say
                that null clears a field. Keys must be digits: a third-party source reports that the
                server answers 200 to a key that is a field's title and drops it silently, and this
                document refuses such keys so that the mistake shows instead of losing the value.
            avatar (str | Unset): URL of an image to use as the contact's avatar.
            assignee_id (int | Unset): ID of the user to assign this contact to. Pass -1 to unassign.
            tags (list[TagRef] | Unset): List of tag objects to attach. Each item must have a tag_id integer. Maximum of 5
                tags.
            is_opted_out (bool | Unset): Set to true if the contact has opted out of messages.
            email_suppressions (list[int] | Unset): List of email suppression IDs to associate with the contact.
    """

    contact_id: str | Unset = UNSET
    contact_channels: list[ContactChannelInput] | Unset = UNSET
    phone: str | Unset = UNSET
    first: str | Unset = UNSET
    last: str | Unset = UNSET
    display_name: str | Unset = UNSET
    email: str | Unset = UNSET
    custom: CustomFields | Unset = UNSET
    avatar: str | Unset = UNSET
    assignee_id: int | Unset = UNSET
    tags: list[TagRef] | Unset = UNSET
    is_opted_out: bool | Unset = UNSET
    email_suppressions: list[int] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_id = self.contact_id

        contact_channels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.contact_channels, Unset):
            contact_channels = []
            for contact_channels_item_data in self.contact_channels:
                contact_channels_item = contact_channels_item_data.to_dict()
                contact_channels.append(contact_channels_item)

        phone = self.phone

        first = self.first

        last = self.last

        display_name = self.display_name

        email = self.email

        custom: dict[str, Any] | Unset = UNSET
        if not isinstance(self.custom, Unset):
            custom = self.custom.to_dict()

        avatar = self.avatar

        assignee_id = self.assignee_id

        tags: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.tags, Unset):
            tags = []
            for componentsschemas_tag_ref_list_item_data in self.tags:
                componentsschemas_tag_ref_list_item = componentsschemas_tag_ref_list_item_data.to_dict()
                tags.append(componentsschemas_tag_ref_list_item)

        is_opted_out = self.is_opted_out

        email_suppressions: list[int] | Unset = UNSET
        if not isinstance(self.email_suppressions, Unset):
            email_suppressions = self.email_suppressions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if contact_id is not UNSET:
            field_dict["contact_id"] = contact_id
        if contact_channels is not UNSET:
            field_dict["contact_channels"] = contact_channels
        if phone is not UNSET:
            field_dict["phone"] = phone
        if first is not UNSET:
            field_dict["first"] = first
        if last is not UNSET:
            field_dict["last"] = last
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if email is not UNSET:
            field_dict["email"] = email
        if custom is not UNSET:
            field_dict["custom"] = custom
        if avatar is not UNSET:
            field_dict["avatar"] = avatar
        if assignee_id is not UNSET:
            field_dict["assignee_id"] = assignee_id
        if tags is not UNSET:
            field_dict["tags"] = tags
        if is_opted_out is not UNSET:
            field_dict["is_opted_out"] = is_opted_out
        if email_suppressions is not UNSET:
            field_dict["email_suppressions"] = email_suppressions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.contact_channel_input import ContactChannelInput  # noqa: PLC0415
        from ..models.custom_fields import CustomFields  # noqa: PLC0415
        from ..models.tag_ref import TagRef  # noqa: PLC0415

        d = dict(src_dict)
        contact_id = d.pop("contact_id", UNSET)

        _contact_channels = d.pop("contact_channels", UNSET)
        contact_channels: list[ContactChannelInput] | Unset = UNSET
        if _contact_channels is not UNSET:
            contact_channels = []
            for contact_channels_item_data in _contact_channels:
                contact_channels_item = ContactChannelInput.from_dict(contact_channels_item_data)

                contact_channels.append(contact_channels_item)

        phone = d.pop("phone", UNSET)

        first = d.pop("first", UNSET)

        last = d.pop("last", UNSET)

        display_name = d.pop("display_name", UNSET)

        email = d.pop("email", UNSET)

        _custom = d.pop("custom", UNSET)
        custom: CustomFields | Unset
        if isinstance(_custom, Unset):
            custom = UNSET
        else:
            custom = CustomFields.from_dict(_custom)

        avatar = d.pop("avatar", UNSET)

        assignee_id = d.pop("assignee_id", UNSET)

        _tags = d.pop("tags", UNSET)
        tags: list[TagRef] | Unset = UNSET
        if _tags is not UNSET:
            tags = []
            for componentsschemas_tag_ref_list_item_data in _tags:
                componentsschemas_tag_ref_list_item = TagRef.from_dict(componentsschemas_tag_ref_list_item_data)

                tags.append(componentsschemas_tag_ref_list_item)

        is_opted_out = d.pop("is_opted_out", UNSET)

        email_suppressions = cast(list[int], d.pop("email_suppressions", UNSET))

        contact_v2_bulk_item = cls(
            contact_id=contact_id,
            contact_channels=contact_channels,
            phone=phone,
            first=first,
            last=last,
            display_name=display_name,
            email=email,
            custom=custom,
            avatar=avatar,
            assignee_id=assignee_id,
            tags=tags,
            is_opted_out=is_opted_out,
            email_suppressions=email_suppressions,
        )

        contact_v2_bulk_item.additional_properties = d
        return contact_v2_bulk_item

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
