using System.Text.Encodings.Web;
using Fluid;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Replaces Fluid's output statement: arrays render as compact JSON rather than their items run together, and a comparison
/// (<c>{{ a &lt; b }}</c>) as <c>true</c> or <c>false</c> rather than its left operand.
/// </summary>
internal sealed class JsonOutputStatement : Statement
{
    /// <summary>Creates the statement.</summary>
    /// <param name="expression">The (rewritten) expression to output.</param>
    public JsonOutputStatement(Expression expression)
    {
        Expression = expression;
    }

    /// <summary>The expression to output.</summary>
    public Expression Expression { get; }

    /// <inheritdoc />
    public override async ValueTask<Completion> WriteToAsync(TextWriter writer, TextEncoder encoder, TemplateContext context)
    {
        context.IncrementSteps();
        var value = await Expression.EvaluateAsync(context);
        if (value is ArrayValue or BinaryExpressionFluidValue)
        {
            // Arrays as JSON, not their items run together; a comparison as true/false, not its left operand.
            encoder.Encode(writer, FluidJson.ToJsonString(value));
        }
        else
        {
            await value.WriteToAsync(writer, encoder, context.CultureInfo);
        }

        return Completion.Normal;
    }
}
