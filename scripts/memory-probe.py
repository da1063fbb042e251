#!/usr/bin/env python3
"""Starts N workflows that wait in a long delay and reports the silo's resident memory (docs/performance.md).

Usage: scripts/memory-probe.py [count] [api] — the system must be up (scripts/system.sh start). Standard library only.
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import time
import urllib.request

count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
api = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:" + os.environ.get("AUTOMATION_API_PORT", "5000")
state = os.environ.get("AUTOMATION_STATE_DIR", os.path.join(os.path.dirname(__file__), "..", ".data"))
# Every /api/v1 call needs a token: AUTOMATION_TOKEN, or the local first admin's (scripts/token.sh).
token = os.environ.get("AUTOMATION_TOKEN") or subprocess.run(
    [os.path.join(os.path.dirname(os.path.abspath(__file__)), "token.sh")], check=True, capture_output=True, text=True).stdout.strip()


def call(method, path, body):
    request = urllib.request.Request(api + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


silo_pid = int(open(os.path.join(state, "silo.pid")).read().strip())
call("PUT", "/api/v1/definitions/memory-probe", {
    "steps": [{"id": "wait", "type": "delay", "with": {"duration": "10m"}},
              {"id": "after", "type": "transform", "dependsOn": ["wait"], "with": {"value": 1}}]})
before = rss_mib(silo_pid)
run = str(int(time.time()))
started = time.time()
with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
    statuses = list(pool.map(lambda i: call("POST", "/api/v1/workflows",
                                            {"definition": "memory-probe", "workflowId": f"mem-{run}-{i}"}), range(count)))
elapsed = time.time() - started
time.sleep(5)
subprocess.run(["sync"], check=False)
after = rss_mib(silo_pid)
print(f"started {statuses.count(201)}/{count} waiting workflows in {elapsed:.1f} s")
print(f"silo RSS: {before:.0f} MiB before, {after:.0f} MiB with {count} workflows waiting "
      f"({(after - before) * 1024 / count:.1f} KiB per waiting workflow)")
