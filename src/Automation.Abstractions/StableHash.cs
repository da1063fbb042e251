namespace Automation;

/// <summary>
/// A string hash every process computes alike (FNV-1a over UTF-16 code units), for placement decisions that several
/// silos must agree on; <see cref="string.GetHashCode()"/> is randomized per process.
/// </summary>
public static class StableHash
{
    /// <summary>The 32-bit FNV-1a hash of <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The hash.</returns>
    public static uint Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
