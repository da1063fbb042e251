using System.Text.Json;
using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

public sealed class JsonTemplateRenderTests
{
    private static readonly TemplateScope OrderScope = Scope(
        """
        {
          "name": "Ada",
          "count": 2,
          "price": 2.50,
          "active": true,
          "note": null,
          "order": { "id": "o-1", "lines": [ { "sku": "a", "qty": 1 }, { "sku": "b", "qty": 3 } ] },
          "tags": ["x", "y", "z"],
          "customer": { "name": "Ada", "address": null },
          "map": { "odd key": 5 }
        }
        """,
        new Dictionary<string, string>
        {
            ["fetch"] = """{ "status": 200, "body": { "items": [1, 2, 3, 4] } }""",
            ["fetch-2"] = """{ "ok": true }""",
        });

    [Fact]
    public void Render_SingleExpressionOfObject_KeepsObject()
    {
        var template = "\"{{ input.order }}\"";

        var result = Render(template, OrderScope);

        result.ValueKind.Should().Be(JsonValueKind.Object);
        Compact(result).Should().Be("""{"id":"o-1","lines":[{"sku":"a","qty":1},{"sku":"b","qty":3}]}""");
    }

    [Fact]
    public void Render_SingleExpressionOfArray_KeepsArray()
    {
        var template = "\"{{ input.tags }}\"";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("""["x","y","z"]""");
    }

    [Fact]
    public void Render_SingleExpressionOfNumber_KeepsNumber()
    {
        var template = "\"{{ input.count }}\"";

        var result = Render(template, OrderScope);

        result.ValueKind.Should().Be(JsonValueKind.Number);
        result.GetInt32().Should().Be(2);
    }

    [Fact]
    public void Render_SingleExpressionWithSurroundingWhitespace_KeepsType()
    {
        var template = "\"  {{ input.count | plus: 1 }}\\n\"";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("3");
    }

    [Fact]
    public void Render_SingleExpressionOfBoolean_KeepsBoolean()
    {
        var template = "\"{{ input.active }}\"";

        var result = Render(template, OrderScope);

        result.ValueKind.Should().Be(JsonValueKind.True);
    }

    [Fact]
    public void Render_SingleExpressionOfExplicitNull_IsNullNotMissing()
    {
        var template = "\"{{ input.note }}\"";

        var result = Render(template, OrderScope);

        result.ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Render_SingleExpressionOfString_IsString()
    {
        var template = "\"{{ input.name }}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("Ada");
    }

    [Fact]
    public void Render_SizeOfStepOutputArray_IsNumber()
    {
        var template = "\"{{ steps.fetch.output.body.items | size }}\"";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("4");
    }

    [Fact]
    public void Render_FirstAndLastFilters_ReturnItems()
    {
        var template = """["{{ input.tags | first }}", "{{ input.tags | last }}", "{{ input.tags.first }}", "{{ input.tags.size }}"]""";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("""["x","z","x",3]""");
    }

    [Fact]
    public void Render_Interpolation_RendersString()
    {
        var template = "\"Hello {{ input.name }}, you have {{ input.count }} items\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("Hello Ada, you have 2 items");
    }

    [Fact]
    public void Render_Filters_Apply()
    {
        var template = "\"{{ input.name | upcase }}-{{ input.tags | join: ',' }}-{{ input.count | times: 10 }}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("ADA-x,y,z-20");
    }

    [Fact]
    public void Render_ObjectInterpolatedIntoString_RendersCompactJson()
    {
        var template = "\"order={{ input.order }} tags={{ input.tags }}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("""order={"id":"o-1","lines":[{"sku":"a","qty":1},{"sku":"b","qty":3}]} tags=["x","y","z"]""");
    }

    [Fact]
    public void Render_Indexers_ResolveItemsAndKeys()
    {
        var template = """["{{ input.order.lines[1].sku }}", "{{ input['name'] }}", "{{ input.map['odd key'] }}", "{{ steps['fetch-2'].output.ok }}", "{{ input.tags[-1] }}"]""";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("""["b","Ada",5,true,"z"]""");
    }

    [Fact]
    public void Render_WorkflowScope_ExposesIdentity()
    {
        var template = "\"{{ workflow.definition }} v{{ workflow.version }} ({{ workflow.id }})\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("orders v7 (wf-123)");
    }

    [Fact]
    public void Render_NestedObjectsAndArrays_RendersEveryString()
    {
        var template = """
            {
              "{{ not.a.template }}": { "items": ["{{ input.count }}", "{{ input.name }}!", 5, false, null, ["{{ input.tags[0] }}"]] },
              "plain": "no templates here",
              "number": 1.5
            }
            """;

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("""{"{{ not.a.template }}":{"items":[2,"Ada!",5,false,null,["x"]]},"plain":"no templates here","number":1.5}""");
    }

    [Fact]
    public void Render_TemplateWithoutTemplateStrings_ReturnsEqualValue()
    {
        var template = """{ "a": "text with } and { braces", "b": [1, 2.25, true, null], "c": { "d": "e" } }""";

        var result = Render(template, OrderScope);

        JsonElement.DeepEquals(result, Json(template)).Should().BeTrue();
    }

    [Fact]
    public void Render_MissingMember_ThrowsWithExpressionAndPath()
    {
        var template = "\"Dear {{ input.name }}, mail {{ input.customer.email }} now\"";

        var act = () => Render(template, OrderScope);

        var error = act.Should().Throw<TemplateException>().Which;
        error.Expression.Should().Be("{{ input.customer.email }}");
        error.MissingPath.Should().Be("input.customer.email");
        error.Message.Should().Be("Template '{{ input.customer.email }}' references missing data 'input.customer.email'.");
    }

    [Fact]
    public void Render_MissingStep_ThrowsWithStepPath()
    {
        var template = "\"{{ steps.nope.output }}\"";

        var act = () => Render(template, OrderScope);

        var error = act.Should().Throw<TemplateException>().Which;
        error.Expression.Should().Be("{{ steps.nope.output }}");
        error.MissingPath.Should().Be("steps.nope");
    }

    [Fact]
    public void Render_IndexOutOfRange_ThrowsWithIndexPath()
    {
        var template = "\"{{ input.order.lines[5].sku | upcase }}\"";

        var act = () => Render(template, OrderScope);

        act.Should().Throw<TemplateException>().Which.MissingPath.Should().Be("input.order.lines[5]");
    }

    [Fact]
    public void Render_MemberOfExplicitNull_ThrowsMissing()
    {
        var template = "\"{{ input.customer.address.city }}\"";

        var act = () => Render(template, OrderScope);

        act.Should().Throw<TemplateException>().Which.MissingPath.Should().Be("input.customer.address.city");
    }

    [Fact]
    public void Render_UnknownRootVariable_ThrowsMissing()
    {
        var template = "\"{{ inputs.name }}\"";

        var act = () => Render(template, OrderScope);

        act.Should().Throw<TemplateException>().Which.MissingPath.Should().Be("inputs");
    }

    [Fact]
    public void Render_MissingPathInsideIfBlock_ThrowsWithThatExpression()
    {
        var template = "\"{% if input.active %}{% else %}{{ input.name }}{% endif %}{% if input.active %}{{ input.zip }}{% endif %}\"";

        var act = () => Render(template, OrderScope);

        var error = act.Should().Throw<TemplateException>().Which;
        error.Expression.Should().Be("{{ input.zip }}");
        error.MissingPath.Should().Be("input.zip");
    }

    [Fact]
    public void Render_DefaultFilter_AllowsMissingPath()
    {
        var template = """["{{ input.customer.email | default: 'none' }}", "Mail: {{ steps.nope.output.x | default: input.name }}"]""";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("""["none","Mail: Ada"]""");
    }

    [Fact]
    public void Render_DefaultFilterArgumentMissing_Throws()
    {
        var template = "\"{{ input.zip | default: input.fallback }}\"";

        var act = () => Render(template, OrderScope);

        act.Should().Throw<TemplateException>().Which.MissingPath.Should().Be("input.fallback");
    }

    [Fact]
    public void Render_ExplicitNullInString_RendersEmpty()
    {
        var template = "\"[{{ input.note }}]\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("[]");
    }

    [Fact]
    public void Render_IfTagOnMissingPath_IsFalse()
    {
        var template = "\"{% if input.zip %}has zip{% else %}no zip{% endif %}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("no zip");
    }

    [Fact]
    public void Render_ForLoopOverArray_IteratesItems()
    {
        var template = "\"{% for line in input.order.lines %}{{ line.sku }}x{{ line.qty }}{% unless forloop.last %},{% endunless %}{% endfor %}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("ax1,bx3");
    }

    [Fact]
    public void Render_MissingMemberOfLoopItem_Throws()
    {
        var template = "\"{% for line in input.order.lines %}{{ line.price }}{% endfor %}\"";

        var act = () => Render(template, OrderScope);

        var error = act.Should().Throw<TemplateException>().Which;
        error.Expression.Should().Be("{{ line.price }}");
        error.MissingPath.Should().Be("line.price");
    }

    [Fact]
    public void Render_ArrayFilters_ProduceJsonArrays()
    {
        var template = """["{{ input.order.lines | map: 'sku' }}", "{{ input.tags | reverse }}", "skus={{ input.order.lines | map: 'sku' }}"]""";

        var result = Render(template, OrderScope);

        Compact(result[0]).Should().Be("""["a","b"]""");
        Compact(result[1]).Should().Be("""["z","y","x"]""");
        result[2].GetString().Should().Be("""skus=["a","b"]""");
    }

    [Fact]
    public void Render_IntegralResults_HaveNoDecimalPoint()
    {
        var template = """["{{ input.price | times: 2 }}", "{{ input.price }}", "{{ 3.0 }}", "{{ input.count | divided_by: 4.0 }}"]""";

        var result = Render(template, OrderScope);

        Compact(result).Should().Be("[5,2.5,3,0.5]");
    }

    [Fact]
    public void Render_ContainsOperator_WorksOnArrays()
    {
        var template = "\"{% if input.tags contains 'y' %}yes{% endif %}\"";

        var result = Render(template, OrderScope);

        result.GetString().Should().Be("yes");
    }

    [Fact]
    public void Render_SyntaxError_ThrowsTemplateExceptionWithoutPath()
    {
        var template = "\"{{ input.name \"";

        var act = () => Render(template, OrderScope);

        var error = act.Should().Throw<TemplateException>().Which;
        error.MissingPath.Should().BeNull();
        error.Expression.Should().Be("{{ input.name ");
    }

    [Fact]
    public void Render_SameTemplateConcurrently_RendersEachScope()
    {
        var template = Json("\"{{ input.n | plus: 1 }}\"");

        var results = Enumerable.Range(0, 200).AsParallel()
            .Select(n => JsonTemplate.Render(template, Scope($$"""{ "n": {{n}} }""")).GetInt32())
            .ToList();

        results.Should().BeEquivalentTo(Enumerable.Range(1, 200));
    }
}
