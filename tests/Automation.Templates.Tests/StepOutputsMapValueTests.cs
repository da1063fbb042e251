using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

/// <summary><c>steps</c> wraps each step's output when a template reads it; what a template sees is unchanged.</summary>
public sealed class StepOutputsMapValueTests
{
    private static readonly TemplateScope ThreeSteps = Scope(
        "{}",
        new Dictionary<string, string>
        {
            ["a"] = """{ "n": 1 }""",
            ["b"] = """{ "n": 2 }""",
            ["c"] = "3",
        });

    [Theory]
    [InlineData("{{ steps | size }}")]
    [InlineData("{{ steps.size }}")]
    public void Render_StepsSize_CountsEveryStep(string expression)
    {
        var result = Render($"\"{expression}\"", ThreeSteps);

        result.GetInt32().Should().Be(3);
    }

    [Fact]
    public void Render_ForOverSteps_SeesEveryStepInOrderWithItsOutput()
    {
        var result = Render("\"{% for s in steps %}{{ s[0] }}:{{ s[1].output }};{% endfor %}\"", ThreeSteps);

        result.GetString().Should().Be("a:{\"n\":1};b:{\"n\":2};c:3;");
    }

    [Fact]
    public void Render_SameStepReadTwice_IsTheSameValue()
    {
        var result = Render("\"{% if steps.a == steps.a %}same{% else %}different{% endif %}\"", ThreeSteps);

        result.GetString().Should().Be("same");
    }

    [Fact]
    public void Render_StepsAsAWhole_WritesEveryStepAsJson()
    {
        var result = Render("\"{{ steps }}\"", ThreeSteps);

        Compact(result).Should().Be("""{"a":{"output":{"n":1}},"b":{"output":{"n":2}},"c":{"output":3}}""");
    }

    [Fact]
    public void Render_MissingStep_FailsAsBefore()
    {
        var render = () => Render("\"{{ steps.missing.output }}\"", ThreeSteps);

        render.Should().Throw<TemplateException>();
    }

    [Theory]
    [InlineData("b", "yes")]
    [InlineData("z", "no")]
    public void Render_StepsContains_FindsAStepById(string id, string expected)
    {
        var result = Render($"\"{{% if steps contains '{id}' %}}yes{{% else %}}no{{% endif %}}\"", ThreeSteps);

        result.GetString().Should().Be(expected);
    }
}
