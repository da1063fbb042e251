using System.Net;
using System.Text;
using System.Text.Json;

namespace Automation.Api.Tests.Live;

/// <summary><c>GET /api/v1/events</c> against the real silo and API: a workflow's changes arrive live, up to Completed.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LiveEventsApiTests(ApiFixture fixture)
{
    /// <summary>One server-sent event as read from the stream.</summary>
    private sealed record Sse(string? Id, string Event, string Data)
    {
        public JsonElement Json => JsonDocument.Parse(Data).RootElement;
    }

    private static async Task<Sse?> NextAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null, name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return new Sse(id, name, data.ToString());
                }

                continue; // a comment's or retry's end
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Append(line[6..]);
            }
        }

        return null;
    }

    [Fact]
    public async Task StreamEvents_WorkflowWaitingForAnApproval_SendsTheApprovalThenItsChangesUpToCompleted()
    {
        // A second API process of the same cluster, with streams that last: it subscribes to the hub on its own.
        await using var api = fixture.WithSettings(new Dictionary<string, string> { ["Automation:Api:EventStreamMaxDuration"] = "00:05:00" });
        using var http = api.CreateDefaultClient();
        http.DefaultRequestHeaders.Authorization = fixture.Http.DefaultRequestHeaders.Authorization;
        var name = "live-" + Guid.NewGuid().ToString("N");
        var id = "live-run-" + Guid.NewGuid().ToString("N");
        var put = await fixture.PutDefinitionAsync(name, """
        { "steps": [ { "id": "ok", "type": "wait", "with": { "approval": { "approvers": ["role:admin"], "message": "Ship it?" } } },
                     { "id": "after", "type": "transform", "dependsOn": ["ok"], "with": { "value": 1 } } ] }
        """);
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a hang guard, not an assertion on time

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/events?topics=workflows,approvals&workflowId={id}");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, guard.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(guard.Token));
        var ready = await NextAsync(reader, guard.Token);
        var events = new List<Sse>();
        // "ready" came once the new API process was subscribed to the hub: every change from now on reaches the stream.
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""");
        var approval = await NextAsync(reader, guard.Token);
        while (approval is { Event: not "approval" })
        {
            events.Add(approval);
            approval = await NextAsync(reader, guard.Token);
        }

        var approve = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "approve" }""");
        while (await NextAsync(reader, guard.Token) is { } next)
        {
            events.Add(next);
            if (next.Event == "workflow" && next.Json.GetProperty("status").GetString() == "Completed")
            {
                break;
            }
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        ready!.Event.Should().Be("ready");
        start.StatusCode.Should().Be(HttpStatusCode.Created);
        approve.StatusCode.Should().Be(HttpStatusCode.OK);
        var asked = approval!.Json;
        asked.GetProperty("id").GetString().Should().Be(id);
        asked.GetProperty("definition").GetString().Should().Be(name);
        asked.GetProperty("stepId").GetString().Should().Be("ok");
        asked.GetProperty("approvers").EnumerateArray().Select(a => a.GetString()).Should().Equal("role:admin");
        asked.GetProperty("title").GetString().Should().Be("Ship it?");
        var workflow = events.Where(e => e.Event == "workflow").Select(e => e.Json).ToList();
        workflow.Should().OnlyContain(e => e.GetProperty("id").GetString() == id);
        workflow[^1].GetProperty("status").GetString().Should().Be("Completed");
        workflow.Select(e => e.GetProperty("sequence").GetInt64()).Should().BeInAscendingOrder();
        events.Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task StreamEvents_BadQuery_Returns400NamingTheField()
    {
        var topics = await fixture.Http.GetAsync("/api/v1/events?topics=workflows,bogus");
        var workflowId = await fixture.Http.GetAsync("/api/v1/events?workflowId=%20bad");

        topics.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await topics.Content.ReadAsStringAsync()).Should().Contain("\"topics\"");
        workflowId.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await workflowId.Content.ReadAsStringAsync()).Should().Contain("\"workflowId\"");
    }

    [Fact]
    public async Task StreamEvents_WithoutAToken_Returns401()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/events");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Preferences_PutThenGet_KeepsThemPerUserAndRefusesBadValues()
    {
        var before = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/auth/me/preferences"));

        var put = await fixture.Http.PutAsync("/api/v1/auth/me/preferences",
            new StringContent("""{ "workflowFailures": false, "minAlertSeverity": "critical" }""", Encoding.UTF8, "application/json"));
        var after = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/auth/me/preferences"));
        var badSeverity = await fixture.Http.PutAsync("/api/v1/auth/me/preferences",
            new StringContent("""{ "minAlertSeverity": "loud" }""", Encoding.UTF8, "application/json"));
        var unknown = await fixture.Http.PutAsync("/api/v1/auth/me/preferences",
            new StringContent("""{ "colour": "red" }""", Encoding.UTF8, "application/json"));
        var restore = await fixture.Http.PutAsync("/api/v1/auth/me/preferences", new StringContent("{}", Encoding.UTF8, "application/json"));

        before.GetProperty("toasts").GetBoolean().Should().BeTrue();
        put.StatusCode.Should().Be(HttpStatusCode.OK);
        after.GetProperty("workflowFailures").GetBoolean().Should().BeFalse();
        after.GetProperty("alerts").GetBoolean().Should().BeTrue("an omitted member takes its default");
        after.GetProperty("minAlertSeverity").GetString().Should().Be("critical");
        after.GetProperty("updatedAt").ValueKind.Should().Be(JsonValueKind.String);
        badSeverity.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badSeverity.Content.ReadAsStringAsync()).Should().Contain("$.minAlertSeverity");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        restore.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
