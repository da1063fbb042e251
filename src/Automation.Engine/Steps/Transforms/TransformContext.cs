using System.Text.Json;
using Automation.Templates;

namespace Automation.Engine.Steps.Transforms;

/// <summary>What an operation uses while it runs: the renderer over the workflow scope, and its location for messages.</summary>
/// <param name="renderer">The renderer, shared by the whole pipeline.</param>
/// <param name="location">Where the operation is in <c>with</c>, e.g. <c>operations[2].sort</c>.</param>
internal sealed class TransformContext(TemplateRenderer renderer, string location)
{
    /// <summary>Where the operation is in <c>with</c>, e.g. <c>operations[2].sort</c>.</summary>
    public string Location => location;

    /// <summary>Renders a template once per item, with <c>item</c> and <c>index</c>.</summary>
    /// <param name="template">The template.</param>
    /// <param name="items">The items.</param>
    /// <returns>One value per item.</returns>
    public IReadOnlyList<JsonElement> Each(JsonElement template, IReadOnlyList<JsonElement> items) => renderer.RenderEach(template, items);

    /// <summary>Renders a template once, over the workflow scope only (no <c>item</c>).</summary>
    /// <param name="template">The template.</param>
    /// <returns>The value.</returns>
    public JsonElement Once(JsonElement template) => renderer.Render(template);

    /// <summary>An error located at this operation.</summary>
    /// <param name="type">The error type.</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public TransformException Error(string type, string message) => new(type, $"{location}: {message}");
}
