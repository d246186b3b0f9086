"""Iterators over the list endpoints, sync and async.

Stop rules follow the spec (there is no total and no next link):

* ``listContacts`` (v1) and ``listContactsV2``: zero-based ``page`` with ``limit`` (``page_size``);
  a page shorter than ``limit`` (or empty) ends the data.
* ``listTags``: pages of at most 30; the next page is asked for with ``date`` = the ``updated``
  value of the last tag so far; a page shorter than 30 ends the data.

Each item is yielded at most once: offset pages shift when contacts are written during the
iteration, so the end of one page can come again at the start of the next. The contact lists are
sorted newest ``updated`` first (the v1 list's ``date`` cursor is that order), so every contact a
shift repeats is newer than the last one yielded, and every contact not yet yielded is older: the
walk keeps only the last ``updated`` value yielded and the keys (``uuid``, else ``id``) of the
contacts that share it, in constant memory whatever the number of contacts. A contact without a
readable ``updated`` is checked by key instead, and so is every contact of a walk that asks for
another order (``order`` or ``ascending`` in ``request``) or meets a page that is not newest first
(one set entry per contact, about 85 B). One consequence of offset pages is unchanged: a contact
written during the walk moves to the head of the list, behind the walk, and is not yielded in its
new state. A server that ignores ``page`` or ``date`` would repeat a page forever;
:class:`PagingError` is raised instead.

Errors are raised as typed errors even for a client made with ``raise_errors=False``, because an
iterator cannot hand back an error response in place of items.
"""

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator, Sequence
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any, TypeVar

import attrs
import httpx

from heymarket_auth import HeymarketConfigError
from heymarket_client import AuthenticatedClient
from heymarket_client.api.contacts_v1 import list_contacts
from heymarket_client.api.contacts_v2 import list_contacts_v2
from heymarket_client.api.tags import list_tags
from heymarket_client.models import Contact, ListContactsRequest, ListContactsV2Request, ListTagsRequest, Tag
from heymarket_client.types import UNSET, Response, Unset

from ._errors import PagingError, status_error

TAG_PAGE_SIZE = 30
DEFAULT_PAGE_SIZE = 30

_T = TypeVar("_T")


def iter_contacts(
    client: AuthenticatedClient, *, page_size: int = DEFAULT_PAGE_SIZE, request: ListContactsRequest | None = None
) -> Iterator[Contact]:
    """Every contact (v1 list), page by page. ``request`` may set ordering and filters; its
    ``limit`` and ``page`` are replaced by ``page_size`` and the page number."""
    template = request if request is not None else ListContactsRequest()
    pages = _OffsetPages(page_size, "/v1/contacts", newest_first=_newest_first(template))

    def fetch(page: int) -> Response[Any]:
        return list_contacts.sync_detailed(client=client, body=attrs.evolve(template, limit=page_size, page=page))

    return pages.walk(fetch)


def aiter_contacts(
    client: AuthenticatedClient, *, page_size: int = DEFAULT_PAGE_SIZE, request: ListContactsRequest | None = None
) -> AsyncIterator[Contact]:
    """Async twin of :func:`iter_contacts`."""
    template = request if request is not None else ListContactsRequest()
    pages = _OffsetPages(page_size, "/v1/contacts", newest_first=_newest_first(template))

    async def fetch(page: int) -> Response[Any]:
        body = attrs.evolve(template, limit=page_size, page=page)
        return await list_contacts.asyncio_detailed(client=client, body=body)

    return pages.awalk(fetch)


def iter_contacts_v2(
    client: AuthenticatedClient, *, page_size: int = DEFAULT_PAGE_SIZE, request: ListContactsV2Request | None = None
) -> Iterator[Contact]:
    """Every contact (v2 list), page by page; see :func:`iter_contacts`."""
    template = request if request is not None else ListContactsV2Request()
    pages = _OffsetPages(page_size, "/v2/contacts/list", newest_first=_newest_first(template))

    def fetch(page: int) -> Response[Any]:
        return list_contacts_v2.sync_detailed(client=client, body=attrs.evolve(template, limit=page_size, page=page))

    return pages.walk(fetch)


def aiter_contacts_v2(
    client: AuthenticatedClient, *, page_size: int = DEFAULT_PAGE_SIZE, request: ListContactsV2Request | None = None
) -> AsyncIterator[Contact]:
    """Async twin of :func:`iter_contacts_v2`."""
    template = request if request is not None else ListContactsV2Request()
    pages = _OffsetPages(page_size, "/v2/contacts/list", newest_first=_newest_first(template))

    async def fetch(page: int) -> Response[Any]:
        body = attrs.evolve(template, limit=page_size, page=page)
        return await list_contacts_v2.asyncio_detailed(client=client, body=body)

    return pages.awalk(fetch)


def iter_tags(client: AuthenticatedClient) -> Iterator[Tag]:
    """Every tag, most recently updated first, following the ``date`` cursor."""
    pages = _TagPages()
    while not pages.done:
        yield from pages.take(list_tags.sync_detailed(client=client, body=ListTagsRequest(date=pages.cursor)))


async def aiter_tags(client: AuthenticatedClient) -> AsyncIterator[Tag]:
    """Async twin of :func:`iter_tags`."""
    pages = _TagPages()
    while not pages.done:
        response = await list_tags.asyncio_detailed(client=client, body=ListTagsRequest(date=pages.cursor))
        for item in pages.take(response):
            yield item


# ---------------------------------------------------------------------------- page bookkeeping


def _newest_first(request: ListContactsRequest | ListContactsV2Request) -> bool:
    """Whether the pages come in the list's own order (newest ``updated`` first)."""
    extra = request.additional_properties
    order = getattr(request, "order", UNSET)  # v1 only
    return isinstance(order, Unset) and request.ascending is not True and not {"order", "ascending"} & extra.keys()


def _updated_key(contact: Contact) -> datetime | None:
    """``updated`` as an aware datetime (no offset: UTC); None when it is missing or not a time."""
    value = contact.updated
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _contact_key(contact: Contact) -> Hashable | None:
    # A small int: the UUID's, else the id's complement.
    if isinstance(contact.uuid, str):
        try:
            return uuid.UUID(contact.uuid).int
        except ValueError:
            return contact.uuid
    if isinstance(contact.id, int):
        return ~contact.id  # negative, so never equal to a uuid's (non-negative) int
    return None


def _items(response: Response[Any], path: str, expected: type[_T]) -> list[_T]:
    """The items of a 200 page; anything else raises (a typed error, or PagingError)."""
    if response.status_code != HTTPStatus.OK:
        raise status_error(
            status_code=int(response.status_code),
            content=response.content,
            headers=httpx.Headers(response.headers),
            method="POST",
            path=path,
        )
    parsed = response.parsed
    if not isinstance(parsed, list) or not all(isinstance(item, expected) for item in parsed):
        raise PagingError(f"POST {path} answered 200 without a list of {expected.__name__}", method="POST", path=path)
    return parsed


class _OffsetPages:
    """State of a ``page``/``limit`` walk over contacts."""

    def __init__(self, page_size: int, path: str, *, newest_first: bool = True) -> None:
        if isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1:
            raise HeymarketConfigError(f"page_size must be an int >= 1, got {page_size!r}")
        self.page_size = page_size
        self.path = path
        self.page = 0
        self.done = False
        self._window: _NewestFirst | None = _NewestFirst() if newest_first else None
        self._seen: set[Hashable] = set()
        self._previous: list[Hashable | None] | None = None

    def walk(self, fetch: Callable[[int], Response[Any]]) -> Iterator[Contact]:
        while not self.done:
            yield from self.take(fetch(self.page))

    async def awalk(self, fetch: Callable[[int], Awaitable[Response[Any]]]) -> AsyncIterator[Contact]:
        while not self.done:
            for item in self.take(await fetch(self.page)):
                yield item

    def take(self, response: Response[Any]) -> list[Contact]:
        items = _items(response, self.path, Contact)
        keys = [_contact_key(item) for item in items]
        if len(items) == self.page_size and keys == self._previous:
            raise PagingError(
                f"POST {self.path} returned the same page for page {self.page - 1} and {self.page}; "
                "the server seems to ignore `page`",
                method="POST",
                path=self.path,
            )
        self._previous = keys
        self.page += 1
        self.done = len(items) < self.page_size
        if self._window is not None:
            stamps = [_updated_key(item) for item in items]
            if _newest_first_page(stamps):
                return self._window.fresh(items, keys, stamps, self._seen)
            self._window = None  # not the order assumed: a key per contact from here on
        return _unseen(items, keys, self._seen)


class _NewestFirst:
    """Which contacts of a newest-first offset walk are new: the last ``updated`` yielded (``cursor``) and the
    keys yielded at exactly that time (``ties``). Newer than the cursor: a contact a shift repeats. Older: a
    new one, which moves the cursor."""

    def __init__(self) -> None:
        self.cursor: datetime | None = None
        self.ties: set[Hashable] = set()

    def fresh(
        self,
        items: Sequence[Contact],
        keys: Sequence[Hashable | None],
        stamps: Sequence[datetime | None],
        seen: set[Hashable],
    ) -> list[Contact]:
        fresh: list[Contact] = []
        for item, key, stamp in zip(items, keys, stamps, strict=True):
            if stamp is None:  # no time to order it by: checked by key
                if key is None or key not in seen:
                    if key is not None:
                        seen.add(key)
                    fresh.append(item)
            elif self.cursor is None or stamp < self.cursor:
                self.cursor = stamp
                self.ties = {key} if key is not None else set()
                fresh.append(item)
            elif stamp == self.cursor and (key is None or key not in self.ties):
                if key is not None:
                    self.ties.add(key)
                fresh.append(item)
        return fresh


def _newest_first_page(stamps: Sequence[datetime | None]) -> bool:
    """No readable ``updated`` of the page is newer than one before it."""
    last: datetime | None = None
    for stamp in stamps:
        if stamp is not None:
            if last is not None and stamp > last:
                return False
            last = stamp
    return True


class _TagPages:
    """State of a ``date``-cursor walk over tags."""

    path = "/v1/tags"

    def __init__(self) -> None:
        self.cursor: str | Unset = UNSET
        self.done = False
        self._seen: set[Hashable] = set()

    def take(self, response: Response[Any]) -> list[Tag]:
        items = _items(response, self.path, Tag)
        self.done = len(items) < TAG_PAGE_SIZE
        if not self.done:
            cursor = items[-1].updated
            if not isinstance(cursor, str) or cursor == self.cursor:
                raise PagingError(
                    f"POST {self.path}: the last tag of a full page has no new `updated` value to page on",
                    method="POST",
                    path=self.path,
                )
            self.cursor = cursor
        keys: list[Hashable | None] = [item.id if isinstance(item.id, int) else None for item in items]
        return _unseen(items, keys, self._seen)


def _unseen(items: Sequence[_T], keys: Sequence[Hashable | None], seen: set[Hashable]) -> list[_T]:
    fresh: list[_T] = []
    for item, key in zip(items, keys, strict=True):
        if key is None:
            fresh.append(item)
        elif key not in seen:
            seen.add(key)
            fresh.append(item)
    return fresh
