using Fluid.Ast;

namespace Automation.Templates;

/// <summary>
/// Rewrites a parsed template so that every <c>{{ ... }}</c> output fails on missing data: member accesses in outputs become
/// <see cref="TrackedMemberExpression"/>s, except inside the input of a <c>default</c> filter, and outputs become
/// <see cref="JsonOutputStatement"/>s. Expressions in tags (<c>if</c>, <c>for</c>, <c>assign</c>...) keep Liquid's nil semantics.
/// Everywhere, <c>secrets.NAME</c> becomes a <see cref="SecretReferenceExpression"/> (its placeholder, never its value).
/// </summary>
internal sealed class StrictOutputRewriter : AstRewriter
{
    private readonly string _templateText;
    private OutputOrigin? _origin;

    /// <summary>Creates the rewriter for one template string.</summary>
    /// <param name="templateText">The template string, to name outputs in errors.</param>
    public StrictOutputRewriter(string templateText)
    {
        _templateText = templateText;
    }

    /// <inheritdoc />
    protected override Statement VisitOutputStatement(OutputStatement outputStatement)
    {
        _origin = new OutputOrigin(_templateText, outputStatement.Expression);
        try
        {
            return new JsonOutputStatement(Visit(outputStatement.Expression) ?? outputStatement.Expression);
        }
        finally
        {
            _origin = null;
        }
    }

    /// <inheritdoc />
    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (_origin is null)
        {
            return base.VisitFilterExpression(filterExpression);
        }

        Expression input;
        if (filterExpression.Name == "default")
        {
            // A missing value is what 'default' is for.
            var origin = _origin;
            _origin = null;
            try
            {
                input = Visit(filterExpression.Input) ?? filterExpression.Input;
            }
            finally
            {
                _origin = origin;
            }
        }
        else
        {
            input = Visit(filterExpression.Input) ?? filterExpression.Input;
        }

        var parameters = filterExpression.Parameters
            .Select(p => new FilterArgument(p.Name, Visit(p.Expression) ?? p.Expression))
            .ToList();
        return new FilterExpression(input, filterExpression.Name, parameters);
    }

    /// <inheritdoc />
    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        if (SecretReferenceExpression.TryMatch(memberExpression, out var secret))
        {
            return new SecretReferenceExpression(secret);
        }

        var changed = false;
        var segments = memberExpression.Segments
            .Select(s =>
            {
                if (s is not IndexerSegment indexer || Visit(indexer.Expression) is not { } visited || ReferenceEquals(visited, indexer.Expression))
                {
                    return s;
                }

                changed = true;
                return new IndexerSegment(visited);
            })
            .ToList();
        if (_origin is null)
        {
            // In a tag: keep Liquid's semantics, only rewrite secret references inside indexers.
            return changed ? new MemberExpression(segments) : memberExpression;
        }

        return new TrackedMemberExpression(segments, _origin);
    }
}
