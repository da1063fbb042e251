using System.Text;
using System.Text.Json;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// The one order and equality transforms use for keys (sort, distinct, groupBy, join, min/max): values of different
/// kinds order null &lt; booleans &lt; numbers &lt; strings &lt; arrays &lt; objects; numbers compare by value
/// (<c>1</c> equals <c>1.0</c>), strings ordinally, arrays item by item, objects by their members regardless of order.
/// </summary>
internal sealed class JsonValueComparer : IComparer<JsonElement>, IEqualityComparer<JsonElement>
{
    /// <summary>The comparer.</summary>
    public static readonly JsonValueComparer Instance = new();

    private JsonValueComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(JsonElement x, JsonElement y)
    {
        var byRank = Rank(x).CompareTo(Rank(y));
        if (byRank != 0)
        {
            return byRank;
        }

        switch (x.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return x.GetBoolean().CompareTo(y.GetBoolean());
            case JsonValueKind.Number:
                return CompareNumbers(x, y);
            case JsonValueKind.String:
                return string.CompareOrdinal(x.GetString(), y.GetString());
            case JsonValueKind.Array:
                using (var left = x.EnumerateArray())
                using (var right = y.EnumerateArray())
                {
                    while (true)
                    {
                        var hasLeft = left.MoveNext();
                        var hasRight = right.MoveNext();
                        if (!hasLeft || !hasRight)
                        {
                            return hasLeft.CompareTo(hasRight);
                        }

                        var byItem = Compare(left.Current, right.Current);
                        if (byItem != 0)
                        {
                            return byItem;
                        }
                    }
                }

            case JsonValueKind.Object:
                return string.CompareOrdinal(Canonical(x), Canonical(y));
            default:
                return 0;
        }
    }

    /// <inheritdoc />
    public bool Equals(JsonElement x, JsonElement y) => Compare(x, y) == 0;

    /// <inheritdoc />
    public int GetHashCode(JsonElement obj) => obj.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 2,
        JsonValueKind.Number => obj.TryGetDecimal(out var number) ? number.GetHashCode() : AsDouble(obj).GetHashCode(),
        JsonValueKind.String => StringComparer.Ordinal.GetHashCode(obj.GetString()!),
        JsonValueKind.Array or JsonValueKind.Object => StringComparer.Ordinal.GetHashCode(Canonical(obj)),
        _ => 0,
    };

    private static int Rank(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => 0,
        JsonValueKind.True or JsonValueKind.False => 1,
        JsonValueKind.Number => 2,
        JsonValueKind.String => 3,
        JsonValueKind.Array => 4,
        _ => 5,
    };

    private static int CompareNumbers(JsonElement x, JsonElement y) =>
        x.TryGetDecimal(out var a) && y.TryGetDecimal(out var b) ? a.CompareTo(b) : AsDouble(x).CompareTo(AsDouble(y));

    /// <summary>A number too large for a decimal, as a double (infinite beyond the range of doubles).</summary>
    private static double AsDouble(JsonElement number) =>
        number.TryGetDouble(out var value) ? value : number.GetRawText().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;

    /// <summary>A text that is equal for equal values: object members sorted by name, numbers normalised.</summary>
    private static string Canonical(JsonElement value)
    {
        var text = new StringBuilder();
        AppendCanonical(text, value);
        return text.ToString();
    }

    private static void AppendCanonical(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    AppendCanonical(text, property.Value);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                foreach (var item in value.EnumerateArray())
                {
                    AppendCanonical(text, item);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case JsonValueKind.Number:
                text.Append(value.TryGetDecimal(out var number)
                    ? (number / 1.0000000000000000000000000000m).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : AsDouble(value).ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                text.Append(value.GetRawText());
                break;
        }
    }
}
