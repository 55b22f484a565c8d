"""Reference data: the shipped config loads, broken files give their exact errors, and the
config agrees with the Kota Batu reference data in ../shared/data."""

import csv
import shutil
from pathlib import Path

import pytest

from gateway.settings import PROJECT_ROOT
from gateway.store.reference import load_catalog
from routing.catalog import CatalogError
from routing.catalog_files import FILES

BROKEN = Path(__file__).resolve().parents[2] / "data" / "broken"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"reference data folder {SHARED_DATA} is absent"
)


@pytest.mark.parametrize("name", sorted(FILES))
def test_shipped_config_file_loads(name, catalog):
    assert (PROJECT_ROOT / "config" / name).is_file()
    assert catalog.agencies and catalog.areas and catalog.categories


@pytest.mark.parametrize("case", sorted(p.name for p in BROKEN.iterdir()))
def test_broken_config_reports_exact_errors(case, tmp_path):
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    for broken in (BROKEN / case).glob("*.yaml"):
        shutil.copy(broken, config / broken.name)
    with pytest.raises(CatalogError) as caught:
        load_catalog(config)
    got = [line.replace(f"{config}/", "") for line in caught.value.errors]
    assert got == (BROKEN / case / "expected.txt").read_text().splitlines()


def test_missing_file_is_named(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    (config / "areas.yaml").unlink()
    with pytest.raises(CatalogError) as caught:
        load_catalog(config)
    assert caught.value.errors == (f"{config}/areas.yaml: missing file",)


def test_kota_batu_has_3_kecamatan_and_24_desa_kelurahan(catalog):
    assert [k.name for k in catalog.kecamatan()] == ["Batu", "Bumiaji", "Junrejo"]
    assert sum(len(catalog.desa_of(k.code)) for k in catalog.kecamatan()) == 24
    assert len(catalog.desa_of("35.79.02")) == 9  # Bumiaji's desa fit keys 1-9


@needs_shared
def test_areas_match_the_reference_csv(catalog):
    with (SHARED_DATA / "kota_batu_wilayah.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["tingkat"] != "kota"]
    assert {r["kode_kemendagri"]: r["nama"] for r in rows} == {
        code: area.name for code, area in catalog.areas.items()
    }
    for row in rows:
        area = catalog.areas[row["kode_kemendagri"]]
        if row["nama_varian"]:
            assert row["nama_varian"] in area.variants
        if row["kodepos"]:
            assert area.postcode == row["kodepos"]


@needs_shared
def test_agency_codes_are_the_proposed_codes(catalog):
    with (SHARED_DATA / "pemkot_batu_perangkat_daerah.csv").open(encoding="utf-8") as handle:
        codes = {r["proposed_code"] for r in csv.DictReader(handle)}
    assert set(catalog.agencies) == codes
    assert {c for c, a in catalog.agencies.items() if a.external} == {"PLN", "LUAR_KEWENANGAN"}
    assert "DPKP" not in catalog.agencies
