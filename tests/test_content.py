"""The guide's text: original wording, checkable sources, depth, the same facts in every language.

Read from the Markdown in ``docs/<lang>/`` and the source articles in ``../shared/source-material/``
(skipped where that folder is absent). The rules come from the guide's content issue: no run of
eight words shared with a source article of the same language; every footnote resolves to a Sources
entry with a title, a publisher or author, a year and a URL; pages deep enough (word counts, FAQ
size); the same figures on a page in every language, money allowing for the currency conversion;
every abbreviation used defined for hover; numbers, quotes and percent signs as each language writes
them.
"""

from __future__ import annotations

import functools
import itertools
import re
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from calculators import CALCULATORS, LANGUAGES, run
from calculators.money import DKK_PER_UNIT

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ABBREVIATIONS = ROOT / "includes" / "abbreviations"
SOURCE_MATERIAL = ROOT.parent / "shared" / "source-material"
DEFAULT = "en"
OTHERS = [lang for lang in LANGUAGES if lang != DEFAULT]
#: The pages a marketing manager acts on: at least this many English words each.
DEEP_PAGES = (
    "in-house-or-outsourced",
    "proving-roi",
    "kpis",
    "building-a-team",
    "supporting-your-team",
    "outsourcing-checklist",
)
MIN_WORDS = 1200
MIN_SHARE_OF_ENGLISH = 0.85
MIN_FAQ_QUESTIONS = 20
COPIED_RUN = 8
#: Labels of a Sources entry's fields, per language: (publisher or author, date, supports).
SOURCE_LABELS = {
    "en": (("Publisher", "Author"), "Date", "Supports"),
    "da": (("Udgiver", "Forfatter"), "Dato", "Underbygger"),
    "sv": (("Utgivare", "Författare"), "Datum", "Belägg för"),
    "is": (("Útgefandi", "Höfundur"), "Dagsetning", "Styður"),
}
LANGUAGE_NAMES = {"English": "en", "Danish": "da", "Swedish": "sv", "Icelandic": "is"}
NBSP_SPACES = "\u00a0\u202f"


def pages(lang: str) -> list[str]:
    """The page names of a language (file stems), sorted."""
    return sorted(path.stem for path in (DOCS / lang).glob("*.md"))


def markdown(lang: str, page: str) -> str:
    return (DOCS / lang / f"{page}.md").read_text(encoding="utf-8")


def prose(text: str) -> str:
    """The words a reader reads: no front matter, code, fences, HTML tags, URLs or attribute lists."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^(```|~~~).*?^\1[ \t]*$", "", text, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"^\*\[[^\]]+\]:.*$", "", text, flags=re.M)  # abbreviation definitions
    text = re.sub(r"`[^`\n]*`", "", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"<https?://[^>]+>", "", text)
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"\{[#:.][^}]*\}", "", text)  # attribute lists
    text = re.sub(r"\[\^[^\]]+\]:?", "", text)  # footnote labels
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r'^(\s*)(!!!|\?\?\?\+?)\s+\w+(\s+"[^"]*")?', r"\1", text, flags=re.M)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)


# --- Original wording ----------------------------------------------------------------------


@functools.cache
def source_articles() -> dict[str, list[tuple[str, str]]]:
    """The source articles by language code, read from the table in the folder's README."""
    readme = (SOURCE_MATERIAL / "README.md").read_text(encoding="utf-8")
    by_lang: dict[str, list[tuple[str, str]]] = {}
    for name, language in re.findall(r"^\|\s*(\S+\.txt)\s*\|\s*(\w+)\s*\|", readme, flags=re.M):
        by_lang.setdefault(LANGUAGE_NAMES[language], []).append(
            (name, (SOURCE_MATERIAL / name).read_text(encoding="utf-8"))
        )
    return by_lang


def runs(text: str, size: int = COPIED_RUN) -> set[tuple[str, ...]]:
    tokens = [word.lower() for word in words(text)]
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@pytest.mark.skipif(not SOURCE_MATERIAL.is_dir(), reason="the source material sits beside the repository")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_run_of_eight_words_is_copied_from_a_source_article(lang: str) -> None:
    """Facts carry over from the source articles, sentences do not."""
    copied = []
    for name, article in source_articles().get(lang, []):
        article_runs = runs(article)
        for page in pages(lang):
            shared = runs(prose(markdown(lang, page))) & article_runs
            copied += [f"{lang}/{page}.md ~ {name}: {' '.join(run)}" for run in sorted(shared)[:3]]
    assert not copied, "\n".join(copied)


def test_the_run_check_finds_a_copied_sentence() -> None:
    """The check above is not vacuous: eight words in a row are found, seven are not."""
    article = "one two three four five six seven eight nine"
    assert runs("x one two three four five six seven eight y") & runs(article)
    assert not runs("x one two three four five six seven y") & runs(article)


# --- Sources anyone can check --------------------------------------------------------------


def footnotes(text: str) -> tuple[set[str], dict[str, str]]:
    """The footnote labels referenced in the text, and the definitions by label."""
    definitions = dict(re.findall(r"^\[\^([^\]]+)\]:\s*(.+)$", text, flags=re.M))
    body = re.sub(r"^\[\^([^\]]+)\]:.*$", "", text, flags=re.M)
    return set(re.findall(r"\[\^([^\]]+)\]", body)), definitions


def source_entries(lang: str) -> dict[str, str]:
    """The Sources page's entries by anchor: each ``### Title {#key}`` with the lines below it."""
    text = markdown(lang, "sources")
    entries: dict[str, str] = {}
    for match in re.finditer(r"^###\s+(.+?)\s*\{#([\w-]+)\}\s*$\n(.*?)(?=^#{1,3}\s|\Z)", text, flags=re.M | re.S):
        title, key, body = match.groups()
        assert key not in entries, f"{lang}/sources.md lists {key} twice"
        entries[key] = f"{title}\n{body}"
    return entries


def entry_problems(lang: str, key: str, entry: str) -> list[str]:
    """What a Sources entry lacks: a title, a publisher or author, a year, a well-formed URL, what it supports."""
    names, date, supports = SOURCE_LABELS[lang]
    title = entry.splitlines()[0]
    fields = dict(re.findall(r"^\s*[-*]\s+\*\*(.+?):\*\*\s*(.+)$", entry, flags=re.M))
    problems = []
    if len(words(title)) < 2:
        problems.append("a title")
    if not any(fields.get(name, "").strip() for name in names):
        problems.append(f"a {' or '.join(names)}")
    if not re.search(r"\b(19|20)\d\d\b", fields.get(date, "")):
        problems.append(f"a {date} with a year")
    url = re.fullmatch(r"<(https?://[^\s>]+)>", fields.get("URL", "").strip())
    parts = urllib.parse.urlsplit(url.group(1)) if url else None
    if not (parts and "." in parts.netloc and " " not in parts.netloc):
        problems.append("a URL written as <https://…>")
    if not fields.get(supports, "").strip():
        problems.append(f"what it supports ({supports})")
    return [f"{lang}/sources.md#{key} lacks {problem}" for problem in problems]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_sources_entry_has_title_publisher_year_and_url(lang: str) -> None:
    """A reader can find every reference: title, publisher or author, a year, a URL, and what it supports."""
    entries = source_entries(lang)
    assert len(entries) >= 8, f"{lang}/sources.md has {len(entries)} entries"
    problems = [problem for key, entry in entries.items() for problem in entry_problems(lang, key, entry)]
    assert not problems, "\n".join(problems)
    urls = [re.search(r"<(https?://[^>]+)>", entry) for entry in entries.values()]
    assert len({url.group(1) for url in urls if url}) == len(urls), "a reference is listed twice under two keys"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_footnote_resolves_to_a_sources_entry_of_its_language(lang: str) -> None:
    """Footnotes link to an entry of the same language's Sources page, which has everything to find it."""
    entries = source_entries(lang)
    problems = []
    for page in pages(lang):
        used, definitions = footnotes(markdown(lang, page))
        for label in sorted(used - definitions.keys()):
            problems.append(f"{lang}/{page}.md: [^{label}] has no definition")
        for label, definition in sorted(definitions.items()):
            link = re.search(r"\]\((?:\./)?sources\.md#([\w-]+)\)", definition)
            if not link:
                problems.append(f"{lang}/{page}.md: [^{label}] does not link to sources.md#…")
            elif link.group(1) not in entries:
                problems.append(f"{lang}/{page}.md: [^{label}] links to sources.md#{link.group(1)}, not on the page")
    assert not problems, "\n".join(problems)


def test_entry_check_rejects_an_entry_without_url_or_year() -> None:
    """The Sources check fails an entry that cannot be looked up."""
    entry = "The CMO Survey\n\n- **Publisher:** Duke University\n- **Date:** June\n- **Supports:** a figure\n"
    assert entry_problems("en", "cmo", entry) == [
        "en/sources.md#cmo lacks a Date with a year",
        "en/sources.md#cmo lacks a URL written as <https://…>",
    ]


@pytest.mark.parametrize("lang", OTHERS)
def test_each_page_cites_the_same_references_as_its_english_page(lang: str) -> None:
    """Every language carries the same facts, so the same references on the same page."""
    different = []
    for page in pages(DEFAULT):
        english = set(footnotes(markdown(DEFAULT, page))[1])
        if (DOCS / lang / f"{page}.md").is_file():
            translated = set(footnotes(markdown(lang, page))[1])
            if translated != english:
                different.append(
                    f"{page}: missing {sorted(english - translated)}, extra {sorted(translated - english)}"
                )
    assert not different, "\n".join(different)


# --- Deep enough to act on -----------------------------------------------------------------


def word_count(lang: str, page: str) -> int:
    text = re.sub(r"^\[\^[^\]]+\]:.*$", "", markdown(lang, page), flags=re.M)
    return len(words(prose(text)))


@pytest.mark.parametrize("page", DEEP_PAGES)
def test_english_pages_a_manager_acts_on_are_deep(page: str) -> None:
    assert word_count(DEFAULT, page) >= MIN_WORDS


@pytest.mark.parametrize(("lang", "page"), list(itertools.product(OTHERS, DEEP_PAGES)))
def test_other_languages_are_as_deep_as_english(lang: str, page: str) -> None:
    english = word_count(DEFAULT, page)
    assert word_count(lang, page) >= MIN_SHARE_OF_ENGLISH * english, f"English has {english} words"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_faq_has_twenty_questions_each_a_heading_of_its_own(lang: str) -> None:
    """Each question is a heading (its own anchor, found by search), not hidden in a collapsed block."""
    text = markdown(lang, "faq")
    questions = re.findall(r"^###\s+(.+\?)\s*(?:\{#[\w-]+\})?\s*$", text, flags=re.M)
    assert len(questions) >= MIN_FAQ_QUESTIONS, questions
    assert len(set(questions)) == len(questions)
    assert not re.search(r"^\?\?\?", text, flags=re.M)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_the_same_pages(lang: str) -> None:
    assert pages(lang) == pages(DEFAULT)


CORE_TERMS = ("KPI", "ROI", "NPS", "CVR", "CSAT", "SoV", "RACI", "GDPR")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_explains_the_guides_terms(lang: str) -> None:
    """A Glossary page in every language explains at least the core abbreviations, in prose."""
    text = prose(markdown(lang, "glossary"))
    assert len(words(text)) >= 300
    assert [term for term in CORE_TERMS if not re.search(rf"(?<!\w){term}(?!\w)", text)] == []


# --- Abbreviations on hover ----------------------------------------------------------------

ABBREVIATION = re.compile(r"(?<![\w-])(?:[A-Z][a-z]?[A-Z]+|[A-Z]{2,})(?![\w-])")


def abbreviation_file(lang: str) -> str:
    path = ABBREVIATIONS / f"{lang}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_abbreviation_used_is_defined_in_its_language(lang: str) -> None:
    """Python-Markdown's abbr extension explains each one on hover; it needs a definition per language."""
    defined = dict(re.findall(r"^\*\[([^\]]+)\]:\s*(.*)$", abbreviation_file(lang), flags=re.M))
    assert all(meaning.strip() for meaning in defined.values())
    undefined = {
        f"{abbr} ({page})"
        for page in pages(lang)
        for abbr in ABBREVIATION.findall(prose(markdown(lang, page)))
        if abbr not in defined
    }
    assert not undefined, sorted(undefined)


def test_abbreviation_pattern() -> None:
    assert ABBREVIATION.findall("Our KPI, the SoV and GDPR-compliant NPS; not Kpi or I.") == ["KPI", "SoV", "NPS"]


# --- The same figures in every language ----------------------------------------------------

NUMBER = {
    "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?",
    "da": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "sv": r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
    "is": r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
}
MILLION = r"\s?(?:million|mio\.?|millioner|miljoner|milj\.|milljónir|milljónum|millj\.)(?!\w)"
CURRENCY = r"(?:DKK|EUR|SEK|ISK|USD|€|\$|kr\.?|kronor|kroner|krónur|krónum|króna|euro|euros|dollars?)"
#: Numbers up to this are written as words in some languages, or are list positions and ratings.
SMALL = 12
RATES = {a / b for a, b in itertools.permutations(DKK_PER_UNIT.values(), 2)}
TOLERANCE = 0.06


def figures(lang: str, text: str) -> tuple[set[float], set[float]]:
    """The numbers of a text larger than ``SMALL``: plain figures and money amounts, apart."""
    text = prose(re.sub(r"^\[\^[^\]]+\]:.*$", "", text, flags=re.M))
    plain: set[float] = set()
    money: set[float] = set()
    number = NUMBER[lang]
    for match in re.finditer(rf"(?<![\w.,])({number})({MILLION})?", text):
        digits, million = match.groups()
        group, decimal = (",", ".") if lang == "en" else (".", ",")
        if lang == "sv":
            group = "\u00a0\u202f "
        value = float(digits.translate({ord(sign): None for sign in group}).replace(decimal, "."))
        value *= 1_000_000 if million else 1
        if value <= SMALL:
            continue
        before = text[max(match.start() - 6, 0) : match.start()]
        after = re.sub(rf"^[\s\u00a0–-]*(?:{number})?{MILLION}?", "", text[match.end() : match.end() + 40])
        is_money = re.search(rf"{CURRENCY}\s?$", before) or re.match(rf"[\s\u00a0]?{CURRENCY}(?!\w)", after)
        (money if is_money else plain).add(value)
    return plain, money


@functools.cache
def calculator_figures(lang: str) -> frozenset[float]:
    """Every default and result of the calculators in a language: a worked example may quote them."""
    values: set[float] = set()
    for calculator_id in CALCULATORS:
        outcome = run(calculator_id, {}, lang)
        for value in itertools.chain(outcome.values.values(), outcome.outputs.values()):
            for number in value if isinstance(value, list) else [value]:
                if isinstance(number, int | float) and not isinstance(number, bool):
                    values |= {float(number), float(round(number)), round(float(number), 1), round(float(number), 2)}
    return frozenset(values)


def close(a: float, b: float, tolerance: float = 1e-9) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def unmatched(lang: str, mine: tuple[set[float], set[float]], theirs: tuple[set[float], set[float]]) -> list[float]:
    """My figures that the other text lacks: plain ones exactly, money also converted or as a calculator figure."""
    their_all = theirs[0] | theirs[1]
    missing = [value for value in mine[0] if not any(close(value, other) for other in their_all)]
    for value in mine[1]:
        if any(close(value, other) for other in their_all) or value in calculator_figures(lang):
            continue
        if not any(close(value, other * rate, TOLERANCE) for other in theirs[1] for rate in RATES):
            missing.append(value)
    return sorted(missing)


@pytest.mark.parametrize(("lang", "page"), [(lang, page) for lang in OTHERS for page in pages(DEFAULT)])
def test_the_same_figures_on_a_page_in_every_language(lang: str, page: str) -> None:
    """Numbers are compared with the English page; money may differ by the currency conversion."""
    if not (DOCS / lang / f"{page}.md").is_file():
        pytest.skip("the page is missing (another test fails)")
    english = figures(DEFAULT, markdown(DEFAULT, page))
    translated = figures(lang, markdown(lang, page))
    only_english = unmatched(DEFAULT, english, translated)
    only_translated = unmatched(lang, translated, english)
    assert only_english == [], f"only in English (against {lang})"
    assert only_translated == [], f"only in {lang}"
    assert figures("da", "I 2021 32,7 % og 45.000 kr. om måneden, 1,4 mio. kr.") == (
        {2021.0, 32.7},
        {45000.0, 1_400_000.0},
    )
    assert figures("sv", "År 2021 var det 32,7\u00a0% och 45\u00a0000\u00a0kr i månaden.") == (
        {2021.0, 32.7},
        {45000.0},
    )
    assert figures("is", "Árið 2021 voru 32,7% og 900.000 krónur.") == ({2021.0, 32.7}, {900000.0})


def test_money_matches_across_currencies_but_other_figures_do_not() -> None:
    """45,000 DKK is about €6,000; a percentage is never 'converted'."""
    english = ({32.7}, {6000.0})
    assert unmatched("da", ({32.7}, {45000.0}), english) == []
    assert unmatched("da", ({42.0}, set()), english) == [42.0]
    assert unmatched("da", (set(), {99000.0}), english) == [99000.0]


# --- Numbers, quotes and percent signs as each language writes them ------------------------


def prose_of(lang: str) -> Iterator[tuple[str, str]]:
    for page in pages(lang):
        yield page, prose(re.sub(r"^[ \t]*(!!!|\?\?\?).*$", "", markdown(lang, page), flags=re.M))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_never_break_across_lines(lang: str) -> None:
    """Where a language groups digits or sets % apart with a space, it is a no-break space."""
    broken = [
        f"{page}: {match.group(0)!r}"
        for page, text in prose_of(lang)
        for match in re.finditer(r"\d{1,3}(?: \d{3})+(?!\d)|\d %", text)
    ]
    assert not broken, broken


def test_english_percent_has_no_space() -> None:
    spaced = [f"{page}: {m.group(0)!r}" for page, text in prose_of("en") for m in re.finditer(r"\d[\s\u00a0]%", text)]
    assert not spaced, spaced


@pytest.mark.parametrize("lang", OTHERS)
def test_quotation_marks_are_the_languages_own(lang: str) -> None:
    """Danish „…“ or »…«, Swedish ”…”, Icelandic „…“: no straight quotes, no mismatched pairs."""
    wrong = {
        "da": r'"|„[^“\n]*”',
        "sv": r'"|[“„]',
        "is": r'"|„[^“\n]*”',
    }[lang]
    found = [f"{page}: {m.group(0)!r}" for page, text in prose_of(lang) for m in re.finditer(wrong, text)]
    assert not found, found
