<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Kiosk</name>
    <message>
        <location filename="../services/kiosk_texts.py" line="36"/>
        <source>Rejoindre une session</source>
        <translation>Join a session</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="37"/>
        <source>Renseignez le numéro de session communiqué par le surveillant, puis votre prénom, votre nom de naissance et votre date de naissance.</source>
        <translation>Enter the session number given by the invigilator, then your first name, your birth surname and your date of birth.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="42"/>
        <source>Numéro de session</source>
        <translation>Session number</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="43"/>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="44"/>
        <source>Nom de naissance</source>
        <translation>Birth surname</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="45"/>
        <source>Date de naissance</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="46"/>
        <source>Jour</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="47"/>
        <source>Mois</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="48"/>
        <source>Année</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="49"/>
        <source>Continuer</source>
        <translation>Continue</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="50"/>
        <source>Remplissez tous les champs&#xa0;: numéro de session, prénom, nom et date.</source>
        <translation>Fill in every field: session number, first name, surname and date.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="52"/>
        <source>Le numéro de session ne contient que des chiffres. Vérifiez-le.</source>
        <translation>The session number contains digits only. Please check it.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="54"/>
        <source>Cette date de naissance n&apos;existe pas. Saisissez le jour, le mois et l&apos;année, par exemple 04, 05 et 2010.</source>
        <translation>This date of birth does not exist. Enter the day, the month and the year, for example 04, 05 and 2010.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="59"/>
        <source>Recherche de votre inscription…</source>
        <translation>Looking for your registration…</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="62"/>
        <source>Confirmez vos informations</source>
        <translation>Confirm your details</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="63"/>
        <source>Est-ce bien vous&#xa0;?</source>
        <translation>Is this you?</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="64"/>
        <source>Je confirme</source>
        <translation>Yes, that is me</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="65"/>
        <source>Ce n&apos;est pas moi</source>
        <translation>No, that is not me</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="68"/>
        <source>Vous allez commencer votre test de certification</source>
        <translation>You are about to start your certification test</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="69"/>
        <source>Attendez que le surveillant confirme votre présence. Cet écran change tout seul.</source>
        <translation>Wait for the invigilator to confirm that you are here. This screen changes by itself.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="71"/>
        <source>Le surveillant doit à nouveau confirmer votre présence. Faites-lui signe et patientez.</source>
        <translation>The invigilator must confirm again that you are here. Raise your hand and wait.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="76"/>
        <source>Vous avez 1 h 45 maximum pour répondre aux questions.</source>
        <translation>You have at most 1 hour 45 minutes to answer the questions.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="77"/>
        <source>Quelques questions sont chronométrées&#xa0;: un écran vous prévient avant chacune.</source>
        <translation>A few questions are timed: a screen warns you before each one.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="80"/>
        <source>Pour chaque question&#xa0;: «&#xa0;Je valide&#xa0;» enregistre votre réponse.</source>
        <translation>For each question, “Submit” saves your answer.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="83"/>
        <source>«&#xa0;Je passe&#xa0;» est définitif&#xa0;: la question ne revient pas et compte comme fausse.</source>
        <translation>“Skip” is final: the question does not come back and counts as wrong.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="87"/>
        <source>En cas de problème sur une question, utilisez «&#xa0;Signaler un problème avec la question&#xa0;».</source>
        <translation>If something is wrong with a question, use “Report a problem with the question”.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="91"/>
        <source>À la fin, gardez l&apos;écran de fin sous vos yeux et appelez le surveillant.</source>
        <translation>At the end, keep the end screen in front of you and call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="94"/>
        <source>Saisissez le code d&apos;accès communiqué par le surveillant</source>
        <translation>Enter the access code given by the invigilator</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="96"/>
        <source>Code d&apos;accès</source>
        <translation>Access code</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="97"/>
        <source>Commencer mon test</source>
        <translation>Start my test</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="98"/>
        <source>La certification se génère…</source>
        <translation>Preparing your certification test…</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="101"/>
        <source>Question {n} / {total}</source>
        <translation>Question {n} / {total}</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="102"/>
        <source>Certification n° {number}</source>
        <translation>Certification no. {number}</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="103"/>
        <source>Je valide</source>
        <translation>Submit</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="104"/>
        <source>Je passe</source>
        <translation>Skip</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="105"/>
        <source>Êtes-vous sûr(e) de vouloir passer cette question&#xa0;? C&apos;est définitif&#xa0;: elle ne reviendra pas et comptera comme fausse.</source>
        <translation>Are you sure you want to skip this question? This is final: it will not come back and will count as wrong.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="110"/>
        <source>Oui, je passe</source>
        <translation>Yes, skip it</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="111"/>
        <location filename="../services/kiosk_texts.py" line="151"/>
        <source>Non, je reviens à la question</source>
        <translation>No, back to the question</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="112"/>
        <source>Signaler un problème avec la question</source>
        <translation>Report a problem with the question</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="113"/>
        <source>Les actions sont mises en pause en attendant le surveillant</source>
        <translation>Your test is paused until the invigilator comes</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="114"/>
        <source>Le surveillant a été prévenu. Il va venir voir la question.</source>
        <translation>The invigilator has been told and will come to look at the question.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="116"/>
        <source>Le surveillant a examiné la question&#xa0;: vous pouvez y répondre normalement.</source>
        <translation>The invigilator has checked the question: you can answer it as usual.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="119"/>
        <source>Le surveillant a validé votre signalement : voici une autre question.</source>
        <translation>The invigilator accepted your report: here is another question.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="121"/>
        <source>Ouvrir le document</source>
        <translation>Open the document</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="122"/>
        <source>Fermer le document</source>
        <translation>Close the document</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="123"/>
        <source>Document : {name}</source>
        <translation>Document: {name}</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="124"/>
        <source>Ce document ne peut pas être affiché sur ce poste. Signalez un problème avec la question.</source>
        <translation>This document cannot be shown on this computer. Report a problem with the question.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="128"/>
        <source>Tableau du document</source>
        <translation>Document table</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="129"/>
        <source>Texte du document</source>
        <translation>Document text</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="130"/>
        <source>{name}, page {n}</source>
        <translation>{name}, page {n}</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="131"/>
        <source>L&apos;image de cette question ne peut pas être affichée.</source>
        <translation>The picture of this question cannot be shown.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="132"/>
        <source>Temps restant : {time}</source>
        <translation>Time left: {time}</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="133"/>
        <source>Cette question est chronométrée</source>
        <translation>This question is timed</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="134"/>
        <source>Vous aurez {time} pour répondre à cette question. Le temps ne démarre que lorsque vous cliquez sur «&#xa0;Commencer&#xa0;».</source>
        <translation>You will have {time} to answer this question. The time starts only when you click “Start”.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="139"/>
        <source>Ce temps ne concerne que cette question, pas le reste du test.</source>
        <translation>This time applies to this question only, not to the rest of the test.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="141"/>
        <source>Votre temps est majoré&#xa0;: une fois ce temps écoulé, vous pourrez encore répondre.</source>
        <translation>You have extra time: once this time is up, you can still answer.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="144"/>
        <source>Commencer</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="145"/>
        <source>Signaler un problème met le test en pause&#xa0;: le surveillant va venir voir la question. Voulez-vous le prévenir&#xa0;?</source>
        <translation>Reporting a problem pauses the test: the invigilator will come to look at the question. Do you want to call the invigilator?</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="150"/>
        <source>Oui, je préviens le surveillant</source>
        <translation>Yes, call the invigilator</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="152"/>
        <source>Le temps est écoulé. Vous pouvez encore répondre&#xa0;: votre réponse sera enregistrée comme donnée après la fin du temps.</source>
        <translation>Time is up. You can still answer: your answer will be recorded as given after the time ran out.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="157"/>
        <source>Le temps est écoulé. Comme vous bénéficiez d&apos;un temps majoré, vous pouvez encore répondre&#xa0;: le surveillant en tiendra compte.</source>
        <translation>Time is up. As you have extra time, you can still answer: the invigilator will take it into account.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="162"/>
        <source>Pour cette question, restez sur cette fenêtre et dans la zone de la question&#xa0;: en sortir est enregistré.</source>
        <translation>For this question, stay in this window and inside the question area: leaving it is recorded.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="167"/>
        <source>Vous êtes sorti(e) de la zone de la question. C&apos;est enregistré et signalé au surveillant.</source>
        <translation>You left the question area. This is recorded and reported to the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="171"/>
        <source>Votre réponse</source>
        <translation>Your answer</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="174"/>
        <source>Un seul écran doit être branché sur ce poste</source>
        <translation>Only one screen may be connected to this computer</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="175"/>
        <source>Appelez le surveillant&#xa0;: un second écran est branché sur ce poste. Le test ne peut pas commencer, ni continuer, tant que ce poste a plus d&apos;un écran.</source>
        <translation>Call the invigilator: a second screen is connected to this computer. The test cannot start or go on while this computer has more than one screen.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="180"/>
        <source>Un nombre</source>
        <translation>A number</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="183"/>
        <source>Vous avez presque terminé</source>
        <translation>You have almost finished</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="184"/>
        <source>Appelez le surveillant&#xa0;: il doit impérativement voir cet écran pour finaliser votre certification.</source>
        <translation>Call the invigilator: they must see this screen to complete your certification.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="189"/>
        <source>Le surveillant a mis fin à votre test de certification.</source>
        <translation>The invigilator has ended your certification test.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="191"/>
        <source>Le temps maximum du test est dépassé : votre test est terminé.</source>
        <translation>The maximum time for the test is over: your test has ended.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="193"/>
        <source>La session de certification est finalisée : votre test est terminé.</source>
        <translation>The certification session is finalised: your test has ended.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="195"/>
        <source>Vous pouvez quitter ce poste.</source>
        <translation>You may leave this computer.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="196"/>
        <source>Le surveillant a vu cet écran. Ce poste se prépare pour le candidat suivant…</source>
        <translation>The invigilator has seen this screen. This computer is getting ready for the next candidate…</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="198"/>
        <source>Revenir à l&apos;accueil</source>
        <translation>Back to the start</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="201"/>
        <source>Reprendre votre test</source>
        <translation>Resume your test</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="202"/>
        <source>Votre test de certification a été interrompu. Pour le reprendre, saisissez à nouveau le code d&apos;accès communiqué par le surveillant.</source>
        <translation>Your certification test was interrupted. To resume it, enter the access code given by the invigilator again.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="207"/>
        <source>Reprendre mon test</source>
        <translation>Resume my test</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="208"/>
        <source>Le surveillant doit autoriser la reprise de votre test</source>
        <translation>The invigilator must allow your test to resume</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="210"/>
        <source>Faites signe au surveillant. Vous retrouverez la question où vous en étiez.</source>
        <translation>Raise your hand for the invigilator. You will return to the question you were on.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="212"/>
        <source>Réservé au surveillant&#xa0;: sans réseau, il peut autoriser la reprise ici avec le code de reprise imprimé sur le kit.</source>
        <translation>Invigilator only: without a network, the test can be resumed here with the resume code printed in the kit.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="217"/>
        <source>Code de reprise</source>
        <translation>Resume code</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="218"/>
        <source>Ce code de reprise n&apos;est pas le bon.</source>
        <translation>This resume code is not the right one.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="219"/>
        <source>Mot de passe de session</source>
        <translation>Session password</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="220"/>
        <source>Autoriser la reprise</source>
        <translation>Allow the test to resume</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="221"/>
        <source>Ce mot de passe de session n&apos;est pas le bon.</source>
        <translation>This session password is not the right one.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="222"/>
        <source>Ce code d&apos;accès n&apos;est pas le bon. Vérifiez-le et saisissez-le à nouveau.</source>
        <translation>This access code is not the right one. Check it and enter it again.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="224"/>
        <source>Trop d&apos;essais. Attendez {wait} avant de réessayer, ou appelez le surveillant.</source>
        <translation>Too many attempts. Wait {wait} before trying again, or call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="228"/>
        <source>Quitter le poste d&apos;examen</source>
        <translation>Leave the exam computer</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="229"/>
        <source>Réservé au surveillant : saisissez le mot de passe de la session pour quitter.</source>
        <translation>Invigilator only: enter the session password to leave.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="231"/>
        <source>Quitter</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="232"/>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="236"/>
        <source>Aucune inscription ne correspond à ces informations dans cette session. Vérifiez le numéro de session, votre prénom, votre nom de naissance et votre date de naissance.</source>
        <translation>No registration in this session matches these details. Check the session number, your first name, your birth surname and your date of birth.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="241"/>
        <source>Plusieurs inscriptions correspondent à ces informations. Appelez le surveillant.</source>
        <translation>Several registrations match these details. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="244"/>
        <source>Cette session est terminée&#xa0;: il n&apos;est plus possible de la rejoindre. Appelez le surveillant.</source>
        <translation>This session is over: it can no longer be joined. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="249"/>
        <source>Votre profil n&apos;est pas certifiable&#xa0;: vous ne pouvez pas passer ce test. Appelez le surveillant.</source>
        <translation>Your profile is not eligible for certification: you cannot take this test. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="254"/>
        <source>Les entrées dans cette session sont closes. Appelez le surveillant.</source>
        <translation>Entry to this session is closed. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="256"/>
        <source>Votre test de certification est déjà terminé. Appelez le surveillant.</source>
        <translation>Your certification test has already ended. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="263"/>
        <source>Trop de codes incorrects ont été saisis. Attendez {wait} avant de réessayer, ou appelez le surveillant.</source>
        <translation>Too many wrong codes were entered. Wait {wait} before trying again, or call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="268"/>
        <source>Trop d&apos;essais. Réessayez dans {wait}, ou appelez le surveillant.</source>
        <translation>Too many attempts. Try again in {wait}, or call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="270"/>
        <source>Le serveur a refusé cette action. Appelez le surveillant.</source>
        <translation>The server refused this action. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="272"/>
        <source>Le serveur ne répond pas. Vérifiez que le poste est connecté, puis réessayez. Si cela continue, appelez le surveillant.</source>
        <translation>The server is not answering. Check that this computer is connected, then try again. If it goes on, call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="277"/>
        <source>Un problème inattendu est survenu. Appelez le surveillant.</source>
        <translation>Something unexpected went wrong. Call the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="281"/>
        <source>Connecté</source>
        <translation>Connected</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="282"/>
        <source>Hors ligne : vos réponses sont gardées sur ce poste</source>
        <translation>Offline: your answers are kept on this computer</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="283"/>
        <source>Envoi en cours</source>
        <translation>Sending</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="294"/>
        <source>{n} minute</source>
        <translation>{n} minute</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="294"/>
        <source>{n} minutes</source>
        <translation>{n} minutes</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="298"/>
        <source>{n} seconde</source>
        <translation>{n} second</translation>
    </message>
    <message>
        <location filename="../services/kiosk_texts.py" line="298"/>
        <source>{n} secondes</source>
        <translation>{n} seconds</translation>
    </message>
    <message>
        <location filename="../views/kiosk/window.py" line="47"/>
        <source>examroom — test de certification</source>
        <translation>examroom — certification test</translation>
    </message>
</context>
</TS>
