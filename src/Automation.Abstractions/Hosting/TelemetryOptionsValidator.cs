using Microsoft.Extensions.Options;

namespace Automation.Hosting;

/// <summary>Checks <see cref="TelemetryOptions"/> at start-up; each failure names the setting.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && !(Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https" && !string.IsNullOrEmpty(endpoint.Host)))
        {
            failures.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http or https URI, e.g. http://otel-collector:4317 (got '{options.OtlpEndpoint}').");
        }

        if (options.OtlpProtocol is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"{TelemetryOptions.SectionName}:OtlpProtocol must be 'grpc' or 'http/protobuf' (got '{options.OtlpProtocol}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Reads and checks the options from configuration at once, for choices made while the host is built.</summary>
    /// <param name="section">The <c>Automation:Telemetry</c> section.</param>
    /// <returns>The valid options.</returns>
    /// <exception cref="OptionsValidationException">A setting is invalid; the message names it.</exception>
    public static TelemetryOptions Read(Microsoft.Extensions.Configuration.IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var options = new TelemetryOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(section, options);
        var result = new TelemetryOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(TelemetryOptions), result.Failures) : options;
    }
}
