using Automation.Alerts;
using Automation.Grains.Live;
using Automation.Live;

namespace Automation.Grains.Alerts;

internal sealed partial class AlertManagerGrain
{
    /// <summary>Hands a stored alert change to the silo's live feed (an in-memory enqueue, best effort).</summary>
    /// <param name="alert">The alert after the change.</param>
    /// <param name="action"><c>raised</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
    private void PublishLive(Alert alert, string action) =>
        live.Publish(new LiveChange(LiveTopic.Alert, alert.Id, LiveNames.Of(alert.Status), 0, time.GetUtcNow())
        {
            Severity = LiveNames.Of(alert.Severity),
            Source = alert.SourceName,
            Title = alert.Title,
            Action = action,
        });
}
