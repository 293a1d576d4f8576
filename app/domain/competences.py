"""The 16 competences of the Pix framework, grouped in 5 domains (SPEC "The 16 competences")."""

from __future__ import annotations

from dataclasses import dataclass


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
    Domain("1", "Information et données"),
    Domain("2", "Communication et collaboration"),
    Domain("3", "Création de contenu"),
    Domain("4", "Protection et sécurité"),
    Domain("5", "Environnement numérique"),
)

_D = {d.code: d for d in DOMAINS}

COMPETENCES: tuple[Competence, ...] = (
    Competence("1.1", "Mener une recherche et une veille d'information", _D["1"]),
    Competence("1.2", "Gérer des données", _D["1"]),
    Competence("1.3", "Traiter des données", _D["1"]),
    Competence("2.1", "Interagir", _D["2"]),
    Competence("2.2", "Partager et publier", _D["2"]),
    Competence("2.3", "Collaborer", _D["2"]),
    Competence("2.4", "S'insérer dans le monde numérique", _D["2"]),
    Competence("3.1", "Développer des documents textuels", _D["3"]),
    Competence("3.2", "Développer des documents multimédia", _D["3"]),
    Competence("3.3", "Adapter les documents à leur finalité", _D["3"]),
    Competence("3.4", "Programmer", _D["3"]),
    Competence("4.1", "Sécuriser l'environnement numérique", _D["4"]),
    Competence("4.2", "Protéger les données personnelles et la vie privée", _D["4"]),
    Competence("4.3", "Protéger la santé, le bien-être et l'environnement", _D["4"]),
    Competence("5.1", "Résoudre des problèmes techniques", _D["5"]),
    Competence("5.2", "Construire un environnement numérique", _D["5"]),
)

COMPETENCE_CODES: tuple[str, ...] = tuple(c.code for c in COMPETENCES)
BY_CODE: dict[str, Competence] = {c.code: c for c in COMPETENCES}

MAX_LEVEL = 8
"""Positioning levels run from 0 to 8; certification questions go up to level 6 or so."""
