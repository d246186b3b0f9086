"""JSON shapes of stored records, as the spec's response schemas describe them.

Fields without a value are left out rather than sent as null: the spec types them as plain strings or
integers. v1 answers carry no `uuid` or `contact_channels`; v2 answers carry both (the spec's Choice on
Contact declares them for v2 answers).
"""

from __future__ import annotations

from typing import Any

from heymarket_mock.store import Channel, Contact, Tag


def mutation_result(record: Contact | Tag) -> dict[str, Any]:
    return {"id": record.id, "rev": record.rev, "uuid": record.uuid}


def contact_v1(contact: Contact, *, team_id: int, creator_id: int) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": contact.id,
        "display_name": contact.display_name,
        "first": contact.first,
        "last": contact.last,
        "email": contact.email,
        "phone": contact.phone,
        "avatar": contact.avatar,
        "custom": dict(contact.custom),
        "team_id": team_id,
        "creator_id": creator_id,
        "assigned_user_id": contact.assigned_user_id,
        "shared": False,
        "created": contact.created,
        "updated": contact.updated,
        "rev": contact.rev,
        "op": contact.op,
        "tags": [dict(tag) for tag in contact.tags],
        "is_opted_out": contact.is_opted_out,
    }
    return {key: value for key, value in view.items() if value is not None}


def contact_v2(contact: Contact, *, team_id: int, creator_id: int) -> dict[str, Any]:
    view = contact_v1(contact, team_id=team_id, creator_id=creator_id)
    view["uuid"] = contact.uuid
    view["contact_channels"] = channels_view(contact, team_id=team_id)
    return view


def channels_view(contact: Contact, *, team_id: int) -> list[dict[str, Any]]:
    return [channel_view(contact, channel, team_id=team_id) for channel in contact.channels.values()]


def channel_view(contact: Contact, channel: Channel, *, team_id: int) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": channel.id,
        "team_id": team_id,
        "contact_id": contact.uuid,
        "channel_type": channel.channel_type,
        "channel_id": channel.channel_id,
        "channel_handle": channel.channel_handle,
        "info_channel": channel.info_channel,
        "created": channel.created,
        "updated": channel.updated,
    }
    return {key: value for key, value in view.items() if value is not None}


def status_view(contact: Contact) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": contact.id,
        "phone": contact.phone,
        "unsubscribed": contact.is_opted_out,
        "blocked": contact.blocked,
    }
    return {key: value for key, value in view.items() if value is not None}


def tag_view(tag: Tag, *, team_id: int) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": tag.id,
        "tag": tag.tag,
        "color": tag.color,
        "team_id": team_id,
        "created": tag.created,
        "updated": tag.updated,
        "rev": tag.rev,
    }
    return {key: value for key, value in view.items() if value is not None}
