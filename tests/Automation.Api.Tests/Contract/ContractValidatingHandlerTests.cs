using System.Net;
using System.Text;

namespace Automation.Api.Tests.Contract;

/// <summary>The contract check itself, against a small document and canned responses (no API, no database).</summary>
public sealed class ContractValidatingHandlerTests
{
    private const string Document = """
    {
      "openapi": "3.1.1",
      "paths": {
        "/api/v1/things/{id}": {
          "get": {
            "operationId": "GetThing",
            "responses": {
              "200": { "description": "OK", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
              "201": { "description": "Created", "headers": { "Location": { "required": true, "schema": { "type": "string" } } } },
              "404": { "description": "Not Found", "content": { "application/problem+json": { "schema": { "type": "object" } } } }
            }
          }
        }
      },
      "components": {
        "schemas": {
          "Thing": {
            "type": "object",
            "required": ["id", "count", "at"],
            "properties": {
              "id": { "type": "string" },
              "count": { "type": "integer", "format": "int32" },
              "at": { "type": "string", "format": "date-time" },
              "any": { "description": "Any JSON." }
            }
          }
        }
      }
    }
    """;

    [Fact]
    public async Task SendAsync_DeclaredStatusAndConformingBody_ReturnsTheResponse()
    {
        using var client = Client(HttpStatusCode.OK, """{ "id": "a", "count": 2, "at": "2026-11-25T10:00:00Z", "any": null }""");

        var response = await client.GetAsync("/api/v1/things/a");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"count\": 2", "the body stays readable after the check");
    }

    [Fact]
    public async Task SendAsync_UndeclaredStatus_ThrowsNamingOperationAndStatus()
    {
        using var client = Client(HttpStatusCode.InternalServerError, """{ "title": "boom" }""", "application/problem+json");

        var act = () => client.GetAsync("/api/v1/things/a");

        (await act.Should().ThrowAsync<ContractViolationException>()).WithMessage("*GetThing does not declare status 500*");
    }

    [Theory]
    [InlineData("""{ "id": "a", "count": "2", "at": "2026-11-25T10:00:00Z" }""", "*/count*")]
    [InlineData("""{ "id": "a", "at": "2026-11-25T10:00:00Z" }""", "*count*")]
    [InlineData("""{ "id": "a", "count": 2, "at": "yesterday" }""", "*/at*")]
    [InlineData("not json", "*not JSON*")]
    public async Task SendAsync_BodyBreakingTheSchema_ThrowsNamingTheLocation(string body, string message)
    {
        using var client = Client(HttpStatusCode.OK, body);

        var act = () => client.GetAsync("/api/v1/things/a");

        (await act.Should().ThrowAsync<ContractViolationException>()).WithMessage(message);
    }

    [Fact]
    public async Task SendAsync_UndeclaredContentType_Throws()
    {
        using var client = Client(HttpStatusCode.NotFound, """{ "title": "Not found" }""", "application/json");

        var act = () => client.GetAsync("/api/v1/things/a");

        (await act.Should().ThrowAsync<ContractViolationException>()).WithMessage("*content type 'application/json' is not declared*");
    }

    [Fact]
    public async Task SendAsync_MissingRequiredHeader_Throws()
    {
        using var client = Client(HttpStatusCode.Created, "");

        var act = () => client.GetAsync("/api/v1/things/a");

        (await act.Should().ThrowAsync<ContractViolationException>()).WithMessage("*required header Location is missing*");
    }

    [Theory]
    [InlineData("GET", "/api/v1/other")]
    [InlineData("DELETE", "/api/v1/things/a")]
    public async Task SendAsync_RequestNoOperationDescribes_Throws(string method, string path)
    {
        using var client = Client(HttpStatusCode.OK, "{}");

        var act = () => client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        (await act.Should().ThrowAsync<ContractViolationException>()).WithMessage("*No*operation*");
    }

    [Fact]
    public async Task SendAsync_PathOutsideTheApi_PassesUnchecked()
    {
        using var client = Client(HttpStatusCode.OK, "Healthy", "text/plain");

        var response = await client.GetAsync("/health");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static HttpClient Client(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(new ContractValidatingHandler(OpenApiContract.Parse(Document)) { InnerHandler = new Canned(status, body, mediaType) })
        {
            BaseAddress = new Uri("http://localhost"),
        };

    private sealed class Canned(HttpStatusCode status, string body, string mediaType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status)
            {
                Content = body.Length == 0 ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, mediaType),
            });
    }
}
