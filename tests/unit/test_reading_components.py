"""Sparse labelling (ballots.reading.components) gives the rows of one labelling of the whole mask."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

import ballots.reading.components as components
from ballots.reading.components import component_stats


def whole(mask: np.ndarray) -> np.ndarray:
    """One labelling of the whole mask, rows in the canonical (y, x, w, h, area) order."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    stats = stats[1:]
    return stats[np.lexsort((stats[:, 4], stats[:, 3], stats[:, 2], stats[:, 0], stats[:, 1]))]


def specks_and_strokes(rng: np.random.Generator, h: int, w: int) -> np.ndarray:
    mask = np.zeros((h, w), np.uint8)
    for _ in range(int(rng.integers(0, 40))):  # specks, many on 8 px cell borders
        y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
        if rng.random() < 0.4:
            y, x = y // 8 * 8 + int(rng.integers(-1, 1)), x // 8 * 8 + int(rng.integers(-1, 1))
        mask[max(y, 0):y + int(rng.integers(1, 3)), max(x, 0):x + int(rng.integers(1, 3))] = 255
    for _ in range(int(rng.integers(0, 6))):  # strokes, some diagonal (8-connected only)
        p = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        q = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        cv2.line(mask, p, q, 255, int(rng.integers(1, 3)), lineType=cv2.LINE_8)
    return mask


@pytest.mark.parametrize("seed", range(40))
def test_the_same_components_as_one_labelling_of_the_whole_mask(seed):
    rng = np.random.default_rng(seed)
    h, w = int(rng.integers(9, 300)), int(rng.integers(9, 300))  # rarely a multiple of 8
    mask = specks_and_strokes(rng, h, w)
    assert np.array_equal(component_stats(mask), whole(mask))


def test_ink_in_the_last_partial_row_and_column_cells_is_found():
    mask = np.zeros((83, 61), np.uint8)
    mask[82, 60] = mask[82, 3] = mask[5, 60] = 255
    mask[80:83, 30] = 255
    assert np.array_equal(component_stats(mask), whole(mask))
    assert len(component_stats(mask)) == 4


def test_pieces_sharing_a_box_are_not_counted_twice_or_cut():
    """A ring's pooled cells surround the pooled cells of a dot in its middle: the ring's box holds
    the dot, which must be labelled once, with the dot's box."""
    mask = np.zeros((120, 120), np.uint8)
    cv2.rectangle(mask, (4, 4), (115, 115), 255, 1)
    cv2.circle(mask, (60, 60), 6, 255, -1)
    mask[30, 90] = 255
    stats = component_stats(mask)
    assert np.array_equal(stats, whole(mask))
    assert len(stats) == 3


def test_a_dense_mask_is_labelled_in_one_pass(monkeypatch):
    rng = np.random.default_rng(7)
    mask = np.where(rng.random((200, 230)) < 0.05, 255, 0).astype(np.uint8)
    monkeypatch.setattr(components, "MAX_PIECES", 3)
    assert np.array_equal(component_stats(mask), whole(mask))


def test_an_empty_mask_has_no_components():
    assert component_stats(np.zeros((50, 70), np.uint8)).shape == (0, 5)


def test_a_lone_pixel_survives_the_pooling_anywhere():
    for y, x in ((0, 0), (7, 7), (8, 8), (63, 64), (99, 130)):
        mask = np.zeros((100, 131), np.uint8)
        mask[y, x] = 255
        assert component_stats(mask).tolist() == [[x, y, 1, 1, 1]]


def test_a_mask_smaller_than_one_cell():
    mask = np.zeros((5, 6), np.uint8)
    mask[4, 5] = mask[0, 0] = 255
    assert np.array_equal(component_stats(mask), whole(mask))
