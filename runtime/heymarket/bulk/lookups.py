"""Read-only look-ups of a run: which phones exist (``searchContactsV2``), a dry run's predictions, and the
account's tag ids (``listTags``, once).

A real run looks phones up where the batch answer does not tell an outcome apart (with ``overwrite``,
before each attempt; without it, for the contacts a batch lists as not created); a dry run's requests
are these look-ups and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heymarket_client import AuthenticatedClient
from heymarket_client.models import ChannelSearch, SearchContactsV2Request

from .calls import Answer, ResponseTap, Verdict, as_api_error, attempt, verdict
from .report import EXISTS, NEW, ItemOutcome, Outcome
from .run_config import RunConfig
from .run_state import Pending, RunState, outcome_of


@dataclass(frozen=True, slots=True)
class Existing:
    """What a look-up or a batch answer says of a contact that has the phone."""

    contact_id: int | None
    created: str | None


def digits(value: object) -> str:
    return "".join(c for c in str(value) if c.isdigit()) if value is not None else ""


def contacts_by_phone(result: object) -> dict[str, Existing] | None:
    """The contacts of a typed list result (``Contact`` objects, or the JSON objects the generated parser
    leaves as they are when they do not parse), by the digits of their phone; None when not a list."""
    if not isinstance(result, list):
        return None
    found: dict[str, Existing] = {}
    for contact in result:
        fields: dict[str, Any]
        if isinstance(contact, dict):
            fields = contact
        elif hasattr(contact, "to_dict"):
            fields = {"phone": contact.phone, "id": contact.id, "created": contact.created}
        else:
            return None
        contact_id = fields.get("id")
        created = fields.get("created")
        found[digits(fields.get("phone") if isinstance(fields.get("phone"), str | int) else None)] = Existing(
            contact_id if isinstance(contact_id, int) and not isinstance(contact_id, bool) else None,
            created if isinstance(created, str) else None,
        )
    return found


class Lookups:
    """Phone look-ups with ``searchContactsV2``, retried under the run's policy. Runs in pool threads."""

    def __init__(self, client: AuthenticatedClient, config: RunConfig, state: RunState, tap: ResponseTap) -> None:
        self.client = client
        self.config = config
        self.state = state
        self.tap = tap

    def existing(self, items: list[Pending]) -> tuple[dict[str, Existing] | None, Answer]:
        """The contacts that have the items' phones, by phone; None (and the last answer) when the
        look-up failed or the run stopped."""
        body = SearchContactsV2Request(
            contact_channels=[ChannelSearch(channel_type="phone", channel_ids=[i.phone for i in items])]
        )
        number = 0
        started = self.config.timing.monotonic()
        while True:
            number += 1
            result, answer = attempt(lambda: self.client.contacts_v2.search(body=body), self.tap, self.config.timing)
            # A dry run's requests are its look-ups; a real run's are its batches.
            self.state.count(answer, lookup=not self.config.dry_run)
            what, _ambiguous, cause = verdict(answer)
            found = contacts_by_phone(result) if what is Verdict.OK else None
            if found is not None:
                return found, answer
            # A search is a read: any failure but a refusal can be retried.
            if (
                what in (Verdict.RETRY, Verdict.OK)
                and self.state.stopped(items) is None
                and self.state.wait_to_retry(self.config, number, started, answer, cause)
            ):
                continue
            if what is Verdict.FATAL:
                self.state.set_fatal(answer)
            return None, answer

    def predict(self, items: list[Pending]) -> list[ItemOutcome]:
        """Dry run: a read-only ``searchContactsV2`` tells which phones exist; nothing is written."""
        stopped = self.state.stopped(items)
        if stopped is not None:
            return stopped
        existing, answer = self.existing(items)
        if existing is None:
            stopped = self.state.stopped(items)
            if stopped is not None and self.state.stop.is_set():
                return stopped
            cause = verdict(answer)[2]
            return [outcome_of(i, answer, Outcome.FAILED, cause, f"lookup failed: {answer.message}") for i in items]
        return [self._predict(item, answer, existing.get(item.phone)) for item in items]

    def _predict(self, item: Pending, answer: Answer, contact: Existing | None) -> ItemOutcome:
        if contact is None:
            return outcome_of(item, answer, Outcome.WOULD_CREATE, NEW, "dry run: no contact has this phone")
        result = Outcome.WOULD_OVERWRITE if self.config.overwrite else Outcome.WOULD_SKIP
        detail = f"dry run: contact {contact.contact_id} has this phone"
        return outcome_of(item, answer, result, EXISTS, detail, contact.contact_id)


def account_tag_ids(client: AuthenticatedClient) -> tuple[set[int] | None, str]:
    """Every tag id of the account (``listTags``, every page), or None and why the list could not be read."""
    from heymarket import iter_tags

    try:
        return {tag.id for tag in iter_tags(client) if isinstance(tag.id, int)}, ""
    except Exception as exc:
        error = as_api_error(exc)
        if error is None:
            raise
        return None, error.message
