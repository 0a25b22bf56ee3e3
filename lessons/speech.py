"""The lecture's "Deeper is better?" table: Seide, Li & Yu (Interspeech 2011).

Word error rates of speech recognisers whose acoustic model is a deep
network: thin and tall (L layers of 2k units) against fat and short (one
wide layer: 1 x 3772 and 1 x 4634 have as many parameters as 5 x 2k and
7 x 2k; 1 x 16k has about four times more). The numbers are quoted data, kept here
with their citation and caveats; ``dnn_params`` and ``equal_width``
recompute the parameter matching.

>>> SEIDE_2011.wer(5, 2048), SEIDE_2011.wer(1, 3772)
(17.2, 22.5)
>>> round(equal_width(5, 2048), 1), round(equal_width(7, 2048), 1)
(3771.7, 4633.6)
"""

from __future__ import annotations

from dataclasses import dataclass

from ._checks import check_int

__all__ = ["WERRow", "SpeechTable", "SEIDE_2011", "dnn_params", "equal_width"]


@dataclass(frozen=True)
class WERRow:
    """One network of the table: ``layers`` hidden layers of ``width`` units, its WER in %.

    >>> SEIDE_2011.thin_tall[0]
    WERRow(layers=1, width=2048, wer=24.2)
    """

    layers: int
    width: int
    wer: float

    @property
    def label(self) -> str:
        """The table's notation, widths in units of 1024 where the paper uses "k".

        >>> WERRow(5, 2048, 17.2).label, WERRow(1, 3772, 22.5).label
        ('5 × 2k', '1 × 3772')
        """
        width = f"{self.width // 1024}k" if self.width % 1024 == 0 else str(self.width)
        return f"{self.layers} × {width}"


@dataclass(frozen=True)
class SpeechTable:
    """Quoted results: rows, where they come from, and what is not verified.

    >>> [(row.label, row.wer) for row in SEIDE_2011.fat_short]
    [('1 × 3772', 22.5), ('1 × 4634', 22.6), ('1 × 16k', 22.1)]
    >>> SEIDE_2011.test_set
    "Hub5'00-SWB (unverified)"
    """

    citation: str
    urls: tuple[str, ...]
    test_set: str
    thin_tall: tuple[WERRow, ...]
    fat_short: tuple[WERRow, ...]
    caveats: tuple[str, ...]

    def wer(self, layers: int, width: int) -> float:
        """The WER of the ``layers`` × ``width`` network in the table.

        >>> SEIDE_2011.wer(1, 16384)
        22.1
        """
        for row in self.thin_tall + self.fat_short:
            if (row.layers, row.width) == (layers, width):
                return row.wer
        raise ValueError(f"no network with layers={layers!r} and width={width!r} in the table")


SEIDE_2011 = SpeechTable(
    citation=("F. Seide, G. Li, D. Yu, \"Conversational speech transcription using "
              "context-dependent deep neural networks,\" Interspeech 2011, pp. 437-440."),
    urls=("https://www.isca-speech.org/archive_v0/interspeech_2011/i11_0437.html",
          "https://www.microsoft.com/en-us/research/publication/"
          "conversational-speech-transcription-using-context-dependent-deep-neural-networks/"),
    test_set="Hub5'00-SWB (unverified)",
    thin_tall=(WERRow(1, 2048, 24.2), WERRow(2, 2048, 20.4), WERRow(3, 2048, 18.4),
               WERRow(4, 2048, 17.8), WERRow(5, 2048, 17.2), WERRow(7, 2048, 17.1)),
    fat_short=(WERRow(1, 3772, 22.5), WERRow(1, 4634, 22.6), WERRow(1, 16384, 22.1)),
    caveats=(
        "The WER values are quoted from notes on Hung-yi Lee's lecture; they are "
        "believed to match the paper, which was not checked here.",
        "The test set (Hub5'00-SWB) is not verified.",
        "2k is read as 2048 units and 16k as 16384.",
        "The paper may list more rows (9 × 2k, 5 × 3k) that the lecture leaves out.",
        "Parameter counts assume 429 inputs (11 frames × 39 PLP features) and 9304 "
        "senone outputs; both are assumptions that reproduce the odd widths 3772 and 4634.",
    ),
)


def dnn_params(layers: int, width: int, n_in: int = 429, n_out: int = 9304,
               biases: bool = False) -> int:
    """Parameters of a network with ``layers`` hidden layers of ``width`` units.

    Weights only by default: n_in·w + (layers-1)·w² + w·n_out; that
    convention reproduces the table's widths. The defaults 429 inputs
    (11 frames × 39 PLP features) and 9304 outputs (senones) are
    assumptions, not read in the paper.

    >>> dnn_params(5, 2048), dnn_params(1, 3772)
    (36710400, 36712876)
    >>> dnn_params(1, 10, n_in=2, n_out=1, biases=True)
    41
    """
    layers = check_int("layers", layers, minimum=1)
    width = check_int("width", width, minimum=1)
    n_in = check_int("n_in", n_in, minimum=1)
    n_out = check_int("n_out", n_out, minimum=1)
    if not isinstance(biases, bool):
        raise TypeError(f"biases must be True or False, got {biases!r}")
    weights = n_in * width + (layers - 1) * width**2 + width * n_out
    return weights + (layers * width + n_out if biases else 0)


def equal_width(layers: int, width: int, n_in: int = 429, n_out: int = 9304,
                biases: bool = False) -> float:
    """Width of the single hidden layer with as many parameters as ``layers`` × ``width``.

    Solves dnn_params(1, w) = dnn_params(layers, width) for a real w.

    >>> round(equal_width(5, 2048), 1), round(equal_width(5, 2048, biases=True), 1)
    (3771.7, 3772.4)
    """
    target = dnn_params(layers, width, n_in, n_out, biases)
    if biases:  # w (n_in + 1 + n_out) + n_out
        return (target - n_out) / (n_in + 1 + n_out)
    return target / (n_in + n_out)
