"""Types shared by every calculator: input and output specs, choices and errors."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

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
class Calculator:
    """A calculator: its id, its inputs and outputs, and the function that computes it.

    ``compute`` takes the validated input values by name and returns raw outputs by name;
    it raises :class:`FormError` when the inputs as a whole make no sense.
    """

    id: str
    inputs: tuple[InputSpec, ...]
    outputs: tuple[OutputSpec, ...]
    compute: Callable[[Values], Outputs]

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
