"""Birthplace: INSEE code, postal code + city, or 99 + country (issue 20, SPEC)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.birthplace import (
    BadBirthplace,
    Birthplace,
    birthplace_french,
    canonical_birthplace,
    parse_birthplace,
)

DEPARTMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
insee_codes = st.one_of(
    st.builds(lambda d, n: f"{d}{n:03d}", st.sampled_from(DEPARTMENTS),
              st.integers(0, 999)),
    st.builds(lambda d, n: f"{d}{n:02d}", st.sampled_from(["971", "972", "974", "976", "987"]),
              st.integers(0, 99)),
)
postal_codes = st.builds(lambda d, n: f"{d:02d}{n:03d}", st.sampled_from(
    [*range(1, 96), 97, 98]), st.integers(0, 999))
letters = st.characters(categories=["Lu", "Ll"], codec="utf-8")
names = st.builds(
    lambda first, rest: " ".join((first + rest).split()),
    letters, st.text(st.one_of(letters, st.sampled_from(" -'")), max_size=30),
).filter(lambda n: 0 < len(n) <= 100)
separators = st.sampled_from([" ", "  ", ", ", " - ", ";"])


@given(insee_codes)
def test_an_insee_code_is_kept(code: str) -> None:
    assert parse_birthplace(f" {code.lower()} ") == Birthplace("insee", code)


@given(postal_codes, separators, names)
def test_a_postal_code_and_a_city(code: str, sep: str, city: str) -> None:
    place = parse_birthplace(f"{code}{sep}{city}")
    assert place == Birthplace("postal", code, city)
    assert canonical_birthplace(str(place)) == str(place)  # canonical is a fixed point


@given(separators, names)
def test_born_abroad_99_and_the_country(sep: str, country: str) -> None:
    assert parse_birthplace(f"99{sep}{country}") == Birthplace("abroad", "99", country)


@given(st.integers(100, 999))
def test_born_abroad_by_insee_country_code(n: int) -> None:
    assert parse_birthplace(f"99{n}") == Birthplace("abroad", f"99{n}")


@given(st.text(max_size=60))
def test_any_text_is_read_or_refused_with_a_code_never_crashes(text: str) -> None:
    try:
        place = parse_birthplace(text)
    except BadBirthplace as exc:
        assert exc.code in {"not_a_place", "bad_insee", "bad_postal", "city_missing",
                            "bad_city", "country_missing", "bad_country"}
        return
    if place is not None:
        assert parse_birthplace(str(place)) == place


@pytest.mark.parametrize(("text", "code"), [
    ("Paris", "not_a_place"), ("20123", "bad_insee"), ("00000", "bad_insee"),
    ("96000 Nulle-Part", "bad_postal"), ("99", "country_missing"), ("75001 123", "bad_city"),
])
def test_refusals(text: str, code: str) -> None:
    with pytest.raises(BadBirthplace) as exc:
        parse_birthplace(text)
    assert exc.value.code == code


def test_said_plainly_on_documents() -> None:
    assert birthplace_french("75001 Paris") == "à Paris (75001)"
    assert birthplace_french("99 Espagne") == "à l'étranger (Espagne)"
    assert birthplace_french("75056") == "dans la commune de code INSEE 75056"
    assert birthplace_french("") == ""
    assert birthplace_french("Lyon 3e") == "à Lyon 3e"  # typed before the rule
