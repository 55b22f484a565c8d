import random

from hypothesis import given
from hypothesis import strategies as st

from gateway.reports.tickets import TICKET_LENGTH, damm_digit, is_valid_ticket, new_ticket
from ivr_flows.nodes import spoken_digits

tickets = st.builds(lambda seed: new_ticket(random.Random(seed).randrange), st.integers())


def test_damm_reference_value():
    # Worked example from Damm's method: 572 -> check digit 4.
    assert damm_digit("572") == "4"
    assert damm_digit("5724") == "0"  # a number ending in its check digit checks to 0
    assert is_valid_ticket("572400000") and not is_valid_ticket("572400001")


@given(tickets)
def test_new_ticket_is_nine_digits_with_valid_check_digit(ticket):
    assert len(ticket) == TICKET_LENGTH
    assert ticket.isdigit() and ticket[0] != "0"
    assert is_valid_ticket(ticket)


@given(tickets, st.integers(0, TICKET_LENGTH - 1), st.integers(1, 9))
def test_any_single_digit_error_is_caught(ticket, position, shift):
    wrong = str((int(ticket[position]) + shift) % 10)
    mistyped = ticket[:position] + wrong + ticket[position + 1 :]
    assert not is_valid_ticket(mistyped)


@given(tickets, st.integers(0, TICKET_LENGTH - 2))
def test_any_adjacent_swap_is_caught(ticket, position):
    a, b = ticket[position], ticket[position + 1]
    swapped = ticket[:position] + b + a + ticket[position + 2 :]
    assert swapped == ticket or not is_valid_ticket(swapped)


def test_malformed_tickets_are_rejected():
    good = new_ticket()
    for bad in ("", good[:-1], good + "0", "0" + good[1:], good.replace(good[3], "x"), "١٢٣٤٥٦٧٨٩"):
        assert not is_valid_ticket(bad)


def test_tickets_are_not_sequential():
    drawn = [int(new_ticket()) for _ in range(200)]
    steps = {b - a for a, b in zip(drawn, drawn[1:], strict=False)}
    assert len(set(drawn)) == 200
    assert len(steps) > 150  # no fixed stride from one ticket to the next


def test_ticket_is_read_back_in_groups_of_three():
    assert spoken_digits("123456789") == "1 2 3, 4 5 6, 7 8 9"
