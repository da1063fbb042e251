using System.Buffers.Binary;
using System.Text;

namespace Automation.System.Tests;

/// <summary>
/// One span of an OTLP <c>ExportTraceServiceRequest</c>, read with a minimal protobuf reader (only the fields the tests
/// check: resource <c>service.name</c>, scope name, trace, span and parent ids, name and string/int attributes).
/// </summary>
/// <param name="Service">The resource's <c>service.name</c>.</param>
/// <param name="Scope">The instrumentation scope (ActivitySource) name.</param>
/// <param name="TraceId">Hex trace id.</param>
/// <param name="SpanId">Hex span id.</param>
/// <param name="ParentSpanId">Hex parent span id, empty for a root.</param>
/// <param name="Name">The span name.</param>
/// <param name="Attributes">String and integer attributes, as text.</param>
internal sealed record OtlpSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>Reads every span of a request body.</summary>
    public static List<OtlpSpan> Parse(byte[] body)
    {
        var spans = new List<OtlpSpan>();
        foreach (var (field, resourceSpans) in Fields(body))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "";
            var scopes = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1)
                {
                    service = ReadAttributes(value, 1).GetValueOrDefault("service.name", "");
                }
                else if (f == 2)
                {
                    scopes.Add(value);
                }
            }

            foreach (var scopeSpans in scopes)
            {
                var scope = "";
                foreach (var (f, value) in Fields(scopeSpans))
                {
                    if (f == 1)
                    {
                        scope = Fields(value).Where(x => x.Field == 1).Select(x => Encoding.UTF8.GetString(x.Value)).FirstOrDefault() ?? "";
                    }
                    else if (f == 2)
                    {
                        spans.Add(ReadSpan(service, scope, value));
                    }
                }
            }
        }

        return spans;
    }

    private static OtlpSpan ReadSpan(string service, string scope, byte[] span)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        foreach (var (f, value) in Fields(span))
        {
            switch (f)
            {
                case 1: traceId = Convert.ToHexStringLower(value); break;
                case 2: spanId = Convert.ToHexStringLower(value); break;
                case 4: parent = Convert.ToHexStringLower(value); break;
                case 5: name = Encoding.UTF8.GetString(value); break;
            }
        }

        return new OtlpSpan(service, scope, traceId, spanId, parent, name, ReadAttributes(span, 9));
    }

    /// <summary>KeyValue attributes (field <paramref name="field"/>) with string or int values.</summary>
    private static Dictionary<string, string> ReadAttributes(byte[] message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (f, keyValue) in Fields(message))
        {
            if (f != field)
            {
                continue;
            }

            string key = "", text = "";
            foreach (var (kf, kv) in Fields(keyValue))
            {
                if (kf == 1)
                {
                    key = Encoding.UTF8.GetString(kv);
                }
                else if (kf == 2)
                {
                    foreach (var (vf, v) in Fields(kv))
                    {
                        text = vf switch
                        {
                            1 => Encoding.UTF8.GetString(v),
                            3 => BinaryPrimitives.ReadInt64LittleEndian(v).ToString(global::System.Globalization.CultureInfo.InvariantCulture),
                            _ => text,
                        };
                    }
                }
            }

            attributes[key] = text;
        }

        return attributes;
    }

    /// <summary>The fields of a protobuf message: varints as 8 little-endian bytes, fixed values as their bytes, length-delimited as their content.</summary>
    private static List<(int Field, byte[] Value)> Fields(byte[] message)
    {
        var fields = new List<(int, byte[])>();
        var i = 0;
        while (i < message.Length)
        {
            var tag = ReadVarint(message, ref i);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    var number = ReadVarint(message, ref i);
                    var bytes = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(bytes, number);
                    fields.Add((field, bytes));
                    break;
                case 1:
                    fields.Add((field, message[i..(i + 8)]));
                    i += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref i);
                    fields.Add((field, message[i..(i + length)]));
                    i += length;
                    break;
                case 5:
                    fields.Add((field, message[i..(i + 4)]));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {tag & 7} at byte {i}.");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] buffer, ref int i)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
