namespace Automation.Agent.Protocol;

/// <summary>The error of a <c>fail</c> report.</summary>
internal sealed record TaskError(string Type, string Message);
