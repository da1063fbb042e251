using Automation.Live;

namespace Automation.Grains.Live;

/// <summary>
/// Folds one flush's changes into a batch: several changes of one workflow become its latest, except that a step
/// starting to wait for an approval is kept as its own change (a later change of the same workflow in the same flush,
/// e.g. a parallel step finishing, must not hide the request for an approval). Alerts and services are rare and kept as they are.
/// </summary>
internal static class LiveCoalescer
{
    /// <summary>Coalesces <paramref name="changes"/> (oldest first) into a new list, oldest first.</summary>
    /// <param name="changes">The changes in the order they were published.</param>
    /// <returns>The coalesced changes; a workflow's entry takes the position of its latest change.</returns>
    public static List<LiveChange> Coalesce(IReadOnlyList<LiveChange> changes)
    {
        var result = new List<LiveChange>(changes.Count);
        Dictionary<string, int>? latest = null;
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            // Walk newest first: the first change seen for a workflow is its latest; older ones are dropped.
            var change = changes[i];
            if (change.Topic != LiveTopic.Workflow || change.IsApproval)
            {
                result.Add(change);
                continue;
            }

            latest ??= new Dictionary<string, int>(StringComparer.Ordinal);
            if (latest.TryAdd(change.Id, i))
            {
                result.Add(change);
            }
        }

        result.Reverse();
        return result;
    }
}
