"""Where a candidate was born, as the seeds ask for it (SPEC "Candidates").

Three forms, one text field:

- the commune's INSEE code: 5 characters, the department (01-95, 2A or 2B for Corsica)
  and 3 digits, or 97x/98x and 2 digits overseas: `75056`, `2A004`, `97411`;
- a postal code and the city: `75001 Paris`, `97400 Saint-Denis`;
- born abroad: `99` and the country, by name (`99 Espagne`) or by its INSEE country code
  (`99134`).

`parse_birthplace` reads what an administrator typed or a file held (spaces, a comma or a
dash between code and city are accepted) and gives the canonical text back; a bad value
raises `BadBirthplace` with a stable code (the screens say it in French). Empty is allowed:
the place is optional.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.domain.marks import QT_TRANSLATE_NOOP, Phrase

Kind = Literal["insee", "postal", "abroad"]

_DEPARTMENT = r"(?:0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5])"
"""No commune code starts with 20: Corsica's are 2A and 2B (its postal codes are 20xxx)."""
_INSEE = re.compile(rf"^(?:{_DEPARTMENT}\d{{3}}|9[78]\d{{3}})$")
_POSTAL = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5]|9[78])\d{3}$")
_COUNTRY_CODE = re.compile(r"^99\d{3}$")
_NAME = re.compile(r"^[^\W\d_](?:[^\W_]|[ '’.-])*$")
_SPLIT = re.compile(r"^(\S+?)(?:\s*[,;–-]\s*|\s+)(.+)$")
MAX_NAME = 100


class BadBirthplace(ValueError):
    """`code`: not_a_place, bad_insee, bad_postal, city_missing, bad_city, country_missing,
    bad_country."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Birthplace:
    kind: Kind
    code: str
    """The INSEE code, the postal code, or `99` / `99xxx` abroad."""
    name: str = ""
    """The city (postal code) or the country (abroad, by name)."""

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.name else self.code

    def french(self) -> Phrase:
        """How a document ends "Né(e) le …": "à Paris (75001)", "à l'étranger (Espagne)"."""
        if self.kind == "insee":
            return Phrase.of(QT_TRANSLATE_NOOP(
                "Domain", "dans la commune de code INSEE {code}"), code=self.code)
        if self.kind == "postal":
            return Phrase.of(QT_TRANSLATE_NOOP("Domain", "à {name} ({code})"),
                             name=self.name, code=self.code)
        if self.name:
            return Phrase.of(QT_TRANSLATE_NOOP("Domain", "à l'étranger ({name})"),
                             name=self.name)
        return Phrase.of(QT_TRANSLATE_NOOP(
            "Domain", "à l'étranger (pays de code INSEE {code})"), code=self.code)


def _name(raw: str, missing: str, bad: str, what: str) -> str:
    name = " ".join(raw.split())
    if not name:
        raise BadBirthplace(missing, f"the {what} is missing")
    if len(name) > MAX_NAME or not _NAME.match(name):
        raise BadBirthplace(bad, f"not a {what} name: {name!r}")
    return name


def parse_birthplace(text: str) -> Birthplace | None:
    """The birthplace written in `text`, canonical; None when empty."""
    value = " ".join(text.split())
    if not value:
        return None
    head, rest = value, ""
    match = _SPLIT.match(value)
    if match:
        head, rest = match.group(1), match.group(2)
    head = head.upper()
    if head == "99":
        return Birthplace("abroad", "99", _name(rest, "country_missing", "bad_country",
                                                "country"))
    if _COUNTRY_CODE.match(head):
        if rest:
            return Birthplace("abroad", head, _name(rest, "country_missing", "bad_country",
                                                    "country"))
        return Birthplace("abroad", head)
    if rest:
        if not _POSTAL.match(head):
            raise BadBirthplace("bad_postal", f"not a French postal code: {head!r}")
        return Birthplace("postal", head, _name(rest, "city_missing", "bad_city", "city"))
    if _INSEE.match(head):
        return Birthplace("insee", head)
    if re.fullmatch(r"\d{5}", head):
        raise BadBirthplace("bad_insee", f"not an INSEE commune code: {head!r}")
    raise BadBirthplace(
        "not_a_place",
        f"expected an INSEE code, a postal code and a city, or 99 and a country: {value!r}",
    )


def canonical_birthplace(text: str) -> str:
    """The text to store: canonical, or "" when empty; raises BadBirthplace."""
    place = parse_birthplace(text)
    return str(place) if place else ""


def birthplace_french(text: str) -> str:
    """For documents, after "Né(e) le …": "à Paris (75001)"; "" when unknown; a value
    typed before the rule (free text) as "à <text>"."""
    try:
        place = parse_birthplace(text)
    except BadBirthplace:
        return Phrase.of(QT_TRANSLATE_NOOP("Domain", "à {place}"), place=text.strip())
    return place.french() if place else ""
