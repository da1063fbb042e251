namespace Automation.Postgres;

/// <summary>What one state write statement answered.</summary>
/// <param name="Version">The state's version after the statement: a new one when the write won, the caller's (or none) when another write won.</param>
/// <param name="RowWritten">Whether the workflow's visibility row was written with it.</param>
internal readonly record struct StateWriteOutcome(int? Version, bool RowWritten);
