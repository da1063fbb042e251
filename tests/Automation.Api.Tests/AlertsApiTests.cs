using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Alerts;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/alerts</c> (issue 11 item 6): list with filters and cursor paging, read, acknowledge and resolve
/// recorded with the caller and idempotent, routes persisted, and every bad input a 400 naming the field.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AlertsApiTests(ApiFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private IAlertManagerGrain Manager => fixture.Services.GetRequiredService<IGrainFactory>().GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json) =>
        fixture.Http.SendAsync(new HttpRequestMessage(method, path) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") });

    private static async Task<IReadOnlyDictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await ApiFixture.ReadAsync(response);
        return problem.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    [Fact]
    public async Task AcknowledgeAndResolve_ThroughTheApi_RecordTheCallerAndAreIdempotent()
    {
        var source = Unique("api");
        var raised = await Manager.RaiseAsync(new AlertRaise("test", source, "slow", AlertSeverity.Warning, "Slow responses", "p99 over 2 s"));
        var id = raised.Alert!.Id;

        var read = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts/{id}"));
        var acknowledged = await ApiFixture.ReadAsync(await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge", """{ "comment": "looking" }"""));
        var resolved = await ApiFixture.ReadAsync(await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{id}/resolve", """{ "comment": "fixed the index" }"""));
        var resolvedAgain = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{id}/resolve", null);
        var again = await ApiFixture.ReadAsync(resolvedAgain);

        read.GetProperty("status").GetString().Should().Be("open");
        read.GetProperty("severity").GetString().Should().Be("warning");
        read.GetProperty("source").GetString().Should().Be(source);
        acknowledged.GetProperty("status").GetString().Should().Be("acknowledged");
        acknowledged.GetProperty("acknowledgedBy").GetString().Should().Be(ApiFixture.AdminUser);
        acknowledged.GetProperty("acknowledgeComment").GetString().Should().Be("looking");
        acknowledged.GetProperty("acknowledgedAt").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        resolved.GetProperty("status").GetString().Should().Be("resolved");
        resolved.GetProperty("resolvedBy").GetString().Should().Be(ApiFixture.AdminUser);
        resolved.GetProperty("resolveComment").GetString().Should().Be("fixed the index");
        resolvedAgain.StatusCode.Should().Be(HttpStatusCode.OK);
        again.GetProperty("resolvedAt").GetDateTimeOffset().Should().Be(resolved.GetProperty("resolvedAt").GetDateTimeOffset());
        again.GetProperty("resolveComment").GetString().Should().Be("fixed the index");
    }

    [Fact]
    public async Task List_WithFiltersAndCursor_PagesNewestFirst()
    {
        var source = Unique("paged");
        var ids = new List<string>();
        foreach (var rule in new[] { "a", "b", "c" })
        {
            ids.Add((await Manager.RaiseAsync(new AlertRaise("test", source, rule, AlertSeverity.Info, "Rule " + rule, "for paging"))).Alert!.Id);
        }

        await Manager.ResolveAsync(ids[0], "tests", null);

        var first = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts?source={source}&limit=2"));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts?source={source}&limit=2&cursor={cursor}"));
        var open = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts?source={source}&status=open&severity=info&sourceKind=test&since=2020-01-01T00:00:00Z"));

        first.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(ids[2], ids[1]);
        second.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(ids[0]);
        second.GetProperty("nextCursor").ValueKind.Should().Be(JsonValueKind.Null);
        open.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()).Should().Equal(ids[2], ids[1]);
        foreach (var id in ids.Skip(1))
        {
            await Manager.ResolveAsync(id, "tests", null);
        }
    }

    [Fact]
    public async Task Routes_PutThenGet_AreStoredWithTheCaller()
    {
        var team = Unique("team");
        var pager = Unique("pager");
        foreach (var channel in new[] { team, pager })
        {
            (await SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}", $$"""{ "type": "webhook", "url": "https://hooks.example.com/{{channel}}", "signingKey": "k-{{channel}}" }"""))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var put = await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes",
            $$"""{ "channels": ["{{team}}"], "minSeverity": "warning", "escalation": { "after": "15m", "channels": ["{{pager}}"] } }""");
        var read = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/alerts/routes"));
        var cleared = await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes", """{ "channels": [] }""");

        put.StatusCode.Should().Be(HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        read.GetProperty("channels").EnumerateArray().Select(c => c.GetString()).Should().Equal(team);
        read.GetProperty("minSeverity").GetString().Should().Be("warning");
        read.GetProperty("escalation").GetProperty("after").GetString().Should().Be("15m");
        read.GetProperty("escalation").GetProperty("channels").EnumerateArray().Select(c => c.GetString()).Should().Equal(pager);
        read.GetProperty("updatedBy").GetString().Should().Be(ApiFixture.AdminUser);
        cleared.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RoutesToAnEmailChannel_AlertRaisedAndResolved_SendsTheSeedBodyThroughSmtp()
    {
        await using var smtp = SmtpReceiver.Start("automation", "smtp-pass");
        var channel = Unique("mail");
        var put = await SendAsync(HttpMethod.Put, $"/api/v1/channels/{channel}", JsonSerializer.Serialize(new
        {
            type = "email", host = "127.0.0.1", port = smtp.Port, security = "none", username = "automation", password = "smtp-pass",
            from = "Automation <automation@example.com>", to = new[] { "oncall@example.com" },
        }));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        (await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes", $$"""{ "channels": ["{{channel}}"] }""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var source = Unique("mailed");

        var raised = await Manager.RaiseAsync(new AlertRaise("test", source, "down", AlertSeverity.Critical, "Mail relay down", "SMTP refuses connections")
        {
            RecommendedAction = "Restart the relay.",
        });
        await AlertsWait.UntilAsync(() => smtp.Messages.Count >= 1, "the raised alert is mailed");
        var resolve = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{raised.Alert!.Id}/resolve", """{ "comment": "relay restarted" }""");
        await AlertsWait.UntilAsync(() => smtp.Messages.Count >= 2, "the resolved alert is mailed");
        (await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes", """{ "channels": [] }""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var stored = default(JsonElement);
        await AlertsWait.UntilAsync(async () =>
        {
            stored = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts/{raised.Alert.Id}"));
            return stored.GetProperty("deliveries").GetArrayLength() >= 2
                && stored.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("outcome").GetString() != "pending");
        }, "both deliveries are recorded (after the receiver got them)");

        var messages = smtp.Messages.ToArray();
        messages[0].Subject.Should().Be("[CRITICAL] Mail relay down");
        messages[0].To.ToString().Should().Contain("oncall@example.com");
        messages[0].TextBody.Should().Contain("Alert: Mail relay down").And.Contain("Severity: CRITICAL").And.Contain($"Source: test {source}")
            .And.Contain("Description: SMTP refuses connections").And.Contain("Recommended action: Restart the relay.");
        messages[1].Subject.Should().Be("[RESOLVED] Mail relay down");
        messages[1].TextBody.Should().Contain($"by {ApiFixture.AdminUser}");
        resolve.StatusCode.Should().Be(HttpStatusCode.OK);
        stored.GetProperty("deliveries").EnumerateArray().Select(d => (d.GetProperty("kind").GetString(), d.GetProperty("outcome").GetString()))
            .Should().BeEquivalentTo(new[] { ("raised", "delivered"), ("resolved", "delivered") });
        stored.GetProperty("deliveries")[0].GetProperty("idempotencyKey").GetString().Should().StartWith($"alert-{raised.Alert.Id}:raised:");
    }

    [Fact]
    public async Task PutRoutes_WithBadFields_Answers400NamingEachField()
    {
        var response = await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes",
            """{ "channels": ["no-such-channel", "bad name!"], "minSeverity": "urgent", "escalation": { "after": "soon", "channels": [] }, "template": "no-such-template" }""");

        var errors = await ErrorsAsync(response);

        errors.Keys.Should().BeEquivalentTo("$.channels[0]", "$.channels[1]", "$.minSeverity", "$.escalation.after", "$.escalation.channels", "$.template");
        errors["$.channels[0]"].Single().Should().Contain("No channel named 'no-such-channel'");
        errors["$.minSeverity"].Single().Should().Contain("info, warning, critical");
    }

    [Theory]
    [InlineData("""{ "channels": ["a"], "colour": "red" }""", "$.colour")]
    [InlineData("""{ "channels": "ops" }""", "$.channels")]
    public async Task PutRoutes_WithAMalformedBody_Answers400NamingTheField(string body, string field)
    {
        var response = await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes", body);

        (await ErrorsAsync(response)).Keys.Should().Contain(field);
    }

    [Fact]
    public async Task PutRoutes_WithoutChannels_Answers400ListingTheMissingProperty()
    {
        var response = await SendAsync(HttpMethod.Put, "/api/v1/alerts/routes", """{ "minSeverity": "info" }""");

        (await ErrorsAsync(response))["$"].Single().Should().StartWith("Required properties are missing:").And.Contain("channels");
    }

    [Fact]
    public async Task List_WithBadQuery_Answers400NamingEachParameter()
    {
        var response = await fixture.Http.GetAsync("/api/v1/alerts?status=closed&severity=urgent&since=yesterday&limit=0&cursor=abc");

        var errors = await ErrorsAsync(response);

        errors.Keys.Should().BeEquivalentTo("status", "severity", "since", "limit", "cursor");
    }

    [Fact]
    public async Task AlertById_BadOrUnknownIdOrBadComment_Answers400Or404()
    {
        var raised = await Manager.RaiseAsync(new AlertRaise("test", Unique("bad"), "x", AlertSeverity.Info, "For bad input", "-"));

        var badId = await fixture.Http.GetAsync("/api/v1/alerts/not-an-id");
        var unknown = await fixture.Http.GetAsync($"/api/v1/alerts/{Guid.NewGuid():N}");
        var unknownAck = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{Guid.NewGuid():N}/acknowledge", null);
        var longComment = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{raised.Alert!.Id}/acknowledge", JsonSerializer.Serialize(new { comment = new string('x', 1001) }));
        var wrongType = await SendAsync(HttpMethod.Post, $"/api/v1/alerts/{raised.Alert.Id}/resolve", """{ "comment": 5 }""");

        (await ErrorsAsync(badId)).Keys.Should().Equal("id");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownAck.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ErrorsAsync(longComment)).Keys.Should().Equal("$.comment");
        (await ErrorsAsync(wrongType)).Keys.Should().Equal("$.comment");
        (await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/alerts/{raised.Alert.Id}"))).GetProperty("status").GetString().Should().Be("open");
        await Manager.ResolveAsync(raised.Alert.Id, "tests", null);
    }
}
