namespace Automation.Testing;

/// <summary>Where <c>initdb</c> and <c>pg_ctl</c> live on this machine.</summary>
/// <param name="InitDb">Full path of initdb.</param>
/// <param name="PgCtl">Full path of pg_ctl.</param>
internal sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    /// <summary>Searches PATH, then <c>/usr/lib/postgresql/*/bin</c> (highest version first).</summary>
    /// <returns>The binaries.</returns>
    /// <exception cref="InvalidOperationException">They are not installed.</exception>
    public static PostgresBinaries Find()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var versioned = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Dir)
            : [];

        foreach (var dir in path.Concat(versioned))
        {
            var initDb = Path.Combine(dir, "initdb");
            var pgCtl = Path.Combine(dir, "pg_ctl");
            if (File.Exists(initDb) && File.Exists(pgCtl))
            {
                return new PostgresBinaries(initDb, pgCtl);
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. "
            + "Run scripts/ensure-postgres.sh to install them, or set AUTOMATION_TEST_POSTGRES to the connection string "
            + "of a server where the user can CREATE DATABASE.");
    }
}
