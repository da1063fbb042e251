using System.Buffers.Binary;
using System.Buffers.Text;
using Automation.Persistence;

namespace Automation.Postgres.Security;

/// <summary>The position after the last record of an audit page: base64url of a format byte and the record's id (big-endian).</summary>
/// <param name="Id">The last record's id; the next page holds lower ids.</param>
internal readonly record struct AuditCursor(long Id)
{
    private const byte Format = 1;
    private const int Length = 1 + sizeof(long);

    /// <summary>Encodes the cursor for <see cref="Automation.Security.AuditPage.NextCursor"/>.</summary>
    /// <returns>The opaque cursor text.</returns>
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(bytes[1..], Id);
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>Decodes a cursor produced by <see cref="Encode"/>.</summary>
    /// <param name="text">The cursor text.</param>
    /// <returns>The position.</returns>
    /// <exception cref="InvalidCursorException">The text is not a cursor of the audit log.</exception>
    public static AuditCursor Decode(string text)
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

        if (bytes.Length != Length || bytes[0] != Format)
        {
            throw new InvalidCursorException("The cursor has an unknown format.");
        }

        var id = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        return id > 0 ? new AuditCursor(id) : throw new InvalidCursorException("The cursor holds an impossible position.");
    }
}
