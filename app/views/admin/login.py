"""Sign-in with a centre administrator's or a jury member's account."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLineEdit

from app.services.admin_api import Login
from app.services.i18n import translate
from app.views.admin.base import Screen
from app.views.admin.common import AdminContext, add_row
from app.views.widgets.basics import label

if TYPE_CHECKING:
    from app.views.admin.window import AdminWindow


class LoginScreen(Screen):
    def __init__(self, ctx: AdminContext, nav: AdminWindow) -> None:
        super().__init__(ctx, nav)
        self.set_title(translate("Admin", "Connexion à l'espace de certification"))
        self.body.addWidget(
            label(
                translate(
                    "Admin",
                    "Connectez-vous avec le compte d'administrateur de votre centre de "
                    "certification, ou avec un compte du jury.",
                ),
                role="muted",
            )
        )
        form = QFormLayout()
        self.email = QLineEdit()
        self.email.setPlaceholderText(translate("Admin", "prenom.nom@etablissement.fr"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        add_row(form, translate("Admin", "Adresse e-mail"), self.email)
        add_row(form, translate("Admin", "Mot de passe"), self.password)
        self.body.addLayout(form)
        self.body.addStretch(1)
        self.password.returnPressed.connect(self.submit)
        self.verify_button = self.add_button(
            translate("Admin", "Vérifier un certificat"), nav.show_verify)
        self.login_button = self.add_button(
            translate("Admin", "Se connecter"), self.submit, primary=True)
        self.loaded = True

    def submit(self) -> None:
        email, password = self.email.text().strip(), self.password.text()
        if not email or not password:
            self.error(translate("Admin", "Saisissez votre adresse e-mail et votre mot de passe."))
            return
        self.login_button.setEnabled(False)
        self.info(translate("Admin", "Connexion en cours…"))
        self.run("login", self.ctx.api.login(email, password), self._logged_in)

    def _logged_in(self, login: Login) -> None:
        if login.role == "admin":
            self.run("centre", self.ctx.api.centre(), self._centre)
        else:
            self.nav.show_jury()

    def _centre(self, centre: dict[str, object]) -> None:
        self.ctx.centre = str(centre.get("name", ""))
        self.nav.show_sessions()

    def error(self, text: str) -> None:
        self.login_button.setEnabled(True)
        super().error(text)
