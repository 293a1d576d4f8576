<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Station</name>
    <message>
        <location filename="../relay/station.py" line="46"/>
        <source>Préparation du relais de la salle…</source>
        <translation>Preparing the room relay…</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="47"/>
        <source>Saisissez le numéro et le mot de passe de session pour relancer le relais de la salle.</source>
        <translation>Enter the session number and password to restart the room relay.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="51"/>
        <source>Ce poste sert de relais de la salle&#xa0;: saisissez le numéro et le mot de passe de session pour le lancer.</source>
        <translation>This PC is the room relay: enter the session number and password to start it.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="74"/>
        <source>Le serveur central est injoignable et ce poste n&apos;a pas encore le paquet de la session {session}&#xa0;: connectez-le à internet une fois pour le préparer, avant la session.</source>
        <translation>The central server cannot be reached and this PC does not have the package of session {session} yet: connect it to the internet once to prepare it, before the session.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="83"/>
        <source>Le paquet de la session {session} enregistré sur ce poste ne s&apos;ouvre pas avec ce mot de passe.</source>
        <translation>The package of session {session} saved on this PC does not open with this password.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="91"/>
        <source>Le paquet de la session {session} enregistré sur ce poste est illisible. Connectez le poste à internet et reconnectez-vous pour le préparer de nouveau.</source>
        <translation>The package of session {session} saved on this PC cannot be read. Connect the PC to the internet and log in again to prepare it again.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="99"/>
        <source>Le paquet de la session {session} vient d&apos;une autre version d&apos;examroom que celle de ce poste&#xa0;: installez sur ce poste la même version que sur le serveur central, puis reconnectez-vous. Si cela persiste, prévenez le référent numérique.</source>
        <translation>The package of session {session} comes from another version of examroom than this PC&apos;s: install the same version as the central server on this PC, then log in again. If this persists, tell the digital coordinator.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="108"/>
        <source>Le port {port} de ce poste est déjà utilisé par un autre programme&#xa0;: le relais de la salle ne peut pas démarrer. Fermez l&apos;autre programme (ou l&apos;autre fenêtre d&apos;examroom), ou changez relay_port dans la configuration.</source>
        <translation>Port {port} of this PC is already used by another program: the room relay cannot start. Close the other program (or the other examroom window), or change relay_port in the configuration.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="118"/>
        <source>Le serveur central refuse de préparer le relais&#xa0;: la session {session} est finalisée.</source>
        <translation>The central server refuses to prepare the relay: session {session} is finalised.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="123"/>
        <source>Le serveur central a refusé de préparer le relais de la session {session} (erreur {status}). Réessayez&#xa0;; si cela persiste, prévenez le référent.</source>
        <translation>The central server refused to prepare the relay of session {session} (error {status}). Try again; if this persists, tell the coordinator.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="131"/>
        <source>Le serveur central refuse de préparer le relais&#xa0;: la clé de ce poste n&apos;est pas enregistrée. Le référent numérique doit l&apos;enregistrer dans l&apos;administration du centre avant la session. Clé du relais&#xa0;: {key}</source>
        <translation>The central server refuses to prepare the relay: this PC&apos;s key is not registered. The digital coordinator must register it in the centre&apos;s administration before the session. Relay key: {key}</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="139"/>
        <source>Le paquet de la session n&apos;a pas pu être enregistré sur ce poste (disque plein ou protégé en écriture&#xa0;?). Prévenez le référent numérique.</source>
        <translation>The session package could not be saved on this PC (disk full or write-protected?). Tell the digital coordinator.</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="144"/>
        <source>Le relais de la salle n&apos;a pas pu démarrer. Réessayez&#xa0;; si cela persiste, prévenez le référent numérique (le détail est dans le journal du poste).</source>
        <translation>The room relay could not start. Try again; if this persists, tell the digital coordinator (the details are in this PC&apos;s log).</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="201"/>
        <source>Relais de la salle&#xa0;: arrêté</source>
        <translation>Room relay: stopped</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="203"/>
        <source>Relais de la salle&#xa0;: ne répond plus (port {port})</source>
        <translation>Room relay: not responding (port {port})</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="209"/>
        <source>port {port}, aucune adresse réseau</source>
        <translation>port {port}, no network address</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="211"/>
        <source>Relais de la salle&#xa0;: actif ({where})</source>
        <translation>Room relay: running ({where})</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="214"/>
        <source>connexion au serveur central…</source>
        <translation>connecting to the central server…</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="216"/>
        <source>serveur central joignable</source>
        <translation>central server reachable</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="218"/>
        <source>serveur central injoignable depuis {time}</source>
        <translation>central server unreachable since {time}</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="221"/>
        <source>serveur central injoignable</source>
        <translation>central server unreachable</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="225"/>
        <source>1 événement en attente d&apos;envoi</source>
        <translation>1 event waiting to be sent</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="227"/>
        <source>{count} événements en attente d&apos;envoi</source>
        <translation>{count} events waiting to be sent</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="230"/>
        <source>1 événement refusé par le serveur central</source>
        <translation>1 event refused by the central server</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="232"/>
        <source>{count} événements refusés par le serveur central</source>
        <translation>{count} events refused by the central server</translation>
    </message>
    <message>
        <location filename="../relay/station.py" line="235"/>
        <source>tout est transmis</source>
        <translation>everything sent</translation>
    </message>
    <message>
        <location filename="../services/desk_rows.py" line="19"/>
        <source>Action en attente d&apos;envoi</source>
        <translation>Action waiting to be sent</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="15"/>
        <source>Ce candidat ne s&apos;est pas encore connecté sur un poste.</source>
        <translation>This candidate has not logged in on a PC yet.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="17"/>
        <source>Le test de ce candidat a déjà commencé.</source>
        <translation>This candidate&apos;s test has already started.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="18"/>
        <source>La présence de ce candidat n&apos;était pas confirmée.</source>
        <translation>This candidate&apos;s presence was not confirmed.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="20"/>
        <source>Le test est déjà lancé.</source>
        <translation>The test has already been launched.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="21"/>
        <source>Le code d&apos;accès a été donné : aucun retardataire ne peut plus être admis.</source>
        <translation>The access code has been given: no latecomer can be admitted any more.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="24"/>
        <source>Le test de ce candidat est terminé.</source>
        <translation>This candidate&apos;s test has ended.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="25"/>
        <source>Le test de ce candidat n&apos;a pas commencé.</source>
        <translation>This candidate&apos;s test has not started.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="26"/>
        <source>Ce signalement a déjà été traité.</source>
        <translation>This report has already been handled.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="27"/>
        <source>Choisissez la catégorie du problème pour valider le signalement.</source>
        <translation>Choose the category of the problem to accept the report.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="29"/>
        <source>Le test de ce candidat n&apos;est pas terminé.</source>
        <translation>This candidate&apos;s test has not ended.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="30"/>
        <source>La session est finalisée : elle ne peut plus être modifiée.</source>
        <translation>The session is finalised: it can no longer be changed.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="32"/>
        <source>Indiquez le numéro de la question concernée.</source>
        <translation>Enter the number of the question concerned.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="34"/>
        <source>Ce numéro de question n&apos;existe pas dans le test du candidat.</source>
        <translation>This question number does not exist in the candidate&apos;s test.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="39"/>
        <source>Un problème inattendu a empêché l&apos;action ou la mise à jour de la liste. Réessayez ; si cela continue, redémarrez le poste surveillant.</source>
        <translation>An unexpected problem prevented the action or the update of the list. Try again; if it continues, restart the invigilator station.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="46"/>
        <source>Le candidat peut de nouveau saisir le code d&apos;accès.</source>
        <translation>The candidate can enter the access code again.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="47"/>
        <source>Le déblocage n&apos;a pas pu être fait.</source>
        <translation>The code could not be unlocked.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="48"/>
        <source>Indiquez une durée entre 1 et 240 minutes.</source>
        <translation>Enter a duration between 1 and 240 minutes.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="49"/>
        <source>Le signalement n&apos;a pas pu être enregistré.</source>
        <translation>The report could not be saved.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="50"/>
        <source>Aucune session n&apos;est ouverte.</source>
        <translation>No session is open.</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="65"/>
        <source>Candidat n°&#xa0;{number}</source>
        <translation>Candidate no. {number}</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="71"/>
        <source>Action impossible : {detail}</source>
        <translation>Action not possible: {detail}</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="76"/>
        <source>Le serveur a refusé une action : {refusal}</source>
        <translation>The server refused an action: {refusal}</translation>
    </message>
    <message>
        <location filename="../services/desk_texts.py" line="86"/>
        <source>Action impossible ({code}). {reason}</source>
        <translation>Action not possible ({code}). {reason}</translation>
    </message>
    <message>
        <location filename="../services/invigilator_api.py" line="31"/>
        <source>Le numéro de session et/ou le mot de passe saisis sont incorrects.</source>
        <translation>The session number and/or password entered are incorrect.</translation>
    </message>
    <message>
        <location filename="../services/invigilator_api.py" line="33"/>
        <source>Le serveur ne répond pas. Vérifiez le réseau&#xa0;; vous pourrez réessayer dans un instant.</source>
        <translation>The server is not responding. Check the network; you can try again in a moment.</translation>
    </message>
    <message>
        <location filename="../services/invigilator_api.py" line="36"/>
        <source>Le serveur a refusé la demande.</source>
        <translation>The server refused the request.</translation>
    </message>
    <message>
        <location filename="../services/invigilator_api.py" line="37"/>
        <source>Votre connexion a expiré. Saisissez de nouveau le mot de passe de session.</source>
        <translation>Your login has expired. Enter the session password again.</translation>
    </message>
    <message>
        <location filename="../services/invigilator_api.py" line="61"/>
        <source>Trop d&apos;essais. Réessayez dans {seconds}&#xa0;s.</source>
        <translation>Too many attempts. Try again in {seconds}&#xa0;s.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="28"/>
        <source>Traiter le signalement</source>
        <translation>Handle the report</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="30"/>
        <source>Autoriser la reprise</source>
        <translation>Allow the resume</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="31"/>
        <source>Écran de fin de test vu</source>
        <translation>End-of-test screen seen</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="33"/>
        <source>Confirmer la présence</source>
        <translation>Confirm presence</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="35"/>
        <source>Annuler la présence</source>
        <translation>Cancel presence</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="37"/>
        <source>Admettre le retardataire</source>
        <translation>Admit the latecomer</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="39"/>
        <source>Ajouter du temps</source>
        <translation>Add time</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="40"/>
        <source>Signaler un incident</source>
        <translation>Report an incident</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="41"/>
        <source>Sortie de la fenêtre vue</source>
        <translation>Window exit seen</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="43"/>
        <location filename="../views/invigilator/session_view.py" line="233"/>
        <source>Terminer le test</source>
        <translation>End the test</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="44"/>
        <source>Débloquer le code</source>
        <translation>Unlock the code</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="87"/>
        <location filename="../views/invigilator/actions.py" line="121"/>
        <source>Aucun candidat sélectionné</source>
        <translation>No candidate selected</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="88"/>
        <source>Candidat sélectionné</source>
        <translation>Selected candidate</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="89"/>
        <location filename="../views/invigilator/actions.py" line="122"/>
        <source>Choisissez un candidat dans la liste.</source>
        <translation>Choose a candidate in the list.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="101"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="124"/>
        <source>{count} candidats sélectionnés</source>
        <translation>{count} candidates selected</translation>
    </message>
    <message>
        <location filename="../views/invigilator/actions.py" line="126"/>
        <source>Pour tous ceux à qui l&apos;action s&apos;applique.</source>
        <translation>For all those the action applies to.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="61"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="108"/>
        <source>Signalement de {name}&#xa0;: question {number}</source>
        <translation>Report from {name}: question {number}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="110"/>
        <source>Les actions du candidat sont en pause en attendant votre décision. Vérifiez la question sur son poste.</source>
        <translation>The candidate&apos;s actions are paused until your decision. Check the question on their PC.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="114"/>
        <source>Question signalée</source>
        <translation>Reported question</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="118"/>
        <source>Valider le signalement</source>
        <translation>Accept the report</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="119"/>
        <source>Refuser le signalement</source>
        <translation>Refuse the report</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="126"/>
        <source>Catégorie du problème</source>
        <translation>Category of the problem</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="133"/>
        <source>La question est neutralisée et remplacée par une autre de la même compétence.</source>
        <translation>The question is neutralised and replaced by another of the same competence.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="136"/>
        <source>Catégorie du problème&#xa0;:</source>
        <translation>Category of the problem:</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="139"/>
        <source>Le candidat répond à la même question.</source>
        <translation>The candidate answers the same question.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="141"/>
        <source>Enregistrer la décision</source>
        <translation>Save the decision</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="167"/>
        <source>Choisissez la catégorie…</source>
        <translation>Choose the category…</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="173"/>
        <source>La question n&apos;a pas pu être chargée (serveur injoignable)&#xa0;: lisez-la sur le poste du candidat.</source>
        <translation>The question could not be loaded (server unreachable): read it on the candidate&apos;s PC.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="175"/>
        <source>Question signalée ({competence}, {kind})&#xa0;:</source>
        <translation>Reported question ({competence}, {kind}):</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="177"/>
        <source>(sans consigne)</source>
        <translation>(no instruction)</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="179"/>
        <source>  {field}&#xa0;: ______</source>
        <translation>  {field}: ______</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="183"/>
        <source>une image ({description})</source>
        <translation>an image ({description})</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="186"/>
        <source>un fichier à ouvrir ({name})</source>
        <translation>a file to open ({name})</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="189"/>
        <source>un minuteur de {seconds}&#xa0;s</source>
        <translation>a {seconds}&#xa0;s timer</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="192"/>
        <source>la surveillance de la sortie de la fenêtre</source>
        <translation>window exit monitoring</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="194"/>
        <source>Cette question comporte {things}.</source>
        <translation>This question has {things}.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="209"/>
        <source>Ajouter du temps&#xa0;: {who}</source>
        <translation>Add time: {who}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="212"/>
        <source>Coupure mesurée&#xa0;: {minutes}&#xa0;min. Cette durée vous est proposée, vous pouvez la modifier.</source>
        <translation>Measured outage: {minutes}&#xa0;min. This duration is suggested; you can change it.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="220"/>
        <source>Minutes à ajouter</source>
        <translation>Minutes to add</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="221"/>
        <source>Minutes à ajouter&#xa0;:</source>
        <translation>Minutes to add:</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="223"/>
        <source>Ajouter le temps</source>
        <translation>Add the time</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="243"/>
        <source>Signaler un incident&#xa0;: {name}</source>
        <translation>Report an incident: {name}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="246"/>
        <source>Catégorie</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="252"/>
        <source>Numéro de la question</source>
        <translation>Question number</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="254"/>
        <source>Description</source>
        <translation>Description</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="257"/>
        <source>Catégorie&#xa0;:</source>
        <translation>Category:</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="258"/>
        <source>Numéro de la question&#xa0;:</source>
        <translation>Question number:</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="260"/>
        <source>Description&#xa0;:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <location filename="../views/invigilator/dialogs.py" line="267"/>
        <source>Enregistrer le signalement</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="24"/>
        <location filename="../views/invigilator/projector.py" line="20"/>
        <source>Afficher le code d&apos;accès</source>
        <translation>Show the access code</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="25"/>
        <location filename="../views/invigilator/projector.py" line="21"/>
        <source>Masquer le code d&apos;accès</source>
        <translation>Hide the access code</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="56"/>
        <source>Détails de la session</source>
        <translation>Session details</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="67"/>
        <location filename="../views/invigilator/projector.py" line="38"/>
        <source>Code d&apos;accès</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="69"/>
        <location filename="../views/invigilator/header.py" line="138"/>
        <location filename="../views/invigilator/projector.py" line="84"/>
        <source>Code d&apos;accès masqué</source>
        <translation>Access code hidden</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="75"/>
        <source>Afficher en grand</source>
        <translation>Show full screen</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="77"/>
        <source>Numéro de session et code d&apos;accès en plein écran, pour le vidéoprojecteur</source>
        <translation>Session number and access code full screen, for the projector</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="79"/>
        <location filename="../views/invigilator/header.py" line="117"/>
        <location filename="../views/invigilator/session_view.py" line="286"/>
        <source>Lancer le test</source>
        <translation>Launch the test</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="81"/>
        <source>Kit surveillant (PDF)</source>
        <translation>Invigilator kit (PDF)</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="83"/>
        <location filename="../views/invigilator/window.py" line="141"/>
        <source>Quitter</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="103"/>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="104"/>
        <source>Détails indisponibles hors connexion</source>
        <translation>Details unavailable offline</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="106"/>
        <source>Session {number}</source>
        <translation>Session {number}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="109"/>
        <source>{date} à {time} · {site} · {room} · Surveillant(s)&#xa0;: {names}</source>
        <translation>{date} at {time} · {site} · {room} · Invigilator(s): {names}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="117"/>
        <source>Test lancé</source>
        <translation>Test launched</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="137"/>
        <location filename="../views/invigilator/projector.py" line="83"/>
        <source>Code d&apos;accès {code}</source>
        <translation>Access code {code}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="184"/>
        <source>Connexion au serveur</source>
        <translation>Connection to the server</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="193"/>
        <source> ({count} en attente)</source>
        <translation> ({count} waiting)</translation>
    </message>
    <message>
        <location filename="../views/invigilator/header.py" line="195"/>
        <source>⚠ Connexion au serveur perdue depuis {time}&#xa0;: l&apos;affichage n&apos;est plus à jour. Les actions sont enregistrées sur ce poste et seront envoyées au retour du réseau{waiting}.</source>
        <translation>⚠ Connection to the server lost since {time}: the display is no longer up to date. Actions are saved on this PC and will be sent when the network is back{waiting}.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="34"/>
        <location filename="../views/invigilator/window.py" line="52"/>
        <source>Espace surveillant</source>
        <translation>Invigilator area</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="35"/>
        <source>Surveiller une session</source>
        <translation>Invigilate a session</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="39"/>
        <source>Tous les champs sont obligatoires.</source>
        <translation>All fields are required.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="42"/>
        <source>&amp;Numéro de la session</source>
        <translation>Session &amp;number</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="43"/>
        <source>Numéro de la session</source>
        <translation>Session number</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="49"/>
        <source>&amp;Mot de passe de la session</source>
        <translation>Session &amp;password</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="50"/>
        <source>Mot de passe de la session</source>
        <translation>Session password</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="60"/>
        <source>Exemple&#xa0;: C-12345</source>
        <translation>Example: C-12345</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="64"/>
        <source>Erreur</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="66"/>
        <location filename="../views/invigilator/login.py" line="96"/>
        <source>Surveiller la session</source>
        <translation>Invigilate the session</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="69"/>
        <source>Le mot de passe de la session à surveiller vous a été communiqué par l&apos;administrateur de votre établissement (kit surveillant).</source>
        <translation>The password of the session to invigilate was given to you by your school&apos;s administrator (invigilator kit).</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="85"/>
        <source>Saisissez le numéro de la session et le mot de passe de la session.</source>
        <translation>Enter the session number and the session password.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/login.py" line="96"/>
        <source>Connexion…</source>
        <translation>Logging in…</translation>
    </message>
    <message>
        <location filename="../views/invigilator/projector.py" line="27"/>
        <source>examroom — Session et code d&apos;accès</source>
        <translation>examroom — Session and access code</translation>
    </message>
    <message>
        <location filename="../views/invigilator/projector.py" line="28"/>
        <source>Session et code d&apos;accès en grand</source>
        <translation>Session and access code, full screen</translation>
    </message>
    <message>
        <location filename="../views/invigilator/projector.py" line="35"/>
        <location filename="../views/invigilator/projector.py" line="44"/>
        <source>Numéro de session</source>
        <translation>Session number</translation>
    </message>
    <message>
        <location filename="../views/invigilator/projector.py" line="49"/>
        <source>Fermer</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="59"/>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="60"/>
        <source>Rechercher un candidat</source>
        <translation>Search for a candidate</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="62"/>
        <source>Nom ou prénom</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="66"/>
        <source>Compteurs</source>
        <translation>Counters</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="67"/>
        <location filename="../views/invigilator/session_view.py" line="134"/>
        <source>À traiter&#xa0;: {count}</source>
        <translation>To handle: {count}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="69"/>
        <source>Sélectionne le prochain candidat à traiter. La liste ne se réordonne pas tant que le pointeur est dessus.</source>
        <translation>Selects the next candidate to handle. The list is not reordered while the pointer is over it.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="72"/>
        <location filename="../views/invigilator/session_view.py" line="121"/>
        <location filename="../views/invigilator/session_view.py" line="295"/>
        <source>Clore les entrées</source>
        <translation>Close entries</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="74"/>
        <source>Ajouter du temps à tous</source>
        <translation>Add time for everyone</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="121"/>
        <source>Entrées closes</source>
        <translation>Entries closed</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="129"/>
        <source>Présents&#xa0;: {present} · En cours&#xa0;: {started}
Terminés&#xa0;: {finished} · Total&#xa0;: {total}</source>
        <translation>Present: {present} · In progress: {started}
Ended: {finished} · Total: {total}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="176"/>
        <source>Le numéro de session n&apos;est pas disponible hors connexion.</source>
        <translation>The session number is not available offline.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="234"/>
        <source>Terminer le test de {name}&#xa0;? Cette action est irréversible&#xa0;: le candidat ne pourra plus répondre.</source>
        <translation>End {name}&apos;s test? This cannot be undone: the candidate will no longer be able to answer.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="265"/>
        <source>tous les candidats</source>
        <translation>all candidates</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="287"/>
        <source>Lancer le test maintenant&#xa0;? L&apos;heure de lancement est enregistrée. Lisez ensuite le code d&apos;accès aux candidats. Les entrées seront closes&#xa0;: aucun retardataire ne pourra plus être admis.</source>
        <translation>Launch the test now? The launch time is recorded. Then read the access code out to the candidates. Entries will be closed: no latecomer can be admitted any more.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="296"/>
        <source>Clore les entrées&#xa0;? Un candidat en retard devra être admis explicitement (« Admettre le retardataire »).</source>
        <translation>Close entries? A late candidate will have to be admitted explicitly (“Admit the latecomer”).</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="307"/>
        <source>Le kit n&apos;est pas disponible hors connexion.</source>
        <translation>The kit is not available offline.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="310"/>
        <source>Enregistrer le kit surveillant</source>
        <translation>Save the invigilator kit</translation>
    </message>
    <message>
        <location filename="../views/invigilator/session_view.py" line="326"/>
        <source>Le kit n&apos;a pas pu être enregistré à cet endroit&#xa0;: choisissez un autre dossier.</source>
        <translation>The kit could not be saved there: choose another folder.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="37"/>
        <source>Candidat</source>
        <translation>Candidate</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="38"/>
        <source>À traiter</source>
        <translation>To handle</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="39"/>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="40"/>
        <source>Question</source>
        <translation>Question</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="41"/>
        <source>Début</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="42"/>
        <source>Fin prévue</source>
        <translation>Planned end</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="43"/>
        <source>Restant</source>
        <translation>Left</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="44"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="45"/>
        <source>Naissance</source>
        <translation>Born</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="46"/>
        <source>Majoré</source>
        <translation>Extra</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="75"/>
        <source>Terminé (surveillant)</source>
        <translation>Ended (invigilator)</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="165"/>
        <source>Né(e) le {date}</source>
        <translation>Born on {date}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="167"/>
        <source>Début {start} · fin prévue {end}</source>
        <translation>Start {start} · planned end {end}</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="170"/>
        <source>Question {number} / {total} · reste {left}</source>
        <translation>Question {number} / {total} · {left} left</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="173"/>
        <source>Contact il y a {age}</source>
        <translation>Contact {age} ago</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="176"/>
        <source>Temps majoré {percent}&#xa0;%</source>
        <translation>Extra time {percent}&#xa0;%</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="284"/>
        <source>, présent</source>
        <translation>, present</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="284"/>
        <source>, présence non confirmée</source>
        <translation>, presence not confirmed</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="318"/>
        <source>Fin théorique du test, temps majoré et temps ajouté compris</source>
        <translation>Theoretical end of the test, extra time and added time included</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="319"/>
        <source>Dernier signe du poste du candidat, pendant le test</source>
        <translation>Last sign from the candidate&apos;s PC, during the test</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="320"/>
        <source>Temps majoré (tiers-temps...)</source>
        <translation>Extra time (one-third extra...)</translation>
    </message>
    <message>
        <location filename="../views/invigilator/table.py" line="389"/>
        <source>Liste des candidats</source>
        <translation>List of candidates</translation>
    </message>
    <message>
        <location filename="../views/invigilator/window.py" line="51"/>
        <source>examroom — Espace surveillant</source>
        <translation>examroom — Invigilator area</translation>
    </message>
    <message>
        <location filename="../views/invigilator/window.py" line="134"/>
        <source>Quitter la session&#xa0;? Le poste oublie la connexion&#xa0;: il faudra saisir de nouveau le mot de passe de session.</source>
        <translation>Quit the session? This PC forgets the login: the session password will have to be entered again.</translation>
    </message>
    <message>
        <location filename="../views/invigilator/window.py" line="137"/>
        <source>{count} action(s) ne sont pas encore envoyées au serveur&#xa0;: elles restent sur ce poste et seront envoyées à la prochaine connexion.</source>
        <translation>{count} action(s) not yet sent to the server: they stay on this PC and will be sent at the next login.</translation>
    </message>
</context>
</TS>
