"""What the two list screens share: a DataTable whose row keys are ids, opened by Enter or a click;
and columns widened before rows come in."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey


class OpensRows:
    """Mixed into a Screen with one DataTable keyed by id: `highlighted()` is the id under the
    cursor, and selecting a row (Enter, a click, or the `open_row` action) calls `open_row(id)`."""

    def highlighted(self) -> str | None:
        table = self.query_one(DataTable)  # type: ignore[attr-defined]
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.open_row(event.row_key.value)

    def action_open_row(self) -> None:
        key = self.highlighted()
        if key:
            self.open_row(key)

    def open_row(self, key: str) -> None:
        raise NotImplementedError



def _width(cell: object) -> int:
    return Text.from_markup(cell).cell_len if isinstance(cell, str) else 0


def widen(table: DataTable, cells: dict[str, object] | list[object]) -> None:
    """Widen `table`'s columns to fit `cells` (by column key, or one per column in order) BEFORE
    they are added or updated. A DataTable fits its columns only when it next goes idle, and lines
    it renders meanwhile stay cached, drawn at the old widths ('Req. im' for 'Req. improv.*')
    until the next change to the table. Widened first, no line is ever drawn too narrow."""
    if isinstance(cells, dict):
        pairs = [(table.columns.get(ColumnKey(key)), cell) for key, cell in cells.items()]
    else:
        pairs = list(zip(table.ordered_columns, cells))
    for column, cell in pairs:
        if column is not None and column.auto_width:
            column.content_width = max(column.content_width, _width(cell))
