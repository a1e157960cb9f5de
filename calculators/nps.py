"""Net Promoter Score from the counts of promoters (9–10), passives (7–8) and detractors (0–6).

    responses = promoters + passives + detractors        (0 is a form-level error)
    nps = (promoters − detractors) / responses · 100      (−100 … +100)
    <group>_percent = <group> / responses · 100

>>> r = compute(NpsInputs(promoters=60, passives=25, detractors=15))
>>> r.responses, r.nps, r.promoters_percent
(100, 45.0, 60.0)
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import (
    Amount,
    Calculator,
    Chart,
    FormError,
    InputKind,
    InputSpec,
    OutputKind,
    Outputs,
    OutputSpec,
    Quantity,
    Sentence,
    StackedBars,
    Term,
    Values,
)


@dataclass(frozen=True)
class NpsInputs:
    """Survey answer counts."""

    promoters: int
    passives: int
    detractors: int


@dataclass(frozen=True)
class NpsResult:
    """The score and the share of each group."""

    responses: int
    nps: float
    promoters_percent: float
    passives_percent: float
    detractors_percent: float


def compute(inputs: NpsInputs) -> NpsResult:
    """Apply the formulas in the module docstring.

    Raises:
        FormError: ``no_responses`` when all three counts are 0.

    >>> compute(NpsInputs(0, 0, 0))
    Traceback (most recent call last):
    ...
    calculators.model.FormError: no_responses
    """
    responses = inputs.promoters + inputs.passives + inputs.detractors
    if responses == 0:
        raise FormError("no_responses")
    return NpsResult(
        responses=responses,
        nps=(inputs.promoters - inputs.detractors) / responses * 100,
        promoters_percent=inputs.promoters / responses * 100,
        passives_percent=inputs.passives / responses * 100,
        detractors_percent=inputs.detractors / responses * 100,
    )


def _compute(values: Values) -> Outputs:
    result = compute(NpsInputs(values["promoters"], values["passives"], values["detractors"]))
    return dict(vars(result))


#: Readings of a score, from the lowest score each applies to (common bands of NPS practice).
READINGS: tuple[tuple[float, str], ...] = ((70, "exceptional"), (30, "strong"), (0.0000001, "positive"), (0, "zero"))


def _reading(nps: float) -> str:
    """How to read a score.

    >>> _reading(45.0), _reading(0.0), _reading(-10.0)
    ('strong', 'zero', 'negative')
    """
    return next((name for low, name in READINGS if nps >= low), "negative")


def _shares(out: Outputs) -> dict[str, Amount]:
    return {
        group: Amount(out[f"{group}_percent"], OutputKind.PERCENT) for group in ("promoters", "passives", "detractors")
    }


def verdict(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """The score, how to read it, and the share of each group."""
    return (
        Sentence(
            "nps.verdict.score",
            {
                "nps": Amount(out["nps"], OutputKind.NUMBER),
                "responses": Amount(out["responses"], OutputKind.INTEGER),
                "reading": Term(f"nps.reading.{_reading(round(out['nps'], 9))}"),
            },
        ),
        Sentence("nps.verdict.shares", _shares(out)),
    )


def formula(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """The module's formulas with the current numbers."""
    counts = {group: Amount(values[group], OutputKind.INTEGER) for group in ("promoters", "passives", "detractors")}
    responses = Amount(out["responses"], OutputKind.INTEGER)
    return (
        Sentence("nps.formula.responses", {**counts, "responses": responses}),
        Sentence("nps.formula.score", {**counts, "responses": responses, "nps": Amount(out["nps"], OutputKind.NUMBER)}),
    )


def chart_message(values: Values, out: Outputs) -> Sentence:
    """What the stacked bar shows."""
    return Sentence(
        "nps.chart.message",
        {
            **_shares(out),
            "responses": Amount(out["responses"], OutputKind.INTEGER),
            "nps": Amount(out["nps"], OutputKind.NUMBER),
        },
    )


CALCULATOR = Calculator(
    id="nps",
    inputs=(
        InputSpec("promoters", InputKind.INTEGER, default=120),
        InputSpec("passives", InputKind.INTEGER, default=50),
        InputSpec("detractors", InputKind.INTEGER, default=30),
    ),
    outputs=(
        OutputSpec("nps", OutputKind.NUMBER),
        OutputSpec("responses", OutputKind.INTEGER),
        OutputSpec("promoters_percent", OutputKind.PERCENT),
        OutputSpec("passives_percent", OutputKind.PERCENT),
        OutputSpec("detractors_percent", OutputKind.PERCENT),
    ),
    compute=_compute,
    verdict=verdict,
    formula=formula,
    charts=(
        Chart(
            name="groups",
            kind=StackedBars(
                rows=(
                    (
                        "nps.chart.row",
                        tuple(
                            Quantity(f"{group}_percent", f"nps.{group}.label", role=group)
                            for group in ("promoters", "passives", "detractors")
                        ),
                    ),
                ),
                kind=OutputKind.PERCENT,
            ),
            title_key="nps.chart.title",
            message=chart_message,
        ),
    ),
)
