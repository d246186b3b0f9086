from enum import StrEnum


class ContactStatusValue(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"
    SUBSCRIBED = "subscribed"
    UNBLOCKED = "unblocked"
    UNSUBSCRIBED = "unsubscribed"

    def __str__(self) -> str:
        return str(self.value)
