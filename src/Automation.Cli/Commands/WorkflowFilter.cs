using System.CommandLine;
using System.Text.Json.Nodes;

namespace Automation.Cli.Commands;

/// <summary>The filters of the workflow list, shared by <c>workflow list</c> and the batch commands.</summary>
internal sealed class WorkflowFilter
{
    /// <summary>Status.</summary>
    public Option<string?> Status { get; } = new("--status", "-s") { Description = "Running, Paused, Completed, Failed, Cancelled, TimedOut or Terminated." };

    /// <summary>Definition name.</summary>
    public Option<string?> Definition { get; } = new("--definition", "-d") { Description = "An exact definition name." };

    /// <summary>Created at or after.</summary>
    public Option<string?> From { get; } = new("--from") { Description = "Created at or after (ISO 8601, UTC when no offset)." };

    /// <summary>Created before.</summary>
    public Option<string?> To { get; } = new("--to") { Description = "Created before (ISO 8601)." };

    /// <summary>Who started it.</summary>
    public Option<string?> StartedBy { get; } = new("--started-by") { Description = "A username or apikey:ID." };

    /// <summary>Tags that must all match.</summary>
    public Option<string[]> Tag { get; } = new("--tag", "-t") { Description = "A tag the workflow has; repeat to require several." };

    /// <summary>Id prefix.</summary>
    public Option<string?> IdPrefix { get; } = new("--id-prefix") { Description = "Workflows whose id starts with this text." };

    /// <summary>Parent workflow.</summary>
    public Option<string?> Parent { get; } = new("--parent") { Description = "Only the child workflows of this workflow." };

    /// <summary>The options.</summary>
    public Option[] Options => [Status, Definition, From, To, StartedBy, Tag, IdPrefix, Parent];

    /// <summary>The filter as query parameters of <c>GET /api/v1/workflows</c>.</summary>
    /// <param name="parse">The parsed command line.</param>
    public IEnumerable<KeyValuePair<string, string?>> Query(ParseResult parse)
    {
        yield return new("status", parse.GetValue(Status));
        yield return new("definition", parse.GetValue(Definition));
        yield return new("from", parse.GetValue(From));
        yield return new("to", parse.GetValue(To));
        yield return new("startedBy", parse.GetValue(StartedBy));
        foreach (var tag in parse.GetValue(Tag) ?? [])
        {
            yield return new("tag", tag);
        }

        yield return new("idPrefix", parse.GetValue(IdPrefix));
        yield return new("parentId", parse.GetValue(Parent));
    }

    /// <summary>The filter as the body of a batch operation's <c>filter</c>.</summary>
    /// <param name="parse">The parsed command line.</param>
    public JsonObject Body(ParseResult parse)
    {
        var filter = new JsonObject();
        foreach (var (name, value) in Query(parse))
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (name == "tag")
            {
                if (filter["tag"] is not JsonArray tags)
                {
                    tags = [];
                    filter["tag"] = tags;
                }

                tags.Add(value);
            }
            else
            {
                filter[name] = value;
            }
        }

        return filter;
    }
}
