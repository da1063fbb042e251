using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Automation.Cli.Output;

/// <summary>A line diff of two texts (DiffPlex), printed with <c>-</c>/<c>+</c> marks and a little context.</summary>
internal static class TextDiff
{
    /// <summary>Writes the changed lines of <paramref name="before"/> → <paramref name="after"/> with two lines of context.</summary>
    /// <param name="printer">Where to write.</param>
    /// <param name="before">The old text.</param>
    /// <param name="after">The new text.</param>
    /// <returns>Whether anything differs.</returns>
    public static bool Write(Printer printer, string before, string after)
    {
        var lines = InlineDiffBuilder.Diff(before, after, ignoreWhiteSpace: false).Lines;
        if (lines.All(l => l.Type == ChangeType.Unchanged))
        {
            return false;
        }

        const int context = 2;
        var show = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type == ChangeType.Unchanged)
            {
                continue;
            }

            for (var j = Math.Max(0, i - context); j <= Math.Min(lines.Count - 1, i + context); j++)
            {
                show[j] = true;
            }
        }

        var skipped = false;
        for (var i = 0; i < lines.Count; i++)
        {
            if (!show[i])
            {
                skipped = true;
                continue;
            }

            if (skipped)
            {
                printer.Messages.WriteLine(printer.Terminal.Paint("36", "  @@"));
                skipped = false;
            }

            var line = lines[i];
            printer.Messages.WriteLine(line.Type switch
            {
                ChangeType.Deleted => printer.Terminal.Paint("31", "  - " + line.Text),
                ChangeType.Inserted => printer.Terminal.Paint("32", "  + " + line.Text),
                _ => "    " + line.Text,
            });
        }

        return true;
    }
}
