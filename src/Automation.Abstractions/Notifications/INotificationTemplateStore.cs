namespace Automation.Notifications;

/// <summary>Versioned notification templates at rest; a version is never changed once stored.</summary>
public interface INotificationTemplateStore
{
    /// <summary>Stores a new version: 1 for a new name, else the latest + 1.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="subject">The subject template, if any.</param>
    /// <param name="body">The body template.</param>
    /// <param name="html">The HTML template, if any.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored version.</returns>
    Task<NotificationTemplate> AddAsync(string name, string? subject, string body, string? html, CancellationToken cancellationToken = default);

    /// <summary>Reads one version, or the latest.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="version">The version; <see langword="null"/> for the latest.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The template, or <see langword="null"/> when there is no such name or version.</returns>
    Task<NotificationTemplate?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the latest version of every template, ordered by name.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The templates.</returns>
    Task<IReadOnlyList<NotificationTemplate>> ListAsync(CancellationToken cancellationToken = default);
}
