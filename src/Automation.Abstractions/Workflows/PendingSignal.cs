using System.Text.Json;

namespace Automation.Workflows;

/// <summary>A signal that no step has taken yet; the first <c>wait</c> step for its name takes it when it activates.</summary>
/// <param name="Name">The signal name.</param>
/// <param name="Payload">The JSON sent with it; it becomes the output of the step that takes it.</param>
/// <param name="ReceivedAt">When it arrived.</param>
[GenerateSerializer, Immutable, Alias("automation.PendingSignal")]
public sealed record PendingSignal(
    [property: Id(0)] string Name,
    [property: Id(1)] JsonElement Payload,
    [property: Id(2)] DateTimeOffset ReceivedAt);
