namespace Automation.System.Tests.Cli;

/// <summary>
/// The CLI as a process without a reachable server: usage errors and malformed files exit 2 before anything is sent,
/// an unknown command suggests the closest one, a wrong URL exits 5 with a clear message, and profiles are kept.
/// </summary>
[global::System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CliLocalTests
{
    [Fact]
    public async Task UnknownCommandOrFlag_SuggestsTheClosest_AndExits2()
    {
        using var cli = new CliRunner("http://127.0.0.1:1");

        var command = await cli.RunAsync("workflow", "strat", "x");
        var flag = await cli.RunAsync("workflow", "list", "--stauts", "Running");
        var missing = await cli.RunAsync("definition", "apply");

        command.ExitCode.Should().Be(2, command.ToString());
        (command.Out + command.Error).Should().Contain("Did you mean").And.Contain("start");
        flag.ExitCode.Should().Be(2);
        (flag.Out + flag.Error).Should().Contain("--status");
        missing.ExitCode.Should().Be(2);
        (missing.Out + missing.Error).Should().Contain("Option '--file' is required").And.Contain("Usage:").And.Contain("automation definition apply");
    }

    [Fact]
    public async Task MalformedInputFile_NamesFileLineAndColumn_AndSendsNothing()
    {
        // The server URL leads nowhere: had the CLI tried to send, the exit code would be 5, not 2.
        using var cli = new CliRunner("http://127.0.0.1:1");
        var file = Path.Combine(Directory.CreateTempSubdirectory("cli-bad-").FullName, "input.json");
        await File.WriteAllTextAsync(file, "{\n  \"name\": \"Ada\",\n  \"items\": [1, 2,, 3]\n}\n");

        var start = await cli.RunAsync("workflow", "start", "hello", "--input-file", file);
        var pair = await cli.RunAsync("workflow", "start", "hello", "--input", "no-equals-sign");

        start.ExitCode.Should().Be(2, start.ToString());
        start.Error.Should().Contain($"{file}:3:");
        pair.ExitCode.Should().Be(2, pair.ToString());
        pair.Error.Should().Contain("expected key=value");
    }

    [Fact]
    public async Task WrongUrl_Exits5_WithAClearMessage()
    {
        using var cli = new CliRunner("http://127.0.0.1:1");
        using var badHost = new CliRunner("http://automation.invalid");

        var refused = await cli.RunAsync("workflow", "list");
        var unknownHost = await badHost.RunAsync("definition", "list");
        var notAUrl = await cli.RunAsync("--server", "ftp://x", "definition", "list");

        refused.ExitCode.Should().Be(5, refused.ToString());
        refused.Error.Should().Contain("Cannot reach the Automation API at http://127.0.0.1:1/").And.Contain("connection refused");
        unknownHost.ExitCode.Should().Be(5, unknownHost.ToString());
        unknownHost.Error.Should().Contain("unknown host");
        notAUrl.ExitCode.Should().Be(2);
        notAUrl.Error.Should().Contain("not a server URL");
    }

    [Fact]
    public async Task Profiles_AreKeptAndSelectable()
    {
        using var cli = new CliRunner(null);

        var add = await cli.RunAsync("profile", "add", "staging", "--server", "https://staging.example.com", "--use");
        var show = await cli.RunAsync("profile", "show", "-o", "json");
        var list = await cli.RunAsync("profile", "list");
        var other = await cli.RunAsync("--profile", "default", "profile", "show", "-o", "json");
        var bad = await cli.RunAsync("profile", "add", "../x", "--server", "https://x");

        add.ExitCode.Should().Be(0, add.ToString());
        show.Json().GetProperty("server").GetString().Should().Be("https://staging.example.com");
        show.Json().GetProperty("profile").GetString().Should().Be("staging");
        list.Out.Should().Contain("staging").And.Contain("default");
        other.Json().GetProperty("server").GetString().Should().Be("http://localhost:5000");
        bad.ExitCode.Should().Be(2);
        File.GetUnixFileMode(Path.Combine(cli.ConfigDirectory, "config.json")).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
