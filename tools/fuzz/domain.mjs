// What the fuzzer knows about this API beyond its document: a few resources to aim at (so that requests reach past
// "not found" into the handlers), workflow definitions to register, and the exclusions that keep the system under
// test usable for the rest of the run.
import fc from 'fast-check';
import { hostileString } from './hostile.mjs';

export const fixtureNames = {
    definition: 'fuzz-seed',
    workflow: 'fuzz-seed-1',
    role: 'fuzz-role',
    user: 'fuzz-user',
    password: 'Correct-Horse-Battery-9',
    secret: 'fuzzSecret',
};

/**
 * Creates the fixtures through the API (as the admin) and returns the hints: known values by property or parameter
 * name. call(method, path, body) sends one JSON request and answers {status, json}.
 */
export async function createFixtures(call, adminUser) {
    const f = fixtureNames;
    const definition = {
        description: 'fuzz fixture',
        steps: [
            { id: 'a', type: 'transform', with: { value: { echo: '{{ input }}' } } },
            { id: 'b', type: 'delay', dependsOn: ['a'], with: { duration: '0s' } },
        ],
        output: { a: '{{ steps.a.output }}' },
    };
    const steps = [
        ['PUT', `/api/v1/definitions/${f.definition}`, definition, [201]],
        ['POST', '/api/v1/workflows', { definition: f.definition, workflowId: f.workflow, input: { x: 1 } }, [200, 201]],
        ['PUT', `/api/v1/roles/${f.role}`, { permissions: ['definitions:read'] }, [200, 201]],
        ['POST', '/api/v1/users', { username: f.user, password: f.password, roles: ['viewer'] }, [201, 409]],
        ['PUT', `/api/v1/secrets/${f.secret}`, { value: 'fuzz-secret-value' }, [200, 201]],
        ['POST', '/api/v1/api-keys', { name: 'fuzz', permissions: ['definitions:read'] }, [201]],
        ['GET', '/api/v1/permissions', undefined, [200]],
    ];
    const answers = [];
    for (const [method, path, body, expected] of steps) {
        const answer = await call(method, path, body);
        if (!expected.includes(answer.status)) {
            throw new Error(`fixture ${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
        }
        answers.push(answer);
    }
    const apiKey = answers[5].json;
    const permissions = answers[6].json.items.map((p) => p.name);
    return {
        name: [f.definition, f.role, f.secret, 'viewer', 'operator', adminUser],
        definition: [f.definition],
        workflowId: [f.workflow],
        username: [f.user, adminUser, 'nobody'],
        password: [f.password],
        roles: ['viewer', 'operator', f.role, 'admin'],
        permissions: [...permissions, '*', 'workflows:*', 'workflows:start:fuzz-*'],
        id: [apiKey.id, '0123456789abcdef'],
        apiKey: [apiKey.key],
        code: ['000000', '123456', 'abcd-efgh'],
        wait: ['0s', '1s', '500ms'],
        status: ['Running', 'Completed'],
        version: [1, 2],
    };
}

/** Step templates: ordinary ones, and hostile strings in their place. */
const template = fc.oneof(
    fc.constantFrom(
        '{{ input }}',
        '{{ input.x | plus: 1 }}',
        '{{ input | size }}',
        '{{ secrets.fuzzSecret }}',
        '{% if input.x %}y{% else %}n{% endif %}',
        '{{ steps.a.output }}',
        '{{ workflow.id }}',
        'plain',
    ),
    hostileString(),
);

const step = fc.record(
    {
        id: fc.oneof(fc.constantFrom('a', 'b', 'c'), hostileString()),
        type: fc.constantFrom('transform', 'delay', 'nosuch', 'Transform'), // never http: nothing may leave the machine
        dependsOn: fc.array(fc.constantFrom('a', 'b', 'c', 'a'), { maxLength: 3 }),
        with: fc.oneof(
            fc.record({ value: fc.oneof(template, fc.dictionary(fc.string({ maxLength: 8 }), template, { maxKeys: 3 })) }),
            fc.record({ duration: fc.oneof(fc.constantFrom('0s', '1ms', '2s', '-1s', '31d', '1e9d', 's'), template) }),
        ),
        timeout: fc.constantFrom('1s', '0s', 'forever', '30d'),
    },
    { requiredKeys: ['id', 'type'] },
);

/** A definition the parser accepts unless a template is malformed: hostile text inside valid steps. */
const plausibleDefinition = fc.record({
    description: fc.oneof(fc.string({ maxLength: 20 }), hostileString()),
    value: fc.oneof(template, fc.dictionary(fc.string({ maxLength: 8 }), template, { maxKeys: 3 })),
    duration: fc.constantFrom('0s', '1ms', '50ms'),
    output: template,
}).map(({ description, value, duration, output }) => ({
    description,
    steps: [
        { id: 'a', type: 'transform', with: { value } },
        { id: 'b', type: 'delay', dependsOn: ['a'], with: { duration } },
    ],
    output,
}));

/** A workflow definition document: plausible enough to pass the parser some of the time, hostile elsewhere. */
const anyDefinition = fc.record(
    {
        description: fc.oneof(fc.string({ maxLength: 20 }), hostileString()),
        steps: fc.array(step, { maxLength: 4 }),
        output: template,
        defaults: fc.record({ timeout: fc.constantFrom('5s', 'x'), retry: fc.record({ maxAttempts: fc.integer({ min: -1, max: 5 }) }) }),
    },
    { requiredKeys: ['steps'] },
);

export const definitionDocument = fc.oneof(plausibleDefinition, anyDefinition);

/** Extra bodies per operation, next to the ones derived from the schema. */
export const bodyHints = { PutDefinition: definitionDocument };

/**
 * Requests the fuzzer never sends, each with its reason: they would lock the fuzzer out or destroy what the rest of
 * the run needs. Returns a reason to drop the request, or undefined to send it.
 * - UpdateUser / DeleteUser on the first admin: disabling it, changing its roles or password, or deleting it ends the
 *   run's credentials. Other users (the fixture user and random names) are fair game.
 * - PutRole / DeleteRole on the built-in admin role: requireMfa on it stops the admin signing in without MFA.
 * - A raw path (sent without percent-encoding, so Kestrel resolves `..` and `%xx`) that could name the admin: it may
 *   land on DELETE/PATCH /users/admin through another operation's route.
 * Logout and ChangePassword need the admin's refresh token or password, which the fuzzer never has: no exclusion.
 */
export function excluded(operation, request, adminUser) {
    const names = Object.values(request.path).map(String);
    const admin = adminUser.toLowerCase();
    if (['UpdateUser', 'DeleteUser', 'PutRole', 'DeleteRole'].includes(operation.id) && names.includes(adminUser)) {
        return `${operation.id} on ${adminUser}`;
    }
    if (request.rawPath && names.some((name) => decoded(name).toLowerCase().includes(admin))) {
        return 'a raw path that may resolve to the admin';
    }
    return undefined;
}

function decoded(value) {
    let current = value;
    for (let i = 0; i < 3; i++) {
        try {
            current = decodeURIComponent(current);
        } catch {
            return current;
        }
    }
    return current;
}
