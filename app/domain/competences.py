"""The 16 competences of the Pix framework, grouped in 5 domains (SPEC "The 16 competences")."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.marks import QT_TRANSLATE_NOOP


@dataclass(frozen=True, slots=True)
class Domain:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Competence:
    code: str
    name: str
    domain: Domain


DOMAINS: tuple[Domain, ...] = (
    Domain("1", QT_TRANSLATE_NOOP("Domain", "Information et données")),
    Domain("2", QT_TRANSLATE_NOOP("Domain", "Communication et collaboration")),
    Domain("3", QT_TRANSLATE_NOOP("Domain", "Création de contenu")),
    Domain("4", QT_TRANSLATE_NOOP("Domain", "Protection et sécurité")),
    Domain("5", QT_TRANSLATE_NOOP("Domain", "Environnement numérique")),
)

_D = {d.code: d for d in DOMAINS}

COMPETENCES: tuple[Competence, ...] = (
    Competence("1.1", QT_TRANSLATE_NOOP(
        "Domain", "Mener une recherche et une veille d'information"), _D["1"]),
    Competence("1.2", QT_TRANSLATE_NOOP("Domain", "Gérer des données"), _D["1"]),
    Competence("1.3", QT_TRANSLATE_NOOP("Domain", "Traiter des données"), _D["1"]),
    Competence("2.1", QT_TRANSLATE_NOOP("Domain", "Interagir"), _D["2"]),
    Competence("2.2", QT_TRANSLATE_NOOP("Domain", "Partager et publier"), _D["2"]),
    Competence("2.3", QT_TRANSLATE_NOOP("Domain", "Collaborer"), _D["2"]),
    Competence("2.4", QT_TRANSLATE_NOOP("Domain", "S'insérer dans le monde numérique"), _D["2"]),
    Competence("3.1", QT_TRANSLATE_NOOP("Domain", "Développer des documents textuels"), _D["3"]),
    Competence("3.2", QT_TRANSLATE_NOOP("Domain", "Développer des documents multimédia"), _D["3"]),
    Competence("3.3", QT_TRANSLATE_NOOP(
        "Domain", "Adapter les documents à leur finalité"), _D["3"]),
    Competence("3.4", QT_TRANSLATE_NOOP("Domain", "Programmer"), _D["3"]),
    Competence("4.1", QT_TRANSLATE_NOOP("Domain", "Sécuriser l'environnement numérique"), _D["4"]),
    Competence("4.2", QT_TRANSLATE_NOOP(
        "Domain", "Protéger les données personnelles et la vie privée"), _D["4"]),
    Competence("4.3", QT_TRANSLATE_NOOP(
        "Domain", "Protéger la santé, le bien-être et l'environnement"), _D["4"]),
    Competence("5.1", QT_TRANSLATE_NOOP("Domain", "Résoudre des problèmes techniques"), _D["5"]),
    Competence("5.2", QT_TRANSLATE_NOOP(
        "Domain", "Construire un environnement numérique"), _D["5"]),
)

COMPETENCE_CODES: tuple[str, ...] = tuple(c.code for c in COMPETENCES)
BY_CODE: dict[str, Competence] = {c.code: c for c in COMPETENCES}

MAX_LEVEL = 8
"""Positioning levels run from 0 to 8; certification questions go up to level 6 or so."""
