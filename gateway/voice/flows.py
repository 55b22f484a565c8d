"""Reading the IVR flow files (`ivr_flows/flows/*.yaml`) and checking them against config.

All files are checked and every problem of every file is reported at once; the app does not
start with an invalid flow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from farming.catalog import FarmingCatalog
from gateway.reports.tickets import is_valid_ticket
from gateway.settings import PROJECT_ROOT
from gateway.store.farming_reference import load_farming
from ivr_flows.errors import FlowLoadError
from ivr_flows.flow import Flow
from ivr_flows.loader import References, load_flow
from routing.catalog import Catalog

FLOWS_DIR = Path(__file__).resolve().parent.parent.parent / "ivr_flows" / "flows"

REQUIRED = ("hotline",)
CONFIG_DIR = PROJECT_ROOT / "config"


def flow_references(catalog: Catalog, farming: FarmingCatalog | None = None) -> References:
    """What flows may name: the city's categories, areas and agencies, the farmers' line's
    commodities and topics (`farming`, read from `config/` when not given), and the input
    checks (a ticket's check digit; keys that each name one of the hotline's commodities)."""
    names: dict[str, dict[str, str]] = {}
    checks: dict[str, Callable[[str], bool]] = {"ticket": is_valid_ticket}
    farming = farming or load_farming(CONFIG_DIR, catalog)
    if farming is not None:
        names |= {f"commodity:{c.code}": dict(c.names) for c in farming.commodities.values()}
        names |= {f"topic:{t.code}": dict(t.names) for t in farming.topics.values()}
        count = len(farming.hotline_commodities)
        checks["commodity_keys"] = lambda keys: all("1" <= k <= str(count) for k in keys)
    return References(
        categories={code: dict(c.names) for code, c in catalog.categories.items()},
        areas={code: a.name for code, a in catalog.areas.items()},
        agencies={code: a.spoken_name for code, a in catalog.agencies.items()},
        checks=checks, names=names,
    )


def load_flows(
    catalog: Catalog, paths: Iterable[Path] | None = None, speech: bool = True,
    farming: FarmingCatalog | None = None,
) -> dict[str, Flow]:
    """Load and check flow files (default: every file in `ivr_flows/flows/`) against the city's
    reference data (`farming`: the farmers' line's, read from `config/` when not given)."""
    refs = flow_references(catalog, farming)
    flows: dict[str, Flow] = {}
    errors: list[str] = []
    for path in sorted(paths if paths is not None else FLOWS_DIR.glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
            flow = load_flow(text, str(path), refs, speech=speech)
        except FlowLoadError as exc:
            errors.extend(exc.errors)
            continue
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{path}: cannot read: {exc}")
            continue
        if flow.id in flows:
            errors.append(f"{path}: id {flow.id!r}: another flow file has this id")
        flows[flow.id] = flow
    if paths is None:
        errors += [f"{FLOWS_DIR}: no flow with id {name!r}" for name in REQUIRED
                   if name not in flows and not errors]
    if errors:
        raise FlowLoadError(errors)
    return flows
