using System.Collections.Concurrent;
using System.Globalization;
using Fluid;
using Fluid.Ast;
using Fluid.Parser;

namespace Automation.Templates;

/// <summary>Parses template strings with one shared Fluid parser and caches the results.</summary>
internal static class TemplateCompiler
{
    /// <summary>The most template strings kept in the cache; it is emptied when full.</summary>
    public const int MaxCachedTemplates = 10_000;

    private static readonly FluidParser Parser = new();

    private static readonly ConcurrentDictionary<string, CompiledTemplate> Cache = new(StringComparer.Ordinal);

    /// <summary>The options every render uses.</summary>
    public static TemplateOptions Options { get; } = CreateOptions();

    /// <summary>Whether a string needs parsing at all: it contains <c>{{</c> or <c>{%</c>.</summary>
    /// <param name="text">The string.</param>
    /// <returns>Whether the string is a template.</returns>
    public static bool IsTemplate(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    /// <summary>Gets the compiled form of a template string, from the cache when possible.</summary>
    /// <param name="source">The template string.</param>
    /// <returns>The compiled template, possibly invalid.</returns>
    public static CompiledTemplate Get(string source)
    {
        if (Cache.TryGetValue(source, out var cached))
        {
            return cached;
        }

        var compiled = Compile(source);
        if (Cache.Count >= MaxCachedTemplates)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(source, compiled);
    }

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            CultureInfo = CultureInfo.InvariantCulture,
            TimeZone = TimeZoneInfo.Utc,
            MaxSteps = 1_000_000,
            StrictFilters = true,
        };
        TemplateFilters.Register(options.Filters);
        return options;
    }

    /// <summary>Parses a single <c>{{ ... }}</c> snippet and returns its expression as parsed.</summary>
    /// <param name="snippet">The snippet.</param>
    /// <returns>The expression, or null when the snippet is not a single output.</returns>
    public static Expression? TryParseOutput(string snippet) =>
        Parser.TryParse(snippet, out var template, out _)
        && template is FluidTemplate { Statements: [OutputStatement output] }
            ? output.Expression
            : null;

    private static CompiledTemplate Compile(string source)
    {
        IFluidTemplate? parsed;
        string? error;
        try
        {
            if (!Parser.TryParse(source, out parsed, out error))
            {
                return CompiledTemplate.Invalid(source, Clean(error));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return CompiledTemplate.Invalid(source, Clean(e.Message));
        }

        if (parsed is null)
        {
            return CompiledTemplate.Invalid(source, "The template could not be parsed.");
        }

        var analysis = TemplateAnalyzer.Analyze(parsed, Options.Filters);
        if (analysis.UnknownFilters.Count > 0)
        {
            return CompiledTemplate.Invalid(source, $"Unknown filter '{analysis.UnknownFilters[0]}'.", analysis.ReferencedSteps);
        }

        if (analysis.SecretProblems.Count > 0)
        {
            return CompiledTemplate.Invalid(source, analysis.SecretProblems[0], analysis.ReferencedSteps);
        }

        var template = new StrictOutputRewriter(source).VisitTemplate(parsed);
        return CompiledTemplate.Valid(source, template, SingleExpression(source, template), analysis.ReferencedSteps);
    }

    private static Expression? SingleExpression(string source, IFluidTemplate template)
    {
        var trimmed = source.AsSpan().Trim();
        if (!trimmed.StartsWith("{{", StringComparison.Ordinal) || !trimmed.EndsWith("}}", StringComparison.Ordinal)
            || template is not FluidTemplate fluidTemplate)
        {
            return null;
        }

        Expression? single = null;
        foreach (var statement in fluidTemplate.Statements)
        {
            switch (statement)
            {
                case JsonOutputStatement output when single is null:
                    single = output.Expression;
                    break;
                case TextSpanStatement text when string.IsNullOrWhiteSpace(text.Text.ToString()):
                    break;
                default:
                    return null;
            }
        }

        return single;
    }

    /// <summary>Keeps the first line of Fluid's message (the position); the rest repeats the source.</summary>
    private static string Clean(string? error)
    {
        var firstLine = error?.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        return string.IsNullOrEmpty(firstLine) ? "The template could not be parsed." : firstLine;
    }
}
