using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Automation.Api.Tests.Security;

/// <summary><c>/api/v1/api-keys</c> end to end: a key works directly and exchanged, until revoked; no escalation; bad input.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ApiKeysApiTests(ApiFixture fixture)
{
    private const string Password = "correct-Horse-7-battery";
    private const string Simple = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    [Fact]
    public async Task Create_DefinitionsReadKey_ReadsDirectlyAndExchangedButCannotWrite()
    {
        var created = await fixture.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "ci reader", permissions = new[] { "definitions:read" } });
        var key = await ApiFixture.ReadAsync(created);
        var id = key.GetProperty("id").GetString()!;
        var secret = key.GetProperty("key").GetString()!;
        using var direct = fixture.CreateClient("ApiKey " + secret);
        var read = await direct.GetAsync("/api/v1/definitions");
        var write = await direct.PutAsync("/api/v1/definitions/" + NewName("def"), Json(Simple));
        using var anonymous = fixture.CreateClient();
        var exchange = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { apiKey = secret });
        using var bearer = fixture.CreateClient("Bearer " + (await ApiFixture.ReadAsync(exchange)).GetProperty("accessToken").GetString());
        var readExchanged = await bearer.GetAsync("/api/v1/definitions");
        var writeExchanged = await bearer.PutAsync("/api/v1/definitions/" + NewName("def"), Json(Simple));
        var list = await fixture.Http.GetAsync("/api/v1/api-keys");
        var listJson = await list.Content.ReadAsStringAsync();
        var listed = JsonDocument.Parse(listJson).RootElement.GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/api-keys/{id}");
        secret.Should().StartWith($"ak_{id}_");
        key.GetProperty("name").GetString().Should().Be("ci reader");
        key.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Should().Equal("definitions:read");
        key.GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(365), TimeSpan.FromMinutes(5));
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        exchange.StatusCode.Should().Be(HttpStatusCode.OK);
        readExchanged.StatusCode.Should().Be(HttpStatusCode.OK);
        writeExchanged.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        listed.GetProperty("createdBy").GetString().Should().Be(ApiFixture.AdminUser);
        listed.GetProperty("lastUsedAt").ValueKind.Should().Be(JsonValueKind.String, "the key was used");
        listed.GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.Null);
        listed.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "id", "name", "permissions", "createdBy", "createdAt", "expiresAt", "lastUsedAt", "revokedAt");
        listJson.Should().NotContain(secret[(id.Length + 4)..], "the key is shown once, at creation").And.NotContain("keyHash");
    }

    [Fact]
    public async Task Delete_Key_StopsItAtOnceAndIsListedAsRevoked()
    {
        var (id, secret) = await CreateKeyAsync(fixture.Http, "definitions:read");
        using var direct = fixture.CreateClient("ApiKey " + secret);
        (await direct.GetAsync("/api/v1/definitions")).StatusCode.Should().Be(HttpStatusCode.OK);

        var delete = await fixture.Http.DeleteAsync($"/api/v1/api-keys/{id}");
        var afterDirect = await direct.GetAsync("/api/v1/definitions");
        using var anonymous = fixture.CreateClient();
        var afterExchange = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { apiKey = secret });
        var again = await fixture.Http.DeleteAsync($"/api/v1/api-keys/{id}");
        var listed = (await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/api-keys"))).GetProperty("items").EnumerateArray()
            .Single(k => k.GetProperty("id").GetString() == id);

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterDirect.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        afterDirect.Headers.WwwAuthenticate.ToString().Should().StartWith("ApiKey");
        afterExchange.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        again.StatusCode.Should().Be(HttpStatusCode.NoContent, "revoking is idempotent");
        listed.GetProperty("revokedAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Theory]
    [InlineData("0123456789abcdef", HttpStatusCode.NotFound)]
    [InlineData("xyz", HttpStatusCode.BadRequest)]
    [InlineData("..%2Fx", HttpStatusCode.BadRequest)]
    [InlineData("0123456789ABCDEF", HttpStatusCode.BadRequest)]
    [InlineData("%27%20OR%201%3D1", HttpStatusCode.BadRequest)]
    public async Task Delete_UnknownOrMalformedId_Returns404Or400(string id, HttpStatusCode expected)
    {
        var response = await fixture.Http.DeleteAsync($"/api/v1/api-keys/{id}");

        response.StatusCode.Should().Be(expected);
        if (expected == HttpStatusCode.BadRequest)
        {
            (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty("id", out _).Should().BeTrue();
        }
    }

    [Fact]
    public async Task Create_ByUserAdminBeyondItsGrants_Returns403NamingTheField()
    {
        var role = NewName("useradmin");
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "users:admin", "definitions:read" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var username = NewName("ua");
        (await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = new[] { role } })).StatusCode.Should().Be(HttpStatusCode.Created);
        using var userAdmin = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var start = await userAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "deploy", permissions = new[] { "definitions:read", "workflows:start" } });
        var everything = await userAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "all", permissions = new[] { "*" } });
        var area = await userAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "defs", permissions = new[] { "definitions:*" } });
        var narrowed = await userAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "narrow", permissions = new[] { "workflows:start:deploy-*" } });
        var within = await userAdmin.PostAsJsonAsync("/api/v1/api-keys", new { name = "reader", permissions = new[] { "definitions:read" } });
        using var byKey = fixture.CreateClient("ApiKey " + (await ApiFixture.ReadAsync(within)).GetProperty("key").GetString());
        var keyMintsKey = await byKey.PostAsJsonAsync("/api/v1/api-keys", new { name = "child", permissions = new[] { "definitions:read" } });

        foreach (var refused in new[] { start, everything, area, narrowed })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var detail = (await ApiFixture.ReadAsync(start)).GetProperty("detail").GetString();
        detail.Should().Contain("$.permissions[1]").And.Contain("workflows:start").And.NotContain("$.permissions[0]");
        within.StatusCode.Should().Be(HttpStatusCode.Created);
        keyMintsKey.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the reader key lacks users:admin");
    }

    [Theory]
    [InlineData("""{ "name": "k", "permissions": ["bogus"] }""", "$.permissions[0]")]
    [InlineData("""{ "name": "k", "permissions": ["definitions:read", "workflows:start:a/b"] }""", "$.permissions[1]")]
    [InlineData("""{ "name": "k", "permissions": [] }""", "$.permissions")]
    [InlineData("""{ "name": "k", "permissions": "definitions:read" }""", "$.permissions")]
    [InlineData("""{ "name": "", "permissions": ["definitions:read"] }""", "$.name")]
    [InlineData("""{ "name": "a\u0000b", "permissions": ["definitions:read"] }""", "$.name")]
    [InlineData("""{ "name": "k", "permissions": ["definitions:read"], "expiresAt": "2001-01-01T00:00:00Z" }""", "$.expiresAt")]
    [InlineData("""{ "name": "k", "permissions": ["definitions:read"], "expiresAt": "2999-01-01T00:00:00Z" }""", "$.expiresAt")]
    [InlineData("""{ "name": "k", "permissions": ["definitions:read"], "expiresAt": "tomorrow" }""", "$.expiresAt")]
    [InlineData("""{ "name": "k", "permissions": ["definitions:read"], "key": "ak_mine" }""", "$.key")]
    [InlineData("""{ "permissions": ["definitions:read"] }""", "$")]
    public async Task Create_BadInput_Returns400NamingTheField(string json, string field)
    {
        var response = await fixture.PostAsync("/api/v1/api-keys", json);
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(body);
    }

    [Fact]
    public async Task Create_OversizeName_Returns400()
    {
        var response = await fixture.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = new string('k', 129), permissions = new[] { "definitions:read" } });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty("$.name", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Create_WithExpiry_KeepsTheExpiry()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        var response = await fixture.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "short-lived", permissions = new[] { "definitions:read" }, expiresAt });
        var key = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        key.GetProperty("expiresAt").GetDateTimeOffset().Should().BeCloseTo(expiresAt, TimeSpan.FromMilliseconds(1));
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<(string Id, string Key)> CreateKeyAsync(HttpClient client, params string[] permissions)
    {
        var response = await client.PostAsJsonAsync("/api/v1/api-keys", new { name = "test", permissions });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var key = await ApiFixture.ReadAsync(response);
        return (key.GetProperty("id").GetString()!, key.GetProperty("key").GetString()!);
    }
}
