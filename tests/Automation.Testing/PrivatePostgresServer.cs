using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Automation.Postgres;
using Npgsql;

namespace Automation.Testing;

/// <summary>
/// A PostgreSQL server of one test's own, for fault injection: <see cref="StopAsync"/> takes it down under a running
/// system and <see cref="StartAgainAsync"/> brings it back on the same data folder and port, so connection strings
/// handed out before stay valid. Unlike <see cref="PostgresServer"/> (one shared server per test process, possibly an
/// external one) it is always started from the local binaries, and disposing it stops it and deletes its data.
/// </summary>
public sealed class PrivatePostgresServer : IAsyncDisposable
{
    // The same folder prefix as PostgresServer's, so that its clean-up of stale folders also removes ours.
    private const string FolderPrefix = "automation-pg-";

    private readonly PostgresBinaries _binaries;
    private readonly string _root;
    private readonly string _data;
    private readonly string? _runAs;

    private PrivatePostgresServer(PostgresBinaries binaries, string root, string? runAs, int port)
    {
        _binaries = binaries;
        _root = root;
        _data = Path.Combine(root, "data");
        _runAs = runAs;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1; the same after a restart.</summary>
    public int Port { get; }

    /// <summary>Whether the server is running (as far as this object knows).</summary>
    public bool IsRunning { get; private set; }

    /// <summary>The connection string of the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = "postgres",
    }.ConnectionString;

    /// <summary>Creates a data folder with <c>initdb</c> and starts the server on a free port.</summary>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">No PostgreSQL binaries were found, or the server did not start.</exception>
    public static async Task<PrivatePostgresServer> StartAsync()
    {
        var binaries = PostgresBinaries.Find();
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (runAs is not null)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            if (!await ProcessRunner.TryRunAsync("id", ["-u", "postgres"]).ConfigureAwait(false))
            {
                await ProcessRunner.RunAsync("useradd", ["-r", "postgres"]).ConfigureAwait(false);
            }

            await ProcessRunner.RunAsync("chown", ["postgres:", root]).ConfigureAwait(false);
        }

        await ProcessRunner.RunAsync(binaries.InitDb, ["-D", Path.Combine(root, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], runAs)
            .ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var server = new PrivatePostgresServer(binaries, root, runAs, FreePort());
            try
            {
                await server.StartAgainAsync().ConfigureAwait(false);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between probing and binding: try another.
            }
        }
    }

    /// <summary>Creates a fresh, uniquely named database with the shipped schema applied.</summary>
    /// <returns>Its connection string.</returns>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "automation_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        await new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None).ConfigureAwait(false);
        return connectionString;
    }

    /// <summary>
    /// Stops the server. <c>fast</c> (the default) is an orderly shutdown: sessions are told "terminating connection due to
    /// administrator command" (57P01) and closed. <c>immediate</c> is a crash: processes are killed without a checkpoint.
    /// </summary>
    /// <param name="mode"><c>fast</c> or <c>immediate</c>.</param>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async Task StopAsync(string mode = "fast")
    {
        await ProcessRunner.RunAsync(_binaries.PgCtl, ["-D", _data, "-m", mode, "-w", "-t", "60", "stop"], _runAs).ConfigureAwait(false);
        IsRunning = false;
    }

    /// <summary>Starts the server (again) on the same data folder and port, and waits until it accepts connections.</summary>
    /// <returns>A task that completes when the server is up.</returns>
    public async Task StartAgainAsync()
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {_data} -c max_connections=300";
        await ProcessRunner.RunAsync(_binaries.PgCtl, ["-D", _data, "-l", Path.Combine(_data, "server.log"), "-w", "-t", "60", "-o", options, "start"], _runAs)
            .ConfigureAwait(false);
        IsRunning = true;
    }

    /// <summary>The server's own log, for failure messages.</summary>
    /// <returns>Its last lines.</returns>
    public string LogTail()
    {
        var path = Path.Combine(_data, "server.log");
        return File.Exists(path) ? string.Join('\n', File.ReadLines(path).TakeLast(30)) : "";
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_data, "postmaster.pid")))
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await ProcessRunner.RunAsync(_binaries.PgCtl, ["-D", _data, "-m", "immediate", "-w", "stop"], _runAs).WaitAsync(stop.Token).ConfigureAwait(false);
            }

            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // Best effort: PostgresServer removes stale folders of ours on a later run.
            Trace.WriteLine($"Could not remove {_root}: {ex.Message}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
