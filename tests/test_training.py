"""Tests of lessons.training: gradients, Adam, stacking, seeds, validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.training import MLP, TrainResult, count_params, train, widths_for_budget


def _flat(grads: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Per-seed gradients in the order of MLP.params: per layer, W row by row with b last."""
    S = grads[0][0].shape[0]
    blocks = [np.concatenate([dW, db[..., None]], axis=2).reshape(S, -1) for dW, db in grads]
    return np.concatenate(blocks, axis=1)


def _jitter_biases(model: MLP, seed: int) -> None:
    """Move every bias off 0, so that no ReLU sits exactly at its kink (where
    finite differences see a one-sided slope)."""
    rng = np.random.default_rng(seed)
    for _, b in model.layers:
        b += rng.normal(0.0, 0.1, size=b.shape)


@pytest.mark.parametrize(
    "widths, n_in, n_out",
    [((5,), 1, 1), ((4, 3, 3), 2, 1), ((6, 5), 3, 2), ((3, 3, 3, 3, 3), 1, 1)],
)
def test_gradients_match_central_differences(widths, n_in, n_out):
    model = MLP(widths, n_in=n_in, n_out=n_out, seeds=(0, 3, 9))
    _jitter_biases(model, 1)
    rng = np.random.default_rng(2)
    x = rng.uniform(0.0, 1.0, size=(17, n_in))
    y = rng.normal(size=(17, n_out))
    analytic = _flat(model.gradients(x, y))
    numeric = np.zeros_like(model.params)
    h = 1e-6
    for j in range(model.n_params):
        old = model.params[:, j].copy()
        model.params[:, j] = old + h
        up = model.loss(x, y)
        model.params[:, j] = old - h
        down = model.loss(x, y)
        model.params[:, j] = old
        numeric[:, j] = (up - down) / (2 * h)
    for s in range(model.n_seeds):
        scale = np.abs(numeric[s]).max()
        assert scale > 0
        assert np.abs(analytic[s] - numeric[s]).max() / scale < 1e-6


def test_training_reduces_the_loss():
    x = np.linspace(0.0, 1.0, 128)
    model = MLP((16, 16), seeds=3)
    before = model.loss(x, x**2)
    result = train(model, x, x**2, steps=400, lr=1e-2)
    assert isinstance(result, TrainResult)
    assert np.all(result.final_loss < before / 20)
    np.testing.assert_allclose(result.final_loss, model.loss(x, x**2))
    assert result.history[0] == pytest.approx(before)
    assert result.steps[0] == 0 and result.steps[-1] == 400


def test_minibatch_training_reduces_the_loss():
    x = np.linspace(0.0, 1.0, 100)
    model = MLP((16,), seeds=2)
    before = model.loss(x, np.abs(x - 0.3))
    result = train(model, x, np.abs(x - 0.3), steps=600, lr=1e-2, batch_size=16, record_every=200)
    assert result.steps.tolist() == [0, 200, 400, 600]
    assert np.all(result.final_loss < before / 10)


@pytest.mark.parametrize("batch_size", [None, 10])
def test_same_seed_same_result_other_seed_other_result(batch_size):
    x = np.linspace(0.0, 1.0, 50)
    y = np.sin(6 * x)
    runs = []
    for seeds, data_seed in [((1,), 0), ((1,), 0), ((2,), 0), ((1,), 5)]:
        model = MLP((8, 8), seeds=seeds)
        result = train(model, x, y, steps=100, lr=1e-2, batch_size=batch_size, seed=data_seed)
        runs.append((model.params.copy(), result.final_loss))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])
    assert not np.allclose(runs[0][0], runs[2][0])  # another network seed
    if batch_size is not None:
        assert not np.allclose(runs[0][0], runs[3][0])  # another shuffle of the data
    else:
        np.testing.assert_array_equal(runs[0][0], runs[3][0])  # full batch: no shuffling


@pytest.mark.parametrize("batch_size", [None, 12])
def test_stacked_training_equals_training_each_seed_alone(batch_size):
    x = np.random.default_rng(0).uniform(size=(40, 2))
    y = np.cos(3 * x[:, 0]) * x[:, 1]
    seeds = (0, 5, 11)
    stacked = MLP((6, 5, 4), n_in=2, seeds=seeds)
    together = train(stacked, x, y, steps=150, lr=5e-3, batch_size=batch_size, seed=3)
    for i, seed in enumerate(seeds):
        alone = MLP((6, 5, 4), n_in=2, seeds=(seed,))
        result = train(alone, x, y, steps=150, lr=5e-3, batch_size=batch_size, seed=3)
        np.testing.assert_allclose(stacked.params[i], alone.params[0], rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(together.history[:, i], result.history[:, 0], rtol=1e-12)


def test_float32_trains_too():
    x = np.linspace(0.0, 1.0, 64)
    model = MLP((16,), seeds=2, dtype=np.float32)
    assert model.params.dtype == np.float32
    before = model.loss(x, x**2)
    result = train(model, x, x**2, steps=300, lr=1e-2)
    assert model.params.dtype == np.float32
    assert np.all(result.final_loss < before / 10)


def test_shapes_of_predictions():
    one = MLP((4,), seeds=3)
    assert one(np.linspace(0, 1, 7)).shape == (3, 7)
    assert one(np.linspace(0, 1, 7)[:, None]).shape == (3, 7)
    two = MLP((4,), n_in=2, n_out=3, seeds=2)
    assert two(np.zeros((5, 2))).shape == (2, 5, 3)
    assert two.loss(np.zeros((5, 2)), np.zeros((5, 3))).shape == (2,)


def test_long_inputs_are_evaluated_in_chunks_consistently():
    model = MLP((8,), seeds=2)
    x = np.linspace(0.0, 1.0, 10_001)
    full = model(x)
    np.testing.assert_allclose(full[:, :100], model(x[:100]), rtol=1e-13)
    np.testing.assert_allclose(full[:, -100:], model(x[-100:]), rtol=1e-13)


def test_network_copy_matches_the_stack():
    model = MLP((5, 4), seeds=(2, 3))
    net = model.network(1)
    x = np.linspace(-0.5, 1.5, 41)
    np.testing.assert_allclose(net(x), model(x)[1], rtol=1e-12, atol=1e-12)
    assert net.n_params == model.n_params
    with pytest.raises(ValueError, match="i must be"):
        model.network(2)


def test_bias_init_spread_places_kinks_inside_the_input_range():
    model = MLP((200,), seeds=1, bias_init="spread", input_range=(2.0, 5.0))
    W, b = model.layers[0]
    kinks = -b[0] / W[0, :, 0]
    assert np.all((kinks >= 2.0) & (kinks <= 5.0))
    zero = MLP((200,), seeds=1, bias_init="zero", input_range=(2.0, 5.0))
    np.testing.assert_array_equal(zero.layers[0][0], W)  # same weights, only the biases differ
    assert np.all(zero.layers[0][1] == 0)


def test_dead_units_with_zero_biases():
    x = np.linspace(0.0, 1.0, 101)
    zero = MLP((64,), seeds=4, bias_init="zero").dead_fraction(x)
    spread = MLP((64,), seeds=4, bias_init="spread").dead_fraction(x)
    assert np.all(zero > 0.3) and np.all(spread < 0.1)


def test_he_initialisation_scale():
    model = MLP((400, 400), seeds=1)
    W = model.layers[1][0][0]
    assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)


def test_count_params():
    assert count_params((131,)) == 394
    assert count_params((11, 11, 10, 10)) == 395
    assert count_params((3,), n_in=2, n_out=2) == 3 * 3 + 4 * 2
    assert MLP((11, 11, 10, 10)).n_params == 395


@settings(max_examples=60, deadline=None)
@given(depth=st.integers(1, 6), budget=st.integers(60, 3000), n_in=st.integers(1, 3))
def test_widths_for_budget_within_two_percent(depth, budget, n_in):
    try:
        widths = widths_for_budget(depth, budget, n_in=n_in)
    except ValueError as err:  # allowed only when no network is within 2%
        assert "cannot be matched within 2%" in str(err)
        return
    assert len(widths) == depth
    assert abs(count_params(widths, n_in=n_in) - budget) <= 0.02 * budget
    assert list(widths) == sorted(widths, reverse=True)


def test_widths_for_budget_examples():
    assert widths_for_budget(1, 395) == (131,)
    assert widths_for_budget(4, 395) == (11, 11, 10, 10)
    for depth in (1, 2, 3, 4, 6, 10):
        widths = widths_for_budget(depth, 400)
        assert abs(count_params(widths) - 400) <= 8
        assert max(widths) - min(widths) <= 1
    with pytest.raises(ValueError, match="budget=25 cannot be matched"):
        widths_for_budget(3, 25)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(widths=(4, -1)), ValueError, r"widths\[1\]"),
        (dict(widths=(4, 2.5)), TypeError, r"widths\[1\]"),
        (dict(widths=()), ValueError, "widths"),
        (dict(widths=4), TypeError, "widths"),
        (dict(widths=(4,), seeds=()), ValueError, "seeds"),
        (dict(widths=(4,), seeds=(1, 1)), ValueError, "seeds"),
        (dict(widths=(4,), seeds=(-1,)), ValueError, r"seeds\[0\]"),
        (dict(widths=(4,), seeds=0), ValueError, "seeds"),
        (dict(widths=(4,), n_in=0), ValueError, "n_in"),
        (dict(widths=(4,), n_out=True), TypeError, "n_out"),
        (dict(widths=(4,), bias_init="random"), ValueError, "bias_init"),
        (dict(widths=(4,), input_range=(1.0, 0.0)), ValueError, "input_range"),
        (dict(widths=(4,), input_range=3.0), TypeError, "input_range"),
        (dict(widths=(4,), dtype=np.int64), TypeError, "dtype"),
    ],
)
def test_mlp_validation_names_the_argument(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        MLP(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        (dict(x=np.zeros(5), y=np.zeros(4)), ValueError, "y must hold one value per point"),
        (dict(x=np.zeros((5, 2)), y=np.zeros(5)), ValueError, "x must have shape"),
        (dict(x=np.array([0.0, np.nan]), y=np.zeros(2)), ValueError, "x must contain only finite"),
        (dict(x=np.zeros(2), y=np.array([0.0, np.inf])), ValueError, "y must contain only finite"),
        (dict(x=np.zeros(0), y=np.zeros(0)), ValueError, "x must have at least 1"),
        (dict(x=["a", "b"], y=np.zeros(2)), TypeError, "x must be an array"),
        (dict(steps=0), ValueError, "steps"),
        (dict(steps=10.0), TypeError, "steps"),
        (dict(lr=0.0), ValueError, "lr"),
        (dict(lr=-1e-3), ValueError, "lr"),
        (dict(lr=float("nan")), ValueError, "lr"),
        (dict(batch_size=0), ValueError, "batch_size"),
        (dict(batch_size=11), ValueError, "batch_size"),
        (dict(seed=-1), ValueError, "seed"),
        (dict(record_every=0), ValueError, "record_every"),
    ],
)
def test_train_validation_names_the_argument(kwargs, error, pattern):
    args = dict(x=np.linspace(0, 1, 10), y=np.zeros(10), steps=5, lr=1e-3)
    args.update(kwargs)
    with pytest.raises(error, match=pattern):
        train(MLP((3,)), **args)


def test_train_needs_an_mlp():
    with pytest.raises(TypeError, match="model must be an MLP"):
        train("net", [0.0], [0.0])


@pytest.mark.parametrize(
    "args, error, pattern",
    [
        ((0, 100), ValueError, "depth"),
        ((2, 0), ValueError, "budget"),
        ((2, 100.0), TypeError, "budget"),
    ],
)
def test_widths_for_budget_validation(args, error, pattern):
    with pytest.raises(error, match=pattern):
        widths_for_budget(*args)


@pytest.mark.parametrize("widths", [(7,), (5, 4)])
def test_training_in_groups_equals_training_each_seed_alone(widths, monkeypatch):
    # A tiny cache budget splits the stack into groups of one or two networks.
    import lessons.training as training

    x = np.linspace(0.0, 1.0, 30)
    y = np.abs(x - 0.4)
    monkeypatch.setattr(training, "_GROUP_BYTES", 2 * max(widths) * x.size * 8)
    stacked = MLP(widths, seeds=(0, 1, 2, 3, 4))
    together = train(stacked, x, y, steps=80, lr=1e-2, record_every=20)
    for i, seed in enumerate(stacked.seeds):
        alone = MLP(widths, seeds=(seed,))
        result = train(alone, x, y, steps=80, lr=1e-2, record_every=20)
        np.testing.assert_array_equal(stacked.params[i], alone.params[0])
        np.testing.assert_array_equal(together.history[:, i], result.history[:, 0])
