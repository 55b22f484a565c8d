from routing.decision import route_by_category


def test_category_goes_to_its_default_agency(catalog):
    decision = route_by_category(catalog, "jalan")
    assert decision.agency == "PUPR"
    assert decision.confidence == 1.0 and decision.rule == "category:jalan"
    assert "DPUPR" in decision.explanation


def test_category_without_agency_goes_to_triage(catalog):
    decision = route_by_category(catalog, "lainnya")
    assert decision.agency is None and "triase" in decision.explanation


def test_unknown_category_goes_to_triage(catalog):
    assert route_by_category(catalog, "nonsense").agency is None
    assert route_by_category(catalog, None).rule == "no-category"


def test_external_agency_is_marked(catalog):
    decision = route_by_category(catalog, "listrik")
    assert decision.agency == "PLN" and decision.external is True
