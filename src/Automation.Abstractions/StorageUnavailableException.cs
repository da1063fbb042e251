namespace Automation;

/// <summary>
/// The database did not answer (or refused) a read or write. Thrown by grains in place of the provider's own
/// exception, which cannot cross a grain boundary; the API answers <c>503</c> with <c>Retry-After</c>. Nothing was
/// changed; the same call can be retried.
/// </summary>
[GenerateSerializer, Alias("automation.StorageUnavailableException")]
public sealed class StorageUnavailableException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What could not be read or written.</param>
    public StorageUnavailableException(string message)
        : base(message)
    {
    }
}
