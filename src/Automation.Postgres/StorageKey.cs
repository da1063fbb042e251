using System.Globalization;
using System.Text;

namespace Automation.Postgres;

/// <summary>
/// A grain's key in the ADO.NET grain storage table, split as Orleans.Persistence.AdoNet 10 splits it (its internal
/// <c>AdoGrainKey</c>): a GUID key into two longs, an integer key into the second, a string key as the extension, and
/// the bytes its hash is taken over. A test writes through both and reads back through the other, so a provider
/// upgrade that changed this would fail there.
/// </summary>
internal sealed record StorageKey(long N0, long N1, string? Extension, StorageKeyKind Kind)
{
    /// <summary>The key of <paramref name="grainId"/>.</summary>
    public static StorageKey Of(GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            var bytes = guid.ToByteArray();
            return new StorageKey(BitConverter.ToInt64(bytes, 0), BitConverter.ToInt64(bytes, 8), guidExtension, StorageKeyKind.Guid);
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new StorageKey(0, integer, integerExtension, StorageKeyKind.Integer);
        }

        return new StorageKey(0, 0, grainId.Key.ToString(), StorageKeyKind.String);
    }

    /// <summary>The bytes the grain-id hash is computed over: the key's bytes then the extension's UTF-8, reversed on little-endian machines.</summary>
    public byte[] HashBytes()
    {
        byte[]? bytes = Kind switch
        {
            StorageKeyKind.Integer => BitConverter.GetBytes(N1),
            StorageKeyKind.Guid => GuidOf(N0, N1).ToByteArray(),
            _ => null,
        };

        if (bytes is not null && Extension is not null)
        {
            bytes = [.. bytes, .. Encoding.UTF8.GetBytes(Extension)];
        }

        bytes ??= Encoding.UTF8.GetBytes(Extension!);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(bytes);
        }

        return bytes;
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        StorageKeyKind.Integer => N1.ToString(CultureInfo.InvariantCulture) + (Extension is null ? "" : "#" + Extension),
        StorageKeyKind.Guid => GuidOf(N0, N1) + (Extension is null ? "" : "#" + Extension),
        _ => Extension!,
    };

    private static Guid GuidOf(long n0, long n1) =>
        new((uint)(n0 & 0xffffffff), (ushort)(n0 >> 32), (ushort)(n0 >> 48), (byte)n1, (byte)(n1 >> 8), (byte)(n1 >> 16),
            (byte)(n1 >> 24), (byte)(n1 >> 32), (byte)(n1 >> 40), (byte)(n1 >> 48), (byte)(n1 >> 56));
}
