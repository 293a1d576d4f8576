"""Import errors carry stable codes at the source (English message for the API), and the
admin screen says each code in French (issue 20)."""

from __future__ import annotations

import pytest

from app.server.importer import ImportRejected, parse_rows
from app.views.admin.import_preview import _PROBLEMS_FR, french_line_error

HEADER = ["nom", "prenom", "date_naissance", "lieu_naissance", "temps_majore", "amenagement",
          "niveau_1.1", "sexe"]
GOOD = ["Lovelace", "Ada", "2010-12-10", "75001 Paris", "30%", "non", "3", "F"]


def problems(*rows: list[str]) -> dict[int, list[dict[str, str]]]:
    with pytest.raises(ImportRejected) as exc:
        parse_rows([HEADER, *rows])
    return {e.line: [p.as_dict() for p in e.problems] for e in exc.value.errors}


def test_each_bad_cell_has_its_code_column_and_value() -> None:
    found = problems(
        GOOD,
        ["Curie", "Marie", "2010-13-45", "Paris", "abc", "peut-être", "x", "F"],
        GOOD,
        ["Hopper", "Grace", "2010-01-01", "99", "", "", "9", "Z"],
    )
    codes = {(p["code"], p["column"], p["value"]) for p in found[3]}
    assert ("bad_date", "date_naissance", "2010-13-45") in codes
    assert ("not_yes_no", "amenagement", "peut-être") in codes
    assert ("not_number", "niveau_1.1", "x") in codes
    assert found[4] == [{"code": "duplicate_candidate", "column": "", "value": "2"}]
    line5 = {p["code"]: p for p in found[5]}
    assert line5["birthplace_country_missing"]["column"] == "lieu_naissance"
    assert line5["too_big"] == {"code": "too_big", "column": "niveau_1.1", "value": "8"}
    assert "bad_sex" in line5


def test_the_birthplace_is_stored_canonical() -> None:
    (row,) = parse_rows([HEADER, ["Lovelace", "Ada", "2010-12-10", "75001,  Paris", "", "",
                                  "", ""]])
    assert row.data.birthplace == "75001 Paris"


def test_said_in_french_from_the_codes() -> None:
    found = problems(
        ["Curie", "Marie", "2010-13-45", "Paris", "abc", "", "", ""],
        ["Hopper", "Grace", "2010-01-01", "96000 Nulle", "", "", "", ""],
    )
    line2 = french_line_error({"error": "x", "problems": found[2]})
    assert line2.startswith("Date_naissance : « 2010-13-45 » n'est pas une date")
    assert "lieu_naissance : « Paris » : indiquez un code INSEE" in line2
    assert "temps_majore : valeur non valide" in line2
    line3 = french_line_error({"error": "x", "problems": found[3]})
    assert line3 == "Lieu_naissance : « 96000 Nulle » : ce n'est pas un code postal français"


def test_every_file_and_header_code_has_french() -> None:
    with pytest.raises(ImportRejected) as exc:
        parse_rows([["nom", "nom", "colonne"]])
    for error in exc.value.errors:
        for p in error.problems:
            assert p.code in _PROBLEMS_FR, p.code
    said = [french_line_error(e.as_dict() | {"error": e.reason}) for e in exc.value.errors]
    assert "Colonne(s) inconnue(s) : colonne" in said
    assert "Colonne(s) en double : nom" in said
