"""Contains all the data models used in inputs/outputs"""

from .bulk_delete_channel import BulkDeleteChannel
from .bulk_delete_contacts_v2_request import BulkDeleteContactsV2Request
from .bulk_upsert_contacts_v2_request import BulkUpsertContactsV2Request
from .bulk_upsert_contacts_v2_response import BulkUpsertContactsV2Response
from .channel_search import ChannelSearch
from .contact import Contact
from .contact_channel import ContactChannel
from .contact_channel_input import ContactChannelInput
from .contact_custom import ContactCustom
from .contact_field import ContactField
from .contact_lookup_request import ContactLookupRequest
from .contact_note import ContactNote
from .contact_request import ContactRequest
from .contact_status import ContactStatus
from .contact_status_request import ContactStatusRequest
from .contact_status_value import ContactStatusValue
from .contact_v2_bulk_item import ContactV2BulkItem
from .contact_v2_request import ContactV2Request
from .contact_v2_update_request import ContactV2UpdateRequest
from .create_tag_request import CreateTagRequest
from .created_contact_field import CreatedContactField
from .custom_fields import CustomFields
from .error_body import ErrorBody
from .failed_contact import FailedContact
from .list_contact_fields_request import ListContactFieldsRequest
from .list_contacts_request import ListContactsRequest
from .list_contacts_v2_request import ListContactsV2Request
from .list_tags_request import ListTagsRequest
from .mutation_result import MutationResult
from .new_contact_field import NewContactField
from .search_contacts_v2_request import SearchContactsV2Request
from .set_contact_status_request import SetContactStatusRequest
from .tag import Tag
from .tag_ref import TagRef

__all__ = (
    "BulkDeleteChannel",
    "BulkDeleteContactsV2Request",
    "BulkUpsertContactsV2Request",
    "BulkUpsertContactsV2Response",
    "ChannelSearch",
    "Contact",
    "ContactChannel",
    "ContactChannelInput",
    "ContactCustom",
    "ContactField",
    "ContactLookupRequest",
    "ContactNote",
    "ContactRequest",
    "ContactStatus",
    "ContactStatusRequest",
    "ContactStatusValue",
    "ContactV2BulkItem",
    "ContactV2Request",
    "ContactV2UpdateRequest",
    "CreatedContactField",
    "CreateTagRequest",
    "CustomFields",
    "ErrorBody",
    "FailedContact",
    "ListContactFieldsRequest",
    "ListContactsRequest",
    "ListContactsV2Request",
    "ListTagsRequest",
    "MutationResult",
    "NewContactField",
    "SearchContactsV2Request",
    "SetContactStatusRequest",
    "Tag",
    "TagRef",
)
