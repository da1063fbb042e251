using Automation.Definitions;

namespace Automation.Services;

/// <summary>The outcome of registering a service.</summary>
/// <param name="Created">Whether it is new.</param>
/// <param name="Snapshot">The service, when registered.</param>
/// <param name="Errors">Why nothing was registered (unknown dependency, cycle), located by JSON path; <see langword="null"/> on success.</param>
[GenerateSerializer, Immutable, Alias("automation.PutServiceResult")]
public sealed record PutServiceResult(
    [property: Id(0)] bool Created,
    [property: Id(1)] ServiceSnapshot? Snapshot,
    [property: Id(2)] IReadOnlyList<ValidationError>? Errors);
