using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Automation.Api.Tests;

/// <summary>
/// A real SMTP server (the SmtpServer package) on 127.0.0.1 inside the test process: it requires AUTH with one
/// user name and password (over plain TCP, as a local relay would), answers the scripted replies first (e.g. 451), and
/// keeps every accepted message parsed by MimeKit.
/// </summary>
public sealed class SmtpReceiver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SmtpReplyCode> _script = new();
    private Task _running = Task.CompletedTask;

    private SmtpReceiver(int port) => Port = port;

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Accepted messages, in arrival order.</summary>
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>Replies given to transactions, in order (250 for accepted ones).</summary>
    public ConcurrentQueue<int> Replies { get; } = new();

    /// <summary>Starts a server that accepts <paramref name="user"/> with <paramref name="password"/> only.</summary>
    /// <param name="user">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="firstReplies">Replies to the first transactions before accepting (e.g. 451, a transient failure).</param>
    /// <returns>The running server.</returns>
    public static SmtpReceiver Start(string user, string password, params SmtpReplyCode[] firstReplies)
    {
        var receiver = new SmtpReceiver(FreePort());
        foreach (var reply in firstReplies)
        {
            receiver._script.Enqueue(reply);
        }

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, receiver.Port)).AllowUnsecureAuthentication(true).AuthenticationRequired(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(receiver));
        services.Add(new DelegatingUserAuthenticator((u, p) => u == user && p == password));
        receiver._running = new SmtpServer.SmtpServer(options, services).StartAsync(receiver._stop.Token);
        return receiver;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store(SmtpReceiver receiver) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (receiver._script.TryDequeue(out var reply))
            {
                receiver.Replies.Enqueue((int)reply);
                return Task.FromResult(new SmtpResponse(reply, "scripted failure"));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            receiver.Messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            receiver.Replies.Enqueue(250);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
