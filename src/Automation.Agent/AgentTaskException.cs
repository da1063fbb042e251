namespace Automation.Agent;

/// <summary>Thrown by a handler to fail its task with an error type and a retry decision of its own.</summary>
public sealed class AgentTaskException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="type">The error type the step records, e.g. <c>render.bad-template</c>.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="retryable">Whether the step's retry policy may run the step again.</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <exception cref="ArgumentException"><paramref name="type"/> is empty.</exception>
    public AgentTaskException(string type, string message, bool retryable = true, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        Type = type;
        Retryable = retryable;
    }

    /// <summary>The error type the step records.</summary>
    public string Type { get; }

    /// <summary>Whether the step's retry policy may run the step again.</summary>
    /// <value><see langword="true"/> unless the constructor said otherwise.</value>
    public bool Retryable { get; }
}
