using System.Text.Json;
using Automation.Secrets;

namespace Automation.Notifications;

/// <summary>Notification channels at rest, one row per name; secrets arrive already encrypted (<see cref="SecretKeyRing"/>).</summary>
public interface INotificationChannelStore
{
    /// <summary>Creates the channel (version 1) or replaces it (version + 1).</summary>
    /// <param name="name">The channel name.</param>
    /// <param name="type">One of <see cref="ChannelTypes.All"/>.</param>
    /// <param name="settings">The non-secret settings, a JSON object.</param>
    /// <param name="secrets">The secret fields, encrypted.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The metadata after the write.</returns>
    Task<ChannelMetadata> PutAsync(string name, string type, JsonElement settings, EncryptedSecret secrets, CancellationToken cancellationToken = default);

    /// <summary>Reads one channel with its encrypted secrets.</summary>
    /// <param name="name">The channel name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The channel, or <see langword="null"/> when there is none of that name.</returns>
    Task<StoredChannel?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Lists every channel's metadata, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The metadata.</returns>
    Task<IReadOnlyList<ChannelMetadata>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a channel.</summary>
    /// <param name="name">The channel name.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when it existed.</returns>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
