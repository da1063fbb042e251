using System.Text.Json;

namespace Automation.Definitions;

/// <summary>One node of a workflow DAG.</summary>
/// <param name="Id">Unique step id within the definition.</param>
/// <param name="Type">Handler type: <c>http</c>, <c>delay</c> or <c>transform</c>.</param>
/// <param name="DependsOn">Ids of the steps that must complete before this one starts.</param>
/// <param name="With">Handler arguments; strings may contain <c>{{ }}</c> templates.</param>
/// <param name="Retry">The effective retry policy (step value merged over the definition's defaults).</param>
/// <param name="Timeout">The effective per-attempt timeout.</param>
[GenerateSerializer, Immutable, Alias("automation.StepDefinition")]
public sealed record StepDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] IReadOnlyList<string> DependsOn,
    [property: Id(3)] JsonElement With,
    [property: Id(4)] RetryPolicy Retry,
    [property: Id(5)] TimeSpan Timeout);
