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
        <location filename="../services/http.py" line="78"/>
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
</context>
</TS>
