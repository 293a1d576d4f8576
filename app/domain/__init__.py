"""Pure rules of the certification: no Qt, no database, no network, no project imports.

Where each rule lives:
- codes.py        access code, session password, verification code (SPEC "Codes")
- competences.py  the 16 competences in 5 domains
- content.py      challenge model (types, tolerances, timer, focus, files)
- answers.py      answer checking: normalisation, T1/T2/T3, `nombre`, statuses
- generation.py   test generation v2, certifiability
- clocks.py       injected clock, theoretical end, countdowns, outage length
- events.py       the event envelope and every event kind, with payload validation
- fold.py         fold(events) -> session and candidate state; refused transitions
- incidents.py    incident categories C/E and automatic resolution (neutralisation)
- scoring.py      v2 scoring: per competence, R, rejected/cancelled/not trustable
- relay_trust.py  the room relay's grant and proof (Ed25519): why a kiosk may trust a relay
"""
