"""NPS: score and shares, and the empty survey."""

import pytest

from calculators import run


@pytest.mark.parametrize(
    ("promoters", "passives", "detractors", "nps"),
    [(60, 25, 15, 45), (0, 0, 10, -100), (10, 0, 0, 100), (1, 1, 1, 0), (2, 1, 0, 200 / 3)],
)
def test_score(promoters: int, passives: int, detractors: int, nps: float) -> None:
    """NPS = (promoters − detractors) / responses · 100."""
    outcome = run("nps", {"promoters": str(promoters), "passives": str(passives), "detractors": str(detractors)})
    assert outcome.outputs["nps"] == pytest.approx(nps)
    assert outcome.outputs["responses"] == promoters + passives + detractors


def test_shares_add_up_to_100() -> None:
    """The three shares are percentages of all responses."""
    out = run("nps", {"promoters": "3", "passives": "3", "detractors": "2"}).outputs
    assert (out["promoters_percent"], out["passives_percent"], out["detractors_percent"]) == (37.5, 37.5, 25)


def test_no_responses_is_a_form_error() -> None:
    """An empty survey has no score."""
    outcome = run("nps", {"promoters": "0", "passives": "0", "detractors": "0"}, "sv")
    assert not outcome.ok
    assert set(outcome.errors) == {"_form"}
