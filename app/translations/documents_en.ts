<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Documents</name>
    <message>
        <location filename="../services/documents/attendance.py" line="26"/>
        <source>Feuille d&apos;émargement</source>
        <translation>Attendance sheet</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="29"/>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="30"/>
        <source>Nom de naissance</source>
        <translation>Birth surname</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="31"/>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="32"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="33"/>
        <source>Temps majoré</source>
        <translation>Extra time</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="34"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="35"/>
        <source>Écran de fin de test vu</source>
        <translation>End-of-test screen seen</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="45"/>
        <source>À signer par chaque candidat à son arrivée ; le surveillant coche « Écran de fin de test vu » après avoir constaté l&apos;écran de fin de test.</source>
        <translation>To be signed by each candidate on arrival; the invigilator ticks “End-of-test screen seen” after seeing the candidate&apos;s end-of-test screen.</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="66"/>
        <source>Candidats inscrits : {count}      Candidats présents : ________</source>
        <translation>Registered candidates: {count}      Candidates present: ________</translation>
    </message>
    <message>
        <location filename="../services/documents/attendance.py" line="71"/>
        <location filename="../services/documents/incident.py" line="57"/>
        <source>Nom et signature du ou des surveillants :</source>
        <translation>Name and signature of the invigilator(s):</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="17"/>
        <source>Certificat valable 3 ans</source>
        <translation>Certificate valid for 3 years</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="24"/>
        <source>Certificat de compétences numériques</source>
        <translation>Digital skills certificate</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="25"/>
        <source>examroom — certificat n° {number} — {name}</source>
        <translation>examroom — certificate no. {number} — {name}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="46"/>
        <source>Cadre de référence des compétences numériques (CRCN)</source>
        <translation>Digital skills reference framework (CRCN)</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="55"/>
        <source>Délivré le {date} — {validity}</source>
        <translation>Issued on {date} — {validity}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="63"/>
        <source>Né(e) le {date} {place}</source>
        <translation>Born on {date} {place}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="67"/>
        <source>Né(e) le {date}</source>
        <translation>Born on {date}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="70"/>
        <location filename="../services/documents/parts.py" line="52"/>
        <source>Centre de certification : {centre}</source>
        <translation>Certification centre: {centre}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="71"/>
        <source>Date de passage : {date}</source>
        <translation>Test taken on: {date}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="75"/>
        <source>N° de certification : {number}</source>
        <translation>Certification number: {number}</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="78"/>
        <source>Compétences certifiées (niveaux sur {max})</source>
        <translation>Certified skills (levels out of {max})</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="97"/>
        <source>NIVEAU</source>
        <translation>LEVEL</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="141"/>
        <source>Score total</source>
        <translation>Total score</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="161"/>
        <source>Code de vérification</source>
        <translation>Verification code</translation>
    </message>
    <message>
        <location filename="../services/documents/certificates.py" line="177"/>
        <source>Communiquez ce code pour permettre à un tiers de vérifier l&apos;authenticité de votre certificat (écran « Vérifier un certificat »).</source>
        <translation>Give this code to anyone who needs to check that your certificate is genuine (“Verify a certificate” screen).</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="59"/>
        <source>Certification des compétences numériques</source>
        <translation>Digital skills certification</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="70"/>
        <source>N° de session</source>
        <translation>Session no.</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="71"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="72"/>
        <source>Heure de début</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="73"/>
        <source>Nom du site</source>
        <translation>Site name</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="15"/>
        <location filename="../services/documents/parts.py" line="74"/>
        <source>Salle</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="17"/>
        <source>Un espace individuel pour chaque candidat</source>
        <translation>A separate workspace for each candidate</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="18"/>
        <source>Un poste informatique pour chaque candidat (sauf pour les candidats utilisant leur propre matériel)</source>
        <translation>A computer for each candidate (except candidates using their own equipment)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="23"/>
        <source>Un confort compatible avec le passage d&apos;un examen (espace, calme, distance appropriée entre les candidats, éclairage et ventilation adaptés)</source>
        <translation>Conditions suitable for an exam (space, quiet, enough distance between candidates, suitable lighting and ventilation)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="28"/>
        <source>Un espace permettant au surveillant la déambulation derrière les candidats</source>
        <translation>Room for the invigilator to walk behind the candidates</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="32"/>
        <source>Des postes informatiques additionnels (1 poste additionnel requis pour 20 candidats)</source>
        <translation>Spare computers (1 spare computer required per 20 candidates)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="40"/>
        <source>Configuration minimale des ordinateurs</source>
        <translation>Minimum computer configuration</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="42"/>
        <source>Une taille et une résolution d&apos;écran satisfaisantes (largeur minimale recommandée de 800 pixels)</source>
        <translation>A suitable screen size and resolution (recommended minimum width of 800 pixels)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="47"/>
        <source>Le poste candidat examroom (mode kiosque) installé et démarré sur chaque poste, postes additionnels compris</source>
        <translation>The examroom candidate station (kiosk mode) installed and started on every computer, spare computers included</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="52"/>
        <source>Un lecteur de fichier PDF</source>
        <translation>A PDF reader</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="53"/>
        <source>Une suite bureautique aux fonctionnalités complètes (tableur, traitement de texte, présentation, dessin, traitement d&apos;image)</source>
        <translation>A full office suite (spreadsheet, word processor, presentations, drawing, image editing)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="58"/>
        <source>Le poste du surveillant relié au réseau de la salle</source>
        <translation>The invigilator&apos;s station connected to the room&apos;s network</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="62"/>
        <source>Documents et informations pour le surveillant</source>
        <translation>Documents and information for the invigilator</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="64"/>
        <source>La feuille d&apos;émargement imprimée, qui comporte le numéro de session</source>
        <translation>The printed attendance sheet, which shows the session number</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="68"/>
        <source>Le PV d&apos;incident vierge</source>
        <translation>The blank incident report</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="69"/>
        <source>Le kit surveillant : code d&apos;accès et mot de passe de session</source>
        <translation>The invigilator kit: access code and session password</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="73"/>
        <source>La notice pour l&apos;élève, à projeter au tableau ou à afficher près des ordinateurs</source>
        <translation>The pupil notice, to project on the board or to display near the computers</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="77"/>
        <source>Le modèle de PV de fraude (à utiliser le cas échéant)</source>
        <translation>The fraud report template (to use if needed)</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="85"/>
        <source>Check-list de préparation de la salle</source>
        <translation>Room preparation checklist</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="88"/>
        <source>Pour les sessions de certification</source>
        <translation>For certification sessions</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="91"/>
        <source>Candidats inscrits : {count}.</source>
        <translation>Registered candidates: {count}.</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="92"/>
        <source>Postes additionnels à prévoir : {units} (1 pour 20 candidats).</source>
        <translation>Spare computers to provide: {units} (1 per 20 candidates).</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="93"/>
        <source>Surveillants nécessaires : au moins {needed} (1 pour 20 élèves) ; prévu(s) : {have}.</source>
        <translation>Invigilators needed: at least {needed} (1 per 20 pupils); planned: {have}.</translation>
    </message>
    <message>
        <location filename="../services/documents/checklist.py" line="120"/>
        <source>Vérifiée le : ____ / ____ / ________      par : ______________________________</source>
        <translation>Checked on: ____ / ____ / ________      by: ______________________________</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="75"/>
        <source>Surveillant(s)</source>
        <translation>Invigilator(s)</translation>
    </message>
    <message>
        <location filename="../services/documents/parts.py" line="152"/>
        <source>examroom — {kind} — session n° {number}</source>
        <translation>examroom — {kind} — session no. {number}</translation>
    </message>
    <message>
        <location filename="../services/documents/sheet.py" line="279"/>
        <source>Page {index} / {total}</source>
        <translation>Page {index} of {total}</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="12"/>
        <source>PV de fraude</source>
        <translation>Fraud report</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="15"/>
        <source>Procès-verbal de suspicion de fraude</source>
        <translation>Report of suspected fraud</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="16"/>
        <source>Candidat concerné</source>
        <translation>Candidate concerned</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="18"/>
        <source>Nom de naissance :</source>
        <translation>Birth surname:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="19"/>
        <source>Prénom :</source>
        <translation>First name:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="20"/>
        <source>Date de naissance :</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="21"/>
        <source>N° de certification :</source>
        <translation>Certification no.:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="31"/>
        <source>Date et heure des faits :</source>
        <translation>Date and time:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="35"/>
        <source>N° de la question :</source>
        <translation>Question no.:</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="45"/>
        <source>Description précise des faits constatés</source>
        <translation>Exact description of what was seen</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="46"/>
        <source>Mesures prises par le surveillant</source>
        <translation>Action taken by the invigilator</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="47"/>
        <source>Observations du candidat</source>
        <translation>The candidate&apos;s comments</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="48"/>
        <source>Témoin(s) : nom et qualité</source>
        <translation>Witness(es): name and role</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="53"/>
        <source>Signature du ou des surveillants</source>
        <translation>Signature of the invigilator(s)</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="54"/>
        <source>Signature du candidat (ou mention de son refus de signer)</source>
        <translation>Signature of the candidate (or a note that they refused to sign)</translation>
    </message>
    <message>
        <location filename="../services/documents/fraud.py" line="62"/>
        <source>À joindre à la finalisation de la session (étape 2 : documents), et à conserver avec la feuille d&apos;émargement.</source>
        <translation>To attach when finalising the session (step 2: documents), and to keep with the attendance sheet.</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="20"/>
        <source>PV d&apos;incident</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="26"/>
        <source>Procès-verbal de session : signalements relevés par le surveillant</source>
        <translation>Session report: incidents noted by the invigilator</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="32"/>
        <source>Notez chaque signalement le plus précisément possible : candidat, catégorie (voir page 2), numéro de la question concernée pour un problème sur une question, heure et description détaillée. Seuls les signalements relevés par le surveillant sont pris en compte par le jury. Ils sont reportés lors de la finalisation de la session.</source>
        <translation>Note each incident as precisely as possible: candidate, category (see page 2), number of the question concerned for a problem with a question, time and a detailed description. Only incidents noted by the invigilator are considered by the jury. They are entered when the session is finalised.</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="44"/>
        <source>Nom et prénom du candidat</source>
        <translation>Candidate&apos;s surname and first name</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="45"/>
        <source>N° de certification</source>
        <translation>Cert. no.</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="46"/>
        <source>Catégorie (C1 à E12)</source>
        <translation>Category (C1 to E12)</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="47"/>
        <source>N° de question</source>
        <translation>Question no.</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="48"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="49"/>
        <source>Description précise de l&apos;incident</source>
        <translation>Exact description of the incident</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="61"/>
        <source>Catégories de signalement</source>
        <translation>Incident categories</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="64"/>
        <source>Concernant le candidat (C)</source>
        <translation>About the candidate (C)</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="68"/>
        <source>Problème sur la question N (E) : indiquez le numéro de la question</source>
        <translation>Problem with question N (E): give the question&apos;s number</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="79"/>
        <source>{label} — à examiner par le jury</source>
        <translation>{label} — to be reviewed by the jury</translation>
    </message>
    <message>
        <location filename="../services/documents/incident.py" line="87"/>
        <source>C1 et C2 : décrivez la modification à apporter (nom, date de naissance, temps majoré). Description : 500 caractères au maximum par signalement. En cas de suspicion de fraude (C6), établissez aussi un PV de fraude.</source>
        <translation>C1 and C2: describe the change to make (name, date of birth, extra time). Description: 500 characters at most per incident. If fraud is suspected (C6), also fill in a fraud report.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="14"/>
        <source>Consignes à lire aux élèves</source>
        <translation>Instructions to read to pupils</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="17"/>
        <source>Votre pièce d&apos;identité reste posée sur la table pendant tout le test.</source>
        <translation>Your identity document stays on the desk for the whole test.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="21"/>
        <source>Vos téléphones, notes et documents restent dans votre sac : seules les feuilles de brouillon vierges distribuées sont autorisées.</source>
        <translation>Your phones, notes and papers stay in your bag: only the blank scrap paper handed out is allowed.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="26"/>
        <source>Je vais vous communiquer le code d&apos;accès : à partir de ce moment, vous disposez d&apos;1h45 au maximum pour le test. Aucun retardataire ne pourra plus entrer.</source>
        <translation>I am going to give you the access code: from then on, you have at most 1 hour 45 minutes for the test. No latecomer will be let in after that.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="31"/>
        <source>En haut à droite de votre écran, vous voyez le nombre total de questions et le nombre de questions auxquelles vous avez déjà répondu : organisez votre temps.</source>
        <translation>At the top right of your screen you can see the total number of questions and how many you have already answered: plan your time.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="36"/>
        <source>Lorsque vous cliquez sur « Je passe », vous ne pouvez plus revenir sur cette question : une question passée est considérée comme fausse.</source>
        <translation>Once you click “Skip”, you cannot go back to that question: a skipped question counts as wrong.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="41"/>
        <source>Certaines questions sont chronométrées. Si vous bénéficiez d&apos;un temps majoré et que le chronomètre arrive à la fin, répondez quand même : votre réponse est prise en compte.</source>
        <translation>Some questions are timed. If you have extra time and the timer runs out, answer anyway: your answer will count.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="46"/>
        <source>En cas de problème technique (une image qui ne s&apos;affiche pas, un écran bloqué), levez la main : je viens voir et je le note.</source>
        <translation>If there is a technical problem (an image that does not show, a frozen screen), raise your hand: I will come and look, and note it down.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="51"/>
        <source>Si votre ordinateur s&apos;éteint ou se bloque, ne vous inquiétez pas : vos réponses sont gardées et vous reprendrez là où vous étiez.</source>
        <translation>If your computer switches off or freezes, do not worry: your answers are kept and you will carry on where you left off.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="56"/>
        <source>Lorsque vous avez terminé, gardez sous vos yeux l&apos;écran de fin de test et appelez-moi : je dois impérativement le voir pour valider votre certification.</source>
        <translation>When you have finished, keep the end-of-test screen in front of you and call me: I must see it to validate your certification.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="61"/>
        <source>Au bout d&apos;1h45, ceux qui n&apos;ont pas fini passent les questions restantes avec « Je passe » jusqu&apos;à l&apos;écran de fin de test.</source>
        <translation>After 1 hour 45 minutes, those who have not finished skip the remaining questions with “Skip” until the end-of-test screen.</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="75"/>
        <source>Avant de communiquer le code d&apos;accès</source>
        <translation>Before giving the access code</translation>
    </message>
    <message>
        <location filename="../services/documents/instructions.py" line="77"/>
        <source>À lire quand tous les élèves sont installés et connectés, avant de communiquer le code d&apos;accès.</source>
        <translation>To read once every pupil is seated and signed in, before giving the access code.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="12"/>
        <source>Préparez la salle (check-list) et les documents : feuille d&apos;émargement, PV d&apos;incident vierge, notice pour l&apos;élève, modèle de PV de fraude.</source>
        <translation>Prepare the room (checklist) and the documents: attendance sheet, blank incident report, pupil notice, fraud report template.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="17"/>
        <source>Connectez-vous au poste surveillant avec le numéro de session et le mot de passe de session ci-dessus.</source>
        <translation>Sign in to the invigilator station with the session number and the session password above.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="22"/>
        <source>Accueillez les élèves : vérification d&apos;identité, émargement, installation. Chaque élève rejoint la session en suivant la notice ; confirmez sa présence sur le poste surveillant.</source>
        <translation>Welcome the pupils: identity check, attendance sheet, seating. Each pupil joins the session by following the notice; confirm their presence on the invigilator station.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="28"/>
        <source>Quand tous les élèves sont prêts, communiquez les consignes, puis le code d&apos;accès, et notez l&apos;heure de début du test.</source>
        <translation>When every pupil is ready, read the instructions, then give the access code, and note the time the test started.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="33"/>
        <source>Pendant le test, passez régulièrement dans les rangs. Notez tout incident sur le PV d&apos;incident (numéro de la question concernée, description précise) ; en cas de suspicion de fraude, établissez un PV de fraude.</source>
        <translation>During the test, walk round the rows regularly. Note every incident on the incident report (number of the question concerned, exact description); if fraud is suspected, fill in a fraud report.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="39"/>
        <source>Arrêtez la session 1h45 après le début du test (hormis pour les temps majorés) : les élèves n&apos;ayant pas fini passent les questions jusqu&apos;à la fin (« Je passe »).</source>
        <translation>Stop the session 1 hour 45 minutes after the test started (except for extra time): pupils who have not finished skip the questions up to the end (“Skip”).</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="44"/>
        <source>Constatez l&apos;écran de fin de test de chaque élève, marquez-le « Écran de fin de test vu » sur le poste surveillant et cochez la case de la feuille d&apos;émargement.</source>
        <translation>Check each pupil&apos;s end-of-test screen, mark it “End-of-test screen seen” on the invigilator station and tick the box on the attendance sheet.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="49"/>
        <source>Remettez à l&apos;administrateur la feuille d&apos;émargement complétée, le PV d&apos;incident et, le cas échéant, le PV de fraude.</source>
        <translation>Hand the completed attendance sheet, the incident report and, if any, the fraud report to the administrator.</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="68"/>
        <source>Kit surveillant</source>
        <translation>Invigilator kit</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="70"/>
        <source>Kit surveillant — confidentiel</source>
        <translation>Invigilator kit — confidential</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="76"/>
        <source>Confidentiel : à remettre au surveillant seulement</source>
        <translation>Confidential: for the invigilator only</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="82"/>
        <location filename="../services/documents/notice.py" line="69"/>
        <source>Numéro de session</source>
        <translation>Session number</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="84"/>
        <source>À projeter et à communiquer aux élèves dès leur arrivée</source>
        <translation>To project and give to the pupils as soon as they arrive</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="87"/>
        <source>Mot de passe de session</source>
        <translation>Session password</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="89"/>
        <source>Réservé au surveillant : connexion au poste surveillant</source>
        <translation>For the invigilator only: signs in to the invigilator station</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="92"/>
        <source>Code d&apos;accès</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="94"/>
        <source>À ne communiquer aux élèves qu&apos;au lancement du test</source>
        <translation>Give it to the pupils only when the test starts</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="97"/>
        <source>Code de reprise</source>
        <translation>Resume code</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="99"/>
        <source>À taper par le surveillant sur un poste sans réseau (n&apos;ouvre pas la station)</source>
        <translation>Typed by the invigilator on a computer without network (does not open the station)</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="127"/>
        <source>Déroulement</source>
        <translation>How the session runs</translation>
    </message>
    <message>
        <location filename="../services/documents/kit.py" line="135"/>
        <source>En cas de coupure du réseau ou de courant, les réponses déjà données sont conservées sur chaque poste : l&apos;élève ressaisit le code d&apos;accès et vous autorisez la reprise depuis le poste surveillant (ou, sans réseau, en tapant le code de reprise sur son poste).</source>
        <translation>If the network or the power fails, the answers already given are kept on each computer: the pupil types the access code again and you allow the test to resume from the invigilator station (or, without network, by typing the resume code on the pupil&apos;s computer).</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="13"/>
        <source>Posez votre pièce d&apos;identité sur la table.</source>
        <translation>Put your identity document on the desk.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="14"/>
        <source>Sur l&apos;ordinateur, l&apos;écran « Rejoindre une session » est affiché : faites signe au surveillant si ce n&apos;est pas le cas.</source>
        <translation>The computer shows the “Join a session” screen: tell the invigilator if it does not.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="19"/>
        <source>Renseignez le numéro de session communiqué par le surveillant.</source>
        <translation>Enter the session number the invigilator gives you.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="23"/>
        <source>Renseignez votre prénom, votre nom de naissance et votre date de naissance. Confirmez les informations.</source>
        <translation>Enter your first name, your birth surname and your date of birth. Confirm the details.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="28"/>
        <source>Vous êtes sur la page « Vous allez commencer votre test de certification » : faites signe au surveillant si ce n&apos;est pas le cas.</source>
        <translation>You are on the “You are about to start your certification test” page: tell the invigilator if you are not.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="33"/>
        <source>Attendez que le surveillant donne les consignes et communique le code d&apos;accès.</source>
        <translation>Wait for the invigilator to give the instructions and the access code.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="37"/>
        <source>Saisissez le code d&apos;accès indiqué par le surveillant, puis « Commencer mon test ».</source>
        <translation>Type the access code the invigilator gives you, then “Start my test”.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="41"/>
        <source>La certification se génère.</source>
        <translation>The certification test is prepared.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="42"/>
        <source>Vous pouvez répondre aux questions. Vous avez 1h45 maximum. Faites signe au surveillant en cas de problème technique.</source>
        <translation>You can answer the questions. You have 1 hour 45 minutes at most. Tell the invigilator if there is a technical problem.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="47"/>
        <source>Vous avez terminé ? Étape de validation obligatoire : gardez sous vos yeux l&apos;écran de fin de test et appelez le surveillant.</source>
        <translation>Finished? Compulsory validation step: keep the end-of-test screen in front of you and call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/documents/notice.py" line="58"/>
        <source>Notice pour l&apos;élève</source>
        <translation>Pupil notice</translation>
    </message>
</context>
</TS>
