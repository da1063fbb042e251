using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

/// <summary><c>steps</c> wraps each step's output when a template reads it; what a template sees is unchanged.</summary>
public sealed class StepOutputsScopeTests
{
    private static readonly TemplateScope ThreeSteps = Scope(
        "{}",
        new Dictionary<string, string>
        {
            ["a"] = """{ "n": 1 }""",
            ["b"] = """{ "n": 2 }""",
            ["c"] = "3",
        });

    [Fact]
    public void Render_StepsSize_CountsEveryStep()
    {
        Render("\"{{ steps | size }}\"", ThreeSteps).GetInt32().Should().Be(3);
        Render("\"{{ steps.size }}\"", ThreeSteps).GetInt32().Should().Be(3);
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

    [Fact]
    public void Render_StepsContains_FindsAStepById()
    {
        Render("\"{% if steps contains 'b' %}yes{% else %}no{% endif %}\"", ThreeSteps).GetString().Should().Be("yes");
        Render("\"{% if steps contains 'z' %}yes{% else %}no{% endif %}\"", ThreeSteps).GetString().Should().Be("no");
    }
}
