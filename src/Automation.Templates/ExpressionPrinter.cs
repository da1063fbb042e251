using System.Text;
using Fluid.Ast;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>Prints a Fluid expression tree as canonical text, to compare two parses of the same expression.</summary>
internal static class ExpressionPrinter
{
    /// <summary>Prints an expression.</summary>
    /// <param name="expression">The expression.</param>
    /// <returns>The canonical text.</returns>
    public static string Print(Expression? expression)
    {
        var builder = new StringBuilder();
        Append(builder, expression);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, Expression? expression)
    {
        switch (expression)
        {
            case null:
                builder.Append("null");
                break;
            case MemberExpression member:
                AppendSegments(builder, member.Segments);
                break;
            case LiteralExpression literal:
                builder.Append(literal.Value.Type).Append(':');
                builder.Append(literal.Value is StringValue ? $"\"{literal.Value.ToStringValue()}\"" : literal.Value.ToStringValue());
                break;
            case FilterExpression filter:
                builder.Append('(');
                Append(builder, filter.Input);
                builder.Append(" | ").Append(filter.Name);
                foreach (var parameter in filter.Parameters)
                {
                    builder.Append(' ').Append(parameter.Name).Append('=');
                    Append(builder, parameter.Expression);
                }

                builder.Append(')');
                break;
            case BinaryExpression binary:
                builder.Append('(');
                Append(builder, binary.Left);
                builder.Append(' ').Append(binary.GetType().Name).Append(' ');
                Append(builder, binary.Right);
                builder.Append(')');
                break;
            case RangeExpression range:
                builder.Append('(');
                Append(builder, range.From);
                builder.Append("..");
                Append(builder, range.To);
                builder.Append(')');
                break;
            default:
                builder.Append(expression.GetType().Name);
                break;
        }
    }

    private static void AppendSegments(StringBuilder builder, IReadOnlyList<MemberSegment> segments)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case IdentifierSegment identifier:
                    builder.Append('.').Append(identifier.Identifier);
                    break;
                case IndexerSegment indexer:
                    builder.Append('[');
                    Append(builder, indexer.Expression);
                    builder.Append(']');
                    break;
                case FunctionCallSegment call:
                    builder.Append('(');
                    foreach (var argument in call.Arguments)
                    {
                        builder.Append(argument.Name).Append('=');
                        Append(builder, argument.Expression);
                        builder.Append(',');
                    }

                    builder.Append(')');
                    break;
                default:
                    builder.Append(segment.GetType().Name);
                    break;
            }
        }
    }
}
