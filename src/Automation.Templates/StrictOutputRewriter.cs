using Fluid.Ast;

namespace Automation.Templates;

/// <summary>
/// Rewrites a parsed template so that every <c>{{ ... }}</c> output fails on missing data: member accesses in outputs become
/// <see cref="TrackedMemberExpression"/>s, except inside the input of a <c>default</c> filter, and outputs become
/// <see cref="JsonOutputStatement"/>s. Expressions in tags (<c>if</c>, <c>for</c>, <c>assign</c>...) keep Liquid's nil semantics.
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
        if (_origin is null)
        {
            return memberExpression;
        }

        var segments = memberExpression.Segments
            .Select(s => s is IndexerSegment indexer ? new IndexerSegment(Visit(indexer.Expression) ?? indexer.Expression) : s)
            .ToList();
        return new TrackedMemberExpression(segments, _origin);
    }
}
