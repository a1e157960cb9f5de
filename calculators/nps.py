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

from .model import Calculator, FormError, InputKind, InputSpec, OutputKind, Outputs, OutputSpec, Values


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
)
