"""Market prices for farmers: HARGA <komoditas> [<tawaran>] by SMS, and the hotline's price menu.

The latest price of the commodity (at the default market when it has one, else any), its date,
the change against a week before, "old" when it is more than three days old; with an offer, one
short text saying whether the offer is low, fair or good.
"""

from __future__ import annotations

from datetime import date, timedelta

from farming.catalog import FarmingCatalog
from farming.names import find_commodity
from farming.prices import Quote, compare_offer, quote, read_offer, rupiah, short_date
from farming.replies import farm_reply
from gateway.store import farm_reference
from gateway.store.database import Connection

LOOK_BACK = timedelta(days=45)


def latest(connection: Connection, farming: FarmingCatalog, commodity: str,
           today: date) -> Quote | None:
    """The quote of `commodity`: at the default market if it has a price there, else any."""
    points = farm_reference.price_points(connection, commodity, today - LOOK_BACK)
    return (quote(points, commodity, today, farming.default_market.code)
            or quote(points, commodity, today))


def _change(found: Quote, language: str, today: date) -> str:
    change = found.change
    text = "" if change is None else farm_reply(
        "price_same" if change == 0 else "price_up" if change > 0 else "price_down",
        language, amount=rupiah(abs(change)))
    if found.stale:
        text += farm_reply("price_old", language, days=str((today - found.latest.day).days))
    return text


def price_text(connection: Connection, farming: FarmingCatalog, argument: str, language: str,
               today: date) -> str:
    """The reply to HARGA <argument>."""
    code = find_commodity(farming, argument)
    if code is None:
        return farm_reply("unknown_commodity", language)
    commodity = farming.commodities[code]
    found = latest(connection, farming, code, today)
    if found is None:
        return farm_reply("no_price", language, commodity=commodity.name(language))
    market = farming.markets.get(found.latest.market)
    values = {"commodity": commodity.name(language), "date": short_date(found.latest.day),
              "market": market.name if market else found.latest.market,
              "price": rupiah(found.latest.price), "unit": found.latest.unit}
    offered = read_offer(argument)
    if offered is None:
        return farm_reply("price", language, change=_change(found, language, today), **values)
    offer = compare_offer(found, offered)
    return farm_reply(f"offer_{offer.verdict}", language, offer=rupiah(offered),
                      percent=str(abs(offer.percent)), **values)
