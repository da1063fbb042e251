namespace Automation.Workflows;

/// <summary>The child workflows of a <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step, as the workflow shows them.</summary>
/// <param name="Total">How many children the step runs (items of a <c>foreach</c>, branches of a <c>parallel</c>, 1 for <c>workflow</c>).</param>
/// <param name="Started">How many have been started.</param>
/// <param name="Completed">How many completed.</param>
/// <param name="Failed">How many ended otherwise (failed, timed out, cancelled, terminated).</param>
/// <param name="Running">The ids of the children running now.</param>
/// <param name="IdPrefix">Every child's id starts with this: <c>GET /workflows?parentId=</c> lists them all.</param>
[GenerateSerializer, Immutable, Alias("automation.StepChildren")]
public sealed record StepChildren(
    [property: Id(0)] int Total,
    [property: Id(1)] int Started,
    [property: Id(2)] int Completed,
    [property: Id(3)] int Failed,
    [property: Id(4)] IReadOnlyList<string> Running,
    [property: Id(5)] string IdPrefix);
