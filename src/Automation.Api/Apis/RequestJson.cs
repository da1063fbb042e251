using System.Buffers;
using System.Text.Json;
using Automation.Api.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary>Reads a JSON request body with a size limit, turning every client mistake into a problem response.</summary>
internal static class RequestJson
{
    /// <summary>Reads the body: the JSON, or the problem to send (400 malformed/empty, 413 too large, 415 wrong type).</summary>
    /// <param name="http">The request.</param>
    /// <param name="allowEmpty">Whether an empty body is accepted.</param>
    /// <param name="sensitive">The body holds a secret: a malformed body's message gives the position only, never the parser's text (which can quote it).</param>
    public static async Task<JsonBody> ReadAsync(HttpContext http, bool allowEmpty = false, bool sensitive = false)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        var request = http.Request;
        if (request.ContentLength > limit)
        {
            return new(default, Rejected: TooLarge(limit));
        }

        if (request.ContentLength is > 0 && request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new(default, Rejected: TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: $"Send the body as application/json, not '{type}'."));
        }

        // One pooled buffer per request, sized by Content-Length when the client sends it (the usual case): no 16 KiB
        // chunk and no growing MemoryStream per request (the start request is the API's hot path).
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Clamp((request.ContentLength ?? 0) + 1, 256, Math.Max(256, Math.Min(limit + 1, 1 << 20))));
        try
        {
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    return new(default, Rejected: TooLarge(limit));
                }

                if (length == buffer.Length)
                {
                    var larger = pool.Rent((int)Math.Min((long)buffer.Length * 2, Math.Max(limit + 1, buffer.Length + 1L)));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer, clearArray: sensitive);
                    buffer = larger;
                }
            }

            if (length == 0)
            {
                return allowEmpty
                    ? new(default)
                    : new(default, Problems.Validation("$", "The request body is empty; send a JSON document."));
            }

            return Parse(buffer.AsMemory(0, length), sensitive);
        }
        finally
        {
            pool.Return(buffer, clearArray: sensitive);
        }
    }

    private static JsonBody Parse(ReadOnlyMemory<byte> body, bool sensitive)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return MayHoldUnreadableText(body.Span) && UnpairedSurrogateAt(document.RootElement) is { } path
                ? new(default, Problems.Validation(path, "Holds an unpaired UTF-16 surrogate (such as \\ud800 alone); send valid Unicode text."))
                : new(document.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            var message = sensitive
                ? $"Malformed JSON{where}."
                : $"Malformed JSON{where}: {ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd()}";
            return new(default, Problems.Validation(ex.Path ?? "$", message), Syntax: SyntaxErrorAt(body.Span, ex, message));
        }
    }

    /// <summary>
    /// Whether a string of the body may fail to read as text: the body is not valid UTF-8 (the parser does not check the
    /// bytes inside strings; reading them later throws), or it holds a <c>\u</c> escape of a surrogate
    /// (<c>\uD800</c>–<c>\uDFFF</c>), which may be unpaired. Most bodies are neither, and the walk over every string is
    /// skipped; a false positive (a surrogate pair, an escaped backslash before "ud8") only costs the walk.
    /// </summary>
    private static bool MayHoldUnreadableText(ReadOnlySpan<byte> body) =>
        !System.Text.Unicode.Utf8.IsValid(body) || MayHoldEscapedSurrogate(body);

    private static bool MayHoldEscapedSurrogate(ReadOnlySpan<byte> body)
    {
        var rest = body;
        while (rest.IndexOf("\\u"u8) is var at and >= 0)
        {
            rest = rest[(at + 2)..];
            if (rest.Length > 0 && (rest[0] | 0x20) == 'd')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads the body as a <typeparamref name="T"/> object: unknown properties, missing required ones and wrong types
    /// are 400s naming the field.
    /// </summary>
    public static async Task<TypedBody<T>> ReadAsync<T>(HttpContext http)
        where T : class
    {
        var body = await ReadAsync(http);
        if (body.Invalid is not null || body.Rejected is not null)
        {
            return new(null, body.Invalid, body.Rejected);
        }

        if (body.Value.ValueKind != JsonValueKind.Object)
        {
            return new(null, Problems.Validation("$", "The body must be a JSON object."));
        }

        try
        {
            var value = body.Value.Deserialize<T>(Strict);
            return value is null ? new(null, Problems.Validation("$", "The body must be a JSON object.")) : new(value);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown property."
                : ex.Message.Contains("missing required", StringComparison.Ordinal) ? "Required properties are missing: " + MissingProperties(ex.Message) + "."
                : ex.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "Must not be null."
                : "Wrong type for this property.";
            return new(null, Problems.Validation(ex.Path ?? "$", reason));
        }
    }

    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    /// <summary>
    /// The JSON path of the first string or property name holding an escaped unpaired surrogate ("\ud800"), or null.
    /// The parser accepts such escapes, but the text cannot be read or written as UTF-8 later (a 500 when the body is
    /// passed on to a grain), so it is refused here as a client mistake.
    /// </summary>
    private static string? UnpairedSurrogateAt(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsReadable(() => element.GetString()) ? null : "$";
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnpairedSurrogateAt(item) is { } path)
                    {
                        return $"$[{index}]{path[1..]}";
                    }

                    index++;
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsReadable(() => property.Name))
                    {
                        return "$";
                    }

                    if (UnpairedSurrogateAt(property.Value) is { } path)
                    {
                        return $"$.{property.Name}{path[1..]}";
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>The line and UTF-16 column of a parse error (the exception counts bytes in the line).</summary>
    private static JsonSyntaxError? SyntaxErrorAt(ReadOnlySpan<byte> body, JsonException ex, string message)
    {
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } bytes)
        {
            return null;
        }

        var start = 0;
        for (var seen = 0L; seen < line && start < body.Length; seen++)
        {
            var next = body[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        var length = (int)Math.Min(bytes, body.Length - start);
        var column = System.Text.Encoding.UTF8.GetCharCount(body.Slice(start, length)) + 1;
        return new JsonSyntaxError((int)line + 1, column, message);
    }

    private static bool IsReadable(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string MissingProperties(string message)
    {
        // "... was missing required properties including: 'username', 'password'."
        var at = message.IndexOf("including:", StringComparison.Ordinal);
        return at < 0 ? "see the API document" : message[(at + 10)..].Trim().TrimEnd('.');
    }

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
            detail: $"The body exceeds the limit of {limit} bytes (setting {ApiOptions.SectionName}:MaxRequestBodyBytes).");
}
