import random
import string
from difflib import SequenceMatcher

import pytest

from routing.places import FUZZY_RATIO, _letters, _similar, find_place


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


def test_the_shortcuts_never_reject_a_near_miss():
    """The letter-count shortcuts before difflib's matcher are upper bounds: whatever they rule
    out, the matcher would have ruled out too."""
    rng = random.Random(7)
    keys = ["sumberbrantas", "pesanggrahan", "orooombo", "tulungrejo", "bulukerto", "giripurno",
            "punten", "sidomulyo", "bumiaji", "junrejo"]
    checked = similar = 0
    for key in keys:
        for _ in range(400):
            window = list(key)
            for _ in range(rng.randint(0, 3)):  # up to three edits, or random letters
                position = rng.randrange(len(window))
                edit = rng.choice("dis")
                if edit == "d" and len(window) > 1:
                    del window[position]
                elif edit == "i":
                    window.insert(position, rng.choice(string.ascii_lowercase))
                else:
                    window[position] = rng.choice(string.ascii_lowercase)
            if rng.random() < 0.3:
                window = rng.choices(string.ascii_lowercase, k=len(key) + rng.randint(-2, 2))
            text = "".join(window)
            expected = SequenceMatcher(None, text, key).ratio() >= FUZZY_RATIO
            assert _similar(text, key, _letters(key)) == expected, (text, key)
            checked += 1
            similar += expected
    assert checked == 4000 and 0 < similar < checked  # both outcomes were exercised
