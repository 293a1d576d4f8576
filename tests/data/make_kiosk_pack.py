"""Write tests/data/kiosk_pack: a tiny question bank that makes kiosk tests predictable.

The server picks 3 questions (and 2 spares) per competence at random; here every
competence holds 5 questions of one kind, so a candidate certifiable on the first five
competences at level 1 always gets, in order: 1.1 QCU with an image, 1.2 QCM, 1.3 QROC
(text or number), 2.1 QROCM with an attached document (CSV, text or PDF), 2.2 QCU timed
(10 s) and focus. Solutions: QCU 1, QCM [1, 2], QROC "bonjour" or 42, QROCM "un"/"deux".

Run: .venv/bin/python tests/data/make_kiosk_pack.py
"""

from __future__ import annotations

import json
from pathlib import Path

PACK = Path(__file__).resolve().parent / "kiosk_pack"


def qcu(cid: str, comp: str, n: int, **extra: object) -> dict[str, object]:
    return {"id": cid, "competence": comp, "level": 1, "skill": f"@{cid.replace('-', '')}{n}",
            "type": "QCU", "instruction": f"Question {cid} : quelle est la bonne réponse ?",
            "proposals": ["La bonne réponse", "Une mauvaise réponse", "Une autre réponse"],
            "solution": 1, **extra}


def challenges() -> dict[str, list[dict[str, object]]]:
    files: dict[str, list[dict[str, object]]] = {}
    files["1.1"] = [qcu(f"k11-{i}", "1.1", i, image="files/graphique.png",
                        image_alt="Graphique des températures de la semaine")
                    for i in range(1, 6)]
    files["1.2"] = [{"id": f"k12-{i}", "competence": "1.2", "level": 1, "skill": f"@k12x{i}",
                     "type": "QCM",
                     "instruction": f"Question k12-{i} : cochez les deux bonnes réponses.",
                     "proposals": ["Bonne A", "Bonne B", "Mauvaise C", "Mauvaise D"],
                     "solution": [1, 2]} for i in range(1, 6)]
    files["1.3"] = []
    for i in range(1, 6):
        number = i % 2 == 0
        files["1.3"].append({
            "id": f"k13-{i}", "competence": "1.3", "level": 1, "skill": f"@k13x{i}",
            "type": "QROC",
            "instruction": (f"Question k13-{i} : combien font 40 + 2 ?" if number else
                            f"Question k13-{i} : que dit-on pour saluer ?\n\n"
                            "    print('bonjour')\n    # une ligne de code indentée"),
            "fields": [{"name": "r", "label": "Votre réponse",
                        "format": "nombre" if number else "texte"}],
            "solution": {"r": ["42"] if number else ["bonjour"]},
        })
    docs = ["files/notes.csv", "files/references.txt", "files/conditions.pdf",
            "files/notes.csv", "files/references.txt"]
    files["2.1"] = []
    for i in range(1, 6):
        dep = i % 2 == 0
        files["2.1"].append({
            "id": f"k21-{i}", "competence": "2.1", "level": 1, "skill": f"@k21x{i}",
            "type": "QROCM-dep" if dep else "QROCM-ind",
            "instruction": (
                f"Question k21-{i} : ouvrez le document, puis écrivez « un » et « deux »."
            ),
            "fields": [{"name": "a", "label": "Premier mot"},
                       {"name": "b", "label": "Second mot"}],
            "solution": {"groups": [["un"], ["deux"]]} if dep else {"a": ["un"], "b": ["deux"]},
            "attachment": docs[i - 1],
        })
    files["2.2"] = [qcu(f"k22-{i}", "2.2", i, timer=10, focus=True) for i in range(1, 6)]
    return files


def main() -> None:
    PACK.mkdir(exist_ok=True)
    for comp, items in challenges().items():
        body = {"format": "examroom-content/1", "challenges": items}
        (PACK / f"{comp}.json").write_text(
            json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
