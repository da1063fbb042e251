using System.Text.Json.Nodes;

namespace Automation.Cli.Output;

/// <summary>One column of a table: a header and how to read the cell from a row.</summary>
/// <param name="Header">The header, e.g. <c>STATUS</c>.</param>
/// <param name="Cell">The cell text of a row.</param>
/// <param name="IsStatus">Whether the cell is a status word to colour.</param>
internal sealed record Column(string Header, Func<JsonNode, string?> Cell, bool IsStatus = false)
{
    /// <summary>A column that shows one property (nested with dots, e.g. <c>queue.depth</c>).</summary>
    /// <param name="header">The header.</param>
    /// <param name="path">The property path.</param>
    /// <param name="isStatus">Whether it is a status word.</param>
    public static Column Of(string header, string path, bool isStatus = false) =>
        new(header, row => Json.Text(Json.At(row, path)), isStatus);
}
