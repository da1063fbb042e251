using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Automation.Engine.Execution;
using Automation.Grains.Outbound;
using Automation.Notifications;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Automation.Grains.Handlers;

/// <summary>Email channels: one SMTP submission per attempt through MailKit.</summary>
internal sealed partial class NotifyStepHandler
{
    /// <summary>
    /// Builds the message (text part, optional HTML part, attachments) and submits it. SMTP 4xx replies and connection
    /// failures are retryable; 5xx replies and authentication failures are not.
    /// </summary>
    private async Task<StepResult> SendEmailAsync(
        StepContext context, ChannelMetadata channel, Dictionary<string, string> secrets, string? subject, string? body, string? html, CancellationToken cancellationToken)
    {
        var settings = channel.Settings;
        var host = settings.GetProperty("host").GetString()!;
        var port = settings.GetProperty("port").GetInt32();
        var recipients = ReadAddresses(context.With.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array ? to : settings.GetProperty("to"));
        if (recipients.Count == 0)
        {
            return StepResult.Failure("invalid-input", $"Channel '{channel.Name}' has no default recipients: give the step's with.to.", retryable: false);
        }

        MimeMessage message;
        try
        {
            message = BuildMessage(context, settings.GetProperty("from").GetString()!, recipients, subject, body, html);
        }
        catch (ParseException ex)
        {
            return StepResult.Failure("invalid-input", $"Channel '{channel.Name}': an address does not parse: {ex.Message}", retryable: false);
        }

        using var smtp = new SmtpClient();
        try
        {
            // The socket is opened under the outbound address policy (ADR 0019); MailKit speaks SMTP (and TLS) over it.
            var socket = await connector.ConnectAsync(host, port, cancellationToken);
            try
            {
                await smtp.ConnectAsync(socket, host, port, Security(settings, port), cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            if (settings.TryGetProperty("username", out var user) && user.ValueKind == JsonValueKind.String)
            {
                await smtp.AuthenticateAsync(user.GetString()!, secrets.GetValueOrDefault("password") ?? "", cancellationToken);
            }

            await smtp.SendAsync(message, cancellationToken);
            try
            {
                await smtp.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The server accepted the message: a failed QUIT must not make the attempt fail and send it twice.
            }
        }
        catch (OutboundAddressRefusedException ex)
        {
            return StepResult.Failure(OutboundAddressRefusedException.ErrorType, $"Channel '{channel.Name}': SMTP {host}:{port} refused: {ex.Message}", retryable: false);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            return StepResult.Failure($"notify.smtp-{code}", $"Channel '{channel.Name}': SMTP {host}:{port} answered {code}: {ex.Message}", retryable: code is >= 400 and < 500);
        }
        catch (AuthenticationException ex)
        {
            return StepResult.Failure("notify.smtp-auth", $"Channel '{channel.Name}': SMTP {host}:{port} refused the credentials: {ex.Message}", retryable: false);
        }
        catch (Exception ex) when (ex is SslHandshakeException or NotSupportedException)
        {
            // An untrusted certificate, or a server without the STARTTLS/AUTH that the channel needs: the next attempt
            // meets the same server.
            return StepResult.Failure("notify.smtp-tls", $"Channel '{channel.Name}': SMTP {host}:{port} cannot be used securely: {ex.Message}", retryable: false);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException)
        {
            return StepResult.Failure("connection", $"Channel '{channel.Name}': SMTP {host}:{port} failed: {ex.Message}", retryable: true);
        }

        return StepResult.Success(JsonSerializer.SerializeToElement(new { channel = channel.Name, type = channel.Type, recipients = recipients.Count }));
    }

    private MimeMessage BuildMessage(StepContext context, string from, List<string> recipients, string? subject, string? body, string? html)
    {
        var message = new MimeMessage { Subject = subject ?? "", Date = time.GetUtcNow() };
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        // One message id per attempt, derived from the idempotency key, so a receiver can spot a re-sent attempt.
        message.MessageId = $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(context.IdempotencyKey)))[..32]}@automation";
        message.Headers.Add("Idempotency-Key", context.IdempotencyKey);
        var builder = new BodyBuilder { TextBody = body ?? "" };
        if (html is not null)
        {
            builder.HtmlBody = html;
        }

        if (context.With.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                var content = attachment.GetProperty("content");
                var bytes = Encoding.UTF8.GetBytes(content.ValueKind == JsonValueKind.String ? content.GetString()! : content.GetRawText());
                var type = attachment.TryGetProperty("contentType", out var t) && t.ValueKind == JsonValueKind.String
                    ? ContentType.Parse(t.GetString()!)
                    : ContentType.Parse(content.ValueKind == JsonValueKind.String ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
                // Base64 keeps the bytes exactly: a text part in 7bit or quoted-printable gets CRLF line ends in transit.
                var part = (MimePart)builder.Attachments.Add(attachment.GetProperty("name").GetString()!, bytes, type);
                part.ContentTransferEncoding = ContentEncoding.Base64;
            }
        }

        message.Body = builder.ToMessageBody();
        return message;
    }

    private static List<string> ReadAddresses(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)]
            : [];

    /// <summary>
    /// The TLS mode. With a username, <c>auto</c> requires TLS (implicit on 465, STARTTLS otherwise): MailKit's
    /// opportunistic mode would send the password in clear to a server (or an attacker) that does not offer STARTTLS.
    /// Only an explicit <c>none</c> allows a plain connection.
    /// </summary>
    private static SecureSocketOptions Security(JsonElement settings, int port) =>
        (settings.TryGetProperty("security", out var s) ? s.GetString() : null) switch
        {
            "none" => SecureSocketOptions.None,
            "starttls" => SecureSocketOptions.StartTls,
            "ssl" => SecureSocketOptions.SslOnConnect,
            _ when settings.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String =>
                port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
            _ => SecureSocketOptions.Auto,
        };
}
