using System.Text.Json;
using System.Text.Json.Nodes;
using Automation.Testing;
using OtpNet;

namespace Automation.System.Tests.Cli;

/// <summary>
/// Process level (issue 15): the <c>automation</c> CLI run as a process against a real silo and API on PostgreSQL,
/// as a person or a CI job would: login (with MFA), idempotent definition apply with a diff, start with --wait and its
/// exit codes, JSON/YAML output, silent refresh of an expired token.
/// </summary>
[global::System.Runtime.Versioning.SupportedOSPlatform("linux")]
[Trait("Category", "Integration")]
public sealed class CliTests(CliSystemFixture system) : IClassFixture<CliSystemFixture>
{
    private const string Definition = """
        {
          "description": "cli test: one transform",
          "steps": [ { "id": "greet", "type": "transform", "with": { "value": { "message": "Hello {{ input.name }}!" } } } ],
          "output": { "message": "{{ steps.greet.output.message }}" }
        }
        """;

    [Fact]
    public async Task DefinitionApply_SecondApplyIsANoOp_AndAChangePrintsTheDiffAndAddsAVersion()
    {
        using var cli = await SignedInAsync();
        var folder = Directory.CreateTempSubdirectory("cli-defs-").FullName;
        var file = Path.Combine(folder, "cli-apply.json");
        await File.WriteAllTextAsync(file, Definition);

        var first = await cli.RunAsync("definition", "apply", "-f", file);
        var second = await cli.RunAsync("definition", "apply", "-f", folder, "-o", "json");
        await File.WriteAllTextAsync(file, Definition.Replace("cli test: one transform", "cli test: changed", StringComparison.Ordinal));
        var dryRun = await cli.RunAsync("definition", "apply", "-f", file, "--dry-run");
        var third = await cli.RunAsync("definition", "apply", "-f", file);
        var versions = await cli.RunAsync("definition", "versions", "cli-apply", "-o", "json");

        first.ExitCode.Should().Be(0, first.ToString());
        first.Out.Should().Contain("cli-apply: registered version 1");
        second.ExitCode.Should().Be(0, second.ToString());
        var result = second.Json().GetProperty("items")[0];
        result.GetProperty("result").GetString().Should().Be("unchanged", second.ToString());
        result.GetProperty("version").GetInt32().Should().Be(1);
        dryRun.Out.Should().Contain("-   \"description\": \"cli test: one transform\"").And.Contain("+   \"description\": \"cli test: changed\"");
        third.Out.Should().Contain("registered version 2", third.ToString());
        versions.Json().GetProperty("versions").GetArrayLength().Should().Be(2, "the dry run and the no-op registered nothing");
    }

    [Fact]
    public async Task WorkflowStartWait_ExitsZeroWhenItCompletes_AndOneWhenItFails()
    {
        using var cli = await SignedInAsync();
        var folder = Directory.CreateTempSubdirectory("cli-defs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "cli-ok.json"), Definition);
        await File.WriteAllTextAsync(Path.Combine(folder, "cli-fails.json"), """
            { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 1 }, "timeout": "5s",
                           "with": { "method": "GET", "url": "http://127.0.0.1:1/nothing-listens-here" } } ] }
            """);
        (await cli.RunAsync("definition", "apply", "-f", folder)).ExitCode.Should().Be(0);

        var ok = await cli.RunAsync("workflow", "start", "cli-ok", "--input", "name=Ada", "--id", "cli-ok-1", "--wait");
        var okJson = await cli.RunAsync("workflow", "start", "cli-ok", "-i", "name=Grace", "--wait", "-o", "json");
        var failed = await cli.RunAsync("workflow", "start", "cli-fails", "--id", "cli-fails-1", "--wait");
        var described = await cli.RunAsync("workflow", "describe", "cli-fails-1");

        ok.ExitCode.Should().Be(0, ok.ToString());
        ok.Out.Should().Contain("Started workflow cli-ok-1").And.Contain("greet").And.Contain("Completed").And.Contain("Hello Ada!");
        okJson.ExitCode.Should().Be(0, okJson.ToString());
        var snapshot = okJson.Json();
        snapshot.GetProperty("status").GetString().Should().Be("Completed");
        snapshot.GetProperty("output").GetProperty("message").GetString().Should().Be("Hello Grace!");
        failed.ExitCode.Should().Be(1, failed.ToString());
        failed.Out.Should().Contain("Failed");
        described.ExitCode.Should().Be(0);
        described.Out.Should().Contain("✗ call").And.Contain("Status      Failed");
    }

    [Fact]
    public async Task Output_JsonParsesAndYamlIsTheSameDocument_AndListFiltersReachTheServer()
    {
        using var cli = await SignedInAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("cli-defs-").FullName, "cli-output.json");
        await File.WriteAllTextAsync(file, Definition);
        (await cli.RunAsync("definition", "apply", "-f", file)).ExitCode.Should().Be(0);
        (await cli.RunAsync("workflow", "start", "cli-output", "--id", "cli-output-1", "--tag", "cli:output", "-i", "name=Ada", "--wait")).ExitCode.Should().Be(0);

        var list = await cli.RunAsync("workflow", "list", "--tag", "cli:output", "--status", "Completed", "-o", "json");
        var yaml = await cli.RunAsync("workflow", "describe", "cli-output-1", "-o", "yaml");
        var table = await cli.RunAsync("workflow", "list", "--definition", "cli-output");
        var history = await cli.RunAsync("workflow", "history", "cli-output-1", "-o", "json");

        list.ExitCode.Should().Be(0, list.ToString());
        var items = list.Json().GetProperty("items");
        items.GetArrayLength().Should().Be(1, list.Out);
        items[0].GetProperty("workflowId").GetString().Should().Be("cli-output-1");
        yaml.Out.Should().Contain("workflowId: cli-output-1").And.Contain("status: Completed");
        table.Out.Should().StartWith("WORKFLOW").And.Contain("cli-output-1");
        history.Json().GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Contain(["WorkflowStarted", "WorkflowCompleted"]);
    }

    [Fact]
    public async Task Login_WithMfa_AsksForTheCode_KeepsTokensPrivate_AndWhoamiAnswers()
    {
        var username = "cli-mfa-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "cli-mfa-Passw0rd-long";
        await system.PostAsync("/api/v1/users", new { username, password, roles = new[] { "viewer" } });
        using var user = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        await SignInAsync(user, username, password);
        var enrolment = await PostAsync(user, "/api/v1/auth/mfa/enrol", new { });
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.GetProperty("secret").GetString()));
        await PostAsync(user, "/api/v1/auth/mfa/confirm", new { code = totp.ComputeTotp(DateTime.UtcNow) });
        using var cli = new CliRunner(system.ApiUrl);

        var login = await cli.RunAsync($"{password}\n{totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30))}\n", ["login", "--username", username, "--password-stdin"]);
        var whoami = await cli.RunAsync("whoami", "-o", "json");
        var wrong = await cli.RunAsync("not-the-password\n", ["login", "--username", username, "--password-stdin", "--profile", "other"]);

        login.ExitCode.Should().Be(0, login.ToString());
        login.Error.Should().Contain("MFA code:");
        whoami.Json().GetProperty("subject").GetString().Should().Be(username);
        var credentials = Path.Combine(cli.ConfigDirectory, "credentials", "default.json");
        File.GetUnixFileMode(credentials).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        (File.GetUnixFileMode(Path.GetDirectoryName(credentials)!) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)).Should().Be(UnixFileMode.None);
        wrong.ExitCode.Should().Be(4, wrong.ToString());
        wrong.Error.Should().Contain("error: ").And.Contain("(401)");
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRefreshedSilently()
    {
        using var cli = new CliRunner(system.ShortTokenApiUrl);
        var login = await cli.RunAsync(TestAuth.AdminPassword + "\n", ["login", "--username", TestAuth.AdminUser, "--password-stdin"]);
        login.ExitCode.Should().Be(0, login.ToString());
        var path = Path.Combine(cli.ConfigDirectory, "credentials", "default.json");
        // Claim the token is good for an hour, so that the CLI does not renew it ahead of time: the server's 401 on
        // the expired token is what must make it refresh.
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var firstToken = stored["accessToken"]!.GetValue<string>();
        stored["expiresAt"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O");
        await File.WriteAllTextAsync(path, stored.ToJsonString());
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        var list = await cli.RunAsync("definition", "list", "-o", "json");
        var again = await cli.RunAsync("definition", "list", "-o", "json");

        list.ExitCode.Should().Be(0, list.ToString());
        list.Error.Should().BeEmpty();
        again.ExitCode.Should().Be(0, again.ToString());
        var renewed = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        renewed["accessToken"]!.GetValue<string>().Should().NotBe(firstToken);
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public async Task BatchCancel_RefusesWithoutConfirmation_AndCancelsWithYes()
    {
        using var cli = await SignedInAsync();
        var file = Path.Combine(Directory.CreateTempSubdirectory("cli-defs-").FullName, "cli-batch.json");
        await File.WriteAllTextAsync(file, """{ "steps": [ { "id": "sleep", "type": "delay", "with": { "duration": "10m" } } ] }""");
        (await cli.RunAsync("definition", "apply", "-f", file)).ExitCode.Should().Be(0);
        for (var i = 0; i < 3; i++)
        {
            (await cli.RunAsync("workflow", "start", "cli-batch", "--tag", "cli:batch")).ExitCode.Should().Be(0);
        }

        var refused = await cli.RunAsync("workflow", "batch", "cancel", "--tag", "cli:batch");
        var cancelled = await cli.RunAsync("workflow", "batch", "cancel", "--tag", "cli:batch", "--reason", "cli test", "--yes", "-o", "json");
        var noFilter = await cli.RunAsync("workflow", "batch", "cancel", "--yes");

        refused.ExitCode.Should().Be(2, refused.ToString());
        refused.Error.Should().Contain("3 workflow(s)").And.Contain("--yes");
        cancelled.ExitCode.Should().Be(0, cancelled.ToString());
        var operation = cancelled.Json();
        operation.GetProperty("status").GetString().Should().Be("Completed");
        operation.GetProperty("succeeded").GetInt32().Should().Be(3);
        noFilter.ExitCode.Should().Be(2);
        noFilter.Error.Should().Contain("at least one filter");
    }

    [Fact]
    public async Task Errors_ServerProblemsPrintTheFieldErrors_WithTheDocumentedExitCodes()
    {
        using var cli = await SignedInAsync();
        var bad = Path.Combine(Directory.CreateTempSubdirectory("cli-defs-").FullName, "cli-bad.json");
        await File.WriteAllTextAsync(bad, """{ "steps": [ { "id": "x", "type": "nope" } ] }""");

        var invalid = await cli.RunAsync("definition", "apply", "-f", bad);
        var notFound = await cli.RunAsync("workflow", "describe", "no-such-workflow");
        var unknownDefinition = await cli.RunAsync("workflow", "start", "no-such-definition");
        using var anonymous = new CliRunner(system.ApiUrl);
        var notSignedIn = await anonymous.RunAsync("workflow", "list");

        invalid.ExitCode.Should().Be(2, invalid.ToString());
        invalid.Error.Should().Contain("error: The request is invalid. (400)").And.Contain("$.steps[0].type:");
        notFound.ExitCode.Should().Be(3, notFound.ToString());
        notFound.Error.Should().Contain("No workflow with id 'no-such-workflow'");
        unknownDefinition.ExitCode.Should().Be(2);
        unknownDefinition.Error.Should().Contain("$.definition:");
        notSignedIn.ExitCode.Should().Be(4, notSignedIn.ToString());
        notSignedIn.Error.Should().Contain("automation login");
    }

    [Fact]
    public async Task EveryRouteTheCliCalls_IsAnOperationOfTheServedOpenApiDocument()
    {
        using var response = await system.Admin.GetAsync("/openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                operations.Add(method.Name.ToUpperInvariant() + " " + Normalize(path.Name));
            }
        }

        var routes = Automation.Cli.Http.ApiRoutes.All;

        routes.Should().HaveCountGreaterThan(50);
        routes.Select(r => r.Method + " " + Normalize(r.Template)).Should().OnlyContain(r => operations.Contains(r),
            "the CLI must call only operations the API documents");
    }

    private static string Normalize(string template) => global::System.Text.RegularExpressions.Regex.Replace(template, @"\{[^}]+\}", "{}");

    private async Task<CliRunner> SignedInAsync()
    {
        var cli = new CliRunner(system.ApiUrl);
        var login = await cli.RunAsync(TestAuth.AdminPassword + "\n", ["login", "--username", TestAuth.AdminUser, "--password-stdin"]);
        login.ExitCode.Should().Be(0, login + "\n" + system.Tails());
        return cli;
    }

    private static async Task SignInAsync(HttpClient http, string username, string password)
    {
        var token = await PostAsync(http, "/api/v1/auth/token", new { username, password });
        http.DefaultRequestHeaders.Authorization = new global::System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await global::System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, path, body);
        var text = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.Should().BeTrue($"{path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
