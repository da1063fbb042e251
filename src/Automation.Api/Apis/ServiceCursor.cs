using System.Buffers.Text;
using System.Text;
using Automation.Api.Contracts;

namespace Automation.Api.Apis;

/// <summary>The service list's opaque cursor: the last name of the previous page, base64url-encoded.</summary>
internal static class ServiceCursor
{
    /// <summary>Encodes the last name of a page.</summary>
    /// <param name="lastName">The name.</param>
    /// <returns>The cursor.</returns>
    public static string Encode(string lastName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes("s1:" + lastName));

    /// <summary>Decodes a cursor.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <returns>The name to start after, or <see langword="null"/> when the cursor is not one of ours.</returns>
    public static string? Decode(string cursor)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith("s1:", StringComparison.Ordinal) && ResourceNames.IsServiceName(text[3..]) ? text[3..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
