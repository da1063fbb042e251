using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/channels</c> and the <c>notify</c> step end to end (issue 9): a real receiver verifies each webhook's
/// HMAC signature and refuses replays, Slack messages arrive with blocks, 503 then 200 is two attempts, a 4xx is not
/// retried, and no response or log line ever holds a channel's secret.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class NotificationsApiTests(ApiFixture fixture) : IAsyncLifetime
{
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> PutChannelAsync(string name, object body) =>
        fixture.Http.PutAsync($"/api/v1/channels/{name}", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    private async Task<(string Channel, string Key)> WebhookChannelAsync(string id, params int[] firstStatuses)
    {
        var channel = Unique("ops");
        var key = "whsec-" + Guid.NewGuid().ToString("N");
        _receiver.Expect(id, key, firstStatuses);
        (await PutChannelAsync(channel, new { type = "webhook", url = $"{_receiver.BaseUrl}/webhook/{id}", signingKey = key })).StatusCode.Should().Be(HttpStatusCode.Created);
        return (channel, key);
    }

    private async Task<JsonElement> RunAsync(string steps, string input = "{}")
    {
        var definition = Unique("notify-flow");
        var registered = await fixture.PutDefinitionAsync(definition, $$"""{ "steps": [ {{steps}} ] }""");
        registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "input": {{input}} }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var workflow = await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=60s");
        return await ApiFixture.ReadAsync(workflow);
    }

    [Fact]
    public async Task Example_NotifyJson_DeliversTheDocumentedMessage()
    {
        var key = "whsec-" + Guid.NewGuid().ToString("N");
        _receiver.Expect("example", key);
        (await PutChannelAsync("ops", new { type = "webhook", url = $"{_receiver.BaseUrl}/webhook/example", signingKey = key })).IsSuccessStatusCode.Should().BeTrue();
        var definition = Unique("notify-example");
        var json = await File.ReadAllTextAsync(Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "examples", "notify.json"));
        (await fixture.PutDefinitionAsync(definition, json)).StatusCode.Should().Be(HttpStatusCode.Created);

        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "input": { "service": "billing", "version": "1.4.2", "pods": 3 } }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=60s"));

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        done.GetProperty("output").GetProperty("delivered").GetInt32().Should().Be(200);
        var payload = JsonDocument.Parse(_receiver.Deliveries["example"].Single().Body).RootElement;
        payload.GetProperty("subject").GetString().Should().Be("Deployed billing 1.4.2");
        payload.GetProperty("body").GetString().Should().Be("All 3 pods of billing are ready.");
        payload.GetProperty("data").GetProperty("service").GetString().Should().Be("billing");
    }

    [Fact]
    public async Task Lifecycle_PutReplaceReadListDelete_NeverReturnsTheSigningKey()
    {
        var name = Unique("hooks");
        var key = "key-" + Guid.NewGuid().ToString("N");

        var created = await PutChannelAsync(name, new { type = "webhook", url = "https://example.com/hook", signingKey = key });
        var replaced = await PutChannelAsync(name, new { type = "webhook", url = "https://example.com/hook2", signingKey = key + "2" });
        var read = await fixture.Http.GetAsync($"/api/v1/channels/{name}");
        var list = await fixture.Http.GetAsync("/api/v1/channels");
        var deleted = await fixture.Http.DeleteAsync($"/api/v1/channels/{name}");
        var readAfter = await fixture.Http.GetAsync($"/api/v1/channels/{name}");
        var deletedAgain = await fixture.Http.DeleteAsync($"/api/v1/channels/{name}");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/channels/{name}");
        var first = await ApiFixture.ReadAsync(created);
        first.GetProperty("type").GetString().Should().Be("webhook");
        first.GetProperty("url").GetString().Should().Be("https://example.com/hook");
        first.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).Should().Equal("signingKey");
        first.GetProperty("version").GetInt32().Should().Be(1);
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        var current = await ApiFixture.ReadAsync(read);
        current.GetProperty("version").GetInt32().Should().Be(2);
        current.GetProperty("url").GetString().Should().Be("https://example.com/hook2");
        (await ApiFixture.ReadAsync(list)).GetProperty("items").EnumerateArray().Should().Contain(i => i.GetProperty("name").GetString() == name);
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        readAfter.StatusCode.Should().Be(HttpStatusCode.NotFound);
        deletedAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var response in new[] { created, replaced, read, list })
        {
            (await response.Content.ReadAsStringAsync()).Should().NotContain(key);
        }
    }

    [Fact]
    public async Task Slack_Put_UrlIsASecretAndNeverReturned()
    {
        var name = Unique("chat");
        var url = $"https://hooks.slack.example/services/{Guid.NewGuid():N}";

        var created = await PutChannelAsync(name, new { type = "slack", url });
        var read = await fixture.Http.GetAsync($"/api/v1/channels/{name}");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await ApiFixture.ReadAsync(read);
        body.TryGetProperty("url", out var shown).Should().BeTrue();
        shown.ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).Should().Equal("url");
        (await created.Content.ReadAsStringAsync()).Should().NotContain(url);
        (await read.Content.ReadAsStringAsync()).Should().NotContain(url);
    }

    [Theory]
    [InlineData("""{ "type": "pager", "url": "https://x.example/" }""", "$.type", "Unknown channel type")]
    [InlineData("""{ "url": "https://x.example/" }""", "$.type", "Required")]
    [InlineData("""{ "type": "webhook", "url": "ftp://x.example/", "signingKey": "0123456789abcdef" }""", "$.url", "absolute http")]
    [InlineData("""{ "type": "webhook", "url": "/relative", "signingKey": "0123456789abcdef" }""", "$.url", "absolute http")]
    [InlineData("""{ "type": "webhook", "url": "https://x.example/" }""", "$.signingKey", "Required")]
    [InlineData("""{ "type": "webhook", "url": "https://x.example/", "signingKey": "short" }""", "$.signingKey", "16")]
    [InlineData("""{ "type": "slack", "url": "https://x.example/", "signingKey": "0123456789abcdef" }""", "$.signingKey", "not a property of channels of type slack")]
    [InlineData("""{ "type": "webhook", "url": "https://x.example/", "signingKey": "0123456789abcdef", "extra": 1 }""", "$.extra", "Unknown property")]
    [InlineData("""[1]""", "$", "JSON object")]
    public async Task Put_BadBody_Returns400NamingTheField(string body, string field, string message)
    {
        var response = await fixture.Http.PutAsync($"/api/v1/channels/{Unique("bad")}", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain(message);
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("-leading")]
    [InlineData("..%2F..%2Fetc")]
    public async Task AnyOperation_InvalidName_Returns400NamingTheName(string escapedName)
    {
        var put = await fixture.Http.PutAsync($"/api/v1/channels/{escapedName}", new StringContent("""{ "type": "slack", "url": "https://x.example/" }""", Encoding.UTF8, "application/json"));
        var get = await fixture.Http.GetAsync($"/api/v1/channels/{escapedName}");
        var delete = await fixture.Http.DeleteAsync($"/api/v1/channels/{escapedName}");

        foreach (var response in new[] { put, get, delete })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ApiFixture.ReadAsync(response)).GetProperty("errors").GetProperty("name")[0].GetString().Should().Contain("not a valid channel name");
        }
    }

    [Fact]
    public async Task NotifyStep_Webhook_ReceiverVerifiesSignatureAndNoResponseOrLogHoldsTheKey()
    {
        var (channel, key) = await WebhookChannelAsync("deploys");

        var done = await RunAsync($$$"""
            { "id": "tell", "type": "notify", "with": { "channel": "{{{channel}}}",
              "subject": "Deployed {{ input.service }} {{ input.version }}", "body": "All {{ input.count }} pods ready.", "data": { "version": "{{ input.version }}" } } }
            """, """{ "service": "billing", "version": "1.4.2", "count": 3 }""");

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        var step = done.GetProperty("steps")[0];
        step.GetProperty("output").GetProperty("status").GetInt32().Should().Be(200);
        step.GetProperty("output").GetProperty("type").GetString().Should().Be("webhook");
        var delivery = _receiver.Deliveries["deploys"].Single();
        delivery.ContentType.Should().StartWith("application/json");
        delivery.Signature.Should().MatchRegex("^t=[0-9]+,v1=[0-9a-f]{64}$");
        var payload = JsonDocument.Parse(delivery.Body).RootElement;
        payload.GetProperty("channel").GetString().Should().Be(channel);
        payload.GetProperty("subject").GetString().Should().Be("Deployed billing 1.4.2");
        payload.GetProperty("body").GetString().Should().Be("All 3 pods ready.");
        payload.GetProperty("data").GetProperty("version").GetString().Should().Be("1.4.2");
        payload.GetProperty("workflowId").GetString().Should().Be(done.GetProperty("workflowId").GetString());
        delivery.IdempotencyKey.Should().EndWith(":tell:1");
        var history = await (await fixture.Http.GetAsync($"/api/v1/workflows/{done.GetProperty("workflowId").GetString()}/history")).Content.ReadAsStringAsync();
        var channelText = await (await fixture.Http.GetAsync($"/api/v1/channels/{channel}")).Content.ReadAsStringAsync();
        foreach (var text in new[] { done.ToString(), history, channelText })
        {
            text.Should().NotContain(key);
        }

        fixture.Logs.Lines.Should().NotBeEmpty().And.NotContain(line => line.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receiver_ReplayedOrOldOrForgedDelivery_IsRefused()
    {
        var (channel, key) = await WebhookChannelAsync("replay");
        var done = await RunAsync($$$"""{ "id": "tell", "type": "notify", "with": { "channel": "{{{channel}}}", "body": "once" } }""");
        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        var delivery = _receiver.Deliveries["replay"].Single();
        using var http = new HttpClient();
        Task<HttpResponseMessage> PostAsync(string signature, string body)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"{_receiver.BaseUrl}/webhook/replay") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Automation-Signature", signature);
            return http.SendAsync(request);
        }

        var old = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var oldSigned = $"t={old},v1={Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(old + "." + delivery.Body)))}";
        // Signed a second before the original, so its signature differs from the one already accepted.
        var now = (long.Parse(delivery.Signature.Split(',')[0][2..], CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);
        var fresh = $"t={now},v1={Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(now + "." + delivery.Body)))}";

        var replayed = await PostAsync(delivery.Signature, delivery.Body);
        var tooOld = await PostAsync(oldSigned, delivery.Body);
        var tampered = await PostAsync(fresh, delivery.Body.Replace("once", "twice", StringComparison.Ordinal));
        var resent = await PostAsync(fresh, delivery.Body);
        var resentAgain = await PostAsync(fresh, delivery.Body);

        replayed.StatusCode.Should().Be(HttpStatusCode.Conflict, "the captured delivery was already accepted");
        tooOld.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        tampered.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        resent.StatusCode.Should().Be(HttpStatusCode.OK, "a fresh, correctly signed delivery is accepted");
        resentAgain.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task NotifyStep_Webhook503Then200_RecordedAsTwoAttempts()
    {
        var (channel, _) = await WebhookChannelAsync("flaky", 503);

        var done = await RunAsync($$$"""
            { "id": "tell", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "100ms" }, "with": { "channel": "{{{channel}}}", "body": "hello" } }
            """);

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        var step = done.GetProperty("steps")[0];
        step.GetProperty("attempts").GetInt32().Should().Be(2);
        var failure = step.GetProperty("failures").EnumerateArray().Single();
        failure.GetProperty("attempt").GetInt32().Should().Be(1);
        failure.GetProperty("error").GetProperty("type").GetString().Should().Be("notify.503");
        _receiver.Answers["flaky"].Should().Equal(503, 200);
        _receiver.Deliveries["flaky"].Single().IdempotencyKey.Should().EndWith(":tell:2");
        var history = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{done.GetProperty("workflowId").GetString()}/history"));
        history.ToString().Should().Contain("notify.503");
    }

    [Fact]
    public async Task NotifyStep_Webhook400_FailsWithoutRetry()
    {
        var (channel, _) = await WebhookChannelAsync("refuses", 400, 400, 400);

        var done = await RunAsync($$$"""
            { "id": "tell", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "100ms" }, "with": { "channel": "{{{channel}}}", "body": "hello" } }
            """);

        done.GetProperty("status").GetString().Should().Be("Failed");
        var step = done.GetProperty("steps")[0];
        step.GetProperty("attempts").GetInt32().Should().Be(1);
        step.GetProperty("error").GetProperty("type").GetString().Should().Be("notify.400");
        step.GetProperty("error").GetProperty("retryable").GetBoolean().Should().BeFalse();
        _receiver.Answers["refuses"].Should().Equal(400);
    }

    [Fact]
    public async Task NotifyStep_UnknownTemplatedChannel_FailsOnceWithClearError()
    {
        var missing = Unique("nobody");

        var done = await RunAsync("""
            { "id": "tell", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "100ms" }, "with": { "channel": "{{ input.channel }}", "body": "hello" } }
            """, $$"""{ "channel": "{{missing}}" }""");

        done.GetProperty("status").GetString().Should().Be("Failed");
        var step = done.GetProperty("steps")[0];
        step.GetProperty("attempts").GetInt32().Should().Be(1);
        step.GetProperty("error").GetProperty("type").GetString().Should().Be("notify.channel-not-found");
        step.GetProperty("error").GetProperty("message").GetString().Should().Contain(missing).And.Contain("PUT /api/v1/channels/");
    }

    [Fact]
    public async Task Definition_NotifyNamingAnUnknownChannelOrTemplate_Returns400NamingTheField()
    {
        var name = Unique("orphan-notify");
        var response = await fixture.PutDefinitionAsync(name, $$"""
            { "steps": [
                { "id": "a", "type": "notify", "with": { "channel": "{{Unique("nobody")}}", "body": "hello" } },
                { "id": "b", "type": "foreach", "with": { "items": [1], "steps": [
                    { "id": "c", "type": "notify", "with": { "channel": "{{Unique("nobody")}}", "template": "{{Unique("no-template")}}" } } ] } } ] }
            """);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        errors.GetProperty("$.steps[0].with.channel")[0].GetString().Should().Contain("No channel");
        errors.GetProperty("$.steps[1].with.steps[0].with.channel")[0].GetString().Should().Contain("No channel");
        errors.GetProperty("$.steps[1].with.steps[0].with.template")[0].GetString().Should().Contain("No template");
        (await fixture.Http.GetAsync($"/api/v1/definitions/{name}")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was registered");
    }

    [Fact]
    public async Task Definition_BadNotifyStep_Returns400NamingTheField()
    {
        var response = await fixture.PutDefinitionAsync(Unique("bad-notify"), """
            { "steps": [ { "id": "tell", "type": "notify", "with": { "channel": "no spaces", "cc": "x" } } ] }
            """);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        errors.GetProperty("$.steps[0].with.channel")[0].GetString().Should().Contain("not a valid channel name");
        errors.GetProperty("$.steps[0].with.body")[0].GetString().Should().Contain("Required");
        errors.GetProperty("$.steps[0].with.cc")[0].GetString().Should().Contain("Unknown property");
    }

    [Fact]
    public async Task NotifyStep_Slack_ReceiverGetsHeaderAndSectionBlocks()
    {
        var channel = Unique("chat");
        (await PutChannelAsync(channel, new { type = "slack", url = $"{_receiver.BaseUrl}/slack/team" })).StatusCode.Should().Be(HttpStatusCode.Created);

        var done = await RunAsync($$$"""
            { "id": "tell", "type": "notify", "with": { "channel": "{{{channel}}}", "subject": "Deploy {{ input.version }}", "body": "*billing* is live" } }
            """, """{ "version": "2.0" }""");

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        var message = JsonDocument.Parse(_receiver.Deliveries["team"].Single().Body).RootElement;
        message.GetProperty("text").GetString().Should().Be("Deploy 2.0\n*billing* is live");
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        blocks.Should().HaveCount(2);
        blocks[0].GetProperty("type").GetString().Should().Be("header");
        blocks[0].GetProperty("text").GetProperty("type").GetString().Should().Be("plain_text");
        blocks[0].GetProperty("text").GetProperty("text").GetString().Should().Be("Deploy 2.0");
        blocks[1].GetProperty("type").GetString().Should().Be("section");
        blocks[1].GetProperty("text").GetProperty("type").GetString().Should().Be("mrkdwn");
        blocks[1].GetProperty("text").GetProperty("text").GetString().Should().Be("*billing* is live");
        done.ToString().Should().NotContain("/slack/team");
    }
}
