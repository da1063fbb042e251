using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The child workflows of a <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step.</summary>
/// <param name="Total">How many children the step runs.</param>
/// <param name="Started">How many have been started.</param>
/// <param name="Completed">How many completed.</param>
/// <param name="Failed">How many ended otherwise (failed, timed out, cancelled, terminated).</param>
/// <param name="Running">The ids of the children running now.</param>
/// <param name="IdPrefix">Every child's id starts with this; <c>GET /api/v1/workflows?parentId=</c> lists them.</param>
public sealed record StepChildrenResponse(int Total, int Started, int Completed, int Failed, IReadOnlyList<string> Running, string IdPrefix)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="children">The children.</param>
    /// <returns>The API record.</returns>
    public static StepChildrenResponse From(StepChildren children) =>
        new(children.Total, children.Started, children.Completed, children.Failed, children.Running, children.IdPrefix);
}
