namespace Automation.Postgres;

/// <summary>One embedded schema script.</summary>
/// <param name="Name">The path below <c>sql/</c>, for example <c>PostgreSQL-Main.sql</c>; the key in <c>automation_schema_version</c>.</param>
/// <param name="Text">The SQL.</param>
/// <param name="Checksum">Lower-case hex SHA-256 of the text with line endings normalized to LF.</param>
internal sealed record SchemaScript(string Name, string Text, string Checksum);
