using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

/// <summary>Rendering many times against one scope: per item with <c>item</c> and <c>index</c>, or once with extra variables.</summary>
public sealed class TemplateRendererTests
{
    private static readonly TemplateScope RatesScope = Scope("""{ "rate": 2 }""", new Dictionary<string, string> { ["prices"] = """{ "eu": 10 }""" });

    [Fact]
    public void RenderEach_Items_SeeItemIndexAndTheScope()
    {
        var renderer = new TemplateRenderer(RatesScope);
        var items = Json("""[ { "n": 1 }, { "n": 2.5 } ]""").EnumerateArray().ToList();

        var results = renderer.RenderEach(Json("""{ "n": "{{ item.n | times: input.rate }}", "at": "{{ index }}", "eu": "{{ steps.prices.output.eu }}", "label": "#{{ index }}", "fixed": [true] }"""), items);

        results.Select(Compact).Should().Equal("""{"n":2,"at":0,"eu":10,"label":"#0","fixed":[true]}""", """{"n":5,"at":1,"eu":10,"label":"#1","fixed":[true]}""");
    }

    [Fact]
    public void RenderEach_MissingDataInOneItem_NamesTheItem()
    {
        var renderer = new TemplateRenderer(RatesScope);
        var items = Json("""[ { "n": 1 }, { "m": 2 } ]""").EnumerateArray().ToList();

        var act = () => renderer.RenderEach(Json("\"{{ item.n }}\""), items);

        act.Should().Throw<TemplateException>().WithMessage("Item 1: Template '{{ item.n }}' references missing data 'item.n'.")
            .Which.MissingPath.Should().Be("item.n");
    }

    [Fact]
    public void Render_Variables_AreSeenOnceAndDoNotLeak()
    {
        var renderer = new TemplateRenderer(RatesScope);
        renderer.RenderEach(Json("\"{{ item }}\""), [Json("1")]);

        var withResult = renderer.Render(Json("""{ "n": "{{ result | size }}" }"""), new Dictionary<string, System.Text.Json.JsonElement> { ["result"] = Json("[1,2]") });
        var withoutItem = () => renderer.Render(Json("\"{{ item }}\""));

        Compact(withResult).Should().Be("""{"n":2}""");
        withoutItem.Should().Throw<TemplateException>().WithMessage("*missing data 'item'*");
    }

    [Fact]
    public void RenderStepArguments_RawProperties_AreCopiedAsWritten()
    {
        var template = Json("""{ "input": "{{ input.rate }}", "operations": [ { "map": "{{ item.n }}" } ], "output": "{{ result }}" }""");

        var result = JsonTemplate.RenderStepArguments(template, RatesScope, new HashSet<string> { "operations", "output" });

        Compact(result).Should().Be("""{"input":2,"operations":[{"map":"{{ item.n }}"}],"output":"{{ result }}"}""");
    }

    [Theory]
    [InlineData("{{ item.price < 10 }}", true)]
    [InlineData("  {{ item }} ", true)]
    [InlineData("{{ item.a }}{{ item.b }}", false)]
    [InlineData("{% if item %}true{% endif %}", false)]
    [InlineData("price < 10", false)]
    [InlineData("{{ item.a ", false)]
    public void IsSingleExpression_Text_TellsWhetherTheValueKeepsItsType(string text, bool expected)
    {
        JsonTemplate.IsSingleExpression(text).Should().Be(expected);
    }
}
