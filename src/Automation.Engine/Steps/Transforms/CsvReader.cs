using System.Text;

namespace Automation.Engine.Steps.Transforms;

/// <summary>
/// Reads CSV text as RFC 4180 describes it: records end with CRLF or LF (or CR); a field in double quotes may hold the
/// delimiter, line breaks and quotes written twice (<c>""</c>). Blank lines are skipped; a leading byte order mark is ignored.
/// </summary>
internal static class CsvReader
{
    /// <summary>Reads every record.</summary>
    /// <param name="text">The CSV text.</param>
    /// <param name="delimiter">The field delimiter, e.g. <c>,</c> or a tab.</param>
    /// <returns>The records, each with the line it starts on.</returns>
    /// <exception cref="TransformException">A quoted field is not closed, or a closing quote is followed by something other than a delimiter or line break.</exception>
    public static List<CsvRecord> Read(string text, char delimiter)
    {
        var records = new List<CsvRecord>();
        var position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var line = 1;
        var field = new StringBuilder();
        while (position < text.Length)
        {
            if (IsLineBreak(text[position]))
            {
                position = SkipLineBreak(text, position);
                line++;
                continue; // A blank line.
            }

            var record = new CsvRecord(line, []);
            while (true)
            {
                record.Fields.Add(ReadField(text, delimiter, field, ref position, ref line));
                if (position >= text.Length)
                {
                    break;
                }

                if (text[position] == delimiter)
                {
                    position++;
                    continue;
                }

                position = SkipLineBreak(text, position);
                line++;
                break;
            }

            records.Add(record);
        }

        return records;
    }

    private static CsvField ReadField(string text, char delimiter, StringBuilder field, ref int position, ref int line)
    {
        if (position >= text.Length || text[position] != '"')
        {
            var start = position;
            while (position < text.Length && text[position] != delimiter && !IsLineBreak(text[position]))
            {
                position++;
            }

            return new CsvField(text[start..position], Quoted: false);
        }

        var startLine = line;
        field.Clear();
        position++;
        while (true)
        {
            if (position >= text.Length)
            {
                throw new TransformException(TransformException.Csv, $"line {startLine}: a quoted field is not closed (a quote inside a quoted field is written as two quotes, \"\").");
            }

            var c = text[position];
            if (c == '"')
            {
                if (position + 1 < text.Length && text[position + 1] == '"')
                {
                    field.Append('"');
                    position += 2;
                    continue;
                }

                position++;
                break;
            }

            if (c == '\n' || (c == '\r' && (position + 1 >= text.Length || text[position + 1] != '\n')))
            {
                line++;
            }

            field.Append(c);
            position++;
        }

        if (position < text.Length && text[position] != delimiter && !IsLineBreak(text[position]))
        {
            throw new TransformException(TransformException.Csv,
                $"line {line}: unexpected '{text[position]}' after the closing quote of a field (a quote inside a quoted field is written as two quotes, \"\").");
        }

        return new CsvField(field.ToString(), Quoted: true);
    }

    private static bool IsLineBreak(char c) => c is '\r' or '\n';

    private static int SkipLineBreak(string text, int position) =>
        text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? position + 2 : position + 1;
}

/// <summary>One CSV record.</summary>
/// <param name="Line">The line it starts on (1-based).</param>
/// <param name="Fields">Its fields.</param>
internal sealed record CsvRecord(int Line, List<CsvField> Fields);

/// <summary>One CSV field.</summary>
/// <param name="Value">The text, quotes removed.</param>
/// <param name="Quoted">Whether it was written in quotes (quoted fields are always strings).</param>
internal readonly record struct CsvField(string Value, bool Quoted);
