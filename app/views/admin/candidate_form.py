"""Add or edit one candidate, with the positioning profile that decides certifiability.

Certifiable = at least 5 competences at level 1 or more (SPEC); the form says it live,
so a non-certifiable candidate is flagged at enrolment, not on the day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QGridLayout, QLineEdit, QScrollArea, QSpinBox, QWidget

from app.domain.birthplace import BadBirthplace, canonical_birthplace
from app.domain.clocks import parse_extra_time
from app.domain.competences import COMPETENCES, MAX_LEVEL
from app.services.i18n import domain_text, translate
from app.views.admin.base import Screen
from app.views.admin.common import (
    AdminContext,
    add_row,
    birthplace_text,
    checkbox,
    combo,
    day_text,
    named,
)
from app.views.admin.sessions import parse_day
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class CandidateFormScreen(Screen):
    def __init__(
        self,
        ctx: AdminContext,
        nav: AdminWindow,
        session: dict[str, Any],
        candidate: dict[str, Any] | None,
    ) -> None:
        super().__init__(ctx, nav)
        self.session, self.candidate = session, candidate
        self.set_title(translate("Admin", "Modifier le candidat") if candidate
                       else translate("Admin", "Ajouter un candidat"))
        content = QWidget()
        columns = QGridLayout(content)
        form = QFormLayout()
        self.last_name, self.first_name = QLineEdit(), QLineEdit()
        self.birthdate = QLineEdit()
        self.birthdate.setPlaceholderText(translate("Admin", "JJ/MM/AAAA"))
        self.birthplace = QLineEdit()
        self.birthplace.setPlaceholderText(
            translate("Admin", "code INSEE, code postal et ville, ou 99 et pays"))
        sex = translate("Admin", "Sexe")
        self.sex = combo(sex, [(translate("Admin", "Non renseigné"), ""),
                               (translate("Admin", "F"), "F"), (translate("Admin", "M"), "M")])
        self.class_name, self.external_id = QLineEdit(), QLineEdit()
        self.extra_time = QLineEdit()
        self.extra_time.setPlaceholderText(translate("Admin", "ex. 30 %"))
        self.accessibility = checkbox(translate("Admin", "Aménagement (accessibilité)"))
        self.email = QLineEdit()
        add_row(form, translate("Admin", "Nom de naissance"), self.last_name)
        add_row(form, translate("Admin", "Prénom"), self.first_name)
        add_row(form, translate("Admin", "Date de naissance (JJ/MM/AAAA)"), self.birthdate)
        add_row(form, translate("Admin", "Lieu de naissance"), self.birthplace)
        add_row(form, sex, self.sex)
        add_row(form, translate("Admin", "Classe"), self.class_name)
        add_row(form, translate("Admin", "Identifiant externe"), self.external_id)
        add_row(form, translate("Admin", "Temps majoré"), self.extra_time)
        form.addRow(self.accessibility)  # the whole row: its label is its own text
        add_row(form, translate("Admin", "E-mail pour les résultats"), self.email)
        columns.addLayout(form, 0, 0)
        profile = QGridLayout()
        profile.addWidget(
            label(translate("Admin", "Profil de positionnement"), role="title"), 0, 0, 1, 3)
        profile.addWidget(label(translate("Admin", "Compétence"), role="muted"), 1, 0)
        profile.addWidget(label(translate("Admin", "Niveau"), role="muted"), 1, 1)
        profile.addWidget(label(translate("Admin", "Pix"), role="muted"), 1, 2)
        self.levels: dict[str, QSpinBox] = {}
        self.pix: dict[str, QSpinBox] = {}
        for row, comp in enumerate(COMPETENCES, start=2):
            text = f"{comp.code} {domain_text(comp.name)}"
            lab = label(text)
            level, pix = QSpinBox(), QSpinBox()
            level.setRange(0, MAX_LEVEL)
            pix.setRange(0, 1024)
            named(level, translate("Admin", "Niveau {code}").format(code=comp.code))
            named(pix, translate("Admin", "Pix {code}").format(code=comp.code))
            lab.setBuddy(level)
            level.valueChanged.connect(self._certifiable)
            profile.addWidget(lab, row, 0)
            profile.addWidget(level, row, 1)
            profile.addWidget(pix, row, 2)
            self.levels[comp.code], self.pix[comp.code] = level, pix
        self.cert_label = label("")
        self.cert_label.setAccessibleName(translate("Admin", "Certifiabilité"))
        profile.addWidget(self.cert_label, len(COMPETENCES) + 2, 0, 1, 3)
        columns.addLayout(profile, 0, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        if candidate:
            self._load(candidate)
        self._certifiable()
        self.add_button(
            translate("Admin", "Annuler"), lambda: nav.show_candidates(session), left=True)
        self.save_button = self.add_button(
            translate("Admin", "Enregistrer le candidat") if candidate
            else translate("Admin", "Ajouter le candidat"),
            self.submit,
            primary=True,
        )
        self.loaded = True

    def _load(self, c: dict[str, Any]) -> None:
        self.last_name.setText(c["last_name"])
        self.first_name.setText(c["first_name"])
        self.birthdate.setText(day_text(c["birthdate"]))
        self.birthplace.setText(c["birthplace"])
        self.sex.setCurrentIndex(max(self.sex.findData(c["sex"]), 0))
        self.class_name.setText(c["class_name"])
        self.external_id.setText(c["external_id"])
        extra = float(c["extra_time"])
        self.extra_time.setText(
            translate("Admin", "{percent} %").format(percent=round(extra * 100)) if extra else "")
        self.accessibility.setChecked(bool(c["accessibility"]))
        self.email.setText(c["email"])
        for code, entry in c.get("profile", {}).items():
            self.levels[code].setValue(int(entry["level"]))
            self.pix[code].setValue(int(entry.get("pix", 0)))

    def _certifiable(self) -> None:
        reached = sum(1 for s in self.levels.values() if s.value() >= 1)
        if reached >= 5:
            self.cert_label.setText(translate(
                "Admin", "Certifiable : {reached} compétences au niveau 1 ou plus."
            ).format(reached=reached))
        else:
            self.cert_label.setText(translate(
                "Admin",
                "Non certifiable : {reached} compétence(s) au niveau 1 ou plus, il en faut 5.",
            ).format(reached=reached))

    def validate(self) -> tuple[list[str], dict[str, Any]]:
        errors: list[str] = []
        if not self.last_name.text().strip():
            errors.append(translate("Admin", "Indiquez le nom de naissance."))
        if not self.first_name.text().strip():
            errors.append(translate("Admin", "Indiquez le prénom."))
        try:
            born = parse_day(self.birthdate.text())
            if born is None:
                errors.append(translate("Admin", "Indiquez la date de naissance."))
        except ValueError:
            born = None
            errors.append(translate(
                "Admin", "La date de naissance n'est pas valide : écrivez-la JJ/MM/AAAA."))
        extra_raw = self.extra_time.text().replace("\u00a0", "").replace(" ", "")
        try:
            extra = float(parse_extra_time(extra_raw)) if extra_raw else 0.0
        except ValueError:
            extra = 0.0
            errors.append(translate(
                "Admin", "Le temps majoré n'est pas valide : écrivez par exemple 30 %."))
        birthplace = self.birthplace.text().strip()
        try:
            birthplace = canonical_birthplace(birthplace)
        except BadBirthplace as exc:
            errors.append(translate("Admin", "Lieu de naissance : {reason}.").format(
                reason=birthplace_text(exc.code)))
        email = self.email.text().strip()
        if email and ("@" not in email or "." not in email.split("@")[-1]):
            errors.append(translate("Admin", "L'adresse e-mail n'est pas valide."))
        body = {
            "last_name": self.last_name.text().strip(),
            "first_name": self.first_name.text().strip(),
            "birthdate": born.isoformat() if born else None,
            "birthplace": birthplace,
            "sex": self.sex.currentData(),
            "class_name": self.class_name.text().strip(),
            "external_id": self.external_id.text().strip(),
            "extra_time": extra,
            "accessibility": self.accessibility.isChecked(),
            "email": email,
            "profile": {
                code: {"level": s.value(), "pix": self.pix[code].value()}
                for code, s in self.levels.items()
                if s.value() or self.pix[code].value()
            },
        }
        return errors, body

    def submit(self) -> None:
        errors, body = self.validate()
        if errors:
            self.error(" ".join(errors))
            return
        sid = int(self.session["id"])
        api = self.ctx.api
        call = (
            api.update_candidate(sid, int(self.candidate["id"]), body)
            if self.candidate
            else api.add_candidate(sid, body)
        )
        self.save_button.setEnabled(False)
        self.run("save", call, lambda _c: self.nav.show_candidates(self.session))

    def error(self, text: str) -> None:
        self.save_button.setEnabled(True)
        super().error(text)
