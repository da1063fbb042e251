using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;

namespace Automation.Testing;

/// <summary>
/// The settings an API process of the tests needs to issue tokens (one signing key per test run) and to create its
/// first admin, and signing in as that admin.
/// </summary>
public static class TestAuth
{
    /// <summary>The first admin's name.</summary>
    public const string AdminUser = "admin";

    /// <summary>The first admin's password (the API creates the admin from <c>AUTOMATION_ADMIN_PASSWORD</c>).</summary>
    public const string AdminPassword = "system-tests-Passw0rd";

    /// <summary>The key id of <see cref="SigningKey"/>.</summary>
    public const string KeyId = "k1";

    /// <summary>The key that signs access tokens in this test run, shared by every API process it starts.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// Environment variables for an API process: the signing key, a 2-hour token lifetime, the first admin, and rate
    /// limits lifted (the tests drive thousands of requests as one principal from one address).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ApiEnvironment { get; } = new Dictionary<string, string>
    {
        [$"Automation__Auth__SigningKeys__{KeyId}"] = SigningKey,
        ["Automation__Auth__ActiveSigningKey"] = KeyId,
        ["Automation__Auth__AccessTokenLifetime"] = "02:00:00",
        ["AUTOMATION_ADMIN_PASSWORD"] = AdminPassword,
        ["Automation__Api__RateLimits__PermitsPerSecond"] = "1000000",
        ["Automation__Api__RateLimits__Burst"] = "1000000",
        ["Automation__Api__RateLimits__SignInsPerMinute"] = "100000",
    };

    /// <summary>
    /// Signs <paramref name="http"/> in as the first admin (its requests then carry the bearer token). The admin is
    /// created in the background once the schema exists, so a just-started API may need a few attempts.
    /// </summary>
    /// <param name="http">A client of the API (with a base address, or <paramref name="baseUrl"/>).</param>
    /// <param name="baseUrl">The API's base URL when <paramref name="http"/> has none.</param>
    /// <returns>The access token.</returns>
    public static async Task<string> SignInAsync(HttpClient http, string? baseUrl = null)
    {
        var url = (baseUrl?.TrimEnd('/') ?? "") + "/api/v1/auth/token";
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsJsonAsync(url, new { username = AdminUser, password = AdminPassword });
            if (response.IsSuccessStatusCode)
            {
                var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return token;
            }

            if (attempt >= 60)
            {
                throw new InvalidOperationException($"Cannot sign in as {AdminUser}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(500);
        }
    }
}
