using Fluid;
using Fluid.Ast;

namespace Automation.Templates;

/// <summary>A template string, parsed and prepared for rendering; immutable and shared between threads.</summary>
internal sealed class CompiledTemplate
{
    private CompiledTemplate(string source, IFluidTemplate? template, Expression? singleExpression, string? error, IReadOnlySet<string> referencedSteps)
    {
        Source = source;
        Template = template;
        SingleExpression = singleExpression;
        Error = error;
        ReferencedSteps = referencedSteps;
    }

    /// <summary>The template string.</summary>
    public string Source { get; }

    /// <summary>The rewritten template, or null when the string has a syntax error.</summary>
    public IFluidTemplate? Template { get; }

    /// <summary>
    /// When the string is a single <c>{{ ... }}</c> (whitespace around allowed), its rewritten expression:
    /// the result keeps the value's JSON type instead of becoming a string.
    /// </summary>
    public Expression? SingleExpression { get; }

    /// <summary>The parser's message when the string has a syntax error.</summary>
    public string? Error { get; }

    /// <summary>The step ids the template references.</summary>
    public IReadOnlySet<string> ReferencedSteps { get; }

    /// <summary>Creates a valid template.</summary>
    /// <param name="source">The template string.</param>
    /// <param name="template">The rewritten template.</param>
    /// <param name="singleExpression">The expression when the string is a single output.</param>
    /// <param name="referencedSteps">The step ids referenced.</param>
    /// <returns>The compiled template.</returns>
    public static CompiledTemplate Valid(string source, IFluidTemplate template, Expression? singleExpression, IReadOnlySet<string> referencedSteps) =>
        new(source, template, singleExpression, null, referencedSteps);

    /// <summary>Creates an invalid template.</summary>
    /// <param name="source">The template string.</param>
    /// <param name="error">The parser's message.</param>
    /// <param name="referencedSteps">The step ids referenced, when the template could be parsed.</param>
    /// <returns>The compiled template.</returns>
    public static CompiledTemplate Invalid(string source, string error, IReadOnlySet<string>? referencedSteps = null) =>
        new(source, null, null, error, referencedSteps ?? new HashSet<string>());
}
