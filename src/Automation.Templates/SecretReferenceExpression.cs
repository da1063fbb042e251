using Automation.Secrets;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// <c>secrets.NAME</c> or <c>secrets["NAME"]</c> in a template: evaluates to the secret's placeholder
/// (<see cref="SecretPlaceholders"/>), never to its value, and counts the use so that the render can tell its own
/// placeholders from ones that came in with workflow data.
/// </summary>
internal sealed class SecretReferenceExpression : Expression
{
    /// <summary>The <see cref="TemplateContext.AmbientValues"/> entry holding the uses of one render (a <see cref="SecretUses"/>).</summary>
    public const string UsesKey = "automation.secret-uses";

    private readonly StringValue _placeholder;

    /// <summary>Creates the expression.</summary>
    /// <param name="name">A valid secret name.</param>
    public SecretReferenceExpression(string name)
    {
        Name = name;
        _placeholder = new StringValue(SecretPlaceholders.Format(name));
    }

    /// <summary>The secret's name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
    {
        if (context.AmbientValues.TryGetValue(UsesKey, out var uses) && uses is SecretUses counter)
        {
            counter.Add(Name);
        }

        return new ValueTask<FluidValue>(_placeholder);
    }

    /// <summary>Recognises a secret reference: <c>secrets</c> followed by exactly one literal, valid name.</summary>
    /// <param name="member">The member expression.</param>
    /// <param name="name">The secret's name.</param>
    /// <returns>Whether it is a valid secret reference.</returns>
    public static bool TryMatch(MemberExpression member, out string name)
    {
        name = "";
        var segments = member.Segments;
        if (segments.Count != 2 || segments[0] is not IdentifierSegment { Identifier: Root })
        {
            return false;
        }

        name = segments[1] switch
        {
            IdentifierSegment identifier => identifier.Identifier,
            IndexerSegment { Expression: LiteralExpression { Value: StringValue literal } } => literal.ToStringValue(),
            _ => "",
        };
        return SecretNames.IsValid(name);
    }

    /// <summary>The root name of secret references in templates.</summary>
    public const string Root = "secrets";
}
