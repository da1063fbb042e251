// One operation's requests as a fast-check arbitrary, and their translation into bytes on the wire.
// A request is plain data (so fast-check can shrink and print it):
//   { auth, path: {param: value}, rawPath, query: [[name, value]], headers: [[name, value]], body, contentType }
// auth: 'admin' (the fuzzer's token), null (none) or an Authorization header value.
// body: undefined (none), { json: value } (serialized as JSON, RawJson kept verbatim) or { text, latin1? }.
import fc from 'fast-check';
import { badCredentials, contentTypes, deepNesting, malformedJson, RawJson, wrongType } from './hostile.mjs';

const oversize = 1024 * 1024 + 1; // just over the API's default MaxRequestBodyBytes (1 MiB)

/** The arbitrary of requests for one operation. */
export function requestArbitrary(operation, { valid, mixed }, adminToken, bodyHint) {
    const pathParams = operation.parameters.filter((p) => p.in === 'path');
    const queryParams = operation.parameters.filter((p) => p.in === 'query');
    const headerParams = operation.parameters.filter((p) => p.in === 'header');

    const auth = fc.oneof(
        { weight: 17, arbitrary: fc.constant('admin') },
        { weight: 1, arbitrary: fc.constant(null) },
        { weight: 2, arbitrary: badCredentials(adminToken) },
    );
    const path = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, mixed(p.schema, p.name).map(asText)])));
    const query = fc.tuple(
        ...queryParams.map((p) => fc.option(mixed(p.schema, p.name).map(asText), { freq: 2 }).map((v) => (v === null ? [] : [[p.name, v]]))),
        fc.option(fc.tuple(fc.constantFrom('unknown', ...queryParams.map((p) => p.name)), mixed({ type: 'string' }, 'unknown').map(asText)), { freq: 5 })
            .map((extra) => (extra === null ? [] : [extra])),
    ).map((lists) => lists.flat());
    const headers = fc.tuple(...headerParams.map((p) => fc.option(mixed(p.schema, p.name).map(asText).map(headerValue), { freq: 2 })
        .map((v) => (v === null ? [] : [[p.name, v]])))).map((lists) => lists.flat());

    return fc.record({
        auth,
        path,
        // Now and then the path goes out unencoded, so that Kestrel itself resolves `..` and `%2e%2e%2f`.
        rawPath: pathParams.length > 0 ? fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : fc.constant(false),
        query,
        headers,
        ...bodyAndType(operation, valid, mixed, bodyHint),
    });
}

function bodyAndType(operation, valid, mixed, bodyHint) {
    const json = 'application/json';
    if (!operation.bodySchema) {
        // No body is expected: mostly none, sometimes one anyway.
        return {
            body: fc.option(fc.oneof(wrongType.map((v) => ({ json: v })), malformedJson.map((text) => ({ text }))), { freq: 8 }).map((b) => b ?? undefined),
            contentType: fc.option(fc.oneof(fc.constant(json), contentTypes), { freq: 3 }),
        };
    }
    const schemaBodies = [
        { weight: 3, arbitrary: valid(operation.bodySchema, '$').map((v) => ({ json: v })) },
        { weight: 6, arbitrary: mixed(operation.bodySchema, '$').map((v) => ({ json: v })) },
        { weight: 1, arbitrary: wrongType.map((v) => ({ json: v })) },
        { weight: 1, arbitrary: deepNesting.map((v) => ({ json: v })) },
        { weight: 1, arbitrary: fc.constant({ text: '' }) },
        { weight: 2, arbitrary: malformedJson.map((text) => ({ text })) },
        { weight: 1, arbitrary: fc.constantFrom('{"a":"é"}', '{"value":"\u00ff\u00fe"}', '\u00ff\u00fe{}').map((text) => ({ text, latin1: true })) },
        { weight: 1, arbitrary: fc.constant({ json: { value: new RawJson(`"${'x'.repeat(oversize)}"`) } }) },
    ];
    if (bodyHint) {
        schemaBodies.push({ weight: 6, arbitrary: bodyHint.map((v) => ({ json: v })) });
    }
    return {
        body: fc.oneof(...schemaBodies),
        contentType: fc.oneof({ weight: 10, arbitrary: fc.constant(json) }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: contentTypes }),
    };
}

/** A query or path value as text: strings as they are, other JSON values as JSON. */
function asText(value) {
    if (typeof value === 'string') {
        return value;
    }
    return value instanceof RawJson ? value.text : JSON.stringify(value) ?? 'undefined';
}

/** Header values are Latin-1 on the wire: keep a value's characters when they fit, else their UTF-8 bytes. */
function headerValue(value) {
    return /^[\u0000-\u00ff]*$/.test(value) ? value : Buffer.from(value, 'utf8').toString('latin1');
}

/** Serializes JSON, keeping RawJson text verbatim (numbers JavaScript cannot hold, deep nesting). */
export function toJsonText(value) {
    if (value instanceof RawJson) {
        return value.text;
    }
    if (Array.isArray(value)) {
        return `[${value.map(toJsonText).join(',')}]`;
    }
    if (value && typeof value === 'object') {
        return `{${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}

/**
 * The request as it goes on the wire: method, target (path and query, percent-encoded; a raw path keeps `..`, `/`
 * and `%xx` as they are), headers and body bytes.
 */
export function toWire(operation, request, adminToken) {
    let target = operation.path.replace(/\{([^}]+)\}/g, (_, name) => (request.rawPath ? rawSegment(request.path[name]) : encode(request.path[name])));
    if (request.query.length > 0) {
        target += '?' + request.query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    }
    const headers = [];
    if (request.auth !== null) {
        headers.push(['Authorization', request.auth === 'admin' ? `Bearer ${adminToken}` : request.auth]);
    }
    for (const header of request.headers) {
        headers.push(header);
    }
    let body;
    if (request.body?.json !== undefined) {
        body = Buffer.from(toJsonText(request.body.json), 'utf8');
    } else if (request.body?.text !== undefined) {
        body = Buffer.from(request.body.text, request.body.latin1 ? 'latin1' : 'utf8');
    }
    if (request.contentType !== null && request.contentType !== undefined) {
        headers.push(['Content-Type', request.contentType]);
    }
    if (body === undefined && ['POST', 'PUT', 'PATCH'].includes(operation.method)) {
        body = Buffer.alloc(0);
    }
    return { method: operation.method, target, headers, body };
}

/** Percent-encodes every byte of the UTF-8 form except unreserved characters (lone surrogates become U+FFFD). */
function encode(value) {
    return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Sends `/`, `.`, `%` and other visible ASCII as they are; only what HTTP forbids in a request-target is encoded. */
function rawSegment(value) {
    return [...Buffer.from(value, 'utf8')].map((b) => (b > 0x20 && b < 0x7f && !'?# '.includes(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
