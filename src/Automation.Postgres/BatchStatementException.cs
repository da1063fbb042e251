using Npgsql;

namespace Automation.Postgres;

/// <summary>A statement of a <see cref="StateWriteBatcher"/> batch raised: the batch rolled back, and this is the one at fault.</summary>
/// <param name="index">The statement's position in the batch.</param>
/// <param name="error">What PostgreSQL answered.</param>
internal sealed class BatchStatementException(int index, PostgresException error)
    : Exception($"Statement {index} of a state write batch failed: {error.Message}", error)
{
    /// <summary>The statement's position in the batch.</summary>
    public int Index { get; } = index;

    /// <summary>What PostgreSQL answered (the exception its writer sees).</summary>
    public PostgresException Error { get; } = error;
}
