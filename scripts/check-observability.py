#!/usr/bin/env python3
"""Checks every PromQL expression of the alert rules and the Grafana dashboards (scripts/test.sh).

1. Each expression parses: they are written, as recording rules, into a temporary rules file that
   `promtool check rules` reads (Grafana's $__rate_interval and $variables are replaced first).
2. Each metric name an expression reads is one the system exports: listed in deploy/prometheus/exported-metrics.txt
   (a histogram name also covers its _bucket, _sum and _count series), or `up`, which Prometheus itself writes.
   Which of the listed names a running silo and API really export is checked by the system test
   ExportedMetricsTests (it scrapes both processes).
3. Every alert has a summary, a description and a runbook_url whose anchor is a heading of docs/observability.md, and
   is named in the promtool unit tests (deploy/prometheus/tests).
Standard library plus Debian's python3-yaml (scripts/ensure-prometheus.sh installs both it and promtool).
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
RULES = sorted((ROOT / "deploy/prometheus/rules").glob("*.yml"))
DASHBOARDS = sorted((ROOT / "deploy/grafana/dashboards").glob("*.json"))
EXPORTED = ROOT / "deploy/prometheus/exported-metrics.txt"
BUILT_IN = {"up"}  # written by Prometheus for every target
KEYWORDS = {"and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
            "inf", "nan", "atan2"}


def exported_names():
    names = set()
    for line in EXPORTED.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name = line.split()[0]
            names.add(name)
            if line.split()[1:2] == ["histogram"]:
                names.update({name + "_bucket", name + "_sum", name + "_count"})
    return names


def dashboard_expressions(path):
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("expr"), str):
                found.append((f"{path.name}: {node.get('refId', '?')} of panel", node["expr"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    document = json.loads(path.read_text())
    for panel in document.get("panels", []):
        for target in panel.get("targets", []):
            found.append((f"{path.name}: panel {panel.get('id')} '{panel.get('title')}' {target.get('refId')}", target["expr"]))
    # Template variables: label_values(metric, label) is Grafana's, not PromQL; check its metric name only.
    variables = []
    for variable in document.get("templating", {}).get("list", []):
        query = variable.get("query")
        query = query.get("query") if isinstance(query, dict) else query
        match = re.fullmatch(r"\s*label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*[a-zA-Z_][a-zA-Z0-9_]*\s*\)\s*", query or "")
        if not match:
            sys.exit(f"{path.name}: variable {variable.get('name')}: expected label_values(metric, label), got {query!r}")
        variables.append((f"{path.name}: variable {variable['name']}", match.group(1)))
    return found, variables


def grafana_to_promql(expr):
    expr = expr.replace("$__rate_interval", "5m").replace("$__interval", "1m").replace("$__range", "1h")
    return re.sub(r"\$\{?[a-zA-Z_][a-zA-Z0-9_]*\}?", ".*", expr)


def metric_names(expr):
    """Metric names read by a PromQL expression: identifiers that are not functions, keywords or label names."""
    expr = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'', '""', expr)  # strings
    expr = re.sub(r"\{[^}]*\}", "", expr)  # label matchers
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # ranges and subqueries
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)  # label lists
    names = set()
    for match in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\()?", expr):
        word, call = match.group(1), match.group(2)
        if call or word.lower() in KEYWORDS:
            continue
        names.add(word)
    return names


def alert_problems(path, rule, docs, tests):
    name = rule["alert"]
    annotations = rule.get("annotations", {})
    problems = [f"{path.name}: {name} has no {key}" for key in ("summary", "description", "runbook_url") if not annotations.get(key)]
    anchor = annotations.get("runbook_url", "").partition("#")[2]
    headings = {re.sub(r"[^a-z0-9-]", "", line.lstrip("#").strip().lower().replace(" ", "-")) for line in docs.splitlines() if line.startswith("#")}
    if anchor and anchor not in headings:
        problems.append(f"{path.name}: {name}'s runbook anchor #{anchor} is no heading of docs/observability.md")
    if f"alertname: {name}\n" not in tests:
        problems.append(f"{path.name}: {name} has no promtool unit test in deploy/prometheus/tests")
    return problems


def main():
    expressions = []
    docs = (ROOT / "docs/observability.md").read_text()
    tests = "".join(p.read_text() for p in sorted((ROOT / "deploy/prometheus/tests").glob("*.yml")))
    rule_problems = []
    for path in RULES:
        for group in yaml.safe_load(path.read_text())["groups"]:
            for rule in group["rules"]:
                expressions.append((f"{path.name}: {rule.get('alert') or rule.get('record')}", str(rule["expr"])))
                if "alert" in rule:
                    rule_problems.extend(alert_problems(path, rule, docs, tests))
    if rule_problems:
        sys.exit("\n".join(rule_problems))
    variables = []
    for path in DASHBOARDS:
        found, found_variables = dashboard_expressions(path)
        if not found:
            sys.exit(f"{path.name}: no expressions found")
        expressions.extend((where, grafana_to_promql(expr)) for where, expr in found)
        variables.extend(found_variables)

    # 1. Parse them all with promtool.
    with tempfile.TemporaryDirectory() as tmp:
        rules_file = pathlib.Path(tmp) / "expressions.yml"
        rules = [{"record": f"check:expression_{i}", "expr": expr} for i, (_, expr) in enumerate(expressions)]
        rules_file.write_text(yaml.safe_dump({"groups": [{"name": "every-expression", "rules": rules}]}))
        result = subprocess.run(["promtool", "check", "rules", str(rules_file)], capture_output=True, text=True)
        if result.returncode != 0:
            output = result.stdout + result.stderr
            for i, (where, expr) in reversed(list(enumerate(expressions))):  # expression_12 before expression_1
                output = output.replace(f"check:expression_{i}", f"{where}: {expr}")
            sys.exit("promtool could not parse an expression:\n" + output)

    # 2. Every metric name they read is exported.
    exported = exported_names() | BUILT_IN
    problems = []
    used = set()
    for where, expr in expressions:
        names = metric_names(expr)
        if not names:
            problems.append(f"{where}: reads no metric: {expr}")
        used |= names
        problems.extend(f"{where}: {name} is not exported (deploy/prometheus/exported-metrics.txt)" for name in sorted(names - exported))
    for where, name in variables:
        used.add(name)
        if name not in exported:
            problems.append(f"{where}: {name} is not exported")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(expressions)} expressions in {len(RULES)} rules file(s) and {len(DASHBOARDS)} dashboard(s) parse; "
          f"they read {len(used)} metric names, all exported")


if __name__ == "__main__":
    main()
