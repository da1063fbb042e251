using System.Data.Common;

namespace Automation.Grains;

/// <summary>Turns database failures into <see cref="StorageUnavailableException"/>, which (unlike the provider's exceptions) can cross a grain boundary.</summary>
internal static class StorageFailures
{
    /// <summary>Whether <paramref name="exception"/> or one it wraps is a database failure.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> when a <see cref="DbException"/> is in the chain.</returns>
    public static bool IsStorageFailure(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            if (e is DbException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exception to throw to the caller in place of a database failure.</summary>
    /// <param name="exception">The database failure.</param>
    /// <param name="what">What could not be read or written, e.g. "workflow w-1: the state could not be written".</param>
    /// <returns>The exception.</returns>
    public static StorageUnavailableException Unavailable(Exception exception, string what) =>
        new($"{what} ({exception.GetType().Name}: {exception.Message}).");
}
