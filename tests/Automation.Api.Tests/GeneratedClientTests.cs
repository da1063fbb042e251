using System.Net;
using System.Text.Json;
using Automation.Api.Tests.GeneratedClient;
using Automation.Api.Tests.GeneratedClient.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Serialization.Json;

namespace Automation.Api.Tests;

/// <summary>
/// The Kiota client generated from the OpenAPI document (scripts/api-client.sh; checked in, never edited) drives the
/// real API. Its calls go through the fixture's contract-checking HTTP client as well.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class GeneratedClientTests(ApiFixture fixture)
{
    [Fact]
    public async Task Client_RegisterStartWaitAndReadHistory_KeepsEveryEventKind()
    {
        var client = Client();
        var name = "kiota-" + Guid.NewGuid().ToString("N");
        var definition = Untyped("""
        { "steps": [
            { "id": "greet", "type": "transform", "with": { "value": { "msg": "Hi {{ input.name }}" } } },
            { "id": "nap", "type": "delay", "dependsOn": ["greet"], "with": { "duration": "10ms" } } ],
          "output": { "said": "{{ steps.greet.output.msg }}" } }
        """);

        var registered = await client.Api.V1.Definitions[name].PutAsync(definition);
        var started = await client.Api.V1.Workflows.PostAsync(new StartWorkflowRequest { Definition = name, Input = Untyped("""{ "name": "Ada" }""") });
        var done = await client.Api.V1.Workflows[started!.WorkflowId].GetAsync(c => c.QueryParameters.Wait = "30s");
        var history = await client.Api.V1.Workflows[started.WorkflowId].History.GetAsync();
        var raw = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{started.WorkflowId}/history"));

        registered!.Version.Should().Be(1);
        started.Status.Should().Be(WorkflowStatus.Running);
        done!.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps!.Select(s => s.Status).Should().Equal(StepStatus.Completed, StepStatus.Completed);
        var said = done.Output.Should().BeOfType<UntypedObject>().Subject.GetValue()["said"];
        said.Should().BeOfType<UntypedString>().Which.GetValue().Should().Be("Hi Ada");
        var kinds = history!.Events!.Select(Kind).ToList();
        kinds.Should().Equal(raw.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        kinds.Should().StartWith("WorkflowStarted").And.EndWith("WorkflowCompleted").And.Contain(["StepScheduled", "StepStarted", "StepCompleted"]);
        history.Events!.Select(e => e.StepScheduledEvent?.StepId).OfType<string>().Should().Equal("greet", "nap");
    }

    [Fact]
    public async Task Client_UnknownWorkflow_ThrowsTheProblemDetails()
    {
        var client = Client();

        var act = () => client.Api.V1.Workflows["never-started"].GetAsync();

        var problem = (await act.Should().ThrowAsync<ProblemDetails>()).Which;
        problem.ResponseStatusCode.Should().Be((int)HttpStatusCode.NotFound);
        problem.Detail.Should().Contain("never-started");
    }

    private AutomationApiClient Client() =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: fixture.Http)
        {
            BaseUrl = fixture.Http.BaseAddress!.ToString().TrimEnd('/'),
        });

    private static UntypedNode Untyped(string json) =>
        new JsonParseNode(JsonDocument.Parse(json).RootElement).GetObjectValue(UntypedNode.CreateFromDiscriminatorValue)!;

    // The kind is the member of the oneOf wrapper that the discriminator selected; each member also keeps its "type".
    private static string? Kind(HistoryEvent e) =>
        new object?[]
        {
            e.WorkflowStartedEvent?.Type, e.StepScheduledEvent?.Type, e.StepStartedEvent?.Type, e.StepRetryingEvent?.Type,
            e.StepCompletedEvent?.Type, e.StepFailedEvent?.Type, e.StepSkippedEvent?.Type, e.StepCancelledEvent?.Type,
            e.WorkflowCompletedEvent?.Type, e.WorkflowFailedEvent?.Type, e.WorkflowCancelledEvent?.Type,
        }.OfType<string>().SingleOrDefault();
}
