using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Definitions;

/// <summary>The <c>service</c> field of http steps names the monitored service whose breaker the call goes through (issue 11).</summary>
public sealed class HttpServiceFieldTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new HttpStepKind()]));

    private static List<ValidationError> Validate(string service)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse($$"""{ "steps": [ { "id": "call", "type": "http", "with": { "url": "http://x/", "service": {{service}} } } ] }""");
        Parser.Parse("svc", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors);
        return errors;
    }

    [Theory]
    [InlineData("\"orders-api\"")]
    [InlineData("\"{{ input.service }}\"")]
    public void Validate_ValidOrTemplatedName_IsAccepted(string service) => Validate(service).Should().BeEmpty();

    [Theory]
    [InlineData("\"Orders API\"")]
    [InlineData("\"graph\"")]
    [InlineData("\"\"")]
    [InlineData("42")]
    public void Validate_InvalidName_NamesTheField(string service) =>
        Validate(service).Should().ContainSingle().Which.Path.Should().Be("$.steps[0].with.service");
}
