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
</context>
</TS>
