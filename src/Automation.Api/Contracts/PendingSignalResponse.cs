using System.Text.Json;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>A signal no step has taken yet; the first <c>wait</c> step for its name takes it when it is reached.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="Payload">The JSON sent with it.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record PendingSignalResponse(string Name, JsonElement Payload, DateTimeOffset ReceivedAt)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="signal">The signal.</param>
    /// <returns>The API record.</returns>
    public static PendingSignalResponse From(PendingSignal signal) => new(signal.Name, signal.Payload, signal.ReceivedAt);
}
