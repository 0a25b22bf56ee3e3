"""The quoted Seide et al. (2011) table and the parameter matching behind it."""

from __future__ import annotations

import dataclasses

import pytest

from lessons.speech import SEIDE_2011, WERRow, dnn_params, equal_width


def test_quoted_rows():
    tall = {(r.layers, r.width): r.wer for r in SEIDE_2011.thin_tall}
    assert tall == {(1, 2048): 24.2, (2, 2048): 20.4, (3, 2048): 18.4, (4, 2048): 17.8,
                    (5, 2048): 17.2, (7, 2048): 17.1}
    fat = {(r.layers, r.width): r.wer for r in SEIDE_2011.fat_short}
    assert fat == {(1, 3772): 22.5, (1, 4634): 22.6, (1, 16384): 22.1}
    assert [r.label for r in SEIDE_2011.fat_short] == ["1 × 3772", "1 × 4634", "1 × 16k"]


def test_citation_and_caveats():
    assert "Interspeech 2011" in SEIDE_2011.citation and "437" in SEIDE_2011.citation
    assert all(u.startswith("https://") for u in SEIDE_2011.urls)
    assert "unverified" in SEIDE_2011.test_set
    text = " ".join(SEIDE_2011.caveats)
    assert "429" in text and "9304" in text and "Hub5'00" in text


def test_table_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEIDE_2011.citation = "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEIDE_2011.thin_tall[0].wer = 1.0


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
    assert round(w) == paper_width
    assert SEIDE_2011.wer(1, paper_width) > SEIDE_2011.wer(layers, 2048)  # deep wins at equal size
    assert dnn_params(1, paper_width) == pytest.approx(dnn_params(layers, 2048), rel=1e-3)


def test_equal_width_with_biases_solves_the_equation():
    w = equal_width(3, 100, n_in=7, n_out=5, biases=True)
    target = dnn_params(3, 100, n_in=7, n_out=5, biases=True)
    assert w * (7 + 1 + 5) + 5 == pytest.approx(target)


def test_wide_is_not_matched_and_still_loses():
    assert dnn_params(1, 16384) / dnn_params(5, 2048) == pytest.approx(4.3, abs=0.05)
    assert SEIDE_2011.wer(1, 16384) > SEIDE_2011.wer(2, 2048)


def test_bad_arguments():
    with pytest.raises(ValueError, match="layers"):
        dnn_params(0, 2048)
    with pytest.raises(TypeError, match="width"):
        dnn_params(1, 2.5)
    with pytest.raises(ValueError, match="n_in"):
        equal_width(1, 10, n_in=0)
    with pytest.raises(TypeError, match="biases"):
        dnn_params(1, 10, biases="yes")
    with pytest.raises(ValueError, match="layers"):
        SEIDE_2011.wer(6, 2048)
    assert WERRow(1, 1000, 1.0).label == "1 × 1000"
