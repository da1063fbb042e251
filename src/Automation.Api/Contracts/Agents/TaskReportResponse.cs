namespace Automation.Api.Contracts;

/// <summary>Answer to a report.</summary>
/// <param name="Accepted">Always true: a report that is not accepted gets a problem response.</param>
public sealed record TaskReportResponse(bool Accepted);
