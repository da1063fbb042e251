using System.Net;
using System.Net.Sockets;

namespace Automation.Grains.Outbound;

/// <summary>
/// Opens user-directed TCP connections under the <see cref="OutboundAddressPolicy"/>: it resolves the host itself,
/// drops refused addresses and connects to an allowed one, so the address checked is the address dialled (a DNS answer
/// that changes between a check and the connect cannot dodge it). The http clients use it as their
/// <see cref="SocketsHttpHandler.ConnectCallback"/>; tcp probes and SMTP connect through <see cref="ConnectAsync"/>.
/// </summary>
/// <param name="policy">The policy.</param>
public sealed class OutboundConnector(OutboundAddressPolicy policy)
{
    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/>.</summary>
    /// <param name="host">A host name or an address literal.</param>
    /// <param name="port">The port.</param>
    /// <param name="cancellationToken">Stops it.</param>
    /// <returns>The connected socket; the caller owns it.</returns>
    /// <exception cref="OutboundAddressRefusedException">Every address of the host is refused.</exception>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        var literal = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        var addresses = IPAddress.TryParse(literal, out var ip)
            ? [ip]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var allowed = new List<IPAddress>(addresses.Length);
        string? refusal = null;
        foreach (var address in addresses)
        {
            if (policy.Refusal(host, address) is { } reason)
            {
                refusal ??= reason;
            }
            else
            {
                allowed.Add(address);
            }
        }

        if (allowed.Count == 0)
        {
            throw new OutboundAddressRefusedException(refusal ?? $"host {host} has no address.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync([.. allowed], port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of the outbound http clients.</summary>
    /// <param name="context">The host and port the request goes to.</param>
    /// <param name="cancellationToken">Stops it.</param>
    /// <returns>A stream over the connected socket.</returns>
    public async ValueTask<Stream> ConnectCallbackAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var socket = await ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
        return new NetworkStream(socket, ownsSocket: true);
    }

    /// <summary>
    /// A handler for an outbound named client: connections through <see cref="ConnectCallbackAsync"/>, no proxy (a proxy
    /// would be the address checked, not the target), pooled connections renewed every two minutes.
    /// </summary>
    /// <param name="followRedirects">Whether 3xx answers are followed (each hop connects through the policy again).</param>
    /// <returns>The handler.</returns>
    public SocketsHttpHandler CreateHandler(bool followRedirects) => new()
    {
        AllowAutoRedirect = followRedirects,
        UseProxy = false,
        ConnectCallback = ConnectCallbackAsync,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        MaxResponseDrainSize = 1 << 20,
    };
}
