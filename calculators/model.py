"""The model of a calculator: its input and output specs, its presentation and its errors.

A calculator declares everything about itself here, as data: what it takes, what it gives,
the sentences of its verdict and formula (catalogue keys with typed values) and its charts
(one of the chart kinds below, naming its own outputs). The renderer turns these into markup
without knowing any calculator's outputs by name.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

#: Every input accepts at most this magnitude; larger values are rejected as out of range.
MAX_MAGNITUDE = 10**12


class InputKind(enum.Enum):
    """How an input is typed, parsed and shown."""

    MONEY = "money"
    NUMBER = "number"
    INTEGER = "integer"
    PERCENT = "percent"
    RATING = "rating"
    CURRENCY = "currency"


class OutputKind(enum.Enum):
    """How an output value is formatted."""

    MONEY = "money"
    MONEY_SERIES = "money-series"
    PERCENT = "percent"
    SCORE = "score"
    NUMBER = "number"
    INTEGER = "integer"
    CHOICE = "choice"


class Currency(enum.Enum):
    """Currencies a marketer can pick; the value is the ISO 4217 code."""

    DKK = "DKK"
    SEK = "SEK"
    ISK = "ISK"
    EUR = "EUR"
    USD = "USD"


@dataclass(frozen=True)
class InputSpec:
    """One input of a calculator.

    Attributes:
        name: Stable name, used in URLs, the CLI and the form.
        kind: How the value is typed and parsed.
        default: Default value; money defaults are in DKK and converted per currency.
        minimum: Smallest allowed value (numeric kinds).
        maximum: Largest allowed value (numeric kinds).
        key: Catalogue key of the label and help text; defaults to ``<calculator>.<name>``.
        label_params: Parameters for the label and help templates.
    """

    name: str
    kind: InputKind
    default: float | int | str | None = None
    minimum: float = 0
    maximum: float = MAX_MAGNITUDE
    key: str = ""
    label_params: tuple[tuple[str, str], ...] = ()
    #: Amounts quoted by the help text, in DKK, by placeholder: shown in the selected currency.
    help_amounts: tuple[tuple[str, float], ...] = ()

    @property
    def whole(self) -> bool:
        """True when only whole numbers are allowed."""
        return self.kind in (InputKind.INTEGER, InputKind.RATING)


@dataclass(frozen=True)
class OutputSpec:
    """One output of a calculator; ``key`` works as in :class:`InputSpec`."""

    name: str
    kind: OutputKind
    key: str = ""
    label_params: tuple[tuple[str, str], ...] = ()
    #: For CHOICE outputs: catalogue key template of a choice label, ``{}`` standing for the value.
    choices: str = ""


class FormError(ValueError):
    """A problem with the inputs as a whole, shown at the form level (``_form``).

    Args:
        key: Catalogue key of the message.
    """

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


Values = Mapping[str, Any]
Outputs = dict[str, Any]


@dataclass(frozen=True)
class Amount:
    """A number in a sentence, formatted for the reader as an output of ``kind`` (None: undefined)."""

    value: float | int | None
    kind: OutputKind


@dataclass(frozen=True)
class Term:
    """A catalogue text inside a sentence, such as a factor's label."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True)
class Join:
    """Terms listed in a sentence: ``A``, ``A and B``, ``A, B and C`` in the reader's language."""

    items: tuple[Term, ...]


Param = Union[Amount, Term, Join]  # noqa: UP007 (a runtime alias: Python 3.11 has no ``type`` statement)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a verdict, a formula or a chart's description: a catalogue key and its values."""

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)


Sentences = Callable[[Values, Outputs], tuple[Sentence, ...]]


@dataclass(frozen=True)
class Quantity:
    """A value a chart draws: an output, or an input (``source="input"``), with its label."""

    name: str
    key: str
    label_params: tuple[tuple[str, str], ...] = ()
    source: str = "output"
    #: The palette role of its colour (``promoters``); empty for the chart's own order.
    role: str = ""


@dataclass(frozen=True)
class LineChart:
    """Series over the months (or other steps) of an output list, one line each.

    Attributes:
        series: One output list per line; the first line is solid, the next ones dashed.
        x_key: Catalogue key of the steps (``ui.month``).
        marker: An output holding the step to mark (1-based), or empty; null means no mark.
        marker_key: Catalogue key of the mark's label, ``{step}`` standing for the step.
        difference_key: Catalogue key of a table column with the last series minus the first, or empty.
    """

    series: tuple[Quantity, ...]
    x_key: str
    marker: str = ""
    marker_key: str = ""
    difference_key: str = ""


@dataclass(frozen=True)
class DivergingBars:
    """Signed values as bars from a centre line, sorted, with threshold lines.

    Attributes:
        bars: The values, each with its label.
        thresholds: Values marked with a line across the chart (e.g. −0.2 and 0.2).
        negative_key: Catalogue key naming what negative values pull towards.
        positive_key: Catalogue key naming what positive values pull towards.
        total: An extra bar below the others (e.g. the score they add up to), or None.
    """

    bars: tuple[Quantity, ...]
    thresholds: tuple[float, ...]
    negative_key: str
    positive_key: str
    total: Quantity | None = None


@dataclass(frozen=True)
class StackedBars:
    """Rows of stacked parts on one scale, e.g. costs against revenue, or shares of a whole.

    Attributes:
        rows: Each row's label key and its parts.
        kind: How the values are formatted (money or percent).
    """

    rows: tuple[tuple[str, tuple[Quantity, ...]], ...]
    kind: OutputKind


ChartKind = Union[LineChart, DivergingBars, StackedBars]  # noqa: UP007


@dataclass(frozen=True)
class Chart:
    """A chart of a calculator: its name (``data-chart``), its kind, its title and its message."""

    name: str
    kind: ChartKind
    title_key: str
    message: Callable[[Values, Outputs], Sentence]


@dataclass(frozen=True)
class Calculator:
    """A calculator: its id, its inputs and outputs, the function that computes it, its presentation.

    ``compute`` takes the validated input values by name and returns raw outputs by name;
    it raises :class:`FormError` when the inputs as a whole make no sense. ``verdict`` and
    ``formula`` turn a valid run into sentences; ``charts`` declare what to draw.
    """

    id: str
    inputs: tuple[InputSpec, ...]
    outputs: tuple[OutputSpec, ...]
    compute: Callable[[Values], Outputs]
    #: The sentences that open the results (what the numbers mean), from the inputs and outputs.
    verdict: Sentences | None = None
    #: The formula with the current numbers, one sentence per step.
    formula: Sentences | None = None
    charts: tuple[Chart, ...] = ()

    @property
    def currency_input(self) -> InputSpec | None:
        """The input that picks the currency of every amount, if the calculator has one."""
        return next((spec for spec in self.inputs if spec.kind is InputKind.CURRENCY), None)

    def has_input(self, name: str) -> bool:
        """True when the calculator has an input called ``name``."""
        return any(spec.name == name for spec in self.inputs)

    def output(self, name: str) -> OutputSpec:
        """The output called ``name``.

        Raises:
            KeyError: No output has that name.
        """
        for spec in self.outputs:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def input_key(self, spec: InputSpec) -> str:
        """Catalogue key of an input's texts."""
        return spec.key or f"{self.id}.{spec.name}"

    def output_key(self, spec: OutputSpec) -> str:
        """Catalogue key of an output's texts."""
        return spec.key or f"{self.id}.{spec.name}"
