"""The demo: three ways to create contacts through the generated client with Heymarket auth.

Reads its credentials and base URL from HEYMARKET_SECRET_ID, HEYMARKET_SECRET_KEY and
HEYMARKET_BASE_URL (`make demo` starts the local stand-in and sets them).
"""

from __future__ import annotations

from heymarket_auth import create_client
from heymarket_client.api.contacts_v1 import batch_create_contacts, create_contact
from heymarket_client.api.contacts_v2 import create_contact_v2
from heymarket_client.models import (
    Contact,
    ContactChannelInput,
    ContactRequest,
    ContactV2Request,
    MutationResult,
    TagRef,
)


def main() -> None:
    with create_client() as client:
        v1 = create_contact.sync(
            client=client,
            body=ContactRequest(
                phone="15105553344",
                first="API",
                last="Contact",
                email="help@heymarket.com",
                tags=[TagRef(tag_id=55)],
            ),
        )
        assert isinstance(v1, MutationResult), v1
        print(f"v1 contact created: id={v1.id} rev={v1.rev} uuid={v1.uuid}")

        v2 = create_contact_v2.sync(
            client=client,
            body=ContactV2Request(
                contact_channels=[
                    ContactChannelInput(channel_type="phone", channel_id="14155551234"),
                    ContactChannelInput(channel_type="email", channel_id="alice@example.com"),
                ],
                first="Alice",
                last="Smith",
            ),
        )
        assert isinstance(v2, MutationResult), v2
        print(f"v2 contact created with a phone and an email channel: id={v2.id} uuid={v2.uuid}")

        batch = [
            ContactRequest(phone="15105551234", first="Alice", last="Smith"),
            ContactRequest(phone="15105555678", first="Bob", last="Jones"),
            ContactRequest(phone="15105553344", first="Duplicate", last="Of the v1 contact"),
        ]
        result = batch_create_contacts.sync(client=client, body=batch)
        print(f"batch of {len(batch)} sent (overwrite=false)")
        if result == "ok":
            print("  every contact was created")
        elif isinstance(result, list):
            skipped = [c for c in result if isinstance(c, Contact)]
            print(f"  created: {len(batch) - len(skipped)}, not created (phone already exists): {len(skipped)}")
            for contact in skipped:
                print(f"  - not created: phone={contact.phone} (existing contact id={contact.id})")
        else:
            raise SystemExit(f"unexpected batch answer: {result!r}")


if __name__ == "__main__":
    main()
