using System.Diagnostics;
using System.Net;
using Automation.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Issue 12: backups. scripts/backup.sh takes a dump while workflows are running; the system is then lost (SIGKILL);
/// scripts/verify-backup.sh proves the dump (checksum, schema version, row counts, every grain state deserializes);
/// scripts/restore.sh restores it into a new database, a silo and an API start on it with the same service id, and
/// every workflow that was running at backup time completes. Bad input: a backup of an unreachable database fails
/// loudly and leaves no dump; a restore refuses an existing database and a dump whose checksum does not match.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BackupRestoreTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workflows = 20;
    private readonly string _backups = Directory.CreateTempSubdirectory("automation-backups-").FullName;
    private readonly List<ProcessCluster> _clusters = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }

        Directory.Delete(_backups, recursive: true);
    }

    [Fact]
    public async Task BackupWhileWorkflowsRun_RestoreIntoANewDatabase_VerifiedAndTheRunningWorkflowsCompleteThere()
    {
        var original = await ProcessCluster.CreateAsync("backup", output);
        _clusters.Add(original);
        await original.StartSiloAsync(TimeSpan.FromSeconds(5));
        using (var http = await original.StartApiAsync())
        {
            (await http.PutAsync("/api/v1/definitions/backup", ProcessCluster.Json("""
            { "steps": [ { "id": "first", "type": "transform", "with": { "value": "{{ input.n }}" } },
                         { "id": "wait", "type": "delay", "dependsOn": ["first"], "with": { "duration": "15s" } },
                         { "id": "done", "type": "transform", "dependsOn": ["wait"], "with": { "value": "{{ steps.first.output | plus: 1 }}" } } ] }
            """))).StatusCode.Should().Be(HttpStatusCode.Created);
            for (var i = 0; i < Workflows; i++)
            {
                (await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "backup", "workflowId": "backup-{{i}}", "input": { "n": {{i}} } }""")))
                    .StatusCode.Should().Be(HttpStatusCode.Created);
            }

            await WaitForDelaysAsync(original, http);
            var backup = await ScriptAsync("backup.sh", "--dir", _backups, original.ConnectionString);
            backup.ExitCode.Should().Be(0, backup.Output);
        }

        _clusters.Remove(original);
        await original.DisposeAsync(); // the system is lost (SIGKILL)
        var dump = Directory.GetFiles(_backups, "automation-*.dump").Should().ContainSingle().Subject;
        File.Exists(dump + ".sha256").Should().BeTrue();
        (await RunningAsync(await RestoredCopyAsync(dump, "inspect"))).Should().Be(Workflows, "the dump was taken while every workflow waited in its delay");

        var verify = await ScriptAsync("verify-backup.sh", "--server", original.ConnectionString, "--service-id", original.Name,
            "--silo", ServiceProcess.ProjectDll("Automation.Silo"), dump);
        output.WriteLine(verify.Output);
        verify.ExitCode.Should().Be(0, verify.Output);
        verify.Output.Should().Contain("grain state workflow: ").And.Contain("Every grain state row of service").And.Contain("automation_workflows");

        var restored = await ProcessCluster.CreateAsync("restored", output, await RestoredCopyAsync(dump, "restored"), original.Name);
        _clusters.Add(restored);
        await restored.StartSiloAsync(TimeSpan.FromSeconds(5));
        using var client = await restored.StartApiAsync();
        for (var i = 0; i < Workflows; i++)
        {
            var workflow = await restored.GetWithRetryAsync(client, $"/api/v1/workflows/backup-{i}?wait=60s");
            workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText());
            workflow.GetProperty("output").GetProperty("done").GetInt32().Should().Be(i + 1);
        }
    }

    [Fact]
    public async Task Backup_OfAnUnreachableDatabase_FailsLoudlyAndLeavesNoDump()
    {
        var result = await ScriptAsync("backup.sh", "--dir", _backups, $"Host=127.0.0.1;Port={TestSilo.FreePort()};Username=postgres;Database=automation");

        result.ExitCode.Should().Be(1);
        result.Output.Should().Contain("BACKUP FAILED: the database is unreachable");
        Directory.GetFileSystemEntries(_backups).Should().BeEmpty("no partial file is left, let alone one that looks valid");
    }

    [Fact]
    public async Task Restore_RefusesAnExistingDatabase_AndADumpThatDoesNotMatchItsChecksum()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        (await ScriptAsync("backup.sh", "--dir", _backups, db)).ExitCode.Should().Be(0);
        var dump = Directory.GetFiles(_backups, "automation-*.dump").Single();

        var existing = await ScriptAsync("restore.sh", dump, db);
        existing.ExitCode.Should().Be(1);
        existing.Output.Should().Contain("already exists; restore into a new database");

        await File.AppendAllTextAsync(dump, "tampered");
        var tampered = await ScriptAsync("restore.sh", dump, WithDatabase(db, "tampered_" + Guid.NewGuid().ToString("N")[..8]));
        tampered.ExitCode.Should().Be(1);
        tampered.Output.Should().Contain("does not match");
    }

    private async Task<string> RestoredCopyAsync(string dump, string prefix)
    {
        var target = WithDatabase(await PostgresServer.GetAdminConnectionStringAsync(), prefix + "_" + Guid.NewGuid().ToString("N")[..12]);
        var restore = await ScriptAsync("restore.sh", dump, target);
        restore.ExitCode.Should().Be(0, restore.Output);
        return target;
    }

    private static string WithDatabase(string connectionString, string database) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;

    private static async Task<int> RunningAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM automation_workflows WHERE status = 'Running' AND workflow_id LIKE 'backup-%'", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), global::System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForDelaysAsync(ProcessCluster cluster, HttpClient http)
    {
        // Every workflow has completed its first step and waits in the delay, as the API reports it.
        for (var i = 0; i < Workflows; i++)
        {
            for (var attempt = 0; ; attempt++)
            {
                var workflow = await cluster.GetWithRetryAsync(http, $"/api/v1/workflows/backup-{i}");
                var first = workflow.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "first");
                if (first.GetProperty("status").GetString() == "Completed")
                {
                    workflow.GetProperty("status").GetString().Should().Be("Running");
                    break;
                }

                attempt.Should().BeLessThan(300, "the first step is a transform");
                await Task.Delay(100);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> ScriptAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ServiceProcess.RepositoryRoot(), "scripts", script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("Automation__Postgres__ConnectionString");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
