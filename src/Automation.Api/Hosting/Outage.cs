namespace Automation.Api.Hosting;

/// <summary>What an exception says is unavailable; see <see cref="Outages.Classify"/>.</summary>
public enum Outage
{
    /// <summary>Not an outage: a bug or an unexpected failure (500).</summary>
    None,

    /// <summary>No silo could take or answer the call (503).</summary>
    Cluster,

    /// <summary>PostgreSQL did not answer or refused the connection (503).</summary>
    Database,
}
