"""CSV that opens safely in a spreadsheet: a cell a spreadsheet would run as a formula (CSV
injection) starts with a quote instead. Used by /programs.csv and the admin's export.

No model imports: settings.py names SpreadsheetSafeCSV as an import-export format.
"""

from import_export.formats.base_formats import CSV
from tablib import Dataset

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """The cell as a spreadsheet shows it as text, never as a formula to run."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetSafeCSV(CSV):
    """django-import-export's CSV, every exported cell escaped with escape_formula."""

    def export_data(self, dataset, **kwargs):
        escaped = Dataset(
            *([escape_formula(value) for value in row] for row in dataset),
            headers=dataset.headers,
        )
        return super().export_data(escaped, **kwargs)
