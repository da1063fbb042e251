namespace Automation.Api.Contracts;

/// <summary>Answer to a heartbeat.</summary>
/// <param name="CancelRequested">The workflow no longer wants this attempt (cancelled, terminated, timed out): stop; a later report gets 409.</param>
/// <param name="Deadlines">The task's deadlines after this heartbeat.</param>
public sealed record TaskHeartbeatResponse(bool CancelRequested, TaskDeadlinesResponse Deadlines);
