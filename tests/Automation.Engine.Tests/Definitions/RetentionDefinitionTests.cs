using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Definitions;

/// <summary>The root field <c>retention</c>: a duration no shorter than the configured minimum.</summary>
public sealed class RetentionDefinitionTests
{
    private static (WorkflowDefinition? Definition, List<ValidationError> Errors) Parse(string retention, TimeSpan? minimum = null)
    {
        var parser = new DefinitionParser(new StepKindRegistry([new TransformStepKind()]), minimum);
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse($$"""{ "retention": {{retention}}, "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        return (parser.Parse("orders", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors), errors);
    }

    [Theory]
    [InlineData("\"90d\"", 90 * 24)]
    [InlineData("\"1h\"", 1)]
    [InlineData("\"36h\"", 36)]
    public void Parse_ValidRetention_IsKept(string retention, int hours)
    {
        var (definition, errors) = Parse(retention);

        errors.Should().BeEmpty();
        definition!.Retention.Should().Be(TimeSpan.FromHours(hours));
    }

    [Fact]
    public void Parse_NoRetention_IsNullForTheConfiguredDefault()
    {
        var (definition, errors) = Parse("null");

        errors.Should().BeEmpty();
        definition!.Retention.Should().BeNull();
    }

    [Theory]
    [InlineData("\"59m\"", "Must be at least 1h (Automation:Retention:Minimum), not \"59m\".")]
    [InlineData("\"2s\"", "Must be at least 1h (Automation:Retention:Minimum), not \"2s\".")]
    public void Parse_ShorterThanMinimum_NamesRetention(string retention, string message)
    {
        var (definition, errors) = Parse(retention);

        definition.Should().BeNull();
        errors.Should().Equal(new ValidationError("$.retention", message));
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"0s\"")]
    [InlineData("\"-1d\"")]
    [InlineData("\"3651d\"")]
    [InlineData("30")]
    [InlineData("{}")]
    public void Parse_NotADuration_NamesRetention(string retention)
    {
        var (definition, errors) = Parse(retention);

        definition.Should().BeNull();
        errors.Should().ContainSingle().Which.Path.Should().Be("$.retention");
        errors[0].Message.Should().StartWith("Must be a duration such as \"90d\"");
    }

    [Fact]
    public void Parse_ConfiguredLowerMinimum_AcceptsShortRetention()
    {
        var (definition, errors) = Parse("\"2s\"", minimum: TimeSpan.FromSeconds(1));

        errors.Should().BeEmpty();
        definition!.Retention.Should().Be(TimeSpan.FromSeconds(2));
    }
}
