namespace Automation.Postgres;

/// <summary>How a grain's key is stored in the ADO.NET grain storage table (see <see cref="StorageKey"/>).</summary>
internal enum StorageKeyKind
{
    /// <summary>A string key: the whole key is the extension column.</summary>
    String,

    /// <summary>A GUID key (with an optional extension).</summary>
    Guid,

    /// <summary>An integer key (with an optional extension).</summary>
    Integer,
}
