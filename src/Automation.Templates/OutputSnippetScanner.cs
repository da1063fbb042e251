namespace Automation.Templates;

/// <summary>Finds the <c>{{ ... }}</c> outputs in a template string, skipping tags, raw and comment blocks.</summary>
internal static class OutputSnippetScanner
{
    /// <summary>Lists the output snippets in order of appearance.</summary>
    /// <param name="text">The template string.</param>
    /// <returns>Each <c>{{ ... }}</c> snippet, delimiters included.</returns>
    public static IEnumerable<string> FindOutputs(string text)
    {
        var i = 0;
        while (i < text.Length - 1)
        {
            if (text[i] != '{' || (text[i + 1] != '{' && text[i + 1] != '%'))
            {
                i++;
                continue;
            }

            var isOutput = text[i + 1] == '{';
            var close = FindClose(text, i + 2, isOutput ? '}' : '%');
            if (close < 0)
            {
                yield break;
            }

            if (isOutput)
            {
                yield return text[i..(close + 2)];
                i = close + 2;
                continue;
            }

            var tag = TagName(text, i + 2, close);
            i = close + 2;
            if (tag is "raw" or "comment")
            {
                i = SkipBlock(text, i, "end" + tag);
            }
        }
    }

    private static int FindClose(string text, int start, char marker)
    {
        var quote = '\0';
        for (var i = start; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == marker && text[i + 1] == '}')
            {
                return i;
            }
        }

        return -1;
    }

    private static string TagName(string text, int start, int end)
    {
        var i = start;
        while (i < end && (text[i] == '-' || char.IsWhiteSpace(text[i])))
        {
            i++;
        }

        var nameStart = i;
        while (i < end && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
        {
            i++;
        }

        return text[nameStart..i];
    }

    private static int SkipBlock(string text, int start, string endTag)
    {
        var i = start;
        while (i < text.Length - 1)
        {
            var open = text.IndexOf("{%", i, StringComparison.Ordinal);
            if (open < 0)
            {
                return text.Length;
            }

            var close = text.IndexOf("%}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return text.Length;
            }

            i = close + 2;
            if (TagName(text, open + 2, close) == endTag)
            {
                return i;
            }
        }

        return text.Length;
    }
}
