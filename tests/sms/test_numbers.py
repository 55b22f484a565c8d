import pytest

from sms.numbers import mask_msisdn, normalize_msisdn, parse_address


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+6281234567890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("0341 512111", "+62341512111"),
        ("0062812345678", "+62812345678"),
        ("anonymous", None),
        ("+266696687", None),
        ("client:operator1", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_msisdn(raw, expected):
    assert normalize_msisdn(raw) == expected


def test_whatsapp_sender_keeps_channel():
    address = parse_address("whatsapp:+6281234567890", "sms")
    assert address.number == "+6281234567890" and address.channel == "whatsapp"
    assert parse_address("+6281234567890", "sms").channel == "sms"


def test_mask_hides_the_middle():
    assert mask_msisdn("+6281234567890") == "+62812*****890"
    assert mask_msisdn(None) == "-"
