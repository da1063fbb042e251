using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Tests.Steps;

/// <summary>Registration-time checks of <c>notify</c> steps (issue 9): each mistake is reported at its JSON path.</summary>
public sealed class NotifyValidationTests
{
    private static readonly DefinitionParser Parser = new(new StepKindRegistry([new NotifyStepKind(), new TransformStepKind()]));

    private static List<ValidationError> Errors(string with)
    {
        var errors = new List<ValidationError>();
        using var document = JsonDocument.Parse($$"""{ "steps": [ { "id": "n", "type": "notify", "with": {{with}} } ] }""");
        Parser.Parse("tell", 1, document.RootElement, DateTimeOffset.UnixEpoch, errors);
        return errors;
    }

    private static string Message(List<ValidationError> errors, string path) => errors.Should().ContainSingle(e => e.Path == path).Which.Message;

    [Fact]
    public void Validate_InlineTemplateAndEmailForms_HaveNoErrors()
    {
        var inline = Errors("""{ "channel": "ops", "subject": "Hi {{ input.who }}", "body": "b", "data": { "x": "{{ input.x }}" } }""");
        var stored = Errors("""{ "channel": "ops", "template": "deploy-done", "templateVersion": 2, "data": {} }""");
        var email = Errors("""{ "channel": "mail", "body": "b", "html": "<p>b</p>", "to": ["a@example.com", "{{ input.to }}"], "attachments": [ { "name": "a.csv", "content": "{{ input.csv }}", "contentType": "text/csv" } ] }""");

        inline.Should().BeEmpty();
        stored.Should().BeEmpty();
        email.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""{ "body": "b" }""", "$.steps[0].with.channel", "Required")]
    [InlineData("""{ "channel": 3, "body": "b" }""", "$.steps[0].with.channel", "Must be a string")]
    [InlineData("""{ "channel": "has space", "body": "b" }""", "$.steps[0].with.channel", "not a valid channel name")]
    [InlineData("""{ "channel": "ops" }""", "$.steps[0].with.body", "Required")]
    [InlineData("""{ "channel": "ops", "body": {} }""", "$.steps[0].with.body", "Must be a string")]
    [InlineData("""{ "channel": "ops", "body": "b", "cc": [] }""", "$.steps[0].with.cc", "Unknown property")]
    [InlineData("""{ "channel": "ops", "body": "b", "to": "a@example.com" }""", "$.steps[0].with.to", "array")]
    [InlineData("""{ "channel": "ops", "body": "b", "to": ["nope"] }""", "$.steps[0].with.to[0]", "not an email address")]
    [InlineData("""{ "channel": "ops", "body": "b", "attachments": [ { "name": "a" } ] }""", "$.steps[0].with.attachments[0].content", "Required")]
    [InlineData("""{ "channel": "ops", "body": "b", "templateVersion": 1 }""", "$.steps[0].with.templateVersion", "Only with 'template'")]
    [InlineData("""{ "channel": "ops", "template": "t", "subject": "s" }""", "$.steps[0].with.subject", "either 'template'")]
    [InlineData("""{ "channel": "ops", "template": "t", "templateVersion": "2" }""", "$.steps[0].with.templateVersion", "positive integer")]
    [InlineData("""{ "channel": "ops", "body": "{{ input.x | shout }}" }""", "$.steps[0].with.body", "Unknown filter")]
    public void Validate_Mistake_IsReportedAtItsPath(string with, string path, string message)
    {
        var errors = Errors(with);

        Message(errors, path).Should().Contain(message);
    }
}
