"""Candidate import from CSV or ODS (SPEC "Candidates": replaces the list, all-or-nothing).

Columns (first row, any order, case and accents ignored; `TEMPLATE_HEADER` is the
template the admin downloads):

    nom, prenom, date_naissance (AAAA-MM-JJ or JJ/MM/AAAA), lieu_naissance, sexe (M/F),
    classe, identifiant_externe, temps_majore (30%, 30 or 0.30), amenagement (oui/non),
    email, then for each of the 16 competences `niveau_1.1` (0-8) and `pix_1.1` (score).

Missing profile columns mean level 0. Every bad line is reported with its line number in
the file (the header is line 1) and its problems, each with a stable `code`, the column and
the value at fault, and an English `message` (the API's `reason` joins them); the admin
screen says each code in French. If any line is bad nothing is imported.
CSV: UTF-8 (with or without BOM) or Windows-1252, separated by `;` (French Excel) or `,`.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from app.domain.birthplace import BadBirthplace
from app.domain.competences import COMPETENCE_CODES
from app.wire.admin import CandidateCreate

BASE_COLUMNS = (
    "nom",
    "prenom",
    "date_naissance",
    "lieu_naissance",
    "sexe",
    "classe",
    "identifiant_externe",
    "temps_majore",
    "amenagement",
    "email",
)
PROFILE_COLUMNS = tuple(
    col for code in COMPETENCE_CODES for col in (f"niveau_{code}", f"pix_{code}")
)
TEMPLATE_HEADER = BASE_COLUMNS + PROFILE_COLUMNS
REQUIRED = ("nom", "prenom", "date_naissance")
_FIELD_OF = {
    "nom": "last_name",
    "prenom": "first_name",
    "date_naissance": "birthdate",
    "lieu_naissance": "birthplace",
    "sexe": "sex",
    "classe": "class_name",
    "identifiant_externe": "external_id",
    "temps_majore": "extra_time",
    "amenagement": "accessibility",
    "email": "email",
}
_TRUE = {"oui", "o", "yes", "y", "true", "1", "x"}
_FALSE = {"non", "n", "no", "false", "0", ""}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong on a line. `code` is stable (the screens translate it):

    file: unreadable_file, not_ods, not_text, empty_file, too_many_lines (value "n/max");
    header: unknown_columns, missing_columns, duplicate_columns (value: the columns);
    line: duplicate_candidate (value: the first line), bad_date, not_yes_no, not_number,
    not_whole_number, required, too_long (value: the maximum), bad_sex, bad_extra_time,
    too_big (value: the maximum), implausible_birthdate, bad_email, birthplace_<code of
    app.domain.birthplace>, invalid (anything else).
    """

    code: str
    message: str
    column: str = ""
    value: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "column": self.column, "value": self.value}


class LineProblems(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(_said(p) for p in problems))
        self.problems = problems


def _said(p: Problem) -> str:
    return f"{p.column}: {p.message}" if p.column else p.message


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    problems: tuple[Problem, ...]

    @classmethod
    def one(cls, line: int, code: str, message: str, column: str = "",
            value: str = "") -> LineError:
        return cls(line, (Problem(code, message, column, value),))

    @property
    def reason(self) -> str:
        """In English, for API users and logs."""
        return "; ".join(_said(p) for p in self.problems)

    def as_dict(self) -> dict[str, object]:
        return {"line": self.line, "reason": self.reason,
                "problems": [p.as_dict() for p in self.problems]}


class ImportRejected(Exception):
    """The file cannot be imported; `errors` lists every bad line."""

    def __init__(
        self, errors: list[LineError], valid: list[ImportedCandidate] | None = None
    ) -> None:
        super().__init__(f"{len(errors)} bad line(s)")
        self.errors = errors
        self.valid = valid or []
        """The lines that were fine, so an import preview can show them next to the bad."""


@dataclass(frozen=True, slots=True)
class ImportedCandidate:
    line: int
    data: CandidateCreate


def template_csv() -> str:
    """The template: header plus one example line, `;`-separated like French Excel."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(TEMPLATE_HEADER)
    example = ["Lovelace", "Ada", "2010-12-10", "75056", "F", "3eB", "", "33%", "non", ""]
    example += [v for _ in COMPETENCE_CODES for v in ("3", "24")]
    writer.writerow(example)
    return out.getvalue()


def _norm_header(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "_".join(plain.replace("-", " ").split())


def parse_file(filename: str, data: bytes, *, max_rows: int = 2000) -> list[ImportedCandidate]:
    """Parse and validate every line; raise ImportRejected listing all bad ones."""
    is_ods = filename.lower().endswith(".ods") or data[:2] == b"PK"
    try:
        rows = _ods_rows(data) if is_ods else _csv_rows(data)
    except ImportRejected:
        raise
    except Exception as exc:  # a corrupt file is the user's input, not a server error
        raise ImportRejected([LineError.one(1, "unreadable_file", f"unreadable file: {exc}")]
                             ) from None
    return parse_rows(rows, max_rows=max_rows)


def parse_rows(rows: list[list[str]], *, max_rows: int = 2000) -> list[ImportedCandidate]:
    if not rows:
        raise ImportRejected([LineError.one(
            1, "empty_file", "empty file: the first line must be the header")])
    header = [_norm_header(h) for h in rows[0]]
    errors: list[LineError] = []
    unknown = [h for h in header if h and h not in TEMPLATE_HEADER]
    if unknown:
        errors.append(LineError.one(1, "unknown_columns",
                                    f"unknown column(s): {', '.join(unknown)}",
                                    value=", ".join(unknown)))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        errors.append(LineError.one(1, "missing_columns",
                                    f"missing column(s): {', '.join(missing)}",
                                    value=", ".join(missing)))
    dupes = sorted({h for h in header if h and header.count(h) > 1})
    if dupes:
        errors.append(LineError.one(1, "duplicate_columns",
                                    f"duplicate column(s): {', '.join(dupes)}",
                                    value=", ".join(dupes)))
    if errors:
        raise ImportRejected(errors)
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    if len(body) > max_rows:
        raise ImportRejected([LineError.one(
            1, "too_many_lines", f"too many lines: {len(body)} (at most {max_rows})",
            value=f"{len(body)}/{max_rows}")])
    result: list[ImportedCandidate] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, row in body:
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header) if h}
        try:
            candidate = _candidate(cells)
        except LineProblems as exc:
            errors.append(LineError(line, tuple(exc.problems)))
            continue
        key = (
            _norm_header(candidate.last_name),
            _norm_header(candidate.first_name),
            candidate.birthdate.isoformat(),
        )
        if key in seen:
            errors.append(LineError.one(line, "duplicate_candidate",
                                        f"same candidate as line {seen[key]}",
                                        value=str(seen[key])))
            continue
        seen[key] = line
        result.append(ImportedCandidate(line, candidate))
    if errors:
        raise ImportRejected(errors, result)
    return result


def _candidate(cells: dict[str, str]) -> CandidateCreate:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, field in _FIELD_OF.items():
        raw = cells.get(column, "")
        if column == "date_naissance":
            try:
                values[field] = _date(raw)
            except ValueError as exc:
                problems.append(Problem("bad_date", str(exc), column, raw))
                values[field] = date(2000, 1, 1)  # stands in, so the rest is checked too
        elif column == "amenagement":
            if raw.lower() not in _TRUE | _FALSE:
                problems.append(Problem("not_yes_no", f"expected oui or non, got {raw!r}",
                                        column, raw))
                continue
            values[field] = raw.lower() in _TRUE
        elif column == "sexe":
            values[field] = raw.upper()[:1] if raw else ""
        elif column == "temps_majore":
            values[field] = raw or "0"
        else:
            values[field] = raw
    profile: dict[str, dict[str, int]] = {}
    for code in COMPETENCE_CODES:
        try:
            level = _int(cells.get(f"niveau_{code}", ""), f"niveau_{code}")
            pix = _int(cells.get(f"pix_{code}", ""), f"pix_{code}")
        except LineProblems as exc:
            problems += exc.problems
            continue
        if level or pix:
            profile[code] = {"level": level, "pix": pix}
    values["profile"] = profile
    reported = {p.column for p in problems}
    try:
        candidate = CandidateCreate.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            column = next((c for c, f in _FIELD_OF.items() if f == field), field)
            if field == "profile" and len(err["loc"]) >= 3:
                column = f"{'niveau' if err['loc'][2] == 'level' else 'pix'}_{err['loc'][1]}"
            if column in reported:
                continue
            message = err["msg"].removeprefix("Value error, ")
            raw = cells.get(column, "")
            problems.append(Problem(_code_of(err, field), message, column, _limit(err, raw)))
        raise LineProblems(problems) from None
    if problems:
        raise LineProblems(problems)
    return candidate


def _code_of(err: Any, field: str) -> str:
    """The stable code of one pydantic error of CandidateCreate."""
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, BadBirthplace):
        return f"birthplace_{cause.code}"
    kind = err["type"]
    if field == "extra_time":
        return "bad_extra_time"
    if field == "birthdate":
        return "implausible_birthdate"
    if field == "email":
        return "bad_email"
    return {
        "string_too_short": "required",
        "string_too_long": "too_long",
        "string_pattern_mismatch": "bad_format",
        "literal_error": "bad_sex",
        "less_than_equal": "too_big",
    }.get(kind, "invalid")


def _limit(err: Any, raw: str) -> str:
    """The value a French sentence needs: the maximum when one was passed, else the cell."""
    ctx = err.get("ctx") or {}
    for key in ("max_length", "le"):
        if key in ctx:
            return str(ctx[key])
    return raw


def _date(raw: str) -> date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"expected AAAA-MM-JJ or JJ/MM/AAAA, got {raw!r}")


def _int(raw: str, column: str) -> int:
    if not raw:
        return 0
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise LineProblems([Problem("not_number", f"not a number: {raw!r}", column, raw)]
                           ) from None
    if number != int(number):
        raise LineProblems([Problem("not_whole_number", f"not a whole number: {raw!r}",
                                    column, raw)])
    return int(number)


def _csv_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise ImportRejected([LineError.one(
            1, "not_text", "not a text file (CSV) nor an ODS spreadsheet")])
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _ods_rows(data: bytes) -> list[list[str]]:
    """Rows of the first sheet; repeated cells and rows expanded (ODS compresses them)."""
    from odf.namespaces import TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    try:
        doc = load(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ImportRejected([LineError.one(1, "not_ods", f"not a valid ODS file: {exc}")]
                             ) from None
    tables = doc.spreadsheet.getElementsByType(Table)
    if not tables:
        return []
    rows: list[list[str]] = []
    for row in tables[0].getElementsByType(TableRow):
        cells: list[str] = []
        for cell in row.getElementsByType(TableCell):
            repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), "1") or 1)
            value = _ods_cell_text(cell)
            cells.extend([value] * min(repeat, 200))
        while cells and not cells[-1]:
            cells.pop()
        repeat_rows = int(row.attributes.get((TABLENS, "number-rows-repeated"), "1") or 1)
        if not cells:
            rows.extend([[]] * min(repeat_rows, 1))
            continue
        rows.extend([cells] * min(repeat_rows, 10_000))
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _ods_cell_text(cell: Any) -> str:
    from odf.namespaces import OFFICENS

    value_type = cell.attributes.get((OFFICENS, "value-type"))
    if value_type == "date":
        return str(cell.attributes.get((OFFICENS, "date-value"), ""))[:10]
    if value_type in ("float", "percentage"):
        raw = str(cell.attributes.get((OFFICENS, "value"), ""))
        if value_type == "percentage":
            return f"{float(raw) * 100:g}%"
        return raw[:-2] if raw.endswith(".0") else raw
    parts: list[str] = []
    for node in cell.childNodes:
        parts.append(_node_text(node))
    return "\n".join(parts).strip()


def _node_text(node: Any) -> str:
    if node.nodeType == node.TEXT_NODE:
        return str(node.data)
    return "".join(_node_text(child) for child in node.childNodes)
