"""Smoke test of the ralph LRS as installed by .ci/lrs/setup.sh: start launch_ralph.py on
a free 127.0.0.1 port, check the behaviours that README.md documents, stop it.

Run with the venv's python: .ci/.venv-ralph/bin/python .ci/lrs/smoke_test.py
Exits non-zero (with the failing check) if ralph does not behave as documented.
"""

import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

HERE = Path(__file__).resolve().parent
HEADERS = {"X-Experience-API-Version": "1.0.3"}
AUTH = ("ci", "secret")


def statement(n, sid=None, raw=3):
    return {
        "id": sid or str(uuid.uuid4()),
        "actor": {"objectType": "Agent", "mbox": f"mailto:learner{n}@example.com"},
        "verb": {
            "id": "http://adlnet.gov/expapi/verbs/completed",
            "display": {"en-US": "completed"},
        },
        "object": {
            "objectType": "Activity",
            "id": f"https://danvan.example.com/lesson/{n}",
            "definition": {"name": {"en-US": f"Lesson {n}"}},
        },
        "result": {"score": {"scaled": raw / 4, "raw": raw, "min": 0, "max": 4}},
        "timestamp": "2026-01-01T10:00:00Z",
    }


def check(what, response, code):
    if response.status_code != code:
        sys.exit(f"smoke: {what}: expected {code}, got {response.status_code}: {response.text}")
    print(f"smoke: {what}: {code}")


def main():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="ralph-smoke-"))
    server = subprocess.Popen(
        [sys.executable, str(HERE / "launch_ralph.py"), "--port", str(port),
         "--data-dir", str(tmp / "data"), "--auth-file", str(tmp / "auth.json"),
         "--user", AUTH[0], "--password", AUTH[1]],
        stdout=subprocess.DEVNULL, stderr=open(tmp / "ralph.log", "w"),
    )
    try:
        started = time.monotonic()
        while True:
            try:
                if requests.get(f"{base}/__heartbeat__", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() - started > 30:
                sys.exit(f"smoke: ralph did not start; log:\n{(tmp / 'ralph.log').read_text()}")
            time.sleep(0.1)
        print(f"smoke: ready after {time.monotonic() - started:.1f}s")

        url = f"{base}/xAPI/statements"
        post = lambda body: requests.post(url, json=body, auth=AUTH, headers=HEADERS, timeout=10)
        first = [statement(i) for i in range(3)]
        r = post(first)
        check("first batch", r, 200)
        assert r.json() == [s["id"] for s in first], r.text
        r = post([statement(i) for i in range(3, 6)])
        check("second batch (needs the APPEND patch)", r, 200)
        check("same batch again", post(first), 204)
        changed = dict(first[0], result={"score": {"raw": 1, "min": 0, "max": 4}})
        check("same id, other content", post([changed]), 409)
        check("missing actor", post([{k: v for k, v in statement(9).items() if k != "actor"}]), 422)
        check("wrong password", requests.get(url, auth=("ci", "x"), headers=HEADERS), 401)

        ids, next_url, pages = [], f"{url}?limit=4", 0
        while next_url:
            r = requests.get(next_url, auth=AUTH, headers=HEADERS, timeout=10)
            check(f"GET page {pages + 1}", r, 200)
            body = r.json()
            ids += [s["id"] for s in body["statements"]]
            more = body.get("more")
            assert more is None or more.startswith("/xAPI/statements?"), more
            next_url = base + more if more else None
            pages += 1
        assert pages == 2 and len(ids) == 6 and len(set(ids)) == 6, (pages, ids)
        print("smoke: ralph ok")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
