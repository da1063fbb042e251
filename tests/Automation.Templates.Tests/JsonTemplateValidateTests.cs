using Automation.Definitions;
using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

public sealed class JsonTemplateValidateTests
{
    [Fact]
    public void Validate_SyntaxErrors_ReportJsonPaths()
    {
        var template = Json("""{ "body": { "name": "{{ input.name ", "ok": "{{ input.ok }}", "list": ["fine", "{% if %}"] } }""");
        var errors = new List<ValidationError>();

        JsonTemplate.Validate(template, "$.steps[0].with", errors);

        errors.Select(e => e.Path).Should().Equal("$.steps[0].with.body.name", "$.steps[0].with.body.list[1]");
        errors.Should().AllSatisfy(e => e.Message.Should().StartWith("Invalid template: ").And.NotContain("\n"));
    }

    [Fact]
    public void Validate_ValidTemplates_AddsNoErrors()
    {
        var template = Json("""{ "a": "{{ input.x | default: 1 }}", "b": "{% for i in input.items %}{{ i }}{% endfor %}", "c": 3, "d": "plain" }""");
        var errors = new List<ValidationError>();

        JsonTemplate.Validate(template, "$.output", errors);

        errors.Should().BeEmpty();
    }

    [Fact]
    public void Validate_PropertyNameNeedingQuotes_UsesBracketPath()
    {
        var template = Json("""{ "content-type": "{{ }}" }""");
        var errors = new List<ValidationError>();

        JsonTemplate.Validate(template, "$", errors);

        errors.Should().ContainSingle().Which.Path.Should().Be("$['content-type']");
    }

    [Fact]
    public void Validate_UnknownFilter_ReportsFilterName()
    {
        var template = Json("""{ "a": "{{ input.name | shout }}" }""");
        var errors = new List<ValidationError>();

        JsonTemplate.Validate(template, "$.output", errors);

        errors.Should().ContainSingle().Which.Should().Be(new ValidationError("$.output.a", "Invalid template: Unknown filter 'shout'."));
    }
}
