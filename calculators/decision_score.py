"""In-house, outsourced or hybrid: a transparent weighted score.

Each factor is rated 1–5 (3 is neutral) and weighted 0–5. A factor's direction d
is +1 when a high rating favours an in-house team and −1 when it favours outsourcing.

    contribution_i = w_i · d_i · (r_i − 3) / (2 · Σw)
    score = Σ contribution_i                      (−1 … +1)

The recommendation is "in-house" when score ≥ 0.2, "outsourced" when score ≤ −0.2
and "hybrid" in between (compared after rounding the score to 12 decimals).
The flip is the single rating change that changes the recommendation with the
smallest step; ties go to the larger weight, then the factor order, then the lower rating.

>>> result = compute(DecisionInputs(ratings=(5, 3, 3, 3, 3, 3, 3), weights=(3, 3, 2, 2, 3, 2, 2)))
>>> round(result.score, 4), result.recommendation.value, result.flip_factor, result.flip_rating
(0.1765, 'hybrid', 'control', 4)
"""

from __future__ import annotations

import enum
import math
from dataclasses import dataclass

from .model import (
    Amount,
    Calculator,
    Chart,
    DivergingBars,
    FormError,
    InputKind,
    InputSpec,
    Join,
    OutputKind,
    Outputs,
    OutputSpec,
    Param,
    Quantity,
    Sentence,
    Term,
    Values,
)

#: Factors in order: name, direction, default weight.
FACTORS: tuple[tuple[str, int, float], ...] = (
    ("expertise", +1, 3),
    ("control", +1, 3),
    ("regulation", +1, 2),
    ("horizon", +1, 2),
    ("budget", +1, 3),
    ("workload_variability", -1, 2),
    ("staff_time", +1, 2),
)
THRESHOLD = 0.2


class Recommendation(enum.Enum):
    """What the score recommends."""

    IN_HOUSE = "in-house"
    OUTSOURCED = "outsourced"
    HYBRID = "hybrid"


@dataclass(frozen=True)
class DecisionInputs:
    """Ratings (1–5) and weights (0–5), one of each per factor in :data:`FACTORS` order."""

    ratings: tuple[int, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class DecisionResult:
    """The score, its recommendation, each factor's contribution and the nearest flip."""

    score: float
    recommendation: Recommendation
    contributions: tuple[float, ...]
    flip_factor: str | None
    flip_rating: int | None


def _contributions(ratings: tuple[int, ...], weights: tuple[float, ...], total: float) -> list[float]:
    return [w * d * (r - 3) / (2 * total) for (_, d, _), r, w in zip(FACTORS, ratings, weights, strict=True)]


def _recommend(score: float) -> Recommendation:
    rounded = round(score, 12)
    if rounded >= THRESHOLD:
        return Recommendation.IN_HOUSE
    if rounded <= -THRESHOLD:
        return Recommendation.OUTSOURCED
    return Recommendation.HYBRID


def compute(inputs: DecisionInputs) -> DecisionResult:
    """Score the factors and find the smallest single change that flips the recommendation.

    Raises:
        FormError: ``no_weights`` when every weight is 0.

    >>> compute(DecisionInputs(ratings=(3,) * 7, weights=(0,) * 7))
    Traceback (most recent call last):
    ...
    calculators.model.FormError: no_weights
    """
    total = math.fsum(inputs.weights)
    if total == 0:
        raise FormError("no_weights")
    contributions = _contributions(inputs.ratings, inputs.weights, total)
    score = math.fsum(contributions)
    recommendation = _recommend(score)

    best: tuple[int, float, int, int] | None = None
    for index, (rating, weight) in enumerate(zip(inputs.ratings, inputs.weights, strict=True)):
        for candidate in range(1, 6):
            if candidate == rating:
                continue
            changed = list(inputs.ratings)
            changed[index] = candidate
            new_score = math.fsum(_contributions(tuple(changed), inputs.weights, total))
            if _recommend(new_score) is recommendation:
                continue
            key = (abs(candidate - rating), -weight, index, candidate)
            if best is None or key < best:
                best = key
    flip_factor = FACTORS[best[2]][0] if best else None
    flip_rating = best[3] if best else None
    return DecisionResult(score, recommendation, tuple(contributions), flip_factor, flip_rating)


def _compute(values: Values) -> Outputs:
    result = compute(
        DecisionInputs(
            ratings=tuple(values[name] for name, _, _ in FACTORS),
            weights=tuple(values[f"weight_{name}"] for name, _, _ in FACTORS),
        )
    )
    outputs: Outputs = {"score": result.score, "recommendation": result.recommendation.value}
    for (name, _, _), contribution in zip(FACTORS, result.contributions, strict=True):
        outputs[f"contribution_{name}"] = contribution
    outputs["flip_factor"] = result.flip_factor
    outputs["flip_rating"] = result.flip_rating
    return outputs


def _strength(score: float) -> str:
    """How strongly a score leans.

    >>> _strength(0.1), _strength(-0.3), _strength(0.75)
    ('slightly', 'clearly', 'strongly')
    """
    size = abs(score)
    return "slightly" if size < THRESHOLD else "clearly" if size < 0.5 else "strongly"


def _factors(names: list[str]) -> Join:
    return Join(tuple(Term(f"decision-score.{name}.label") for name in names))


def verdict(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """Direction and strength, the recommendation, the factors that pull most each way, what would flip it."""
    score = out["score"]
    recommendation = Term(f"decision-score.recommendation_text.{out['recommendation']}")
    contributions = [(name, out[f"contribution_{name}"]) for name, _, _ in FACTORS]
    params: dict[str, Param] = {"score": Amount(score, OutputKind.SCORE), "recommendation": recommendation}
    if all(value == 0 for _, value in contributions):
        neutral = all(values[name] == 3 for name, _, _ in FACTORS)
        return (Sentence(f"decision-score.verdict.{'neutral' if neutral else 'unweighted'}", params),)
    rounded = round(score, 12)
    if rounded == 0:
        first = Sentence("decision-score.verdict.balanced", params)
    else:
        side = "in-house" if rounded > 0 else "outsourced"
        first = Sentence(
            "decision-score.verdict.leans", {**params, "lean": Term(f"decision-score.lean.{_strength(score)}.{side}")}
        )
    towards_inhouse = [name for name, value in sorted(contributions, key=lambda c: -c[1]) if value > 0][:2]
    towards_outsourced = [name for name, value in sorted(contributions, key=lambda c: c[1]) if value < 0][:2]
    pulls = {"inhouse": _factors(towards_inhouse), "outsourced": _factors(towards_outsourced)}
    if towards_inhouse and towards_outsourced:
        second = Sentence("decision-score.verdict.pulls_both", pulls)
    elif towards_inhouse:
        second = Sentence("decision-score.verdict.pulls_inhouse", pulls)
    else:
        second = Sentence("decision-score.verdict.pulls_outsourced", pulls)
    factor, rating = out["flip_factor"], out["flip_rating"]
    if factor is None or rating is None:
        return (first, second, Sentence("decision-score.verdict.no_flip"))
    ratings = tuple(rating if name == factor else values[name] for name, _, _ in FACTORS)
    weights = tuple(values[f"weight_{name}"] for name, _, _ in FACTORS)
    target = compute(DecisionInputs(ratings, weights)).recommendation.value
    flip = Sentence(
        "decision-score.verdict.flip",
        {
            "factor": Term(f"decision-score.{factor}.label"),
            "rating": Amount(rating, OutputKind.INTEGER),
            "current": Amount(values[factor], OutputKind.INTEGER),
            "target": Term(f"decision-score.recommendation_text.{target}"),
        },
    )
    return (first, second, flip)


def formula(values: Values, out: Outputs) -> tuple[Sentence, ...]:
    """Each contribution with its rating and weight, then the score and its thresholds."""
    total = Amount(math.fsum(values[f"weight_{name}"] for name, _, _ in FACTORS), OutputKind.NUMBER)
    steps = tuple(
        Sentence(
            f"decision-score.formula.{'up' if direction > 0 else 'down'}",
            {
                "factor": Term(f"decision-score.{name}.label"),
                "weight": Amount(values[f"weight_{name}"], OutputKind.NUMBER),
                "rating": Amount(values[name], OutputKind.INTEGER),
                "total": total,
                "contribution": Amount(out[f"contribution_{name}"], OutputKind.SCORE),
            },
        )
        for name, direction, _ in FACTORS
    )
    score = Sentence(
        "decision-score.formula.score",
        {
            "score": Amount(out["score"], OutputKind.SCORE),
            "plus": Amount(THRESHOLD, OutputKind.SCORE),
            "minus": Amount(-THRESHOLD, OutputKind.SCORE),
        },
    )
    return (*steps, score)


def chart_message(values: Values, out: Outputs) -> Sentence:
    """What the diverging bars show."""
    return Sentence(
        "decision-score.chart.message",
        {"score": Amount(out["score"], OutputKind.SCORE), "threshold": Amount(THRESHOLD, OutputKind.SCORE)},
    )


CALCULATOR = Calculator(
    id="decision-score",
    inputs=tuple(InputSpec(name, InputKind.RATING, default=3, minimum=1, maximum=5) for name, _, _ in FACTORS)
    + tuple(
        InputSpec(
            f"weight_{name}",
            InputKind.NUMBER,
            default=weight,
            minimum=0,
            maximum=5,
            key="decision-score.weight",
            label_params=(("factor", f"decision-score.{name}.label"),),
        )
        for name, _, weight in FACTORS
    ),
    outputs=(
        OutputSpec("score", OutputKind.SCORE),
        OutputSpec("recommendation", OutputKind.CHOICE, choices="choice.recommendation.{}"),
        *(
            OutputSpec(
                f"contribution_{name}",
                OutputKind.SCORE,
                key="decision-score.contribution",
                label_params=(("factor", f"decision-score.{name}.label"),),
            )
            for name, _, _ in FACTORS
        ),
        OutputSpec("flip_factor", OutputKind.CHOICE, choices="decision-score.{}.label"),
        OutputSpec("flip_rating", OutputKind.INTEGER),
    ),
    compute=_compute,
    verdict=verdict,
    formula=formula,
    charts=(
        Chart(
            name="contributions",
            kind=DivergingBars(
                bars=tuple(Quantity(f"contribution_{name}", f"decision-score.{name}.label") for name, _, _ in FACTORS),
                thresholds=(-THRESHOLD, THRESHOLD),
                negative_key="decision-score.chart.outsourced",
                positive_key="decision-score.chart.in-house",
                total=Quantity("score", "decision-score.score.label"),
            ),
            title_key="decision-score.chart.title",
            message=chart_message,
        ),
    ),
)
