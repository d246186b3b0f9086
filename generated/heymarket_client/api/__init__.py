"""Contains methods for accessing the API"""

from typing import TYPE_CHECKING, NamedTuple

from ..client import AuthenticatedClient

if TYPE_CHECKING:
    from .contact_channels import AsyncContactChannels, ContactChannels
    from .contact_fields import AsyncContactFields, ContactFields
    from .contacts_v1 import AsyncContacts, Contacts
    from .contacts_v2 import AsyncContactsV2, ContactsV2
    from .tags import AsyncTags, Tags


class Resources:
    """The operations of every tag, one attribute per tag: ``client.contacts.create(body=...)``."""

    __slots__ = (
        "contact_channels",
        "contact_fields",
        "contacts",
        "contacts_v2",
        "tags",
    )

    contact_channels: "ContactChannels"
    contact_fields: "ContactFields"
    contacts: "Contacts"
    contacts_v2: "ContactsV2"
    tags: "Tags"

    def __init__(self, client: AuthenticatedClient) -> None:
        # Imported here: importing the package (for OPERATIONS) loads no operation module or model.
        from .contact_channels import ContactChannels
        from .contact_fields import ContactFields
        from .contacts_v1 import Contacts
        from .contacts_v2 import ContactsV2
        from .tags import Tags

        self.contact_channels = ContactChannels(client)
        self.contact_fields = ContactFields(client)
        self.contacts = Contacts(client)
        self.contacts_v2 = ContactsV2(client)
        self.tags = Tags(client)


class AsyncResources:
    """The same, with async methods: ``await client.aio.contacts.create(body=...)``."""

    __slots__ = (
        "contact_channels",
        "contact_fields",
        "contacts",
        "contacts_v2",
        "tags",
    )

    contact_channels: "AsyncContactChannels"
    contact_fields: "AsyncContactFields"
    contacts: "AsyncContacts"
    contacts_v2: "AsyncContactsV2"
    tags: "AsyncTags"

    def __init__(self, client: AuthenticatedClient) -> None:
        # Imported here: importing the package (for OPERATIONS) loads no operation module or model.
        from .contact_channels import AsyncContactChannels
        from .contact_fields import AsyncContactFields
        from .contacts_v1 import AsyncContacts
        from .contacts_v2 import AsyncContactsV2
        from .tags import AsyncTags

        self.contact_channels = AsyncContactChannels(client)
        self.contact_fields = AsyncContactFields(client)
        self.contacts = AsyncContacts(client)
        self.contacts_v2 = AsyncContactsV2(client)
        self.tags = AsyncTags(client)


class Operation(NamedTuple):
    """One operation of the spec."""

    method: str
    path: str
    """The path template, e.g. ``/v1/contact/{id}``."""
    operation_id: str
    retry_safe: bool
    """``x-heymarket-retry-safe``: sending the request again cannot create or duplicate anything
    (absent counts as false)."""


OPERATIONS: tuple[Operation, ...] = (
    Operation("POST", "/v1/contact", "createContact", False),
    Operation("GET", "/v1/contact/{id}", "getContact", True),
    Operation("PUT", "/v1/contact/{id}", "updateContact", True),
    Operation("DELETE", "/v1/contact/{id}", "deleteContact", True),
    Operation("POST", "/v1/contacts", "listContacts", True),
    Operation("POST", "/v1/contacts/count", "countContacts", True),
    Operation("POST", "/v1/contact/get", "getContactByPhoneOrId", True),
    Operation("POST", "/v1/contact/status", "getContactStatus", True),
    Operation("POST", "/v1/contact/set_status", "setContactStatus", True),
    Operation("POST", "/v1/batch/contacts", "batchCreateContacts", False),
    Operation("POST", "/v1/contact-fields", "listContactFields", True),
    Operation("POST", "/v1/contacts/fields", "createContactFields", False),
    Operation("POST", "/v2/contact", "createContactV2", False),
    Operation("GET", "/v2/contact/{contactID}", "getContactV2", True),
    Operation("PUT", "/v2/contact/{contactID}", "updateContactV2", True),
    Operation("DELETE", "/v2/contact/{contactID}", "deleteContactV2", True),
    Operation("POST", "/v2/contacts", "bulkUpsertContactsV2", False),
    Operation("DELETE", "/v2/contacts", "bulkDeleteContactsV2", True),
    Operation("POST", "/v2/contacts/list", "listContactsV2", True),
    Operation("POST", "/v2/contacts/search", "searchContactsV2", True),
    Operation("PUT", "/v2/contact/{contactID}/channel", "updateContactChannel", True),
    Operation("POST", "/v2/contact/{contactID}/channel", "addContactChannel", False),
    Operation("GET", "/v2/contact/{contactID}/channels", "listContactChannels", True),
    Operation("GET", "/v2/contact/{contactID}/channel/{channelType}", "getContactChannel", True),
    Operation("DELETE", "/v2/contact/{contactID}/channel/{channelType}", "deleteContactChannel", True),
    Operation("POST", "/v1/tag", "createTag", False),
    Operation("GET", "/v1/tag/{id}", "getTag", True),
    Operation("DELETE", "/v1/tag/{id}", "deleteTag", True),
    Operation("POST", "/v1/tags", "listTags", True),
)
"""Every operation of the spec, in its order."""
