#!/usr/bin/env python3
"""A minimal Automation agent in Python, standard library only.

It speaks the agent protocol over HTTP (docs/agents.md): register -> long-poll -> heartbeat while working ->
complete (or fail). It serves one capability and transforms each task's input into its output:

    python3 agent.py --server http://127.0.0.1:5000 --api-key "$AUTOMATION_API_KEY" --capability text.upper

Output of a task: {"result": <input transformed>, "taskId", "attempt", "idempotencyKey", "agent"}.
One JSON line per event goes to stdout (registered, leased, completed, failed, cancelled, lease-lost), so a
test or an operator can follow it.
"""

import argparse
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

TRANSIENT = {408, 429, 500, 502, 503, 504}


def log(event, **fields):
    print(json.dumps({"event": event, **fields}), flush=True)


class Api:
    """The protocol's HTTP calls, with retries on connection errors and transient statuses."""

    def __init__(self, server, api_key, retries=5):
        self.base = server.rstrip("/") + "/api/v1"
        self.api_key = api_key
        self.retries = retries

    def post(self, path, body, timeout=90):
        """POSTs JSON; returns (status, parsed body or None). 4xx answers are returned, not raised."""
        data = json.dumps(body).encode("utf-8")
        delay = 0.2
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(self.base + path, data=data, method="POST", headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": "ApiKey " + self.api_key,
            })
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    raw = response.read()
                    return response.status, (json.loads(raw) if raw else None)
            except urllib.error.HTTPError as error:
                raw = error.read()
                if error.code in TRANSIENT and attempt < self.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                try:
                    parsed = json.loads(raw) if raw else None
                except ValueError:
                    parsed = raw.decode("utf-8", "replace")
                return error.code, parsed
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if attempt >= self.retries:
                    raise
                time.sleep(delay)
                delay *= 2
        raise RuntimeError("unreachable")


def transform(value, mode):
    if mode == "upper":
        if isinstance(value, str):
            return value.upper()
        if isinstance(value, list):
            return [transform(v, mode) for v in value]
        if isinstance(value, dict):
            return {k: transform(v, mode) for k, v in value.items()}
    return value


def parse_time(text):
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Heartbeat(threading.Thread):
    """Heartbeats one task until stopped; sets `stopped_by_server` on cancelRequested or a lost lease (409/404)."""

    def __init__(self, api, agent_id, task, interval):
        super().__init__(daemon=True)
        self.api = api
        self.agent_id = agent_id
        self.task = task
        self.interval = interval
        self.heartbeat_by = parse_time((task.get("deadlines") or {}).get("heartbeatBy"))
        self.done = threading.Event()
        self.stopped_by_server = None
        self.progress = 0

    def next_delay(self):
        delay = self.interval
        if self.heartbeat_by is not None:
            left = (self.heartbeat_by - datetime.now(timezone.utc)).total_seconds() / 2
            delay = min(delay, left)
        return max(delay, 0.1)

    def beat(self):
        status, body = self.api.post(f"/tasks/{self.task['taskId']}/heartbeat",
                                     {"agentId": self.agent_id, "progress": self.progress})
        if status in (404, 409):
            self.stopped_by_server = "lease-lost"
        elif status == 200 and body:
            if body.get("cancelRequested"):
                self.stopped_by_server = "cancelled"
            self.heartbeat_by = parse_time((body.get("deadlines") or {}).get("heartbeatBy"))

    def run(self):
        while not self.done.wait(self.next_delay()):
            try:
                self.beat()
            except Exception as error:  # a failed heartbeat is tried again at the next interval
                log("heartbeat-error", taskId=self.task["taskId"], error=str(error))
            if self.stopped_by_server:
                return


def register(api, args):
    status, body = api.post("/agents", {
        "name": args.name,
        "capabilities": [args.capability],
        "maxConcurrency": 1,
        "labels": {"language": "python"},
    })
    if status != 201:
        sys.exit(f"register answered {status}: {body}")
    interval = body.get("heartbeatIntervalSeconds") or 10
    log("registered", agentId=body["agentId"], heartbeatIntervalSeconds=interval)
    return body["agentId"], float(interval)


def run_task(api, agent_id, interval, task, args):
    log("leased", taskId=task["taskId"], workflowId=task["workflowId"], stepId=task["stepId"],
        attempt=task["attempt"], idempotencyKey=task["idempotencyKey"])
    heartbeat = Heartbeat(api, agent_id, task, interval)
    heartbeat.start()
    try:
        # The "work": hold the task for --hold seconds (heartbeating meanwhile), then transform the input.
        deadline = time.monotonic() + args.hold
        while time.monotonic() < deadline and not heartbeat.stopped_by_server:
            time.sleep(min(0.1, max(0.0, deadline - time.monotonic())))
        if heartbeat.stopped_by_server:
            log(heartbeat.stopped_by_server, taskId=task["taskId"])
            return
        if args.fail:
            status, _ = api.post(f"/tasks/{task['taskId']}/fail", {
                "agentId": agent_id,
                "error": {"type": args.fail, "message": "failed on purpose (--fail)"},
                "retryable": True,
            })
            log("failed" if status == 200 else "lease-lost", taskId=task["taskId"], status=status)
            return
        output = {
            "result": transform(task.get("input"), args.transform),
            "taskId": task["taskId"],
            "attempt": task["attempt"],
            "idempotencyKey": task["idempotencyKey"],
            "agent": args.name,
        }
        status, _ = api.post(f"/tasks/{task['taskId']}/complete", {"agentId": agent_id, "output": output})
        log("completed" if status == 200 else "lease-lost", taskId=task["taskId"], status=status)
    finally:
        heartbeat.done.set()
        heartbeat.join(timeout=5)


def main():
    parser = argparse.ArgumentParser(description="A minimal Automation agent (standard library only).")
    parser.add_argument("--server", default=os.environ.get("AUTOMATION_SERVER_URL", "http://127.0.0.1:5000"))
    parser.add_argument("--api-key", default=os.environ.get("AUTOMATION_API_KEY"))
    parser.add_argument("--capability", required=True)
    parser.add_argument("--name", default="python-agent")
    parser.add_argument("--once", type=int, default=0, metavar="N", help="exit after N tasks (0: run until stopped)")
    parser.add_argument("--wait", type=int, default=30, help="long-poll wait in seconds (0-60)")
    parser.add_argument("--transform", choices=["echo", "upper"], default="echo")
    parser.add_argument("--hold", type=float, default=0.0, help="seconds to work on each task before reporting")
    parser.add_argument("--fail", metavar="TYPE", help="fail every task with this error type instead")
    args = parser.parse_args()
    if not args.api_key:
        sys.exit("--api-key or AUTOMATION_API_KEY is required")

    api = Api(args.server, args.api_key)
    agent_id, interval = register(api, args)
    handled = 0
    while args.once == 0 or handled < args.once:
        status, body = api.post(f"/agents/{agent_id}/poll", {"max": 1, "waitSeconds": args.wait})
        if status == 204:
            continue
        if status == 404:
            agent_id, interval = register(api, args)
            continue
        if status == 409:
            log("draining", agentId=agent_id)
            break
        if status != 200:
            sys.exit(f"poll answered {status}: {body}")
        for task in body.get("tasks", []):
            run_task(api, agent_id, interval, task, args)
            handled += 1
    log("exiting", handled=handled)


if __name__ == "__main__":
    main()
