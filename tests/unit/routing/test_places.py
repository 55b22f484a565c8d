import pytest

from routing.places import find_place


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("jalan rusak di Punten dekat masjid", "35.79.02.2001"),
        ("sampah numpuk di oro oro ombo", "35.79.01.2006"),
        ("Oro-Oro Ombo", "35.79.01.2006"),
        ("dsn brau desa gunung sari", "35.79.02.2002"),
        ("longsor di sumber berantas", "35.79.02.2009"),
        ("pesangrahan", "35.79.01.2008"),
        ("Tlekong", "35.79.03.2004"),
        ("torong rejo", "35.79.03.2007"),
        ("kecamatan bumiaji", "35.79.02"),
        ("Kec. Junrejo", "35.79.03"),
        ("desa bumiaji", "35.79.02.2006"),
        ("SISIR", "35.79.01.1004"),
    ],
)
def test_places_are_found_tolerantly(catalog, text, code):
    assert find_place(catalog, text).code == code


@pytest.mark.parametrize("text", ["di kota batu macet", "tidak tahu", "jalan pendek rusak", ""])
def test_no_place_is_invented(catalog, text):
    assert find_place(catalog, text) is None
