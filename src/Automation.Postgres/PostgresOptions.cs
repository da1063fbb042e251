namespace Automation.Postgres;

/// <summary>Where Automation keeps its data. Bound from the configuration section <c>Automation:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Postgres";

    /// <summary>The Npgsql connection string (required). Secret: never logged, never shown in option dumps.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Whether a silo applies the shipped schema (<c>sql/</c>) when it starts. Default <see langword="true"/>.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <inheritdoc />
    public override string ToString() => $"PostgresOptions {{ ConnectionString = [redacted], MigrateOnStart = {MigrateOnStart} }}";
}
