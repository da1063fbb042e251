using System.ComponentModel.DataAnnotations;

namespace Automation.Postgres;

/// <summary>Where Automation keeps its data. Bound from the configuration section <c>Automation:Postgres</c>.</summary>
public sealed class PostgresOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Postgres";

    /// <summary>The Npgsql connection string. Secret: never logged.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";
}
