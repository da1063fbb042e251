using Automation.Secrets;

namespace Automation.Persistence;

/// <summary>One secret as stored: its metadata and its encrypted value.</summary>
/// <param name="Metadata">Name, version, key id and times.</param>
/// <param name="Value">The encrypted value.</param>
public sealed record StoredSecret(SecretMetadata Metadata, EncryptedSecret Value);
