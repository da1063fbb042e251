namespace Automation.Operations;

/// <summary>Starts a batch operation.</summary>
/// <param name="Action">What to do to each matching workflow.</param>
/// <param name="Filter">Which workflows; must not be empty.</param>
/// <param name="Reason">Why, passed on to each workflow's cancel, terminate, pause or retry.</param>
/// <param name="CreatedBy">Who asked (a username or <c>apikey:ID</c>); also recorded as who retried.</param>
[GenerateSerializer, Immutable, Alias("automation.StartBatchOperationCommand")]
public sealed record StartBatchOperationCommand(
    [property: Id(0)] BatchAction Action,
    [property: Id(1)] BatchFilter Filter,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string CreatedBy);
