using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Automation.Api.Security;
using Automation.Api.Tests.Contract;
using Automation.Postgres.Security;
using Automation.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.Api.Tests.Security;

/// <summary>
/// Calls every operation of the served OpenAPI document as each kind of caller and checks the authorization decision
/// against <see cref="EndpointPermissions.Table"/> and the caller's grants. Data-driven: a new endpoint is covered as
/// soon as it is in the document, and one missing from the table fails.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuthorizationMatrixTests(ApiFixture fixture, ITestOutputHelper output)
{
    // The user's own account (password, MFA, preferences) has no meaning for an API key: the handler refuses it with 403 after the
    // authorization layer let the (authenticated) caller through. Accepted for API-key callers only.
    private static readonly HashSet<string> UserOnlyOperations = new(StringComparer.Ordinal) { "ChangePassword", "EnrolMfa", "ConfirmMfa", "DisableMfa", "GetMyPreferences", "PutMyPreferences" };

    // Bodies that keep the call harmless: the matrix must not sign its own callers out or change their credentials.
    // Any other operation taking a body gets "{}", which it refuses with 400 (still proof that the caller got past
    // authorization); path parameters name resources that do not exist ("matrix-x"), so deletes change nothing.
    private static readonly Dictionary<string, string> SampleBodies = new(StringComparer.Ordinal)
    {
        ["Logout"] = """{ "refreshToken": "rt_matrix-not-a-token" }""",
        ["ChangePassword"] = """{ "currentPassword": "matrix-not-the-password", "newPassword": "Matrix-New-Passw0rd-1" }""",
    };

    /// <summary>Every kind of caller: anonymous, each built-in role, a custom role, a scoped API key (and its token), a user pending MFA enrolment.</summary>
    public static TheoryData<string> Callers()
    {
        var data = new TheoryData<string> { "anonymous" };
        foreach (var role in BuiltInRoles.All.Keys)
        {
            data.Add("role:" + role);
        }

        data.Add("custom-role");
        data.Add("api-key");
        data.Add("api-key-token");
        data.Add("mfa-enrolment-pending");
        return data;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EveryOperation_AsCaller_AllowsExactlyWhatTheTableAndGrantsAllow(string caller)
    {
        var principal = await ArrangeAsync(caller);
        using var client = fixture.CreateClient(principal.Authorization);
        var operations = DocumentOperation.Read(fixture.OpenApiDocument);
        var mismatches = new List<string>();

        foreach (var operation in operations)
        {
            EndpointPermissions.Table.TryGetValue(operation.Id, out var access);
            if (access is null)
            {
                mismatches.Add($"{operation}: no entry in EndpointPermissions.Table");
                continue;
            }

            var expected = Expect(access, principal);
            var outcome = await CallAsync(client, operation);
            var problem = Judge(operation, principal, expected, outcome);
            output.WriteLine($"{operation,-70} {Describe(access),-20} expected {expected,-12} got {(int)outcome.Status}{(problem is null ? "" : "  <-- " + problem)}");
            if (problem is not null)
            {
                mismatches.Add($"{operation} ({Describe(access)}): {problem}");
            }
        }

        operations.Should().NotBeEmpty();
        mismatches.Should().BeEmpty($"caller '{caller}' with grants [{string.Join(", ", principal.Grants.Select(g => g.Text))}] must get exactly what the table allows");
    }

    [Fact]
    public void Document_EveryApiOperation_HasATableEntry()
    {
        var operations = DocumentOperation.Read(fixture.OpenApiDocument);

        operations.Where(o => !EndpointPermissions.Table.ContainsKey(o.Id)).Select(o => o.ToString())
            .Should().BeEmpty("every operation of the document must be in EndpointPermissions.Table");
    }

    [Fact]
    public void Endpoints_EveryTableEntryThatIsMapped_IsInTheDocumentWithItsSecurity()
    {
        var operations = DocumentOperation.Read(fixture.OpenApiDocument).ToDictionary(o => o.Id, StringComparer.Ordinal);
        var mapped = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => (
                Name: e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName,
                Access: e.Metadata.GetMetadata<EndpointAccess>(),
                Anonymous: e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null))
            .Where(e => e.Access is not null)
            .ToList();

        var missing = mapped.Where(e => e.Name is null || !operations.ContainsKey(e.Name)).Select(e => e.Name ?? "(unnamed)");
        var wrongSecurity = operations.Values
            .Where(o => EndpointPermissions.Table.TryGetValue(o.Id, out var access) && access.Anonymous == o.Secured)
            .Select(o => o.ToString());

        mapped.Select(e => e.Name).Should().OnlyContain(n => n != null && EndpointPermissions.Table.ContainsKey(n), "every protected endpoint got its access from the table");
        missing.Should().BeEmpty("a mapped endpoint in the table must be described in the document (not excluded from it)");
        wrongSecurity.Should().BeEmpty("the document declares a security requirement exactly on the operations that are not public");
        mapped.Should().HaveCount(operations.Count, "every /api operation of the document is a protected endpoint and vice versa");
        mapped.Where(e => e.Anonymous != e.Access!.Anonymous).Select(e => e.Name)
            .Should().BeEmpty("only the table makes an endpoint anonymous (an AllowAnonymous() on a protected endpoint would bypass it)");
    }

    private enum Decision
    {
        Allowed,
        Unauthorized,
        Forbidden,
    }

    private static Decision Expect(EndpointAccess access, Caller caller)
    {
        if (access.Anonymous)
        {
            return Decision.Allowed;
        }

        if (caller.Authorization is null)
        {
            return Decision.Unauthorized;
        }

        return access.Permission is not { } permission || caller.Grants.Any(g => g.CoversSome(permission)) ? Decision.Allowed : Decision.Forbidden;
    }

    private static string? Judge(DocumentOperation operation, Caller caller, Decision expected, Outcome outcome)
    {
        if (outcome.Error is { } error)
        {
            return "the call failed: " + error;
        }

        var status = (int)outcome.Status;
        if (status >= 500)
        {
            return $"answered {status}: {outcome.Body}";
        }

        return expected switch
        {
            Decision.Unauthorized when outcome.Status != HttpStatusCode.Unauthorized => $"expected 401, got {status}",
            Decision.Unauthorized when !outcome.HasChallenge => "401 without a WWW-Authenticate header",
            Decision.Forbidden when outcome.Status != HttpStatusCode.Forbidden => $"expected 403, got {status}",
            Decision.Allowed when outcome.Status == HttpStatusCode.Unauthorized => $"expected to be allowed, got 401: {outcome.Body}",
            Decision.Allowed when outcome.Status == HttpStatusCode.Forbidden
                && !(caller.IsApiKey && UserOnlyOperations.Contains(operation.Id) && outcome.Body.Contains("Only a user", StringComparison.Ordinal))
                && !IsResourceCheck(caller, outcome)
                => $"expected to be allowed, got 403: {outcome.Body}",
            _ => null,
        };
    }

    // A grant narrowed to some definitions passes the endpoint's check; the endpoint then refuses resources outside it
    // (e.g. listing workflows without ?definition=). That 403 comes from the handler, after authorization.
    private static bool IsResourceCheck(Caller caller, Outcome outcome) =>
        caller.Grants.Any(g => g.Pattern is not null)
        && (outcome.Body.Contains("covers only some definitions", StringComparison.Ordinal) || outcome.Body.Contains("does not cover definition", StringComparison.Ordinal));

    private static string Describe(EndpointAccess access) =>
        access.Anonymous ? "public" : access.Permission ?? "authenticated";

    private static async Task<Outcome> CallAsync(HttpClient client, DocumentOperation operation)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var request = operation.CreateRequest(SampleBodies.GetValueOrDefault(operation.Id));
            try
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();

                // Rate limits are not what this test is about: wait as told and ask again.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                    continue;
                }

                return new Outcome(response.StatusCode, response.Headers.WwwAuthenticate.Count > 0, body, null);
            }
            catch (ContractViolationException ex)
            {
                return new Outcome(0, false, "", ex.Message);
            }
        }
    }

    private async Task<Caller> ArrangeAsync(string caller)
    {
        if (caller == "anonymous")
        {
            return new Caller(null, [], IsApiKey: false);
        }

        if (caller.StartsWith("role:", StringComparison.Ordinal))
        {
            var role = caller["role:".Length..];
            var user = await fixture.CreateUserAsync("matrix-" + role, [role]);
            return new Caller("Bearer " + await fixture.SignInAsync(user, SecurityArrange.Password), SecurityArrange.Parse(BuiltInRoles.All[role]), IsApiKey: false);
        }

        switch (caller)
        {
            case "custom-role":
            {
                string[] grants = ["definitions:*", "workflows:read:matrix-*", Permissions.AuditRead];
                var role = "matrix-custom-" + Guid.NewGuid().ToString("N")[..8];
                await fixture.PutRoleAsync(role, grants, requireMfa: false);
                var user = await fixture.CreateUserAsync("matrix-custom", [role]);
                var token = await fixture.SignInWhenAsync(user, me => me.GetProperty("permissions").GetArrayLength() == grants.Length);
                return new Caller("Bearer " + token, SecurityArrange.Parse(grants), IsApiKey: false);
            }

            case "api-key" or "api-key-token":
            {
                string[] grants = [Permissions.DefinitionsRead];
                var key = await fixture.CreateApiKeyAsync(grants);
                if (caller == "api-key")
                {
                    return new Caller("ApiKey " + key, SecurityArrange.Parse(grants), IsApiKey: true);
                }

                using var anonymous = fixture.CreateClient();
                using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { apiKey = key });
                response.StatusCode.Should().Be(HttpStatusCode.OK);
                var token = (await ApiFixture.ReadAsync(response)).GetProperty("accessToken").GetString();
                return new Caller("Bearer " + token, SecurityArrange.Parse(grants), IsApiKey: true);
            }

            case "mfa-enrolment-pending":
            {
                // A role with every permission that requires MFA: until its member enrols, the token grants nothing.
                var role = "matrix-mfa-" + Guid.NewGuid().ToString("N")[..8];
                await fixture.PutRoleAsync(role, ["*"], requireMfa: true);
                var user = await fixture.CreateUserAsync("matrix-mfa", [role]);
                var token = await fixture.SignInWhenAsync(user, me => me.GetProperty("mfaEnrolmentRequired").GetBoolean());
                return new Caller("Bearer " + token, [], IsApiKey: false);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(caller), caller, "Unknown caller.");
        }
    }

    private sealed record Caller(string? Authorization, IReadOnlyList<PermissionGrant> Grants, bool IsApiKey);

    private sealed record Outcome(HttpStatusCode Status, bool HasChallenge, string Body, string? Error);
}

/// <summary>One operation of the served OpenAPI document, and a request to it with valid-shaped parameters.</summary>
/// <param name="Id">The operation id.</param>
/// <param name="Method">The method.</param>
/// <param name="Path">The path template.</param>
/// <param name="Parameters">Path and required query parameters, with a sample value each.</param>
/// <param name="BodyMediaType">The request body's media type, or <see langword="null"/> when it takes none.</param>
/// <param name="Secured">Whether the operation declares a security requirement.</param>
internal sealed record DocumentOperation(
    string Id, HttpMethod Method, string Path, IReadOnlyList<(string Name, string In, string Sample)> Parameters, string? BodyMediaType, bool Secured)
{
    /// <summary>The operations under <c>/api/</c>.</summary>
    /// <param name="document">The OpenAPI document.</param>
    /// <returns>The operations.</returns>
    public static IReadOnlyList<DocumentOperation> Read(string document)
    {
        using var json = JsonDocument.Parse(document);
        var root = json.RootElement;
        var operations = new List<DocumentOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var shared = path.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is not ("parameters" or "summary" or "description" or "servers")))
            {
                var parameters = shared.Concat(operation.Value.TryGetProperty("parameters", out var own) ? own.EnumerateArray() : [])
                    .Select(x => Resolve(root, x))
                    .Where(x => x.GetProperty("in").GetString() == "path" || (x.TryGetProperty("required", out var r) && r.GetBoolean()))
                    .Select(x => (x.GetProperty("name").GetString()!, x.GetProperty("in").GetString()!, Sample(root, x.TryGetProperty("schema", out var s) ? s : default)))
                    .ToList();
                var body = operation.Value.TryGetProperty("requestBody", out var b) && Resolve(root, b).TryGetProperty("content", out var content)
                    ? content.EnumerateObject().Select(c => c.Name).OrderBy(n => n.Contains("json", StringComparison.Ordinal) ? 0 : 1).First()
                    : null;
                var secured = operation.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                operations.Add(new DocumentOperation(
                    operation.Value.GetProperty("operationId").GetString()!, new HttpMethod(operation.Name.ToUpperInvariant()), path.Name, parameters, body, secured));
            }
        }

        return operations;
    }

    /// <summary>A request with every path parameter filled in and a body (<paramref name="body"/>, else <c>{}</c>) when one is taken.</summary>
    /// <param name="body">The body to send, when not <c>{}</c>.</param>
    /// <returns>The request.</returns>
    public HttpRequestMessage CreateRequest(string? body = null)
    {
        var path = Path;
        var query = new List<string>();
        foreach (var (name, location, sample) in Parameters)
        {
            if (location == "path")
            {
                path = path.Replace("{" + name + "}", Uri.EscapeDataString(sample), StringComparison.Ordinal);
            }
            else if (location == "query")
            {
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(sample));
            }
        }

        var request = new HttpRequestMessage(Method, query.Count == 0 ? path : path + "?" + string.Join("&", query));
        if (BodyMediaType is not null)
        {
            request.Content = new StringContent(body ?? "{}", Encoding.UTF8, BodyMediaType);
        }

        return request;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} ({Method} {Path})";

    private static JsonElement Resolve(JsonElement root, JsonElement element)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            element = reference.GetString()!.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(root, (e, segment) => e.GetProperty(segment));
        }

        return element;
    }

    private static string Sample(JsonElement root, JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return "matrix-x";
        }

        schema = Resolve(root, schema);
        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return values[0].ToString();
        }

        var type = schema.TryGetProperty("type", out var t)
            ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).FirstOrDefault(x => x != "null") : t.GetString()
            : null;
        return type switch
        {
            "integer" or "number" => schema.TryGetProperty("minimum", out var min) ? min.ToString() : "1",
            "boolean" => "true",
            _ when schema.TryGetProperty("format", out var f) && f.GetString() == "date-time" => "2024-01-01T00:00:00Z",
            _ => "matrix-x",
        };
    }
}

/// <summary>Arranges callers directly in the fixture's database (users, roles, API keys), independent of the admin API.</summary>
internal static class SecurityArrange
{
    /// <summary>The password of every user these helpers create.</summary>
    public const string Password = "Arranged-Passw0rd-for-tests";

    /// <summary>Creates a user with <paramref name="roles"/> and <see cref="Password"/>.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="prefix">The start of the (unique) username.</param>
    /// <param name="roles">The roles.</param>
    /// <param name="disabled">Whether the user is disabled.</param>
    /// <returns>The username.</returns>
    public static async Task<string> CreateUserAsync(this ApiFixture fixture, string prefix, IReadOnlyList<string> roles, bool disabled = false)
    {
        var username = prefix + "-" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        var created = await new PostgresUserStore(db).CreateAsync(
            new UserAccount(username, UserSignIn.HashPassword(Password), roles, disabled, 0, null, null, false, 0, [], now, now));
        created.Should().BeTrue();
        return username;
    }

    /// <summary>Reads a user as stored.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="username">The user.</param>
    /// <returns>The user.</returns>
    public static async Task<UserAccount> FindUserAsync(this ApiFixture fixture, string username)
    {
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        return (await new PostgresUserStore(db).FindAsync(username))!;
    }

    /// <summary>Replaces a user's stored fields.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="user">The new state.</param>
    /// <returns>A task that completes once stored.</returns>
    public static async Task UpdateUserAsync(this ApiFixture fixture, UserAccount user)
    {
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        (await new PostgresUserStore(db).UpdateAsync(user)).Should().BeTrue();
    }

    /// <summary>Creates or replaces a custom role (the API sees it within <see cref="RoleCatalog.MaxAge"/>).</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="name">The role.</param>
    /// <param name="grants">Its grants.</param>
    /// <param name="requireMfa">Whether members need MFA.</param>
    /// <returns>A task that completes once stored.</returns>
    public static async Task PutRoleAsync(this ApiFixture fixture, string name, IReadOnlyList<string> grants, bool requireMfa)
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        await new PostgresRoleStore(db).UpsertAsync(new StoredRole(name, grants, requireMfa, now, now));
    }

    /// <summary>Creates an API key with <paramref name="grants"/>.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="grants">Its grants.</param>
    /// <param name="expiresAt">When it expires.</param>
    /// <param name="revoked">Whether it is revoked (before it is ever used).</param>
    /// <returns>The key, as a caller presents it.</returns>
    public static async Task<string> CreateApiKeyAsync(this ApiFixture fixture, IReadOnlyList<string> grants, DateTimeOffset? expiresAt = null, bool revoked = false)
    {
        var (id, key) = ApiKeyFormat.Create();
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        var store = new PostgresApiKeyStore(db);
        await store.InsertAsync(new ApiKeyRecord(id, "tests " + id, ApiKeyFormat.Hash(key), grants, "tests", DateTimeOffset.UtcNow, expiresAt, null, null));
        if (revoked)
        {
            (await store.RevokeAsync(id, DateTimeOffset.UtcNow)).Should().BeTrue();
        }

        return key;
    }

    /// <summary>Runs a query on the fixture's database and answers the first column of the first row.</summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="sql">The query, with <c>@p</c> as its parameter.</param>
    /// <param name="p">The parameter.</param>
    /// <returns>The value.</returns>
    public static async Task<object?> ScalarAsync(this ApiFixture fixture, string sql, object p)
    {
        await using var db = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("p", p);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Signs in until <c>GET /auth/me</c> with the token satisfies <paramref name="ready"/>: roles written straight to the
    /// database reach the API's role cache within <see cref="RoleCatalog.MaxAge"/>.
    /// </summary>
    /// <param name="fixture">The fixture.</param>
    /// <param name="username">The user.</param>
    /// <param name="ready">The condition on the <c>/auth/me</c> answer.</param>
    /// <returns>The access token.</returns>
    public static async Task<string> SignInWhenAsync(this ApiFixture fixture, string username, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow + RoleCatalog.MaxAge + TimeSpan.FromSeconds(20);
        while (true)
        {
            var token = await fixture.SignInAsync(username, Password);
            using var client = fixture.CreateClient("Bearer " + token);
            var me = await ApiFixture.ReadAsync(await client.GetAsync("/api/v1/auth/me"));
            if (ready(me))
            {
                return token;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/auth/me of {username} never met the condition: {me}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Parses grants that are known to be valid.</summary>
    /// <param name="grants">The grants.</param>
    /// <returns>The parsed grants.</returns>
    public static IReadOnlyList<PermissionGrant> Parse(IEnumerable<string> grants) =>
        [.. grants.Select(g => PermissionGrant.TryParse(g, out var grant) ? grant : throw new ArgumentException($"Invalid grant '{g}'.", nameof(grants)))];
}
