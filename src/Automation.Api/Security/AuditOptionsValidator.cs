using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>Refuses audit settings that would drop every record or never write one.</summary>
internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    private const string Section = AuditOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.BufferCapacity < 1)
        {
            errors.Add($"{Section}:BufferCapacity must be at least 1.");
        }

        if (options.MaxBatchSize is < 1 or > 10_000)
        {
            errors.Add($"{Section}:MaxBatchSize must be from 1 to 10000.");
        }

        if (options.FlushInterval <= TimeSpan.Zero || options.FlushInterval > TimeSpan.FromSeconds(10))
        {
            errors.Add($"{Section}:FlushInterval must be more than 0 and at most 00:00:10.");
        }

        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            errors.Add($"{Section}:ShutdownTimeout must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
