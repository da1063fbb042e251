#!/usr/bin/env node
// Property-based fuzzing of the Automation API from its OpenAPI document (fast-check + Ajv).
//   FUZZ_BASE_URL=http://127.0.0.1:5000 FUZZ_TOKEN=<admin access token> node tools/fuzz/fuzz.mjs <document path or URL>
// Environment: FUZZ_SEED (default 20261129; fixed, so runs repeat), FUZZ_RUNS (requests per operation, default 300),
// FUZZ_ONLY (comma-separated operation ids), FUZZ_PATH (fast-check replay path printed with a counterexample),
// FUZZ_ADMIN_USER (the token's user, default admin). Exits 1 when a property fails. See docs/testing.md.
import fc from 'fast-check';
import { send } from './http-raw.mjs';
import { loadDocument, operations, validators } from './openapi.mjs';
import { schemaArbitraries } from './schema-arbitrary.mjs';
import { requestArbitrary, toWire } from './requests.mjs';
import { checkResponse, protocolDefect } from './checks.mjs';
import { bodyHints, createFixtures, excluded } from './domain.mjs';
import { healthCheck } from './health.mjs';
import { show } from './show.mjs';

const env = process.env;
const source = process.argv[2];
if (!source || !env.FUZZ_BASE_URL || !env.FUZZ_TOKEN) {
    console.error('usage: FUZZ_BASE_URL=http://127.0.0.1:5000 FUZZ_TOKEN=<admin token> node tools/fuzz/fuzz.mjs <openapi.json or URL>');
    process.exit(2);
}
const base = new URL(env.FUZZ_BASE_URL);
const server = { host: base.hostname, port: Number(base.port || 80) };
const token = env.FUZZ_TOKEN;
const adminUser = env.FUZZ_ADMIN_USER ?? 'admin';
const seed = Number(env.FUZZ_SEED ?? 20261129);
const runs = Number(env.FUZZ_RUNS ?? 300);
const only = env.FUZZ_ONLY ? new Set(env.FUZZ_ONLY.split(',')) : undefined;

const document = await loadDocument(source);
const compile = validators(document);
const call = async (method, path, body) => {
    const response = await send({
        ...server, method, target: path, headers: [['Authorization', `Bearer ${token}`], ['Content-Type', 'application/json']],
        body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
    });
    const text = response.body.toString('utf8');
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
};
const hints = await createFixtures(call, adminUser);
const arbitraries = schemaArbitraries(document, hints);

const started = Date.now();
const results = [];
for (const operation of operations(document)) {
    if (only && !only.has(operation.id)) {
        continue;
    }
    results.push(await fuzzOperation(operation));
}

const health = await healthCheck(call, adminUser);
const failed = results.filter((r) => r.failure);
console.log(`\n${'operation'.padEnd(24)} ${'runs'.padStart(5)} ${'skipped'.padStart(7)} ${'time'.padStart(7)}  statuses`);
for (const r of results) {
    const statuses = [...r.statuses.entries()].sort().map(([s, n]) => `${s}×${n}`).join(' ');
    console.log(`${r.operation.id.padEnd(24)} ${String(r.runs).padStart(5)} ${String(r.skipped).padStart(7)} ${`${(r.ms / 1000).toFixed(1)}s`.padStart(7)}  ${r.failure ? 'FAILED ' : ''}${statuses}`);
}
const total = results.reduce((sum, r) => sum + r.requests, 0);
console.log(`\n${total} requests to ${results.length} operations in ${((Date.now() - started) / 1000).toFixed(1)} s (seed ${seed}, ${runs} runs each).`);
for (const problem of health) {
    console.log(`FAILED: after the fuzz, ${problem}`);
}
for (const r of failed) {
    console.log(`FAILED: ${r.operation.id}: ${r.failure.split('\n')[0]}`);
}
console.log(failed.length === 0 && health.length === 0 ? 'api fuzz: passed' : 'api fuzz: failed');
process.exit(failed.length === 0 && health.length === 0 ? 0 : 1);

async function fuzzOperation(operation) {
    const opSeed = (seed ^ hash(operation.id)) | 0;
    const statuses = new Map();
    let requests = 0;
    let skipped = 0;
    const exchange = async (request) => {
        const wire = toWire(operation, request, token);
        const response = await send({ ...server, ...wire, timeoutMs: 30000 }).catch((error) => {
            // Kestrel refuses a request line or header block over its limits (414, 431) and closes the connection
            // while the rest is still being written; the reset can discard its answer before it is read.
            if (['EPIPE', 'ECONNRESET'].includes(error.code) && [414, 431].includes(protocolDefect(wire))) {
                return { status: 'reset', headers: new Map(), body: Buffer.alloc(0) };
            }
            throw error;
        });
        requests++;
        // A raw path, or a segment that is empty, "." or "..", may name another route: only the generic rules apply.
        const routed = !request.rawPath && Object.values(request.path).every((v) => !['', '.', '..'].includes(v));
        // Without a valid credential a secured operation answers 401, but routing runs first: it refuses a body
        // that is not JSON (415) before authentication does.
        const notJson = request.contentType !== null && request.contentType !== 'application/json';
        const expectStatus = operation.secured && request.auth !== 'admin' && routed ? [401, ...(notJson ? [415] : [])] : undefined;
        return { wire, response, problems: checkResponse(operation, wire, response, { compile, routed, expectStatus }) };
    };
    const arbitrary = requestArbitrary(operation, arbitraries, token, bodyHints[operation.id]).filter((request) => {
        const reason = excluded(operation, request, adminUser);
        skipped += reason ? 1 : 0;
        return !reason;
    });
    const property = fc.asyncProperty(arbitrary, async (request) => {
        const { response, problems } = await exchange(request);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (problems.length > 0) {
            throw new Error(problems.join('\n'));
        }
    });
    const t0 = Date.now();
    const details = await fc.check(property, {
        seed: opSeed,
        numRuns: runs,
        path: env.FUZZ_PATH,
        endOnFailure: Boolean(env.FUZZ_PATH),
        interruptAfterTimeLimit: 60_000, // bounds the shrinking of a slow counterexample
    });
    const result = { operation, runs: details.numRuns, skipped, statuses, requests, ms: Date.now() - t0 };
    if (details.failed) {
        const [request] = details.counterexample ?? [];
        let replay = '';
        if (request) {
            const again = await exchange(request).catch((error) => ({ error }));
            replay = again.error
                ? `  replay: ${again.error.message}`
                : `  request:  ${show(JSON.parse(JSON.stringify(again.wire).replaceAll(token, '<admin token>')))}\n  response: ${again.response.status} ${show(again.response.headers.get('content-type'))} ${show(again.response.body.toString('utf8'))}`;
        }
        result.failure = [
            `${details.errorInstance?.message ?? details.error}`,
            `  counterexample (after ${details.numShrinks} shrinks): ${show(request)}`,
            replay,
            `  reproduce: FUZZ_SEED=${seed} FUZZ_ONLY=${operation.id} FUZZ_PATH=${details.counterexamplePath} scripts/api-fuzz.sh`,
        ].join('\n');
        console.log(`\n✗ ${operation.method} ${operation.path} (${operation.id}): ${result.failure}`);
    } else {
        console.log(`✓ ${operation.method} ${operation.path} (${operation.id}): ${details.numRuns} runs`);
    }
    return result;
}

function hash(text) {
    let h = 2166136261;
    for (const c of text) {
        h = Math.imul(h ^ c.codePointAt(0), 16777619);
    }
    return h;
}
