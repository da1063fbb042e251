using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// <c>"csv": { "text": "{{ steps.download.output.body }}", "delimiter": ",", "header": true, "types": "infer" }</c>: the
/// records of CSV text as the transform's input. With a header row each record is an object keyed by column name;
/// without one, an array of fields, or an object keyed by <c>columns</c>. Every record must have as many fields as the
/// first. <c>types: "infer"</c> (default) turns unquoted fields into numbers, booleans and null (empty); quoted fields
/// and <c>types: "string"</c> keep text.
/// </summary>
internal static partial class CsvSource
{
    private static readonly string[] Allowed = ["text", "delimiter", "header", "columns", "types"];

    /// <summary>Checks the <c>csv</c> object at registration.</summary>
    /// <param name="csv">The object as written.</param>
    /// <param name="path">Its JSON path.</param>
    /// <param name="errors">Where to add problems.</param>
    public static void Validate(JsonElement csv, string path, ICollection<ValidationError> errors)
    {
        if (!TransformChecks.IsObject(csv, path, errors, "{ \"text\": \"{{ steps.download.output.body }}\" }"))
        {
            return;
        }

        JsonChecks.RejectUnknown(csv, path, errors, Allowed);
        if (!csv.TryGetProperty("text", out var text))
        {
            errors.Add(new ValidationError($"{path}.text", "Required: the CSV text, e.g. \"{{ steps.download.output.body }}\"."));
        }
        else if (text.ValueKind != JsonValueKind.String)
        {
            errors.Add(new ValidationError($"{path}.text", $"Must be a string (the CSV text or a template that renders it), not {JsonChecks.Describe(text)}."));
        }

        if (csv.TryGetProperty("delimiter", out var delimiter)
            && (delimiter.ValueKind != JsonValueKind.String || delimiter.GetString() is not [var d] || d is '"' or '\r' or '\n'))
        {
            errors.Add(new ValidationError($"{path}.delimiter", $"Must be one character other than a quote or a line break, such as \",\", \";\" or \"\\t\", not {TransformChecks.Shown(delimiter)}."));
        }

        var header = true;
        if (csv.TryGetProperty("header", out var h))
        {
            if (h.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                header = h.GetBoolean();
            }
            else
            {
                errors.Add(new ValidationError($"{path}.header", $"Must be true (the first record names the columns) or false, not {TransformChecks.Shown(h)}."));
            }
        }

        if (csv.TryGetProperty("columns", out var columns))
        {
            ValidateColumns(columns, header, $"{path}.columns", errors);
        }

        TransformChecks.OneOf(csv, "types", path, errors, "infer", "string");
    }

    /// <summary>Reads the records of the rendered <c>csv</c> object.</summary>
    /// <param name="csv">The <c>csv</c> object, templates rendered.</param>
    /// <returns>The records.</returns>
    /// <exception cref="TransformException">The text is not a string or not valid CSV, or records have different numbers of fields.</exception>
    public static List<JsonElement> Read(JsonElement csv)
    {
        var text = csv.GetProperty("text");
        if (text.ValueKind != JsonValueKind.String)
        {
            throw new TransformException(TransformException.Csv, $"csv.text must render to a string, not {JsonValues.Describe(text)}.");
        }

        var delimiter = csv.TryGetProperty("delimiter", out var d) ? d.GetString()![0] : ',';
        var header = !csv.TryGetProperty("header", out var h) || h.GetBoolean();
        var infer = !csv.TryGetProperty("types", out var t) || t.GetString() == "infer";
        var columns = csv.TryGetProperty("columns", out var c) ? c.EnumerateArray().Select(n => n.GetString()!).ToList() : null;
        try
        {
            var records = CsvReader.Read(text.GetString()!, delimiter);
            if (header && records.Count > 0)
            {
                columns = HeaderNames(records[0]);
                records.RemoveAt(0);
            }

            var width = columns?.Count ?? (records.Count > 0 ? records[0].Fields.Count : 0);
            return JsonValues.BuildItems(writer =>
            {
                foreach (var record in records)
                {
                    WriteRecord(writer, record, columns, width, header, infer);
                }
            });
        }
        catch (TransformException e)
        {
            throw new TransformException(e.Type, $"csv: {e.Message}");
        }
    }

    private static void WriteRecord(Utf8JsonWriter writer, CsvRecord record, List<string>? columns, int width, bool header, bool infer)
    {
        if (record.Fields.Count != width)
        {
            var expected = header ? $"the header row has {width} columns"
                : columns is not null ? $"{width} columns are named" : $"the first record has {width}";
            throw new TransformException(TransformException.Csv, $"line {record.Line}: {record.Fields.Count} fields, but {expected}.");
        }

        if (columns is null)
        {
            writer.WriteStartArray();
            foreach (var field in record.Fields)
            {
                WriteField(writer, field, infer);
            }

            writer.WriteEndArray();
            return;
        }

        writer.WriteStartObject();
        for (var i = 0; i < width; i++)
        {
            writer.WritePropertyName(columns[i]);
            WriteField(writer, record.Fields[i], infer);
        }

        writer.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter writer, CsvField field, bool infer)
    {
        if (!infer || field.Quoted)
        {
            writer.WriteStringValue(field.Value);
        }
        else if (field.Value.Length == 0)
        {
            writer.WriteNullValue();
        }
        else if (field.Value is "true" or "TRUE" or "True" or "false" or "FALSE" or "False")
        {
            writer.WriteBooleanValue(field.Value[0] is 't' or 'T');
        }
        else if (JsonNumber().IsMatch(field.Value))
        {
            writer.WriteRawValue(field.Value);
        }
        else
        {
            writer.WriteStringValue(field.Value);
        }
    }

    private static List<string> HeaderNames(CsvRecord header)
    {
        var names = new List<string>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i].Value;
            if (name.Length == 0)
            {
                throw new TransformException(TransformException.Csv, $"line {header.Line}: column {i + 1} of the header row has no name.");
            }

            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw new TransformException(TransformException.Csv, $"line {header.Line}: the header row names '{name}' twice.");
            }

            names.Add(name);
        }

        return names;
    }

    private static void ValidateColumns(JsonElement columns, bool header, string path, ICollection<ValidationError> errors)
    {
        if (header)
        {
            errors.Add(new ValidationError(path, "Only with \"header\": false: with a header row, the columns are named by it."));
            return;
        }

        if (columns.ValueKind != JsonValueKind.Array || columns.GetArrayLength() == 0)
        {
            errors.Add(new ValidationError(path, $"Must be a non-empty array of column names, not {TransformChecks.Shown(columns)}."));
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var column in columns.EnumerateArray())
        {
            if (column.ValueKind != JsonValueKind.String || column.GetString()!.Length == 0 || !seen.Add(column.GetString()!))
            {
                errors.Add(new ValidationError($"{path}[{index}]", $"Must be a non-empty column name, used once, not {TransformChecks.Shown(column)}."));
            }

            index++;
        }
    }

    /// <summary>JSON's number grammar: no leading zeros, no '+', no bare '.', so "007" and "1." stay text.</summary>
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
