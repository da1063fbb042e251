using System.Text.Json;
using Automation.Alerts;
using Automation.Engine.Alerts;
using Automation.Services;

namespace Automation.Engine.Tests.Alerts;

/// <summary>The built-in alert message: the seed's alert body, field by field.</summary>
public sealed class AlertMessageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static Alert FromService()
    {
        var raise = ServiceAlerts.Unhealthy("payments", "3 consecutive failures (unhealthyAfter 3): HTTP 503",
            new ProbeResult(T0, T0, 12.34, false, "HTTP 503") { StatusCode = 503 }, 3, T0, "https://automation.example.com/");
        return new Alert("0123456789abcdef0123456789abcdef", raise.SourceKind, raise.SourceName, raise.Rule, raise.Severity, AlertStatus.Open, raise.Title, raise.Description, T0)
        {
            Metrics = raise.Metrics,
            RecommendedAction = raise.RecommendedAction,
            DashboardLink = raise.DashboardLink,
        };
    }

    [Fact]
    public void Body_OfAServiceAlert_HasEverySeedField()
    {
        var body = AlertMessage.Body(FromService(), AlertDeliveryKinds.Raised);

        body.Should().Contain("Alert: Service payments is unhealthy\n")
            .And.Contain("Severity: CRITICAL\n")
            .And.Contain("Time: 2026-11-30 12:00:00 UTC\n")
            .And.Contain("Source: service payments\n")
            .And.Contain("Description: 3 consecutive failures (unhealthyAfter 3): HTTP 503\n")
            .And.Contain("Metrics: latencyMs=12.3, statusCode=503, consecutiveFailures=3\n")
            .And.Contain("Recommended action: Check payments")
            .And.Contain("Dashboard: https://automation.example.com/api/v1/services/payments/health\n");
    }

    [Fact]
    public void Subject_ByKind_MarksResolvedAndEscalated()
    {
        var alert = FromService();

        var subjects = new[] { AlertDeliveryKinds.Raised, AlertDeliveryKinds.Resolved, AlertDeliveryKinds.Escalated }.Select(k => AlertMessage.Subject(alert, k));

        subjects.Should().Equal(
            "[CRITICAL] Service payments is unhealthy",
            "[RESOLVED] Service payments is unhealthy",
            "[ESCALATED] [CRITICAL] Service payments is unhealthy");
    }

    [Fact]
    public void Model_ForATemplate_CarriesTheFieldsInLowerCase()
    {
        var model = AlertMessage.Model(FromService(), AlertDeliveryKinds.Resolved);

        model.GetProperty("kind").GetString().Should().Be("resolved");
        model.GetProperty("severity").GetString().Should().Be("critical");
        model.GetProperty("source").GetProperty("name").GetString().Should().Be("payments");
        model.GetProperty("metrics").GetProperty("statusCode").GetInt32().Should().Be(503);
        model.GetProperty("dashboardLink").ValueKind.Should().Be(JsonValueKind.String);
    }
}
