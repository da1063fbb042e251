using System.Diagnostics;
using Automation.Testing;

namespace Automation.System.Tests.Cli;

/// <summary>
/// The CLI ships as a .NET tool: packed from the build with <c>dotnet pack</c> and installed with <c>dotnet tool
/// install</c> from that local package (the steps docs/cli.md gives, with <c>--tool-path</c> in place of <c>-g</c> so
/// the test leaves the machine as it was); the installed <c>automation</c> command runs.
/// </summary>
public sealed class CliToolPackageTests
{
    [Fact]
    public async Task PackedNupkg_InstallsAsADotnetTool_AndTheAutomationCommandRuns()
    {
        var work = Directory.CreateTempSubdirectory("cli-tool-").FullName;
        var project = Path.Combine(ServiceProcess.RepositoryRoot(), "src", "Automation.Cli", "Automation.Cli.csproj");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

        var pack = await RunAsync(work, "dotnet", "pack", project, "-c", configuration, "--no-build", "-o", Path.Combine(work, "packages"), "-nologo");
        var install = await RunAsync(work, "dotnet", "tool", "install", "Automation.Cli", "--tool-path", Path.Combine(work, "tools"),
            "--add-source", Path.Combine(work, "packages"), "--version", "0.1.0", "--ignore-failed-sources");
        var help = await RunAsync(work, Path.Combine(work, "tools", "automation"), "--help");

        pack.ExitCode.Should().Be(0, pack.Output);
        File.Exists(Path.Combine(work, "packages", "Automation.Cli.0.1.0.nupkg")).Should().BeTrue(pack.Output);
        install.ExitCode.Should().Be(0, install.Output);
        install.Output.Should().Contain("automation");
        help.ExitCode.Should().Be(0, help.Output);
        help.Output.Should().Contain("workflow").And.Contain("definition").And.Contain("login");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await error);
    }
}
