using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Walks a parsed template to find the step ids it references as <c>steps.&lt;id&gt;</c> or <c>steps["&lt;id&gt;"]</c>,
/// the filters it uses that do not exist, and the uses of <c>secrets</c> that are not <c>secrets.NAME</c> with a literal,
/// valid secret name.
/// </summary>
internal sealed class TemplateAnalyzer : AstVisitor
{
    private readonly FilterCollection _filters;
    private readonly HashSet<string> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _unknownFilters = [];
    private readonly List<string> _secretProblems = [];

    private TemplateAnalyzer(FilterCollection filters)
    {
        _filters = filters;
    }

    /// <summary>The step ids referenced.</summary>
    public IReadOnlySet<string> ReferencedSteps => _steps;

    /// <summary>The names of the filters used that are not registered, in order of appearance.</summary>
    public IReadOnlyList<string> UnknownFilters => _unknownFilters;

    /// <summary>What is wrong with each use of <c>secrets</c> that is not <c>secrets.NAME</c> with a valid, literal name.</summary>
    public IReadOnlyList<string> SecretProblems => _secretProblems;

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
        if (filterExpression.Input is MemberExpression { Segments: [IdentifierSegment { Identifier: SecretReferenceExpression.Root }, ..] } input
            && SecretReferenceExpression.TryMatch(input, out var secret))
        {
            _secretProblems.Add($"Filter '{filterExpression.Name}' cannot be applied to a secret: it would change the placeholder of "
                + $"'{secret}', not its value. Write the text around {{{{ secrets.{secret} }}}} instead.");
        }

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
        if (segments.Count > 0 && segments[0] is IdentifierSegment { Identifier: SecretReferenceExpression.Root })
        {
            if (!SecretReferenceExpression.TryMatch(memberExpression, out _))
            {
                _secretProblems.Add(SecretProblem(segments));
            }
        }

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

    private static string SecretProblem(IReadOnlyList<MemberSegment> segments)
    {
        const string Usage = "write {{ secrets.NAME }} (or {{ secrets[\"NAME\"] }}) with the secret's name";
        var name = segments.Count > 1 ? segments[1] switch
        {
            IdentifierSegment identifier => identifier.Identifier,
            IndexerSegment { Expression: LiteralExpression { Value: StringValue literal } } => literal.ToStringValue(),
            _ => null,
        } : null;
        if (segments.Count == 1)
        {
            return $"'secrets' is not a value on its own: {Usage}.";
        }

        if (name is null)
        {
            return $"A secret must be named literally, not computed: {Usage}.";
        }

        if (!Automation.Secrets.SecretNames.IsValid(name))
        {
            return $"'{name}' is not a valid secret name: {Automation.Secrets.SecretNames.Rule}.";
        }

        return $"A secret is a string without members: {Usage}, without '.{Member(segments[2])}'.";
    }

    private static string Member(MemberSegment segment) => segment switch
    {
        IdentifierSegment identifier => identifier.Identifier,
        IndexerSegment { Expression: LiteralExpression { Value: var value } } => value.ToStringValue(),
        _ => "...",
    };
}
