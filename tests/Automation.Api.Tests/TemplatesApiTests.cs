using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/templates</c> end to end (issue 9 item 2): versions on every PUT, the latest or a given version read
/// back, a preview rendered with sample data or a 400 naming the template error, Fluid syntax errors at PUT naming
/// the field, and a <c>notify</c> step that uses a template by name (latest and pinned version).
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TemplatesApiTests(ApiFixture fixture) : IAsyncLifetime
{
    private NotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await NotificationReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> PutAsync(string name, string json) =>
        fixture.Http.PutAsync($"/api/v1/templates/{name}", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Versions_PutTwiceReadLatestAndPinnedListAndPreview()
    {
        var name = Unique("deploy-done");

        var first = await PutAsync(name, """{ "subject": "Deployed {{ data.service }}", "body": "Version {{ data.version }} is live." }""");
        var second = await PutAsync(name, """{ "subject": "[{{ data.env | upcase }}] Deployed {{ data.service }}", "body": "Version {{ data.version }} is live.", "html": "<b>{{ data.version }}</b>" }""");
        var latest = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/templates/{name}"));
        var pinned = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/templates/{name}?version=1"));
        var missingVersion = await fixture.Http.GetAsync($"/api/v1/templates/{name}?version=9");
        var badVersion = await fixture.Http.GetAsync($"/api/v1/templates/{name}?version=x");
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/templates"));
        var preview = await fixture.PostAsync($"/api/v1/templates/{name}/render", """{ "data": { "service": "billing", "version": "1.4.2", "env": "prod" } }""");
        var previewV1 = await fixture.PostAsync($"/api/v1/templates/{name}/render", """{ "data": { "service": "billing", "version": "1.4.2" }, "version": 1 }""");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Location!.ToString().Should().Be($"/api/v1/templates/{name}?version=1");
        second.StatusCode.Should().Be(HttpStatusCode.Created);
        (await ApiFixture.ReadAsync(second)).GetProperty("version").GetInt32().Should().Be(2);
        latest.GetProperty("version").GetInt32().Should().Be(2);
        latest.GetProperty("html").GetString().Should().Be("<b>{{ data.version }}</b>");
        pinned.GetProperty("version").GetInt32().Should().Be(1);
        pinned.GetProperty("subject").GetString().Should().Be("Deployed {{ data.service }}");
        missingVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(badVersion)).GetProperty("errors").GetProperty("version")[0].GetString().Should().Contain("positive integer");
        list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("name").GetString() == name)
            .Select(i => i.GetProperty("version").GetInt32()).Should().Equal(2);
        preview.StatusCode.Should().Be(HttpStatusCode.OK);
        var rendered = await ApiFixture.ReadAsync(preview);
        rendered.GetProperty("version").GetInt32().Should().Be(2);
        rendered.GetProperty("subject").GetString().Should().Be("[PROD] Deployed billing");
        rendered.GetProperty("body").GetString().Should().Be("Version 1.4.2 is live.");
        rendered.GetProperty("html").GetString().Should().Be("<b>1.4.2</b>");
        (await ApiFixture.ReadAsync(previewV1)).GetProperty("subject").GetString().Should().Be("Deployed billing");
    }

    [Fact]
    public async Task Put_FluidSyntaxError_Returns400NamingTheFieldAndPosition()
    {
        var name = Unique("broken");

        var response = await PutAsync(name, """{ "subject": "ok {{ data.a }}", "body": "Hello {{ data.name " }""");
        var missing = await PutAsync(name, """{ "subject": "no body" }""");
        var unknown = await PutAsync(name, """{ "body": "b", "footer": "x" }""");
        var read = await fixture.Http.GetAsync($"/api/v1/templates/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().Equal("$.body");
        errors.GetProperty("$.body")[0].GetString().Should().Contain("Invalid template").And.MatchRegex("[0-9]");
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(missing)).GetProperty("errors").EnumerateObject().Should().ContainSingle();
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(unknown)).GetProperty("errors").GetProperty("$.footer")[0].GetString().Should().Contain("Unknown property");
        read.StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was stored");
    }

    [Fact]
    public async Task Render_MissingDataOrUnknownTemplate_Returns400Or404()
    {
        var name = Unique("needs-data");
        (await PutAsync(name, """{ "body": "Hi {{ data.user.name }}" }""")).StatusCode.Should().Be(HttpStatusCode.Created);

        var missingData = await fixture.PostAsync($"/api/v1/templates/{name}/render", """{ "data": { "user": {} } }""");
        var unknown = await fixture.PostAsync($"/api/v1/templates/{Unique("nope")}/render", """{ "data": {} }""");
        var unknownVersion = await fixture.PostAsync($"/api/v1/templates/{name}/render", """{ "data": {}, "version": 4 }""");

        missingData.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(missingData)).GetProperty("errors").GetProperty("$.template.body")[0].GetString().Should().Contain("data.user.name");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownVersion.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ApiFixture.ReadAsync(unknownVersion)).GetProperty("detail").GetString().Should().Contain("no version 4");
    }

    [Fact]
    public async Task NotifyStep_TemplateByName_LatestAndPinnedVersionRenderTheStepData()
    {
        var template = Unique("deploy-done");
        (await PutAsync(template, """{ "subject": "v1 {{ data.service }}", "body": "one" }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PutAsync(template, """{ "subject": "Deployed {{ data.service }} {{ data.version }}", "body": "All {{ data.pods }} pods ready." }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        var key = "whsec-" + Guid.NewGuid().ToString("N");
        _receiver.Expect("tpl", key);
        var channel = Unique("ops");
        (await fixture.Http.PutAsync($"/api/v1/channels/{channel}", new StringContent(JsonSerializer.Serialize(new { type = "webhook", url = $"{_receiver.BaseUrl}/webhook/tpl", signingKey = key }), Encoding.UTF8, "application/json")))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var definition = Unique("tpl-flow");
        (await fixture.PutDefinitionAsync(definition, $$$"""
            { "steps": [
              { "id": "latest", "type": "notify", "with": { "channel": "{{{channel}}}", "template": "{{{template}}}",
                "data": { "service": "{{ input.service }}", "version": "{{ input.version }}", "pods": "{{ input.pods }}" } } },
              { "id": "pinned", "type": "notify", "dependsOn": ["latest"], "with": { "channel": "{{{channel}}}", "template": "{{{template}}}", "templateVersion": 1,
                "data": { "service": "{{ input.service }}" } } },
              { "id": "unknown", "type": "notify", "dependsOn": ["pinned"], "with": { "channel": "{{{channel}}}", "template": "{{ input.missing }}" } } ] }
            """)).StatusCode.Should().Be(HttpStatusCode.Created);

        // The third step names its template from the input (a literal unknown name is refused at registration).
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "input": { "service": "billing", "version": "1.4.2", "pods": 3, "missing": "{{template}}-missing" } }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=60s"));

        var deliveries = _receiver.Deliveries["tpl"].Select(d => JsonDocument.Parse(d.Body).RootElement).ToList();
        deliveries.Should().HaveCount(2);
        deliveries[0].GetProperty("subject").GetString().Should().Be("Deployed billing 1.4.2");
        deliveries[0].GetProperty("body").GetString().Should().Be("All 3 pods ready.");
        deliveries[1].GetProperty("subject").GetString().Should().Be("v1 billing");
        done.GetProperty("status").GetString().Should().Be("Failed");
        var last = done.GetProperty("steps")[2];
        last.GetProperty("attempts").GetInt32().Should().Be(1);
        last.GetProperty("error").GetProperty("type").GetString().Should().Be("notify.template-not-found");
        last.GetProperty("error").GetProperty("message").GetString().Should().Contain("PUT /api/v1/templates/");
    }

    [Fact]
    public async Task Definition_TemplateWithBody_Returns400NamingTheField()
    {
        var response = await fixture.PutDefinitionAsync(Unique("bad-tpl"), """
            { "steps": [ { "id": "tell", "type": "notify", "with": { "channel": "ops", "template": "bad name", "body": "b", "templateVersion": 0 } } ] }
            """);
        var errors = (await ApiFixture.ReadAsync(response)).GetProperty("errors");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        errors.GetProperty("$.steps[0].with.template")[0].GetString().Should().Contain("not a valid template name");
        errors.GetProperty("$.steps[0].with.body")[0].GetString().Should().Contain("either 'template'");
        errors.GetProperty("$.steps[0].with.templateVersion")[0].GetString().Should().Contain("positive integer");
    }
}
