#!/usr/bin/env python3
"""Measures bytes written per step (PostgreSQL WAL) for one workflow of N sequential delay steps (docs/performance.md).

Usage: scripts/history-probe.py N [N ...] — the system must be up (scripts/system.sh start). Standard library only;
uses the psql of the PostgreSQL binaries scripts/ensure-postgres.sh finds.
"""
import glob
import json
import os
import subprocess
import sys
import time
import urllib.request

api = "http://127.0.0.1:" + os.environ.get("AUTOMATION_API_PORT", "5000")
state = os.environ.get("AUTOMATION_STATE_DIR", os.path.join(os.path.dirname(__file__), "..", ".data"))
# Every /api/v1 call needs a token: AUTOMATION_TOKEN, or the local first admin's (scripts/token.sh).
token = os.environ.get("AUTOMATION_TOKEN") or subprocess.run(
    [os.path.join(os.path.dirname(os.path.abspath(__file__)), "token.sh")], check=True, capture_output=True, text=True).stdout.strip()
settings = dict(part.split("=", 1) for part in open(os.path.join(state, "connection-string")).read().strip().split(";") if part)
psql = (glob.glob("/usr/lib/postgresql/*/bin/psql") or ["psql"])[0]


def sql(query):
    out = subprocess.run([psql, "-h", settings["Host"], "-p", settings.get("Port", "5432"), "-U", settings["Username"],
                          "-d", settings["Database"], "-At", "-c", query], check=True, capture_output=True, text=True)
    return out.stdout.strip()


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method, headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read() or b"null")


for steps in [int(a) for a in sys.argv[1:]]:
    chain = [{"id": f"s{i}", "type": "delay", "with": {"duration": "1ms"}, **({"dependsOn": [f"s{i - 1}"]} if i else {})}
             for i in range(steps)]
    call("PUT", f"/api/v1/definitions/history-probe-{steps}", {"steps": chain})
    workflow = f"history-{steps}-{int(time.time())}"

    before = sql("SELECT pg_current_wal_insert_lsn()")
    call("POST", "/api/v1/workflows", {"definition": f"history-probe-{steps}", "workflowId": workflow})
    while call("GET", f"/api/v1/workflows/{workflow}?wait=60s")["status"] == "Running":
        pass
    time.sleep(2)  # let the visibility batch and the reminder removal land
    written = int(float(sql(f"SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '{before}')")))
    print(f"{steps:5d} steps: {written:12,d} WAL bytes, {written / steps:10,.0f} bytes per step")
