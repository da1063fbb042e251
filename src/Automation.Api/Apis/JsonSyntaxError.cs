namespace Automation.Api.Apis;

/// <summary>Where a request body stops being JSON, for callers that show it in an editor.</summary>
/// <param name="Line">The line, from 1.</param>
/// <param name="Column">The column in that line, from 1, counted in UTF-16 characters (as editors count).</param>
/// <param name="Message">The problem message, the same text a 400 for this body gives.</param>
internal sealed record JsonSyntaxError(int Line, int Column, string Message);
