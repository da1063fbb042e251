using System.Text.Json;
using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

/// <summary>Conditions as typed expressions, and the filters added to Fluid's: json, parse_json, date_add.</summary>
public sealed class TemplateFiltersTests
{
    private static readonly TemplateScope DataScope = Scope("""
        { "p": 5, "name": "Ada", "tags": ["x", "y"], "order": { "id": "o-1", "lines": [ { "qty": 2 } ], "note": null },
          "text": "{\"a\":[1,2],\"b\":\"c\"}", "at": "2026-01-31T10:00:00Z" }
        """);

    [Theory]
    [InlineData("{{ input.p < 10 }}", "true")]
    [InlineData("{{ input.p >= 10 }}", "false")]
    [InlineData("{{ input.name == 'Ada' }}", "true")]
    [InlineData("{{ input.tags contains 'y' }}", "true")]
    [InlineData("{{ input.p < 10 and input.name != 'Bob' }}", "true")]
    [InlineData("{{ input.p > 10 or input.tags.size == 2 }}", "true")]
    public void Render_Comparison_IsABoolean(string template, string expected)
    {
        var result = Render(JsonSerializer.Serialize(template), DataScope);

        Compact(result).Should().Be(expected);
    }

    [Fact]
    public void Render_ComparisonInterpolated_WritesTrueOrFalse()
    {
        var result = Render("\"cheap={{ input.p < 10 }}\"", DataScope);

        result.GetString().Should().Be("cheap=true");
    }

    [Fact]
    public void Json_AnyValue_SerialisesAsCompactJson()
    {
        var result = Render("""["{{ input.order | json }}", "{{ input.tags | json }}", "{{ input.name | json }}", "{{ input.order.note | json }}", "{{ input.p | json }}"]""", DataScope);

        result.EnumerateArray().Select(e => e.GetString()).Should().Equal(
            """{"id":"o-1","lines":[{"qty":2}],"note":null}""", """["x","y"]""", "\"Ada\"", "null", "5");
    }

    [Fact]
    public void ParseJson_Text_BecomesAValue()
    {
        var result = Render("""["{{ input.text | parse_json }}", "{% assign o = input.text | parse_json %}{{ o.b }}{{ o.a[1] }}"]""", DataScope);

        Compact(result).Should().Be("""[{"a":[1,2],"b":"c"},"c2"]""");
    }

    [Fact]
    public void ParseJson_InvalidText_Fails()
    {
        var act = () => Render("\"{{ input.name | parse_json }}\"", DataScope);

        act.Should().Throw<TemplateException>().WithMessage("Template '{{ input.name | parse_json }}' failed to render: parse_json: the text is not JSON*");
    }

    [Theory]
    [InlineData("{{ input.at | date_add: '1d' | date: '%Y-%m-%dT%H:%M:%SZ' }}", "2026-02-01T10:00:00Z")]
    [InlineData("{{ input.at | date_add: '-90m' | date: '%Y-%m-%d %H:%M' }}", "2026-01-31 08:30")]
    [InlineData("{{ input.at | date_add: '1.5h' }}", "2026-01-31T11:30:00.0000000+00:00")]
    [InlineData("{{ '2026-03-01' | date_add: '-1d' | date: '%d' }}", "28")]
    public void DateAdd_Duration_MovesTheDate(string template, string expected)
    {
        var result = Render(JsonSerializer.Serialize(template), DataScope);

        result.GetString().Should().Be(expected);
    }

    [Fact]
    public void TimeZone_Name_ConvertsTheDate()
    {
        var result = Render("\"{{ input.at | time_zone: 'Europe/Paris' | date: '%H:%M' }}\"", DataScope);

        result.GetString().Should().Be("11:00");
    }

    [Theory]
    [InlineData("{{ input.at | date_add: 'soon' }}", "date_add: 'soon' is not a duration*")]
    [InlineData("{{ input.name | date_add: '1d' }}", "date_add: 'Ada' is not a date*")]
    public void DateAdd_BadInput_Fails(string template, string message)
    {
        var act = () => Render(JsonSerializer.Serialize(template), DataScope);

        act.Should().Throw<TemplateException>().WithMessage($"*failed to render: {message}");
    }

    [Fact]
    public void Validate_NewFilters_AreKnown()
    {
        var errors = new List<Automation.Definitions.ValidationError>();

        JsonTemplate.Validate(Json("""
            ["{{ input | json }}", "{{ input.t | parse_json }}", "{{ input.at | date_add: '1h' }}", "{{ input.p | abs | round: 1 | ceil | floor | modulo: 2 }}",
             "{{ input.p | at_least: 1 | at_most: 9 }}", "{{ input.l | where: 'a', 1 | uniq | compact | sum }}", "{{ input.at | format_date: 'yyyy' | default: 0 }}"]
            """), "$", errors);

        errors.Should().BeEmpty();
    }
}
