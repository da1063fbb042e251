namespace Automation.Api.Contracts;

/// <summary>Every channel, ordered by name; never a secret.</summary>
/// <param name="Items">The channels.</param>
public sealed record ChannelListResponse(IReadOnlyList<ChannelResponse> Items);
