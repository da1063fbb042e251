using Microsoft.Extensions.Options;

namespace Automation.Agent;

/// <summary>Checks <see cref="AgentOptions"/> and the registered capabilities at start-up; each failure names the setting.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    private readonly AgentHandlerRegistry? _handlers;

    /// <summary>Creates a validator of the options alone (no capability check).</summary>
    public AgentOptionsValidator()
    {
    }

    internal AgentOptionsValidator(AgentHandlerRegistry handlers) => _handlers = handlers;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = AgentOptions.SectionName;
        var failures = new List<string>();
        if (options.ServerUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{S}:ServerUrl is required: an absolute http or https URL.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{S}:ApiKey is required (an API key with the agent role).");
        }

        if (string.IsNullOrWhiteSpace(options.Name) || options.Name.Length > 100)
        {
            failures.Add($"{S}:Name must be 1–100 characters.");
        }

        if (options.MaxConcurrency is < 1 or > 1000)
        {
            failures.Add($"{S}:MaxConcurrency must be between 1 and 1000.");
        }

        if (options.Labels is null || options.Labels.Count > 50)
        {
            failures.Add($"{S}:Labels may hold at most 50 entries.");
        }

        if (options.PollWait < TimeSpan.Zero || options.PollWait > TimeSpan.FromSeconds(60))
        {
            failures.Add($"{S}:PollWait must be between 0 and 60 seconds.");
        }

        if (options.DrainTimeout < TimeSpan.Zero)
        {
            failures.Add($"{S}:DrainTimeout must not be negative.");
        }

        if (options.MaxRetryAttempts is < 0 or > 100)
        {
            failures.Add($"{S}:MaxRetryAttempts must be between 0 and 100.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.ReconnectDelay <= TimeSpan.Zero)
        {
            failures.Add($"{S}:RetryDelay and {S}:ReconnectDelay must be positive.");
        }

        if (_handlers is { Count: 0 })
        {
            failures.Add("No capability registered: call AddCapability on the builder AddAutomationAgent returns.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
