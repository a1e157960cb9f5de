"""Decision score: formula, thresholds and the flip rule, computed by hand."""

import pytest

from calculators import run
from calculators.decision_score import DecisionInputs, compute

DEFAULT_WEIGHTS = (3, 3, 2, 2, 3, 2, 2)  # sum 17


def ratings(**changes: int) -> dict[str, str]:
    return {name: str(value) for name, value in changes.items()}


@pytest.mark.parametrize(
    ("raw", "score", "recommendation"),
    [
        ({}, 0.0, "hybrid"),
        (ratings(expertise=5), 3 * 2 / 34, "hybrid"),
        (ratings(expertise=5, control=4), (6 + 3) / 34, "in-house"),
        (ratings(workload_variability=5, budget=1), (-2 * 2 - 3 * 2) / 34, "outsourced"),
        (
            ratings(expertise=5, control=5, regulation=5, horizon=5, budget=5, workload_variability=1, staff_time=5),
            1.0,
            "in-house",
        ),
        (
            ratings(expertise=1, control=1, regulation=1, horizon=1, budget=1, workload_variability=5, staff_time=1),
            -1.0,
            "outsourced",
        ),
    ],
)
def test_score_and_recommendation(raw: dict[str, str], score: float, recommendation: str) -> None:
    """The score is Σ w·d·(r−3)/(2Σw) and the thresholds are ±0.2."""
    outcome = run("decision-score", raw)
    assert outcome.ok
    assert outcome.outputs["score"] == pytest.approx(score)
    assert outcome.outputs["recommendation"] == recommendation


def test_contributions_add_up_and_carry_direction() -> None:
    """Each contribution is reported; workload variability counts against in-house."""
    outcome = run("decision-score", ratings(workload_variability=5, expertise=4))
    out = outcome.outputs
    assert out["contribution_workload_variability"] == pytest.approx(-2 * 2 / 34)
    assert out["contribution_expertise"] == pytest.approx(3 / 34)
    assert out["contribution_control"] == 0
    total = sum(v for k, v in out.items() if k.startswith("contribution_"))
    assert total == pytest.approx(out["score"])


def test_threshold_is_compared_after_rounding() -> None:
    """0.3·2 / (2·1.5) is 0.2 exactly but 0.19999999999999998 in floats: still in-house."""
    zero = {f"weight_{n}": "0" for n in ("regulation", "horizon", "budget", "workload_variability", "staff_time")}
    outcome = run("decision-score", zero | {"weight_expertise": "0.3", "weight_control": "1.2", "expertise": "5"})
    assert outcome.outputs["score"] < 0.2
    assert outcome.outputs["recommendation"] == "in-house"


def test_flip_prefers_smallest_step_then_larger_weight_then_order() -> None:
    """From a hybrid 0.176 (expertise 5), a step of 1 on control or budget (both weight 3) flips it: control comes first."""
    outcome = run("decision-score", ratings(expertise=5))
    assert outcome.outputs["flip_factor"] == "control"
    assert outcome.outputs["flip_rating"] == 4


def test_flip_tie_on_weight_goes_to_larger_weight() -> None:
    """When only the weight differs, the heavier factor wins the tie."""
    raw = ratings(expertise=5) | {"weight_control": "2", "weight_budget": "4"}
    # sum of weights = 3+2+2+2+4+2+2 = 17; expertise gives 6/34 = 0.176; +1 on budget gives +4/34.
    outcome = run("decision-score", raw)
    assert outcome.outputs["flip_factor"] == "budget"
    assert outcome.outputs["flip_rating"] == 4


def test_flip_tie_on_rating_goes_to_the_lower_rating() -> None:
    """Two ratings at the same distance that both flip: the lower one is named."""
    only_expertise = {
        f"weight_{n}": "0" for n in ("control", "regulation", "horizon", "budget", "workload_variability", "staff_time")
    }
    outcome = run("decision-score", only_expertise | {"weight_expertise": "1"})
    # rating 3 → score 0; 2 gives −0.5 (outsourced), 4 gives +0.5 (in-house): both at distance 1.
    assert outcome.outputs["recommendation"] == "hybrid"
    assert (outcome.outputs["flip_factor"], outcome.outputs["flip_rating"]) == ("expertise", 2)


def test_flip_is_null_when_no_single_change_flips() -> None:
    """With every factor at the extreme for in-house and equal weights, no one change reaches hybrid."""
    raw = ratings(expertise=5, control=5, regulation=5, horizon=5, budget=5, workload_variability=1, staff_time=5)
    outcome = run("decision-score", raw)
    assert outcome.outputs["flip_factor"] is None
    assert outcome.outputs["flip_rating"] is None


def test_all_weights_zero_is_a_form_error() -> None:
    """No weight means no decision: a form-level message, no outputs."""
    raw = {
        f"weight_{n}": "0"
        for n in ("expertise", "control", "regulation", "horizon", "budget", "workload_variability", "staff_time")
    }
    outcome = run("decision-score", raw)
    assert not outcome.ok
    assert outcome.errors == {"_form": "Give at least one factor a weight above 0."}


@pytest.mark.parametrize(("text", "key"), [("0", "expertise"), ("6", "control"), ("2.5", "budget")])
def test_rating_must_be_whole_1_to_5(text: str, key: str) -> None:
    """Ratings are whole numbers 1–5."""
    outcome = run("decision-score", {key: text})
    assert "must be a whole number from 1 to 5" in outcome.errors[key]


def test_compute_directly_matches_docstring() -> None:
    """The typed core gives the same as the runner."""
    result = compute(DecisionInputs((5, 3, 3, 3, 3, 3, 3), DEFAULT_WEIGHTS))
    assert result.score == pytest.approx(6 / 34)
    assert result.recommendation.value == "hybrid"
