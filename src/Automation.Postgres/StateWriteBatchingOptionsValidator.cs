using Microsoft.Extensions.Options;

namespace Automation.Postgres;

/// <summary>Validates <see cref="StateWriteBatchingOptions"/> at start-up, naming the setting.</summary>
internal sealed class StateWriteBatchingOptionsValidator : IValidateOptions<StateWriteBatchingOptions>
{
    /// <summary>The most of either setting: more connections or statements per transaction help nothing.</summary>
    public const int Max = 1024;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StateWriteBatchingOptions options)
    {
        var errors = new List<string>();
        if (options.Concurrency is < 1 or > Max)
        {
            errors.Add($"{StateWriteBatchingOptions.SectionName}:Concurrency must be between 1 and {Max} (got {options.Concurrency}).");
        }

        if (options.MaxBatchSize is < 1 or > Max)
        {
            errors.Add($"{StateWriteBatchingOptions.SectionName}:MaxBatchSize must be between 1 and {Max} (got {options.MaxBatchSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
