#!/usr/bin/env python3
"""Where a sequential workflow's time goes, step by step, from the timestamps in its own history.

Usage: scripts/step-latency.py DEFINITION [N]   (the system must be up; API from AUTOMATION_API_PORT, default 5000;
token from AUTOMATION_TOKEN, like the other probes, or scripts/token.sh)

Reads the N newest completed workflows of DEFINITION and splits each step into
  dispatch: StepScheduled -> StepStarted   (the workflow's state write, the one-way message to the task grain, its
                                            activation and the timer that starts the attempt)
  run:      StepStarted -> StepCompleted   (the handler: for an http step, the call itself)
  decide:   StepCompleted -> next StepScheduled (the report back and the engine's decision; the write follows)
Timestamps are taken when the engine decides, before each write. Prints p50 and mean of each, in milliseconds.
Standard library only; measures and asserts nothing.
"""
import json
import os
import statistics
import subprocess
import sys
import urllib.request
from datetime import datetime

definition = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
api = f"http://127.0.0.1:{os.environ.get('AUTOMATION_API_PORT', '5000')}"
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
token = os.environ.get("AUTOMATION_TOKEN") or subprocess.check_output([os.path.join(repo, "scripts", "token.sh")], text=True).strip()


def get(path):
    request = urllib.request.Request(api + path, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def at(event):
    return datetime.fromisoformat(event["timestamp"].replace("Z", "+00:00"))


ids, cursor = [], None
while len(ids) < count:
    page = get(f"/api/v1/workflows?definition={definition}&status=Completed&limit=100" + (f"&cursor={cursor}" if cursor else ""))
    ids += [w["workflowId"] for w in page["items"]]
    cursor = page.get("nextCursor")
    if not cursor:
        break

segments = {"dispatch": [], "run": [], "decide": [], "whole": []}
for workflow_id in ids[:count]:
    events = get(f"/api/v1/workflows/{workflow_id}/history")["events"]
    scheduled, started, completed = {}, {}, []
    for e in events:
        kind, step = e["type"], e.get("stepId")
        if kind == "StepScheduled":
            scheduled[step] = at(e)
            if completed:
                segments["decide"].append((at(e) - completed[-1]).total_seconds() * 1000)
        elif kind == "StepStarted":
            started[step] = at(e)
            if step in scheduled:
                segments["dispatch"].append((at(e) - scheduled[step]).total_seconds() * 1000)
        elif kind == "StepCompleted":
            completed.append(at(e))
            if step in started:
                segments["run"].append((at(e) - started[step]).total_seconds() * 1000)
    segments["whole"].append((at(events[-1]) - at(events[0])).total_seconds() * 1000)

print(f"{len(ids[:count])} workflows of {definition}, ms per segment (decision-time stamps):")
for name, values in segments.items():
    if values:
        print(f"  {name:9} p50 {statistics.median(values):7.3f}   mean {statistics.fmean(values):7.3f}   n {len(values)}")
