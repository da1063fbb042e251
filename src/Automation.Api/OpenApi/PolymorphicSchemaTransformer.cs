using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// Describes a <c>[JsonPolymorphic]</c> type (the history events) as <c>oneOf</c> its derived types with a
/// <c>discriminator</c> on <c>type</c> and an explicit <c>mapping</c>. The generator emits <c>anyOf</c> and leaves the
/// discriminator out of each derived type's <c>required</c> list, so generated clients could not tell the kinds
/// apart. Each derived type becomes an object that requires <c>type</c> with its one value (<c>const</c>, so that clients see a plain string), and is named after its
/// .NET type (<c>StepRetryingEvent</c> rather than <c>HistoryEventStepRetryingEvent</c>).
/// </summary>
internal sealed class PolymorphicSchemaTransformer : IOpenApiDocumentTransformer
{
    /// <inheritdoc />
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        foreach (var (baseId, schema) in schemas?.ToList() ?? [])
        {
            if (schema is not OpenApiSchema { AnyOf.Count: > 0, Discriminator: { PropertyName: { } property, Mapping: { } mapping } } polymorphic)
            {
                continue;
            }

            var derivedByValue = new Dictionary<string, OpenApiSchemaReference>();
            foreach (var (value, reference) in mapping)
            {
                var id = reference.Reference.Id!;
                var derived = (OpenApiSchema)schemas![id];
                var shortId = id.StartsWith(baseId, StringComparison.Ordinal) && id.Length > baseId.Length ? id[baseId.Length..] : id;
                if (shortId != id && !schemas.ContainsKey(shortId))
                {
                    schemas.Remove(id);
                    document.AddComponent(shortId, derived);
                    id = shortId;
                }

                derived.Type = JsonSchemaType.Object;
                derived.Required ??= new HashSet<string>();
                derived.Required.Add(property);
                derived.Properties ??= new Dictionary<string, IOpenApiSchema>();
                derived.Properties[property] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Const = value,
                    Description = $"The kind of event: always \"{value}\" here.",
                };
                derivedByValue[value] = new OpenApiSchemaReference(id, document);
            }

            polymorphic.OneOf = [.. derivedByValue.Values];
            polymorphic.AnyOf = null;
            polymorphic.Discriminator.Mapping = derivedByValue;
        }

        return Task.CompletedTask;
    }
}
