using Microsoft.Extensions.Options;

namespace Automation.Postgres;

/// <summary>Validates <see cref="StateWriteBatchingOptions"/> at start-up, naming the setting.</summary>
internal sealed class StateWriteBatchingOptionsValidator : IValidateOptions<StateWriteBatchingOptions>
{
    /// <summary>The most transactions in flight: each holds one of the pool's connections (Npgsql's default pool is 100), which the silo's other stores share.</summary>
    public const int MaxConcurrency = 64;

    /// <summary>The most writes in one transaction: more groups nothing measurable and holds more rows' locks for longer.</summary>
    public const int MaxBatchSize = 256;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StateWriteBatchingOptions options)
    {
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > MaxConcurrency)
        {
            errors.Add($"{StateWriteBatchingOptions.SectionName}:Concurrency must be between 1 and {MaxConcurrency} (got {options.Concurrency}).");
        }

        if (options.MaxBatchSize is < 1 or > MaxBatchSize)
        {
            errors.Add($"{StateWriteBatchingOptions.SectionName}:MaxBatchSize must be between 1 and {MaxBatchSize} (got {options.MaxBatchSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
