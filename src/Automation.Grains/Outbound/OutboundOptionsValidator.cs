using Microsoft.Extensions.Options;

namespace Automation.Grains.Outbound;

/// <summary>Validates <see cref="OutboundOptions"/> at start-up: every allow entry is a CIDR, an address or a host name.</summary>
internal sealed class OutboundOptionsValidator : IValidateOptions<OutboundOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OutboundOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Allow.Count; i++)
        {
            if (!OutboundAllowEntry.TryParse(options.Allow[i], out _))
            {
                failures.Add($"{OutboundOptions.SectionName}:Allow:{i} '{options.Allow[i]}' is not a CIDR range, an IP address or a host name.");
            }
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
