"""Content packs on disk: a valid pack loads, and every mistake is reported precisely."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.domain.content import ChallengeType, FieldFormat, Tolerances
from app.services.content import (
    CONTENT_FORMAT,
    ContentBank,
    ContentError,
    ContentPackError,
    check_packs,
    load_bank,
    load_pack,
    stats_table,
)

DROP = object()
"""Marks a key to remove from a challenge in `challenge(...)`."""


def challenge(**changes: Any) -> dict[str, Any]:
    """A valid QCU challenge, changed by keyword (`key=DROP` removes the key)."""
    base: dict[str, Any] = {
        "id": "c-1",
        "competence": "1.1",
        "level": 2,
        "skill": "@motsCles2",
        "type": "QCU",
        "instruction": "Quel moteur de recherche respecte la vie privée ?",
        "proposals": ["A", "B", "C", "D"],
        "solution": 2,
    }
    base.update(changes)
    return {key: value for key, value in base.items() if value is not DROP}


def qroc(**changes: Any) -> dict[str, Any]:
    return challenge(
        **{
            "type": "QROC",
            "proposals": DROP,
            "fields": [{"name": "r", "label": "Réponse"}],
            "solution": {"r": ["Paris"]},
            **changes,
        }
    )


def qrocm_dep(**changes: Any) -> dict[str, Any]:
    return challenge(
        **{
            "type": "QROCM-dep",
            "proposals": DROP,
            "fields": [{"name": "a", "label": "Couleur 1"}, {"name": "b", "label": "Couleur 2"}],
            "solution": {"groups": [["bleu"], ["blanc"], ["rouge"]]},
            **changes,
        }
    )


def write(path: Path, challenges: list[Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"format": CONTENT_FORMAT, "challenges": challenges}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def errors_for(tmp_path: Path, *challenges: dict[str, Any]) -> list[ContentError]:
    write(tmp_path / "pack.json", list(challenges))
    return check_packs(tmp_path)


def only_error(tmp_path: Path, *challenges: dict[str, Any]) -> ContentError:
    errors = errors_for(tmp_path, *challenges)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


@pytest.fixture
def valid_pack(tmp_path: Path) -> Path:
    """A small pack with one challenge of each type, an image and an attachment."""
    pack = tmp_path / "starter"
    (pack / "files").mkdir(parents=True)
    (pack / "files" / "logo.png").write_bytes(b"\x89PNG")
    (pack / "files" / "notes.ods").write_bytes(b"PK")
    write(
        pack / "1.1.json",
        [
            challenge(
                id="s-1.1-1-a",
                image="files/logo.png",
                image_alt="Le logo d'un moteur de recherche",
                timer=60,
            ),
            challenge(
                id="s-1.1-2-a",
                level=3,
                type="QCM",
                proposals=["un", "deux", "trois"],
                solution=[3, 1],
                focus=True,
            ),
        ],
    )
    write(
        pack / "1.3.json",
        [
            qroc(
                id="s-1.3-1-a",
                competence="1.3",
                fields=[{"name": "total", "label": "Total", "format": "nombre"}],
                solution={"total": ["1 250,5", "1250.50"]},
                attachment="files/notes.ods",
            ),
            challenge(
                id="s-1.3-2-a",
                competence="1.3",
                type="QROCM-ind",
                proposals=DROP,
                fields=[{"name": "nom", "label": "Nom"}, {"name": "ville", "label": "Ville"}],
                solution={"nom": ["Dupont"], "ville": ["Lyon", "Lyon 3e"]},
                tolerances={"t3": False},
                partial=True,
            ),
            qrocm_dep(id="s-1.3-3-a", competence="1.3"),
        ],
    )
    return pack


class TestValidPack:
    def test_loads(self, valid_pack: Path) -> None:
        bank = load_pack(valid_pack)
        assert len(bank) == 5
        assert [c.id for c in bank] == [
            "s-1.1-1-a",
            "s-1.1-2-a",
            "s-1.3-1-a",
            "s-1.3-2-a",
            "s-1.3-3-a",
        ]
        assert bank.challenges == tuple(bank)
        assert "s-1.1-1-a" in bank
        assert "nope" not in bank
        assert [c.id for c in bank.for_competence("1.1")] == ["s-1.1-1-a", "s-1.1-2-a"]
        assert bank.for_competence("5.2") == ()
        assert bank.root_for("s-1.3-1-a") == valid_pack

    def test_builds_challenges_with_normalised_solutions(self, valid_pack: Path) -> None:
        bank = load_pack(valid_pack)
        qcu = bank.by_id("s-1.1-1-a")
        assert qcu.type is ChallengeType.QCU
        assert qcu.solution == 2
        assert qcu.proposals == ("A", "B", "C", "D")
        assert qcu.image == "files/logo.png"
        assert qcu.image_alt == "Le logo d'un moteur de recherche"
        assert qcu.timer == 60
        assert not qcu.focus
        assert qcu.tolerances == Tolerances()
        assert bank.by_id("s-1.1-2-a").solution == (1, 3)
        assert bank.by_id("s-1.1-2-a").focus
        number = bank.by_id("s-1.3-1-a")
        assert number.solution == {"total": ("1 250,5", "1250.50")}
        assert number.fields[0].format is FieldFormat.NUMBER
        assert number.attachment == "files/notes.ods"
        ind = bank.by_id("s-1.3-2-a")
        assert ind.solution == {"nom": ("Dupont",), "ville": ("Lyon", "Lyon 3e")}
        assert ind.tolerances == Tolerances(t3=False)
        assert ind.partial
        assert bank.by_id("s-1.3-3-a").solution == {"groups": (("bleu",), ("blanc",), ("rouge",))}
        with pytest.raises(KeyError):
            bank.by_id("nope")

    def test_image_and_attachment_resolve_against_the_pack(self, valid_pack: Path) -> None:
        bank = load_bank(valid_pack.parent)
        c = bank.by_id("s-1.1-1-a")
        assert c.image is not None
        assert (bank.root_for(c.id) / c.image).is_file()

    def test_check_packs_finds_nothing(self, valid_pack: Path) -> None:
        assert check_packs(valid_pack) == []
        assert check_packs(valid_pack.parent) == []
        assert check_packs(valid_pack / "1.3.json") == []

    def test_single_file(self, valid_pack: Path) -> None:
        bank = load_bank(valid_pack / "1.1.json")
        assert [c.id for c in bank] == ["s-1.1-1-a", "s-1.1-2-a"]

    def test_a_json_attachment_inside_a_pack_is_not_content(self, valid_pack: Path) -> None:
        (valid_pack / "files" / "data.json").write_text("[1, 2, 3]", encoding="utf-8")
        assert len(load_bank(valid_pack.parent)) == 5

    def test_byte_order_mark_is_accepted(self, tmp_path: Path) -> None:
        text = json.dumps({"format": CONTENT_FORMAT, "challenges": [challenge()]})
        (tmp_path / "bom.json").write_text("\ufeff" + text, encoding="utf-8")
        assert len(load_pack(tmp_path)) == 1

    def test_stats_table(self, valid_pack: Path) -> None:
        table = stats_table(load_pack(valid_pack)).splitlines()
        assert table[0].split() == ["competence", "1", "2", "3", "4", "5", "6", "7", "8", "total"]
        assert len(table) == 1 + 16 + 1
        assert table[1].split() == ["1.1", "0", "1", "1", "0", "0", "0", "0", "0", "2"]
        assert table[3].split() == ["1.3", "0", "3", "0", "0", "0", "0", "0", "0", "3"]
        assert table[16].split() == ["5.2", *["0"] * 9]
        assert table[-1].split() == ["total", "0", "4", "1", "0", "0", "0", "0", "0", "5"]

    def test_bank_refuses_duplicate_ids(self, valid_pack: Path) -> None:
        c = load_pack(valid_pack).by_id("s-1.1-1-a")
        with pytest.raises(ValueError, match="duplicate"):
            ContentBank([(c, valid_pack), (c, valid_pack)])


class TestFileErrors:
    def test_bad_json_reports_line_and_column(self, tmp_path: Path) -> None:
        file = tmp_path / "broken.json"
        file.write_text('{\n  "format": "examroom-content/1",\n  "challenges": [,]\n}\n')
        [error] = check_packs(tmp_path)
        assert error.file == str(file)
        assert error.challenge_id is None
        assert error.message.startswith("invalid JSON at line 3, column 18:")

    def test_not_utf8(self, tmp_path: Path) -> None:
        (tmp_path / "latin1.json").write_bytes('{"format": "é"}'.encode("latin-1"))
        [error] = check_packs(tmp_path)
        assert "not valid UTF-8" in error.message

    def test_unreadable_file(self, tmp_path: Path) -> None:
        (tmp_path / "gone.json").symlink_to(tmp_path / "missing-target.json")
        [error] = check_packs(tmp_path)
        assert error.message == "cannot be read: No such file or directory"
        with pytest.raises(ContentPackError, match="cannot be read"):
            load_pack(tmp_path)

    @pytest.mark.parametrize(
        ("document", "field", "message"),
        [
            ([], None, "must be a JSON object"),
            ({"challenges": []}, "format", "must be 'examroom-content/1', found nothing"),
            ({"format": "examroom-content/2", "challenges": []}, "format", "found 'examroom"),
            ({"format": CONTENT_FORMAT}, "challenges", "must be a list"),
            ({"format": CONTENT_FORMAT, "challenges": [3]}, "challenges[0]", "must be a"),
        ],
    )
    def test_file_structure(
        self, tmp_path: Path, document: object, field: str | None, message: str
    ) -> None:
        (tmp_path / "pack.json").write_text(json.dumps(document), encoding="utf-8")
        [error] = check_packs(tmp_path)
        assert (error.field, error.challenge_id) == (field, None)
        assert message in error.message

    def test_unknown_top_level_key(self, tmp_path: Path) -> None:
        document = {"format": CONTENT_FORMAT, "challenge": [], "challenges": []}
        (tmp_path / "pack.json").write_text(json.dumps(document), encoding="utf-8")
        [error] = check_packs(tmp_path)
        assert error.field == "challenge"
        assert error.message == "unknown key (did you mean 'challenges'?)"

    def test_duplicate_json_key(self, tmp_path: Path) -> None:
        text = json.dumps({"format": CONTENT_FORMAT, "challenges": [challenge()]})
        text = text.replace('"level": 2', '"level": 2, "level": 3')
        (tmp_path / "pack.json").write_text(text, encoding="utf-8")
        [error] = check_packs(tmp_path)
        assert error.field == "level"
        assert "appears twice" in error.message

    def test_nothing_to_load(self, tmp_path: Path) -> None:
        [missing] = check_packs(tmp_path / "nowhere")
        assert missing.message == "does not exist"
        [empty] = check_packs(tmp_path)
        assert "no content files" in empty.message
        (tmp_path / "notes.txt").write_text("", encoding="utf-8")
        [not_json] = check_packs(tmp_path / "notes.txt")
        assert not_json.message == "is not a .json file"

    def test_load_pack_needs_a_directory_with_content(self, tmp_path: Path) -> None:
        with pytest.raises(ContentPackError, match="no content files"):
            load_pack(tmp_path)
        with pytest.raises(ContentPackError, match="is not a directory"):
            load_pack(tmp_path / "nowhere")


class TestChallengeErrors:
    def test_message_format(self, tmp_path: Path) -> None:
        error = only_error(tmp_path, challenge(id="s-1.1-1-a", solution=5))
        assert str(error) == (
            f"{tmp_path / 'pack.json'}: challenge s-1.1-1-a: field solution:"
            " index 5 is out of range (4 proposals)"
        )

    def test_unknown_key_suggests_the_right_one(self, tmp_path: Path) -> None:
        error = only_error(tmp_path, challenge(timmer=30))
        assert (error.challenge_id, error.field) == ("c-1", "timmer")
        assert error.message == "unknown key (did you mean 'timer'?)"

    def test_unknown_key_without_close_match_lists_the_allowed_ones(self, tmp_path: Path) -> None:
        error = only_error(tmp_path, challenge(xyz=1))
        assert error.message.startswith("unknown key (allowed: id, competence, level")

    @pytest.mark.parametrize(
        "key", ["id", "competence", "level", "skill", "type", "instruction", "solution"]
    )
    def test_missing_required_key(self, tmp_path: Path, key: str) -> None:
        error = only_error(tmp_path, challenge(**{key: DROP}))
        assert (error.field, error.message) == (key, "is required")

    def test_challenge_without_id_is_named_by_position(self, tmp_path: Path) -> None:
        errors = errors_for(tmp_path, challenge(), challenge(id=DROP, level=9))
        assert [(e.challenge_id, e.field) for e in errors] == [("#2", "id"), ("#2", "level")]

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"id": "Majuscule"}, "id", "is not a valid id"),
            ({"id": 12}, "id", "must be a string"),
            ({"competence": "6.1"}, "competence", "unknown competence '6.1'"),
            ({"level": 0}, "level", "0 is out of range (1 to 8)"),
            ({"level": 9}, "level", "9 is out of range (1 to 8)"),
            ({"level": True}, "level", "must be an integer from 1 to 8"),
            ({"level": "2"}, "level", "must be an integer from 1 to 8"),
            ({"skill": ""}, "skill", "must be a non-empty string"),
            ({"instruction": "  "}, "instruction", "must be a non-empty string"),
            ({"type": "QCX"}, "type", "unknown type 'QCX'"),
            ({"proposals": DROP}, "proposals", "is required for a QCU challenge"),
            ({"proposals": ["seule"]}, "proposals", "must be a list of 2 to 8 strings"),
            ({"proposals": list("abcdefghi")}, "proposals", "must be a list of 2 to 8"),
            ({"proposals": ["a", "", "c"]}, "proposals[1]", "must be a non-empty string"),
            ({"proposals": ["Oui", "Non", "Oui "]}, "proposals[2]", "'Oui ' is listed twice"),
            ({"solution": 0}, "solution", "index 0 is out of range (4 proposals)"),
            ({"solution": "2"}, "solution", "must be the number of the right proposal"),
            ({"solution": [2]}, "solution", "must be the number of the right proposal"),
            ({"type": "QCM", "solution": []}, "solution", "must be a non-empty list"),
            ({"type": "QCM", "solution": [1, 7]}, "solution[1]", "index 7 is out of range"),
            ({"type": "QCM", "solution": [1, 1]}, "solution[1]", "proposal 1 is listed twice"),
            ({"type": "QCM", "solution": [1, "2"]}, "solution[1]", "must be a proposal number"),
            (
                {"fields": [{"name": "r", "label": "R"}]},
                "fields",
                "a QCU challenge has proposals, not fields",
            ),
            ({"tolerances": {"t4": False}}, "tolerances.t4", "unknown key"),
            ({"tolerances": {"t1": "non"}}, "tolerances.t1", "must be true or false"),
            ({"tolerances": [True]}, "tolerances", "must be an object"),
            ({"timer": 5}, "timer", "5 is out of range (10 to 600)"),
            ({"timer": 601}, "timer", "601 is out of range (10 to 600)"),
            ({"timer": None}, "timer", "must be an integer from 10 to 600"),
            ({"focus": "oui"}, "focus", "must be true or false"),
            ({"partial": True}, "partial", "only QROCM-ind and QROCM-dep"),
            ({"keep_order": "oui"}, "keep_order", "must be true or false"),
            ({"keep_order": None}, "keep_order", "must be true or false"),
            ({"image_alt": "Un logo"}, "image_alt", "only allowed together with an image"),
        ],
    )
    def test_invalid_value(
        self, tmp_path: Path, changes: dict[str, Any], field: str, message: str
    ) -> None:
        error = only_error(tmp_path, challenge(**changes))
        raw_id = changes.get("id", "c-1")
        expected_id = raw_id if isinstance(raw_id, str) else "#1"  # no usable id: position
        assert (error.challenge_id, error.field) == (expected_id, field)
        assert message in error.message

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"fields": DROP}, "fields", "is required for a QROC challenge"),
            ({"proposals": ["a", "b"]}, "proposals", "has fields, not proposals"),
            (
                {"fields": [{"name": "a", "label": "A"}, {"name": "b", "label": "B"}]},
                "fields",
                "a QROC challenge has exactly 1 field",
            ),
            ({"fields": [{"name": "r"}]}, "fields[0].label", "must be a non-empty string"),
            ({"fields": ["r"]}, "fields[0]", "must be an object"),
            (
                {"fields": [{"name": "r", "label": "R", "fromat": "nombre"}]},
                "fields[0].fromat",
                "did you mean 'format'?",
            ),
            (
                {"fields": [{"name": "r", "label": "R", "format": "number"}]},
                "fields[0].format",
                "must be 'texte' or 'nombre'",
            ),
            ({"solution": ["Paris"]}, "solution", "must be an object mapping each field"),
            ({"solution": {}}, "solution", "no accepted answers for field 'r'"),
            ({"solution": {"r": ["Paris"], "s": ["x"]}}, "solution.s", "is not a field"),
            ({"solution": {"r": []}}, "solution.r", "must be a non-empty list"),
            ({"solution": {"r": "Paris"}}, "solution.r", "must be a non-empty list"),
            ({"solution": {"r": ["Paris", ""]}}, "solution.r[1]", "must be a non-empty string"),
        ],
    )
    def test_invalid_qroc(
        self, tmp_path: Path, changes: dict[str, Any], field: str, message: str
    ) -> None:
        error = only_error(tmp_path, qroc(**changes))
        assert (error.challenge_id, error.field) == ("c-1", field)
        assert message in error.message

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"fields": [{"name": "a", "label": "A"}]}, "fields", "has at least 2 fields"),
            (
                {"fields": [{"name": "a", "label": "A"}, {"name": "a", "label": "B"}]},
                "fields[1].name",
                "field name 'a' is used twice",
            ),
            (
                {
                    "fields": [
                        {"name": "a", "label": "A", "format": "nombre"},
                        {"name": "b", "label": "B"},
                    ]
                },
                "fields",
                "must share one format",
            ),
            ({"solution": {"groups": [["bleu"]]}}, "solution.groups", "1 group(s) for 2 fields"),
            ({"solution": {"groups": [["bleu"], []]}}, "solution.groups[1]", "non-empty list"),
            ({"solution": {"groups": "bleu"}}, "solution.groups", "must be a list of groups"),
            ({"solution": [["bleu"], ["blanc"]]}, "solution", '{"groups": [[...], ...]}'),
            ({"solution": {"groups": [["a"], ["b"]], "x": 1}}, "solution", "{"),
            ({"partial": "oui"}, "partial", "must be true or false"),
        ],
    )
    def test_invalid_qrocm_dep(
        self, tmp_path: Path, changes: dict[str, Any], field: str, message: str
    ) -> None:
        error = only_error(tmp_path, qrocm_dep(**changes))
        assert (error.challenge_id, error.field) == ("c-1", field)
        assert message in error.message

    def test_nombre_solution_must_be_a_number(self, tmp_path: Path) -> None:
        fields = [{"name": "r", "label": "Total", "format": "nombre"}]
        error = only_error(tmp_path, qroc(fields=fields, solution={"r": ["12", "douze"]}))
        assert (error.challenge_id, error.field) == ("c-1", "solution.r[1]")
        assert error.message == "'douze' is not a number (the field is 'nombre')"

    def test_nombre_groups_must_be_numbers(self, tmp_path: Path) -> None:
        fields = [
            {"name": "a", "label": "A", "format": "nombre"},
            {"name": "b", "label": "B", "format": "nombre"},
        ]
        error = only_error(tmp_path, qrocm_dep(fields=fields, solution={"groups": [["1"], ["x"]]}))
        assert error.field == "solution.groups[1][0]"

    def test_solution_rejected_by_its_own_checker(self, tmp_path: Path) -> None:
        # T2 erases "?!", so no candidate could ever type this accepted answer.
        error = only_error(tmp_path, qroc(solution={"r": ["Paris", "?!"]}))
        assert (error.challenge_id, error.field) == ("c-1", "solution")
        assert error.message == (
            "accepted answer '?!' of field 'r' is marked ko by the challenge's own checker"
        )

    def test_same_solution_accepted_when_t2_is_off(self, tmp_path: Path) -> None:
        assert errors_for(tmp_path, qroc(solution={"r": ["?!"]}, tolerances={"t2": False})) == []

    def test_groups_may_share_an_answer(self, tmp_path: Path) -> None:
        groups = [["bleu", "azur"], ["bleu", "blanc"]]
        assert errors_for(tmp_path, qrocm_dep(solution={"groups": groups})) == []

    def test_an_accepted_answer_that_can_never_count_is_reported(self, tmp_path: Path) -> None:
        # Group 1 only takes "bleu", so "bleu" can never be spent on group 2.
        groups = [["bleu"], ["bleu", "blanc"]]
        error = only_error(tmp_path, qrocm_dep(solution={"groups": groups}))
        assert error.message.startswith("accepted answer 'bleu' of group 2 is marked ko")

    def test_groups_that_cannot_all_be_answered_are_reported(self, tmp_path: Path) -> None:
        errors = errors_for(tmp_path, qrocm_dep(solution={"groups": [["bleu"], ["Bleu"]]}))
        assert [(e.field, e.message) for e in errors] == [
            (
                "solution",
                "accepted answer 'bleu' of group 1 is marked ko by the challenge's own checker",
            ),
            (
                "solution",
                "accepted answer 'Bleu' of group 2 is marked ko by the challenge's own checker",
            ),
        ]


class TestPackFiles:
    @pytest.fixture
    def pack(self, tmp_path: Path) -> Path:
        (tmp_path / "pack" / "files").mkdir(parents=True)
        (tmp_path / "pack" / "files" / "a.png").write_bytes(b"")
        (tmp_path / "secret.txt").write_text("", encoding="utf-8")
        return tmp_path / "pack"

    def error_for(self, pack: Path, **changes: Any) -> ContentError:
        write(pack / "pack.json", [challenge(**changes)])
        [error] = check_packs(pack)
        return error

    def test_missing_attachment(self, pack: Path) -> None:
        error = self.error_for(pack, attachment="files/tableur.ods")
        assert (error.challenge_id, error.field) == ("c-1", "attachment")
        assert error.message == "file 'files/tableur.ods' not found in the pack directory"

    def test_missing_image(self, pack: Path) -> None:
        error = self.error_for(pack, image="files/b.png", image_alt="B")
        assert (error.field, error.message) == (
            "image",
            "file 'files/b.png' not found in the pack directory",
        )

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            ("../secret.txt", "must stay inside the pack directory"),
            ("files/../../secret.txt", "must stay inside the pack directory"),
            ("/etc/passwd", "must be relative to the pack directory"),
            ("C:/Windows/win.ini", "must be relative to the pack directory"),
            ("files\\a.png", "use '/' to separate directories"),
            ("", "must be a non-empty path"),
        ],
    )
    def test_path_escape(self, pack: Path, path: str, message: str) -> None:
        error = self.error_for(pack, attachment=path)
        assert (error.challenge_id, error.field) == ("c-1", "attachment")
        assert message in error.message

    def test_symbolic_link_escape(self, pack: Path) -> None:
        (pack / "files" / "link.txt").symlink_to(pack.parent / "secret.txt")
        error = self.error_for(pack, attachment="files/link.txt")
        assert "leads outside the pack directory" in error.message

    def test_image_needs_a_text_alternative(self, pack: Path) -> None:
        error = self.error_for(pack, image="files/a.png")
        assert (error.field, error.message) == (
            "image_alt",
            "a non-empty text alternative is required with an image",
        )


class TestDuplicateIds:
    def test_in_one_file(self, tmp_path: Path) -> None:
        errors = errors_for(tmp_path, challenge(), challenge())
        assert [(e.challenge_id, e.field) for e in errors] == [("c-1", "id")]
        assert errors[0].message == f"duplicate id (already defined in {tmp_path / 'pack.json'})"

    def test_across_files_of_a_pack(self, tmp_path: Path) -> None:
        write(tmp_path / "a.json", [challenge()])
        write(tmp_path / "b.json", [challenge()])
        [error] = check_packs(tmp_path)
        assert (error.file, error.challenge_id, error.field) == (
            str(tmp_path / "b.json"),
            "c-1",
            "id",
        )

    def test_across_packs(self, tmp_path: Path) -> None:
        write(tmp_path / "one" / "x.json", [challenge()])
        write(tmp_path / "two" / "x.json", [challenge(), challenge(id="c-2")])
        [error] = check_packs(tmp_path)
        assert error.file == str(tmp_path / "two" / "x.json")
        assert "already defined in" in error.message
        assert check_packs(tmp_path / "one") == []


class TestAllErrorsAtOnce:
    def test_every_error_of_every_file(self, tmp_path: Path) -> None:
        (tmp_path / "a-broken.json").write_text('{"format": ', encoding="utf-8")
        write(
            tmp_path / "b.json",
            [
                challenge(id="b-1", level=12, timmer=3),
                qroc(id="b-2", solution={"r": ["?"]}),
                challenge(id="b-3"),
            ],
        )
        write(tmp_path / "c.json", [challenge(id="b-3", solution=9)])
        with pytest.raises(ContentPackError) as raised:
            load_pack(tmp_path)
        found = [(Path(e.file).name, e.challenge_id, e.field) for e in raised.value.errors]
        assert found == [
            ("a-broken.json", None, None),
            ("b.json", "b-1", "timmer"),
            ("b.json", "b-1", "level"),
            ("b.json", "b-2", "solution"),
            ("c.json", "b-3", "solution"),
        ]
        assert str(raised.value).startswith("5 content error(s):\n  ")
        assert check_packs(tmp_path) == raised.value.errors

    def test_load_bank_raises_too(self, tmp_path: Path) -> None:
        write(tmp_path / "pack" / "a.json", [challenge(level=0)])
        with pytest.raises(ContentPackError) as raised:
            load_bank(tmp_path)
        assert [e.field for e in raised.value.errors] == ["level"]


def test_the_documented_example_loads(tmp_path: Path) -> None:
    """docs/content-format.md must stay true: its full example is a valid pack."""
    doc = Path(__file__).parents[2] / "docs" / "content-format.md"
    example = doc.read_text(encoding="utf-8").split("```json\n")[-1].split("```")[0]
    (tmp_path / "files").mkdir()
    for name in ("logo-moteur.png", "notes.ods"):
        (tmp_path / "files" / name).write_bytes(b"")
    (tmp_path / "example.json").write_text(example, encoding="utf-8")
    bank = load_pack(tmp_path)
    assert sorted(c.type.value for c in bank) == sorted(t.value for t in ChallengeType)


def test_keep_order_is_read_for_choice_challenges_only(tmp_path: Path) -> None:
    """An author may keep the proposals in their order; only QCU and QCM have proposals."""
    write(
        tmp_path / "p.json",
        [
            challenge(id="k-1", keep_order=True),
            challenge(id="k-2", type="QCM", solution=[1, 3], keep_order=False),
            challenge(id="k-3"),
        ],
    )
    bank = load_pack(tmp_path)
    assert [c.keep_order for c in bank] == [True, False, False]
    error = only_error(tmp_path / "other", qroc(keep_order=True))
    assert (error.field, error.message) == (
        "keep_order",
        "only QCU and QCM challenges have proposals to keep in order",
    )


def test_wrong_answers_must_be_refused_by_the_checker(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    challenge = {
        "id": "w-1", "competence": "1.2", "level": 1, "skill": "@ext1", "type": "QROC",
        "instruction": "Quelle est l'extension ?", "fields": [{"name": "r1", "label": "R"}],
        "solution": {"r1": ["tableur"]}, "tolerances": {"t3": True},
        "wrong_answers": [{"r1": "texte"}, {"r1": "tableu"}],
    }
    (pack / "p.json").write_text(
        json.dumps({"format": "examroom-content/1", "challenges": [challenge]}), "utf-8")
    errors = check_packs(pack)
    assert [e.field for e in errors] == ["wrong_answers[1]"]
    challenge["tolerances"] = {"t3": False}
    (pack / "p.json").write_text(
        json.dumps({"format": "examroom-content/1", "challenges": [challenge]}), "utf-8")
    assert check_packs(pack) == []
    assert load_bank(pack).by_id("w-1").wrong_answers == ({"r1": "texte"}, {"r1": "tableu"})
