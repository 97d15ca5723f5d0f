"""The suggested RAG: forecast outturn against target, by the authority's own rule.

Plain values in, plain values out, so the rule is tested without a database.
"""

from decimal import Decimal

from workstreams.choices import Rag

DEFAULT_GREEN_FROM = Decimal("100")
DEFAULT_AMBER_FROM = Decimal("75")


def suggest_rag(
    *,
    forecast: Decimal | None,
    target: Decimal | None,
    green_from: Decimal = DEFAULT_GREEN_FROM,
    amber_from: Decimal = DEFAULT_AMBER_FROM,
) -> Rag | None:
    """Green at `green_from`% of target or more, amber from `amber_from`%, red below.

    No suggestion without a target or a forecast: many workstreams carry no money
    (seed 000 has five) and their lead rates them by judgement.
    """
    if target is None or forecast is None:
        return None
    if target <= 0:
        return Rag.GREEN  # nothing to save this year, so nothing undelivered
    percent = forecast * 100 / target
    if percent >= green_from:
        return Rag.GREEN
    if percent >= amber_from:
        return Rag.AMBER
    return Rag.RED
