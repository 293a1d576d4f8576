<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Domain</name>
    <message>
        <location filename="../domain/birthplace.py" line="60"/>
        <source>dans la commune de code INSEE {code}</source>
        <translation>in the municipality with INSEE code {code}</translation>
    </message>
    <message>
        <location filename="../domain/birthplace.py" line="63"/>
        <source>à {name} ({code})</source>
        <translation>in {name} ({code})</translation>
    </message>
    <message>
        <location filename="../domain/birthplace.py" line="66"/>
        <source>à l&apos;étranger ({name})</source>
        <translation>abroad ({name})</translation>
    </message>
    <message>
        <location filename="../domain/birthplace.py" line="68"/>
        <source>à l&apos;étranger (pays de code INSEE {code})</source>
        <translation>abroad (country with INSEE code {code})</translation>
    </message>
    <message>
        <location filename="../domain/birthplace.py" line="125"/>
        <source>à {place}</source>
        <translation>in {place}</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="24"/>
        <source>Information et données</source>
        <translation>Information and data</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="25"/>
        <source>Communication et collaboration</source>
        <translation>Communication and collaboration</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="26"/>
        <source>Création de contenu</source>
        <translation>Content creation</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="27"/>
        <source>Protection et sécurité</source>
        <translation>Protection and security</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="28"/>
        <source>Environnement numérique</source>
        <translation>Digital environment</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="34"/>
        <source>Mener une recherche et une veille d&apos;information</source>
        <translation>Searching for and monitoring information</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="36"/>
        <source>Gérer des données</source>
        <translation>Managing data</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="37"/>
        <source>Traiter des données</source>
        <translation>Processing data</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="38"/>
        <source>Interagir</source>
        <translation>Interacting</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="39"/>
        <source>Partager et publier</source>
        <translation>Sharing and publishing</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="40"/>
        <source>Collaborer</source>
        <translation>Collaborating</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="41"/>
        <source>S&apos;insérer dans le monde numérique</source>
        <translation>Taking part in the digital world</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="42"/>
        <source>Développer des documents textuels</source>
        <translation>Creating text documents</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="43"/>
        <source>Développer des documents multimédia</source>
        <translation>Creating multimedia documents</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="44"/>
        <source>Adapter les documents à leur finalité</source>
        <translation>Adapting documents to their purpose</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="46"/>
        <source>Programmer</source>
        <translation>Programming</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="47"/>
        <source>Sécuriser l&apos;environnement numérique</source>
        <translation>Securing the digital environment</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="48"/>
        <source>Protéger les données personnelles et la vie privée</source>
        <translation>Protecting personal data and privacy</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="50"/>
        <source>Protéger la santé, le bien-être et l&apos;environnement</source>
        <translation>Protecting health, well-being and the environment</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="52"/>
        <source>Résoudre des problèmes techniques</source>
        <translation>Solving technical problems</translation>
    </message>
    <message>
        <location filename="../domain/competences.py" line="53"/>
        <source>Construire un environnement numérique</source>
        <translation>Building a digital environment</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="79"/>
        <source>Modification du nom ou de la date de naissance</source>
        <translation>Change of name or date of birth</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="81"/>
        <source>Modification du temps majoré</source>
        <translation>Change of extra time</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="82"/>
        <source>Problème de signature</source>
        <translation>Signature problem</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="83"/>
        <source>Suspicion de fraude</source>
        <translation>Suspected fraud</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="84"/>
        <source>Incident technique non bloquant</source>
        <translation>Non-blocking technical incident</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="85"/>
        <source>Incident candidat non bloquant</source>
        <translation>Non-blocking candidate incident</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="86"/>
        <source>L&apos;image ne s&apos;affiche pas</source>
        <translation>The image does not display</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="87"/>
        <source>L&apos;application embarquée ne s&apos;affiche pas</source>
        <translation>The embedded application does not display</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="88"/>
        <source>Le fichier à télécharger ne se télécharge pas</source>
        <translation>The file to download does not download</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="90"/>
        <source>Le site à visiter est indisponible/en maintenance/inaccessible</source>
        <translation>The website to visit is unavailable/under maintenance/unreachable</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="92"/>
        <source>Le site est bloqué par les restrictions réseau de l&apos;établissement</source>
        <translation>The website is blocked by the school&apos;s network restrictions</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="94"/>
        <source>Le candidat a besoin de plus de temps (temps majoré)</source>
        <translation>The candidate needs more time (extra time)</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="96"/>
        <source>Le logiciel installé sur l&apos;ordinateur n&apos;a pas fonctionné</source>
        <translation>The software installed on the computer did not work</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="98"/>
        <source>Le candidat a été contraint de cliquer en dehors du cadre autorisé</source>
        <translation>The candidate had to click outside the permitted area</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="100"/>
        <source>Le candidat a rencontré un problème technique sur la plateforme</source>
        <translation>The candidate had a technical problem on the platform</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="102"/>
        <source>Problème d&apos;accessibilité de la question</source>
        <translation>Accessibility problem with the question</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="115"/>
        <source>Abandon du candidat</source>
        <translation>Candidate withdrew</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="116"/>
        <source>Problème technique</source>
        <translation>Technical problem</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="133"/>
        <source>Indiquez le numéro de la question concernée.</source>
        <translation>Give the number of the question concerned.</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="136"/>
        <source>Le numéro de la question doit être compris entre 1 et {count}.</source>
        <translation>The question number must be between 1 and {count}.</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="140"/>
        <source>Le numéro de la question doit être supérieur ou égal à 1.</source>
        <translation>The question number must be 1 or more.</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="143"/>
        <source>Ce signalement ne porte pas sur une question&#xa0;: ne saisissez pas de numéro de question.</source>
        <translation>This report is not about a question: do not enter a question number.</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="148"/>
        <source>Décrivez l&apos;incident&#xa0;: la description est obligatoire.</source>
        <translation>Describe the incident: the description is required.</translation>
    </message>
    <message>
        <location filename="../domain/incidents.py" line="151"/>
        <source>La description ne doit pas dépasser {limit} caractères (actuellement {length}).</source>
        <translation>The description must not exceed {limit} characters (currently {length}).</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="138"/>
        <source>Signalement à traiter</source>
        <translation>Report to handle</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="140"/>
        <source>Reprise demandée sur un autre poste ({pc})</source>
        <translation>Resume requested on another PC ({pc})</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="143"/>
        <source>Reprise demandée</source>
        <translation>Resume requested</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="145"/>
        <source>Écran de fin à voir</source>
        <translation>End screen to check</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="147"/>
        <source>Silencieux depuis {age}</source>
        <translation>Silent for {age}</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="150"/>
        <source>Temps dépassé</source>
        <translation>Time exceeded</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="152"/>
        <source>Présence à confirmer</source>
        <translation>Presence to confirm</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="154"/>
        <source>Non certifiable</source>
        <translation>Not certifiable</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="156"/>
        <source>Sortie de la fenêtre ×{count}</source>
        <translation>Left the window ×{count}</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="159"/>
        <source>Retardataire admis</source>
        <translation>Late arrival admitted</translation>
    </message>
    <message>
        <location filename="../domain/roster.py" line="205"/>
        <location filename="../domain/session_state.py" line="47"/>
        <location filename="../domain/session_state.py" line="48"/>
        <source>Non commencé</source>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../domain/session_state.py" line="49"/>
        <source>En cours</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../domain/session_state.py" line="50"/>
        <source>Terminé</source>
        <translation>Finished</translation>
    </message>
    <message>
        <location filename="../domain/session_state.py" line="51"/>
        <source>Terminé par le surveillant</source>
        <translation>Ended by the invigilator</translation>
    </message>
</context>
</TS>
