<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Jury</name>
    <message>
        <location filename="../views/admin/finalise.py" line="57"/>
        <source>Aucun problème particulier à signaler, dans l&apos;ensemble tout s&apos;est bien déroulé</source>
        <translation>No particular problem to report, everything went well overall</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="59"/>
        <source>Je souhaite signaler un ou plusieurs incident(s) ayant impacté la session dans son ensemble</source>
        <translation>I wish to report one or more incidents that affected the session as a whole</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="63"/>
        <source>Des candidats ont rencontré des difficultés pour rejoindre la session</source>
        <translation>Some candidates had difficulty joining the session</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="70"/>
        <source>{code} (question {number})</source>
        <translation>{code} (question {number})</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="75"/>
        <location filename="../views/admin/jury.py" line="75"/>
        <location filename="../views/admin/jury_review.py" line="136"/>
        <source>Aucun</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="80"/>
        <source>Le commentaire dépasse {max} caractères : raccourcissez-le.</source>
        <translation>The comment is longer than {max} characters: please shorten it.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="90"/>
        <source>Finaliser la session {number}</source>
        <translation>Finalise session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="93"/>
        <source>Cette session est finalisée : elle est en lecture seule.</source>
        <translation>This session is finalised: it is read-only.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="95"/>
        <source>Pour finaliser la session, complétez les trois étapes puis validez.</source>
        <translation>To finalise the session, complete the three steps, then confirm.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="100"/>
        <source>Pour rappel, la finalisation de la session doit se faire dans les 48h suivant la fin de la session.</source>
        <translation>Reminder: the session must be finalised within 48 hours of its end.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="106"/>
        <source>Attention : le délai de 48 heures après la session est dépassé. Finalisez-la dès maintenant.</source>
        <translation>Warning: the 48-hour deadline after the session has passed. Finalise it now.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="117"/>
        <source>Étape 1 : Renseigner les informations de vos candidats</source>
        <translation>Step 1: Enter your candidates&apos; information</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="121"/>
        <source>Ces candidats n&apos;ont pas fini leur test de certification</source>
        <translation>These candidates did not finish their certification test</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="124"/>
        <location filename="../views/admin/jury_review.py" line="62"/>
        <location filename="../views/admin/results.py" line="35"/>
        <source>Nom</source>
        <translation>Surname</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="124"/>
        <location filename="../views/admin/jury_review.py" line="63"/>
        <location filename="../views/admin/results.py" line="35"/>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="125"/>
        <location filename="../views/admin/jury_review.py" line="64"/>
        <location filename="../views/admin/results.py" line="36"/>
        <source>N° de certification</source>
        <translation>Certification no.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="125"/>
        <source>Signalement</source>
        <translation>Report</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="127"/>
        <source>Tests non terminés</source>
        <translation>Unfinished tests</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="128"/>
        <source>Raison de l&apos;abandon</source>
        <translation>Reason for leaving</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="131"/>
        <source>Certification(s) terminée(s)</source>
        <translation>Finished certifications</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="132"/>
        <source>Tous les écrans de fin du test ont été vus</source>
        <translation>Every end-of-test screen was seen</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="136"/>
        <source>Tests terminés</source>
        <translation>Finished tests</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="137"/>
        <source>Écran de fin du test vu</source>
        <translation>End-of-test screen seen</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="145"/>
        <source>Étape 2 : Transmettre des documents (facultatif)</source>
        <translation>Step 2: Send documents (optional)</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="149"/>
        <source>PV de fraude, photo d&apos;une capture d&apos;écran, PV d&apos;incident scanné : PDF, PNG ou JPEG.</source>
        <translation>Fraud report, photo of a screenshot, scanned incident report: PDF, PNG or JPEG.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="158"/>
        <source>Documents transmis</source>
        <translation>Documents sent</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="162"/>
        <source>Ajouter un document</source>
        <translation>Add a document</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="164"/>
        <location filename="../views/admin/finalise.py" line="387"/>
        <source>Supprimer le document</source>
        <translation>Delete the document</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="173"/>
        <source>Étape 3 : Commenter la session (facultatif)</source>
        <translation>Step 3: Comment on the session (optional)</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="185"/>
        <source>Commentaire sur la session</source>
        <translation>Comment on the session</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="197"/>
        <location filename="../views/admin/results.py" line="49"/>
        <source>Retour à la session</source>
        <translation>Back to the session</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="198"/>
        <source>Sauvegarder</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="200"/>
        <location filename="../views/admin/finalise.py" line="489"/>
        <source>Finaliser</source>
        <translation>Finalise</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="225"/>
        <source>{count} candidat(s) inscrit(s) sans test commencé (absents).</source>
        <translation>{count} registered candidate(s) did not start the test (absent).</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="297"/>
        <source>Ajouter ({count} signalement(s) : {reports})</source>
        <translation>Add ({count} report(s): {reports})</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="483"/>
        <source>{count} écran(s) de fin de test ne sont pas cochés.</source>
        <translation>{count} end-of-test screen(s) not ticked.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="299"/>
        <source>Ajouter</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="302"/>
        <source>Ajouter un signalement pour {name}</source>
        <translation>Add a report for {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="312"/>
        <source>Raison de l&apos;abandon de {name}</source>
        <translation>Reason {name} left the test</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="313"/>
        <source>-- Choisissez --</source>
        <translation>-- Choose --</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="321"/>
        <source>Écran de fin du test vu pour {name}</source>
        <translation>End-of-test screen seen for {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="322"/>
        <source>Vu</source>
        <translation>Seen</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="339"/>
        <source>Signalement {code} ajouté ; il sera transmis à la finalisation.</source>
        <translation>Report {code} added; it will be sent with the finalisation.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="352"/>
        <source>Choisir un document</source>
        <translation>Choose a document</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="353"/>
        <source>Documents (*.pdf *.png *.jpg *.jpeg)</source>
        <translation>Documents (*.pdf *.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="362"/>
        <source>Le fichier n&apos;a pas pu être lu : vérifiez qu&apos;il existe.</source>
        <translation>The file could not be read: check that it exists.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="373"/>
        <source>Document transmis : {name}</source>
        <translation>Document sent: {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="376"/>
        <source>{name} ({size} ko)</source>
        <translation>{name} ({size} KB)</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="388"/>
        <source>Supprimer le document « {name} » ?</source>
        <translation>Delete the document “{name}”?</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="389"/>
        <source>Supprimer</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="397"/>
        <source>Document supprimé : {name}</source>
        <translation>Document deleted: {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="421"/>
        <source>Indiquez la raison de l&apos;abandon pour : {names}.</source>
        <translation>Give the reason for leaving for: {names}.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="427"/>
        <source>Décrivez les incidents ayant impacté la session, ou choisissez « Aucun problème particulier ».</source>
        <translation>Describe the incidents that affected the session, or choose “No particular problem”.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="456"/>
        <source>Vos changements sont sauvegardés : vous pourrez reprendre plus tard.</source>
        <translation>Your changes are saved: you can carry on later.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="479"/>
        <source>Finaliser la session {number} ? Elle ne pourra plus être modifiée.</source>
        <translation>Finalise session {number}? It can no longer be changed afterwards.</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="487"/>
        <source>Finaliser la session</source>
        <translation>Finalise the session</translation>
    </message>
    <message>
        <location filename="../views/admin/finalise.py" line="503"/>
        <source>La session est finalisée. Merci ! Elle est transmise au jury.</source>
        <translation>The session is finalised. Thank you! It has been sent to the jury.</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="40"/>
        <source>Signalement du candidat</source>
        <translation>Candidate&apos;s report</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="43"/>
        <source>Catégorie du signalement</source>
        <translation>Report category</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="50"/>
        <source>sans objet</source>
        <translation>not applicable</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="55"/>
        <source>Numéro de la question</source>
        <translation>Question number</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="56"/>
        <source>Description ({max} caractères au maximum)</source>
        <translation>Description ({max} characters at most)</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="63"/>
        <source>Annuler le signalement</source>
        <translation>Cancel the report</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="65"/>
        <source>Valider le signalement</source>
        <translation>Save the report</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="76"/>
        <source>Signalement du candidat : {name}</source>
        <translation>Candidate&apos;s report: {name}</translation>
    </message>
    <message>
        <location filename="../views/admin/incident_editor.py" line="98"/>
        <source>La description est trop longue.</source>
        <translation>The description is too long.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="34"/>
        <source>Jury : sessions finalisées</source>
        <translation>Jury: finalised sessions</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="36"/>
        <source>Sessions à examiner</source>
        <translation>Sessions to review</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="38"/>
        <source>N° de session</source>
        <translation>Session no.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="39"/>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="40"/>
        <source>Nom du site</source>
        <translation>Site name</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="41"/>
        <source>Salle</source>
        <translation>Room</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="42"/>
        <location filename="../views/admin/jury_review.py" line="65"/>
        <location filename="../views/admin/results.py" line="36"/>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="43"/>
        <source>Candidats</source>
        <translation>Candidates</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="44"/>
        <location filename="../views/admin/jury_review.py" line="69"/>
        <source>Signalements à examiner</source>
        <translation>Reports to review</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="49"/>
        <source>Se déconnecter</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="50"/>
        <location filename="../views/admin/verify.py" line="26"/>
        <source>Vérifier un certificat</source>
        <translation>Verify a certificate</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="51"/>
        <source>Examiner la session</source>
        <translation>Review the session</translation>
    </message>
    <message>
        <location filename="../views/admin/jury.py" line="89"/>
        <source>Sélectionnez d&apos;abord une session dans la liste.</source>
        <translation>First select a session in the list.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="34"/>
        <source>Correcte</source>
        <translation>Correct</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="35"/>
        <source>Incorrecte</source>
        <translation>Incorrect</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="36"/>
        <source>Passée</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="37"/>
        <source>Hors temps</source>
        <translation>Out of time</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="38"/>
        <source>Sortie de la question</source>
        <translation>Left the question</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="39"/>
        <source>Partielle</source>
        <translation>Partial</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="40"/>
        <source>Sans réponse</source>
        <translation>No answer</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="49"/>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="49"/>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="57"/>
        <source>Jury : session {number} — {status}</source>
        <translation>Jury: session {number} — {status}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="60"/>
        <source>Certifications de la session</source>
        <translation>The session&apos;s certifications</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="66"/>
        <source>R (%)</source>
        <translation>R (%)</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="67"/>
        <source>Fiable</source>
        <translation>Reliable</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="68"/>
        <location filename="../views/admin/results.py" line="37"/>
        <source>Total Pix</source>
        <translation>Total Pix</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="77"/>
        <source>Signalements du candidat</source>
        <translation>The candidate&apos;s reports</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="80"/>
        <source>Questions du candidat</source>
        <translation>The candidate&apos;s questions</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="81"/>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="81"/>
        <location filename="../views/admin/results.py" line="43"/>
        <source>Compétence</source>
        <translation>Competence</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="82"/>
        <source>Réponse</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="82"/>
        <source>Neutralisée</source>
        <translation>Neutralised</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="88"/>
        <source>Question à neutraliser</source>
        <translation>Question to neutralise</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="94"/>
        <source>Commentaire du jury</source>
        <translation>Jury&apos;s comment</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="97"/>
        <source>Neutraliser la question</source>
        <translation>Neutralise the question</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="99"/>
        <location filename="../views/admin/jury_review.py" line="236"/>
        <source>Annuler la certification</source>
        <translation>Cancel the certification</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="101"/>
        <source>Enregistrer le commentaire</source>
        <translation>Save the comment</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="108"/>
        <source>Retour aux sessions</source>
        <translation>Back to the sessions</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="110"/>
        <location filename="../views/admin/jury_review.py" line="260"/>
        <source>Publier les résultats</source>
        <translation>Publish the results</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="160"/>
        <source>{report}, question {number}</source>
        <translation>{report}, question {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="163"/>
        <source>{report} : {description}</source>
        <translation>{report}: {description}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="166"/>
        <source>À examiner — {report}</source>
        <translation>To review — {report}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="173"/>
        <source>Raison de l&apos;abandon : {reason}</source>
        <translation>Reason for leaving: {reason}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="176"/>
        <source>Commentaire du jury : {comment}</source>
        <translation>Jury&apos;s comment: {comment}</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="179"/>
        <source>Aucun signalement pour ce candidat.</source>
        <translation>No report for this candidate.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="197"/>
        <source>Question {number} ({competence})</source>
        <translation>Question {number} ({competence})</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="216"/>
        <source>Choisissez un candidat et la question à neutraliser.</source>
        <translation>Choose a candidate and the question to neutralise.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="222"/>
        <source>{question} neutralisée ; résultat recalculé.</source>
        <translation>{question} neutralised; result recalculated.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="232"/>
        <source>Indiquez dans le commentaire la raison de l&apos;annulation.</source>
        <translation>Give the reason for the cancellation in the comment.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="240"/>
        <source>Annuler la certification de {name} ?</source>
        <translation>Cancel {name}&apos;s certification?</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="244"/>
        <source>Certification annulée.</source>
        <translation>Certification cancelled.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="257"/>
        <source>Commentaire enregistré.</source>
        <translation>Comment saved.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="264"/>
        <source>Publier les résultats de la session {number} ? Les certificats deviendront vérifiables et le centre recevra les résultats.</source>
        <translation>Publish the results of session {number}? The certificates will become verifiable and the centre will receive the results.</translation>
    </message>
    <message>
        <location filename="../views/admin/jury_review.py" line="279"/>
        <source>Résultats publiés : le centre peut imprimer les certificats.</source>
        <translation>Results published: the centre can print the certificates.</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="22"/>
        <source>Le fichier n&apos;a pas pu être enregistré : choisissez un autre dossier.</source>
        <translation>The file could not be saved: choose another folder.</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="30"/>
        <source>Résultats de la session {number}</source>
        <translation>Results of session {number}</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="34"/>
        <source>Résultats des candidats</source>
        <translation>Candidates&apos; results</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="37"/>
        <location filename="../views/admin/verify.py" line="40"/>
        <source>Code de vérification</source>
        <translation>Verification code</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="42"/>
        <source>Niveaux par compétence</source>
        <translation>Levels by competence</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="43"/>
        <source>Niveau</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="52"/>
        <source>Exporter en CSV</source>
        <translation>Export as CSV</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="54"/>
        <source>Enregistrer le certificat en PDF</source>
        <translation>Save the certificate as PDF</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="56"/>
        <source>Imprimer le certificat</source>
        <translation>Print the certificate</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="117"/>
        <source>resultats-session-{number}.csv</source>
        <translation>results-session-{number}.csv</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="120"/>
        <source>Exporter les résultats</source>
        <translation>Export the results</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="128"/>
        <source>Résultats exportés : {path}</source>
        <translation>Results exported: {path}</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="133"/>
        <source>Sélectionnez d&apos;abord un candidat.</source>
        <translation>First select a candidate.</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="136"/>
        <source>Ce candidat n&apos;a pas de certificat : sa certification n&apos;est pas validée.</source>
        <translation>This candidate has no certificate: their certification is not validated.</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="147"/>
        <source>certificat-{last}-{first}.pdf</source>
        <translation>certificate-{last}-{first}.pdf</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="157"/>
        <source>Certificat enregistré : {path}</source>
        <translation>Certificate saved: {path}</translation>
    </message>
    <message>
        <location filename="../views/admin/results.py" line="160"/>
        <source>Enregistrer le certificat</source>
        <translation>Save the certificate</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="29"/>
        <source>Saisissez le code de vérification communiqué par le candidat, par exemple P-C3YFQ8GC.</source>
        <translation>Enter the verification code the candidate gave you, for example P-C3YFQ8GC.</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="43"/>
        <source>Résultat de la vérification</source>
        <translation>Verification result</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="48"/>
        <source>Retour</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="49"/>
        <source>Vérifier</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="55"/>
        <source>Saisissez un code de vérification.</source>
        <translation>Enter a verification code.</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="72"/>
        <source>Aucun certificat publié ne correspond à ce code. Vérifiez le code et réessayez.</source>
        <translation>No published certificate matches this code. Check the code and try again.</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="78"/>
        <source>{code} {name} : niveau {level}</source>
        <translation>{code} {name}: level {level}</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="86"/>
        <source>Délivré le {date} · </source>
        <translation>Issued on {date} · </translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="89"/>
        <source>Certificat authentique : {code}</source>
        <translation>Genuine certificate: {code}</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="91"/>
        <source>{first} {last}, né(e) le {birthdate}</source>
        <translation>{first} {last}, born on {birthdate}</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="94"/>
        <source>Centre de certification : {centre}</source>
        <translation>Certification centre: {centre}</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="96"/>
        <source>Date de passage : {date}</source>
        <translation>Date taken: {date}</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="98"/>
        <source>Certificat valable 3 ans</source>
        <translation>Certificate valid for 3 years</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="99"/>
        <source>Score total : {score} Pix</source>
        <translation>Total score: {score} Pix</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="100"/>
        <source>Compétences certifiées :</source>
        <translation>Certified competences:</translation>
    </message>
    <message>
        <location filename="../views/admin/verify.py" line="101"/>
        <source>aucune</source>
        <translation>none</translation>
    </message>
</context>
</TS>
