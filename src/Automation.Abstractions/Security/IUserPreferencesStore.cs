using System.Text.Json;

namespace Automation.Security;

/// <summary>Each user's preferences (a JSON document the API validates), in PostgreSQL.</summary>
public interface IUserPreferencesStore
{
    /// <summary>Reads a user's preferences.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document and when it was written, or <see langword="null"/> when the user never saved any.</returns>
    Task<(JsonElement Preferences, DateTimeOffset UpdatedAt)?> GetAsync(string username, CancellationToken cancellationToken = default);

    /// <summary>Replaces a user's preferences.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="preferences">The document.</param>
    /// <param name="now">The time of the write.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when the user does not exist.</returns>
    Task<bool> PutAsync(string username, JsonElement preferences, DateTimeOffset now, CancellationToken cancellationToken = default);
}
