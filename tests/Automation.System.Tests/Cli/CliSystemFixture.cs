using System.Net.Http.Json;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests.Cli;

/// <summary>
/// One real system for the CLI tests: a silo and two API processes on a fresh database. The second API issues access
/// tokens that live one second, for the test that an expired token is refreshed without the user noticing.
/// </summary>
public sealed class CliSystemFixture : IAsyncLifetime
{
    private ProcessCluster _cluster = null!;

    /// <summary>The API (two-hour tokens).</summary>
    public string ApiUrl { get; private set; } = "";

    /// <summary>An API of the same cluster whose access tokens expire after one second.</summary>
    public string ShortTokenApiUrl { get; private set; } = "";

    /// <summary>A client of <see cref="ApiUrl"/> signed in as the first admin.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _cluster = await ProcessCluster.CreateAsync("cli", new NullOutput());
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(5));
        // Secrets keys: MFA secrets are stored encrypted with them (the MFA login test enrols a user).
        var secrets = TestSecrets.Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        Admin = await _cluster.StartApiAsync(secrets);
        ApiUrl = Admin.BaseAddress!.ToString().TrimEnd('/');
        using var shortLived = await _cluster.StartApiAsync(new Dictionary<string, string>(secrets)
        {
            ["Automation__Auth__AccessTokenLifetime"] = "00:00:01",
            ["Automation__Auth__ClockSkew"] = "00:00:00",
        });
        ShortTokenApiUrl = shortLived.BaseAddress!.ToString().TrimEnd('/');
    }

    /// <summary>Reads JSON from the API as the admin, retrying while the cluster settles.</summary>
    /// <param name="path">The path.</param>
    public Task<JsonElement> GetAsync(string path) => _cluster.GetWithRetryAsync(Admin, path);

    /// <summary>Posts JSON as the admin and answers the response body.</summary>
    /// <param name="path">The path.</param>
    /// <param name="body">The body.</param>
    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await Admin.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The processes' last log lines, for failure messages.</summary>
    public string Tails() => _cluster.Tails();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await _cluster.DisposeAsync();
    }

    private sealed class NullOutput : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}
