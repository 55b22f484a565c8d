"""`config/farming/`: the shipped files load, and every broken file names file, path, value."""

from __future__ import annotations

import copy

import pytest
import yaml

from farming.catalog import FarmingConfigError
from farming.catalog_files import MAX_ITEM_WORDS, build_farming
from tests.conftest import CONFIG_DIR

FOLDER = CONFIG_DIR / "farming"


def documents():
    return {name: yaml.safe_load((FOLDER / name).read_text(encoding="utf-8"))
            for name in ("commodities.yaml", "officers.yaml", "library.yaml")}


def areas(catalog):
    return {code: area.level for code, area in catalog.areas.items()}


def test_shipped_farming_files_load_with_every_desa_covered(farming, catalog):
    assert {"apel", "jeruk", "kentang", "kubis", "wortel", "susu"} <= set(farming.commodities)
    assert farming.hotline_commodities == ("apel", "jeruk", "kentang", "kubis", "wortel", "susu")
    desa = [c for c, a in catalog.areas.items() if a.level != "kecamatan"]
    responsible = [d for o in farming.officers.values() for d in o.desa]
    assert sorted(responsible) == sorted(desa)  # each desa exactly once
    assert farming.default_market.name == "Pasar Induk Among Tani"


def test_starter_library_covers_each_main_crop_and_every_pest_of_farming_md(farming):
    by_crop = {s.commodity for s in farming.library}
    assert {"apel", "jeruk", "kentang", "kubis", "wortel", "susu"} <= by_crop
    pest_items = " ".join(s.titles["id"].lower() for s in farming.library if s.topic == "hama")
    for pest in ("kutu hijau", "tungau merah", "embun tepung", "bercak daun", "busuk daun",
                 "layu bakteri", "pengorok daun", "ulat daun", "ulat krop", "lalat buah",
                 "thrips", "antraknosa"):
        assert pest in pest_items, pest
    for seed in farming.library:
        assert set(seed.texts) >= {"id", "jv"} and farming.sources[seed.source]
        assert all(len(t.split()) <= MAX_ITEM_WORDS for t in seed.texts.values())


def test_every_problem_names_file_path_and_value(catalog):
    docs = documents()
    broken = copy.deepcopy(docs)
    broken["commodities.yaml"]["hotline_commodities"][0] = "durian"
    broken["commodities.yaml"]["commodities"][1]["unit"] = "karung"
    broken["officers.yaml"]["officers"][0]["desa"].append("35.79.02.2001")  # Punten twice
    broken["officers.yaml"]["officers"][1]["phone"] = "0812"
    broken["library.yaml"]["items"][0]["commodity"] = "durian"
    del broken["library.yaml"]["items"][1]["text"]["jv"]
    with pytest.raises(FarmingConfigError) as caught:
        build_farming(broken, areas(catalog))
    errors = "\n".join(caught.value.errors)
    assert "commodities.yaml: commodities[1].unit 'karung'" in errors
    assert "officers.yaml: officers[1].phone '0812'" in errors
    # The schema errors stop the checks that need a valid file; fix them and look again.
    broken["commodities.yaml"]["commodities"][1]["unit"] = "kg"
    broken["officers.yaml"]["officers"][1]["phone"] = "+6281230000002"
    with pytest.raises(FarmingConfigError) as caught:
        build_farming(broken, areas(catalog))
    assert set(caught.value.errors) == {
        "commodities.yaml: hotline_commodities[0] 'durian': not a commodity",
        "officers.yaml: officers: desa '35.79.02.2001' has 2 responsible officers; expected "
        "exactly one",
        "library.yaml: items[0].commodity 'durian': not a commodity",
        "library.yaml: items[1].text.jv: is required",
    }


def test_a_desa_without_an_officer_is_refused(catalog):
    docs = documents()
    docs["officers.yaml"]["officers"][0]["desa"].remove("35.79.01.1001")
    with pytest.raises(FarmingConfigError) as caught:
        build_farming(docs, areas(catalog))
    assert caught.value.errors == ("officers.yaml: officers: desa '35.79.01.1001' has 0 "
                                   "responsible officers; expected exactly one",)
