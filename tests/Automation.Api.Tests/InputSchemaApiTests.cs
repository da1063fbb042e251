using System.Net;
using System.Text.Json;

namespace Automation.Api.Tests;

/// <summary>A definition's <c>input</c> JSON Schema: rejected at registration when invalid, enforced at start.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class InputSchemaApiTests(ApiFixture fixture)
{
    // The example of docs/workflow-language.md, "Input schema".
    private const string Payments = """
    {
      "input": {
        "type": "object",
        "required": ["amount", "currency"],
        "properties": {
          "amount": { "type": "number", "minimum": 0 },
          "currency": { "enum": ["EUR", "USD"] }
        },
        "additionalProperties": false
      },
      "steps": [
        { "id": "charge", "type": "transform", "with": { "value": { "cents": "{{ input.amount | times: 100 }}", "currency": "{{ input.currency }}" } } }
      ]
    }
    """;

    [Fact]
    public async Task Start_InputViolatesSchema_Returns400ListingEveryViolationAndCreatesNothing()
    {
        var name = "schema-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(name, Payments)).StatusCode.Should().Be(HttpStatusCode.Created);
        var id = Guid.NewGuid().ToString();

        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}", "input": { "amount": -5, "note": "x" } }""");
        var problem = await ApiFixture.ReadAsync(response);
        var get = await fixture.Http.GetAsync($"/api/v1/workflows/{id}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(["$.input.currency", "$.input.amount", "$.input.note"]);
        errors.GetProperty("$.input.currency")[0].GetString().Should().Be("Required property 'currency' is missing.");
        errors.GetProperty("$.input.amount")[0].GetString().Should().Contain("should be at least 0");
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_InputMatchesSchema_RunsTheDocumentedExample()
    {
        var name = "schema-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(name, Payments)).StatusCode.Should().Be(HttpStatusCode.Created);

        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "input": { "amount": 5, "currency": "EUR" } }""");
        var id = (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
        done.GetProperty("steps")[0].GetProperty("output").GetRawText().Should().Be("""{"cents":500,"currency":"EUR"}""");
    }

    [Fact]
    public async Task PutDefinition_InvalidSchema_Returns400NamingInput()
    {
        var name = "schema-" + Guid.NewGuid().ToString("N");

        var response = await fixture.PutDefinitionAsync(name, """
        { "input": { "type": "bogus", "properties": { "x": { "required": "y" } } },
          "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }
        """);
        var problem = await ApiFixture.ReadAsync(response);
        var refs = await ApiFixture.ReadAsync(await fixture.PutDefinitionAsync(name, """
        { "input": { "type": "object", "properties": { "a": { "$ref": "#/$defs/missing" } } },
          "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }
        """));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        // The body of docs/workflow-language.md, "Input schema".
        problem.GetProperty("errors").GetRawText().Should().Be("""
            {"$.input.type":["Not a valid JSON Schema (draft 2020-12): Value is \"string\" but should be \"array\".","Not a valid JSON Schema (draft 2020-12): Value should match one of the values specified by the enum."],"$.input.properties.x.required":["Not a valid JSON Schema (draft 2020-12): Value is \"string\" but should be \"array\"."]}
            """);
        refs.GetProperty("errors").GetProperty("$.input.properties.a[\"$ref\"]")[0].GetString().Should().StartWith("'#/$defs/missing' does not resolve within the schema");
    }
}
