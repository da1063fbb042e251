// What every response must satisfy, whatever was sent. Each check returns the list of violations (empty: passed).

// Only Kestrel answers these, before any application code runs: a request line longer than 8 KiB (414), headers over
// 32 KiB (431), or a byte HTTP forbids in a header value or a decoded path (400). Such answers have no body, so they
// cannot be problem details; they are accepted only for requests that really have that defect.
const protocolLimits = { target: 8 * 1024, headers: 32 * 1024 };

/** Whether the wire request has a defect that Kestrel refuses at the protocol level. */
export function protocolDefect(wire) {
    const headerBytes = wire.headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, 0);
    if (Buffer.byteLength(wire.target, 'latin1') > protocolLimits.target) {
        return 414;
    }
    if (headerBytes > protocolLimits.headers) {
        return 431;
    }
    const path = wire.target.split('?')[0];
    if (wire.headers.some(([, value]) => /[^\t\x20-\x7e]/.test(value)) || /%00/.test(path) || /[^\x21-\x7e]/.test(wire.target)) {
        return 400;
    }
    return undefined;
}

/**
 * @param {object} operation from openapi.operations
 * @param {object} wire the request as sent (method, target, headers, body)
 * @param {{status: number, headers: Map<string,string>, body: Buffer}} response
 * @param {{compile: Function, routed: boolean, expectStatus?: number[]}} context routed: the path still names this
 *   operation's route (false when a raw `..` may have taken the request elsewhere); expectStatus: the statuses allowed
 */
export function checkResponse(operation, wire, response, { compile, routed, expectStatus }) {
    if (response.status === 'reset') {
        return []; // an over-limit request whose connection Kestrel closed (the caller checked that it is one)
    }
    const problems = [];
    const { status } = response;
    const text = response.body.toString('utf8');
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

    if (status >= 500) {
        problems.push(`server error ${status}`);
    }
    const defect = protocolDefect(wire);
    if (defect !== undefined && status === defect && response.body.length === 0) {
        return problems; // refused by Kestrel before the application, as it must be
    }
    if (expectStatus !== undefined && !expectStatus.includes(status)) {
        problems.push(`expected ${expectStatus.join(' or ')}, got ${status}`);
    }
    if (status >= 400 && status < 500) {
        if (type !== 'application/problem+json') {
            problems.push(`${status} with content type '${type}', not application/problem+json`);
        }
    }
    problems.push(...stackTrace(text, wire));
    if (response.headers.has('x-injected')) {
        problems.push('a request value was written into a response header (X-Injected)');
    }

    let body;
    if (type.endsWith('json') && text.length > 0) {
        try {
            body = JSON.parse(text);
        } catch (error) {
            problems.push(`the ${type} body is not JSON: ${error.message}`);
            return problems;
        }
    }
    if (status >= 400 && status < 500 && body !== undefined && body.status !== status) {
        problems.push(`problem details status ${JSON.stringify(body.status)} differs from the HTTP status ${status}`);
    }
    if (!routed) {
        return problems; // the request may have reached another route: only the generic rules apply
    }

    const declared = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
    if (!declared) {
        problems.push(`status ${status} is not declared for ${operation.id} (declared: ${Object.keys(operation.responses).join(', ')})`);
        return problems;
    }
    problems.push(...checkHeaders(declared, response, compile));
    const content = declared.content ?? {};
    if (Object.keys(content).length === 0) {
        if (response.body.length > 0) {
            problems.push(`status ${status} declares no body, but one came (${type})`);
        }
        return problems;
    }
    if (!content[type]) {
        problems.push(`status ${status} declares ${Object.keys(content).join(', ')}, not '${type}'`);
        return problems;
    }
    const schema = content[type].schema;
    if (schema) {
        const validate = compile(schema);
        // A JSON body is validated as parsed; another (text/event-stream) as its text.
        if (!validate(type.endsWith('json') ? body : text)) {
            problems.push(`the body does not match the declared schema: ${validate.errors.slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
        }
    }
    if (status === 400 && body?.errors !== undefined) {
        const fields = Object.entries(body.errors);
        if (fields.length === 0 || fields.some(([field, messages]) => field === '' || messages.length === 0 || messages.some((m) => !m))) {
            problems.push('a 400 must name each field and give a reason');
        }
    }
    return problems;
}

function checkHeaders(declared, response, compile) {
    const problems = [];
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
        const value = response.headers.get(name.toLowerCase());
        if (value === undefined) {
            if (header.required) {
                problems.push(`the required response header ${name} is missing`);
            }
            continue;
        }
        if (header.schema) {
            const typed = ['integer', 'number'].includes(header.schema.type) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
            const validate = compile(header.schema);
            if (!validate(typed)) {
                problems.push(`response header ${name}: ${JSON.stringify(value)} ${validate.errors[0].message}`);
            }
        }
    }
    return problems;
}

// .NET stack frames ("   at Namespace.Type.Method(") and exception type names, unless the request itself sent them
// (an error message may quote the offending value).
function stackTrace(text, wire) {
    const sent = `${wire.target}\n${wire.headers.map((h) => h[1]).join('\n')}\n${wire.body?.toString('utf8') ?? ''}`;
    const problems = [];
    if (text.includes('   at ') && !sent.includes('   at ')) {
        problems.push('the response contains a stack trace ("   at ")');
    }
    for (const name of new Set(text.match(/\w*Exception\w*/g) ?? [])) {
        if (!sent.includes(name)) {
            problems.push(`the response names an exception (${name})`);
        }
    }
    return problems;
}
