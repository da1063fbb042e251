namespace Automation.Api.Security;

/// <summary>How the API writes request audit records. Bound from the configuration section <c>Automation:Audit</c>.</summary>
/// <remarks>See <see cref="AuditWriter"/> and docs/adr/0006-audit-trail-writes.md for what these trade.</remarks>
public sealed class AuditOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Audit";

    /// <summary>
    /// Records kept in memory while they wait to be written (for example while PostgreSQL is down). A record that
    /// arrives when the buffer is full is dropped, with a warning in the log. Default 10,000.
    /// </summary>
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary>The most records appended by one statement. Default 500.</summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// How long the writer gathers records after the first one arrives before it appends them (sooner when a batch is
    /// full). Bounds how long a record waits in memory while the database is up. Default 200 ms.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long stopping the API may keep retrying the last records when the database is down. Default 5 s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
