"""Tables as CSV or XLSX files, safe to open in a spreadsheet: a cell that starts with = + - @
(or a tab or carriage return) would run as a formula, so it is written as text with a leading
apostrophe. Numbers stay numbers; a rate given as ``Percent`` is a number in both files, shown
in XLSX with a percent format (87.5%) so that it sums and sorts."""

import csv
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.encoding import escape_uri_path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Percent:
    """A rate in percent: ``Percent(87.5)`` is 87.5 %."""

    value: float


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_value(value):
    return round(float(value.value), 1) if isinstance(value, Percent) else safe_cell(value)


def _xlsx_value(value):
    return float(value.value) / 100 if isinstance(value, Percent) else safe_cell(value)


def table_response(
    title: str, headers: list[str], rows: list[list], fmt: str, filename: str
) -> HttpResponse:
    """A CSV (UTF-8 with a BOM, which Excel needs for Chinese) or XLSX download."""
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")
        writer = csv.writer(out)
        writer.writerow([safe_cell(h) for h in headers])
        writer.writerows([[_csv_value(v) for v in row] for row in rows])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        name = f"{filename}.csv"
    else:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        book = Workbook()
        ws = book.active
        ws.title = title[:31]
        ws.append([safe_cell(h) for h in headers])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_xlsx_value(v) for v in row])
            for cell, value in zip(ws[ws.max_row], row, strict=False):
                if isinstance(value, Percent):
                    cell.number_format = "0.0%"
                elif isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"{filename}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    return response
