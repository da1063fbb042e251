using System.Text.Json;
using Automation.Agent;
using Fluid;

namespace DocsAgent;

/// <summary>
/// Capability <c>docs.render</c>: renders <c>{ "template": "Liquid text", "model": { … } }</c> into
/// <c>{ "markdown": "…" }</c>. Bad input and template errors fail the task as non-retryable (a retry would fail the same way).
/// </summary>
public sealed class DocsRenderer
{
    /// <summary>The capability this renderer serves.</summary>
    public const string Capability = "docs.render";

    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions _options = new();

    /// <summary>Renders one task's input.</summary>
    /// <param name="input"><c>{ "template": string, "model": any JSON (optional) }</c>.</param>
    /// <param name="context">The task.</param>
    /// <returns><c>{ "markdown": "…" }</c>.</returns>
    /// <exception cref="AgentTaskException"><c>docs.bad-input</c> or <c>docs.bad-template</c>, not retryable.</exception>
    public async Task<object?> RenderAsync(JsonElement input, AgentTaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input.ValueKind != JsonValueKind.Object || !input.TryGetProperty("template", out var text) || text.ValueKind != JsonValueKind.String)
        {
            throw new AgentTaskException("docs.bad-input", "The input must be { \"template\": string, \"model\": object }.", retryable: false);
        }

        if (!Parser.TryParse(text.GetString(), out var template, out var error))
        {
            throw new AgentTaskException("docs.bad-template", error, retryable: false);
        }

        await context.ReportProgressAsync(50, new { stage = "rendering" });
        var model = input.TryGetProperty("model", out var value) ? ToPlain(value) : null;
        var scope = new TemplateContext(_options);
        scope.SetValue("model", model);
        var markdown = await template.RenderAsync(scope);
        return new { markdown };
    }

    /// <summary>JSON as dictionaries, lists and primitives, which Fluid reads without a member access strategy.</summary>
    private static object? ToPlain(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(ToPlain).ToList(),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
