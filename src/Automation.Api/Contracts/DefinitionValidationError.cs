namespace Automation.Api.Contracts;

/// <summary>One problem in a definition document, at its JSON path.</summary>
/// <param name="Path">The JSON path of the offending value, for example <c>$.steps[2].with.url</c>; <c>$</c> for the whole document.</param>
/// <param name="Message">What is wrong, the same text PUT answers.</param>
/// <param name="Line">For malformed JSON only: the line where the text stops being JSON, from 1.</param>
/// <param name="Column">For malformed JSON only: the column in that line, from 1, in UTF-16 characters.</param>
public sealed record DefinitionValidationError(string Path, string Message, int? Line, int? Column);
