"""What the two list screens share: a DataTable whose row keys are ids, opened by Enter or a click."""

from __future__ import annotations

from textual.widgets import DataTable


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
