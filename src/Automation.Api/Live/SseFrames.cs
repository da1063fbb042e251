using System.Text;

namespace Automation.Api.Live;

/// <summary>
/// Server-sent events framing (WHATWG HTML, "server-sent events"): an event is <c>id:</c>, <c>event:</c> and one
/// <c>data:</c> line per line of its data, ended by a blank line; a line starting with <c>:</c> is a comment (the
/// heartbeat); <c>retry:</c> sets the client's reconnection delay. Built once per event, written to every connection.
/// </summary>
internal static class SseFrames
{
    /// <summary>The heartbeat: a comment, which keeps proxies from closing an idle stream and lets the client notice a dead one.</summary>
    public static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    /// <summary>Frames an event.</summary>
    /// <param name="id">The event id (the client's <c>Last-Event-ID</c>).</param>
    /// <param name="name">The event name; a line break in it is refused.</param>
    /// <param name="data">The data; each of its lines becomes a <c>data:</c> line.</param>
    /// <returns>The UTF-8 bytes.</returns>
    public static byte[] Event(long id, string name, string data)
    {
        if (name.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An event name cannot hold a line break.", nameof(name));
        }

        var text = new StringBuilder(data.Length + name.Length + 32);
        text.Append("id: ").Append(id).Append('\n');
        text.Append("event: ").Append(name).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        text.Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The <c>retry:</c> field alone.</summary>
    /// <param name="delay">The reconnection delay.</param>
    /// <returns>The UTF-8 bytes.</returns>
    public static byte[] Retry(TimeSpan delay) => Encoding.UTF8.GetBytes($"retry: {(long)delay.TotalMilliseconds}\n\n");
}
