"""The verdict that opens every result: tables per calculator and language, the null, neutral and never cases included."""

from __future__ import annotations

import html
import re

import pytest

from calculators import CALCULATORS, LANGUAGES, run
from calculators.render import render_results, render_verdict

NBSP = "\u00a0"
NEUTRAL: dict[str, str] = {}
LEANING = {"expertise": "2", "control": "4", "budget": "1"}
NEVER = {"agency_monthly": "0", "hourly_cost": "0", "onboarding_one_off": "0"}
ZEROS = {"fte": "0", "tools_monthly": "0", "training_yearly": "0", "recruitment_one_off": "0", **NEVER}
NO_COSTS = dict.fromkeys(("staff_cost", "tools_cost", "agency_fee", "ad_spend", "other_cost"), "0")

CASES = [
    # decision-score: neutral ratings, a lean with its pulls and flip, a strong lean with no flip,
    # ratings that count for nothing, and factors that cancel out.
    (
        "decision-score",
        "en",
        NEUTRAL,
        "Every factor is rated neutral (3), so nothing pulls either way: the score is 0.00 and the recommendation is a hybrid of both. Rate the factors to see where they lead.",
    ),
    (
        "decision-score",
        "en",
        LEANING,
        "The score leans slightly towards outsourcing, -0.18 on a scale from −1 to +1: the recommendation is a hybrid of both. Pulling most towards in-house: Need for control; towards outsourcing: Budget for a team and In-house expertise. Rating “In-house expertise” 1 instead of 2 would change the recommendation to outsourcing.",
    ),
    (
        "decision-score",
        "en",
        {"expertise": "5", "control": "5", "budget": "5", "regulation": "5", "staff_time": "5", "horizon": "5"},
        "The score leans strongly towards an in-house team, 0.88 on a scale from −1 to +1: the recommendation is an in-house team. Pulling towards in-house: In-house expertise and Need for control; nothing pulls towards outsourcing. No single change of one rating would change the recommendation.",
    ),
    (
        "decision-score",
        "en",
        {"expertise": "5", "weight_expertise": "0"},
        "The factors rated away from neutral all have a weight of 0, so the score is 0.00 and the recommendation is a hybrid of both.",
    ),
    (
        "decision-score",
        "en",
        {"expertise": "4", "workload_variability": "4", "weight_workload_variability": "3"},
        "The factors balance out: the score is 0.00 on a scale from −1 to +1, and the recommendation is a hybrid of both. Pulling most towards in-house: In-house expertise; towards outsourcing: Workload variability. Rating “In-house expertise” 1 instead of 4 would change the recommendation to outsourcing.",
    ),
    (
        "decision-score",
        "da",
        NEUTRAL,
        "Alle faktorer er vurderet neutralt (3), så intet trækker i nogen retning: scoren er 0,00, og anbefalingen er en hybrid af begge. Vurdér faktorerne for at se, hvor de fører hen.",
    ),
    (
        "decision-score",
        "sv",
        LEANING,
        "Poängen lutar svagt mot att lägga ut, −0,18 på en skala från −1 till +1: rekommendationen är en hybrid av båda. Drar mest mot internt: Behov av kontroll; mot att lägga ut: Budget för ett team och Intern kompetens. Om ”Intern kompetens” bedöms 1 i stället för 2 blir rekommendationen att lägga ut.",
    ),
    (
        "decision-score",
        "is",
        NEUTRAL,
        "Allir þættir eru metnir hlutlausir (3), svo ekkert togar í neina átt: skorið er 0,00 og ráðleggingin er blönduð leið. Metið þættina til að sjá hvert þeir leiða.",
    ),
    # cost-comparison: the default (in-house cheaper, break-even month 3), never, equal from the start.
    (
        "cost-comparison",
        "en",
        {},
        "Over 24 months the in-house team is cheaper by €23,540.00 (€185,560.00 in-house against €209,100.00 for the agency). Each month the in-house team costs €7,506.67 and the agency €8,600.00, a difference of €1,093.33 a month. The in-house team breaks even in month 3: from then on it has cost no more than the agency.",
    ),
    (
        "cost-comparison",
        "en",
        NEVER,
        "Over 24 months the agency is cheaper by €185,560.00 (€185,560.00 in-house against €0.00 for the agency). Each month the in-house team costs €7,506.67 and the agency €0.00, a difference of €7,506.67 a month. The in-house team does not break even within the 24 months.",
    ),
    (
        "cost-comparison",
        "en",
        ZEROS,
        "Over 24 months both options cost the same, €0.00. Each month the in-house team costs €0.00 and the agency €0.00, a difference of €0.00 a month. From the first month the in-house team has cost no more than the agency.",
    ),
    (
        "cost-comparison",
        "da",
        NEVER,
        f"Over 24 måneder er et bureau 1.390.000,00{NBSP}kr. billigere (1.390.000,00{NBSP}kr. internt mod 0,00{NBSP}kr. for bureauet). Hver måned koster det interne team 56.250,00{NBSP}kr. og bureauet 0,00{NBSP}kr., en forskel på 56.250,00{NBSP}kr. om måneden. Det interne team tjener sig ikke hjem inden for de 24 måneder.",
    ),
    (
        "cost-comparison",
        "sv",
        NEVER,
        f"Över 24 månader är byrån 2{NBSP}051{NBSP}800,00{NBSP}kr billigare (2{NBSP}051{NBSP}800,00{NBSP}kr internt mot 0,00{NBSP}kr för byrån). Varje månad kostar det egna teamet 83{NBSP}033,33{NBSP}kr och byrån 0,00{NBSP}kr, en skillnad på 83{NBSP}033,33{NBSP}kr i månaden. Det egna teamet når inte break-even inom de 24 månaderna.",
    ),
    (
        "cost-comparison",
        "is",
        NEVER,
        f"Á 24 mánuðum er stofa 26.802.000{NBSP}kr. ódýrari kostur (26.802.000{NBSP}kr. innanhúss á móti 0{NBSP}kr. hjá stofu). Í hverjum mánuði kostar eigið teymi 1.084.667{NBSP}kr. og stofan 0{NBSP}kr., munur upp á 1.084.667{NBSP}kr. á mánuði. Eigið teymi nær ekki jafnvægi innan 24 mánaða.",
    ),
    # cost-per-conversion: the default, and each undefined output with its reason.
    (
        "cost-per-conversion",
        "en",
        {},
        "Each conversion costs €26.85 (200 conversions for €5,370.00). The ROI is 101.1%: the revenue of €10,800.00 pays back the costs and €5,430.00 more. Breaking even takes 100 conversions, a conversion rate of 1.2%.",
    ),
    (
        "cost-per-conversion",
        "en",
        {"conversion_rate": "0"},
        "With no conversions there is no cost per conversion: the €5,370.00 spent brings no revenue. Breaking even takes 100 conversions, a conversion rate of 1.2%.",
    ),
    (
        "cost-per-conversion",
        "en",
        NO_COSTS,
        "Each conversion costs €0.00 (200 conversions for €0.00). With no costs the ROI is not defined; the revenue is €10,800.00. Breaking even takes 0 conversions, a conversion rate of 0%.",
    ),
    (
        "cost-per-conversion",
        "en",
        {"value_per_conversion": "0"},
        "Each conversion costs €26.85 (200 conversions for €5,370.00). The ROI is -100%: the revenue of €0.00 falls €5,370.00 short of the costs. With a value per conversion of zero, no number of conversions breaks even.",
    ),
    (
        "cost-per-conversion",
        "en",
        {"visitors": "50"},
        "Each conversion costs €4,296.00 (1.2 conversions for €5,370.00). The ROI is -98.7%: the revenue of €67.50 falls €5,302.50 short of the costs. Breaking even takes 100 conversions, a conversion rate of 200%: more conversions than visitors.",
    ),
    (
        "cost-per-conversion",
        "da",
        {"visitors": "0"},
        f"Uden konverteringer er der ingen pris pr. konvertering: de 40.000,00{NBSP}kr., der er brugt, giver ingen omsætning. Break-even kræver 100 konverteringer; uden besøgende når ingen konverteringsrate dertil.",
    ),
    (
        "cost-per-conversion",
        "sv",
        {"conversion_rate": "0"},
        f"Utan konverteringar finns ingen kostnad per konvertering: de 59{NBSP}300,00{NBSP}kr som lagts ger inga intäkter. Break-even kräver 101 konverteringar, en konverteringsgrad på 1,3{NBSP}%.",
    ),
    (
        "cost-per-conversion",
        "is",
        {"visitors": "0"},
        f"Án umbreytinga er enginn kostnaður á umbreytingu: þær 766.000{NBSP}kr. sem varið var skila engum tekjum. Jafnvægi krefst 100 umbreytinga; án gesta nær ekkert umbreytingarhlutfall því.",
    ),
    # nps: the default, a negative and a zero score.
    (
        "nps",
        "en",
        {},
        "Your NPS is 45 from 200 responses: strong, clearly more promoters than detractors. 60% are promoters, 25% passives and 15% detractors.",
    ),
    (
        "nps",
        "en",
        {"promoters": "10", "passives": "5", "detractors": "10"},
        "Your NPS is 0 from 25 responses: promoters and detractors balance out. 40% are promoters, 20% passives and 40% detractors.",
    ),
    (
        "nps",
        "da",
        {"promoters": "10", "passives": "0", "detractors": "30"},
        f"Jeres NPS er -50 ud fra 40 svar: flere vil fraråde jer end anbefale jer. 25{NBSP}% er promotorer, 0{NBSP}% passive og 75{NBSP}% kritikere.",
    ),
    (
        "nps",
        "sv",
        {"promoters": "10", "passives": "0", "detractors": "30"},
        f"Er NPS är −50 av 40 svar: fler skulle avråda från er än rekommendera er. 25{NBSP}% är promotorer, 0{NBSP}% passiva och 75{NBSP}% kritiker.",
    ),
    (
        "nps",
        "is",
        {"promoters": "95", "passives": "5", "detractors": "0"},
        "NPS-skorið ykkar er 95 af 100 svörum: framúrskarandi, mun fleiri mæla með ykkur en vara við ykkur. 95% eru meðmælendur, 5% hlutlausir og 0% gagnrýnendur.",
    ),
]


def verdict(calculator: str, raw: dict[str, str], lang: str) -> str:
    outcome = run(calculator, raw, lang)
    assert outcome.ok, outcome.errors
    return html.unescape(re.sub(r"<[^>]+>", "", render_verdict(outcome, lang)))


@pytest.mark.parametrize(("calculator", "lang", "raw", "expected"), CASES)
def test_verdict_text(calculator: str, lang: str, raw: dict[str, str], expected: str) -> None:
    """The sentences a reader sees first, numbers formatted for the language."""
    assert verdict(calculator, raw, lang) == expected


def test_the_table_covers_every_calculator_and_language() -> None:
    """Each calculator has cases, and each language appears for each calculator."""
    assert {case[0] for case in CASES} == set(CALCULATORS)
    for calculator in CALCULATORS:
        assert {case[1] for case in CASES if case[0] == calculator} == set(LANGUAGES), calculator


@pytest.mark.parametrize("calculator", list(CALCULATORS))
@pytest.mark.parametrize("lang", LANGUAGES)
def test_verdict_opens_the_results(calculator: str, lang: str) -> None:
    """A [data-verdict] paragraph comes first in the results, with no placeholder or key left in it."""
    results = render_results(run(calculator, {}, lang), lang)
    assert results.startswith('<p class="calculator__verdict" data-verdict>')
    text = verdict(calculator, {}, lang)
    assert text
    assert not re.search(r"[{}]|\b[a-z-]+\.[a-z_.-]+\b", text), text
