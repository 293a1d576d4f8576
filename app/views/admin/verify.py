"""Vérifier un certificat: anyone checks a verification code ("P-" + 8 characters)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFormLayout, QLineEdit

from app.domain.birthplace import birthplace_french
from app.domain.competences import BY_CODE
from app.services.documents import french_date
from app.services.http import ApiRefused
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, add_row, long_date
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class VerifyScreen(Screen):
    title_text = "Vérifier un certificat"

    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__(ctx, nav)
        self.body.addWidget(
            label(
                "Saisissez le code de vérification communiqué par le "
                "candidat, par exemple P-C3YFQ8GC.",
                role="muted",
            )
        )
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setPlaceholderText("P-7K9MBQ2D")
        add_row(form, "Code de vérification", self.code)
        self.body.addLayout(form)
        self.result = label("")
        self.result.setAccessibleName("Résultat de la vérification")
        self.body.addWidget(self.result)
        self.body.addStretch(1)
        self.code.returnPressed.connect(self.check)
        back = nav.show_home if ctx.api.token else nav.show_login
        self.add_button("Retour", back, left=True)
        self.check_button = self.add_button("Vérifier", self.check, primary=True)
        self.loaded = True

    def check(self) -> None:
        code = self.code.text().strip().upper()
        if not code:
            self.error("Saisissez un code de vérification.")
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
            self.error(
                "Aucun certificat publié ne correspond à ce code. Vérifiez le code et réessayez."
            )
            return
        levels = "\n".join(
            f"{c['competence']} {BY_CODE[c['competence']].name} : niveau {c['level']}"
            for c in cert["competences"]
            if c["level"]
        )
        where = birthplace_french(str(cert.get("birthplace") or ""))
        place = f" {where}" if where else ""
        issued = (f"Délivré le {long_date(cert['issued_on'])} · "
                  if cert.get("issued_on") else "")
        text = (
            f"Certificat authentique : {cert['verification_code']}\n"
            f"{cert['first_name']} {cert['last_name'].upper()}, né(e) le "
            f"{french_date(date.fromisoformat(cert['birthdate']), weekday=False)}{place}\n"
            f"Centre de certification : {cert['centre']}\n"
            f"Date de passage : {long_date(cert['session_date'])}\n"
            f"{issued}Certificat valable 3 ans\n"
            f"Score total : {cert['pix_score']} Pix\n"
            f"Compétences certifiées :\n{levels or 'aucune'}"
        )
        self.result.setText(text)
        self.result.setAccessibleDescription(text)
        self.loaded = True
