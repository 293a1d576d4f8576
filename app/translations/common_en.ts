<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name>Common</name>
    <message>
        <location filename="../views/widgets/files.py" line="40"/>
        <source>Enregistré&#xa0;: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <location filename="../services/http.py" line="81"/>
        <source>Trop d&apos;essais. Réessayez dans {seconds}&#xa0;s.</source>
        <translation>Too many attempts. Try again in {seconds}&#xa0;s.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="42"/>
        <source>Un problème d&apos;enregistrement est survenu sur ce poste. Prévenez le surveillant : ce qui a déjà été enregistré est conservé.</source>
        <translation>Something went wrong while saving on this computer. Tell the invigilator: what was already saved is kept.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="59"/>
        <source>Le disque de ce poste est plein : la dernière action n&apos;a pas pu être enregistrée. Prévenez le surveillant : ce qui a déjà été enregistré est conservé.</source>
        <translation>This computer&apos;s disk is full: the last action could not be saved. Tell the invigilator: what was already saved is kept.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="67"/>
        <source>Les données enregistrées sur ce poste sont illisibles. Prévenez le surveillant : le fichier est conservé tel quel pour être examiné.</source>
        <translation>The data saved on this computer cannot be read. Tell the invigilator: the file is kept as it is to be examined.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="75"/>
        <source>Les données de ce poste sont déjà utilisées par un autre programme. Prévenez le surveillant.</source>
        <translation>This computer&apos;s data is already in use by another program. Tell the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="83"/>
        <source>Ce poste ne permet pas d&apos;enregistrer les données (emplacement en lecture seule). Prévenez le surveillant.</source>
        <translation>This computer cannot save data (the location is read-only). Tell the invigilator.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="93"/>
        <source>Les données de ce poste viennent d&apos;une version plus récente d&apos;examroom. Prévenez le responsable informatique.</source>
        <translation>This computer&apos;s data comes from a newer version of examroom. Tell the IT manager.</translation>
    </message>
    <message>
        <location filename="../services/store/errors.py" line="107"/>
        <source>Ce poste n&apos;a pas encore tout transmis au serveur.</source>
        <translation>This computer has not yet sent everything to the server.</translation>
    </message>
    <message>
        <location filename="../demo.py" line="211"/>
        <source>  serveur              {url}  (données : {data})</source>
        <translation>  server               {url}  (data: {data})</translation>
    </message>
    <message>
        <location filename="../demo.py" line="213"/>
        <source>  numéro de session    {number}</source>
        <translation>  session number       {number}</translation>
    </message>
    <message>
        <location filename="../demo.py" line="214"/>
        <source>  mot de passe         {password}</source>
        <translation>  password             {password}</translation>
    </message>
    <message>
        <location filename="../demo.py" line="215"/>
        <source>  code d&apos;accès         {code}</source>
        <translation>  access code          {code}</translation>
    </message>
    <message>
        <location filename="../demo.py" line="216"/>
        <source>  candidats (date de naissance) :</source>
        <translation>  candidates (date of birth):</translation>
    </message>
    <message>
        <location filename="../demo.py" line="222"/>
        <source>temps majoré {percent} %</source>
        <translation>extra time {percent}%</translation>
    </message>
    <message>
        <location filename="../demo.py" line="225"/>
        <source>non certifiable</source>
        <translation>not certifiable</translation>
    </message>
    <message>
        <location filename="../demo.py" line="275"/>
        <source>examroom demo: arrêtée</source>
        <translation>examroom demo: stopped</translation>
    </message>
    <message>
        <location filename="../demo.py" line="342"/>
        <source>  kiosque {n} fermé : fin de la démo</source>
        <translation>  kiosk {n} closed: end of the demo</translation>
    </message>
    <message>
        <location filename="../demo.py" line="348"/>
        <source>  kiosque {n} s&apos;arrête dès son lancement (statut {status}) : abandon ; voir {folder}</source>
        <translation>  kiosk {n} stops as soon as it starts (status {status}): giving up; see {folder}</translation>
    </message>
    <message>
        <location filename="../demo.py" line="352"/>
        <source>  kiosque {n} arrêté (statut {status}) : il redémarre, comme un PC après une coupure de courant</source>
        <translation>  kiosk {n} stopped (status {status}): it restarts, like a PC after a power cut</translation>
    </message>
    <message>
        <location filename="../demo.py" line="388"/>
        <source>  relais de la salle   http://127.0.0.1:{port}
  coupure d&apos;internet   kill -STOP {pid}   (retour : kill -CONT {pid})</source>
        <translation>  room relay           http://127.0.0.1:{port}
  internet cut         kill -STOP {pid}   (back: kill -CONT {pid})</translation>
    </message>
    <message>
        <location filename="../demo.py" line="430"/>
        <source>  arrêter la démo      « Quitter » sur le poste surveillant, fermer une fenêtre, Ctrl+C
  coupure de courant   tuer un kiosque (kill -9 PID) : la démo le relance, il reprend la question</source>
        <translation>  stop the demo        &quot;Quit&quot; on the invigilator station, close a window, Ctrl+C
  power cut            kill a kiosk (kill -9 PID): the demo restarts it, it resumes the question</translation>
    </message>
</context>
</TS>
