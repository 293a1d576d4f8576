"""Vérifier un certificat: anyone checks a verification code ("P-" + 8 characters)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLineEdit

from app.domain.birthplace import birthplace_french
from app.domain.competences import BY_CODE
from app.services.documents import long_date
from app.services.http import ApiRefused
from app.services.i18n import domain_text, translate
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, add_row
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class VerifyScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__(ctx, nav)
        self.set_title(translate("Jury", "Vérifier un certificat"))
        self.body.addWidget(
            label(
                translate(
                    "Jury",
                    "Saisissez le code de vérification communiqué par le "
                    "candidat, par exemple P-C3YFQ8GC.",
                ),
                role="muted",
            )
        )
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("P-7K9MBQ2D")
        add_row(form, translate("Jury", "Code de vérification"), self.code)
        self.body.addLayout(form)
        self.result = label("")
        self.result.setAccessibleName(translate("Jury", "Résultat de la vérification"))
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self.code.returnPressed.connect(self.check)
        back = nav.show_home if ctx.api.token else nav.show_login
        self.add_button(translate("Jury", "Retour"), back, left=True)
        self.check_button = self.add_button(translate("Jury", "Vérifier"), self.check, primary=True)
        self.loaded = True

    def check(self) -> None:
        code = self.code.text().strip().upper()
        if not code:
            self.error(translate("Jury", "Saisissez un code de vérification."))
            return
        self.result.setText("")
        self.feedback.clear_message()

        async def verify() -> dict[str, Any] | None:
            try:
                return await self.ctx.api.verify_certificate(code)
            except ApiRefused as exc:
                if exc.code == "not_found":
                    return None
                raise

        self.run("verify", verify(), self._show)

    def _show(self, cert: dict[str, Any] | None) -> None:
        if cert is None:
            self.error(translate(
                "Jury",
                "Aucun certificat publié ne correspond à ce code. Vérifiez le code et réessayez.",
            ))
            return
        levels = "\n".join(
            translate("Jury", "{code} {name} : niveau {level}").format(
                code=c["competence"], name=domain_text(BY_CODE[c["competence"]].name),
                level=c["level"])
            for c in cert["competences"]
            if c["level"]
        )
        where = birthplace_french(str(cert.get("birthplace") or ""))
        place = f" {domain_text(where)}" if where else ""
        issued = (translate("Jury", "Délivré le {date} · ").format(
            date=long_date(date.fromisoformat(cert["issued_on"]))) if cert.get("issued_on") else "")
        lines = [
            translate("Jury", "Certificat authentique : {code}").format(
                code=cert["verification_code"]),
            translate("Jury", "{first} {last}, né(e) le {birthdate}").format(
                first=cert["first_name"], last=cert["last_name"].upper(),
                birthdate=long_date(date.fromisoformat(cert["birthdate"]), weekday=False)) + place,
            translate("Jury", "Centre de certification : {centre}").format(
                centre=cert["centre"]),
            translate("Jury", "Date de passage : {date}").format(
                date=long_date(date.fromisoformat(cert["session_date"]))),
            issued + translate("Jury", "Certificat valable 3 ans"),
            translate("Jury", "Score total : {score} Pix").format(score=cert["pix_score"]),
            translate("Jury", "Compétences certifiées :"),
            levels or translate("Jury", "aucune"),
        ]
        text = "\n".join(lines)
        self.result.setText(text)
        self.result.setAccessibleDescription(text)
        self.loaded = True
