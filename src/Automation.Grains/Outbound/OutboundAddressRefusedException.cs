namespace Automation.Grains.Outbound;

/// <summary>
/// A probe, a notification or an http step named a host whose addresses the outbound policy refuses
/// (<see cref="OutboundOptions"/>). Never retryable: the next attempt meets the same policy.
/// </summary>
public sealed class OutboundAddressRefusedException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Which address was refused, and the setting that would allow it.</param>
    public OutboundAddressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>The error type steps and deliveries record.</summary>
    public const string ErrorType = "outbound.refused";

    /// <summary>Finds the refusal in an exception chain (an <see cref="HttpRequestException"/> wraps it).</summary>
    /// <param name="exception">The exception caught.</param>
    /// <returns>The refusal, or <see langword="null"/>.</returns>
    public static OutboundAddressRefusedException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
