using System.Text.Json;
using Automation.Alerts;
using Automation.Grains.Alerts;

namespace Automation.Grains.Tests.Alerts;

/// <summary>The alert manager's state survives the System.Text.Json grain storage (routes and suppression markers).</summary>
public sealed class AlertManagerStateTests
{
    [Fact]
    public void State_RoundTripThroughSystemTextJson_KeepsRoutesAndSuppressedKeys()
    {
        var state = new AlertManagerState
        {
            Routes = new AlertRoutes(["ops", "team"], AlertSeverity.Warning)
            {
                EscalationAfter = TimeSpan.FromMinutes(15),
                EscalationChannels = ["pager"],
                Template = "alert-text",
                UpdatedBy = "alice",
                UpdatedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero),
            },
            Suppressed = ["service/batch/unhealthy"],
        };

        var read = JsonSerializer.Deserialize<AlertManagerState>(JsonSerializer.Serialize(state))!;

        read.Routes.Channels.Should().Equal("ops", "team");
        read.Routes.MinSeverity.Should().Be(AlertSeverity.Warning);
        read.Routes.EscalationAfter.Should().Be(TimeSpan.FromMinutes(15));
        read.Routes.EscalationChannels.Should().Equal("pager");
        read.Routes.Template.Should().Be("alert-text");
        read.Routes.UpdatedBy.Should().Be("alice");
        read.Routes.UpdatedAt.Should().Be(state.Routes.UpdatedAt);
        read.Suppressed.Should().BeEquivalentTo(["service/batch/unhealthy"]);
    }
}
