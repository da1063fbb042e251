using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>
/// Filters added to Fluid's built-ins: <c>json</c> (replaces Fluid's, which cannot serialise JSON objects read from
/// workflow data), <c>parse_json</c> and <c>date_add</c>.
/// </summary>
internal static class TemplateFilters
{
    /// <summary>Registers the filters, replacing built-ins of the same name.</summary>
    /// <param name="filters">The filter collection of the template options.</param>
    public static void Register(FilterCollection filters)
    {
        filters.AddFilter("json", Json);
        filters.AddFilter("parse_json", ParseJson);
        filters.AddFilter("date_add", DateAdd);
    }

    /// <summary><c>{{ input.order | json }}</c>: the value as compact JSON text.</summary>
    private static ValueTask<FluidValue> Json(FluidValue input, FilterArguments arguments, TemplateContext context) =>
        new StringValue(FluidJson.ToJsonString(input));

    /// <summary><c>{{ steps.fetch.output.body | parse_json }}</c>: JSON text as a value; nil stays nil.</summary>
    private static ValueTask<FluidValue> ParseJson(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        if (input.IsNil())
        {
            return NilValue.Instance;
        }

        try
        {
            return FluidJson.ToFluid(JsonElement.Parse(input.ToStringValue()));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"parse_json: the text is not JSON ({e.Message})", e);
        }
    }

    /// <summary>
    /// <c>{{ input.at | date_add: '1d' }}</c>, <c>date_add: '-90m'</c>: a date plus a duration (the definition syntax,
    /// optionally negative). The date is anything the <c>date</c> filter reads (ISO 8601 text, a date value).
    /// </summary>
    private static ValueTask<FluidValue> DateAdd(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        var text = arguments.At(0).ToStringValue().Trim();
        var negative = text.StartsWith('-');
        if (!Duration.TryParse(negative ? text[1..] : text, out var duration))
        {
            throw new InvalidOperationException($"date_add: '{text}' is not a duration such as \"30s\", \"2h\", \"1d\" or \"-15m\".");
        }

        if (input.IsNil() || !input.TryGetDateTimeInput(context, out var date))
        {
            throw new InvalidOperationException($"date_add: '{input.ToStringValue()}' is not a date such as \"2026-11-29T12:00:00Z\".");
        }

        return new DateTimeValue(date + (negative ? -duration : duration));
    }
}
