namespace Automation;

/// <summary>Base class of the exceptions Automation throws on purpose.</summary>
[GenerateSerializer, Alias("automation.AutomationException")]
public abstract class AutomationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause, if any.</param>
    protected AutomationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
