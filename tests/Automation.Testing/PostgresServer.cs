using System.Net;
using System.Net.Sockets;
using Automation.Postgres;
using Npgsql;

namespace Automation.Testing;

/// <summary>
/// The PostgreSQL server the integration tests use: one per test process. When the environment variable
/// <c>AUTOMATION_TEST_POSTGRES</c> holds a connection string (to a server where the user may create
/// databases) that server is used; otherwise a private server is started from the local PostgreSQL
/// binaries in a temporary folder, on 127.0.0.1 and a free port, and stopped when the process exits.
/// </summary>
/// <remarks>
/// Durability settings (<c>fsync</c>, <c>synchronous_commit</c>) keep their defaults: tests that kill
/// processes rely on committed data surviving. There is no silent skip: without binaries every test
/// that asks for a database fails with instructions.
/// </remarks>
public static class PostgresServer
{
    /// <summary>The environment variable naming an existing server.</summary>
    public const string ConnectionStringVariable = "AUTOMATION_TEST_POSTGRES";

    private const string FolderPrefix = "automation-pg-";

    private static readonly Lazy<Task<string>> AdminConnectionString = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates a fresh, uniquely named database with the shipped schema applied.</summary>
    /// <param name="name">The database name (letters, digits and underscores); a unique name when <see langword="null"/>.</param>
    /// <returns>The connection string of the new database.</returns>
    /// <exception cref="InvalidOperationException">No server is configured and no PostgreSQL binaries were found.</exception>
    public static async Task<string> CreateDatabaseAsync(string? name = null)
    {
        var connectionString = await CreateEmptyDatabaseAsync(name).ConfigureAwait(false);
        await new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None).ConfigureAwait(false);
        return connectionString;
    }

    /// <summary>Creates a fresh, uniquely named database without any schema, for tests of the migrator itself.</summary>
    /// <param name="name">The database name (letters, digits and underscores); a unique name when <see langword="null"/>.</param>
    /// <returns>The connection string of the new database.</returns>
    /// <exception cref="InvalidOperationException">No server is configured and no PostgreSQL binaries were found.</exception>
    public static async Task<string> CreateEmptyDatabaseAsync(string? name = null)
    {
        name ??= "automation_test_" + Guid.NewGuid().ToString("N");
        if (name.Length > 63 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{name}' is not a plain database name.", nameof(name));
        }

        var admin = await GetAdminConnectionStringAsync().ConfigureAwait(false);
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        // Idle pooled connections are closed after 15 s: every test class has its own database (so its own pool), and
        // pools of finished classes would otherwise hold connections for Npgsql's default 5 minutes.
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, ConnectionIdleLifetime = 15, ConnectionPruningInterval = 5 }.ConnectionString;
    }

    /// <summary>The connection string of the server's maintenance database, starting the private server on first use.</summary>
    /// <returns>The connection string.</returns>
    /// <exception cref="InvalidOperationException">No server is configured and no PostgreSQL binaries were found.</exception>
    public static Task<string> GetAdminConnectionStringAsync() => AdminConnectionString.Value;

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var binaries = PostgresBinaries.Find();
        RemoveStaleServers();
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var root = Path.Combine(Path.GetTempPath(), FolderPrefix + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        if (runAs is not null)
        {
            // initdb refuses to run as root: the cluster belongs to the postgres user.
            await EnsurePostgresUserAsync().ConfigureAwait(false);
            await ProcessRunner.RunAsync("chown", ["postgres:", root]).ConfigureAwait(false);
        }

        await ProcessRunner.RunAsync(binaries.InitDb, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"], runAs).ConfigureAwait(false);

        var port = 0;
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort();
            var options = $"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c max_connections=1000";
            try
            {
                await ProcessRunner.RunAsync(binaries.PgCtl, ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60", "-o", options, "start"], runAs).ConfigureAwait(false);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between probing and binding: try another.
            }
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(binaries, data, root, runAs);
        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
        }.ConnectionString;
    }

    private static void Stop(PostgresBinaries binaries, string data, string root, string? runAs)
    {
        try
        {
            ProcessRunner.RunAsync(binaries.PgCtl, ["-D", data, "-m", "immediate", "-w", "stop"], runAs).Wait(TimeSpan.FromSeconds(20));
            Directory.Delete(root, recursive: true);
        }
        catch (Exception ex) when (ex is AggregateException or IOException or UnauthorizedAccessException)
        {
            // Best effort at process exit: a leftover temp folder is harmless.
        }
    }

    private static void RemoveStaleServers()
    {
        // The test host may be killed before ProcessExit finishes deleting the data folder. Folders of
        // earlier runs whose server is gone are removed here; young folders may belong to a process that
        // is still running initdb, and a live postmaster.pid means a server is in use.
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            try
            {
                if (Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10) || IsServerRunning(folder))
                {
                    continue;
                }

                Directory.Delete(folder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Another process is removing it, or it is not ours to remove.
            }
        }
    }

    private static bool IsServerRunning(string folder)
    {
        var pidFile = Path.Combine(folder, "data", "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return false;
        }

        var firstLine = File.ReadLines(pidFile).FirstOrDefault();
        return int.TryParse(firstLine, out var pid) && Directory.Exists($"/proc/{pid}");
    }

    private static async Task EnsurePostgresUserAsync()
    {
        if (await ProcessRunner.TryRunAsync("id", ["-u", "postgres"]).ConfigureAwait(false))
        {
            return;
        }

        await ProcessRunner.RunAsync("useradd", ["-r", "postgres"]).ConfigureAwait(false);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
