"""The quoted Seide et al. (2011) table and the parameter matching behind it."""

from __future__ import annotations

import dataclasses
import inspect
import re

import pytest

from lessons.speech import SEIDE_2011, WERRow, dnn_params, equal_width

ROWS = SEIDE_2011.thin_tall + SEIDE_2011.fat_short


def _odd(row: WERRow) -> bool:
    """A width that is not a whole number of "k": one the paper solved for."""
    return row.width % 1024 != 0


def test_thin_tall_rows_share_a_width_and_wer_falls_with_depth():
    tall = SEIDE_2011.thin_tall
    assert len({row.width for row in tall}) == 1
    layers = [row.layers for row in tall]
    assert layers == sorted(set(layers)), "thin-tall rows out of order or repeated"
    wers = [row.wer for row in tall]
    assert all(a > b for a, b in zip(wers, wers[1:])), f"WER does not fall with depth: {wers}"


def test_each_odd_fat_width_is_the_matched_width_of_one_thin_tall_row():
    odd = [row for row in SEIDE_2011.fat_short if _odd(row)]
    assert odd, "no parameter-matched row in the table"
    for fat in SEIDE_2011.fat_short:
        assert fat.layers == 1, f"{fat.label}: fat and short means one hidden layer"
    for fat in odd:
        partners = [t for t in SEIDE_2011.thin_tall if round(equal_width(t.layers, t.width)) == fat.width]
        assert len(partners) == 1, f"{fat.label} matches {[t.label for t in partners]}"
        (tall,) = partners
        # and no other single-layer width comes closer in parameters
        target = dnn_params(tall.layers, tall.width)
        gap = {w: abs(dnn_params(1, w) - target) for w in (fat.width - 1, fat.width, fat.width + 1)}
        assert min(gap, key=gap.get) == fat.width, f"{fat.label}: parameter gaps {gap}"
        assert fat.wer > tall.wer, f"{fat.label} beats {tall.label} at equal size"


def test_the_unmatched_wide_row_is_bigger_than_every_tall_row_and_still_loses():
    wide = [row for row in SEIDE_2011.fat_short if not _odd(row)]
    assert wide
    deep = [t for t in SEIDE_2011.thin_tall if t.layers > 1]
    assert dnn_params(1, 16384) / dnn_params(5, 2048) == pytest.approx(4.3, abs=0.05)  # "about four times"
    for fat in wide:
        assert all(dnn_params(1, fat.width) > dnn_params(t.layers, t.width) for t in SEIDE_2011.thin_tall)
        assert all(fat.wer > t.wer for t in deep), f"{fat.label} beats a deep row"


def test_wer_lookup_agrees_with_every_row():
    assert len({(row.layers, row.width) for row in ROWS}) == len(ROWS), "two rows name the same network"
    for row in ROWS:
        assert SEIDE_2011.wer(row.layers, row.width) == row.wer, row.label


@pytest.mark.parametrize(("layers", "width"), [(6, 2048), (1, 3771), (2, 3772), (0, 0)])
def test_wer_of_a_missing_network_is_a_clear_error(layers, width):
    with pytest.raises(ValueError, match=rf"no network with layers={layers} and width={width} in the table"):
        SEIDE_2011.wer(layers, width)


def test_labels_give_back_the_width():
    for row in ROWS + (WERRow(3, 1000, 1.0), WERRow(2, 1024, 1.0)):
        match = re.fullmatch(r"(\d+) × (\d+)(k?)", row.label)
        assert match, row.label
        width = int(match[2]) * (1024 if match[3] else 1)
        assert (int(match[1]), width) == (row.layers, row.width), row.label


def test_table_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEIDE_2011.citation = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEIDE_2011.thin_tall[0].wer = 1.0
    # frozen all the way down: no list inside that could be changed in place
    for field in dataclasses.fields(SEIDE_2011):
        value = getattr(SEIDE_2011, field.name)
        assert isinstance(value, (str, tuple)), f"{field.name} is a {type(value).__name__}"
    hash(SEIDE_2011)


def test_the_caveats_name_the_assumed_inputs_and_outputs():
    defaults = inspect.signature(dnn_params).parameters
    text = " ".join(SEIDE_2011.caveats)
    for name in ("n_in", "n_out"):
        assert str(defaults[name].default) in text, f"the caveats do not state the assumed {name}"
    for name in ("n_in", "n_out"):
        assert inspect.signature(equal_width).parameters[name].default == defaults[name].default


def test_parameter_counts():
    assert dnn_params(5, 2048) / 1e6 == pytest.approx(36.71, abs=0.005)
    assert dnn_params(7, 2048) / 1e6 == pytest.approx(45.10, abs=0.005)
    assert dnn_params(1, 16384) / 1e6 == pytest.approx(159.5, abs=0.05)
    assert dnn_params(2, 2048) / 1e6 == pytest.approx(24.1, abs=0.05)
    # By hand: 2 inputs, hidden 3 and 3, 1 output.
    assert dnn_params(2, 3, n_in=2, n_out=1) == 2 * 3 + 3 * 3 + 3 * 1
    assert dnn_params(2, 3, n_in=2, n_out=1, biases=True) == 2 * 3 + 3 * 3 + 3 * 1 + 3 + 3 + 1


@pytest.mark.parametrize(("layers", "paper_width", "solved"), [(5, 3772, 3771.7), (7, 4634, 4633.6)])
def test_the_odd_widths_are_parameter_matched(layers, paper_width, solved):
    w = equal_width(layers, 2048)
    assert round(w, 1) == solved
    assert round(w) == paper_width  # the assumed inputs and outputs give the paper's width


def test_equal_width_with_biases_solves_the_equation():
    w = equal_width(3, 100, n_in=7, n_out=5, biases=True)
    target = dnn_params(3, 100, n_in=7, n_out=5, biases=True)
    assert w * (7 + 1 + 5) + 5 == pytest.approx(target)


def test_bad_arguments():
    with pytest.raises(ValueError, match="layers"):
        dnn_params(0, 2048)
    with pytest.raises(TypeError, match="width"):
        dnn_params(1, 2.5)
    with pytest.raises(ValueError, match="n_in"):
        equal_width(1, 10, n_in=0)
    with pytest.raises(TypeError, match="biases"):
        dnn_params(1, 10, biases="yes")
