"""Content packs: reading the questions from disk, refusing anything doubtful.

A pack is a directory of ``*.json`` files (format ``examroom-content/1``, described in
docs/content-format.md) plus the images and attachments they refer to. Packs are written
by hand, so the loader is strict and talkative: unknown keys are errors (a typo such as
"timmer" must not silently drop a timer), every error in every file is reported at once
with its file, challenge and field, and every solution must be accepted by the same
checker that will mark the candidates (app.domain.answers). A pack that loads is a pack
whose questions can be answered right.

Validation is plain code rather than pydantic: almost every rule depends on the challenge
type and on other keys (proposal count, field formats, pack directory), and plain code
gives messages in the words of the format ("index 5 is out of range (4 proposals)").
"""

from __future__ import annotations

import difflib
import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from app.domain.answers import answers_from_solution, check_answer, normalize_basic, parse_number
from app.domain.competences import COMPETENCE_CODES, MAX_LEVEL
from app.domain.content import (
    AnswerStatus,
    Challenge,
    ChallengeType,
    FieldFormat,
    InputField,
    Tolerances,
)

CONTENT_FORMAT = "examroom-content/1"
"""Value of the "format" key of every content file; a new version gets a new value."""

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
MIN_LEVEL = 1
MIN_PROPOSALS, MAX_PROPOSALS = 2, 8
MIN_TIMER, MAX_TIMER = 10, 600

_FILE_KEYS = ("format", "challenges")
_REQUIRED_KEYS = ("id", "competence", "level", "skill", "type", "instruction", "solution")
_OPTIONAL_KEYS = (
    "proposals",
    "fields",
    "tolerances",
    "timer",
    "focus",
    "image",
    "image_alt",
    "attachment",
    "partial",
    "wrong_answers",
    "keep_order",
)
_CHALLENGE_KEYS = _REQUIRED_KEYS + _OPTIONAL_KEYS
_FIELD_KEYS = ("name", "label", "format")
_TOLERANCE_KEYS = ("t1", "t2", "t3")

_CHOICE_TYPES = frozenset({ChallengeType.QCU, ChallengeType.QCM})
_QROCM_TYPES = frozenset({ChallengeType.QROCM_IND, ChallengeType.QROCM_DEP})

StrPath = str | os.PathLike[str]


@dataclass(frozen=True, slots=True)
class ContentError:
    """One problem in a content pack, located as precisely as the problem allows.

    ``challenge_id`` is None for file-level problems; for a challenge without a usable
    id it is its position in the file ("#3"). ``field`` is a path inside the challenge
    such as ``fields[1].name`` or ``solution.groups[0]``.
    """

    file: str
    challenge_id: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        parts = [self.file]
        if self.challenge_id is not None:
            parts.append(f"challenge {self.challenge_id}")
        if self.field is not None:
            parts.append(f"field {self.field}")
        parts.append(self.message)
        return ": ".join(parts)


class ContentPackError(Exception):
    """Content could not be loaded; ``errors`` lists every problem found, not just one."""

    def __init__(self, errors: Sequence[ContentError]) -> None:
        self.errors = list(errors)
        lines = "\n".join(f"  {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} content error(s):\n{lines}")


class ContentBank:
    """The loaded challenges, immutable, in load order (files by name, then file order).

    Remembers each challenge's pack directory, because images and attachments are
    paths relative to it.
    """

    __slots__ = ("_by_id", "_challenges", "_roots")

    def __init__(self, entries: Iterable[tuple[Challenge, Path]]) -> None:
        """Build from (challenge, pack directory) pairs; ids must be unique."""
        by_id: dict[str, Challenge] = {}
        roots: dict[str, Path] = {}
        for challenge, root in entries:
            if challenge.id in by_id:
                raise ValueError(f"duplicate challenge id {challenge.id!r}")
            by_id[challenge.id] = challenge
            roots[challenge.id] = root
        self._by_id = by_id
        self._roots = roots
        self._challenges = tuple(by_id.values())

    @property
    def challenges(self) -> tuple[Challenge, ...]:
        return self._challenges

    def by_id(self, challenge_id: str) -> Challenge:
        """The challenge with this id; KeyError if the bank has none."""
        return self._by_id[challenge_id]

    def __contains__(self, challenge_id: object) -> bool:
        return challenge_id in self._by_id

    def __iter__(self) -> Iterator[Challenge]:
        return iter(self._challenges)

    def __len__(self) -> int:
        return len(self._challenges)

    def for_competence(self, code: str) -> tuple[Challenge, ...]:
        """The challenges of one competence (e.g. "1.1"), in load order."""
        return tuple(c for c in self._challenges if c.competence == code)

    def root_for(self, challenge_id: str) -> Path:
        """The pack directory a challenge's image and attachment paths are relative to."""
        return self._roots[challenge_id]


# --- public entry points ---------------------------------------------------------------


def load_pack(path: StrPath) -> ContentBank:
    """Load one pack directory (its top-level ``*.json`` files).

    Raises ContentPackError listing every error found.
    """
    root = Path(path)
    if not root.is_dir():
        raise ContentPackError([ContentError(str(root), None, None, "is not a directory")])
    files = sorted(file for file in root.glob("*.json") if not file.is_dir())
    if not files:
        raise ContentPackError(
            [ContentError(str(root), None, None, "no content files (*.json) in this pack")]
        )
    return _bank_or_raise(_load([(root, files)]))


def load_bank(path: StrPath) -> ContentBank:
    """Load everything under ``path``: a pack, a single content file or a tree of packs.

    Raises ContentPackError listing every error found.
    """
    return _bank_or_raise(_load_path(Path(path)))


def check_packs(path: StrPath) -> list[ContentError]:
    """Every error in the content under ``path`` (see load_bank); empty when it is valid."""
    return _load_path(Path(path))[1]


def stats_table(bank: ContentBank) -> str:
    """A competence × level table of challenge counts, with totals.

    Every competence is listed, including those with no challenge, because the gaps are
    what an author looks for: a test needs challenges in each certifiable competence.
    """
    levels = range(MIN_LEVEL, MAX_LEVEL + 1)
    grid = {(code, level): 0 for code in COMPETENCE_CODES for level in levels}
    for challenge in bank:
        grid[challenge.competence, challenge.level] += 1
    header = ["competence", *(str(level) for level in levels), "total"]
    rows = [header]
    for code in COMPETENCE_CODES:
        row = [grid[code, level] for level in levels]
        rows.append([code, *map(str, row), str(sum(row))])
    per_level = [sum(grid[code, level] for code in COMPETENCE_CODES) for level in levels]
    rows.append(["total", *map(str, per_level), str(len(bank))])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    )


# --- coverage report (`examroom content stats`) ----------------------------------------

TARGET_LEVELS = range(1, 7)
"""Levels a full certification bank covers: a real test goes up to level 5-6 (issue 7)."""
TARGET_PER_CELL = 4
TARGET_SKILLS_PER_CELL = 3
TARGET_TYPE_PERCENT = 15
TARGET_TIMED_PERCENT = 10
TARGET_FOCUS_PERCENT = 5
TARGET_ATTACHMENTS = 40

STATS_BEGIN = "<!-- examroom content stats: begin -->"
STATS_END = "<!-- examroom content stats: end -->"
"""Markers around the generated report in a Markdown file (`content stats --doc FILE`)."""


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as text columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _percent(count: int, total: int) -> float:
    return 100 * count / total if total else 0.0


def type_table(bank: ContentBank) -> str:
    """A competence × level table whose cells count each type, e.g. ``1·1·1·1·0``.

    The counts are in ChallengeType order (QCU·QCM·QROC·QROCM-ind·QROCM-dep). Levels run
    from 1 to the highest of 6 and the bank's highest level, so missing levels show. A
    level × type table of the totals follows.
    """
    types = list(ChallengeType)
    top = max([TARGET_LEVELS[-1], *(c.level for c in bank)])
    levels = range(MIN_LEVEL, top + 1)
    grid = {(code, level): [0] * len(types) for code in COMPETENCE_CODES for level in levels}
    for challenge in bank:
        grid[challenge.competence, challenge.level][types.index(challenge.type)] += 1

    def cell(counts: Iterable[Sequence[int]]) -> str:
        return "·".join(str(sum(column)) for column in zip(*counts, strict=True))

    rows = [["competence", *(str(level) for level in levels), "total"]]
    for code in COMPETENCE_CODES:
        cells = [grid[code, level] for level in levels]
        rows.append([code, *(cell([counts]) for counts in cells), cell(cells)])
    # Per-level totals get a table of their own: as cells they would be twice as wide.
    level_rows = [["level", *(t.value for t in types), "total"]]
    for level in [*levels, None]:
        sums = [
            sum(counts[i] for (_, lvl), counts in grid.items() if level in (None, lvl))
            for i in range(len(types))
        ]
        name = "total" if level is None else str(level)
        level_rows.append([name, *map(str, sums), str(sum(sums))])
    return "\n".join([*_aligned(rows), "", *_aligned(level_rows)])


def bank_targets(bank: ContentBank) -> list[tuple[bool, str]]:
    """The numbers a full certification bank must reach (issue 7), each met or not."""
    total = len(bank)
    cells = [(code, level) for code in COMPETENCE_CODES for level in TARGET_LEVELS]
    counts = dict.fromkeys(cells, 0)
    skills: dict[tuple[str, int], set[str]] = {key: set() for key in cells}
    for challenge in bank:
        key = (challenge.competence, challenge.level)
        if key in counts:
            counts[key] += 1
            skills[key].add(challenge.skill)
    fewest = min(counts.values())
    fewest_skills = min(len(names) for names in skills.values())
    shares = {t: _percent(sum(1 for c in bank if c.type is t), total) for t in ChallengeType}
    rarest = min(shares, key=shares.__getitem__)
    timed = _percent(sum(1 for c in bank if c.is_timed), total)
    focus = _percent(sum(1 for c in bank if c.focus), total)
    attached = sum(1 for c in bank if c.has_attachment)
    levels = f"{TARGET_LEVELS[0]}–{TARGET_LEVELS[-1]}"
    return [
        (
            fewest >= TARGET_PER_CELL,
            f"all {len(COMPETENCE_CODES)} competences × levels {levels}, "
            f"≥ {TARGET_PER_CELL} challenges each: fewest {fewest}",
        ),
        (
            fewest_skills >= TARGET_SKILLS_PER_CELL,
            f"≥ {TARGET_SKILLS_PER_CELL} distinct skills per competence and level: "
            f"fewest {fewest_skills}",
        ),
        (
            shares[rarest] >= TARGET_TYPE_PERCENT,
            f"each type ≥ {TARGET_TYPE_PERCENT} %: rarest {rarest} {shares[rarest]:.1f} %",
        ),
        (timed >= TARGET_TIMED_PERCENT, f"≥ {TARGET_TIMED_PERCENT} % timed: {timed:.1f} %"),
        (focus >= TARGET_FOCUS_PERCENT, f"≥ {TARGET_FOCUS_PERCENT} % focus: {focus:.1f} %"),
        (
            attached >= TARGET_ATTACHMENTS,
            f"≥ {TARGET_ATTACHMENTS} challenges with an attachment: {attached}",
        ),
    ]


def coverage_report(bank: ContentBank) -> str:
    """What `examroom content stats` prints: the tables, the totals and the targets."""
    total = len(bank)
    rows = [["", "challenges", "share"]]
    for challenge_type in ChallengeType:
        count = sum(1 for c in bank if c.type is challenge_type)
        rows.append([challenge_type.value, str(count), f"{_percent(count, total):.1f} %"])
    for label, count in (
        ("timed", sum(1 for c in bank if c.is_timed)),
        ("focus", sum(1 for c in bank if c.focus)),
        ("with an attachment", sum(1 for c in bank if c.has_attachment)),
        ("with an image", sum(1 for c in bank if c.has_image)),
    ):
        rows.append([label, str(count), f"{_percent(count, total):.1f} %"])
    rows.append(["all", str(total), ""])
    skills: dict[tuple[str, int], set[str]] = {}
    for challenge in bank:
        skills.setdefault((challenge.competence, challenge.level), set()).add(challenge.skill)
    per_cell = [len(names) for names in skills.values()] or [0]
    type_names = "·".join(t.value for t in ChallengeType)
    return "\n".join(
        [
            "Challenges per competence and level",
            "",
            stats_table(bank),
            "",
            f"Challenges per competence, level and type (each cell: {type_names})",
            "",
            type_table(bank),
            "",
            "Totals",
            "",
            *_aligned(rows),
            "",
            f"distinct skills per competence and level (levels present): "
            f"fewest {min(per_cell)}, most {max(per_cell)}",
            "",
            "Targets for a full certification bank (issue 7)",
            "",
            *(f"{'✓' if met else '✗'} {text}" for met, text in bank_targets(bank)),
        ]
    )


def replace_stats_block(document: str, report: str) -> str:
    """``document`` with a ``text`` code block of ``report`` between the stats markers.

    Raises ValueError when the document lacks the markers (STATS_BEGIN, STATS_END).
    """
    begin, end = document.find(STATS_BEGIN), document.find(STATS_END)
    if begin < 0 or end < begin:
        raise ValueError(f"no {STATS_BEGIN} … {STATS_END} markers")
    head = document[: begin + len(STATS_BEGIN)]
    return f"{head}\n```text\n{report}\n```\n{document[end:]}"


# --- discovery -------------------------------------------------------------------------

_Pack = tuple[Path, Sequence[Path]]
"""A pack directory and the content files to read from it."""


def _load_path(path: Path) -> tuple[ContentBank, list[ContentError]]:
    """Find the packs under ``path`` and load them all together (ids unique across all)."""
    if path.is_file():
        if path.suffix != ".json":
            return ContentBank(()), [ContentError(str(path), None, None, "is not a .json file")]
        return _load([(path.parent, [path])])
    if not path.is_dir():
        return ContentBank(()), [ContentError(str(path), None, None, "does not exist")]
    packs = _find_packs(path)
    if not packs:
        error = ContentError(str(path), None, None, "no content files (*.json) found")
        return ContentBank(()), [error]
    return _load(packs)


def _find_packs(top: Path) -> list[_Pack]:
    """Every directory holding ``*.json`` files is a pack; a pack's subdirectories are not.

    Not descending into a pack matters: its ``files/`` may hold a JSON attachment, which
    is a document for the candidate, not content.
    """
    packs: list[_Pack] = []
    for directory, subdirectories, names in os.walk(top):
        subdirectories.sort()
        files = sorted(Path(directory, name) for name in names if name.endswith(".json"))
        if files:
            packs.append((Path(directory), files))
            subdirectories.clear()
    return packs


def _bank_or_raise(loaded: tuple[ContentBank, list[ContentError]]) -> ContentBank:
    bank, errors = loaded
    if errors:
        raise ContentPackError(errors)
    return bank


def _load(packs: Iterable[_Pack]) -> tuple[ContentBank, list[ContentError]]:
    """Read and validate every file of every pack; the bank holds the valid challenges."""
    errors: list[ContentError] = []
    entries: list[tuple[Challenge, Path]] = []
    first_seen: dict[str, str] = {}
    for root, files in packs:
        for file in files:
            for challenge in _read_file(file, root, errors):
                if challenge.id in first_seen:
                    errors.append(
                        ContentError(
                            str(file),
                            challenge.id,
                            "id",
                            f"duplicate id (already defined in {first_seen[challenge.id]})",
                        )
                    )
                    continue
                first_seen[challenge.id] = str(file)
                entries.append((challenge, root))
    return ContentBank(entries), errors


def _read_file(file: Path, root: Path, errors: list[ContentError]) -> list[Challenge]:
    """The valid challenges of one content file; its problems are appended to ``errors``."""
    label = str(file)

    def file_error(field: str | None, message: str) -> None:
        errors.append(ContentError(label, None, field, message))

    try:
        # utf-8-sig: Windows editors may add a byte-order mark, which is harmless here.
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        file_error(None, f"is not valid UTF-8 (byte {exc.start})")
        return []
    except OSError as exc:
        file_error(None, f"cannot be read: {exc.strerror}")
        return []

    duplicate_keys: list[str] = []

    def keep_pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
        obj: dict[str, object] = {}
        for key, value in pairs:
            if key in obj:
                duplicate_keys.append(key)
            obj[key] = value
        return obj

    try:
        data: object = json.loads(text, object_pairs_hook=keep_pairs)
    except json.JSONDecodeError as exc:
        file_error(None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        return []
    for key in duplicate_keys:
        file_error(key, "key appears twice in the same object (the last value would win)")

    if not isinstance(data, dict):
        file_error(None, 'must be a JSON object {"format": ..., "challenges": [...]}')
        return []
    for key in data:
        if key not in _FILE_KEYS:
            file_error(key, _unknown_key_message(key, _FILE_KEYS))
    if data.get("format") != CONTENT_FORMAT:
        found = repr(data["format"]) if "format" in data else "nothing"
        file_error("format", f"must be {CONTENT_FORMAT!r}, found {found}")
        return []
    raw_challenges = data.get("challenges")
    if not isinstance(raw_challenges, list):
        file_error("challenges", "must be a list of challenge objects")
        return []

    challenges: list[Challenge] = []
    for index, raw in enumerate(raw_challenges):
        if not isinstance(raw, dict):
            file_error(f"challenges[{index}]", "must be a challenge object")
            continue
        reader = _ChallengeReader(label, root, raw, index)
        challenge = reader.read()
        errors.extend(reader.errors)
        if challenge is not None:
            challenges.append(challenge)
    return challenges


def _unknown_key_message(key: str, allowed: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"allowed: {', '.join(allowed)}"
    return f"unknown key ({hint})"


# --- one challenge ---------------------------------------------------------------------


def _as_int(value: object) -> int | None:
    """A JSON integer, or None: true/false are not numbers here, although bool is an int."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_text(value: object) -> str | None:
    """A string with more than blanks in it, or None."""
    return value if isinstance(value, str) and value.strip() else None


class _ChallengeReader:
    """Validates one challenge object and builds it, collecting every error on the way.

    Checks that depend on an invalid key are skipped (no solution check without valid
    proposals) so that one mistake gives one message, not a cascade.
    """

    def __init__(self, file: str, root: Path, raw: Mapping[str, object], index: int) -> None:
        self._file = file
        self._root = root
        self._raw = raw
        self._id = _as_text(raw.get("id")) or f"#{index + 1}"
        self.errors: list[ContentError] = []

    def _error(self, field: str | None, message: str) -> None:
        self.errors.append(ContentError(self._file, self._id, field, message))

    def read(self) -> Challenge | None:
        """The challenge, or None when there is at least one error (see ``errors``)."""
        raw = self._raw
        for key in raw:
            if key not in _CHALLENGE_KEYS:
                self._error(key, _unknown_key_message(key, _CHALLENGE_KEYS))
        for key in _REQUIRED_KEYS:
            if key not in raw:
                self._error(key, "is required")

        self._check_id()
        competence = self._competence()
        level = self._int("level", MIN_LEVEL, MAX_LEVEL)
        skill = self._text("skill")
        instruction = self._text("instruction")
        challenge_type = self._type()
        proposals, fields, solution = self._type_specific(challenge_type)
        tolerances = self._tolerances()
        timer = self._int("timer", MIN_TIMER, MAX_TIMER)
        focus = self._bool("focus")
        image, image_alt = self._image()
        attachment = self._pack_file("attachment")
        partial = self._partial(challenge_type)
        wrong_answers = self._wrong_answers()
        keep_order = self._keep_order(challenge_type)

        if self.errors:
            return None
        assert competence is not None and level is not None and challenge_type is not None
        challenge = Challenge(
            id=self._id,
            competence=competence,
            level=level,
            skill=skill,
            type=challenge_type,
            instruction=instruction,
            proposals=proposals,
            fields=fields,
            solution=solution,
            tolerances=tolerances,
            timer=timer,
            focus=focus,
            image=image,
            image_alt=image_alt,
            attachment=attachment,
            partial=partial,
            wrong_answers=wrong_answers,
            keep_order=keep_order,
        )
        self._check_own_solution(challenge)
        self._check_wrong_answers(challenge)
        return None if self.errors else challenge

    # -- simple keys --

    def _check_id(self) -> None:
        if "id" not in self._raw:
            return
        value = self._raw["id"]
        if not isinstance(value, str):
            self._error("id", "must be a string")
        elif not ID_PATTERN.fullmatch(value):
            self._error(
                "id",
                f"{value!r} is not a valid id (lower-case letters, digits, '.', '_', '-';"
                " starting with a letter or digit)",
            )

    def _competence(self) -> str | None:
        if "competence" not in self._raw:
            return None
        value = self._raw["competence"]
        if isinstance(value, str) and value in COMPETENCE_CODES:
            return value
        self._error("competence", f"unknown competence {value!r} (expected 1.1 to 5.2)")
        return None

    def _int(self, key: str, low: int, high: int) -> int | None:
        """An optional integer key (None when absent); required keys are checked apart."""
        if key not in self._raw:
            return None
        value = _as_int(self._raw[key])
        if value is None:
            found = self._raw[key]
            self._error(key, f"must be an integer from {low} to {high}, found {found!r}")
            return None
        if not low <= value <= high:
            self._error(key, f"{value} is out of range ({low} to {high})")
            return None
        return value

    def _text(self, key: str) -> str:
        value = _as_text(self._raw.get(key))
        if key in self._raw and value is None:
            self._error(key, "must be a non-empty string")
        return value or ""

    def _bool(self, key: str) -> bool:
        value = self._raw.get(key, False)
        if not isinstance(value, bool):
            self._error(key, f"must be true or false, found {value!r}")
            return False
        return value

    def _type(self) -> ChallengeType | None:
        value = self._raw.get("type")
        if "type" not in self._raw:
            return None
        if isinstance(value, str) and value in {t.value for t in ChallengeType}:
            return ChallengeType(value)
        expected = ", ".join(t.value for t in ChallengeType)
        self._error("type", f"unknown type {value!r} (expected one of {expected})")
        return None

    def _tolerances(self) -> Tolerances:
        value = self._raw.get("tolerances", {})
        if not isinstance(value, dict):
            self._error("tolerances", 'must be an object such as {"t1": true, "t3": false}')
            return Tolerances()
        switches: dict[str, bool] = {}
        for key, switch in value.items():
            if key not in _TOLERANCE_KEYS:
                self._error(f"tolerances.{key}", _unknown_key_message(key, _TOLERANCE_KEYS))
            elif not isinstance(switch, bool):
                self._error(f"tolerances.{key}", f"must be true or false, found {switch!r}")
            else:
                switches[key] = switch
        return Tolerances(**switches)

    def _partial(self, challenge_type: ChallengeType | None) -> bool:
        partial = self._bool("partial")
        if "partial" in self._raw and challenge_type not in (None, *_QROCM_TYPES):
            self._error("partial", "only QROCM-ind and QROCM-dep challenges can be partial")
        return partial

    def _keep_order(self, challenge_type: ChallengeType | None) -> bool:
        keep = self._bool("keep_order")
        if "keep_order" in self._raw and challenge_type not in (None, *_CHOICE_TYPES):
            self._error("keep_order", "only QCU and QCM challenges have proposals to keep in order")
        return keep

    # -- files --

    def _image(self) -> tuple[str | None, str]:
        image = self._pack_file("image")
        alt = _as_text(self._raw.get("image_alt"))
        if "image" in self._raw and alt is None:
            self._error("image_alt", "a non-empty text alternative is required with an image")
        elif "image_alt" in self._raw and "image" not in self._raw:
            self._error("image_alt", "only allowed together with an image")
        return image, alt or ""

    def _pack_file(self, key: str) -> str | None:
        """A path relative to the pack directory, naming a file that is there.

        Absolute paths and '..' are refused so that a pack is self-contained and cannot
        point a kiosk at files elsewhere on the PC; '/' only, so a pack written on one
        system works on the other.
        """
        if key not in self._raw:
            return None
        value = _as_text(self._raw[key])
        if value is None:
            self._error(key, "must be a non-empty path relative to the pack directory")
            return None
        relative = PurePosixPath(value)
        if "\\" in value:
            self._error(key, f"{value!r}: use '/' to separate directories")
        elif relative.is_absolute() or re.match(r"[A-Za-z]:", value):
            self._error(key, f"{value!r} must be relative to the pack directory")
        elif ".." in relative.parts:
            self._error(key, f"{value!r} must stay inside the pack directory ('..')")
        elif not (self._root / relative).resolve().is_relative_to(self._root.resolve()):
            self._error(key, f"{value!r} leads outside the pack directory (symbolic link)")
        elif not (self._root / relative).is_file():
            self._error(key, f"file {value!r} not found in the pack directory")
        else:
            return value
        return None

    # -- type-specific keys --

    def _type_specific(
        self, challenge_type: ChallengeType | None
    ) -> tuple[tuple[str, ...], tuple[InputField, ...], object]:
        """proposals, fields and the normalised solution, per type (empty when invalid)."""
        raw = self._raw
        if challenge_type is None:
            return (), (), None
        if challenge_type in _CHOICE_TYPES:
            if "fields" in raw:
                self._error("fields", f"a {challenge_type} challenge has proposals, not fields")
            if "proposals" not in raw:
                self._error("proposals", f"is required for a {challenge_type} challenge")
                return (), (), None
            proposals = self._proposals()
            if proposals is None or "solution" not in raw:
                return (), (), None
            if challenge_type is ChallengeType.QCU:
                return proposals, (), self._qcu_solution(len(proposals))
            return proposals, (), self._qcm_solution(len(proposals))

        if "proposals" in raw:
            self._error("proposals", f"a {challenge_type} challenge has fields, not proposals")
        if "fields" not in raw:
            self._error("fields", f"is required for a {challenge_type} challenge")
            return (), (), None
        fields = self._fields(challenge_type)
        if fields is None or "solution" not in raw:
            return (), (), None
        if challenge_type is ChallengeType.QROCM_DEP:
            return (), fields, self._dependent_solution(fields)
        return (), fields, self._independent_solution(fields)

    def _proposals(self) -> tuple[str, ...] | None:
        value = self._raw["proposals"]
        if not isinstance(value, list) or not MIN_PROPOSALS <= len(value) <= MAX_PROPOSALS:
            self._error(
                "proposals", f"must be a list of {MIN_PROPOSALS} to {MAX_PROPOSALS} strings"
            )
            return None
        ok = True
        seen: set[str] = set()
        for index, item in enumerate(value):
            proposal = _as_text(item)
            if proposal is None:
                self._error(f"proposals[{index}]", "must be a non-empty string")
                ok = False
            elif normalize_basic(proposal) in seen:
                self._error(f"proposals[{index}]", f"{proposal!r} is listed twice")
                ok = False
            else:
                seen.add(normalize_basic(proposal))
        return tuple(value) if ok else None

    def _fields(self, challenge_type: ChallengeType) -> tuple[InputField, ...] | None:
        value = self._raw["fields"]
        if challenge_type is ChallengeType.QROC:
            count_ok, expected = isinstance(value, list) and len(value) == 1, "exactly 1 field"
        else:
            count_ok, expected = isinstance(value, list) and len(value) >= 2, "at least 2 fields"
        if not isinstance(value, list) or not count_ok:
            self._error("fields", f"a {challenge_type} challenge has {expected}")
            return None
        fields = [self._field(index, item) for index, item in enumerate(value)]
        valid = [f for f in fields if f is not None]
        if len(valid) < len(fields):
            return None
        names = [f.name for f in valid]
        for index, name in enumerate(names):
            if name in names[:index]:
                self._error(f"fields[{index}].name", f"field name {name!r} is used twice")
                return None
        if challenge_type is ChallengeType.QROCM_DEP and len({f.format for f in valid}) > 1:
            self._error(
                "fields", "QROCM-dep fields must share one format (any field may take any group)"
            )
            return None
        return tuple(valid)

    def _field(self, index: int, item: object) -> InputField | None:
        where = f"fields[{index}]"
        if not isinstance(item, dict):
            self._error(where, 'must be an object {"name": ..., "label": ...}')
            return None
        errors_before = len(self.errors)
        for key in item:
            if key not in _FIELD_KEYS:
                self._error(f"{where}.{key}", _unknown_key_message(key, _FIELD_KEYS))
        name, label = _as_text(item.get("name")), _as_text(item.get("label"))
        for key, text in (("name", name), ("label", label)):
            if text is None:
                self._error(f"{where}.{key}", "must be a non-empty string")
        field_format = item.get("format", FieldFormat.TEXT.value)
        if field_format not in {f.value for f in FieldFormat}:
            self._error(f"{where}.format", f"must be 'texte' or 'nombre', found {field_format!r}")
        if len(self.errors) > errors_before or name is None or label is None:
            return None
        return InputField(name, label, FieldFormat(field_format))

    def _qcu_solution(self, proposal_count: int) -> int | None:
        value = _as_int(self._raw["solution"])
        if value is None:
            self._error(
                "solution",
                f"must be the number of the right proposal (1 to {proposal_count}),"
                f" found {self._raw['solution']!r}",
            )
            return None
        return value if self._index_in_range("solution", value, proposal_count) else None

    def _qcm_solution(self, proposal_count: int) -> tuple[int, ...] | None:
        value = self._raw["solution"]
        if not isinstance(value, list) or not value:
            self._error(
                "solution", "must be a non-empty list of the numbers of the right proposals"
            )
            return None
        ok = True
        for index, item in enumerate(value):
            where = f"solution[{index}]"
            number = _as_int(item)
            if number is None:
                self._error(where, f"must be a proposal number, found {item!r}")
                ok = False
            elif number in value[:index]:
                self._error(where, f"proposal {number} is listed twice")
                ok = False
            else:
                ok = self._index_in_range(where, number, proposal_count) and ok
        return tuple(sorted(value)) if ok else None

    def _index_in_range(self, where: str, index: int, proposal_count: int) -> bool:
        if 1 <= index <= proposal_count:
            return True
        self._error(where, f"index {index} is out of range ({proposal_count} proposals)")
        return False

    def _independent_solution(
        self, fields: tuple[InputField, ...]
    ) -> dict[str, tuple[str, ...]] | None:
        value = self._raw["solution"]
        if not isinstance(value, dict):
            self._error(
                "solution", "must be an object mapping each field name to its accepted answers"
            )
            return None
        ok = True
        for key in value:
            if key not in {f.name for f in fields}:
                self._error(f"solution.{key}", f"{key!r} is not a field of this challenge")
                ok = False
        solution: dict[str, tuple[str, ...]] = {}
        for f in fields:
            if f.name not in value:
                self._error("solution", f"no accepted answers for field {f.name!r}")
                ok = False
                continue
            accepted = self._accepted(f"solution.{f.name}", value[f.name], f.format)
            if accepted is None:
                ok = False
            else:
                solution[f.name] = accepted
        return solution if ok else None

    def _dependent_solution(
        self, fields: tuple[InputField, ...]
    ) -> dict[str, tuple[tuple[str, ...], ...]] | None:
        value = self._raw["solution"]
        if not isinstance(value, dict) or set(value) != {"groups"}:
            self._error("solution", 'must be an object {"groups": [[...], ...]}')
            return None
        groups = value["groups"]
        if not isinstance(groups, list):
            self._error("solution.groups", "must be a list of groups of accepted answers")
            return None
        if len(groups) < len(fields):
            self._error(
                "solution.groups",
                f"{len(groups)} group(s) for {len(fields)} fields:"
                " every field needs a group of its own",
            )
            return None
        field_format = fields[0].format
        accepted = [
            self._accepted(f"solution.groups[{index}]", group, field_format)
            for index, group in enumerate(groups)
        ]
        valid = [group for group in accepted if group is not None]
        return {"groups": tuple(valid)} if len(valid) == len(accepted) else None

    def _accepted(
        self, where: str, value: object, field_format: FieldFormat
    ) -> tuple[str, ...] | None:
        """A non-empty list of accepted answers; numbers must parse for `nombre` fields."""
        if not isinstance(value, list) or not value:
            self._error(where, "must be a non-empty list of accepted answers")
            return None
        ok = True
        for index, item in enumerate(value):
            answer = _as_text(item)
            if answer is None:
                self._error(f"{where}[{index}]", "must be a non-empty string")
                ok = False
            elif field_format is FieldFormat.NUMBER and parse_number(answer) is None:
                self._error(
                    f"{where}[{index}]", f"{answer!r} is not a number (the field is 'nombre')"
                )
                ok = False
        return tuple(value) if ok else None

    def _wrong_answers(self) -> tuple[object, ...]:
        if "wrong_answers" not in self._raw:
            return ()
        value = self._raw["wrong_answers"]
        if not isinstance(value, list) or not value:
            self._error("wrong_answers", "must be a non-empty list of answers")
            return ()
        return tuple(
            {str(k): v for k, v in item.items()} if isinstance(item, dict) else item
            for item in value
        )

    def _check_wrong_answers(self, challenge: Challenge) -> None:
        """A typical wrong answer the checker accepts means the tolerances are too loose."""
        for index, answer in enumerate(challenge.wrong_answers):
            status = check_answer(challenge, answer)
            if status is AnswerStatus.OK:
                self._error(
                    f"wrong_answers[{index}]",
                    f"{answer!r} is accepted by the challenge's checker; "
                    "tighten the tolerances or remove it",
                )

    def _check_own_solution(self, challenge: Challenge) -> None:
        """Every accepted answer must pass the checker that will mark the candidates."""
        for description, answer in answers_from_solution(challenge):
            status = check_answer(challenge, answer)
            if status is not AnswerStatus.OK:
                self._error(
                    "solution", f"{description} is marked {status} by the challenge's own checker"
                )
