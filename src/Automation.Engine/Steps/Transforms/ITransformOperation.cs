using System.Text.Json;
using Automation.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>One operation of a transform pipeline, such as <c>filter</c> or <c>sort</c>: written <c>{ "name": argument }</c>.</summary>
internal interface ITransformOperation
{
    /// <summary>The operation's name, the one property of its object.</summary>
    string Name { get; }

    /// <summary>Checks the argument at registration (template syntax is checked for all of <c>with</c> already).</summary>
    /// <param name="argument">The argument as written.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="errors">Where to add problems.</param>
    void Validate(JsonElement argument, string path, ICollection<ValidationError> errors);

    /// <summary>Applies the operation.</summary>
    /// <param name="items">The items so far.</param>
    /// <param name="argument">The argument as written; its templates are rendered through <paramref name="context"/>.</param>
    /// <param name="context">Rendering and error reporting.</param>
    /// <returns>The new items.</returns>
    /// <exception cref="TransformException">The data does not fit the operation.</exception>
    /// <exception cref="Automation.Templates.TemplateException">A template fails for an item.</exception>
    List<JsonElement> Apply(List<JsonElement> items, JsonElement argument, TransformContext context);
}
