"""Ticket numbers: 9 digits, random (not guessable), ending in a Damm check digit.

Damm's check digit catches every single-digit error and every swap of two adjacent digits, so a
caller who mistypes a ticket is asked again instead of hearing someone else's report.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

TICKET_LENGTH = 9

# Damm's totally anti-symmetric quasigroup of order 10 (H. M. Damm, 2004).
_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)


def damm_digit(digits: str) -> str:
    """The check digit that makes `digits` + it valid."""
    interim = 0
    for ch in digits:
        interim = _DAMM[interim][int(ch)]
    return str(interim)


def is_valid_ticket(text: str) -> bool:
    """True when `text` is a well-formed ticket whose check digit matches."""
    return (
        len(text) == TICKET_LENGTH
        and text.isascii()
        and text.isdigit()
        and text[0] != "0"
        and damm_digit(text) == "0"
    )


def new_ticket(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    """A fresh random ticket; the first digit is never 0 so spreadsheets keep all nine digits."""
    smallest = 10 ** (TICKET_LENGTH - 2)
    body = str(smallest + randbelow(9 * smallest))  # one draw: one system call, not eight
    return body + damm_digit(body)
