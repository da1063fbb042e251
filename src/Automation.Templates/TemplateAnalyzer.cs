using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Walks a parsed template to find the step ids it references as <c>steps.&lt;id&gt;</c> or <c>steps["&lt;id&gt;"]</c>,
/// and the filters it uses that do not exist.
/// </summary>
internal sealed class TemplateAnalyzer : AstVisitor
{
    private readonly FilterCollection _filters;
    private readonly HashSet<string> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _unknownFilters = [];

    private TemplateAnalyzer(FilterCollection filters)
    {
        _filters = filters;
    }

    /// <summary>The step ids referenced.</summary>
    public IReadOnlySet<string> ReferencedSteps => _steps;

    /// <summary>The names of the filters used that are not registered, in order of appearance.</summary>
    public IReadOnlyList<string> UnknownFilters => _unknownFilters;

    /// <summary>Analyses a parsed template.</summary>
    /// <param name="template">The parsed template.</param>
    /// <param name="filters">The filters that exist.</param>
    /// <returns>The analysis.</returns>
    public static TemplateAnalyzer Analyze(IFluidTemplate template, FilterCollection filters)
    {
        var analyzer = new TemplateAnalyzer(filters);
        analyzer.VisitTemplate(template);
        return analyzer;
    }

    /// <inheritdoc />
    protected override Expression VisitFilterExpression(FilterExpression filterExpression)
    {
        if (!_filters.TryGetValue(filterExpression.Name, out _) && !_unknownFilters.Contains(filterExpression.Name))
        {
            _unknownFilters.Add(filterExpression.Name);
        }

        return base.VisitFilterExpression(filterExpression);
    }

    /// <inheritdoc />
    protected override Expression VisitMemberExpression(MemberExpression memberExpression)
    {
        var segments = memberExpression.Segments;
        if (segments.Count > 1 && segments[0] is IdentifierSegment { Identifier: "steps" })
        {
            switch (segments[1])
            {
                case IdentifierSegment step:
                    _steps.Add(step.Identifier);
                    break;
                case IndexerSegment { Expression: LiteralExpression { Value: StringValue step } }:
                    _steps.Add(step.ToStringValue());
                    break;
            }
        }

        foreach (var segment in segments)
        {
            switch (segment)
            {
                case IndexerSegment indexer:
                    Visit(indexer.Expression);
                    break;
                case FunctionCallSegment call:
                    foreach (var argument in call.Arguments)
                    {
                        Visit(argument.Expression);
                    }

                    break;
            }
        }

        return memberExpression;
    }
}
