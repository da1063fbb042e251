// Validates rendered Kubernetes manifests offline against the Kubernetes API schemas (kubernetes-models) and the
// Prometheus Operator CRDs (@kubernetes-models/prometheus-operator). Any object whose apiVersion/kind is not in
// that list fails, as does any schema error; so does a silo Deployment without the planned numbers (--seed).
//   node validate-k8s.mjs [--seed] file.yaml...
// Exit code 0 when every object of every file is valid; 1 otherwise, one line per problem.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

// Prometheus Operator CRDs are handled explicitly: only these kinds of monitoring.coreos.com/v1 are accepted.
const crds = new Map([
    ["monitoring.coreos.com/v1/ServiceMonitor", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor"],
    ["monitoring.coreos.com/v1/PodMonitor", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor"],
    ["monitoring.coreos.com/v1/PrometheusRule", "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule"],
]);

function modulePath(apiVersion, kind) {
    const crd = crds.get(`${apiVersion}/${kind}`);
    if (crd) {
        return crd;
    }
    if (apiVersion.startsWith("monitoring.coreos.com/")) {
        return null;
    }
    // Core group "v1" lives at kubernetes-models/v1; others at kubernetes-models/<group>/<version>.
    return `kubernetes-models/${apiVersion}/${kind}`;
}

async function modelOf(apiVersion, kind) {
    const path = modulePath(apiVersion, kind);
    if (!path || !/^[A-Za-z0-9]+$/.test(kind)) {
        return null;
    }
    try {
        const module = await import(path);
        return module[kind] ?? module.default ?? null;
    } catch {
        return null;
    }
}

// The numbers of the user's plan (docs/deployment.md, "What each manifest does").
function checkSeed(object, problems, where) {
    const spec = object.spec ?? {};
    const pod = spec.template?.spec ?? {};
    const silo = (pod.containers ?? []).find((c) => c.name === "silo") ?? {};
    const expect = (what, actual, wanted) => {
        if (actual !== wanted) {
            problems.push(`${where}: ${what} is ${JSON.stringify(actual)}, the plan says ${JSON.stringify(wanted)}`);
        }
    };
    expect("replicas", spec.replicas, 3);
    expect("requests.cpu", silo.resources?.requests?.cpu, "500m");
    expect("requests.memory", silo.resources?.requests?.memory, "512Mi");
    expect("limits.cpu", silo.resources?.limits?.cpu, "1000m");
    expect("limits.memory", silo.resources?.limits?.memory, "1Gi");
    expect("livenessProbe path", silo.livenessProbe?.httpGet?.path, "/health");
    expect("livenessProbe initialDelaySeconds", silo.livenessProbe?.initialDelaySeconds, 30);
    expect("livenessProbe periodSeconds", silo.livenessProbe?.periodSeconds, 10);
    expect("readinessProbe path", silo.readinessProbe?.httpGet?.path, "/ready");
    expect("readinessProbe initialDelaySeconds", silo.readinessProbe?.initialDelaySeconds, 5);
    expect("readinessProbe periodSeconds", silo.readinessProbe?.periodSeconds, 5);
    const ports = Object.fromEntries((silo.ports ?? []).map((p) => [p.name, p.containerPort]));
    expect("metrics port", ports.metrics, 9090);
    // A graceful leave needs the host's 30 s shutdown timeout plus a margin before SIGKILL.
    if (!(pod.terminationGracePeriodSeconds >= 45)) {
        problems.push(`${where}: terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} leaves no room for a graceful silo leave (at least 45)`);
    }
    const labels = spec.template?.metadata?.labels ?? {};
    for (const label of ["orleans/serviceId", "orleans/clusterId"]) {
        if (!labels[label]) {
            problems.push(`${where}: pod label ${label} (Orleans Kubernetes hosting) is missing`);
        }
    }
    const env = new Set((silo.env ?? []).map((e) => e.name));
    for (const name of ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID"]) {
        if (!env.has(name)) {
            problems.push(`${where}: environment variable ${name} (Orleans Kubernetes hosting) is missing`);
        }
    }
    if (!pod.serviceAccountName) {
        problems.push(`${where}: no serviceAccountName (Orleans Kubernetes hosting reads pods)`);
    }
}

const args = process.argv.slice(2);
const seed = args.includes("--seed");
const files = args.filter((a) => a !== "--seed");
if (files.length === 0) {
    console.error("usage: node validate-k8s.mjs [--seed] file.yaml...");
    process.exit(2);
}

const problems = [];
let count = 0;
for (const file of files) {
    const documents = parseAllDocuments(readFileSync(file, "utf8"));
    let siloDeployments = 0;
    for (const document of documents) {
        if (document.errors.length > 0) {
            problems.push(`${file}: YAML error: ${document.errors[0].message}`);
            continue;
        }
        const object = document.toJS();
        if (object === null || object === undefined) {
            continue;
        }
        count++;
        const where = `${file}: ${object.kind ?? "?"} ${object.metadata?.name ?? "?"}`;
        if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
            problems.push(`${where}: apiVersion and kind are required`);
            continue;
        }
        const Model = await modelOf(object.apiVersion, object.kind);
        if (!Model) {
            problems.push(`${where}: unknown apiVersion/kind ${object.apiVersion} ${object.kind} (no schema to validate it against)`);
            continue;
        }
        if (object.kind === "Secret" && object.data) {
            // kustomize v5 folds long base64 values over several lines; the API server's (Go) base64 decoder
            // ignores line breaks, so the check does too.
            for (const key of Object.keys(object.data)) {
                object.data[key] = String(object.data[key]).replace(/[\r\n]/g, "");
            }
        }
        try {
            new Model(object).validate();
        } catch (error) {
            const details = (error.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
            problems.push(`${where}: ${details || error.message}`);
        }
        if (!object.metadata?.namespace && !["Namespace"].includes(object.kind)) {
            problems.push(`${where}: no namespace`);
        }
        if (object.kind === "Deployment" && object.metadata?.name === "automation-silo") {
            siloDeployments++;
            if (seed) {
                checkSeed(object, problems, where);
            }
        }
    }
    if (seed && siloDeployments !== 1) {
        problems.push(`${file}: expected one silo Deployment (automation-silo), found ${siloDeployments}`);
    }
}

for (const problem of problems) {
    console.error(problem);
}
console.log(`${count} objects in ${files.length} file(s): ${problems.length === 0 ? "valid" : `${problems.length} problem(s)`}`);
process.exit(problems.length === 0 ? 0 : 1);
