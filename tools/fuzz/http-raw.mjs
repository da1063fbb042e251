// A minimal HTTP/1.1 client over a raw socket. Node's own clients refuse (or normalise) what a fuzzer must send:
// `..` segments, `%2e%2e%2f`, control characters in header values and bodies that do not match their type.
// One request per connection (Connection: close); the response ends at its length, its last chunk, or the close.
import net from 'node:net';

/**
 * Sends one request and reads the whole response.
 * @param {{host: string, port: number, method: string, target: string, headers: [string, string][], body?: Buffer, timeoutMs?: number}} request
 *   target is sent byte for byte (latin1) as the request-target; headers likewise, in order.
 * @returns {Promise<{status: number, headers: Map<string, string>, body: Buffer, ms: number}>}
 */
export function send({ host, port, method, target, headers, body, timeoutMs = 30000 }) {
    const started = Date.now();
    const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}:${port}`, 'Connection: close'];
    for (const [name, value] of headers) {
        lines.push(`${name}: ${value}`);
    }
    if (body !== undefined) {
        lines.push(`Content-Length: ${body.length}`);
    }
    // A large body waits for "100 Continue", as curl does: a server that refuses the request early (413, 414) then
    // closes before the body is sent, rather than resetting a connection whose unread answer the reset would discard.
    const expectContinue = body !== undefined && body.length > 64 * 1024;
    if (expectContinue) {
        lines.push('Expect: 100-continue');
    }
    const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');

    return new Promise((resolve, reject) => {
        let chunks = [];
        let bodySent = body === undefined || body.length === 0;
        let wait;
        let settled = false;
        const socket = net.connect({ host, port });
        const sendBody = () => {
            clearTimeout(wait);
            if (!bodySent) {
                bodySent = true;
                socket.write(body);
            }
        };
        const finish = (error, response) => {
            if (!settled) {
                settled = true;
                clearTimeout(wait);
                socket.destroy();
                error ? reject(error) : resolve({ ...response, ms: Date.now() - started });
            }
        };
        socket.setTimeout(timeoutMs, () => finish(new Error(`no complete response within ${timeoutMs} ms`)));
        socket.on('connect', () => {
            socket.write(head);
            if (expectContinue) {
                wait = setTimeout(sendBody, 2000); // a server that ignores Expect gets the body anyway
            } else {
                sendBody();
            }
        });
        socket.on('data', (chunk) => {
            chunks.push(chunk);
            let received = Buffer.concat(chunks);
            if (!bodySent && /^HTTP\/1\.[01] 100 /.test(received.toString('latin1', 0, 13))) {
                const end = received.indexOf('\r\n\r\n');
                if (end < 0) {
                    return;
                }
                received = received.subarray(end + 4);
                chunks = [received];
                sendBody();
            }
            try {
                const response = parse(received, false);
                if (response) {
                    bodySent = true; // a final answer came before the body was asked for: it is not wanted
                    finish(undefined, response);
                }
            } catch (error) {
                finish(error);
            }
        });
        // A server may answer (413, 414, 400) and close before it has read the whole request: the write then fails
        // with EPIPE/ECONNRESET, but a response read before the close is what counts.
        let failure;
        socket.on('error', (error) => {
            failure = error;
        });
        socket.on('close', () => {
            if (settled) {
                return;
            }
            try {
                const response = chunks.length > 0 ? parse(Buffer.concat(chunks), true) : undefined;
                finish(response ? undefined : failure ?? new Error('the server closed the connection without a response'), response);
            } catch (error) {
                finish(error);
            }
        });
    });
}

/** The response in raw, or undefined while it is incomplete (closed: the server has closed, so what came is all). */
function parse(raw, closed) {
    const end = raw.indexOf('\r\n\r\n');
    if (end < 0) {
        if (closed) {
            throw new Error(`malformed response: no end of headers in ${JSON.stringify(raw.subarray(0, 200).toString('latin1'))}`);
        }
        return undefined;
    }
    const [statusLine, ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
    if (!match) {
        throw new Error(`malformed status line ${JSON.stringify(statusLine)}`);
    }
    const status = Number(match[1]);
    const headers = new Map();
    for (const line of headerLines) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
    }
    let body = raw.subarray(end + 4);
    if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
        body = dechunk(body);
    } else if (headers.has('content-length')) {
        const length = Number(headers.get('content-length'));
        body = body.length >= length ? body.subarray(0, length) : undefined;
    } else if (status === 204 || status === 304) {
        body = Buffer.alloc(0);
    } else if (!closed) {
        body = undefined; // delimited by the close
    }
    if (body === undefined) {
        if (closed) {
            throw new Error(`truncated response body (status ${status})`);
        }
        return undefined;
    }
    return { status, headers, body };
}

/** The decoded chunked body, or undefined while its last chunk has not arrived. */
function dechunk(data) {
    const parts = [];
    let at = 0;
    for (;;) {
        const lineEnd = data.indexOf('\r\n', at);
        if (lineEnd < 0) {
            return undefined;
        }
        const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
        if (Number.isNaN(size)) {
            throw new Error('malformed chunked body: bad chunk size');
        }
        if (size === 0) {
            return Buffer.concat(parts);
        }
        if (data.length < lineEnd + 2 + size + 2) {
            return undefined;
        }
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
    }
}
