"""The workout clock and phase word in block letters that grow with the terminal."""

from __future__ import annotations

import pytest

from backtimer.render.bigtext import (
    FIGURES,
    WORDS,
    Font,
    best_scale,
    big_lines,
    letter_columns,
    rows_at,
)
from backtimer.tui.widgets.bigtext import changed_cells


@pytest.mark.parametrize("font", [FIGURES, WORDS], ids=lambda font: font.name)
def test_every_glyph_is_a_rectangle_of_the_fonts_height(font: Font) -> None:
    for char, rows in font.glyphs.items():
        assert len(rows) == font.height, char
        assert len({len(row) for row in rows}) == 1, char
        assert set("".join(rows)) <= {"#", "."}, char


def test_no_two_figures_look_alike() -> None:
    figures = [FIGURES.glyphs[str(n)] for n in range(10)]
    assert len(set(figures)) == 10
    small = [WORDS.glyphs[str(n)] for n in range(10)]
    assert len(set(small)) == 10


def test_the_clock_takes_the_largest_whole_scale_that_fits() -> None:
    # "0:30" is 19 pixels wide and 7 tall; a pixel is one column by half a row.
    assert best_scale(FIGURES, "0:30", 80, 10) == 2
    assert best_scale(FIGURES, "0:30", 200, 45) == 10
    assert best_scale(FIGURES, "0:30", 18, 20) == 0
    lines = big_lines("0:30", 200, 45)
    assert len(lines) == rows_at(FIGURES, 10) == 35
    assert {len(line) for line in lines} == {190}


def half_rows(lines: tuple[str, ...]) -> list[str]:
    """Block-letter lines back to pixel rows ("#" ink), two a line."""
    rows = []
    for line in lines:
        rows.append("".join("#" if char in "█▀" else "." for char in line))
        rows.append("".join("#" if char in "█▄" else "." for char in line))
    return rows


def test_strokes_keep_one_thickness_at_every_scale() -> None:
    for scale in range(1, 8):
        rows = half_rows(big_lines("8", 5 * scale, rows_at(FIGURES, scale)))
        # Every run of ink, across and down, is a whole number of pixels: `scale` cells each.
        runs = {len(run) for row in rows for run in row.split(".") if run}
        assert runs and all(run % scale == 0 for run in runs), scale
        columns = ["".join(row[x] for row in rows) for x in range(len(rows[0]))]
        runs = {len(run) for column in columns for run in column.split(".") if run}
        assert runs and all(run % scale == 0 for run in runs), scale


def test_text_the_font_lacks_or_no_room_draws_nothing_so_the_caller_falls_back() -> None:
    assert big_lines("0:30", 10, 2) == ()
    assert big_lines("Hold", 200, 60) == ()  # lower case is not in the clock's font
    assert big_lines("", 80, 24) == ()


def test_a_phase_word_fits_an_80_column_screen_in_three_rows() -> None:
    lines = big_lines("GET INTO POSITION", 78, 3, WORDS)
    assert len(lines) == 3
    assert max(len(line) for line in lines) <= 78


def test_letter_columns_place_each_letter_where_big_lines_draws_it() -> None:
    lines = big_lines("0:30", 80, 14)
    columns = letter_columns("0:30", 80, 14)
    assert len(columns) == 4
    for (start, end), char in zip(columns, "0:30", strict=True):
        drawn = big_lines(char, end - start, 14)
        assert tuple(line[start:end] for line in lines) == drawn
    assert columns[-1][1] == len(lines[0])
    assert letter_columns("0:30", 10, 2) == ()


def test_a_new_second_repaints_only_the_rows_where_the_figures_differ() -> None:
    """Issue 15: redraw only what the new second changes. An 8 and a 9 share their top three
    pixel rows, so "0:29" → "0:28" leaves the top of the clock alone."""
    before, after = big_lines("0:29", 80, 14), big_lines("0:28", 80, 14)
    last = letter_columns("0:28", 80, 14)[-1]
    assert best_scale(FIGURES, "0:28", 80, 14) == 4  # a pixel is two rows
    bands = changed_cells(before, after, [last])
    assert bands == [(6, 8, *last)]  # the top three pixels, six rows, stay as they are
    assert before[:6] == after[:6]
    assert changed_cells(before, before, []) == []
    # A 0 and an 8 differ only in the middle stroke of the 8: two rows.
    zero = big_lines("0:20", 80, 14)
    assert changed_cells(zero, after, [last]) == [(6, 2, *last)]
