using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Validates <see cref="AlertOptions"/> at start-up.</summary>
internal sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        var failures = new List<string>();
        var section = AlertOptions.SectionName;
        if (options.ReconcileInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{section}:ReconcileInterval must be at least 1s (was {options.ReconcileInterval}).");
        }

        if (options.EscalationCheckInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{section}:EscalationCheckInterval must be at least 100ms (was {options.EscalationCheckInterval}).");
        }

        if (options.DeliveryAttempts is < 1 or > 20)
        {
            failures.Add($"{section}:DeliveryAttempts must be between 1 and 20 (was {options.DeliveryAttempts}).");
        }

        if (options.DeliveryBackoff <= TimeSpan.Zero || options.MaxDeliveryBackoff < options.DeliveryBackoff)
        {
            failures.Add($"{section}:DeliveryBackoff must be positive and at most MaxDeliveryBackoff (were {options.DeliveryBackoff} and {options.MaxDeliveryBackoff}).");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{section}:AttemptTimeout must be positive (was {options.AttemptTimeout}).");
        }

        if (options.DashboardBaseUrl is { } url && !Automation.Notifications.ChannelNames.IsHttpUrl(url))
        {
            failures.Add($"{section}:DashboardBaseUrl must be an absolute http(s) URL (was '{url}').");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
