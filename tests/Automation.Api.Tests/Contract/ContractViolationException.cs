namespace Automation.Api.Tests.Contract;

/// <summary>A response the API sent that its own OpenAPI document does not allow.</summary>
/// <param name="message">What was sent and every way it breaks the document.</param>
public sealed class ContractViolationException(string message) : Exception(message);
