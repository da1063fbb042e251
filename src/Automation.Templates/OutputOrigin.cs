using Fluid.Ast;

namespace Automation.Templates;

/// <summary>Where an output expression comes from, to name it in error messages.</summary>
/// <param name="TemplateText">The whole template string.</param>
/// <param name="Expression">The expression as parsed, before it was rewritten.</param>
internal sealed record OutputOrigin(string TemplateText, Expression Expression)
{
    /// <summary>
    /// Finds the <c>{{ ... }}</c> text of the expression in the template string. Only called on the error path.
    /// </summary>
    /// <returns>The <c>{{ ... }}</c> text, or the whole template string when it cannot be located.</returns>
    public string ResolveSourceText()
    {
        var wanted = ExpressionPrinter.Print(Expression);
        foreach (var snippet in OutputSnippetScanner.FindOutputs(TemplateText))
        {
            if (TemplateCompiler.TryParseOutput(snippet) is { } parsed && ExpressionPrinter.Print(parsed) == wanted)
            {
                return snippet;
            }
        }

        return TemplateText;
    }
}
