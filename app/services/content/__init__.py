"""Content packs: reading the questions from disk, refusing anything doubtful.

A pack is a directory of ``*.json`` files (format ``examroom-content/1``, described in
docs/content-format.md) plus the images and attachments they refer to. Packs are written
by hand, so the loader is strict and talkative: unknown keys are errors (a typo such as
"timmer" must not silently drop a timer), every error in every file is reported at once
with its file, challenge and field, and every solution must be accepted by the same
checker that will mark the candidates (app.domain.answers). A pack that loads is a pack
whose questions can be answered right.

One module per job; import the public names from here:

- `bank`: `ContentBank`, the loaded challenges and the pack directory of each.
- `loader`: `load_pack`, `load_bank`, `check_packs`: finding packs, reading files.
- `reader`: `ChallengeReader`, every rule for one challenge object.
- `errors`: `ContentError` (one located problem) and `ContentPackError` (all of them).
- `coverage`: the tables and targets of `examroom content stats`.
"""

from app.services.content.bank import ContentBank
from app.services.content.coverage import (
    STATS_BEGIN,
    STATS_END,
    bank_targets,
    coverage_report,
    replace_stats_block,
    stats_table,
    type_table,
)
from app.services.content.errors import ContentError, ContentPackError
from app.services.content.loader import CONTENT_FORMAT, StrPath, check_packs, load_bank, load_pack
from app.services.content.reader import (
    ID_PATTERN,
    MAX_PROPOSALS,
    MAX_TIMER,
    MIN_LEVEL,
    MIN_PROPOSALS,
    MIN_TIMER,
)

__all__ = [
    "CONTENT_FORMAT",
    "ID_PATTERN",
    "MAX_PROPOSALS",
    "MAX_TIMER",
    "MIN_LEVEL",
    "MIN_PROPOSALS",
    "MIN_TIMER",
    "STATS_BEGIN",
    "STATS_END",
    "ContentBank",
    "ContentError",
    "ContentPackError",
    "StrPath",
    "bank_targets",
    "check_packs",
    "coverage_report",
    "load_bank",
    "load_pack",
    "replace_stats_block",
    "stats_table",
    "type_table",
]
