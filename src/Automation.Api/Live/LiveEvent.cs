using Automation.Live;

namespace Automation.Api.Live;

/// <summary>An event framed once for every connection it goes to.</summary>
/// <param name="Change">The change it carries; <see langword="null"/> for a control event (ready, resync), which every connection gets.</param>
/// <param name="Frame">The framed bytes.</param>
internal sealed record LiveEvent(LiveChange? Change, byte[] Frame);
