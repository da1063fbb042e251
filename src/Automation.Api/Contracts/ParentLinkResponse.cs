using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>Where a child workflow belongs: its parent workflow, the parent's step that started it, and its position there.</summary>
/// <param name="WorkflowId">The parent workflow id.</param>
/// <param name="StepId">The parent's <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step.</param>
/// <param name="Index">The item index of a <c>foreach</c>, the branch index of a <c>parallel</c>, 0 for <c>workflow</c>.</param>
public sealed record ParentLinkResponse(string WorkflowId, string StepId, int Index)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="parent">The link.</param>
    /// <returns>The API record.</returns>
    public static ParentLinkResponse From(ParentLink parent) => new(parent.WorkflowId, parent.StepId, parent.Index);
}
