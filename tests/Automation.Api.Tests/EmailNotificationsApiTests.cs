using System.Net;
using System.Text;
using System.Text.Json;
using MimeKit;
using SmtpServer.Protocol;

namespace Automation.Api.Tests;

/// <summary>
/// Email channels end to end (issue 9): a <c>notify</c> step submits through MailKit to a real SMTP server in the test
/// process (<see cref="SmtpReceiver"/>) with a text part, an HTML part and an attachment made from a step's output;
/// a transient 451 is retried, a permanent 554 is not; the SMTP password is in no response and no log line.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EmailNotificationsApiTests(ApiFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private async Task<(string Channel, HttpResponseMessage Put)> EmailChannelAsync(SmtpReceiver smtp, string password)
    {
        var channel = Unique("mail");
        var body = JsonSerializer.Serialize(new
        {
            type = "email", host = "127.0.0.1", port = smtp.Port, security = "none", username = "automation", password,
            from = "Automation <automation@example.com>", to = new[] { "ops@example.com" },
        });
        var put = await fixture.Http.PutAsync($"/api/v1/channels/{channel}", new StringContent(body, Encoding.UTF8, "application/json"));
        return (channel, put);
    }

    private async Task<JsonElement> RunAsync(string steps)
    {
        var definition = Unique("mail-flow");
        var registered = await fixture.PutDefinitionAsync(definition, $$"""{ "steps": [ {{steps}} ] }""");
        registered.StatusCode.Should().Be(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "input": { "release": "2.1" } }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        return await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=60s"));
    }

    [Fact]
    public async Task NotifyStep_Email_ArrivesWithTextHtmlAndAttachmentAndThePasswordIsNowhere()
    {
        var password = "smtp-" + Guid.NewGuid().ToString("N");
        await using var smtp = SmtpReceiver.Start("automation", password);
        var (channel, put) = await EmailChannelAsync(smtp, password);
        put.StatusCode.Should().Be(HttpStatusCode.Created);

        var done = await RunAsync($$$"""
            { "id": "report", "type": "transform", "with": { "value": { "csv": "service,version\nbilling,{{ input.release }}\n" } } },
            { "id": "mail", "type": "notify", "dependsOn": ["report"], "with": { "channel": "{{{channel}}}", "to": ["release@example.com"],
              "subject": "Release {{ input.release }}", "body": "Release {{ input.release }} is out.", "html": "<p>Release <b>{{ input.release }}</b> is out.</p>",
              "attachments": [ { "name": "versions.csv", "content": "{{ steps.report.output.csv }}", "contentType": "text/csv" } ] } }
            """);

        done.GetProperty("status").GetString().Should().Be("Completed", done.ToString());
        var message = smtp.Messages.Single();
        message.Subject.Should().Be("Release 2.1");
        message.From.Mailboxes.Single().Address.Should().Be("automation@example.com");
        message.To.Mailboxes.Select(m => m.Address).Should().Equal("release@example.com");
        message.TextBody!.Trim().Should().Be("Release 2.1 is out.");
        message.HtmlBody.Should().Contain("<p>Release <b>2.1</b> is out.</p>");
        var attachment = message.Attachments.OfType<MimePart>().Single();
        attachment.FileName.Should().Be("versions.csv");
        attachment.ContentType.MimeType.Should().Be("text/csv");
        using (var content = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(content);
            Encoding.UTF8.GetString(content.ToArray()).Should().Be("service,version\nbilling,2.1\n");
        }

        message.Headers["Idempotency-Key"].Should().EndWith(":mail:1");
        var read = await (await fixture.Http.GetAsync($"/api/v1/channels/{channel}")).Content.ReadAsStringAsync();
        var shown = JsonDocument.Parse(read).RootElement;
        shown.GetProperty("host").GetString().Should().Be("127.0.0.1");
        shown.GetProperty("username").GetString().Should().Be("automation");
        shown.GetProperty("secretFields").EnumerateArray().Select(f => f.GetString()).Should().Equal("password");
        foreach (var text in new[] { read, await put.Content.ReadAsStringAsync(), done.ToString() })
        {
            text.Should().NotContain(password);
        }

        fixture.Logs.Lines.Should().NotContain(line => line.Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NotifyStep_EmailTransient451ThenAccepted_TwoAttempts_Permanent554_NotRetried()
    {
        var password = "smtp-" + Guid.NewGuid().ToString("N");
        await using var transient = SmtpReceiver.Start("automation", password, (SmtpReplyCode)451);
        await using var permanent = SmtpReceiver.Start("automation", password, (SmtpReplyCode)554, (SmtpReplyCode)554);
        var (retried, _) = await EmailChannelAsync(transient, password);
        var (refused, _) = await EmailChannelAsync(permanent, password);

        var ok = await RunAsync($$$"""{ "id": "mail", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "100ms" }, "with": { "channel": "{{{retried}}}", "subject": "s", "body": "b" } }""");
        var failed = await RunAsync($$$"""{ "id": "mail", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "100ms" }, "with": { "channel": "{{{refused}}}", "subject": "s", "body": "b" } }""");

        ok.GetProperty("status").GetString().Should().Be("Completed", ok.ToString());
        ok.GetProperty("steps")[0].GetProperty("attempts").GetInt32().Should().Be(2);
        ok.GetProperty("steps")[0].GetProperty("failures")[0].GetProperty("error").GetProperty("type").GetString().Should().Be("notify.smtp-451");
        transient.Replies.Should().Equal(451, 250);
        transient.Messages.Single().To.Mailboxes.Single().Address.Should().Be("ops@example.com", "the channel's default recipients");
        failed.GetProperty("status").GetString().Should().Be("Failed");
        var step = failed.GetProperty("steps")[0];
        step.GetProperty("attempts").GetInt32().Should().Be(1);
        step.GetProperty("error").GetProperty("type").GetString().Should().Be("notify.smtp-554");
        step.GetProperty("error").GetProperty("retryable").GetBoolean().Should().BeFalse();
        permanent.Replies.Should().Equal(554);
    }

    [Theory]
    [InlineData("""{ "type": "email", "from": "a@example.com" }""", "$.host", "Required")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com" }""", "$.from", "Required")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "not an address" }""", "$.from", "not an email address")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "a@example.com", "port": 70000 }""", "$.port", "1 to 65535")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "a@example.com", "security": "tls13" }""", "$.security", "Unknown security")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "a@example.com", "username": "u" }""", "$.password", "Required")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "a@example.com", "to": ["ok@example.com", "nope"] }""", "$.to[1]", "email address")]
    [InlineData("""{ "type": "email", "host": "smtp.example.com", "from": "a@example.com", "url": "https://x.example/" }""", "$.url", "not a property of channels of type email")]
    public async Task Put_BadEmailChannel_Returns400NamingTheField(string body, string field, string message)
    {
        var response = await fixture.Http.PutAsync($"/api/v1/channels/{Unique("bad")}", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain(message);
    }

    [Fact]
    public async Task Definition_BadEmailArguments_Returns400NamingTheField()
    {
        var response = await fixture.PutDefinitionAsync(Unique("bad-mail"), """
            { "steps": [ { "id": "mail", "type": "notify", "with": { "channel": "ops", "body": "b", "to": ["x"], "attachments": [ { "content": "c", "size": 1 } ] } } ] }
            """);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        errors.GetProperty("$.steps[0].with.to[0]")[0].GetString().Should().Contain("not an email address");
        errors.GetProperty("$.steps[0].with.attachments[0].name")[0].GetString().Should().Contain("Required");
        errors.GetProperty("$.steps[0].with.attachments[0].size")[0].GetString().Should().Contain("Unknown property");
    }
}
