"""Which desa a point is in, from config/desa_boundaries.json: inside a boundary, near one, or
outside the city; and a wrong boundary file is refused naming file, path and value."""

from __future__ import annotations

import json
import shutil

import pytest

from gateway.store.reference import load_catalog
from routing.boundaries import NEAR_METRES, BoundaryError, Shape, load_boundaries
from tests.conftest import CONFIG_DIR


@pytest.fixture(scope="module")
def boundaries(catalog):
    return load_boundaries(CONFIG_DIR, catalog)


def inner_point(shape: Shape) -> tuple[float, float]:
    """A point well inside `shape` (on a grid over its box, the one farthest from its edge)."""
    lats, lons = [p[0] for p in shape.ring], [p[1] for p in shape.ring]
    grid = [(min(lats) + (max(lats) - min(lats)) * i / 24,
             min(lons) + (max(lons) - min(lons)) * j / 24)
            for i in range(1, 24) for j in range(1, 24)]
    return max((p for p in grid if shape.contains(*p)), key=lambda p: shape.metres_to(*p))


def test_a_point_inside_each_desa_is_in_that_desa_and_no_other(boundaries, catalog):
    desa = {a.code for a in catalog.areas.values() if a.level != "kecamatan"}
    assert {s.code for s in boundaries.shapes} == desa and len(desa) == 24
    for shape in boundaries.shapes:
        point = inner_point(shape)
        assert [s.code for s in boundaries.shapes if s.contains(*point)] == [shape.code]
        assert boundaries.locate(*point) == shape.code


def test_landmarks(boundaries):
    # Centroids the source computed: Punten and Tlekung lie in their own desa.
    assert boundaries.locate(-7.82968, 112.52187) == "35.79.02.2001"  # Punten
    assert boundaries.locate(-7.92084, 112.51740) == "35.79.03.2004"  # Tlekung
    assert boundaries.locate(-7.9666, 112.6326) is None  # Kota Malang, ~10 km away
    assert boundaries.locate(-6.2, 106.8) is None  # Jakarta
    assert boundaries.locate(91.0, 112.5) is None


def test_a_point_just_past_the_edge_goes_to_the_nearest_desa(boundaries):
    sumberbrantas = next(s for s in boundaries.shapes if s.code == "35.79.02.2009")
    north = max(sumberbrantas.ring)  # the northernmost corner of the city
    near = (north[0] + 300 / 111_320, north[1])  # 300 m further north
    far = (north[0] + 3 * NEAR_METRES / 111_320, north[1])
    assert boundaries.locate(*near) == "35.79.02.2009"
    assert boundaries.locate(*far) is None


def test_a_square():
    square = Shape("x", ((0.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.0, 0.0)))
    assert square.contains(0.5, 0.5) and not square.contains(1.5, 0.5)
    assert square.metres_to(0.5, 0.5) == pytest.approx(0.5 * 111_320, rel=1e-3)


def test_a_wrong_file_is_refused_naming_file_path_and_value(tmp_path, catalog):
    config = tmp_path / "config"
    shutil.copytree(CONFIG_DIR, config)
    path = config / "desa_boundaries.json"
    document = json.loads(path.read_text())
    document["desa"][0]["code"] = "35.79.09.9999"
    document["desa"][1]["boundary"] = [[-7.8, 112.5]]
    path.write_text(json.dumps(document))
    with pytest.raises(BoundaryError) as raised:
        load_boundaries(config, load_catalog(config))
    message = str(raised.value)
    assert f"{path}: desa[0].code: '35.79.09.9999' is not a desa" in message
    assert f"{path}: desa[1].boundary: needs three or more" in message
    assert "no boundary for 35.79.01.1001 (Temas)" in message
    path.write_text("{")
    with pytest.raises(BoundaryError, match="cannot be read as JSON"):
        load_boundaries(config, catalog)
