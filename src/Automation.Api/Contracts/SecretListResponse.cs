namespace Automation.Api.Contracts;

/// <summary>Every secret's metadata, ordered by name; never a value.</summary>
/// <param name="Items">The secrets.</param>
public sealed record SecretListResponse(IReadOnlyList<SecretResponse> Items);
