"""The HTTP API's contract: the request and response bodies both ends use (issue 21).

Why a package of its own, below the server and the client services: a contract copied by
hand is where the next bug hides (the kiosk's `Joined` copied `JoinOut`; the relay package
was a dict built on one side and read key by key on the other). Here each body is written
once; the server's routers and services validate and answer with it, the clients
(`app.services.candidate_api`, `invigilator_api`, `sync`, the relay deployment) read the answers
with it.

Depends on `app.domain` only (pydantic, the standard library): the kiosk, the station
and the server all import it. One module per area of the API:

- common.py       base classes and field types shared by several areas
- errors.py       the error body every refusal carries: `{"error": {code, message, details}}`
- auth.py         accounts' login and token
- admin.py        sessions, candidates, import (the centre's administration)
- candidate.py    the kiosk's routes: join, status, start, the test without solutions
- invigilator.py  the station's routes: login, session header, candidates' state, actions
- sync.py         push and pull of events
- results.py      finalisation, documents, results, certificates, jury
- relay.py        the session package a room relay runs from (versioned)
"""
