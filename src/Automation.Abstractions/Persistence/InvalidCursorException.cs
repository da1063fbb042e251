namespace Automation.Persistence;

/// <summary>A pagination cursor that was not produced by this service, or was altered.</summary>
public sealed class InvalidCursorException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the cursor was rejected.</param>
    public InvalidCursorException(string message)
        : base(message)
    {
    }
}
