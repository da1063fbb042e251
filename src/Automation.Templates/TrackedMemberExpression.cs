using System.Text;
using System.Text.RegularExpressions;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// A member access (<c>input.items[0].name</c>) that fails with a <see cref="TemplateException"/> naming the
/// missing path when a member, index or variable does not exist, instead of quietly giving nil. JSON null is a value, not missing.
/// </summary>
internal sealed partial class TrackedMemberExpression : Expression
{
    private readonly IReadOnlyList<MemberSegment> _segments;
    private readonly OutputOrigin _origin;

    /// <summary>Creates the expression.</summary>
    /// <param name="segments">The segments; the first is an identifier.</param>
    /// <param name="origin">The output the expression belongs to, to name it in errors.</param>
    public TrackedMemberExpression(IReadOnlyList<MemberSegment> segments, OutputOrigin origin)
    {
        _segments = segments;
        _origin = origin;
    }

    /// <inheritdoc />
    public override ValueTask<FluidValue> EvaluateAsync(TemplateContext context) => EvaluateCoreAsync(context);

    private async ValueTask<FluidValue> EvaluateCoreAsync(TemplateContext context)
    {
        var path = new StringBuilder();
        FluidValue value;
        var start = 0;
        if (_segments[0] is IdentifierSegment root)
        {
            path.Append(root.Identifier);
            value = context.GetValue(root.Identifier);
            if (value is UndefinedValue)
            {
                throw TemplateException.Missing(_origin.ResolveSourceText(), path.ToString());
            }

            start = 1;
        }
        else
        {
            value = NilValue.Instance;
        }

        for (var i = start; i < _segments.Count; i++)
        {
            var resolved = await ResolveAsync(value, _segments[i], path, context);
            value = resolved ?? throw TemplateException.Missing(_origin.ResolveSourceText(), path.ToString());
        }

        return value;
    }

    /// <summary>Resolves one segment and appends it to the path; null when it does not exist.</summary>
    private static async ValueTask<FluidValue?> ResolveAsync(FluidValue value, MemberSegment segment, StringBuilder path, TemplateContext context)
    {
        switch (segment)
        {
            case IdentifierSegment identifier:
            {
                var name = identifier.Identifier;
                path.Append('.').Append(name);
                return value switch
                {
                    TemplateMapValue map => map.TryResolve(name, out var member) ? member : null,
                    JsonArrayValue array => array.TryResolve(name, out var property) ? property : null,
                    _ => NotNil(await segment.ResolveAsync(value, context)),
                };
            }

            case IndexerSegment indexer:
            {
                var index = await indexer.Expression.EvaluateAsync(context);
                AppendIndex(path, index);
                return value switch
                {
                    TemplateMapValue map => map.TryGetMember(index.ToStringValue(), out var member) ? member : null,
                    JsonArrayValue array => array.TryResolveIndex(index, out var item) ? item : null,
                    _ => NotNil(await segment.ResolveAsync(value, context)),
                };
            }

            default:
                // Function calls (macros) may legitimately return nil.
                path.Append("(...)");
                return await segment.ResolveAsync(value, context);
        }
    }

    private static FluidValue? NotNil(FluidValue value) => value.IsNil() ? null : value;

    private static void AppendIndex(StringBuilder path, FluidValue index)
    {
        if (index.Type == FluidValues.Number)
        {
            path.Append('[').Append(index.ToStringValue()).Append(']');
            return;
        }

        var key = index.ToStringValue();
        if (SimpleName().IsMatch(key))
        {
            path.Append('.').Append(key);
        }
        else
        {
            path.Append("[\"").Append(key.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"]");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex SimpleName();
}
