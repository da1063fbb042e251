// Hostile values: what an attacker or a broken client sends in place of a well-formed one.
import fc from 'fast-check';

/** Injection attempts and awkward values, tried in every string field, parameter and header. */
export const hostileStrings = [
    // SQL injection
    "'; DROP TABLE automation_users;--",
    "' OR '1'='1",
    "admin'--",
    "1); SELECT pg_sleep(1);--",
    '" OR ""="',
    // Liquid / template injection
    '{{ secrets.x }}',
    '{{ secrets.fuzzSecret }}',
    '{% raw %}',
    '{% endraw %}{{ input }}',
    '{{ input | nosuchfilter }}',
    '{{',
    '}}{%',
    '{% for i in (1..1000000) %}x{% endfor %}',
    '{{ steps["x"].output }}',
    '${jndi:ldap://127.0.0.1/x}',
    '<script>alert(1)</script>',
    // header / CRLF injection
    'a\r\nX-Injected: yes',
    '\r\n\r\nHTTP/1.1 200 OK\r\nX-Injected: yes',
    '%0d%0aX-Injected:%20yes',
    // path traversal
    '../../etc/passwd',
    '..\\..\\windows\\win.ini',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '..%2f..%2fetc%2fpasswd',
    '....//....//etc/passwd',
    '/etc/passwd',
    '..',
    '.',
    // NUL, control and unusual characters, unpaired surrogates
    '\u0000',
    'a\u0000b',
    '\u0001\u0002\u0008\u001b[31m\u007f',
    '\t\n\v\f\r',
    '\u202eevil',
    '\ufeff',
    '\ud800',
    'a\udfffb',
    '\uffff\ufffe',
    '😀',
    // values that look like other types, and the empty string
    '',
    ' ',
    'null',
    'true',
    '-1',
    'NaN',
    '1e309',
    '*',
    '%',
    '\\',
    "'",
    '"',
];

const longString = fc
    .tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.constantFrom('A', 'é', '😀', '{{', "'", '\u0000', '/..'))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

// UTF-16 code units, lone surrogates and control characters included.
const anyCodeUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

/** A hostile string: a known attack, a very long string, raw code units, or a valid value with an attack appended. */
export function hostileString(valid = fc.constant('a')) {
    return fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(...hostileStrings) },
        { weight: 1, arbitrary: longString },
        { weight: 2, arbitrary: anyCodeUnits },
        { weight: 2, arbitrary: fc.tuple(valid, fc.constantFrom(...hostileStrings)).map(([a, b]) => a + b) },
    );
}

/** A JSON number written as text, so that values JavaScript cannot hold (1e400, 2^63) reach the server unchanged. */
export class RawJson {
    constructor(text) {
        this.text = text;
    }

    [fc.toStringMethod]() {
        return `raw(${this.text.length > 80 ? `${this.text.slice(0, 40)}…(${this.text.length} chars)` : this.text})`;
    }
}

export const hugeNumbers = [
    '1e400',
    '-1e400',
    '123456789012345678901234567890',
    '9223372036854775808',
    '2147483648',
    '-2147483649',
    '1.5',
    '-0',
    '1E+2',
    '4.9e-324',
    '0.0000000000000000000000000001',
].map((text) => new RawJson(text));

/** A value of some JSON type, for a field that expects another. */
export const wrongType = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constant([]),
    fc.constant({}),
    fc.constantFrom(...hugeNumbers),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
    fc.string({ maxLength: 10 }),
);

/** Deeply nested JSON text (arrays or objects), deeper than any parser's default limit. */
export const deepNesting = fc.tuple(fc.constantFrom(65, 200, 5000), fc.boolean()).map(([depth, arrays]) =>
    new RawJson(arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));

/** Bodies that are not JSON, or not well-formed JSON. */
export const malformedJson = fc.constantFrom(
    '{',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    '{"a":1}garbage',
    '{"a":1}{"b":2}',
    '/* comment */ {}',
    '\ufeff{}',
    'NaN',
    '{"a":NaN}',
    '"unterminated',
    '{"a":"\\x41"}',
    '{"a":"\\ud800"}',
    '{"a":"\\udc00\\ud800"}',
    '{"a":1e400}',
    '{"__proto__":{"x":1}}',
    '{"a":1,"a":2}',
    '<xml/>',
    'a=1&b=2',
    'null',
    '[]',
    '""',
    '0',
    ' ',
    '\u0000',
);

/** Content types that are not JSON, and odd spellings of JSON. */
export const contentTypes = fc.constantFrom(
    'text/plain',
    'application/xml',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/json; charset=utf-16',
    'application/json; charset=latin1',
    'APPLICATION/JSON',
    'application/problem+json',
    'application/vnd.api+json',
    'json',
    '*/*',
    '',
);

/** Authorization header values that must not authenticate anyone. */
export function badCredentials(adminToken) {
    const [header, payload, signature] = adminToken.split('.');
    const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return fc.oneof(
        fc.constantFrom(
            'Bearer',
            'Bearer ',
            'Bearer garbage',
            'Bearer a.b.c',
            `Bearer ${header}.${payload}.${signature.slice(0, -4)}AAAA`,
            `Bearer ${header}.${payload}.`,
            `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`,
            `Bearer ${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'admin' })}.${signature}`,
            `bearer ${adminToken}x`,
            `Bearer ${adminToken} ${adminToken}`,
            'ApiKey ',
            'ApiKey garbage',
            'ApiKey ak_0123456789abcdef_' + 'x'.repeat(40),
            'Basic YWRtaW46YWRtaW4=',
            "Bearer '; DROP TABLE automation_users;--",
            'Bearer {{ secrets.x }}',
            'Bearer ../../etc/passwd',
        ),
        fc.constantFrom('Bearer ', 'ApiKey ').chain((scheme) =>
            fc.constantFrom(500, 8_000, 20_000, 40_000).map((length) => scheme + 'x'.repeat(length))),
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }).map((s) => `Bearer ${s}`),
    );
}
