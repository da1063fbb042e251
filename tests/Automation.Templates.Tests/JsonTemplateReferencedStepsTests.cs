using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

public sealed class JsonTemplateReferencedStepsTests
{
    [Fact]
    public void ReferencedSteps_DotAndIndexerForms_ReturnsStepIds()
    {
        var template = Json("""
            {
              "a": "{{ steps.fetch.output.body }}",
              "b": ["Total: {{ steps['price-calc'].output.total | default: 0 }}"],
              "c": "{% if steps.check.output.ok %}{{ input.x }}{% endif %}",
              "d": "{% for item in steps.list.output.items %}{{ item }}{% endfor %}",
              "e": "{{ input.values[steps.keyer.output.key] }}",
              "f": "steps.literal is not a template",
              "{{ steps.propertyName }}": 1
            }
            """);

        var steps = JsonTemplate.ReferencedSteps(template);

        steps.Should().BeEquivalentTo("fetch", "price-calc", "check", "list", "keyer");
    }

    [Fact]
    public void ReferencedSteps_NoStepReferences_ReturnsEmpty()
    {
        var template = Json("""{ "a": "{{ input.steps.fetch }}", "b": "{{ workflow.id }}", "c": "{{ broken" }""");

        var steps = JsonTemplate.ReferencedSteps(template);

        steps.Should().BeEmpty();
    }
}
