using System.Buffers.Binary;
using System.Buffers.Text;
using System.Text;

using Automation.Persistence;

namespace Automation.Postgres;

/// <summary>The position after the last row of a page: base64url of a format byte, the UTC ticks of <c>created_at</c> and the UTF-8 workflow id.</summary>
/// <param name="CreatedAt">The last row's creation instant (UTC).</param>
/// <param name="WorkflowId">The last row's workflow id.</param>
internal readonly record struct WorkflowCursor(DateTime CreatedAt, string WorkflowId)
{
    private const byte Format = 1;
    private const int HeaderLength = 1 + sizeof(long);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Encodes the cursor for <see cref="WorkflowPage.NextCursor"/>.</summary>
    /// <returns>The opaque cursor text.</returns>
    public string Encode()
    {
        var id = Encoding.UTF8.GetBytes(WorkflowId);
        var bytes = new byte[HeaderLength + id.Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), CreatedAt.Ticks);
        id.CopyTo(bytes, HeaderLength);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a cursor produced by <see cref="Encode"/>.</summary>
    /// <param name="text">The cursor text.</param>
    /// <returns>The position.</returns>
    /// <exception cref="InvalidCursorException">The text is not a cursor this index produced.</exception>
    public static WorkflowCursor Decode(string text)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException ex)
        {
            throw new InvalidCursorException($"The cursor is not valid base64url: {ex.Message}");
        }

        if (bytes.Length <= HeaderLength || bytes[0] != Format)
        {
            throw new InvalidCursorException("The cursor has an unknown format.");
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            throw new InvalidCursorException("The cursor holds an impossible timestamp.");
        }

        try
        {
            return new WorkflowCursor(new DateTime(ticks, DateTimeKind.Utc), StrictUtf8.GetString(bytes, HeaderLength, bytes.Length - HeaderLength));
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidCursorException("The cursor holds an invalid workflow id.");
        }
    }
}
