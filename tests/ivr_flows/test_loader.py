"""Flow files: every shipped flow loads; broken examples give their exact errors."""

from pathlib import Path

import pytest

from gateway.voice.flows import FLOWS_DIR, flow_references
from ivr_flows.errors import FlowLoadError
from ivr_flows.loader import MAX_BYTES, load_flow
from ivr_flows.nodes import HangupNode, MenuNode

DATA = Path(__file__).resolve().parents[1] / "data" / "flows"
BROKEN = sorted((DATA / "broken").glob("*.yaml"))


@pytest.fixture(scope="module")
def refs(catalog):
    return flow_references(catalog)


@pytest.mark.parametrize("path", sorted(FLOWS_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_flow_loads(path, refs):
    flow = load_flow(path.read_text(), path.name, refs)
    assert flow.languages == ("id", "jv", "en")
    assert any(isinstance(n, HangupNode) for n in flow.nodes.values())


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_flow_reports_exact_errors(path, refs):
    with pytest.raises(FlowLoadError) as caught:
        load_flow(path.read_text(), path.name, refs)
    assert list(caught.value.errors) == path.with_suffix(".txt").read_text().splitlines()


def test_every_broken_example_has_its_expected_errors():
    assert BROKEN and all(p.with_suffix(".txt").is_file() for p in BROKEN)


def test_oversized_file_is_refused_before_parsing(refs):
    with pytest.raises(FlowLoadError, match="larger than 256 kB"):
        load_flow("#" * (MAX_BYTES + 1), "big.yaml", refs)


def test_wrong_spec_version(refs):
    with pytest.raises(FlowLoadError, match=r"x.yaml: spec_version 2: expected 1"):
        load_flow("spec_version: 2\n", "x.yaml", refs)


def test_hotline_category_menus_offer_at_most_five_choices(flows):
    hotline = flows["hotline"]
    for node_id in ("pick_category", "pick_category_more"):
        node = hotline.nodes[node_id]
        assert isinstance(node, MenuNode) and len(node.options) <= 5


def test_hotline_offers_every_desa_of_kota_batu(flows, catalog):
    hotline = flows["hotline"]
    offered = {
        option.set["area"] for node in hotline.nodes.values() if isinstance(node, MenuNode)
        for option in node.options if "area" in option.set
    }
    desa = {code for code, area in catalog.areas.items() if area.level != "kecamatan"}
    assert offered == desa and len(desa) == 24
