// After the fuzz: the system must still serve, and the fuzzer's own admin must be intact.

/** Returns what is wrong (empty when healthy). call(method, path, body) sends one JSON request as the admin. */
export async function healthCheck(call, adminUser) {
    const problems = [];
    const me = await call('GET', '/api/v1/auth/me');
    if (me.status !== 200 || me.json.subject !== adminUser) {
        problems.push(`GET /api/v1/auth/me answered ${me.status} ${JSON.stringify(me.json)}`);
    }
    const admin = await call('GET', `/api/v1/users/${adminUser}`);
    if (admin.status !== 200 || admin.json.disabled || !admin.json.roles.includes('admin')) {
        problems.push(`the admin changed: ${admin.status} ${JSON.stringify(admin.json)}`);
    }
    const definitions = await call('GET', '/api/v1/definitions');
    if (definitions.status !== 200) {
        problems.push(`GET /api/v1/definitions answered ${definitions.status}`);
    }
    return problems;
}
