<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Admin</name>
    <message>
        <location filename="../views/admin/candidate_form.py" line="44"/>
        <source>Modifier le candidat</source>
        <translation>Edit the candidate</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="45"/>
        <location filename="../views/admin/candidates.py" line="92"/>
        <source>Ajouter un candidat</source>
        <translation>Add a candidate</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="51"/>
        <location filename="../views/admin/session_form.py" line="51"/>
        <location filename="../views/admin/sessions.py" line="62"/>
        <source>JJ/MM/AAAA</source>
        <translation>DD/MM/YYYY</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="54"/>
        <source>code INSEE, code postal et ville, ou 99 et pays</source>
        <translation>INSEE code, postcode and town, or 99 and country</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="55"/>
        <source>Sexe</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="56"/>
        <source>Non renseigné</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="57"/>
        <source>F</source>
        <translation>F</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="57"/>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="60"/>
        <source>ex. 30 %</source>
        <translation>e.g. 30%</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="61"/>
        <source>Aménagement (accessibilité)</source>
        <translation>Special arrangements (accessibility)</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="63"/>
        <location filename="../views/admin/candidates.py" line="59"/>
        <location filename="../views/admin/import_preview.py" line="121"/>
        <location filename="../views/admin/pupils.py" line="50"/>
        <source>Nom de naissance</source>
        <translation>Surname at birth</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="64"/>
        <location filename="../views/admin/candidates.py" line="60"/>
        <location filename="../views/admin/import_preview.py" line="122"/>
        <location filename="../views/admin/pupils.py" line="50"/>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="65"/>
        <source>Date de naissance (JJ/MM/AAAA)</source>
        <translation>Date of birth (DD/MM/YYYY)</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="66"/>
        <source>Lieu de naissance</source>
        <translation>Place of birth</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="68"/>
        <location filename="../views/admin/candidates.py" line="62"/>
        <location filename="../views/admin/import_preview.py" line="124"/>
        <location filename="../views/admin/pupils.py" line="42"/>
        <source>Classe</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="69"/>
        <source>Identifiant externe</source>
        <translation>External ID</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="70"/>
        <location filename="../views/admin/candidates.py" line="63"/>
        <location filename="../views/admin/import_preview.py" line="125"/>
        <location filename="../views/admin/pupils.py" line="51"/>
        <source>Temps majoré</source>
        <translation>Extra time</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="72"/>
        <source>E-mail pour les résultats</source>
        <translation>E-mail for the results</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="76"/>
        <source>Profil de positionnement</source>
        <translation>Placement profile</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="77"/>
        <source>Compétence</source>
        <translation>Competence</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="78"/>
        <source>Niveau</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="79"/>
        <source>Pix</source>
        <translation>Pix</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="88"/>
        <source>Niveau {code}</source>
        <translation>Level {code}</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="89"/>
        <source>Pix {code}</source>
        <translation>Pix {code}</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="97"/>
        <source>Certifiabilité</source>
        <translation>Eligibility</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="108"/>
        <location filename="../views/admin/common.py" line="297"/>
        <location filename="../views/admin/import_preview.py" line="134"/>
        <location filename="../views/admin/session_form.py" line="82"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="110"/>
        <source>Enregistrer le candidat</source>
        <translation>Save the candidate</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="111"/>
        <source>Ajouter le candidat</source>
        <translation>Add the candidate</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="127"/>
        <source>{percent} %</source>
        <translation>{percent}%</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="137"/>
        <source>Certifiable : {reached} compétences au niveau 1 ou plus.</source>
        <translation>Eligible: {reached} competences at level 1 or above.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="141"/>
        <source>Non certifiable : {reached} compétence(s) au niveau 1 ou plus, il en faut 5.</source>
        <translation>Not eligible: {reached} competence(s) at level 1 or above; 5 are needed.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="149"/>
        <source>Indiquez le nom de naissance.</source>
        <translation>Enter the surname at birth.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="151"/>
        <source>Indiquez le prénom.</source>
        <translation>Enter the first name.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="155"/>
        <source>Indiquez la date de naissance.</source>
        <translation>Enter the date of birth.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="158"/>
        <source>La date de naissance n&apos;est pas valide : écrivez-la JJ/MM/AAAA.</source>
        <translation>The date of birth is not valid: write it DD/MM/YYYY.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="165"/>
        <source>Le temps majoré n&apos;est pas valide : écrivez par exemple 30 %.</source>
        <translation>The extra time is not valid: write, for example, 30%.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="171"/>
        <source>Lieu de naissance : {reason}.</source>
        <translation>Place of birth: {reason}.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidate_form.py" line="175"/>
        <source>L&apos;adresse e-mail n&apos;est pas valide.</source>
        <translation>The e-mail address is not valid.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="22"/>
        <source>Oui ({reached} compétences)</source>
        <translation>Yes ({reached} competences)</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="23"/>
        <source>Non : {reached} compétence(s) au niveau 1, 5 requises</source>
        <translation>No: {reached} competence(s) at level 1, 5 needed</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="28"/>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="28"/>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="35"/>
        <source>Candidats de la session {number}</source>
        <translation>Candidates of session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="41"/>
        <source>Un test a commencé ou la session est finalisée : la liste des candidats est verrouillée.</source>
        <translation>A test has started or the session is finalised: the list of candidates is locked.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="49"/>
        <source>Filtrer par classe</source>
        <translation>Filter by class</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="50"/>
        <location filename="../views/admin/candidates.py" line="117"/>
        <location filename="../views/admin/pupils.py" line="43"/>
        <location filename="../views/admin/pupils.py" line="83"/>
        <source>Toutes les classes</source>
        <translation>All classes</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="57"/>
        <source>Liste des candidats</source>
        <translation>List of candidates</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="61"/>
        <location filename="../views/admin/import_preview.py" line="123"/>
        <location filename="../views/admin/pupils.py" line="51"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="64"/>
        <location filename="../views/admin/import_preview.py" line="126"/>
        <location filename="../views/admin/pupils.py" line="52"/>
        <source>Certifiable</source>
        <translation>Eligible</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="65"/>
        <source>Aménagement</source>
        <translation>Arrangements</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="74"/>
        <source>Retour à la session</source>
        <translation>Back to the session</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="79"/>
        <source>Télécharger le modèle</source>
        <translation>Download the template</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="80"/>
        <location filename="../views/admin/session_detail.py" line="114"/>
        <source>Modifier</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="82"/>
        <location filename="../views/admin/candidates.py" line="172"/>
        <source>Retirer</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="84"/>
        <location filename="../views/admin/pupils.py" line="64"/>
        <source>Importer (CSV ou ODS)</source>
        <translation>Import (CSV or ODS)</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="87"/>
        <location filename="../views/admin/pupils.py" line="33"/>
        <location filename="../views/admin/sessions.py" line="111"/>
        <source>Élèves de l&apos;établissement</source>
        <translation>School&apos;s pupils</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="143"/>
        <source>{shown} candidat(s) affiché(s) sur {total} ; {not_certifiable} non certifiable(s) (moins de 5 compétences au niveau 1).</source>
        <translation>{shown} of {total} candidate(s) shown; {not_certifiable} not eligible (fewer than 5 competences at level 1).</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="153"/>
        <source>Sélectionnez d&apos;abord un candidat dans la liste.</source>
        <translation>First select a candidate in the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="170"/>
        <source>Retirer le candidat</source>
        <translation>Remove the candidate</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="171"/>
        <source>Retirer {name} de la session ?</source>
        <translation>Remove {name} from the session?</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="191"/>
        <source>Enregistrer le modèle</source>
        <translation>Save the template</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="192"/>
        <source>modele-candidats.csv</source>
        <translation>candidates-template.csv</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="200"/>
        <location filename="../views/admin/session_detail.py" line="247"/>
        <source>Le fichier n&apos;a pas pu être enregistré : choisissez un autre dossier.</source>
        <translation>The file could not be saved: choose another folder.</translation>
    </message>
    <message>
        <location filename="../views/admin/candidates.py" line="203"/>
        <source>Modèle enregistré : {path}</source>
        <translation>Template saved: {path}</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="54"/>
        <source>Créée</source>
        <translation>Created</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="55"/>
        <source>En cours</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="56"/>
        <source>Finalisée</source>
        <translation>Finalised</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="57"/>
        <source>En cours de traitement</source>
        <translation>Being processed</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="58"/>
        <source>Résultats transmis</source>
        <translation>Results sent</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="61"/>
        <source>Validée</source>
        <translation>Validated</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="62"/>
        <source>Rejetée</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="63"/>
        <source>Annulée</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="64"/>
        <source>En attente</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="70"/>
        <source>Le serveur ne répond pas. Vérifiez la connexion au réseau puis réessayez.</source>
        <translation>The server is not answering. Check the network connection, then try again.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="72"/>
        <source>L&apos;adresse e-mail ou le mot de passe est incorrect.</source>
        <translation>The e-mail address or the password is wrong.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="74"/>
        <location filename="../views/admin/common.py" line="75"/>
        <source>Votre connexion a expiré. Reconnectez-vous.</source>
        <translation>Your sign-in has expired. Sign in again.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="76"/>
        <source>Ce compte n&apos;a pas accès à cette page.</source>
        <translation>This account has no access to this page.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="77"/>
        <source>Élément introuvable : il a peut-être été supprimé. Actualisez la liste.</source>
        <translation>Item not found: it may have been deleted. Refresh the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="79"/>
        <location filename="../views/admin/session_form.py" line="121"/>
        <source>La date de la session ne peut pas être dans le passé.</source>
        <translation>The session date cannot be in the past.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="81"/>
        <source>La session est finalisée : elle ne peut plus être modifiée.</source>
        <translation>The session is finalised: it can no longer be changed.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="83"/>
        <source>Un candidat a déjà rejoint la session : elle ne peut plus être supprimée et sa liste ne peut plus être remplacée.</source>
        <translation>A candidate has already joined the session: it can no longer be deleted and its list can no longer be replaced.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="87"/>
        <source>Un test a commencé : la liste des candidats est verrouillée.</source>
        <translation>A test has started: the list of candidates is locked.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="89"/>
        <source>Ce candidat a déjà rejoint la session : il ne peut pas être retiré.</source>
        <translation>This candidate has already joined the session: they cannot be removed.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="91"/>
        <source>Un candidat avec les mêmes nom, prénom et date de naissance est déjà inscrit à cette session.</source>
        <translation>A candidate with the same surname, first name and date of birth is already registered for this session.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="95"/>
        <source>Rien n&apos;a été importé : corrigez les lignes signalées puis réessayez.</source>
        <translation>Nothing was imported: correct the lines shown, then try again.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="97"/>
        <source>Le fichier est trop volumineux.</source>
        <translation>The file is too large.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="98"/>
        <source>Seuls les fichiers PDF, PNG et JPEG sont acceptés.</source>
        <translation>Only PDF, PNG and JPEG files are accepted.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="100"/>
        <source>La session est déjà finalisée.</source>
        <translation>The session is already finalised.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="101"/>
        <source>Aucun test n&apos;a commencé : la session ne peut pas être finalisée.</source>
        <translation>No test has started: the session cannot be finalised.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="103"/>
        <source>Indiquez la raison de l&apos;abandon de chaque test non terminé.</source>
        <translation>Give the reason for abandoning each unfinished test.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="105"/>
        <source>Une raison d&apos;abandon ne s&apos;applique qu&apos;à un test non terminé.</source>
        <translation>A reason for abandoning applies only to an unfinished test.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="107"/>
        <source>La session n&apos;est pas encore finalisée.</source>
        <translation>The session is not finalised yet.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="108"/>
        <source>Les résultats ne sont pas encore publiés.</source>
        <translation>The results are not published yet.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="109"/>
        <source>Les résultats sont déjà publiés.</source>
        <translation>The results are already published.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="110"/>
        <source>Certaines informations ne sont pas valides : vérifiez le formulaire.</source>
        <translation>Some information is not valid: check the form.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="122"/>
        <source>Trop d&apos;essais. Réessayez dans {seconds}&#xa0;s.</source>
        <translation>Too many attempts. Try again in {seconds} s.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="126"/>
        <source>Le serveur a refusé l&apos;opération ({code}). Réessayez ou contactez le support.</source>
        <translation>The server refused the operation ({code}). Try again or contact support.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="129"/>
        <source>Une erreur inattendue s&apos;est produite. Réessayez ; si elle persiste, contactez le support.</source>
        <translation>An unexpected error occurred. Try again; if it persists, contact support.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="164"/>
        <source>Attention : {candidates} candidats demandent au moins {needed} surveillant(s) (1 pour 20 élèves) ; {planned} prévu(s).</source>
        <translation>Warning: {candidates} candidates need at least {needed} invigilator(s) (1 per 20 pupils); {planned} planned.</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="169"/>
        <source>Prévoyez {needed} poste(s) informatique(s) additionnel(s) pour {candidates} candidats (1 pour 20).</source>
        <translation>Plan {needed} spare computer(s) for {candidates} candidates (1 per 20).</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="278"/>
        <source>Imprimer : {title}</source>
        <translation>Print: {title}</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="389"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="413"/>
        <source>indiquez un code INSEE, un code postal et la ville, ou 99 et le pays (né(e) à l&apos;étranger)</source>
        <translation>give an INSEE code, a postcode and the town, or 99 and the country (born abroad)</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="416"/>
        <source>ce n&apos;est pas un code INSEE de commune</source>
        <translation>this is not an INSEE town code</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="417"/>
        <source>ce n&apos;est pas un code postal français</source>
        <translation>this is not a French postcode</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="418"/>
        <source>la ville manque après le code postal</source>
        <translation>the town is missing after the postcode</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="419"/>
        <source>le nom de la ville n&apos;est pas valide</source>
        <translation>the name of the town is not valid</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="420"/>
        <source>le pays manque après 99</source>
        <translation>the country is missing after 99</translation>
    </message>
    <message>
        <location filename="../views/admin/common.py" line="421"/>
        <source>le nom du pays n&apos;est pas valide</source>
        <translation>the name of the country is not valid</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="34"/>
        <source>fichier illisible : enregistrez-le en CSV (UTF-8) ou en ODS</source>
        <translation>unreadable file: save it as CSV (UTF-8) or ODS</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="36"/>
        <source>ce fichier ODS est illisible</source>
        <translation>this ODS file is unreadable</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="37"/>
        <source>ce n&apos;est ni un fichier CSV ni un tableur ODS</source>
        <translation>this is neither a CSV file nor an ODS spreadsheet</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="38"/>
        <source>fichier vide : la première ligne doit être l&apos;en-tête</source>
        <translation>empty file: the first line must be the header</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="40"/>
        <source>trop de lignes : {n} ({max} au maximum)</source>
        <translation>too many lines: {n} ({max} at most)</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="41"/>
        <source>colonne(s) inconnue(s) : {value}</source>
        <translation>unknown column(s): {value}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="42"/>
        <source>colonne(s) obligatoire(s) absente(s) : {value}</source>
        <translation>required column(s) missing: {value}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="43"/>
        <source>colonne(s) en double : {value}</source>
        <translation>duplicate column(s): {value}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="44"/>
        <source>même candidat qu&apos;à la ligne {value}</source>
        <translation>same candidate as on line {value}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="45"/>
        <source>{column} : « {value} » n&apos;est pas une date JJ/MM/AAAA ou AAAA-MM-JJ</source>
        <translation>{column}: &quot;{value}&quot; is not a date DD/MM/YYYY or YYYY-MM-DD</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="47"/>
        <source>{column} : « {value} » au lieu de oui ou non</source>
        <translation>{column}: &quot;{value}&quot; instead of yes or no</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="48"/>
        <source>{column} : « {value} » n&apos;est pas un nombre</source>
        <translation>{column}: &quot;{value}&quot; is not a number</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="49"/>
        <source>{column} : « {value} » n&apos;est pas un nombre entier</source>
        <translation>{column}: &quot;{value}&quot; is not a whole number</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="51"/>
        <source>{column} : obligatoire, vide ici</source>
        <translation>{column}: required, empty here</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="52"/>
        <source>{column} : trop long ({value} caractères au maximum)</source>
        <translation>{column}: too long ({value} characters at most)</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="53"/>
        <source>{column} : M ou F attendu</source>
        <translation>{column}: M or F expected</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="54"/>
        <source>{column} : valeur non valide (exemples : 30 %, 30 ou 0,30)</source>
        <translation>{column}: invalid value (examples: 30%, 30 or 0.30)</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="56"/>
        <source>{column} : {value} au maximum</source>
        <translation>{column}: {value} at most</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="57"/>
        <source>{column} : date de naissance invraisemblable</source>
        <translation>{column}: implausible date of birth</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="59"/>
        <source>{column} : adresse e-mail non valide</source>
        <translation>{column}: invalid e-mail address</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="60"/>
        <source>{column} : format non valide</source>
        <translation>{column}: invalid format</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="70"/>
        <source>{column} : « {value} » : {reason}</source>
        <translation>{column}: &quot;{value}&quot;: {reason}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="75"/>
        <source>{column} : valeur non valide</source>
        <translation>{column}: invalid value</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="77"/>
        <source>ligne non valide</source>
        <translation>invalid line</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="88"/>
        <source> ; </source>
        <translation>; </translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="100"/>
        <source>Importer les élèves de l&apos;établissement</source>
        <translation>Import the school&apos;s pupils</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="101"/>
        <source>Importer une liste de candidats — session {number}</source>
        <translation>Import a list of candidates — session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="105"/>
        <source>Choisissez un fichier CSV ou ODS rempli selon le modèle. Toutes ses lignes sont vérifiées et affichées ci-dessous ; l&apos;import remplace la liste actuelle, et rien n&apos;est importé tant qu&apos;une ligne est en erreur.</source>
        <translation>Choose a CSV or ODS file filled in from the template. Every line is checked and shown below; the import replaces the current list, and nothing is imported while a line has an error.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="114"/>
        <source>Aucun fichier choisi.</source>
        <translation>No file chosen.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="115"/>
        <source>Fichier choisi</source>
        <translation>File chosen</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="118"/>
        <source>Aperçu de l&apos;import</source>
        <translation>Import preview</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="120"/>
        <source>Ligne</source>
        <translation>Line</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="127"/>
        <source>Erreur</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="132"/>
        <source>Résumé de l&apos;import</source>
        <translation>Import summary</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="135"/>
        <source>Choisir un fichier</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="137"/>
        <location filename="../views/admin/import_preview.py" line="243"/>
        <source>Remplacer la liste</source>
        <translation>Replace the list</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="147"/>
        <source>Choisir la liste des candidats</source>
        <translation>Choose the list of candidates</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="148"/>
        <source>Listes (*.csv *.ods);;Tous les fichiers (*)</source>
        <translation>Lists (*.csv *.ods);;All files (*)</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="158"/>
        <source>Le fichier n&apos;a pas pu être lu : vérifiez qu&apos;il existe et qu&apos;il est fermé.</source>
        <translation>The file could not be read: check that it exists and is closed.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="164"/>
        <source>Fichier : {name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="211"/>
        <source>{bad} ligne(s) en erreur, {good} ligne(s) correcte(s) : corrigez le fichier puis choisissez-le à nouveau. Rien ne sera importé tant qu&apos;une ligne est en erreur.</source>
        <translation>{bad} line(s) with errors, {good} correct line(s): correct the file, then choose it again. Nothing will be imported while a line has an error.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="219"/>
        <source>{good} candidat(s) prêt(s) à importer, dont {not_certifiable} non certifiable(s) (moins de 5 compétences au niveau 1).</source>
        <translation>{good} candidate(s) ready to import, {not_certifiable} of them not eligible (fewer than 5 competences at level 1).</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="232"/>
        <source>La liste des élèves de l&apos;établissement sera remplacée par celle du fichier ; les sessions déjà composées ne changent pas. Continuer ?</source>
        <translation>The school&apos;s list of pupils will be replaced by the file&apos;s; sessions already made up do not change. Continue?</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="238"/>
        <source>La liste actuelle ({count} candidat(s)) sera remplacée par celle du fichier. Continuer ?</source>
        <translation>The current list ({count} candidate(s)) will be replaced by the file&apos;s. Continue?</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="258"/>
        <source> Non certifiable(s) : ligne(s) {lines}.</source>
        <translation> Not eligible: line(s) {lines}.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="259"/>
        <source>{count} élève(s) importé(s).</source>
        <translation>{count} pupil(s) imported.</translation>
    </message>
    <message>
        <location filename="../views/admin/import_preview.py" line="260"/>
        <source>{count} candidat(s) importé(s).</source>
        <translation>{count} candidate(s) imported.</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="22"/>
        <source>Connexion à l&apos;espace de certification</source>
        <translation>Sign in to the certification area</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="25"/>
        <source>Connectez-vous avec le compte d&apos;administrateur de votre centre de certification, ou avec un compte du jury.</source>
        <translation>Sign in with your certification centre&apos;s administrator account, or with a jury account.</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="35"/>
        <source>prenom.nom@etablissement.fr</source>
        <translation>firstname.surname@school.org</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="38"/>
        <source>Adresse e-mail</source>
        <translation>E-mail address</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="39"/>
        <source>Mot de passe</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="44"/>
        <location filename="../views/admin/sessions.py" line="109"/>
        <source>Vérifier un certificat</source>
        <translation>Verify a certificate</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="46"/>
        <source>Se connecter</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="52"/>
        <source>Saisissez votre adresse e-mail et votre mot de passe.</source>
        <translation>Enter your e-mail address and your password.</translation>
    </message>
    <message>
        <location filename="../views/admin/login.py" line="55"/>
        <source>Connexion en cours…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="34"/>
        <source>Élèves de l&apos;établissement — ajouter à la session {number}</source>
        <translation>School&apos;s pupils — add to session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="37"/>
        <source>Importez une fois la liste de tous les élèves de l&apos;établissement ; ajoutez-les ensuite aux sessions, classe par classe.</source>
        <translation>Import the list of all the school&apos;s pupils once; then add them to sessions, class by class.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="59"/>
        <location filename="../views/admin/session_detail.py" line="136"/>
        <source>Retour aux sessions</source>
        <translation>Back to sessions</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="62"/>
        <source>Retour aux candidats</source>
        <translation>Back to candidates</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="67"/>
        <source>Ajouter la sélection</source>
        <translation>Add the selection</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="70"/>
        <source>Ajouter les élèves affichés</source>
        <translation>Add the pupils shown</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="100"/>
        <source>Aucun élève importé : importez la liste de l&apos;établissement.</source>
        <translation>No pupil imported: import the school&apos;s list.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="104"/>
        <source>{shown} élève(s) affiché(s) sur {total} ; {not_certifiable} non certifiable(s) (moins de 5 compétences au niveau 1).</source>
        <translation>{shown} of {total} pupil(s) shown; {not_certifiable} not eligible (fewer than 5 competences at level 1).</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="115"/>
        <source>Sélectionnez d&apos;abord un ou plusieurs élèves dans la liste.</source>
        <translation>First select one or more pupils in the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="122"/>
        <source>Aucun élève affiché : choisissez une autre classe ou importez la liste.</source>
        <translation>No pupil shown: choose another class or import the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="132"/>
        <source>{added} élève(s) ajouté(s) à la session {number}.</source>
        <translation>{added} pupil(s) added to session {number}.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="135"/>
        <source> {count} y étai(en)t déjà.</source>
        <translation> {count} already there.</translation>
    </message>
    <message>
        <location filename="../views/admin/pupils.py" line="138"/>
        <source> Non certifiable(s) : {names}.</source>
        <translation> Not eligible: {names}.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="31"/>
        <source>Feuille d&apos;émargement</source>
        <translation>Attendance sheet</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="32"/>
        <source>feuille-emargement</source>
        <translation>attendance-sheet</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="33"/>
        <source>PV d&apos;incident (vierge)</source>
        <translation>Incident report (blank)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="34"/>
        <source>pv-incident</source>
        <translation>incident-report</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="35"/>
        <source>PV de fraude (modèle)</source>
        <translation>Fraud report (template)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="36"/>
        <source>pv-fraude</source>
        <translation>fraud-report</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="37"/>
        <source>Kit surveillant</source>
        <translation>Invigilator&apos;s kit</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="38"/>
        <source>kit-surveillant</source>
        <translation>invigilator-kit</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="39"/>
        <source>Consignes à lire aux élèves</source>
        <translation>Instructions to read to pupils</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="40"/>
        <source>consignes-eleves</source>
        <translation>pupil-instructions</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="41"/>
        <source>Notice pour l&apos;élève</source>
        <translation>Pupil notice</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="42"/>
        <source>notice-eleve</source>
        <translation>pupil-notice</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="43"/>
        <source>Check-list de préparation de la salle</source>
        <translation>Room preparation checklist</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="44"/>
        <source>check-list-salle</source>
        <translation>room-checklist</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="77"/>
        <source>Session</source>
        <translation>Session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="88"/>
        <source>Avertissements</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="92"/>
        <source>Documents à imprimer</source>
        <translation>Documents to print</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="101"/>
        <source>Imprimer</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="103"/>
        <source>Enregistrer en PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="109"/>
        <source>Actions</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="111"/>
        <location filename="../views/admin/session_detail.py" line="173"/>
        <location filename="../views/admin/sessions.py" line="99"/>
        <source>Candidats</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="118"/>
        <source>Reporter</source>
        <translation>Postpone</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="122"/>
        <location filename="../views/admin/session_detail.py" line="262"/>
        <location filename="../views/admin/session_detail.py" line="268"/>
        <source>Supprimer la session</source>
        <translation>Delete the session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="124"/>
        <source>Résultats</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="138"/>
        <location filename="../views/admin/session_detail.py" line="211"/>
        <source>Finaliser la session</source>
        <translation>Finalise the session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="158"/>
        <source>Session {number}</source>
        <translation>Session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="165"/>
        <location filename="../views/admin/sessions.py" line="34"/>
        <location filename="../views/admin/sessions.py" line="93"/>
        <source>N° de session</source>
        <translation>Session no.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="166"/>
        <location filename="../views/admin/sessions.py" line="94"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="167"/>
        <source>Heure de début</source>
        <translation>Start time</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="168"/>
        <location filename="../views/admin/session_form.py" line="57"/>
        <location filename="../views/admin/sessions.py" line="33"/>
        <location filename="../views/admin/sessions.py" line="96"/>
        <source>Nom du site</source>
        <translation>Site name</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="169"/>
        <location filename="../views/admin/session_form.py" line="58"/>
        <location filename="../views/admin/sessions.py" line="32"/>
        <location filename="../views/admin/sessions.py" line="74"/>
        <location filename="../views/admin/sessions.py" line="97"/>
        <source>Salle</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="170"/>
        <location filename="../views/admin/sessions.py" line="98"/>
        <source>Surveillant(s)</source>
        <translation>Invigilator(s)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="171"/>
        <source>Code d&apos;accès</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="172"/>
        <location filename="../views/admin/sessions.py" line="63"/>
        <location filename="../views/admin/sessions.py" line="100"/>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="179"/>
        <source>{name} : {value}</source>
        <translation>{name}: {value}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="182"/>
        <source>Observations : {text}</source>
        <translation>Remarks: {text}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="188"/>
        <source>Pour rappel, la finalisation de la session doit se faire dans les 48h suivant la fin de la session.</source>
        <translation>Reminder: the session must be finalised within 48 hours of its end.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="194"/>
        <source>Attention : les 48 heures après la session sont dépassées ; finalisez-la dès que possible.</source>
        <translation>Warning: more than 48 hours have passed since the session; finalise it as soon as possible.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="201"/>
        <source>Candidats ({count})</source>
        <translation>Candidates ({count})</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="210"/>
        <source>Voir la finalisation</source>
        <translation>View the finalisation</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="222"/>
        <source>La session n&apos;est pas encore chargée : patientez un instant.</source>
        <translation>The session is not loaded yet: wait a moment.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="226"/>
        <source>{stem}-session-{number}.pdf</source>
        <translation>{stem}-session-{number}.pdf</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="251"/>
        <source>Document enregistré : {path}</source>
        <translation>Document saved: {path}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="253"/>
        <source>Enregistrer : {title}</source>
        <translation>Save: {title}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_detail.py" line="263"/>
        <source>Supprimer la session {number} et sa liste de candidats ? Cette action est définitive.</source>
        <translation>Delete session {number} and its list of candidates? This cannot be undone.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="26"/>
        <location filename="../views/admin/sessions.py" line="116"/>
        <source>Créer une session</source>
        <translation>Create a session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="27"/>
        <source>Créer la session</source>
        <translation>Create the session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="28"/>
        <source>Modifier la session {number}</source>
        <translation>Edit session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="29"/>
        <source>Enregistrer les modifications</source>
        <translation>Save the changes</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="30"/>
        <source>Reporter la session {number}</source>
        <translation>Postpone session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="31"/>
        <source>Reporter la session</source>
        <translation>Postpone the session</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="53"/>
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="59"/>
        <source>Surveillant(s), un par ligne</source>
        <translation>Invigilator(s), one per line</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="60"/>
        <source>Date (JJ/MM/AAAA)</source>
        <translation>Date (DD/MM/YYYY)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="61"/>
        <source>Heure de début (HH:MM)</source>
        <translation>Start time (HH:MM)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="62"/>
        <source>Observations (facultatif)</source>
        <translation>Remarks (optional)</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="104"/>
        <source>Indiquez le nom du site.</source>
        <translation>Enter the site name.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="106"/>
        <source>Indiquez la salle.</source>
        <translation>Enter the room.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="108"/>
        <source>Indiquez au moins un surveillant.</source>
        <translation>Enter at least one invigilator.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="113"/>
        <source>La date n&apos;est pas valide : écrivez-la JJ/MM/AAAA.</source>
        <translation>The date is not valid: write it DD/MM/YYYY.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="116"/>
        <source>Indiquez la date de la session.</source>
        <translation>Enter the session date.</translation>
    </message>
    <message>
        <location filename="../views/admin/session_form.py" line="123"/>
        <source>L&apos;heure de début n&apos;est pas valide : écrivez-la HH:MM, par exemple 09:00.</source>
        <translation>The start time is not valid: write it HH:MM, for example 09:00.</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="30"/>
        <source>Date (la plus proche d&apos;abord)</source>
        <translation>Date (soonest first)</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="31"/>
        <source>Date (la plus lointaine d&apos;abord)</source>
        <translation>Date (latest first)</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="35"/>
        <source>Création (la plus récente d&apos;abord)</source>
        <translation>Created (newest first)</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="56"/>
        <source>Sessions de certification — {centre}</source>
        <translation>Certification sessions — {centre}</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="57"/>
        <source>Sessions de certification</source>
        <translation>Certification sessions</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="63"/>
        <source>Trier par</source>
        <translation>Sort by</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="66"/>
        <source>Tous les statuts</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="72"/>
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="73"/>
        <source>Au</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="91"/>
        <source>Liste des sessions</source>
        <translation>List of sessions</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="95"/>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="108"/>
        <source>Se déconnecter</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="113"/>
        <source>Filtrer</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="114"/>
        <source>Ouvrir la session</source>
        <translation>Open the session</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="127"/>
        <source>La date « {text} » n&apos;est pas valide : écrivez-la JJ/MM/AAAA.</source>
        <translation>The date &quot;{text}&quot; is not valid: write it DD/MM/YYYY.</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="157"/>
        <source>{count} session(s)</source>
        <translation>{count} session(s)</translation>
    </message>
    <message>
        <location filename="../views/admin/sessions.py" line="165"/>
        <source>Sélectionnez d&apos;abord une session dans la liste.</source>
        <translation>First select a session in the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/window.py" line="24"/>
        <source>examroom — Administration des sessions de certification</source>
        <translation>examroom — Certification session administration</translation>
    </message>
</context>
</TS>
