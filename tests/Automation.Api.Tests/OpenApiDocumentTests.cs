using System.Text.Json;
using System.Text.Json.Nodes;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>The OpenAPI document served at <c>/openapi/v1.json</c> states what the server really does (issue 5).</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class OpenApiDocumentTests(ApiFixture fixture)
{
    private JsonElement Document => JsonDocument.Parse(fixture.OpenApiDocument).RootElement;

    private JsonElement Schemas => Document.GetProperty("components").GetProperty("schemas");

    private JsonElement Operation(string path, string method) => Document.GetProperty("paths").GetProperty(path).GetProperty(method);

    [Fact]
    public void Document_AsServed_IsSavedForLintAndClientGeneration()
    {
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "artifacts", "openapi.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        File.WriteAllText(path, fixture.OpenApiDocument);

        Document.GetProperty("openapi").GetString().Should().StartWith("3.1");
        File.ReadAllText(path).Should().Be(fixture.OpenApiDocument);
    }

    [Fact]
    public void Document_Paths_DescribeEveryEndpointUnderOneVersionPrefix()
    {
        var paths = Document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        paths.Should().OnlyContain(p => p.StartsWith("/api/v1/", StringComparison.Ordinal)).And.Contain(
            "/api/v1/auth/token", "/api/v1/auth/refresh", "/api/v1/definitions/{name}", "/api/v1/definitions", "/api/v1/definitions/{name}/versions/{version}",
            "/api/v1/workflows", "/api/v1/workflows/{workflowId}", "/api/v1/workflows/{workflowId}/history", "/api/v1/workflows/{workflowId}/cancel",
            "/api/v1/secrets", "/api/v1/secrets/{name}");
        Operation("/api/v1/workflows", "post").GetProperty("requestBody").GetRawText().Should().Contain("StartWorkflowRequest");
        Operation("/api/v1/workflows/{workflowId}", "get").GetProperty("parameters").GetRawText().Should().Contain("wait");
    }

    [Theory]
    [InlineData("WorkflowResponse", "output")]
    [InlineData("WorkflowResponse", "input")]
    [InlineData("StepResponse", "output")]
    [InlineData("AttemptFailureResponse", "output")]
    [InlineData("StartWorkflowRequest", "input")]
    public void AnyJsonField_Schema_AcceptsEveryJsonValueIncludingNull(string component, string property)
    {
        var schema = Schemas.GetProperty(component).GetProperty("properties").GetProperty(property);

        schema.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["description"], "an empty schema accepts any JSON");
        foreach (var value in new[] { "null", "{}", "[1]", "\"s\"", "3", "true" })
        {
            var errors = fixture.Contract.Validate(component, Complete(component, property, value));
            errors.Should().BeEmpty($"{property} = {value} is valid");
        }
    }

    [Fact]
    public void StartWorkflowRequest_Schema_RequiresOnlyDefinitionAndRejectsUnknownProperties()
    {
        var schema = Schemas.GetProperty("StartWorkflowRequest");

        schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal("definition");
        schema.GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        fixture.Contract.Validate("StartWorkflowRequest", """{ "definition": "d" }""").Should().BeEmpty();
        fixture.Contract.Validate("StartWorkflowRequest", """{ "definition": "d", "version": null, "workflowId": null, "input": null }""").Should().BeEmpty();
        fixture.Contract.Validate("StartWorkflowRequest", """{ "definition": "d", "colour": "red" }""").Should().NotBeEmpty();
    }

    [Fact]
    public void CancelWorkflow_BodyAndReason_AreOptionalAnd413And415AreDeclared()
    {
        var operation = Operation("/api/v1/workflows/{workflowId}/cancel", "post");

        operation.GetProperty("requestBody").TryGetProperty("required", out var required).Should().BeFalse(required.ToString());
        Schemas.GetProperty("CancelWorkflowRequest").TryGetProperty("required", out _).Should().BeFalse();
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "404", "409", "413", "415", "503"]);
    }

    [Fact]
    public void Integers_Everywhere_AreTypedIntegerOnly()
    {
        var integers = Descendants(Document).Where(e => TypeNames(e).Contains("integer")).ToList();

        integers.Should().HaveCountGreaterThan(10);
        integers.Should().OnlyContain(e => !TypeNames(e).Contains("string") && !HasPattern(e));
    }

    [Fact]
    public void ResponseHeaders_Every201AndEvery503_DeclareLocationAndRetryAfter()
    {
        var responses = Document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .SelectMany(o => o.Value.GetProperty("responses").EnumerateObject()).ToList();

        responses.Where(r => r.Name == "201").Should().HaveCount(12)
            .And.OnlyContain(r => r.Value.GetProperty("headers").GetProperty("Location").GetProperty("required").GetBoolean());
        responses.Where(r => r.Name == "202").Should().HaveCount(2, "POST /workflows/batch accepts an operation to poll, DELETE /agents/{agentId} drains the agent")
            .And.OnlyContain(r => r.Value.GetProperty("headers").GetProperty("Location").GetProperty("required").GetBoolean());
        responses.Where(r => r.Name == "503").Should().HaveCount(86, "every dashboard, definitions (versions and validation included), workflows (batch operations and counts included), schedules, services, alerts, users, roles, API keys, audit, secrets, channels, templates, agents, tasks, capabilities and system (log levels, overview) endpoint needs the cluster or the database")
            .And.OnlyContain(r => r.Value.GetProperty("headers").GetProperty("Retry-After").GetProperty("required").GetBoolean());
    }

    [Fact]
    public void StartWorkflow_IdempotencyKeyHeader_IsOptionalAndTyped()
    {
        var parameter = Operation("/api/v1/workflows", "post").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");

        parameter.GetProperty("in").GetString().Should().Be("header");
        parameter.TryGetProperty("required", out var required).Should().BeFalse(required.ToString());
        parameter.GetProperty("schema").GetProperty("pattern").GetString().Should().Be("^[!-~]{1,200}$");
    }

    [Theory]
    [InlineData("WorkflowStatus", new[] { "Running", "Completed", "Failed", "Cancelled", "TimedOut", "Terminated", "Paused" })]
    [InlineData("BatchOperationStatus", new[] { "Running", "Completed", "Failed" })]
    [InlineData("StepStatus", new[] { "Pending", "Running", "Retrying", "Completed", "Failed", "Skipped", "Cancelled", "Waiting" })]
    public void StatusSchemas_AreStringEnumsOfTheNamesTheServerWrites(string component, string[] names)
    {
        var schema = Schemas.GetProperty(component);

        schema.GetProperty("type").GetString().Should().Be("string");
        schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).Should().Equal(names);
    }

    [Fact]
    public void ListWorkflows_QueryParameters_AreTypedAsTheServerParsesThem()
    {
        var parameters = Operation("/api/v1/workflows", "get").GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("schema"));

        parameters["from"].GetProperty("format").GetString().Should().Be("date-time");
        parameters["to"].GetProperty("format").GetString().Should().Be("date-time");
        parameters["limit"].GetProperty("type").GetString().Should().Be("integer");
        parameters["limit"].GetProperty("minimum").GetInt32().Should().Be(1);
        parameters["limit"].GetProperty("maximum").GetInt32().Should().Be(1000);
        parameters["status"].GetProperty("$ref").GetString().Should().Be("#/components/schemas/WorkflowStatus");
        parameters["parentId"].GetProperty("pattern").GetString().Should().Be(parameters["idPrefix"].GetProperty("pattern").GetString());
    }

    [Theory]
    [InlineData("terminate", "TerminateWorkflowRequest")]
    [InlineData("retry", "RetryWorkflowRequest")]
    [InlineData("pause", "PauseWorkflowRequest")]
    [InlineData("resume", "ResumeWorkflowRequest")]
    public void WorkflowControls_BodyIsOptionalAndStrictAndProblemsAreDeclared(string action, string component)
    {
        var operation = Operation($"/api/v1/workflows/{{workflowId}}/{action}", "post");

        operation.GetProperty("requestBody").TryGetProperty("required", out var required).Should().BeFalse(required.ToString());
        Schemas.GetProperty(component).GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
        operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "404", "409", "413", "415", "503"]);
    }

    [Fact]
    public void HistoryEvent_Schema_IsOneOfWithDiscriminatorOnTypeAndExplicitMapping()
    {
        var schema = Schemas.GetProperty("HistoryEvent");
        var discriminator = schema.GetProperty("discriminator");
        var mapping = discriminator.GetProperty("mapping").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetString()!);

        schema.TryGetProperty("anyOf", out _).Should().BeFalse();
        discriminator.GetProperty("propertyName").GetString().Should().Be("type");
        mapping.Keys.Should().BeEquivalentTo(
            "WorkflowStarted", "StepScheduled", "StepStarted", "StepRetrying", "StepCompleted", "StepFailed", "StepSkipped", "StepCancelled",
            "WorkflowCompleted", "WorkflowFailed", "WorkflowCancelled", "SignalReceived", "ApprovalRecorded",
            "WorkflowTerminated", "WorkflowTimedOut", "WorkflowPaused", "WorkflowResumed", "WorkflowRetried", "ChildStarted", "ChildFinished",
            "StepWaitingForService");
        schema.GetProperty("oneOf").EnumerateArray().Select(r => r.GetProperty("$ref").GetString()).Should().BeEquivalentTo(mapping.Values);
        foreach (var (kind, reference) in mapping)
        {
            var derived = Schemas.GetProperty(reference.Split('/')[^1]);
            derived.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Contain("type");
            derived.GetProperty("properties").GetProperty("type").GetProperty("const").GetString().Should().Be(kind);
        }
    }

    [Fact]
    public void ValidationProblem_Schema_RequiresTheErrorsMapOnEvery400()
    {
        var badRequests = Document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject())
            .Select(o => o.Value.GetProperty("responses")).Where(r => r.TryGetProperty("400", out _)).Select(r => r.GetProperty("400")).ToList();

        badRequests.Should().HaveCountGreaterThan(8).And.OnlyContain(r =>
            r.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()
                == "#/components/schemas/HttpValidationProblemDetails");
        Schemas.GetProperty("HttpValidationProblemDetails").GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Contain("errors");
    }

    private static string Complete(string component, string property, string value)
    {
        var valid = component switch
        {
            "WorkflowResponse" => """
                { "workflowId": "w", "definition": "d", "version": 1, "status": "Running", "input": {}, "output": null, "error": null,
                  "steps": [], "createdAt": "2026-11-25T10:00:00Z", "completedAt": null, "startedBy": null, "pendingSignals": [], "tags": [],
                  "parent": null, "subflow": null }
                """,
            "StepResponse" => """
                { "id": "a", "type": "http", "status": "Running", "attempts": 1, "output": null, "error": null, "startedAt": null,
                  "completedAt": null, "nextAttemptAt": null, "failures": [], "waitingFor": null, "children": null, "progress": null }
                """,
            "AttemptFailureResponse" => """
                { "attempt": 1, "startedAt": "2026-11-25T10:00:00Z", "failedAt": "2026-11-25T10:00:01Z",
                  "error": { "type": "timeout", "message": "m", "retryable": true }, "output": null }
                """,
            _ => """{ "definition": "d" }""",
        };
        var node = JsonNode.Parse(valid)!;
        node[property] = JsonNode.Parse(value);
        return node.ToJsonString();
    }

    private static string[] TypeNames(JsonElement schema) =>
        schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) ? []
        : type.ValueKind == JsonValueKind.String ? [type.GetString()!]
        : type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)]
        : [];

    private static bool HasPattern(JsonElement schema) => schema.TryGetProperty("pattern", out _);

    private static IEnumerable<JsonElement> Descendants(JsonElement element)
    {
        yield return element;
        var children = element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => element.EnumerateArray(),
            _ => [],
        };
        foreach (var descendant in children.SelectMany(Descendants))
        {
            yield return descendant;
        }
    }
}
