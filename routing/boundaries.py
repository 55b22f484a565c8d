"""Which desa or kelurahan a point is in, from the city's own boundary file
(`config/desa_boundaries.json`), with no map service: the citizens' page's "use my location".

A point inside a desa's boundary is in that desa. The source's boundaries are simplified, so a
point in a sliver between two of them, or just past the city's edge, goes to the desa whose
boundary is nearest, when that is within `NEAR_METRES`; farther away it is outside the city.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from routing.catalog import Catalog, CatalogError

FILE = "desa_boundaries.json"
NEAR_METRES = 1000.0
_METRES_PER_DEGREE = 111_320.0


class BoundaryError(CatalogError):
    """The boundary file is missing or wrong; one line per problem, naming file, path and
    value."""


@dataclass(frozen=True, slots=True)
class Shape:
    """One desa's boundary: a ring of (lat, lon) points."""

    code: str
    ring: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        """Whether (lat, lon) is inside the ring (even-odd rule)."""
        inside = False
        points = self.ring
        for (lat1, lon1), (lat2, lon2) in zip(points, points[1:] + points[:1], strict=True):
            if (lon1 > lon) != (lon2 > lon):
                crossing = lat1 + (lon - lon1) * (lat2 - lat1) / (lon2 - lon1)
                if lat < crossing:
                    inside = not inside
        return inside

    def metres_to(self, lat: float, lon: float) -> float:
        """How far (lat, lon) is from the ring's nearest edge, in metres (flat-earth, which
        is exact enough across one city)."""
        scale = math.cos(math.radians(lat))

        def xy(p: tuple[float, float]) -> tuple[float, float]:
            return ((p[1] - lon) * scale * _METRES_PER_DEGREE, (p[0] - lat) * _METRES_PER_DEGREE)

        best = math.inf
        points = [xy(p) for p in self.ring]
        for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
            dx, dy = x2 - x1, y2 - y1
            length = dx * dx + dy * dy
            t = 0.0 if length == 0 else max(0.0, min(1.0, -(x1 * dx + y1 * dy) / length))
            best = min(best, math.hypot(x1 + t * dx, y1 + t * dy))
        return best


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Every desa's boundary."""

    shapes: tuple[Shape, ...]

    def locate(self, lat: float, lon: float) -> str | None:
        """The code of the desa (lat, lon) is in, or nearest to within `NEAR_METRES`; None when
        the point is outside the city."""
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        for shape in self.shapes:
            if shape.contains(lat, lon):
                return shape.code
        distance, code = min((s.metres_to(lat, lon), s.code) for s in self.shapes)
        return code if distance <= NEAR_METRES else None


def load_boundaries(config_dir: Path, catalog: Catalog) -> Boundaries:
    """Read and check `config/desa_boundaries.json`: every desa of the catalog has one
    boundary, of at least three points with plausible coordinates."""
    path = config_dir / FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BoundaryError([f"{path}: cannot be read as JSON: {exc}"]) from None
    items = document.get("desa") if isinstance(document, dict) else None
    if not isinstance(items, list):
        raise BoundaryError([f"{path}: desa: expected a list"])
    shapes, errors = [], []
    for index, item in enumerate(items):
        where = f"{path}: desa[{index}]"
        code = item.get("code") if isinstance(item, dict) else None
        area = catalog.areas.get(str(code))
        if area is None or area.level == "kecamatan":
            errors.append(f"{where}.code: {code!r} is not a desa or kelurahan of areas.yaml")
            continue
        try:
            ring = tuple((float(lat), float(lon)) for lat, lon in item["boundary"])
        except (KeyError, TypeError, ValueError):
            errors.append(f"{where}.boundary: expected a list of [lat, lon] points")
            continue
        if len(ring) < 3 or any(not (-90 <= a <= 90 and -180 <= b <= 180) for a, b in ring):
            errors.append(f"{where}.boundary: needs three or more [lat, lon] points in range")
            continue
        shapes.append(Shape(area.code, ring))
    known = {s.code for s in shapes}
    errors += [f"{path}: desa: no boundary for {a.code} ({a.name})"
               for a in catalog.areas.values() if a.level != "kecamatan" and a.code not in known]
    if errors:
        raise BoundaryError(errors)
    return Boundaries(tuple(shapes))
